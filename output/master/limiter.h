// Internal to narrate_master: a lookahead true-peak limiter.
//
// Detection: each sample's peak is the largest of |x| at it and at the
// 3 points between it and each neighbour, interpolated by a 4x polyphase
// windowed-sinc filter (16 taps a phase, Kaiser window), as BS.1770 estimates
// true peak. The gain a sample needs is min(1, ceiling / peak). That gain
// curve goes through a forward minimum over the lookahead window, a release
// (one-pole back towards 1), and a moving average over the same window: the
// average of values that each are <= the need of sample n is <= it, so every
// sample gets at most the gain it needs, reached along a smooth ramp.
// Hand-written because neither libsoxr nor libebur128 offers per-sample peak
// detection; libebur128 verifies the result in the tests.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace narrate::master {

class TruePeakLimiter {
 public:
  static constexpr int kTaps = 16;  // per phase
  static constexpr int kOversampling = 4;

  TruePeakLimiter(double ceiling_linear, int lookahead_samples, int release_samples);

  // Pushes one sample; once latency() samples are in, each push returns one
  // output sample through *out (true) in order.
  bool Push(float x, float* out);
  int latency() const { return kTaps / 2 + lookahead_ - 1; }
  double max_reduction_db() const;

 private:
  float At(std::int64_t index) const { return history_[static_cast<std::size_t>(index) & mask_]; }
  double IntervalPeak(std::int64_t m) const;  // max |x| over [m, m + 1]
  void CountLoud(std::int64_t j);
  double ForwardMinimum(std::int64_t m, double need);

  double ceiling_;
  int lookahead_;
  double release_coefficient_;
  double phases_[kOversampling - 1][kTaps];
  // No interpolated point can exceed the ceiling while every sample of the
  // filter's window is at most quiet_limit_ (ceiling / the largest sum of
  // |coefficients| of a phase): then the filter is skipped. loud_ counts the
  // window's samples above it.
  double quiet_limit_;
  int loud_ = 0;
  std::vector<float> history_;  // ring of input samples
  std::size_t mask_;
  std::int64_t pushed_ = 0;
  double previous_interval_peak_ = 0;
  std::deque<std::pair<std::int64_t, double>> minimum_;  // ascending needs within the window
  std::vector<double> envelope_;  // ring of the last lookahead_ released gains
  double envelope_sum_;
  double released_ = 1.0;
  double min_gain_ = 1.0;
};

}  // namespace narrate::master
