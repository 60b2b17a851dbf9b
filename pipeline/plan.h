// Private to pipeline/: what a build makes. A book becomes output files; each
// file is made of parts, each part rendered by one worker from a slice of a
// chapter's script. A file with one part (the usual chapter) is rendered
// straight into place; otherwise parts go to the cache folder and are joined.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "output/package/package.h"
#include "pipeline/pipeline.h"
#include "pipeline/render.h"
#include "source/book.h"

namespace narrate::pipeline {

inline constexpr char kCacheFolder[] = ".narrate-cache";  // hidden: not for players

struct PartJob {
  std::vector<Segment> script;
  std::string hash;         // everything that shapes the part's audio
  std::size_t weight = 0;   // bytes of text to speak: how long it will take
  std::string path;         // the file it is rendered to
  // Rendered as a whole file's audio (the file's encoder, not the parts'),
  // untagged: a one-part file in the shared cache (shared_cache.h).
  bool whole_file = false;
  bool shared = false;  // path is in the shared cache: written for many writers
  // Raw speech of an ACX file in several parts (acx_parts.h): mastered and
  // encoded later, with the gain of the whole file.
  bool raw = false;
};

struct FileChapter {
  const source::Chapter* chapter = nullptr;  // the book's, or BookPlan::credits
  int number = 0;              // 1-based in the book; 0 for credits
  std::size_t first_part = 0;  // index into FileJob::parts
  std::size_t part_count = 0;
};

struct FileJob {
  std::string file_name;
  std::string path;
  package::TrackTags tags;           // chapter marks are added when joined
  std::vector<std::size_t> parts;    // indices into BookPlan::parts, in order
  std::vector<FileChapter> chapters;
  std::string hash;
  bool direct = false;  // its one part is rendered and tagged at `path` by the worker
  // Its one part is a whole_file part in the shared cache: assembled by
  // copying it to `path` and tagging it there.
  bool from_cache = false;
};

struct BookPlan {
  std::vector<PartJob> parts;
  std::vector<FileJob> files;
  std::vector<source::Chapter> credits;  // opening and closing, when asked for
};

// The number file names are padded for: the chapter count, one more with
// closing credits ("100 - Closing Credits" after "99 - …" needs width 3).
int NameTotal(const source::Book& book, const BuildOptions& options);

// Whether the file is mastered in parts (acx_parts.h): an ACX file of several.
bool MasteredInParts(const FileJob& file, const BookPlan& plan);

// "07 - ": how the file names of chapter `number` begin (ACX may split a
// chapter into several files, "07 - Title (part 2 of 3).mp3").
std::string FilePrefix(int number, const source::Book& book, const BuildOptions& options);

// Everything that shapes a part's audio: versions, output settings, and each
// piece's text, kind and voice (a piece without one: options.speech.voice,
// which the engine is opened with), with the pauses between.
std::string PartHash(const std::vector<Segment>& script, const BuildOptions& options);

// Stops early (an incomplete plan, not to be built) once Interrupted() is
// set: the caller looks at the flag afterwards.
BookPlan PlanBook(const source::Book& book, const std::string& dir, const BuildOptions& options,
                  const TextPreparer& preparer);

// [begin, end) ranges of segments: consecutive slices of at most about
// max_bytes of text each (a single longer paragraph is one slice), balanced,
// cut only at paragraph breaks (never after a segment that joins_next).
std::vector<std::pair<std::size_t, std::size_t>> SplitScript(const std::vector<Segment>& script,
                                                             std::size_t max_bytes);

}  // namespace narrate::pipeline
