// AAC-LC through libavcodec's native encoder: the codec wrapper and OpenM4a
// (one encoder writing one finished MP4). Part of narrate-aac.so.
#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>
#include <utility>

#include "output/encode/aac_internal.h"

namespace narrate::encode {
namespace {

// The "fast" coder (a constant quantiser) instead of the default "twoloop"
// from this bitrate up, where FFmpeg's documentation calls it better and much
// faster; below it, twoloop as the documentation advises. Measured on 8 min
// of eSpeak at 22050 Hz: fast took 3.2-4.1 s of CPU against 8.6-26 s for
// twoloop and decoded with a higher SNR (64 kbps: 31.8 against 23.2 dB; 96:
// 41.0 against 34.2; also at 32 and 48 kbps, 20.2/25.8 against 10.3/17.1,
// but SNR is not what the ear hears at low rates).
constexpr int kFastCoderMinKbps = 64;

// FFmpeg's messages would go to stderr; failures come back as Status instead.
void QuietFfmpegLog() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_ERROR); });
}

bool RoundsToZero(float sample) { return std::fabs(sample) < 0.5f / 32768; }

class M4aEncoder final : public AudioEncoder {
 public:
  static Result<std::unique_ptr<AudioEncoder>> Open(const std::string& path, int rate_hz,
                                                    int bitrate_kbps, const Mp4Tags& tags) {
    std::unique_ptr<M4aEncoder> encoder(new M4aEncoder());
    M4aEncoder* raw = encoder.get();
    auto codec = aac::AacCodec::Open(path, rate_hz, bitrate_kbps, [raw](AVPacket* packet) {
      return raw->muxer_->Write(packet);
    });
    if (!codec.ok()) return codec.status();
    encoder->codec_ = std::move(*codec);
    auto muxer = MuxerFor(path, *encoder->codec_->context(), tags);
    if (!muxer.ok()) return muxer.status();
    encoder->muxer_ = std::move(*muxer);
    return std::unique_ptr<AudioEncoder>(std::move(encoder));
  }

  Status Write(std::span<const std::int16_t> samples) override { return codec_->Push(samples); }
  Status WriteFloat(std::span<const float> samples) override { return codec_->Push(samples); }
  Status Flush() override {
    NARRATE_RETURN_IF_ERROR(codec_->Finish());
    return muxer_->Finish();
  }
  std::int64_t samples_written() const override { return codec_->samples(); }

 private:
  M4aEncoder() = default;

  static Result<std::unique_ptr<aac::Mp4Muxer>> MuxerFor(const std::string& path,
                                                         const AVCodecContext& codec,
                                                         const Mp4Tags& tags) {
    AVCodecParameters* audio = avcodec_parameters_alloc();
    if (audio == nullptr) return aac::AvFailure(path, "codec parameters", AVERROR(ENOMEM));
    int error = avcodec_parameters_from_context(audio, &codec);
    Result<std::unique_ptr<aac::Mp4Muxer>> muxer =
        error < 0 ? Result<std::unique_ptr<aac::Mp4Muxer>>(
                        aac::AvFailure(path, "codec parameters", error))
                  : aac::Mp4Muxer::Open(path, *audio, tags, -1);
    avcodec_parameters_free(&audio);
    return muxer;
  }

  // The muxer outlives the codec's last packet: declared first, destroyed last.
  std::unique_ptr<aac::Mp4Muxer> muxer_;
  std::unique_ptr<aac::AacCodec> codec_;
};

}  // namespace

