#include "pipeline/audio_out.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "common/atomic_file.h"
#include "output/encode/encoder.h"
#include "output/master/master.h"

namespace narrate::pipeline {
namespace {

constexpr std::size_t kSpoolChunkSamples = 1 << 15;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Pass 1 of ACX mastering: raw speech to a spool file, metered on the way.
class SpoolEncoder final : public encode::AudioEncoder {
 public:
  SpoolEncoder(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  Status Write(std::span<const std::int16_t> samples) override {
    meter_.Add(samples);
    if (std::fwrite(samples.data(), sizeof(std::int16_t), samples.size(), file_) != samples.size()) {
      return Status::Error(path_ + ": " + std::strerror(errno));
    }
    written_ += static_cast<std::int64_t>(samples.size());
    return Status::Ok();
  }
  Status Flush() override {
    return std::fflush(file_) == 0 ? Status::Ok() : Status::Error(path_ + ": " + std::strerror(errno));
  }
  std::int64_t samples_written() const override { return written_; }
  const master::LevelMeter& meter() const { return meter_; }

 private:
  std::FILE* file_;
  std::string path_;
  master::LevelMeter meter_;
  std::int64_t written_ = 0;
};

Result<std::unique_ptr<encode::AudioEncoder>> OpenEncoder(const BuildOptions& options, const std::string& path,
                                                         int rate_hz) {
  if (options.format == "flac") return encode::OpenFlac(path, rate_hz);
  if (options.format == "wav") return encode::OpenWav(path, rate_hz);
  int kbps = options.acx ? master::AcxSettings{}.bitrate_kbps : options.bitrate_kbps;
  return encode::OpenMp3(path, encode::Mp3Settings{rate_hz, kbps});
}

// Pass 2: the spool through the mastering chain into the encoder.
Status MasterSpool(std::FILE* spool, const std::string& spool_path, master::Mastering& chain) {
  std::rewind(spool);
  std::vector<std::int16_t> chunk(kSpoolChunkSamples);
  std::size_t n;
  while ((n = std::fread(chunk.data(), sizeof(std::int16_t), chunk.size(), spool)) > 0) {
    NARRATE_RETURN_IF_ERROR(chain.Write(std::span<const std::int16_t>(chunk.data(), n)));
  }
  if (std::ferror(spool)) return Status::Error(spool_path + ": " + std::strerror(errno));
  return chain.Flush();
}

Result<std::int64_t> RenderMastered(const std::vector<Segment>& script, const BuildOptions& options,
                                    synth::SpeechEngine& engine, const std::string& path,
                                    RenderObserver* observer) {
  AtomicFile spool_name(path + ".spool");  // never committed: removed when done
  File spool(std::fopen(spool_name.temp_path().c_str(), "w+b"));
  if (!spool) return Status::Error(path + ": cannot create a spool file: " + std::strerror(errno));
  SpoolEncoder raw(spool.get(), spool_name.temp_path());
  NARRATE_RETURN_IF_ERROR(RenderSegments(script, engine, raw, observer).status());
  NARRATE_RETURN_IF_ERROR(raw.Flush());
  const master::AcxSettings acx;
  auto encoder = OpenEncoder(options, path, acx.output_rate_hz);
  if (!encoder.ok()) return encoder.status();
  double gain_db = master::AcxGainDb(raw.meter().rms_dbfs(), acx);
  auto chain = master::Mastering::Create(engine.sample_rate_hz(), gain_db, acx, **encoder);
  if (!chain.ok()) return chain.status();
  NARRATE_RETURN_IF_ERROR(MasterSpool(spool.get(), spool_name.temp_path(), **chain));
  NARRATE_RETURN_IF_ERROR((*encoder)->Flush());
  return (*chain)->output_samples();
}

}  // namespace

int OutputRateHz(const BuildOptions& options, int engine_rate_hz) {
  return options.acx ? master::AcxSettings{}.output_rate_hz : engine_rate_hz;
}

std::string Extension(const BuildOptions& options) { return options.format; }

Pacing BuildPacing(const BuildOptions& options) {
  Pacing pacing = options.pacing;
  if (!options.acx) return pacing;
  const master::AcxSettings acx;
  pacing.chapter_head_ms = acx.head_ms;
  pacing.chapter_tail_ms = acx.tail_ms;
  return pacing;
}

Status ValidateFormat(const BuildOptions& options) {
  const std::string& f = options.format;
  if (f != "mp3" && f != "flac" && f != "wav") {
    return Status::Error("--format " + f + " is not one of mp3, flac, wav");
  }
  if (options.acx && f != "mp3") return Status::Error("--acx makes MP3 files; it cannot be combined with --format " + f);
  if (options.single_file && f != "mp3") {
    return Status::Error("--single-file needs MP3 (its chapter marks are ID3 frames), not --format " + f);
  }
  if (f == "mp3" && !options.acx) {
    return encode::ValidateMp3Settings(encode::Mp3Settings{22050, options.bitrate_kbps});
  }
  return Status::Ok();
}

Result<std::int64_t> RenderAudio(const std::vector<Segment>& script, const BuildOptions& options,
                                 synth::SpeechEngine& engine, const std::string& path,
                                 RenderObserver* observer) {
  if (options.acx) return RenderMastered(script, options, engine, path, observer);
  auto encoder = OpenEncoder(options, path, engine.sample_rate_hz());
  if (!encoder.ok()) return encoder.status();
  auto samples = RenderSegments(script, engine, **encoder, observer);
  if (!samples.ok()) return samples.status();
  NARRATE_RETURN_IF_ERROR((*encoder)->Flush());
  return *samples;
}

}  // namespace narrate::pipeline
