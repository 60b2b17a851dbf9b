// The mastering chain: libsoxr, gain, noise bed, TruePeakLimiter.
#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "output/master/limiter.h"
#include "output/master/master.h"

namespace narrate::master {
namespace {

constexpr std::size_t kChunkSamples = 4096;
constexpr double kLookaheadMs = 5;
constexpr double kReleaseMs = 80;
// The limiter aims this far under the ceiling: its own true-peak estimate and
// libebur128's differ (by up to 0.003 dB on full-scale white noise in the
// tests), and its gain ramps modulate the signal slightly.
constexpr double kEstimatorMarginDb = 0.1;

// Uniform white noise from a fixed-seed xorshift32, so output is reproducible
// on every platform (std::uniform_real_distribution is not).
class NoiseBed {
 public:
  NoiseBed(double rms_dbfs, std::uint32_t seed)
      : amplitude_(std::pow(10.0, rms_dbfs / 20) * std::sqrt(3.0)), state_(seed != 0 ? seed : 1) {}
  float Next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return static_cast<float>(amplitude_ * ((state_ >> 8) * (2.0 / (1 << 24)) - 1.0));
  }

 private:
  double amplitude_;  // uniform on [-a, a] has RMS a / sqrt(3)
  std::uint32_t state_;
};

class SoxrMastering final : public Mastering {
 public:
  SoxrMastering(soxr_t soxr, int input_rate_hz, double gain_db, const AcxSettings& s,
                encode::AudioEncoder& sink)
      : soxr_(soxr),
        input_rate_hz_(input_rate_hz),
        output_rate_hz_(s.output_rate_hz),
        gain_(static_cast<float>(std::pow(10.0, gain_db / 20))),
        noise_(s.noise_rms_dbfs, s.noise_seed),
        limiter_(std::pow(10.0, (s.true_peak_ceiling_dbtp - kEstimatorMarginDb) / 20),
                 static_cast<int>(kLookaheadMs * s.output_rate_hz / 1000),
                 static_cast<int>(kReleaseMs * s.output_rate_hz / 1000)),
        sink_(sink),
        resampled_(kChunkSamples) {
    out_.reserve(kChunkSamples);
  }
  ~SoxrMastering() override { soxr_delete(soxr_); }

  Status Write(std::span<const std::int16_t> samples) override {
    if (flushed_) return Status::Error("mastering: Write after Flush");
    input_samples_ += static_cast<std::int64_t>(samples.size());
    while (!samples.empty()) {
      std::size_t used = 0, made = 0;
      soxr_error_t error = soxr_process(soxr_, samples.data(), samples.size(), &used, resampled_.data(),
                                        resampled_.size(), &made);
      if (error != nullptr) return Status::Error(std::string("mastering: libsoxr: ") + error);
      NARRATE_RETURN_IF_ERROR(Resampled(made));
      samples = samples.subspan(used);
    }
    return Status::Ok();
  }

  Status WriteSilence(std::int64_t input_samples) override {
    static const std::int16_t kZeros[kChunkSamples] = {};
    while (input_samples > 0) {
      std::int64_t n = std::min<std::int64_t>(input_samples, kChunkSamples);
      NARRATE_RETURN_IF_ERROR(Write(std::span<const std::int16_t>(kZeros, static_cast<std::size_t>(n))));
      input_samples -= n;
    }
    return Status::Ok();
  }

  Status Flush() override {
    if (flushed_) return Status::Error("mastering: Flush called twice");
    flushed_ = true;
    for (std::size_t made = 1; made > 0;) {
      soxr_error_t error = soxr_process(soxr_, nullptr, 0, nullptr, resampled_.data(), resampled_.size(), &made);
      if (error != nullptr) return Status::Error(std::string("mastering: libsoxr: ") + error);
      NARRATE_RETURN_IF_ERROR(Resampled(made));
    }
    // soxr gives in * out / in; pad (with room tone) should rounding leave it short.
    for (std::int64_t i = resampled_count_; i < ExpectedOutput(); ++i) NARRATE_RETURN_IF_ERROR(Limit(0.0f));
    for (int i = 0; i < limiter_.latency(); ++i) NARRATE_RETURN_IF_ERROR(Drain());
    return Deliver();
  }

