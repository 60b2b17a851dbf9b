// Private to pipeline/: the shared content-addressed cache of rendered parts
// (BuildOptions::cache_dir, `--cache DIR`): a folder several builds, on one
// machine or many (a mounted volume, NFS, an object-store mount), render into
// and assemble from. An entry is named by its task id ("<part hash>.<ext>",
// RenderTask::id) and lives at DIR/<first two characters of the id>/<id>:
//   <id>                the audio (a part to join, or a whole file untagged)
//   <id>.captions.json  its captions, when the build asks for read-along files
//   <id>.done           {"samples", "rate_hz", "bytes"}, written last
// Every file is written by WriteSharedFile or AtomicFile::kManyMachines:
// whole or not at all, a temporary per writer. An entry counts only when its
// .done is there and the audio has the size it records, so a writer killed
// halfway leaves nothing that is believed. Entries are never removed by a
// build (another book or machine may want them); a folder can be emptied by
// hand when nothing runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"
#include "pipeline/pipeline.h"
#include "pipeline/plan.h"

namespace narrate::pipeline {

struct CacheEntry {
  std::int64_t samples = 0;  // decoded length at rate_hz
  int rate_hz = 0;
  std::int64_t bytes = 0;  // of the audio
};

// "ab12...ef.mp3" → "<dir>/ab/ab12...ef.mp3".
std::string CachePath(const std::string& dir, const std::string& id);

// The entry of the audio at path when it is complete, else kNotFound.
Result<CacheEntry> FindEntry(FileSystem& disk, const std::string& path);

// Records the audio at path (whole, renamed into place) as a complete entry.
Status RecordEntry(FileSystem& disk, const std::string& path, std::int64_t samples, int rate_hz);

// Points every part of plan into options.cache_dir (creating nothing): the
// part of a file PlanBook made direct stays whole (part.whole_file, the
// file's extension) and the file becomes from_cache (copied out and tagged
// when assembled); other parts get the extension of parts to join. All parts
// become shared.
void UseSharedCache(BookPlan& plan, const BuildOptions& options);

// Creates the folders of the shared cache that parts at these paths go into,
// and removes from them the temporaries (".*.narrate-*.tmp") of writers that
// died: those not written to for a day (no machine can ask whether another's
// writer still runs; a day is far longer than any part takes).
Status MakeCacheFolders(FileSystem& disk, const std::vector<std::string>& part_paths);

// The task id of a part as UseSharedCache names it. The raw speech of an
// ACX file in parts is "<hash>.raw": the file's machine masters it
// (acx_parts.h), since the gain needs all of the file's parts.
std::string TaskId(const PartJob& part, const BuildOptions& options);

}  // namespace narrate::pipeline
