// AAC-LC in MP4 (.m4b audiobooks, .m4a) through FFmpeg's libraries: the
// native "aac" encoder of libavcodec and the "ipod" muxer of libavformat.
// Only aac_*.cc (and aac_internal.h) include FFmpeg; no FFmpeg type appears
// here. That code is narrate-aac.so, a module loaded on first use
// (common/module.h) so that the program starts without FFmpeg's libraries:
// when it cannot be loaded, every function here but CheckAacBitrate fails
// with one line, "M4B/M4A output needs narrate's AAC module: <path>: <why>"
// (AacEncoderVersion returns "").
//
// Two ways to a file:
// - OpenM4a: one encoder writes one finished file (`narrate say -o x.m4a`).
// - Segments: pieces of a long book are encoded alone (in parallel, cached)
//   by OpenAacSegment, then JoinAacSegments muxes their packets into one file
//   with chapters, tags and cover, without encoding again.
//
// Every file is gapless: an edit list (at a movie time scale equal to the
// sample rate) skips the encoder's priming, and the last packet's duration
// cuts the padding, so players present exactly the samples given (ffprobe's
// duration_ts). FFmpeg 5.1's own decoder honours the skip but decodes the
// last frame whole (up to 1023 samples more). Chapter starts land on the
// sample asked for: the chapter track's time scale is the sample rate too.
//
// Speed (native encoder, "fast" coder from 64 kbps up, see aac_encoder.cc):
// about 100x real time per core on eSpeak speech at 22050 Hz, 64 kbps.
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
// error naming the bitrate and the allowed range: "--bitrate 200 is not an
// AAC-LC rate for 22050 Hz mono; use 8..132 kbps" (the top is AAC's 6144 bits
// per frame), or "22000 Hz is not an AAC sampling rate".
Status CheckAacBitrate(int rate_hz, int bitrate_kbps);

// The encoder's identity for build manifests and part hashes, with the coder
// choice (which changes the packets): "Lavc59.37.100 aac fast>=64kbps".
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

// An encoder writing a finished MP4 at path (created or truncated; the file
// is opened here) on Flush: mono AAC-LC at rate_hz and bitrate_kbps,
// gapless, with tags. tags.chapters must be empty (the chapter track is
// written before the length of the audio is known): join segments for
// chapters.
Result<std::unique_ptr<AudioEncoder>> OpenM4a(const std::string& path, int rate_hz,
                                              int bitrate_kbps, Mp4Tags tags = {});

// An encoder of one segment of a longer file, into path (created or
// truncated; narrate's own packet file, for JoinAacSegments only).
// Contract on the samples written, which the caller guarantees:
// - their count is a multiple of kAacFrameSamples;
// - the first and the last kAacFrameSamples samples are silence (zeros), so
//   that a segment's first frame and the previous segment's last frame code
//   nothing and the join is seamless.
// Flush fails when the count is not a multiple of kAacFrameSamples or when
// the first or the last frame holds a sample that does not round to int16 0.
// The file keeps the packets that decode to the samples written, one per
// 1024 (the priming packet and the last, which code silence, are dropped),
// with the AudioSpecificConfig; aac_segment.cc describes the format.
Result<std::unique_ptr<AudioEncoder>> OpenAacSegment(const std::string& path, int rate_hz,
                                                     int bitrate_kbps);

// The samples a segment file holds, as written (0 when path does not exist or
// is not a finished segment: not flushed, another format or version).
Result<std::int64_t> AacSegmentSamples(const std::string& path);

// Muxes segments written with the same rate and bitrate into one MP4 at
// output_path (created or truncated): their packets in order, no encoding.
// The segments' samples, one after another, form the timeline; the file
// presents `samples` of it from skip_samples on, exactly (an edit list:
// skip_samples + samples <= the timeline's length). Tags as given, chapters
// at their start_samples in presented time. The moov box comes first.
// Packets before skip_samples stay in the file (the decoder's preroll).
// Fails naming the segment that is missing, truncated or of another rate or
// bitrate, or naming output_path.
Status JoinAacSegments(const std::vector<std::string>& segment_paths, std::int64_t skip_samples,
                       std::int64_t samples, const Mp4Tags& tags, const std::string& output_path);

}  // namespace narrate::encode