  std::int64_t input_samples() const override { return input_samples_; }
  std::int64_t output_samples() const override { return output_samples_; }
  std::int64_t OutputSampleOf(std::int64_t input_sample) const override {
    return input_sample * output_rate_hz_ / input_rate_hz_;
  }
  double max_limiting_db() const override { return limiter_.max_reduction_db(); }

 private:
  std::int64_t ExpectedOutput() const { return OutputSampleOf(input_samples_); }

  // Gain and noise on each resampled sample, then into the limiter. Samples
  // beyond the exact expected count (soxr rounding up) are dropped.
  Status Resampled(std::size_t made) {
    for (std::size_t i = 0; i < made && resampled_count_ < ExpectedOutputAtFlush(); ++i) {
      NARRATE_RETURN_IF_ERROR(Limit(resampled_[i] * gain_));
    }
    return Status::Ok();
  }
  // While input is still coming the final count is unknown: accept everything.
  std::int64_t ExpectedOutputAtFlush() const { return flushed_ ? ExpectedOutput() : INT64_MAX; }

  Status Limit(float x) {
    ++resampled_count_;
    float y;
    if (limiter_.Push(x + noise_.Next(), &y)) out_.push_back(y);
    return out_.size() >= kChunkSamples ? Deliver() : Status::Ok();
  }

  // Feeds the limiter past the end (zeros, no noise: they never come out).
  Status Drain() {
    float y;
    if (limiter_.Push(0.0f, &y)) out_.push_back(y);
    return out_.size() >= kChunkSamples ? Deliver() : Status::Ok();
  }

  Status Deliver() {
    NARRATE_RETURN_IF_ERROR(sink_.WriteFloat(out_));
    output_samples_ += static_cast<std::int64_t>(out_.size());
    out_.clear();
    return Status::Ok();
  }

  soxr_t soxr_;
  int input_rate_hz_;
  int output_rate_hz_;
  float gain_;
  NoiseBed noise_;
  TruePeakLimiter limiter_;
  encode::AudioEncoder& sink_;
  std::vector<float> resampled_;
  std::vector<float> out_;
  std::int64_t input_samples_ = 0;
  std::int64_t resampled_count_ = 0;
  std::int64_t output_samples_ = 0;
  bool flushed_ = false;
};

}  // namespace

Result<std::unique_ptr<Mastering>> Mastering::Create(int input_rate_hz, double gain_db, const AcxSettings& s,
                                                     encode::AudioEncoder& sink) {
  if (input_rate_hz <= 0 || s.output_rate_hz <= 0) return Status::Error("mastering: sample rates must be positive");
  if (!(s.true_peak_ceiling_dbtp < 0)) return Status::Error("mastering: the true-peak ceiling must be below 0 dBTP");
  // VHQ: images -88 dB below (LAME's resampler: -57 dB); float out, so no dither.
  soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_FLOAT32_I);
  soxr_quality_spec_t quality = soxr_quality_spec(SOXR_VHQ, 0);
  soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
  soxr_error_t error = nullptr;
  soxr_t soxr = soxr_create(input_rate_hz, s.output_rate_hz, 1, &error, &io, &quality, &runtime);
  if (soxr == nullptr || error != nullptr) {
    return Status::Error(std::string("mastering: libsoxr: ") + (error != nullptr ? error : "cannot start"));
  }
  return std::unique_ptr<Mastering>(std::make_unique<SoxrMastering>(soxr, input_rate_hz, gain_db, s, sink));
}

}  // namespace narrate::master
