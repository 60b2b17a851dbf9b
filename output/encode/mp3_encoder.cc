// The only file in narrate that includes LAME.
#include <lame/lame.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <vector>

#include "output/encode/encoder.h"
#include "output/encode/mp3_internal.h"

namespace narrate::encode {
namespace {

// Layer III constant bit rates: MPEG-2 (16, 22.05 and 24 kHz; eSpeak's rate
// is 22.05 kHz) and MPEG-1 (32, 44.1 and 48 kHz; ACX wants 44.1 kHz).
constexpr int kMpeg2RatesKbps[] = {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
constexpr int kMpeg1RatesKbps[] = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
constexpr int kMpeg2InputRatesHz[] = {16000, 22050, 24000};
constexpr int kMpeg1InputRatesHz[] = {32000, 44100, 48000};
constexpr std::size_t kMaxChunkSamples = 8192;

// lame_init_params writes tables shared by all instances.
std::mutex g_lame_init_mutex;

std::string ErrnoText() { return std::strerror(errno); }

// Runs of exact digital zero (narrate's pauses, eSpeak's own pauses between
// sentences) are mostly not given to LAME: a cut removes whole frames from
// the middle of a run, and the stream gets that many silent frames (side
// information all zero: they decode to exact silence) where LAME's frames
// for them would have been. One LAME instance encodes everything else, so
// every sample keeps its place in the decoded stream, and a cut costs nothing
// (a fresh LAME instance per pause would cost ~0.65 ms of table set-up each,
// as much as encoding ~17 frames).
// Measured on narrate's own PCM of 40 KB of Moby-Dick (37 min, 3 chapters):
// 4.95% of the frames are silent frames, LAME's instructions (callgrind)
// -3.3% (a frame of zeros costs LAME ~70% of a speech frame), the whole
// encode -2.45%; decoded SNR, segmental SNR and log-spectral distance
// against the source within 0.01, 0.004 and 0.04 dB of LAME's alone.
//
// Why a cut is seamless: it falls where LAME's frame boundary J is (instance
// sample c with c + delay a multiple of the frame size F). With 2 F zeros
// before c and enough after it in what LAME is given, LAME's frames J, J + 1
// ... hold no audio (all-zero analysis windows, part2_3_length 0): the
// decoder's overlap and synthesis memory is zero there, so silent frames
// inserted before J only lengthen that silence; and the first frame with
// audio after them finds its bit-reservoir data (main_data_begin: at most
// 255 bytes back in MPEG-2, 511 in MPEG-1) inside those empty frames of
// LAME's, never in a silent frame.
class Mp3Encoder final : public AudioEncoder {
 public:
  Mp3Encoder(std::FILE* file, lame_global_flags* lame, std::string path)
      : file_(file), lame_(lame), path_(std::move(path)),
        mp3_(static_cast<std::size_t>(1.25 * kMaxChunkSamples) + 7200) {}
  ~Mp3Encoder() override {
    if (lame_ != nullptr) lame_close(lame_);
    if (file_ != nullptr) std::fclose(file_);
  }

  // LAME's frame size and encoder delay, and how many empty frames must
  // follow a cut (main_data_begin's reach).
  void Start(int frame_samples, int delay_samples, int empty_frames_after) {
    frame_samples_ = frame_samples;
    delay_samples_ = delay_samples;
    empty_frames_after_ = empty_frames_after;
  }

  Status Write(std::span<const std::int16_t> samples) override {
    while (!samples.empty()) {
      const std::size_t zeros = LeadingZeros(samples);
      zeros_pending_ += static_cast<std::int64_t>(zeros);
      samples_written_ += static_cast<std::int64_t>(zeros);
      samples = samples.subspan(zeros);
      const std::size_t sound = SoundLength(samples);
      if (sound == 0) continue;
      NARRATE_RETURN_IF_ERROR(SettleZeros(false));
      NARRATE_RETURN_IF_ERROR(EncodeSamples(samples.first(sound)));
      samples_written_ += static_cast<std::int64_t>(sound);
      samples = samples.subspan(sound);
    }
    return Status::Ok();
  }

  // The float path (ACX mastering: room tone, not zeros) cuts nothing.
  Status WriteFloat(std::span<const float> samples) override {
    NARRATE_RETURN_IF_ERROR(SettleZeros(false));
    while (!samples.empty()) {
      std::size_t n = std::min(samples.size(), kMaxChunkSamples);
      NARRATE_RETURN_IF_ERROR(EncodeFloatChunk(samples.first(n)));
      samples = samples.subspan(n);
    }
    return Status::Ok();
  }

  Status Flush() override {
    NARRATE_RETURN_IF_ERROR(SettleZeros(true));
    int bytes = lame_encode_flush(lame_, mp3_.data(), static_cast<int>(mp3_.size()));
    if (bytes < 0) return Status::Error(path_ + ": LAME flush failed (" + std::to_string(bytes) + ")");
    NARRATE_RETURN_IF_ERROR(Put(mp3_.data(), bytes));
    if (!pending_.empty()) return Status::Error(path_ + ": LAME ended inside a frame");
    NARRATE_RETURN_IF_ERROR(WriteLameTag());
    std::FILE* f = std::exchange(file_, nullptr);
    if (std::fclose(f) != 0) return Status::Error(path_ + ": " + ErrnoText());
    return Status::Ok();
  }

  std::int64_t samples_written() const override { return samples_written_; }

 private:
  struct Cut {
    std::int64_t before_frame;  // LAME's audio frame the silent frames precede
    std::int64_t frames;
  };

  static std::size_t LeadingZeros(std::span<const std::int16_t> s) {
    std::size_t n = 0;
    while (n < s.size() && s[n] == 0) ++n;
    return n;
  }

  // Samples from s's start (not zero) up to a zero run long enough to cut
  // (or the zeros s ends with: they may go on in the next chunk). Such a run
  // holds one of every run/2-th sample, so only those are looked at first.
  std::size_t SoundLength(std::span<const std::int16_t> s) const {
    const std::size_t run = static_cast<std::size_t>(MinCutRun());
    for (std::size_t i = run / 2; i < s.size(); i += run / 2) {
      if (s[i] != 0) continue;
      std::size_t begin = i, end = i;
      while (s[begin - 1] == 0) --begin;  // s[0] is not zero
      while (end < s.size() && s[end] == 0) ++end;
      if (end - begin >= run || end == s.size()) return begin;
      i = end;
    }
    std::size_t end = s.size();
    while (end > 0 && s[end - 1] == 0) --end;
    return end;
  }

  // Zeros LAME gets before a cut and after it (encode_silence_test fails
  // with 0 before or 1 frame after; 1 frame before and 2 after still pass).
  std::int64_t ZerosBefore() const { return 2 * frame_samples_; }
  std::int64_t ZerosAfter() const { return (empty_frames_after_ + 1) * frame_samples_; }
  std::int64_t MinCutRun() const { return ZerosBefore() + ZerosAfter() + 2 * frame_samples_; }

  // Gives LAME the pending zeros, cutting whole frames from their middle
  // when there are enough (at the end, none need follow the cut).
  Status SettleZeros(bool at_end) {
    const std::int64_t run = std::exchange(zeros_pending_, 0);
    const std::int64_t start = lame_samples_;
    const std::int64_t f = frame_samples_;
    // The first frame boundary ZerosBefore() into the run.
    const std::int64_t cut =
        (start + ZerosBefore() + delay_samples_ + f - 1) / f * f - delay_samples_;
    const std::int64_t room = start + run - (at_end ? 0 : ZerosAfter()) - cut;
    const std::int64_t frames = room > 0 ? room / f : 0;
    if (frames == 0) return EncodeZeros(run);
    NARRATE_RETURN_IF_ERROR(EncodeZeros(cut - start));
    cuts_.push_back(Cut{(cut + delay_samples_) / f, frames});
    return EncodeZeros(start + run - cut - frames * f);
  }

  Status EncodeZeros(std::int64_t count) {
    static const std::vector<std::int16_t> zeros(kMaxChunkSamples, 0);
    while (count > 0) {
      const std::size_t n =
          static_cast<std::size_t>(std::min<std::int64_t>(count, kMaxChunkSamples));
      NARRATE_RETURN_IF_ERROR(EncodeSamples(std::span(zeros).first(n)));
      count -= static_cast<std::int64_t>(n);
    }
    return Status::Ok();
  }

  Status EncodeSamples(std::span<const std::int16_t> samples) {
    while (!samples.empty()) {
      std::size_t n = std::min(samples.size(), kMaxChunkSamples);
      NARRATE_RETURN_IF_ERROR(EncodeChunk(samples.first(n)));
      samples = samples.subspan(n);
    }
    return Status::Ok();
  }

  Status EncodeChunk(std::span<const std::int16_t> chunk) {
    // LAME's interface is not const-correct; it does not modify the input.
    auto* pcm = const_cast<short*>(reinterpret_cast<const short*>(chunk.data()));
    int bytes = lame_encode_buffer(lame_, pcm, pcm, static_cast<int>(chunk.size()), mp3_.data(),
                                   static_cast<int>(mp3_.size()));
    if (bytes < 0) return Status::Error(path_ + ": LAME encode failed (" + std::to_string(bytes) + ")");
    lame_samples_ += static_cast<std::int64_t>(chunk.size());
    return Put(mp3_.data(), bytes);
  }

  // Mono: LAME reads only the first channel; both pointers must be valid.
  Status EncodeFloatChunk(std::span<const float> chunk) {
    int bytes = lame_encode_buffer_ieee_float(lame_, chunk.data(), chunk.data(), static_cast<int>(chunk.size()),
                                              mp3_.data(), static_cast<int>(mp3_.size()));
    if (bytes < 0) return Status::Error(path_ + ": LAME encode failed (" + std::to_string(bytes) + ")");
    samples_written_ += static_cast<std::int64_t>(chunk.size());
    lame_samples_ += static_cast<std::int64_t>(chunk.size());
    return Put(mp3_.data(), bytes);
  }

  // LAME's bytes, split into frames (they may end inside one), with the
  // silent frames of each cut written where they belong.
  Status Put(const unsigned char* data, int bytes) {
    pending_.insert(pending_.end(), data, data + bytes);
    std::size_t used = 0;
    while (pending_.size() - used >= 4) {
      mp3::FrameFormat format;
      std::size_t frame_bytes = 0;
      if (!mp3::ParseHeader(pending_.data() + used, &format, &frame_bytes)) {
        return Status::Error(path_ + ": LAME wrote no MP3 frame");
      }
      if (pending_.size() - used < frame_bytes) break;
      NARRATE_RETURN_IF_ERROR(PutFrame(pending_.data() + used, frame_bytes, format));
      used += frame_bytes;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
    return Status::Ok();
  }

  Status PutFrame(const unsigned char* frame, std::size_t bytes, const mp3::FrameFormat& format) {
    if (frames_seen_++ == 0) {
      // LAME's first frame: its Info tag's placeholder when the tag fits.
      has_tag_ = mp3::TagFits(format, bytes);
      auto silent = mp3::SilentFrame(frame, path_);
      if (!silent.ok()) return silent.status();
      silent_frame_ = std::move(*silent);
      if (has_tag_) return PutBytes(frame, bytes, false);
    }
    NARRATE_RETURN_IF_ERROR(PutBytes(frame, bytes, true));
    ++lame_frames_;
    while (!cuts_.empty() && cuts_.front().before_frame == lame_frames_) {
      for (std::int64_t i = 0; i < cuts_.front().frames; ++i) {
        NARRATE_RETURN_IF_ERROR(PutBytes(silent_frame_.data(), silent_frame_.size(), true));
      }
      silent_frames_ += cuts_.front().frames;
      cuts_.pop_front();
    }
    return Status::Ok();
  }

  Status PutBytes(const unsigned char* data, std::size_t bytes, bool audio) {
    if (std::fwrite(data, 1, bytes, file_) != bytes)
      return Status::Error(path_ + ": " + ErrnoText());
    if (audio) {
      music_crc_ = mp3::Crc16(music_crc_, data, bytes);
      audio_bytes_ += bytes;
    }
    return Status::Ok();
  }

  // Rewrites the first frame with the final Info tag (frames, encoder delay,
  // padding): LAME's own when nothing was cut, else LAME's rewritten to
  // count the silent frames too.
  Status WriteLameTag() {
    unsigned char frame[2880];
    std::size_t size = lame_get_lametag_frame(lame_, frame, sizeof(frame));
    if (size > sizeof(frame)) size = 0;
    if ((size != 0) != has_tag_)
      return Status::Error(path_ + ": LAME's tag frame is not where expected");
    if (size == 0) return Status::Ok();
    std::vector<unsigned char> tag(frame, frame + size);
    if (silent_frames_ > 0) {
      auto lame_tag = mp3::ParseTagFrame(std::move(tag), path_);
      if (!lame_tag.ok()) return lame_tag.status();
      if (lame_tag->audio_frames != lame_frames_)
        return Status::Error(path_ + ": LAME's tag miscounts");
      tag = mp3::StreamTag(*lame_tag, lame_tag->padding,
                           static_cast<std::uint32_t>(lame_frames_ + silent_frames_), audio_bytes_,
                           music_crc_);
    }
    if (std::fseek(file_, 0, SEEK_SET) != 0) return Status::Error(path_ + ": " + ErrnoText());
    return PutBytes(tag.data(), tag.size(), false);
  }

  std::FILE* file_;
  lame_global_flags* lame_;
  std::string path_;
  std::vector<unsigned char> mp3_;
  int frame_samples_ = 576;
  int delay_samples_ = 576;
  int empty_frames_after_ = 2;
  std::int64_t samples_written_ = 0;    // accepted
  std::int64_t zeros_pending_ = 0;      // accepted zeros not given to LAME yet
  std::int64_t lame_samples_ = 0;       // given to LAME
  std::deque<Cut> cuts_;                // not yet written
  std::vector<unsigned char> pending_;  // LAME's bytes of a frame not complete yet
  std::vector<unsigned char> silent_frame_;
  std::int64_t frames_seen_ = 0;
  std::int64_t lame_frames_ = 0;  // LAME's audio frames written
  std::int64_t silent_frames_ = 0;
  bool has_tag_ = false;
  std::uint64_t audio_bytes_ = 0;
  std::uint16_t music_crc_ = 0;
};

Status Configure(lame_global_flags* lame, const Mp3Settings& s) {
  lame_set_num_channels(lame, 1);
  lame_set_mode(lame, MONO);
  lame_set_in_samplerate(lame, s.input_rate_hz);
  // Explicit: with 0 LAME may pick another rate and quietly lower the bitrate.
  lame_set_out_samplerate(lame, s.input_rate_hz);
  lame_set_VBR(lame, vbr_off);
  lame_set_brate(lame, s.bitrate_kbps);
  lame_set_quality(lame, s.quality);
  // ATH (absolute threshold of hearing) stays at LAME's default. The worry was
  // that it quantises a quiet room-tone bed to digital zero; measured at 44.1
  // kHz / 192 kbps, quality 2, 5 and 7, white noise at -68, -80 and even -95
  // dBFS RMS decodes with no 10 ms window below -90 dBFS, only 0.67 dB lower
  // (the part above LAME's ~19 kHz lowpass), identical with lame_set_noATH(1)
  // and lame_set_ATHlower(20). encode_test's Mp3KeepsAQuietNoiseBed checks
  // the ACX bed (-72 dBFS).
  // Short blocks stay on. lame_set_no_short_blocks(1) saves 13.7% of LAME's
  // instructions (callgrind; CPU 1.36 -> 1.13 s for 15 min of speech), but
  // on 3 x 3000 words of Moby-Dick (espeak-ng -w, 64 kbps, quality 7) it
  // moved SNR +0.09..+0.11 dB, segmental SNR (20 ms, speech) +0.02, and
  // log-spectral distance +0.16..+0.21 dB (15.43 -> 15.60: worse) in every
  // excerpt, 5x what a harmless change does (silence cuts: -0.03). LAME's
  // attack detector fires on eSpeak's voice: of 4,025 speech frames of 2 min
  // of Moby-Dick, 2,093 were short blocks (and 1,038 start/stop windows), so
  // the 13.7% is the cost of real short blocks, not of a check. Its threshold
  // (lame_set_short_threshold_lrm/_s) is not among libmp3lame 3.100's exported
  // symbols, and the psychoacoustic model (38% of LAME's instructions at
  // quality 7: L3psycho_anal_vbr and its FFTs) runs at every quality: no
  // other setting saves time without changing the decoded audio.
  lame_set_bWriteVbrTag(lame, 1);
  lame_set_write_id3tag_automatic(lame, 0);  // tags come from TagLib
  std::lock_guard<std::mutex> lock(g_lame_init_mutex);
  if (lame_init_params(lame) < 0) return Status::Error("LAME rejected the encoder settings");
  return Status::Ok();
}

// Empty frames whose main data areas hold main_data_begin's reach (255 bytes
// in MPEG-2, 511 in MPEG-1), at least 2 (the decoder's memory).
int EmptyFramesAfterCut(const Mp3Settings& s) {
  const bool mpeg1 = s.input_rate_hz >= 32000;
  const int frame_bytes = (mpeg1 ? 144 : 72) * s.bitrate_kbps * 1000 / s.input_rate_hz;
  const int main_bytes = frame_bytes - 4 - (mpeg1 ? 17 : 9);
  const int reach_bytes = mpeg1 ? 511 : 255;
  return std::max(2, (reach_bytes + main_bytes - 1) / main_bytes);
}

std::string JoinRates(std::span<const int> rates) {
  std::string text;
  for (int rate : rates) text += (text.empty() ? "" : " ") + std::to_string(rate);
  return text;
}

bool Contains(std::span<const int> values, int value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

Status ValidateMp3Settings(const Mp3Settings& s) {
  bool mpeg1 = Contains(kMpeg1InputRatesHz, s.input_rate_hz);
  if (!mpeg1 && !Contains(kMpeg2InputRatesHz, s.input_rate_hz)) {
    return Status::Error("MP3 input must be " + JoinRates(kMpeg2InputRatesHz) + " or " +
                         JoinRates(kMpeg1InputRatesHz) + " Hz, got " + std::to_string(s.input_rate_hz));
  }
  if (s.quality < 0 || s.quality > 9) return Status::Error("MP3 quality must be 0..9");
  std::span<const int> allowed = mpeg1 ? std::span<const int>(kMpeg1RatesKbps) : kMpeg2RatesKbps;
  if (Contains(allowed, s.bitrate_kbps)) return Status::Ok();
  return Status::Error("--bitrate " + std::to_string(s.bitrate_kbps) + " is not an " +
                       (mpeg1 ? "MPEG-1" : "MPEG-2") + " rate for " + std::to_string(s.input_rate_hz) +
                       " Hz mono; use one of " + JoinRates(allowed));
}

std::string EncoderVersion() { return get_lame_version(); }

Result<std::unique_ptr<AudioEncoder>> OpenMp3(const std::string& path, const Mp3Settings& settings) {
  NARRATE_RETURN_IF_ERROR(ValidateMp3Settings(settings));
  std::FILE* file = std::fopen(path.c_str(), "w+b");
  if (file == nullptr) return Status::Error(path + ": " + ErrnoText());
  lame_global_flags* lame = lame_init();
  auto encoder = std::make_unique<Mp3Encoder>(file, lame, path);
  if (lame == nullptr) return Status::Error(path + ": cannot start LAME");
  NARRATE_RETURN_IF_ERROR(Configure(lame, settings));
  encoder->Start(lame_get_framesize(lame), lame_get_encoder_delay(lame),
                 EmptyFramesAfterCut(settings));
  return std::unique_ptr<AudioEncoder>(std::move(encoder));
}

}  // namespace narrate::encode
