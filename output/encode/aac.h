// AAC-LC in MP4 (.m4b audiobooks, .m4a) through FFmpeg's libraries: the
// native "aac" encoder of libavcodec and the "ipod" muxer of libavformat.
// Only aac*.cc include FFmpeg; no FFmpeg type appears here.
//
// Two ways to a file:
// - OpenM4a: one encoder writes one finished file (`narrate say -o x.m4a`).
// - Segments: pieces of a long book are encoded alone (in parallel, cached)
//   by OpenAacSegment, then JoinAacSegments muxes their packets into one file
//   with chapters, tags and cover, without encoding again.
//
// Every file is gapless: an edit list skips the encoder's priming and cuts
// the padding, so players present exactly the samples given, and chapter
// starts land on the sample asked for (to the chapter track's 1 ms).
//
// Contract: failures are values naming the path; after a failure the output
// file is incomplete and the caller removes it. Objects are not shared
// between threads; distinct objects may be used from distinct threads at once.
// Memory use does not grow with the amount of audio.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "output/encode/encoder.h"

namespace narrate::encode {

// Samples per AAC frame (and the encoder's priming).
inline constexpr int kAacFrameSamples = 1024;

// Ok for a bitrate the native encoder codes mono AAC-LC at rate_hz; else an
// error naming the bitrate and the allowed range ("8..160 kbps at 22050 Hz").
Status CheckAacBitrate(int rate_hz, int bitrate_kbps);

// The encoder's identity for build manifests and part hashes:
// "Lavc59.37.100 aac".
std::string AacEncoderVersion();

// What an MP4 file carries beside its audio. Every field is optional.
struct Mp4Tags {
  std::string title;         // ©nam
  std::string album;         // ©alb
  std::string artist;        // ©ART
  std::string album_artist;  // aART
  std::string composer;      // ©wrt (the narrator, as Audiobookshelf reads it)
  std::string date;          // ©day ("1813")
  std::string genre;         // ©gen
  std::string description;   // desc (also ©cmt)
  std::string publisher;     // ©pub when the muxer writes it, else dropped
  std::string track;         // trkn: "3/12"; empty: none
  std::string cover;         // JPEG or PNG bytes, the file's covr; empty: none
  // Brand "M4B " and the audiobook media type (stik 2) instead of "M4A ".
  bool audiobook = false;
  struct Chapter {
    std::string title;
    std::int64_t start_samples = 0;  // at the file's rate, in presented time
  };
  // In order, the first at 0; each ends where the next starts, the last at
  // the end. Written as a QuickTime chapter track and a Nero chpl atom (at
  // most 255 entries, the rest in the track only). Empty: none.
  std::vector<Chapter> chapters;
};

// An encoder writing a finished MP4 at path (created or truncated) on Flush:
// mono AAC-LC at rate_hz and bitrate_kbps, gapless, with tags.
Result<std::unique_ptr<AudioEncoder>> OpenM4a(const std::string& path, int rate_hz,
                                              int bitrate_kbps, Mp4Tags tags = {});

// An encoder of one segment of a longer file, into path (created or
// truncated; narrate's own packet file, for JoinAacSegments only).
// Contract on the samples written, which the caller guarantees:
// - their count is a multiple of kAacFrameSamples;
// - the first and the last kAacFrameSamples samples are silence (zeros), so
//   that a segment's first frame and the previous segment's last frame code
//   nothing and the join is seamless.
// Flush fails when the count is not a multiple of kAacFrameSamples.
Result<std::unique_ptr<AudioEncoder>> OpenAacSegment(const std::string& path, int rate_hz,
                                                     int bitrate_kbps);

// The samples a segment file holds, as written (0 when path is not one).
Result<std::int64_t> AacSegmentSamples(const std::string& path);

// Muxes segments written with the same rate and bitrate into one MP4 at
// output_path (created or truncated): their packets in order, no encoding.
// The segments' samples, one after another, form the timeline; the file
// presents `samples` of it from skip_samples on, exactly (an edit list:
// skip_samples + samples <= the timeline's length). Tags as given, chapters
// at their start_samples in presented time. The moov box comes first.
Status JoinAacSegments(const std::vector<std::string>& segment_paths, std::int64_t skip_samples,
                       std::int64_t samples, const Mp4Tags& tags, const std::string& output_path);

}  // namespace narrate::encode
