#include "pipeline/manifest.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

namespace narrate::pipeline {

Hasher& Hasher::Add(const std::string& part) {
  for (unsigned char c : part) state_ = (state_ ^ c) * 1099511628211ull;
  state_ = (state_ ^ 0u) * 1099511628211ull;  // separator: "ab","c" ≠ "a","bc"
  return *this;
}

std::string Hasher::Hex() const {
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(state_));
  return text;
}

Manifest LoadManifest(const std::string& dir, FileSystem& fs) {
  Manifest manifest;
  auto text = fs.ReadFile((std::filesystem::path(dir) / kManifestName).string());
  if (!text.ok()) return manifest;
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json["chapters"].is_array()) return manifest;
  for (const auto& c : json["chapters"]) {
    if (!c.is_object() || !c["file"].is_string() || !c["hash"].is_string()) continue;
    std::string file = c["file"].get<std::string>();
    // Only plain names inside the folder: a damaged manifest must not reach elsewhere.
    if (file.empty() || file.find('/') != std::string::npos || file.starts_with(".")) continue;
    ManifestEntry entry{c["hash"].get<std::string>(), c.value("samples", std::int64_t{0}), c.value("rate_hz", 0), {}};
    if (c.contains("chapter_starts") && c["chapter_starts"].is_array()) {
      for (const auto& s : c["chapter_starts"]) {
        if (s.is_number_integer()) entry.starts.push_back(s.get<std::int64_t>());
      }
    }
    manifest[file] = std::move(entry);
  }
  return manifest;
}

Status SaveManifest(const std::string& dir, const Manifest& manifest, FileSystem& fs) {
  nlohmann::json chapters = nlohmann::json::array();
  for (const auto& [file, e] : manifest) {
    nlohmann::json entry{{"file", file}, {"hash", e.hash}, {"samples", e.samples}, {"rate_hz", e.rate_hz}};
    if (!e.starts.empty()) entry["chapter_starts"] = e.starts;
    chapters.push_back(std::move(entry));
  }
  nlohmann::json json{{"narrate_manifest", 1}, {"chapters", chapters}};
  const std::string path = (std::filesystem::path(dir) / kManifestName).string();
  return fs.WriteFileAtomically(path, json.dump(2) + "\n");
}

}  // namespace narrate::pipeline
