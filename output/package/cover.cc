// cover.h: the bytes recognised here, decoded and encoded by narrate-cover.so,
// which is loaded on first use (cover_module.h).
#include "output/package/cover.h"

#include "output/package/cover_module.h"

namespace narrate::package {
namespace {

const Result<const cover::ModuleApi*>& Module() {
  return LoadedModule<cover::ModuleApi>(cover::kModuleSpec);
}

}  // namespace

Result<Cover> FitCover(const std::string& bytes, const std::string& name,
                       const CoverLimits& limits) {
  const std::string mime = ImageMimeType(bytes);
  if (mime.empty()) return Status::Error(name + ": not a JPEG, PNG or SVG image");
  const auto& module = Module();
  if (!module.ok()) return module.status().WithPrefix(name);
  auto cover = (*module)->fit(bytes, mime, limits);
  if (!cover.ok()) return Status::Error(name + ": " + cover.status().message());
  return cover;
}

Result<ImageSize> ImageSizeOf(const std::string& bytes) {
  const std::string mime = ImageMimeType(bytes);
  if (mime.empty()) return Status::Error("not a JPEG, PNG or SVG image");
  const auto& module = Module();
  if (!module.ok()) return module.status();
  return (*module)->size_of(bytes, mime);
}

}  // namespace narrate::package
