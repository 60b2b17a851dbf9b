#include "pipeline/part_render.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <optional>

#include "common/atomic_file.h"
#include "pipeline/acx_parts.h"
#include "pipeline/audio_out.h"
#include "pipeline/captions.h"
#include "pipeline/read_along_epub.h"
#include "pipeline/shared_cache.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {
namespace {

bool TestHookAt(const char* variable, const char* point) {
  const char* at = std::getenv(variable);
  return at != nullptr && std::strcmp(at, point) == 0;
}

// Speaks and encodes one part into path; tags it when it is a whole file.
// Fills *captions when not null.
Result<Rendered> WritePart(const PartJob& part, const FileJob* direct, const BuildOptions& options,
                           const std::string& path, Captions* captions,
                           const EngineFactory& engines) {
  auto engine = engines(options.speech.voice);
  if (!engine.ok()) return engine.status();
  std::optional<CaptionBuilder> builder;
  if (captions != nullptr) builder.emplace(part.script, (*engine)->sample_rate_hz());
  RenderObserver* observer = builder ? &*builder : nullptr;
  auto samples = part.raw ? RenderRawSpeech(part.script, **engine, path, observer)
                          : RenderAudio(part.script, options, **engine, path, observer,
                                        direct != nullptr || part.whole_file);
  if (!samples.ok()) return samples.status();
  if (captions != nullptr) *captions = builder->Finish();
  const formats::OutputFormat& format = OutputFormatOf(options);
  if (direct != nullptr && format.write_tags != nullptr) {
    NARRATE_RETURN_IF_ERROR(format.write_tags(path, direct->tags));
  }
  const int engine_rate_hz = (*engine)->sample_rate_hz();
  return Rendered{*samples, part.raw ? engine_rate_hz : OutputRateHz(options, engine_rate_hz)};
}

// The read-along files of a whole file rendered in place.
Status WriteDirectReadAlong(const PartJob& part, const BuildOptions& options,
                            package::TimingsChapter chapter, Captions& captions, FileSystem& disk) {
  chapter.words = std::move(captions.words);
  NARRATE_RETURN_IF_ERROR(WriteReadAlong(part.path, options.read_along, captions.cues, {chapter},
                                         captions.rate_hz, disk));
  if (!options.read_along.clips) return Status::Ok();
  return WriteClips(part.path, {captions.sentences}, captions.rate_hz, disk);
}

}  // namespace

std::string Rendered::Encode() const {
  return std::to_string(samples) + " " + std::to_string(rate_hz);
}

Rendered Rendered::Decode(const std::string& s) {
  std::size_t space = s.find(' ');
  return Rendered{std::stoll(s.substr(0, space)), std::stoi(s.substr(space + 1))};
}

void KillPoint(const char* point) {
  if (TestHookAt("NARRATE_TEST_KILL_AT", point)) ::kill(::getpid(), SIGKILL);
  if (TestHookAt("NARRATE_TEST_INTERRUPT_AT", point)) ::kill(::getpid(), SIGINT);
}

std::string SidecarPath(const PartJob& part) { return part.path + ".captions.json"; }

bool SidecarServes(FileSystem& disk, const PartJob& part, const ReadAlong& read_along) {
  if (!read_along.any()) return true;
  if (!read_along.clips) return disk.Exists(SidecarPath(part));
  auto text = disk.ReadFile(SidecarPath(part));
  return text.ok() && text->find("\"sentences\"") != std::string::npos;
}

bool InSharedCache(FileSystem& disk, const PartJob& part, const ReadAlong& read_along) {
  return FindEntry(disk, part.path).ok() && SidecarServes(disk, part, read_along);
}

BuildOptions WithClips(const BuildOptions& options) {
  BuildOptions effective = options;
  effective.read_along.clips = options.read_along.clips || options.read_along_epub;
  return effective;
}

// Writes a temporary file, then renames it into place. A whole file gets its
// read-along files beside it; a part leaves its captions in a sidecar,
// written first (a cached part always has one).
Result<Rendered> RenderPartFile(const PartJob& part, const FileJob* direct,
                                const BuildOptions& options, package::TimingsChapter chapter,
                                const BuildEnv& env) {
  const bool read_along = options.read_along.any();
  Captions captions;
  AtomicFile file(
      part.path, *env.fs,
      part.shared ? AtomicFile::Writers::kManyMachines : AtomicFile::Writers::kThisMachine);
  Result<Rendered> rendered = WritePart(part, direct, options, file.temp_path(),
                                        read_along ? &captions : nullptr, env.engines);
  if (!rendered.ok()) return file.Explain(rendered.status());
  if (read_along && direct == nullptr) {
    const std::string json = CaptionsToJson(captions);
    NARRATE_RETURN_IF_ERROR(part.shared ? WriteSharedFile(SidecarPath(part), json, *env.fs)
                                        : env.fs->WriteFileAtomically(SidecarPath(part), json));
  }
  NARRATE_RETURN_IF_ERROR(file.Commit());
  if (part.shared) {
    NARRATE_RETURN_IF_ERROR(RecordEntry(*env.fs, part.path, rendered->samples, rendered->rate_hz));
  }
  if (direct != nullptr && !options.read_along.clips) env.fs->Remove(ClipsPath(part.path));
  if (read_along && direct != nullptr) {
    NARRATE_RETURN_IF_ERROR(
        WriteDirectReadAlong(part, options, std::move(chapter), captions, *env.fs));
  }
  return rendered;
}

}  // namespace narrate::pipeline
