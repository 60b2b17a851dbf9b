// ACX-grade mastering (https://www.acx.com/help/requirements): metering, the
// streaming chain that turns eSpeak's 16-bit speech into a 44.1 kHz,
// loudness-normalised, true-peak-limited signal with a room-tone noise bed,
// and a checker that measures finished MP3s against the ACX list. No soxr,
// ebur128 or mpg123 type appears here.
//
// Levels: "dBFS" is 20*log10 of a linear level with samples scaled to [-1, 1]
// (int16 / 32768). RMS is plain and unweighted over every sample, pauses
// included, as ACX measures it: a full-scale square wave is 0 dBFS RMS, a
// full-scale sine -3.01 dBFS (the same scale as ffmpeg astats' "RMS level").
// "dBTP" is the true (inter-sample) peak, estimated by 4x oversampling.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "output/encode/encoder.h"

namespace narrate::master {

// Plain RMS and sample peak of everything added. Chunks of any size, int16
// and float mixed (int16 counts as sample / 32768). Constant memory.
class LevelMeter {
 public:
  void Add(std::span<const std::int16_t> samples);
  void Add(std::span<const float> samples);
  // samples of digital zero, e.g. the head and tail the file will get.
  void AddSilence(std::int64_t samples) { samples_ += samples; }
  std::int64_t samples() const { return samples_; }
  double rms_dbfs() const;   // -infinity if nothing or only zeros was added
  double peak_dbfs() const;  // largest |sample|; -infinity likewise

 private:
  double sum_squares_ = 0;
  double peak_ = 0;
  std::int64_t samples_ = 0;
};

// What an ACX build aims for. The defaults meet the ACX list with margin after
// the limiter and the MP3 round trip. Measured on eSpeak (en-us, en, en-us+f2;
// 10 s to 2 min) through the whole chain into a 192 kbps MP3: RMS -19.9 to
// -20.9 dBFS, true peak -3.85 dBTP, noise floor -72.7 dBFS. The limiter takes
// 0.1..0.7 dB of RMS (at most 4.7 dB of gain reduction on peaks) and LAME
// scales everything by -0.27 dB, so the target sits above the middle of ACX's
// window to land near it.
struct AcxSettings {
  int output_rate_hz = 44100;
  int bitrate_kbps = 192;              // CBR; ACX asks for 192 kbps or more
  double target_rms_dbfs = -19.5;      // ACX: -23..-18
  // ACX: peaks <= -3 dBFS. The limiter holds 0.1 dB under this; the MP3 then
  // measured 0.26 dB lower still, leaving 0.85 dB of margin.
  double true_peak_ceiling_dbtp = -3.5;
  // Room-tone bed; ACX: noise floor <= -60 dB RMS, not digital zero. After
  // LAME the white noise is near Gaussian: at -72 dBFS RMS its peaks stay
  // about -63.5 dBFS, under the -60 dB of ffmpeg's silencedetect (a peak
  // threshold, used to check head and tail); at -68 they reached -59.2.
  double noise_rms_dbfs = -72.0;
  // The state the noise bed's xorshift32 starts from (never 0). A file
  // mastered in parts gives each part its own (AcxPartNoiseSeed), so the
  // room tone goes on as fresh noise, not as a repeat of the first part's.
  std::uint32_t noise_seed = 0x6e617272;  // "narr"
  // Silence the pipeline should put around each file's speech; the bed turns
  // it into room tone. eSpeak's own lead-in and trailing pause add to it
  // (measured: 0..10 ms and 0..0.13 s). ACX: head 0.5..1 s, tail 1..5 s.
  int head_ms = 700;
  int tail_ms = 2500;
};

// The gain that brings speech measured at measured_rms_dbfs to
// settings.target_rms_dbfs. Measure what the file will hold: a LevelMeter
// over the raw chapter, pauses included, plus AddSilence() for the head and
// tail (on a 10 s credits file they lower the RMS by 2 dB). The limiter and
// the MP3 take 0.4..1.4 dB more (see AcxSettings). At most +40 dB; 0
// when the measurement is not finite (silence).
double AcxGainDb(double measured_rms_dbfs, const AcxSettings& settings);

// The noise seed of part `part` (0-based) of a file mastered in parts: part 0
// keeps AcxSettings' default (as a file mastered whole); never 0.
std::uint32_t AcxPartNoiseSeed(std::size_t part);

// The streaming chain for one output file:
//   int16 mono at input_rate_hz -> libsoxr (VHQ, float) to output_rate_hz
//   -> gain -> + constant noise bed (fixed-seed PRNG) -> true-peak limiter
//   (5 ms lookahead, 4x oversampled detection) -> sink.WriteFloat().
// Latency is compensated: after Flush() the sink has received exactly
// input_samples * output_rate_hz / input_rate_hz samples (integer division;
// exact when the output rate is a multiple of the input's, as ACX's is of
// eSpeak's), and input sample n comes out at output
// sample OutputSampleOf(n), so subtitle times carry over unchanged. The noise
// is added before the limiter, so the ceiling holds for the signal the sink
// receives. The same input gives bit-identical output. Memory is constant.
// The sink is not owned and not flushed: the caller flushes it after Flush().
class Mastering {
 public:
  // Fails on rates <= 0, a ceiling >= 0 dBTP, or if libsoxr refuses the rates.
  static Result<std::unique_ptr<Mastering>> Create(int input_rate_hz, double gain_db, const AcxSettings& settings,
                                                   encode::AudioEncoder& sink);
  virtual ~Mastering() = default;

