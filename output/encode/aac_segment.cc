// AAC segments: narrate's own packet files, joined into one MP4 without
// encoding again. Part of narrate-aac.so.
//
// A segment file, little-endian:
//   "NRTAACSG"  u32 version (1)  u32 rate_hz  u32 bitrate_kbps
//   u64 samples (all ones until Flush finished the file)
//   u32 size + the AudioSpecificConfig (the codec's extradata)
//   then per packet: u32 size + the raw AAC frame.
// Packet n (from 0) decodes to the written samples [1024 n, 1024 (n + 1)):
// the encoder's priming packet (pts -1024) codes the 1024 samples before the
// first, silence, and is left out, as is its last packet (pts = samples),
// which codes the silence after the last. An AAC frame's window spans its own
// 1024 samples and the next 1024; since a segment's first and last 1024
// samples are silent, its first kept packet overlaps only the previous
// segment's (silent) last frame, and segments decode alone exactly as joined.
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

#include "output/encode/aac_internal.h"

namespace narrate::encode {
namespace {

constexpr char kMagic[8] = {'N', 'R', 'T', 'A', 'A', 'C', 'S', 'G'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint64_t kUnfinished = std::numeric_limits<std::uint64_t>::max();
constexpr long kSamplesOffset = 8 + 4 + 4 + 4;
constexpr std::uint32_t kMaxExtradataBytes = 64;
constexpr std::uint32_t kMaxPacketBytes = 1 << 16;

std::string ErrnoText() { return std::strerror(errno); }

struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileClose>;

template <typename T>
bool PutLe(std::FILE* f, T value) {
  std::array<unsigned char, sizeof(T)> bytes;
  for (std::size_t i = 0; i < sizeof(T); ++i) bytes[i] = static_cast<unsigned char>(value >> 8 * i);
  return std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
}

template <typename T>
bool GetLe(std::FILE* f, T* value) {
  std::array<unsigned char, sizeof(T)> bytes;
  if (std::fread(bytes.data(), 1, bytes.size(), f) != bytes.size()) return false;
  *value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) *value |= static_cast<T>(bytes[i]) << 8 * i;
  return true;
}

struct SegmentHeader {
  std::uint32_t rate_hz = 0;
  std::uint32_t bitrate_kbps = 0;
  std::uint64_t samples = 0;
  std::string extradata;
};

// False when the file is not a finished segment.
bool ReadHeader(std::FILE* f, SegmentHeader* header) {
  char magic[sizeof(kMagic)];
  std::uint32_t version = 0, extradata_bytes = 0;
  if (std::fread(magic, 1, sizeof(magic), f) != sizeof(magic) ||
      std::memcmp(magic, kMagic, sizeof(kMagic)) != 0 || !GetLe(f, &version) ||
      version != kVersion || !GetLe(f, &header->rate_hz) || !GetLe(f, &header->bitrate_kbps) ||
      !GetLe(f, &header->samples) || header->samples == kUnfinished ||
      header->samples % kAacFrameSamples != 0 || !GetLe(f, &extradata_bytes) ||
      extradata_bytes > kMaxExtradataBytes) {
    return false;
  }
  header->extradata.resize(extradata_bytes);
  return std::fread(header->extradata.data(), 1, extradata_bytes, f) == extradata_bytes;
}

class SegmentEncoder final : public AudioEncoder {
 public:
  static Result<std::unique_ptr<AudioEncoder>> Open(const std::string& path, int rate_hz,
                                                    int bitrate_kbps) {
    std::unique_ptr<SegmentEncoder> encoder(new SegmentEncoder(path));
    SegmentEncoder* raw = encoder.get();
    auto codec = aac::AacCodec::Open(path, rate_hz, bitrate_kbps,
                                     [raw](AVPacket* packet) { return raw->Keep(*packet); });
    if (!codec.ok()) return codec.status();
    encoder->codec_ = std::move(*codec);
    encoder->file_.reset(std::fopen(path.c_str(), "wb"));
    if (!encoder->file_) return Status::Io(path + ": cannot create: " + ErrnoText());
    NARRATE_RETURN_IF_ERROR(encoder->WriteHeader(rate_hz, bitrate_kbps));
    return std::unique_ptr<AudioEncoder>(std::move(encoder));
  }