namespace aac {

std::string EncoderVersion() {
  const unsigned version = avcodec_version();
  return "Lavc" + std::to_string(AV_VERSION_MAJOR(version)) + "." +
         std::to_string(AV_VERSION_MINOR(version)) + "." +
         std::to_string(AV_VERSION_MICRO(version)) +
         " aac fast>=" + std::to_string(kFastCoderMinKbps) + "kbps";
}

Result<std::unique_ptr<AudioEncoder>> OpenM4a(const std::string& path, int rate_hz,
                                              int bitrate_kbps, const Mp4Tags& tags) {
  return M4aEncoder::Open(path, rate_hz, bitrate_kbps, tags);
}

Status AvFailure(const std::string& path, const std::string& what, int error) {
  std::array<char, AV_ERROR_MAX_STRING_SIZE> text{};
  av_strerror(error, text.data(), text.size());
  return Status::Io(path + ": " + what + ": " + text.data());
}

Result<std::unique_ptr<AacCodec>> AacCodec::Open(const std::string& path, int rate_hz,
                                                 int bitrate_kbps, PacketSink sink) {
  NARRATE_RETURN_IF_ERROR(CheckAacBitrate(rate_hz, bitrate_kbps));
  QuietFfmpegLog();
  const AVCodec* codec = avcodec_find_encoder_by_name("aac");
  if (codec == nullptr) return Status::Internal(path + ": libavcodec has no aac encoder");
  CodecContextPtr context(avcodec_alloc_context3(codec));
  FramePtr frame(av_frame_alloc());
  PacketPtr packet(av_packet_alloc());
  if (!context || !frame || !packet) return AvFailure(path, "aac encoder", AVERROR(ENOMEM));
  context->sample_fmt = AV_SAMPLE_FMT_FLTP;
  context->sample_rate = rate_hz;
  av_channel_layout_default(&context->ch_layout, 1);
  context->bit_rate = static_cast<std::int64_t>(bitrate_kbps) * 1000;
  context->time_base = AVRational{1, rate_hz};
  context->profile = FF_PROFILE_AAC_LOW;
  context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // the AudioSpecificConfig, for MP4
  AVDictionary* options = nullptr;
  if (bitrate_kbps >= kFastCoderMinKbps) av_dict_set(&options, "aac_coder", "fast", 0);
  int opened = avcodec_open2(context.get(), codec, &options);
  av_dict_free(&options);
  if (opened < 0) return AvFailure(path, "aac encoder", opened);
  frame->format = AV_SAMPLE_FMT_FLTP;
  frame->sample_rate = rate_hz;
  frame->nb_samples = context->frame_size;
  if (int e = av_channel_layout_copy(&frame->ch_layout, &context->ch_layout); e < 0) {
    return AvFailure(path, "aac frame", e);
  }
  if (int e = av_frame_get_buffer(frame.get(), 0); e < 0) return AvFailure(path, "aac frame", e);
  return std::unique_ptr<AacCodec>(
      new AacCodec(path, std::move(context), std::move(frame), std::move(packet), std::move(sink)));
}

AacCodec::AacCodec(std::string path, CodecContextPtr context, FramePtr frame, PacketPtr packet,
                   PacketSink sink)
    : path_(std::move(path)),
      context_(std::move(context)),
      frame_(std::move(frame)),
      packet_(std::move(packet)),
      sink_(std::move(sink)) {}

Status AacCodec::Push(std::span<const float> samples) {
  while (!samples.empty()) {
    if (fill_ == 0) NARRATE_RETURN_IF_ERROR(StartFrame());
    auto* out = reinterpret_cast<float*>(frame_->data[0]) + fill_;
    const std::size_t n = std::min<std::size_t>(samples.size(), context_->frame_size - fill_);
    std::copy_n(samples.begin(), n, out);
    fill_ += static_cast<int>(n);
    samples = samples.subspan(n);
    if (fill_ == context_->frame_size) NARRATE_RETURN_IF_ERROR(SendFrame());
  }
  return Status::Ok();
}

Status AacCodec::Push(std::span<const std::int16_t> samples) {
  std::array<float, kAacFrameSamples> chunk;
  while (!samples.empty()) {
    const std::size_t n = std::min(samples.size(), chunk.size());
    std::transform(samples.begin(), samples.begin() + n, chunk.begin(),
                   [](std::int16_t s) { return static_cast<float>(s) / 32768.0f; });
    NARRATE_RETURN_IF_ERROR(Push(std::span<const float>(chunk.data(), n)));
    samples = samples.subspan(n);
  }
  return Status::Ok();
}

Status AacCodec::Finish() {
  if (fill_ > 0) NARRATE_RETURN_IF_ERROR(SendFrame());  // a short last frame
  if (int e = avcodec_send_frame(context_.get(), nullptr); e < 0) {
    return AvFailure(path_, "aac encoder", e);
  }
  return Drain();
}

// The encoder may still hold the previous frame's buffer.
Status AacCodec::StartFrame() {
  frame_->nb_samples = context_->frame_size;
  if (int e = av_frame_make_writable(frame_.get()); e < 0) return AvFailure(path_, "aac frame", e);
  return Status::Ok();
}

Status AacCodec::SendFrame() {
  const auto* data = reinterpret_cast<const float*>(frame_->data[0]);
  const bool silent = std::all_of(data, data + fill_, RoundsToZero);
  if (sent_ == 0) first_frame_silent_ = silent;
  last_frame_silent_ = silent;
  frame_->nb_samples = fill_;
  frame_->pts = sent_;
  sent_ += fill_;
  fill_ = 0;
  if (int e = avcodec_send_frame(context_.get(), frame_.get()); e < 0) {
    return AvFailure(path_, "aac encoder", e);
  }
  return Drain();
}

Status AacCodec::Drain() {
  for (;;) {
    int e = avcodec_receive_packet(context_.get(), packet_.get());
    if (e == AVERROR(EAGAIN) || e == AVERROR_EOF) return Status::Ok();
    if (e < 0) return AvFailure(path_, "aac encoder", e);
    Status status = sink_(packet_.get());
    av_packet_unref(packet_.get());
    NARRATE_RETURN_IF_ERROR(status);
  }
}

}  // namespace aac
}  // namespace narrate::encode
