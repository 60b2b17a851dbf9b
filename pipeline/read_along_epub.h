// Private to pipeline/: the read-along EPUB of a build (read_along_epub).
// Each audio file gets a hidden sidecar of its sentences' clips when it is
// made (".x.clips.json" beside x.mp3: the whole sentences the captions were
// timed as, at the engine's rate, relative to that file), so an up-to-date
// file needs no rendering for the EPUB; once every file is made the EPUB is
// assembled from the plan's chapters and those sidecars
// (output/package/read_along_epub.h) and written beside the audio.
#pragma once

#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"
#include "pipeline/captions.h"
#include "pipeline/pipeline.h"
#include "pipeline/plan.h"
#include "source/book.h"

namespace narrate::pipeline {

// "dir/01 - One.mp3" → "dir/.01 - One.clips.json".
std::string ClipsPath(const std::string& audio_path);

// The sentences of each of a file's chapters (in FileJob::chapters order),
// at rate_hz, written atomically to ClipsPath(audio_path).
Status WriteClips(const std::string& audio_path,
                  const std::vector<std::vector<TimedSentence>>& chapters, int rate_hz,
                  FileSystem& fs);

// "<dir>/<safe title>.epub"; "<dir>/<safe title>.read-along.epub" when the
// former is the book being read (an EPUB built into its own folder).
std::string ReadAlongEpubPath(const source::Book& book, const std::string& dir);

// Writes ReadAlongEpubPath from every planned file (each must have its clips
// sidecar): one content document per book chapter (or credits), with the
// text the captions refer to (ChapterText), a span per sentence of the plan's
// scripts and a clip per sentence that was said; an EPUB book's own content
// documents instead (package::ReadAlongEpub::source_epub). Not rewritten when
// the key of what it is made from (package::ReadAlongEpubInputsKey), kept in
// a hidden ".<name>.epub.inputs" beside it, is unchanged and the EPUB is
// there (unless options.force). Fails naming the file.
Status WriteBookEpub(const source::Book& book, const BookPlan& plan, const std::string& dir,
                     const BuildOptions& options, FileSystem& fs);

}  // namespace narrate::pipeline
