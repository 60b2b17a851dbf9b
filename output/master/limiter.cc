#include "output/master/limiter.h"

#include <algorithm>
#include <cmath>

namespace narrate::master {
namespace {

constexpr int kHalf = TruePeakLimiter::kTaps / 2;
constexpr double kKaiserBeta = 6.0;

// Modified Bessel function of the first kind, order 0 (series).
double BesselI0(double x) {
  double sum = 1, term = 1;
  for (int k = 1; k < 30; ++k) {
    term *= (x / (2 * k)) * (x / (2 * k));
    sum += term;
  }
  return sum;
}

// Weight of an input sample at distance d (in input samples) from the point
// being interpolated: windowed sinc with its cutoff at the input's Nyquist.
double InterpolationWeight(double d) {
  double sinc = d == 0 ? 1.0 : std::sin(M_PI * d) / (M_PI * d);
  double u = d / kHalf;
  double window = BesselI0(kKaiserBeta * std::sqrt(std::max(0.0, 1 - u * u))) / BesselI0(kKaiserBeta);
  return sinc * window;
}

std::size_t RingSize(int at_least) {
  std::size_t size = 1;
  while (size < static_cast<std::size_t>(at_least)) size *= 2;
  return size;
}

}  // namespace

TruePeakLimiter::TruePeakLimiter(double ceiling_linear, int lookahead_samples, int release_samples)
    : ceiling_(ceiling_linear),
      lookahead_(std::max(1, lookahead_samples)),
      release_coefficient_(1 - std::exp(-1.0 / std::max(1, release_samples))),
      history_(RingSize(latency() + kTaps + 2), 0.0f),
      mask_(history_.size() - 1),
      envelope_(static_cast<std::size_t>(lookahead_), 1.0),
      envelope_sum_(lookahead_) {
  // Phase k interpolates at m + k/4 from x[m - kHalf + 1 .. m + kHalf].
  for (int k = 1; k < kOversampling; ++k) {
    double* phase = phases_[k - 1];
    double sum = 0;
    for (int i = 0; i < kTaps; ++i) {
      phase[i] = InterpolationWeight(i - kHalf + 1 - static_cast<double>(k) / kOversampling);
      sum += phase[i];
    }
    for (int i = 0; i < kTaps; ++i) phase[i] /= sum;  // unity gain at DC
  }
  double largest_gain = 1;
  for (const double* phase : phases_) {
    double gain = 0;
    for (int i = 0; i < kTaps; ++i) gain += std::fabs(phase[i]);
    largest_gain = std::max(largest_gain, gain);
  }
  quiet_limit_ = ceiling_ / largest_gain;
}

// Sample j enters the window of the newest interval, j - kTaps leaves it.
void TruePeakLimiter::CountLoud(std::int64_t j) {
  if (std::fabs(At(j)) > quiet_limit_) ++loud_;
  if (std::fabs(At(j - kTaps)) > quiet_limit_) --loud_;
}

double TruePeakLimiter::IntervalPeak(std::int64_t m) const {
  double peak = std::max(std::fabs(At(m)), std::fabs(At(m + 1)));
  if (loud_ == 0) return peak;  // under the ceiling whatever the filter gives
  for (const double* phase : phases_) {
    double y = 0;
    for (int i = 0; i < kTaps; ++i) y += phase[i] * At(m - kHalf + 1 + i);
    peak = std::max(peak, std::fabs(y));
  }
  return peak;
}

// The smallest need among samples m - lookahead + 1 .. m (monotonic deque).
double TruePeakLimiter::ForwardMinimum(std::int64_t m, double need) {
  while (!minimum_.empty() && minimum_.back().second >= need) minimum_.pop_back();
  minimum_.emplace_back(m, need);
  while (minimum_.front().first <= m - lookahead_) minimum_.pop_front();
  return minimum_.front().second;
}

bool TruePeakLimiter::Push(float x, float* out) {
  std::int64_t j = pushed_++;
  history_[static_cast<std::size_t>(j) & mask_] = x;
  CountLoud(j);
  std::int64_t m = j - kHalf;  // the newest sample whose interval peak is known
  double interval_peak = IntervalPeak(m);
  double peak = std::max(previous_interval_peak_, interval_peak);
  previous_interval_peak_ = interval_peak;
  double need = peak > ceiling_ ? ceiling_ / peak : 1.0;
  // Sample n = m - lookahead + 1 is the oldest whose window is complete.
  double held = ForwardMinimum(m, need);
  released_ = std::min(held, released_ + release_coefficient_ * (1 - released_));
  std::int64_t n = m - lookahead_ + 1;
  std::size_t slot = static_cast<std::size_t>((n % lookahead_ + lookahead_) % lookahead_);
  envelope_sum_ += released_ - envelope_[slot];
  envelope_[slot] = released_;
  if (slot + 1 == envelope_.size()) {  // re-add now and then so rounding cannot drift
    envelope_sum_ = 0;
    for (double e : envelope_) envelope_sum_ += e;
  }
  if (n < 0) return false;
  double gain = std::min(1.0, envelope_sum_ / lookahead_);
  min_gain_ = std::min(min_gain_, gain);
  *out = static_cast<float>(At(n) * gain);
  return true;
}

double TruePeakLimiter::max_reduction_db() const { return -20 * std::log10(min_gain_); }

}  // namespace narrate::master
