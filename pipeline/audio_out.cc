#include "pipeline/audio_out.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/atomic_file.h"
#include "output/encode/encoder.h"
#include "output/master/master.h"
#include "pipeline/raw_audio.h"

namespace narrate::pipeline {
namespace {

int BitrateKbps(const BuildOptions& options) {
  return options.acx ? master::AcxSettings{}.bitrate_kbps : options.bitrate_kbps;
}

Result<std::unique_ptr<encode::AudioEncoder>> OpenEncoder(const BuildOptions& options,
                                                          const std::string& path, int rate_hz,
                                                          bool whole_file = true) {
  const formats::OutputFormat& f = OutputFormatOf(options);
  return (whole_file ? f.open_encoder : f.part_encoder())(path, rate_hz, BitrateKbps(options));
}

Result<std::int64_t> RenderMastered(const std::vector<Segment>& script, const BuildOptions& options,
                                    synth::SpeechEngine& engine, const std::string& path,
                                    RenderObserver* observer) {
  // Pass 1: raw speech to a spool file, metered on the way.
  AtomicFile spool(path + ".spool");  // never committed: removed when done
  master::LevelMeter meter;
  auto raw = OpenRawWriter(spool.temp_path(), &meter);
  if (!raw.ok()) return Status::Io(path + ": cannot create a spool file: " + std::strerror(errno));
  NARRATE_RETURN_IF_ERROR(RenderSegments(script, engine, **raw, observer).status());
  NARRATE_RETURN_IF_ERROR((*raw)->Flush());
  // Pass 2: the spool through the mastering chain into the encoder.
  const master::AcxSettings acx;
  auto encoder = OpenEncoder(options, path, acx.output_rate_hz);
  if (!encoder.ok()) return encoder.status();
  double gain_db = master::AcxGainDb(meter.rms_dbfs(), acx);
  auto chain = master::Mastering::Create(engine.sample_rate_hz(), gain_db, acx, **encoder);
  if (!chain.ok()) return chain.status();
  NARRATE_RETURN_IF_ERROR(
      ReadRaw(spool.temp_path(), INT64_MAX,
              [&](std::span<const std::int16_t> chunk) { return (*chain)->Write(chunk); }));
  NARRATE_RETURN_IF_ERROR((*chain)->Flush());
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
