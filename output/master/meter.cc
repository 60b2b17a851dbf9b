#include <algorithm>
#include <cmath>
#include <limits>

#include "output/master/master.h"

namespace narrate::master {
namespace {

double ToDb(double linear) {
  return linear > 0 ? 20 * std::log10(linear) : -std::numeric_limits<double>::infinity();
}

}  // namespace

void LevelMeter::Add(std::span<const std::int16_t> samples) {
  for (std::int16_t s : samples) {
    double x = s / 32768.0;
    sum_squares_ += x * x;
    peak_ = std::max(peak_, std::fabs(x));
  }
  samples_ += static_cast<std::int64_t>(samples.size());
}

void LevelMeter::Add(std::span<const float> samples) {
  for (float s : samples) {
    double x = s;
    sum_squares_ += x * x;
    peak_ = std::max(peak_, std::fabs(x));
  }
  samples_ += static_cast<std::int64_t>(samples.size());
}

double LevelMeter::rms_dbfs() const {
  return samples_ == 0 ? ToDb(0) : ToDb(std::sqrt(sum_squares_ / static_cast<double>(samples_)));
}

double LevelMeter::peak_dbfs() const { return ToDb(peak_); }

double AcxGainDb(double measured_rms_dbfs, const AcxSettings& settings) {
  if (!std::isfinite(measured_rms_dbfs)) return 0;
  return std::min(40.0, settings.target_rms_dbfs - measured_rms_dbfs);
}

std::uint32_t AcxPartNoiseSeed(std::size_t part) {
  // Golden-ratio steps: distinct states for the first 2^32 parts.
  const std::uint32_t seed =
      AcxSettings{}.noise_seed + static_cast<std::uint32_t>(part) * 0x9e3779b9u;
  return seed != 0 ? seed : 1;
}

}  // namespace narrate::master