  Status Write(std::span<const std::int16_t> samples) override { return codec_->Push(samples); }
  Status WriteFloat(std::span<const float> samples) override { return codec_->Push(samples); }
  Status Flush() override;
  std::int64_t samples_written() const override { return codec_->samples(); }

 private:
  explicit SegmentEncoder(std::string path) : path_(std::move(path)) {}
  Status WriteHeader(int rate_hz, int bitrate_kbps);
  Status Keep(const AVPacket& packet);
  Status CheckEdges() const;
  Status Failed() const { return Status::Io(path_ + ": " + ErrnoText()); }

  std::string path_;
  FilePtr file_;
  std::unique_ptr<aac::AacCodec> codec_;
  std::int64_t packets_ = 0;
};

Status SegmentEncoder::WriteHeader(int rate_hz, int bitrate_kbps) {
  const AVCodecContext* c = codec_->context();
  std::FILE* f = file_.get();
  if (std::fwrite(kMagic, 1, sizeof(kMagic), f) != sizeof(kMagic) || !PutLe(f, kVersion) ||
      !PutLe(f, static_cast<std::uint32_t>(rate_hz)) ||
      !PutLe(f, static_cast<std::uint32_t>(bitrate_kbps)) || !PutLe(f, kUnfinished) ||
      !PutLe(f, static_cast<std::uint32_t>(c->extradata_size)) ||
      std::fwrite(c->extradata, 1, c->extradata_size, f) !=
          static_cast<std::size_t>(c->extradata_size)) {
    return Failed();
  }
  return Status::Ok();
}

// Keeps the packets that decode to written samples (see the file comment).
Status SegmentEncoder::Keep(const AVPacket& packet) {
  if (packet.pts < 0 || packet.pts >= codec_->samples()) return Status::Ok();
  if (packet.pts != packets_ * kAacFrameSamples) {
    return Status::Internal(path_ + ": aac packet at " + std::to_string(packet.pts) + " where " +
                            std::to_string(packets_ * kAacFrameSamples) + " was expected");
  }
  ++packets_;
  const auto size = static_cast<std::size_t>(packet.size);
  if (!PutLe(file_.get(), static_cast<std::uint32_t>(size)) ||
      std::fwrite(packet.data, 1, size, file_.get()) != size) {
    return Failed();
  }
  return Status::Ok();
}

Status SegmentEncoder::CheckEdges() const {
  const std::int64_t samples = codec_->samples();
  if (samples % kAacFrameSamples != 0) {
    return Status::InvalidInput(path_ + ": an AAC segment holds a multiple of 1024 samples, not " +
                                std::to_string(samples));
  }
  if (samples > 0 && !(codec_->first_frame_silent() && codec_->last_frame_silent())) {
    return Status::InvalidInput(path_ +
                                ": an AAC segment starts and ends with 1024 samples of silence");
  }
  return Status::Ok();
}

Status SegmentEncoder::Flush() {
  NARRATE_RETURN_IF_ERROR(CheckEdges());
  NARRATE_RETURN_IF_ERROR(codec_->Finish());
  if (packets_ * kAacFrameSamples != codec_->samples()) {
    return Status::Internal(path_ + ": " + std::to_string(packets_) + " aac packets for " +
                            std::to_string(codec_->samples()) + " samples");
  }
  std::FILE* f = file_.get();
  if (std::fseek(f, kSamplesOffset, SEEK_SET) != 0 ||
      !PutLe(f, static_cast<std::uint64_t>(codec_->samples())) || std::fflush(f) != 0) {
    return Failed();
  }
  if (std::fclose(file_.release()) != 0) return Failed();
  return Status::Ok();
}

// One segment file open for reading, header read.
struct SegmentFile {
  FilePtr file;
  SegmentHeader header;
};

Result<SegmentFile> OpenSegment(const std::string& path) {
  SegmentFile segment;
  segment.file.reset(std::fopen(path.c_str(), "rb"));
  if (!segment.file) return Status::Io(path + ": cannot open: " + ErrnoText());
  if (!ReadHeader(segment.file.get(), &segment.header)) {
    return Status::InvalidInput(path + ": not a finished AAC segment");
  }
  return segment;
}

// The packet at the file's position into *packet; false at the end.
Result<bool> ReadPacket(const std::string& path, std::FILE* f, AVPacket* packet) {
  std::uint32_t size = 0;
  if (!GetLe(f, &size)) {
    if (std::feof(f)) return false;
    return Status::Io(path + ": " + ErrnoText());
  }
  if (size == 0 || size > kMaxPacketBytes) {
    return Status::InvalidInput(path + ": bad AAC packet size " + std::to_string(size));
  }
  if (int e = av_new_packet(packet, static_cast<int>(size)); e < 0) {
    return aac::AvFailure(path, "packet", e);
  }
  if (std::fread(packet->data, 1, size, f) != size) {
    return Status::InvalidInput(path + ": truncated AAC packet");
  }
  return true;
}

// What the first segment sets and every other must match.
Status SameFormat(const std::string& path, const SegmentHeader& a, const SegmentHeader& b) {
  if (a.rate_hz != b.rate_hz || a.bitrate_kbps != b.bitrate_kbps || a.extradata != b.extradata) {
    return Status::InvalidInput(
        path + ": AAC segment of another rate or bitrate (" + std::to_string(b.rate_hz) + " Hz, " +
        std::to_string(b.bitrate_kbps) + " kbps; the first has " + std::to_string(a.rate_hz) +
        " Hz, " + std::to_string(a.bitrate_kbps) + " kbps)");
  }
  return Status::Ok();
}

// The first segment's header; the timeline's length into *timeline_samples.
Result<SegmentHeader> CheckSegments(const std::vector<std::string>& paths,
                                    std::int64_t* timeline_samples) {
  if (paths.empty()) return Status::InvalidInput("no AAC segments to join");
  SegmentHeader first;
  *timeline_samples = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    Result<SegmentFile> segment = OpenSegment(paths[i]);
    if (!segment.ok()) return segment.status();
    if (i == 0) first = segment->header;
    NARRATE_RETURN_IF_ERROR(SameFormat(paths[i], first, segment->header));
    *timeline_samples += static_cast<std::int64_t>(segment->header.samples);
  }
  return first;
}

// The stream the segments' packets belong to.
Status FillAudioParameters(const SegmentHeader& header, AVCodecParameters* audio) {
  audio->codec_type = AVMEDIA_TYPE_AUDIO;
  audio->codec_id = AV_CODEC_ID_AAC;
  audio->profile = FF_PROFILE_AAC_LOW;
  audio->sample_rate = static_cast<int>(header.rate_hz);
  audio->bit_rate = static_cast<std::int64_t>(header.bitrate_kbps) * 1000;
  audio->frame_size = kAacFrameSamples;
  av_channel_layout_default(&audio->ch_layout, 1);
  const std::size_t bytes = header.extradata.size();
  audio->extradata = static_cast<std::uint8_t*>(av_mallocz(bytes + AV_INPUT_BUFFER_PADDING_SIZE));
  if (audio->extradata == nullptr) return Status::Internal("out of memory");
  std::memcpy(audio->extradata, header.extradata.data(), bytes);
  audio->extradata_size = static_cast<int>(bytes);
  return Status::Ok();
}

// Muxes the segments' packets at timeline positions [skip, skip + samples).
class SegmentJoin {
 public:
  SegmentJoin(aac::Mp4Muxer* muxer, AVPacket* packet, std::int64_t skip, std::int64_t samples)
      : muxer_(muxer), packet_(packet), skip_(skip), end_(skip + samples) {}

