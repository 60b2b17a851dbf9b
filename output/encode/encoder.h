// Audio encoders: 16-bit or float mono PCM chunks in, a finished file out.
// Only mp3_encoder.cc includes LAME; wav/flac go through libsndfile.
//
// Contract: Write() and WriteFloat() may be called any number of times, mixed,
// with chunks of any size;
// Flush() once at the end finishes the file (for MP3: the LAME/Xing tag is
// written over the placeholder first frame so players show the exact
// duration). After an error the file is incomplete: the caller owns the path
// and removes it. Memory use does not grow with the amount of audio.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::encode {

class AudioEncoder {
 public:
  virtual ~AudioEncoder() = default;
  virtual Status Write(std::span<const std::int16_t> samples) = 0;
  // Float samples, nominally in [-1, 1] (one int16 step = 1/32768). The
  // default converts to int16 (round to nearest, clip to -32768..32767) and
  // calls Write(); the MP3, WAV and FLAC encoders take floats natively (WAV and
  // FLAC clip; LAME codes what it is given, so keep samples within range).
  virtual Status WriteFloat(std::span<const float> samples);
  virtual Status Flush() = 0;
  // Samples accepted so far, at the input rate: the exact duration.
  virtual std::int64_t samples_written() const = 0;
};

// One float sample as int16, as the default WriteFloat() converts it: round
// to nearest, clip; NaN becomes 0.
std::int16_t FloatToInt16(float sample);

struct Mp3Settings {
  // Also the output rate (no resampling in LAME): 16000, 22050, 24000 Hz
  // (MPEG-2) or 32000, 44100, 48000 Hz (MPEG-1). No default: the caller
  // passes the rate its audio has (the engine's, or ACX's).
  int input_rate_hz = 0;
  int bitrate_kbps = 64;  // constant bit rate, mono
  // LAME's 0 (best, slowest) .. 9 (worst, fastest). Measured on the user's
  // story (12:50 of eSpeak at 64 kbps): -q 2 took 7.7 s, 3: 4.5 s, 5: 3.9 s,
  // 7: 2.5 s, with decoded SNR 21.0, 22.7, 23.0 and 24.9 dB: for synthetic
  // speech the slower modes buy nothing measurable, so 7.
  int quality = 7;
};

// Errors name the bitrate and the allowed values for the output sample rate
// (MPEG-2: 8..160 kbps, MPEG-1: 32..320 kbps).
Status ValidateMp3Settings(const Mp3Settings& settings);

// LAME's version, for build manifests.
std::string EncoderVersion();

// Creates (truncates) path. Fails with a message naming the path.
Result<std::unique_ptr<AudioEncoder>> OpenMp3(const std::string& path, const Mp3Settings& settings);

// 16-bit PCM WAV through libsndfile.
Result<std::unique_ptr<AudioEncoder>> OpenWav(const std::string& path, int rate_hz);

// 16-bit FLAC through libsndfile. Float input is clipped to [-1, 1].
Result<std::unique_ptr<AudioEncoder>> OpenFlac(const std::string& path, int rate_hz);

// Joins MP3 files that OpenMp3 wrote with the same settings into one stream
// at output_path (created or truncated): the audio frames of the parts in
// order, behind one Info/LAME tag describing the whole (frame and byte counts,
// the first part's encoder delay, the last part's padding), so gapless
// decoders and players see the exact length. Between two parts the earlier
// one's padding and the later one's encoder delay remain (at most 576 + 1152
// samples, 78 ms at eSpeak's rate): parts should end and start with silence.
// Memory use is constant.
// Fails naming the file when a part is not such an MP3 or differs in format;
// the output is then incomplete and the caller removes it.
struct JoinedMp3 {
  // Where each part's first sample lands in the joined file's decoded audio.
  std::vector<std::int64_t> part_start_samples;
  std::int64_t samples = 0;  // exact decoded length of the joined file
};
Result<JoinedMp3> JoinMp3(const std::vector<std::string>& part_paths, const std::string& output_path);

// Joins WAV or FLAC files of the same format, mono, without any gap.
Result<JoinedMp3> JoinSoundFiles(const std::vector<std::string>& part_paths, const std::string& output_path);

}  // namespace narrate::encode
