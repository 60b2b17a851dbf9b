// CheckAcx: libmpg123 decodes, libebur128 measures true peak, the rest is
// plain arithmetic over 10 ms windows (constant memory).
#include <ebur128.h>
#include <mpg123.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>

#include "output/master/master.h"

namespace narrate::master {
namespace {

constexpr double kWindowS = 0.010;
constexpr int kNoiseWindows = 50;  // 500 ms

double PowerToDb(double mean_square) {
  return mean_square > 0 ? 10 * std::log10(mean_square) : -std::numeric_limits<double>::infinity();
}

// Head and tail room tone and the noise floor, window by window.
class WindowAnalysis {
 public:
  explicit WindowAnalysis(int rate_hz) : window_(std::max(1, static_cast<int>(rate_hz * kWindowS))), rate_hz_(rate_hz) {}

  void Add(std::span<const float> samples) {
    for (float s : samples) {
      sum_ += double(s) * s;
      if (++filled_ == window_) EndWindow(true);
    }
  }
  void Finish(AcxReport& r) {
    if (filled_ > 0) EndWindow(false);
    r.head_room_tone_s = static_cast<double>(head_samples_) / rate_hz_;
    r.tail_room_tone_s = static_cast<double>(tail_samples_) / rate_hz_;
    r.head_digital_silence = head_digital_;
    r.tail_digital_silence = tail_digital_;
    // Files shorter than 500 ms: their whole RMS.
    double sum = windows_ < kNoiseWindows ? total_power_ : quietest_;
    r.noise_floor_dbfs = PowerToDb(sum / std::clamp(windows_, 1, kNoiseWindows));
  }

 private:
  // A short last window counts for head and tail, not for the noise floor.
  void EndWindow(bool whole) {
    double power = sum_ / filled_;
    double db = PowerToDb(power);
    bool speech = db >= kSpeechThresholdDbfs, digital = db < kDigitalSilenceDbfs;
    if (speech) {
      heard_speech_ = true;
      tail_samples_ = 0;
      tail_digital_ = false;
    } else {
      (heard_speech_ ? tail_samples_ : head_samples_) += filled_;
      if (digital) (heard_speech_ ? tail_digital_ : head_digital_) = true;
    }
    if (!heard_speech_) tail_samples_ = head_samples_, tail_digital_ = head_digital_;
    if (whole) TrackNoiseFloor(power);
    sum_ = 0;
    filled_ = 0;
  }

  // quietest_: the smallest sum of kNoiseWindows consecutive window powers.
  void TrackNoiseFloor(double power) {
    total_power_ += power;
    running_ += power - recent_[windows_ % kNoiseWindows];
    recent_[windows_ % kNoiseWindows] = power;
    if (++windows_ % kNoiseWindows == 0) {  // re-add now and then so rounding cannot drift
      running_ = 0;
      for (double p : recent_) running_ += p;
    }
    if (windows_ >= kNoiseWindows) quietest_ = std::min(quietest_, running_);
  }

