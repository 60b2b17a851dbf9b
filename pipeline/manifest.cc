#include "pipeline/manifest.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace narrate::pipeline {

namespace {

using Json = nlohmann::json;

// The integer at key within [low, high], or std::nullopt (missing, another
// type, out of range): {"samples": 1e300} and {"samples": "9"} are not.
std::optional<std::int64_t> IntegerAt(const Json& object, const char* key, std::int64_t low,
                                      std::int64_t high) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(INT64_MAX))
    return std::nullopt;
  const std::int64_t value = it->get<std::int64_t>();
  if (value < low || value > high) return std::nullopt;
  return value;
}

std::optional<std::string> StringAt(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// Only plain names inside the folder: "01 - One.mp3", not "../x", "/etc/x" or ".hidden".
bool IsPlainName(const std::string& file) {
  return !file.empty() && file.find('/') == std::string::npos &&
         file.find('\0') == std::string::npos && !file.starts_with(".");
}

// Non-decreasing integers in [0, samples], or std::nullopt.
std::optional<std::vector<std::int64_t>> StartsOf(const Json& c, std::int64_t samples) {
  std::vector<std::int64_t> starts;
  auto it = c.find("chapter_starts");
  if (it == c.end()) return starts;
  if (!it->is_array()) return std::nullopt;
  for (const Json& s : *it) {
    if (!s.is_number_integer() || (s.is_number_unsigned() && s.get<std::uint64_t>() > INT64_MAX))
      return std::nullopt;
    const std::int64_t at = s.get<std::int64_t>();
    if (at < 0 || at > samples || (!starts.empty() && at < starts.back())) return std::nullopt;
    starts.push_back(at);
  }
  return starts;
}

// One "chapters" item, or std::nullopt when any field breaks the rules.
std::optional<std::pair<std::string, ManifestEntry>> EntryOf(const Json& c) {
  if (!c.is_object()) return std::nullopt;
  auto file = StringAt(c, "file");
  auto hash = StringAt(c, "hash");
  auto samples = IntegerAt(c, "samples", 0, kMaxManifestSamples);
  auto rate_hz = IntegerAt(c, "rate_hz", kMinManifestRateHz, kMaxManifestRateHz);
  if (!file || !IsPlainName(*file) || !hash || !samples || !rate_hz) return std::nullopt;
  auto starts = StartsOf(c, *samples);
  if (!starts) return std::nullopt;
  ManifestEntry entry{*hash, *samples, static_cast<int>(*rate_hz), std::move(*starts), -1};
  if (c.contains("bytes")) {
    auto bytes = IntegerAt(c, "bytes", 0, INT64_MAX);
    if (!bytes) return std::nullopt;
    entry.bytes = *bytes;
  }
  return std::make_pair(std::move(*file), std::move(entry));
}

// "parts": {"<name>": bytes, ...} → extras (plain names, sizes > 0).
void PartsOf(const Json& json, ManifestExtras& extras) {
  auto parts = json.find("parts");
  if (parts == json.end() || !parts->is_object()) return;
  for (auto it = parts->begin(); it != parts->end(); ++it) {
    const Json item{{"bytes", *it}};
    auto bytes = IntegerAt(item, "bytes", 1, INT64_MAX);
    if (bytes && IsPlainName(it.key())) extras.part_bytes[it.key()] = *bytes;
  }
}

// "book_files": {"cover.jpg": "<hash>"}; other items are left out.
void BookFilesOf(const Json& json, ManifestExtras& extras) {
  auto files = json.find("book_files");
  if (files == json.end() || !files->is_object()) return;
  for (auto it = files->begin(); it != files->end(); ++it) {
    if (it->is_string() && IsPlainName(it.key()))
      extras.book_files[it.key()] = it->get<std::string>();
  }
}

}  // namespace

Manifest LoadManifest(const std::string& dir, FileSystem& fs, ManifestExtras* extras) {
  Manifest manifest;
  ManifestExtras ignored;
  ManifestExtras& more = extras != nullptr ? *extras : ignored;
  more = ManifestExtras{};
  auto text = fs.ReadFile((std::filesystem::path(dir) / kManifestName).string());
  if (!text.ok()) return manifest;
  Json json = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return manifest;
  if (auto id = StringAt(json, "book")) more.book = *id;
  if (auto name = StringAt(json, "playlist"); name && IsPlainName(*name)) more.playlist = *name;
  PartsOf(json, more);
  BookFilesOf(json, more);
  auto chapters = json.find("chapters");
  if (chapters == json.end() || !chapters->is_array()) return manifest;
  for (const Json& c : *chapters) {
    if (auto entry = EntryOf(c)) manifest[entry->first] = std::move(entry->second);
  }
  return manifest;
}

Status SaveManifest(const std::string& dir, const Manifest& manifest, FileSystem& fs,
                    const ManifestExtras& extras) {
  Json chapters = Json::array();
  for (const auto& [file, e] : manifest) {
    Json entry{{"file", file}, {"hash", e.hash}, {"samples", e.samples}, {"rate_hz", e.rate_hz}};
    if (!e.starts.empty()) entry["chapter_starts"] = e.starts;
    if (e.bytes >= 0) entry["bytes"] = e.bytes;
    chapters.push_back(std::move(entry));
  }
  Json json{{"narrate_manifest", 1}, {"chapters", chapters}};
  if (!extras.book.empty()) json["book"] = extras.book;
  if (!extras.playlist.empty()) json["playlist"] = extras.playlist;
  if (!extras.part_bytes.empty()) json["parts"] = extras.part_bytes;
  if (!extras.book_files.empty()) json["book_files"] = extras.book_files;
  const std::string path = (std::filesystem::path(dir) / kManifestName).string();
  // Invalid UTF-8 (a title from a Latin-1 OPF) is replaced, never thrown.
  return fs.WriteFileAtomically(path,
                                json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

}  // namespace narrate::pipeline
