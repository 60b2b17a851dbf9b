#include <algorithm>
#include <array>
#include <cmath>

#include "output/encode/encoder.h"

namespace narrate::encode {

std::int16_t FloatToInt16(float sample) {
  if (std::isnan(sample)) return 0;
  double scaled = std::nearbyint(static_cast<double>(sample) * 32768.0);
  return static_cast<std::int16_t>(std::clamp(scaled, -32768.0, 32767.0));
}

Status AudioEncoder::WriteFloat(std::span<const float> samples) {
  std::array<std::int16_t, 4096> chunk;
  while (!samples.empty()) {
    std::size_t n = std::min(samples.size(), chunk.size());
    std::transform(samples.begin(), samples.begin() + n, chunk.begin(), FloatToInt16);
    NARRATE_RETURN_IF_ERROR(Write(std::span<const std::int16_t>(chunk.data(), n)));
    samples = samples.subspan(n);
  }
  return Status::Ok();
}

}  // namespace narrate::encode
