// aac.h's functions that need FFmpeg, forwarded to narrate-aac.so, which is
// loaded on first use (aac_module.h). CheckAacBitrate is aac_bitrate.cc's.
#include "output/encode/aac.h"

#include "output/encode/aac_module.h"

namespace narrate::encode {
namespace {

const Result<const aac::ModuleApi*>& Module() {
  return LoadedModule<aac::ModuleApi>(aac::kModuleSpec);
}

}  // namespace

std::string AacEncoderVersion() {
  const auto& module = Module();
  return module.ok() ? (*module)->encoder_version() : std::string();
}

Result<std::unique_ptr<AudioEncoder>> OpenM4a(const std::string& path, int rate_hz,
                                              int bitrate_kbps, Mp4Tags tags) {
  const auto& module = Module();
  if (!module.ok()) return module.status();
  return (*module)->open_m4a(path, rate_hz, bitrate_kbps, tags);
}

Result<std::unique_ptr<AudioEncoder>> OpenAacSegment(const std::string& path, int rate_hz,
                                                     int bitrate_kbps) {
  const auto& module = Module();
  if (!module.ok()) return module.status();
  return (*module)->open_segment(path, rate_hz, bitrate_kbps);
}

Result<std::int64_t> AacSegmentSamples(const std::string& path) {
  const auto& module = Module();
  if (!module.ok()) return module.status();
  return (*module)->segment_samples(path);
}

Status JoinAacSegments(const std::vector<std::string>& segment_paths, std::int64_t skip_samples,
                       std::int64_t samples, const Mp4Tags& tags, const std::string& output_path) {
  const auto& module = Module();
  if (!module.ok()) return module.status();
  return (*module)->join_segments(segment_paths, skip_samples, samples, tags, output_path);
}

}  // namespace narrate::encode
