// Test helpers that look at produced files with tools narrate did not write:
// libmpg123 (decoding), libsndfile (WAV), ffprobe (tags, durations).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace narrate::testing {

// Samples an MP3 decodes to with gapless decoding (LAME tag honoured), or -1.
std::int64_t Mp3DecodedSamples(const std::string& path, int* rate_hz = nullptr);
// The same, also appending the decoded mono 16-bit samples to *pcm (may be null).
std::int64_t Mp3Decode(const std::string& path, std::vector<std::int16_t>* pcm, int* rate_hz = nullptr);

// Frames in a WAV file read with libsndfile, or -1.
std::int64_t WavFrames(const std::string& path, int* rate_hz = nullptr);

// ffprobe's format tags ("title", "album", "track", ...) and "duration".
std::map<std::string, std::string> Ffprobe(const std::string& path);

// ffprobe's fields of the first audio stream: "codec_name", "sample_rate",
// "channels", "bit_rate", ...
std::map<std::string, std::string> FfprobeStream(const std::string& path);

// The chapters ffprobe reads in a file (ID3 CHAP, MP4 chapter track or chpl).
struct ProbedChapter {
  std::string title;
  double start_s = 0;
  double end_s = 0;
};
std::vector<ProbedChapter> FfprobeChapters(const std::string& path);

// The whole file decoded to float samples (first channel) with gapless MP3
// decoding, or empty on failure.
std::vector<float> Mp3DecodeFloat(const std::string& path, int* rate_hz = nullptr);

// The first channel of a file libsndfile reads (WAV, FLAC), as floats.
std::vector<float> SndfileDecodeFloat(const std::string& path, int* rate_hz = nullptr);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs a shell command line, capturing both streams.
CommandResult RunCommand(const std::string& command_line);

// A fresh empty directory under the system temp folder, removed by the caller.
std::string MakeTempDir();

// Shell-quotes one argument.
std::string Quote(const std::string& s);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

}  // namespace narrate::testing