  // Returns false once the presented end is reached.
  Result<bool> Copy(const std::string& path) {
    Result<SegmentFile> segment = OpenSegment(path);
    if (!segment.ok()) return segment.status();
    const std::int64_t expected = static_cast<std::int64_t>(segment->header.samples);
    for (std::int64_t copied = 0;; copied += kAacFrameSamples) {
      if (next_ >= end_) return false;
      Result<bool> read = ReadPacket(path, segment->file.get(), packet_);
      if (!read.ok()) return read.status();
      if (!*read || copied >= expected) {
        NARRATE_RETURN_IF_ERROR(CheckCount(path, copied, expected, *read));
        return true;
      }
      NARRATE_RETURN_IF_ERROR(WriteNext());
    }
  }

 private:
  Status CheckCount(const std::string& path, std::int64_t copied, std::int64_t expected,
                    bool more) const {
    if (copied == expected && !more) return Status::Ok();
    return Status::InvalidInput(path + ": AAC segment of " + std::to_string(expected) +
                                " samples has " + (more ? "more" : "fewer") + " packets");
  }

  // Packets before skip stay (the decoder's preroll; the edit list hides
  // them), the last one is cut to the presented end.
  Status WriteNext() {
    packet_->pts = packet_->dts = next_ - skip_;
    packet_->duration = std::min<std::int64_t>(kAacFrameSamples, end_ - next_);
    packet_->flags |= AV_PKT_FLAG_KEY;
    next_ += kAacFrameSamples;
    Status status = muxer_->Write(packet_);
    av_packet_unref(packet_);
    return status;
  }

