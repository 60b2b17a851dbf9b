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
// Runs of exact digital zero given to Write() (not WriteFloat()) longer than
// about 0.2 s (at 22050 Hz, 64 kbps) are mostly written as silent frames
// without LAME: the same decoded length and sample positions, the pause
// still exact silence, less CPU.
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
//
// With chapter_first_parts (the index of each chapter's first part,
// ascending from 0), each chapter but the last is followed by silent frames
// up to the chapter grid (ChapterPadSamples), so that the chapters start
// where an M4B of the same parts starts them.
struct JoinedMp3 {
  // Where each part's first sample lands in the joined file's decoded audio.
  std::vector<std::int64_t> part_start_samples;
  std::int64_t samples = 0;  // exact decoded length of the joined file
};
Result<JoinedMp3> JoinMp3(const std::vector<std::string>& part_paths,
                          const std::string& output_path,
                          const std::vector<std::size_t>& chapter_first_parts = {});

// Samples per MP3 frame at rate_hz: 1152 (MPEG-1, 32000 Hz and up) or 576.
int Mp3FrameSamples(int rate_hz);

// What a part of `samples` samples spans in a joined MP3, from its first
// sample to the next part's: LAME's frames hold its 576-sample delay, the
// samples and at least 576 of padding, so ceil((samples + 1152) / frame)
// whole frames. 22050 Hz: 1 sample → 1728, 22050 → 23616.
std::int64_t Mp3PartSpanSamples(std::int64_t samples, int rate_hz);

// Chapters of a joined multi-chapter file start on a grid that both MP3
// frames (576 or 1152 samples) and AAC frames (1024) tile: 9216 samples,
// 418 ms at 22050 Hz. So MP3 and M4B builds of a book mark the same samples.
inline constexpr std::int64_t kChapterGridSamples = 9216;

// The silence after a chapter that spans span_samples (a multiple of
// frame_samples) and ends with tail_samples of silence already: the least
// number of whole frames that brings it to the grid with at least 2048
// silent samples at its end (what a seamless AAC join needs).
// (span 23616, tail 1566, frame 576) → 4032.
std::int64_t ChapterPadSamples(std::int64_t span_samples, std::int64_t tail_samples,
                               int frame_samples);

// Joins WAV or FLAC files of the same format, mono, without any gap.
Result<JoinedMp3> JoinSoundFiles(const std::vector<std::string>& part_paths, const std::string& output_path);

}  // namespace narrate::encode
