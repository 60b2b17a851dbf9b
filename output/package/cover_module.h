// The table narrate-cover.so exports (cover_module.cc) and cover.cc loads:
// the gdk-pixbuf/librsvg half of cover.h, kept out of the program's start-up
// (common/module.h). No gdk-pixbuf, librsvg or cairo type here.
#pragma once

#include <string>

#include "common/module.h"
#include "common/status.h"
#include "output/package/cover.h"
#include "output/package/package.h"

namespace narrate::package::cover {

struct ModuleApi {
  ModuleHeader header;
  // FitCover and ImageSizeOf of bytes already recognised as mime
  // (ImageMimeType); errors without the name in front.
  Result<Cover> (*fit)(const std::string& bytes, const std::string& mime,
                       const CoverLimits& limits);
  Result<ImageSize> (*size_of)(const std::string& bytes, const std::string& mime);
};

// Raise it whenever ModuleApi or a type crossing it (Cover, CoverLimits,
// ImageSize, Status, Result) changes, so that an older module is refused.
inline constexpr int kModuleVersion = 1;

inline constexpr ModuleSpec kModuleSpec{
    .file_name = "narrate-cover.so",
    .entry = "narrate_cover_module",
    .needed_by = "cover art needs narrate's cover module",
    .version = kModuleVersion,
    .size = sizeof(ModuleApi),
};

}  // namespace narrate::package::cover

// The module's entry (kModuleSpec.entry): its ModuleApi.
extern "C" const narrate::ModuleHeader* narrate_cover_module();
