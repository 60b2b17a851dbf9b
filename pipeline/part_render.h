// Private to pipeline/: rendering one part of a planned file, as a task of
// the build's runner (in a worker process with the forking runner): into the
// output folder (a whole file, tagged, with its read-along files), into the
// folder's own cache (a part to be joined, its captions in a sidecar), or
// into the shared cache (shared_cache.h; written so that machines rendering
// the same part at once never corrupt it).
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "output/package/subtitles.h"
#include "pipeline/build_env.h"
#include "pipeline/pipeline.h"
#include "pipeline/plan.h"

namespace narrate::pipeline {

// "samples rate_hz": what a worker reports for a finished part.
struct Rendered {
  std::int64_t samples = 0;
  int rate_hz = 0;
  std::string Encode() const;
  static Rendered Decode(const std::string& s);
};

// Where a part's captions wait (beside the part) to be joined.
std::string SidecarPath(const PartJob& part);

// A part's cached captions serve this build: they exist and, when whole
// sentences' clips are asked for, hold them (a sidecar an older narrate wrote
// has none, and would give a read-along EPUB without its overlays).
bool SidecarServes(FileSystem& disk, const PartJob& part, const ReadAlong& read_along);

// Whether a shared part need not be rendered: its entry is complete
// (shared_cache.h FindEntry) and its captions serve (SidecarServes).
bool InSharedCache(FileSystem& disk, const PartJob& part, const ReadAlong& read_along);

// The options a build or a render runs with: read_along_epub needs the
// clips sidecars.
BuildOptions WithClips(const BuildOptions& options);

// Renders the part at part.path through a temporary renamed into place.
// `direct` (may be null): the whole file the part is, tagged in place with
// its read-along files beside it (`chapter` names them). Otherwise a part to
// join, or (part.whole_file) a whole file's audio in the shared cache, with
// its captions in a sidecar written first; in the shared cache
// (part.shared) every file is written for many writers at once and the
// entry recorded last (shared_cache.h). A raw part (part.raw) is speech only,
// at the engine's rate, for the build to master (acx_parts.h).
Result<Rendered> RenderPartFile(const PartJob& part, const FileJob* direct,
                                const BuildOptions& options, package::TimingsChapter chapter,
                                const BuildEnv& env);

// Test hooks for tests/crash_test.cc and tests/cli_build_test.cc: with
// NARRATE_TEST_KILL_AT=<point> in the environment the process SIGKILLs
// itself at that point, as a crash would; with NARRATE_TEST_INTERRUPT_AT=<point>
// it sends itself SIGINT, as Ctrl-C would. Points: after-part, before-tags,
// before-commit, before-manifest, after-chapter, before-tidy, after-task.
void KillPoint(const char* point);

}  // namespace narrate::pipeline
