// CheckAacBitrate: what AAC-LC allows, without FFmpeg. Compiled into both
// narrate_encode (the build's checks, before any module is loaded) and
// narrate-aac.so (its encoder checks again).
#include <algorithm>
#include <iterator>
#include <string>

#include "output/encode/aac.h"

namespace narrate::encode {
namespace {

// The sampling frequencies AAC signals (ISO 14496-3, 1.6.3.4).
constexpr int kAacRatesHz[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                               22050, 16000, 12000, 11025, 8000,  7350};
constexpr int kMinAacKbps = 8;
// One channel element carries at most 6144 bits per frame (ISO 14496-3,
// 4.5.3.2): 132 kbps at 22050 Hz, 288 at 48000 Hz.
int MaxAacKbps(int rate_hz) { return static_cast<int>(6144LL * rate_hz / kAacFrameSamples / 1000); }

}  // namespace

Status CheckAacBitrate(int rate_hz, int bitrate_kbps) {
  if (std::find(std::begin(kAacRatesHz), std::end(kAacRatesHz), rate_hz) == std::end(kAacRatesHz)) {
    return Status::InvalidInput(std::to_string(rate_hz) + " Hz is not an AAC sampling rate");
  }
  const int max_kbps = MaxAacKbps(rate_hz);
  if (bitrate_kbps < kMinAacKbps || bitrate_kbps > max_kbps) {
    return Status::InvalidInput("--bitrate " + std::to_string(bitrate_kbps) +
                                " is not an AAC-LC rate for " + std::to_string(rate_hz) +
                                " Hz mono; use " + std::to_string(kMinAacKbps) + ".." +
                                std::to_string(max_kbps) + " kbps");
  }
  return Status::Ok();
}

}  // namespace narrate::encode
