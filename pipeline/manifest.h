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
#include "common/hash.h"
#include "common/status.h"

namespace narrate::pipeline {

inline constexpr char kManifestName[] = ".narrate-manifest.json";  // hidden: not for players

struct ManifestEntry {
  std::string hash;          // hex digest of the chapter's inputs
  std::int64_t samples = 0;  // exact length
  int rate_hz = 0;
  // Where each chapter starts, for a file holding several (single-file books).
  std::vector<std::int64_t> starts;
  // Size of the finished file; -1 when unknown (a manifest of an older
  // narrate): such a file is made again, as is one whose size differs.
  std::int64_t bytes = -1;
};

// File name (within the output folder) → entry.
using Manifest = std::map<std::string, ManifestEntry>;

// Bounds an entry must keep to be believed.
inline constexpr int kMinManifestRateHz = 8000;
inline constexpr int kMaxManifestRateHz = 192000;
inline constexpr std::int64_t kMaxManifestSamples = std::int64_t{1} << 40;  // > 200 days at 48 kHz

// A missing, unreadable or malformed manifest is an empty one: everything is
// rebuilt. Entries that break the rules are left out (their files are made
// again): "file" a plain name in the folder (not empty, no '/', not
// starting with '.', no NUL), "hash" a string, "samples" an integer in
// [0, kMaxManifestSamples], "rate_hz" an integer in [kMinManifestRateHz,
// kMaxManifestRateHz], "chapter_starts" (optional) non-decreasing integers
// in [0, samples], "bytes" (optional) an integer >= 0. Never throws.
// *extras (when not null) gets the rest the manifest records; a malformed
// "parts" item is left out (that part is rendered again).
// Both go through fs; saving is atomic and durable.
struct ManifestExtras {
  std::string book;  // whose audiobook the folder holds ("Title by Author"); "" unknown
  // Cached parts (names in .narrate-cache) → their size when they were finished.
  std::map<std::string, std::int64_t> part_bytes;
  std::string playlist;  // the playlist's name, removed when a later build names it otherwise
  // The book's files the build wrote beside the audio (cover.jpg, desc.txt,
  // reader.txt) → a hash of their content: rewritten when it changes, removed
  // when the book no longer has one. Plain names only.
  std::map<std::string, std::string> book_files = {};
};
Manifest LoadManifest(const std::string& dir, FileSystem& fs = RealFileSystem(),
                      ManifestExtras* extras = nullptr);
Status SaveManifest(const std::string& dir, const Manifest& manifest,
                    FileSystem& fs = RealFileSystem(), const ManifestExtras& extras = {});

// The content hash of parts and files (common/hash.h).
using narrate::Hasher;

}  // namespace narrate::pipeline
