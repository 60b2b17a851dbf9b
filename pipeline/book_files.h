// Private to pipeline/: the book's own files beside the audio, for players and
// audiobook servers: cover.jpg (the embedded cover), desc.txt (the
// description) and reader.txt (the narrator), as Audiobookshelf reads them.
#pragma once

#include <map>
#include <string>

#include "common/file_system.h"
#include "common/status.h"
#include "pipeline/pipeline.h"

namespace narrate::pipeline {

inline constexpr char kDescriptionFileName[] = "desc.txt";
inline constexpr char kReaderFileName[] = "reader.txt";

// Writes each of the book's files that has content (atomically), unless
// `written` (file name → content hash, kept in the manifest) shows it on disk
// as it is now; removes those `written` lists that the book no longer has.
// A cover that is not a JPEG writes no cover.jpg. Updates `written`.
Status WriteBookFiles(FileSystem& disk, const std::string& dir, const BookTags& tags,
                      std::map<std::string, std::string>& written);

}  // namespace narrate::pipeline
