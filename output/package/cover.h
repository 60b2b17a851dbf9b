// Cover art made fit for players: a JPEG, PNG or SVG becomes one JPEG of
// bounded size and weight (gdk-pixbuf decodes and encodes, librsvg rasterises
// SVG). No gdk-pixbuf, librsvg or cairo type appears here. That code is
// narrate-cover.so, a module loaded on first use (common/module.h) so that
// the program starts without those libraries; when it cannot be loaded, both
// functions fail with one line: "[<name>: ]cover art needs narrate's cover
// module: <path>: <why>".
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"
#include "output/package/package.h"

namespace narrate::package {

// The name players look for beside the audio files.
inline constexpr char kCoverFileName[] = "cover.jpg";

struct CoverLimits {
  int max_side_px = 1400;              // the long side; images are never enlarged
  std::size_t max_bytes = 500 * 1000;  // the JPEG's size
  // A raster image with more pixels than this is refused (memory).
  long long max_pixels = 100'000'000;
};

struct ImageSize {
  int width_px = 0;
  int height_px = 0;
};

// JPEG, PNG or SVG bytes (recognised by content) → a JPEG of at most
// limits.max_side_px on the long side and at most limits.max_bytes: scaled
// down (never up; an SVG is rasterised at its own size, capped), EXIF
// orientation applied, transparency on white, encoded at quality 90 and
// stepped down by 10 to 40 until it fits, then made smaller still if it must.
// A JPEG already within both limits is kept byte for byte. The input is
// never changed. Fails with one line starting "<name>: " when the bytes are
// not such an image or cannot be decoded or rasterised.
Result<Cover> FitCover(const std::string& bytes, const std::string& name,
                       const CoverLimits& limits = {});

// The pixel size of a JPEG or PNG (after decoding it whole), or of an SVG as
// FitCover would rasterise it without a cap. For checks and tests.
Result<ImageSize> ImageSizeOf(const std::string& bytes);

}  // namespace narrate::package