  virtual Status Write(std::span<const std::int16_t> samples) = 0;
  // input_samples of digital zero, which come out as room tone.
  virtual Status WriteSilence(std::int64_t input_samples) = 0;
  // Drains the resampler and limiter into the sink. Call once; no Write after.
  virtual Status Flush() = 0;

  virtual std::int64_t input_samples() const = 0;
  virtual std::int64_t output_samples() const = 0;  // delivered to the sink so far
  virtual std::int64_t OutputSampleOf(std::int64_t input_sample) const = 0;
  // The deepest gain reduction the limiter applied so far, dB (>= 0).
  virtual double max_limiting_db() const = 0;
};

// One MP3 measured against the ACX list. Definitions:
// - rms_dbfs: plain RMS over the whole decoded file (gapless).
// - true_peak_dbtp: libebur128's true peak (4x oversampling); the check uses
//   it against ACX's "peaks <= -3 dBFS", which is stricter than sample peak.
// - Analysis windows are 10 ms. A window is speech when its RMS is at least
//   kSpeechThresholdDbfs; head/tail room tone is the run of non-speech windows
//   before the first / after the last speech window.
// - noise_floor_dbfs: RMS of the quietest 500 ms (50 consecutive windows) in
//   the file; ACX's "noise floor" is the level of the room tone and silences.
// - digital silence: a window whose RMS is below kDigitalSilenceDbfs (under
//   one 16-bit step); any such window in the head or tail is a failure.
inline constexpr double kSpeechThresholdDbfs = -50.0;
inline constexpr double kDigitalSilenceDbfs = -90.0;

struct AcxReport {
  std::string path;
  double duration_s = 0;
  int sample_rate_hz = 0;
  int channels = 0;
  int bitrate_kbps = 0;        // of the first audio frame
  bool constant_bitrate = false;  // every audio frame at bitrate_kbps
  double rms_dbfs = 0;
  double sample_peak_dbfs = 0;
  double true_peak_dbtp = 0;
  double noise_floor_dbfs = 0;
  double head_room_tone_s = 0;
  double tail_room_tone_s = 0;
  bool head_digital_silence = false;
  bool tail_digital_silence = false;
  std::vector<std::string> failures;  // one line each, e.g. "RMS -24.1 dBFS, not in -23..-18"
  bool passed() const { return failures.empty(); }
};

// Decodes mp3_path with libmpg123 and measures it. Stereo is mixed to mono for
// the level measurements (and fails "mono"). Errors name the file: it cannot be
// opened, is not MPEG audio, or decodes to nothing.
Result<AcxReport> CheckAcx(const std::string& mp3_path);

// A fixed-width table, one row per report (file name, PASS/FAIL, the numbers),
// each failure on an indented line below its row.
std::string FormatAcxTable(const std::vector<AcxReport>& reports);

}  // namespace narrate::master