  aac::Mp4Muxer* muxer_;
  AVPacket* packet_;
  std::int64_t skip_;
  std::int64_t end_;
  std::int64_t next_ = 0;  // timeline position of the next packet
};

Status JoinInto(const std::vector<std::string>& paths, std::int64_t skip_samples,
                std::int64_t samples, const Mp4Tags& tags, const std::string& output_path,
                AVCodecParameters* audio) {
  std::int64_t timeline = 0;
  Result<SegmentHeader> first = CheckSegments(paths, &timeline);
  if (!first.ok()) return first.status();
  if (skip_samples < 0 || samples < 0 || skip_samples + samples > timeline) {
    return Status::InvalidInput(output_path + ": cannot present " + std::to_string(samples) +
                                " samples from " + std::to_string(skip_samples) + " of " +
                                std::to_string(timeline));
  }
  aac::PacketPtr packet(av_packet_alloc());
  Status filled = FillAudioParameters(*first, audio);
  if (!filled.ok() || !packet) return aac::AvFailure(output_path, "segments", AVERROR(ENOMEM));
  auto muxer = aac::Mp4Muxer::Open(output_path, *audio, tags, samples);
  if (!muxer.ok()) return muxer.status();
  SegmentJoin join(muxer->get(), packet.get(), skip_samples, samples);
  for (const std::string& path : paths) {
    Result<bool> more = join.Copy(path);
    if (!more.ok()) return more.status();
    if (!*more) break;
  }
  return (*muxer)->Finish();
}

}  // namespace

namespace aac {

Result<std::unique_ptr<AudioEncoder>> OpenSegmentEncoder(const std::string& path, int rate_hz,
                                                         int bitrate_kbps) {
  return SegmentEncoder::Open(path, rate_hz, bitrate_kbps);
}

Result<std::int64_t> SegmentSamples(const std::string& path) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    if (errno == ENOENT) return std::int64_t{0};
    return Status::Io(path + ": cannot open: " + ErrnoText());
  }
  SegmentHeader header;
  if (!ReadHeader(file.get(), &header)) return std::int64_t{0};
  return static_cast<std::int64_t>(header.samples);
}

Status JoinSegments(const std::vector<std::string>& segment_paths, std::int64_t skip_samples,
                    std::int64_t samples, const Mp4Tags& tags, const std::string& output_path) {
  AVCodecParameters* audio = avcodec_parameters_alloc();
  if (audio == nullptr) return Status::Internal(output_path + ": out of memory");
  Status status = JoinInto(segment_paths, skip_samples, samples, tags, output_path, audio);
  avcodec_parameters_free(&audio);
  return status;
}

}  // namespace aac
}  // namespace narrate::encode