  int window_;
  int rate_hz_;
  int filled_ = 0;
  double sum_ = 0;
  bool heard_speech_ = false;
  std::int64_t head_samples_ = 0, tail_samples_ = 0;
  bool head_digital_ = false, tail_digital_ = false;
  double recent_[kNoiseWindows] = {};
  double running_ = 0, total_power_ = 0;
  double quietest_ = std::numeric_limits<double>::infinity();
  int windows_ = 0;
};

struct Mpg123Deleter {
  void operator()(mpg123_handle* h) const {
    mpg123_close(h);
    mpg123_delete(h);
  }
};
struct Ebur128Deleter {
  void operator()(ebur128_state* s) const { ebur128_destroy(&s); }
};
using Mpg123Ptr = std::unique_ptr<mpg123_handle, Mpg123Deleter>;
using Ebur128Ptr = std::unique_ptr<ebur128_state, Ebur128Deleter>;

Result<Mpg123Ptr> OpenDecoder(const std::string& path) {
  static const int init = mpg123_init();
  (void)init;
  int error = 0;
  Mpg123Ptr h(mpg123_new(nullptr, &error));
  if (h == nullptr) return Status::Internal(path + ": cannot start libmpg123");
  // Gapless: the LAME tag's encoder delay and padding are removed. Float out;
  // stereo is mixed to mono.
  mpg123_param(h.get(), MPG123_FLAGS, MPG123_GAPLESS | MPG123_QUIET | MPG123_FORCE_FLOAT | MPG123_MONO_MIX, 0);
  if (mpg123_open(h.get(), path.c_str()) != MPG123_OK) {
    if (!std::filesystem::exists(path)) return Status::NotFound(path + ": No such file");
    return Status::InvalidInput(path + ": " + mpg123_strerror(h.get()));
  }
  return h;
}

struct Stream {
  int sample_rate_hz = 0;
  int channels = 0;
  int bitrate_kbps = 0;
  bool constant_bitrate = true;
  std::int64_t samples = 0;
};

// Facts of one decoded frame: rate, channels, bit rate and mode.
void NoteFrame(mpg123_handle* h, Stream& s) {
  mpg123_frameinfo2 info{};
  if (mpg123_info2(h, &info) != MPG123_OK) return;
  if (s.sample_rate_hz == 0) {
    s.sample_rate_hz = static_cast<int>(info.rate);
    s.channels = info.mode == MPG123_M_MONO ? 1 : 2;
    s.bitrate_kbps = info.bitrate;
  }
  // The frames decide, not the Xing/Info header: ffmpeg's muxer labels
  // stream-copied CBR "Xing" (VBR), and a header can claim anything.
  if (info.bitrate != s.bitrate_kbps) s.constant_bitrate = false;
}

Result<Ebur128Ptr> OpenTruePeak(const std::string& path, int rate_hz) {
  Ebur128Ptr st(ebur128_init(1, static_cast<unsigned long>(rate_hz), EBUR128_MODE_TRUE_PEAK));
  if (st == nullptr) return Status::Error(path + ": cannot start libebur128 at " + std::to_string(rate_hz) + " Hz");
  return st;
}

// Decodes frame by frame, feeding every meter.
Status Measure(const std::string& path, mpg123_handle* h, AcxReport& r) {
  Stream stream;
  LevelMeter level;
  Ebur128Ptr peak;
  std::unique_ptr<WindowAnalysis> windows;
  for (;;) {
    off_t frame = 0;
    unsigned char* audio = nullptr;
    std::size_t bytes = 0;
    int rc = mpg123_decode_frame(h, &frame, &audio, &bytes);
    if (rc == MPG123_DONE) break;
    if (rc != MPG123_OK && rc != MPG123_NEW_FORMAT) return Status::Error(path + ": " + mpg123_strerror(h));
    NoteFrame(h, stream);
    if (bytes == 0) continue;
    if (peak == nullptr) {
      auto opened = OpenTruePeak(path, stream.sample_rate_hz);
      if (!opened.ok()) return opened.status();
      peak = std::move(*opened);
      windows = std::make_unique<WindowAnalysis>(stream.sample_rate_hz);
    }
    std::span<const float> samples(reinterpret_cast<const float*>(audio), bytes / sizeof(float));
    level.Add(samples);
    ebur128_add_frames_float(peak.get(), samples.data(), samples.size());
    windows->Add(samples);
  }
  if (level.samples() == 0) return Status::Error(path + ": no MPEG audio in the file");
  double true_peak = 0;
  ebur128_true_peak(peak.get(), 0, &true_peak);
  r.sample_rate_hz = stream.sample_rate_hz;
  r.channels = stream.channels;
  r.bitrate_kbps = stream.bitrate_kbps;
  r.constant_bitrate = stream.constant_bitrate;
  r.duration_s = static_cast<double>(level.samples()) / stream.sample_rate_hz;
  r.rms_dbfs = level.rms_dbfs();
  r.sample_peak_dbfs = level.peak_dbfs();
  r.true_peak_dbtp = PowerToDb(true_peak * true_peak);
  windows->Finish(r);
  return Status::Ok();
}

std::string Fixed(double value, int decimals) {
  if (!std::isfinite(value)) return value < 0 ? "-inf" : "inf";
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

// The ACX list, one line per requirement the file misses.
std::vector<std::string> Failures(const AcxReport& r) {
  std::vector<std::string> f;
  if (r.bitrate_kbps < 192) f.push_back("bit rate " + std::to_string(r.bitrate_kbps) + " kbps, not 192 or more");
  if (!r.constant_bitrate) f.push_back("variable bit rate, not CBR");
  if (r.sample_rate_hz != 44100) f.push_back("sample rate " + std::to_string(r.sample_rate_hz) + " Hz, not 44100");
  if (r.channels != 1) f.push_back(std::to_string(r.channels) + " channels, not mono");
  if (!(r.rms_dbfs >= -23 && r.rms_dbfs <= -18)) f.push_back("RMS " + Fixed(r.rms_dbfs, 1) + " dBFS, not in -23..-18");
  if (!(r.true_peak_dbtp <= -3)) f.push_back("true peak " + Fixed(r.true_peak_dbtp, 1) + " dBTP, above -3");
  if (!(r.noise_floor_dbfs <= -60)) f.push_back("noise floor " + Fixed(r.noise_floor_dbfs, 1) + " dBFS, above -60");
  if (r.head_room_tone_s < 0.5 || r.head_room_tone_s > 1) {
    f.push_back("head room tone " + Fixed(r.head_room_tone_s, 2) + " s, not 0.5..1");
  }
  if (r.tail_room_tone_s < 1 || r.tail_room_tone_s > 5) {
    f.push_back("tail room tone " + Fixed(r.tail_room_tone_s, 2) + " s, not 1..5");
  }
  if (r.head_digital_silence) f.push_back("digital silence in the head room tone");
  if (r.tail_digital_silence) f.push_back("digital silence in the tail room tone");
  if (r.duration_s > 120 * 60) f.push_back("length " + Fixed(r.duration_s / 60, 1) + " min, over 120");
  return f;
}

std::string Clock(double seconds) {
  char text[32];
  std::snprintf(text, sizeof(text), "%d:%04.1f", static_cast<int>(seconds / 60), std::fmod(seconds, 60.0));
  return text;
}

std::string Row(const std::string& file, std::size_t file_width, const std::vector<std::string>& cells) {
  static const int kWidths[] = {6, 8, 3, 9, 9, 9, 10, 11, 7, 7};
  char column[64];
  std::snprintf(column, sizeof(column), "%-*s", static_cast<int>(file_width), file.c_str());
  std::string line = column;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::snprintf(column, sizeof(column), i == 0 ? "  %-*s" : " %*s", kWidths[i], cells[i].c_str());
    line += column;
  }
  return line + "\n";
}

}  // namespace

std::string FormatAcxTable(const std::vector<AcxReport>& reports) {
  std::size_t width = 4;
  for (const AcxReport& r : reports) width = std::max(width, std::filesystem::path(r.path).filename().string().size());
  std::string table = Row("File", width, {"Result", "Rate Hz", "Ch", "kbps", "Length", "RMS dBFS", "Peak dBTP",
                                          "Noise dBFS", "Head s", "Tail s"});
  for (const AcxReport& r : reports) {
    table += Row(std::filesystem::path(r.path).filename().string(), width,
                 {r.passed() ? "PASS" : "FAIL", std::to_string(r.sample_rate_hz), std::to_string(r.channels),
                  std::to_string(r.bitrate_kbps) + (r.constant_bitrate ? " CBR" : " VBR"), Clock(r.duration_s),
                  Fixed(r.rms_dbfs, 1), Fixed(r.true_peak_dbtp, 1), Fixed(r.noise_floor_dbfs, 1),
                  Fixed(r.head_room_tone_s, 2), Fixed(r.tail_room_tone_s, 2)});
    for (const std::string& failure : r.failures) table += "    " + failure + "\n";
  }
  return table;
}

Result<AcxReport> CheckAcx(const std::string& mp3_path) {
  auto decoder = OpenDecoder(mp3_path);
  if (!decoder.ok()) return decoder.status();
  AcxReport report;
  report.path = mp3_path;
  NARRATE_RETURN_IF_ERROR(Measure(mp3_path, decoder->get(), report));
  report.failures = Failures(report);
  return report;
}

}  // namespace narrate::master
