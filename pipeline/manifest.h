// Private to pipeline/: the build manifest kept in the output folder
// (.narrate-manifest.json). For each chapter file it records a hash of
// everything that shapes the file, so a rebuild re-renders only chapters
// whose hash changed, and a build that was stopped resumes where it was.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"

namespace narrate::pipeline {

inline constexpr char kManifestName[] = ".narrate-manifest.json";  // hidden: not for players

struct ManifestEntry {
  std::string hash;          // hex digest of the chapter's inputs
  std::int64_t samples = 0;  // exact length
  int rate_hz = 0;
  // Where each chapter starts, for a file holding several (single-file books).
  std::vector<std::int64_t> starts;
};

// File name (within the output folder) → entry.
using Manifest = std::map<std::string, ManifestEntry>;

// A missing or unreadable manifest is an empty one: everything is rebuilt.
// Both go through fs; saving is atomic.
Manifest LoadManifest(const std::string& dir, FileSystem& fs = RealFileSystem());
Status SaveManifest(const std::string& dir, const Manifest& manifest,
                    FileSystem& fs = RealFileSystem());

// FNV-1a 64-bit over parts separated by NUL bytes, as 16 hex digits. Not
// cryptographic: it tells a changed chapter from an unchanged one.
class Hasher {
 public:
  Hasher& Add(const std::string& part);
  Hasher& Add(std::int64_t number) { return Add(std::to_string(number)); }
  std::string Hex() const;

 private:
  std::uint64_t state_ = 14695981039346656037ull;  // FNV-1a 64-bit offset basis
};

}  // namespace narrate::pipeline
