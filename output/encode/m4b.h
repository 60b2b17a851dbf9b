// An M4B audiobook from a book's parts: the parts (FLAC or WAV, lossless, as
// the build cached them) are laid out as a joined MP3 of them lays them out
// (JoinMp3: the same part gaps, chapters on the same 9216-sample grid), each
// chapter is encoded alone as an AAC segment and kept for the next build,
// and the segments are muxed into one MP4 with chapters, tags and cover. So
// a rebuild encodes only the chapters whose parts changed, gives the file a
// full build gives, and marks the chapters at the samples an MP3 build marks.
// The file ends 864 samples (39 ms) of silence after the MP3 would.
//
// Contract: failures name the file; the output is then incomplete and the
// caller removes it. Not for concurrent calls on the same work_dir.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"
#include "output/encode/aac.h"
#include "output/encode/encoder.h"

namespace narrate::encode {

struct M4bJoin {
  std::vector<std::string> part_paths;  // mono, 16-bit, one rate
  // The index of each chapter's first part, ascending from 0.
  std::vector<std::size_t> chapter_first_parts = {0};
  int bitrate_kbps = 64;
  // Where the encoded chapters are kept (created when missing); segments
  // there that this join does not use are removed. Empty: none kept.
  std::string work_dir;
  int jobs = 1;  // threads encoding chapters at once
};

// Writes output_path. tags.chapters holds the chapters' titles (one per
// chapter, or none); their starts are set here.
Result<JoinedMp3> JoinM4b(const M4bJoin& join, Mp4Tags tags, const std::string& output_path);

}  // namespace narrate::encode
