// The table narrate-aac.so exports (aac_module.cc) and aac.cc loads: the
// FFmpeg half of aac.h, kept out of the program's start-up (common/module.h).
// No FFmpeg type here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/module.h"
#include "common/status.h"
#include "output/encode/aac.h"
#include "output/encode/encoder.h"

namespace narrate::encode::aac {

struct ModuleApi {
  ModuleHeader header;
  std::string (*encoder_version)();
  Result<std::unique_ptr<AudioEncoder>> (*open_m4a)(const std::string& path, int rate_hz,
                                                    int bitrate_kbps, const Mp4Tags& tags);
  Result<std::unique_ptr<AudioEncoder>> (*open_segment)(const std::string& path, int rate_hz,
                                                        int bitrate_kbps);
  Result<std::int64_t> (*segment_samples)(const std::string& path);
  Status (*join_segments)(const std::vector<std::string>& segment_paths, std::int64_t skip_samples,
                          std::int64_t samples, const Mp4Tags& tags,
                          const std::string& output_path);
};

// Raise it whenever ModuleApi or a type crossing it (Mp4Tags, AudioEncoder,
// Status, Result) changes, so that an older module is refused.
inline constexpr int kModuleVersion = 1;

inline constexpr ModuleSpec kModuleSpec{
    .file_name = "narrate-aac.so",
    .entry = "narrate_aac_module",
    .needed_by = "M4B/M4A output needs narrate's AAC module",
    .version = kModuleVersion,
    .size = sizeof(ModuleApi),
};

}  // namespace narrate::encode::aac

// The module's entry (kModuleSpec.entry): its ModuleApi.
extern "C" const narrate::ModuleHeader* narrate_aac_module();
