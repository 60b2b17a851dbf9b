#include "pipeline/audio_out.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/atomic_file.h"
#include "common/c_file.h"
#include "output/encode/encoder.h"
#include "output/master/master.h"

namespace narrate::pipeline {
namespace {

constexpr std::size_t kSpoolChunkSamples = 1 << 15;

using File = CFile;

// Pass 1 of ACX mastering: raw speech to a spool file, metered on the way.
class SpoolEncoder final : public encode::AudioEncoder {
 public:
  SpoolEncoder(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  Status Write(std::span<const std::int16_t> samples) override {
    meter_.Add(samples);
    if (std::fwrite(samples.data(), sizeof(std::int16_t), samples.size(), file_) != samples.size()) {
      return Status::Io(path_ + ": " + std::strerror(errno));
    }
    written_ += static_cast<std::int64_t>(samples.size());
    return Status::Ok();
  }
  Status Flush() override {
    return std::fflush(file_) == 0 ? Status::Ok() : Status::Io(path_ + ": " + std::strerror(errno));
  }
  std::int64_t samples_written() const override { return written_; }
  const master::LevelMeter& meter() const { return meter_; }

 private:
  std::FILE* file_;
  std::string path_;
  master::LevelMeter meter_;
  std::int64_t written_ = 0;
};

int BitrateKbps(const BuildOptions& options) {
  return options.acx ? master::AcxSettings{}.bitrate_kbps : options.bitrate_kbps;
}

Result<std::unique_ptr<encode::AudioEncoder>> OpenEncoder(const BuildOptions& options,
                                                          const std::string& path, int rate_hz,
                                                          bool whole_file = true) {
  const formats::OutputFormat& f = OutputFormatOf(options);
  return (whole_file ? f.open_encoder : f.part_encoder())(path, rate_hz, BitrateKbps(options));
}

// Pass 2: the spool through the mastering chain into the encoder.
Status MasterSpool(std::FILE* spool, const std::string& spool_path, master::Mastering& chain) {
  std::rewind(spool);
  std::vector<std::int16_t> chunk(kSpoolChunkSamples);
  std::size_t n;
  while ((n = std::fread(chunk.data(), sizeof(std::int16_t), chunk.size(), spool)) > 0) {
    NARRATE_RETURN_IF_ERROR(chain.Write(std::span<const std::int16_t>(chunk.data(), n)));
  }
  if (std::ferror(spool)) return Status::Io(spool_path + ": " + std::strerror(errno));
  return chain.Flush();
}

Result<std::int64_t> RenderMastered(const std::vector<Segment>& script, const BuildOptions& options,
                                    synth::SpeechEngine& engine, const std::string& path,
                                    RenderObserver* observer) {
  AtomicFile spool_name(path + ".spool");  // never committed: removed when done
  File spool(std::fopen(spool_name.temp_path().c_str(), "w+b"));
  if (!spool) return Status::Io(path + ": cannot create a spool file: " + std::strerror(errno));
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

// "--single-file needs MP3 (its chapter marks are ID3 frames), not --format flac".
Status NeedsChapters(const formats::OutputFormat& asked) {
  std::string needs;
  for (const formats::OutputFormat& f : formats::All()) {
    if (!f.has_chapters()) continue;
    if (!needs.empty()) needs += " or ";
    needs += std::string(f.display_name) + " (its chapter marks are " +
             std::string(f.chapter_marks) + ")";
  }
  return Status::Usage("--single-file needs " + needs + ", not --format " +
                       std::string(asked.name));
}

}  // namespace

int OutputRateHz(const BuildOptions& options, int engine_rate_hz) {
  return options.acx ? master::AcxSettings{}.output_rate_hz : engine_rate_hz;
}

const formats::OutputFormat& OutputFormatOf(const BuildOptions& options) {
  if (options.acx) return formats::Acx();
  const formats::OutputFormat* format = formats::ByName(options.format);
  if (format == nullptr) std::abort();  // a caller skipped ValidateFormat
  return *format;
}

std::string Extension(const BuildOptions& options) {
  return std::string(OutputFormatOf(options).extension);
}

std::string PartExtension(const BuildOptions& options) {
  return std::string(OutputFormatOf(options).part_ext());
}

bool SingleFile(const BuildOptions& options) {
  const formats::OutputFormat* f = formats::ByName(options.format);
  return options.single_file || (!options.acx && f != nullptr && f->whole_book);
}

bool JoinsExactly(const BuildOptions& options) {
  return BitrateKbps(options) >= OutputFormatOf(options).min_exact_join_kbps;
}

Pacing BuildPacing(const BuildOptions& options) {
  Pacing pacing = options.pacing;
  if (!options.acx) return pacing;
  const master::AcxSettings acx;
  pacing.chapter_head_ms = acx.head_ms;
  pacing.chapter_tail_ms = acx.tail_ms;
  return pacing;
}

Status ValidateFormat(const BuildOptions& options) {
  auto found = formats::Find(options.format);
  if (!found.ok()) return found.status();
  const formats::OutputFormat& f = **found;
  const formats::OutputFormat& acx = formats::Acx();
  if (options.acx && &f != &acx) {
    return Status::Usage("--acx makes " + std::string(acx.display_name) +
                         " files; it cannot be combined with --format " + std::string(f.name));
  }
  if (options.single_file && !f.has_chapters()) return NeedsChapters(f);
  if (options.acx) return Status::Ok();  // ACX sets its own bitrate
  return formats::CheckBitrate(f, kEngineRateHz, options.bitrate_kbps);
}

Result<std::int64_t> RenderAudio(const std::vector<Segment>& script, const BuildOptions& options,
                                 synth::SpeechEngine& engine, const std::string& path,
                                 RenderObserver* observer, bool whole_file) {
  if (options.acx) return RenderMastered(script, options, engine, path, observer);
  auto encoder = OpenEncoder(options, path, engine.sample_rate_hz(), whole_file);
  if (!encoder.ok()) return encoder.status();
  auto samples = RenderSegments(script, engine, **encoder, observer);
  if (!samples.ok()) return samples.status();
  NARRATE_RETURN_IF_ERROR((*encoder)->Flush());
  return *samples;
}

}  // namespace narrate::pipeline
