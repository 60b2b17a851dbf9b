#include "pipeline/shared_cache.h"

#include <chrono>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "pipeline/acx_parts.h"
#include "pipeline/audio_out.h"

namespace narrate::pipeline {
namespace {

namespace fs = std::filesystem;

std::string DonePath(const std::string& audio_path) { return audio_path + ".done"; }

// The entry a .done file records; a malformed one (a hand edit, another
// program's file) counts as missing.
Result<CacheEntry> ParseEntry(const std::string& text, const std::string& path) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto integer = [&](const char* key) {
    return json.is_object() && json.contains(key) && json[key].is_number_integer() &&
           json[key].get<std::int64_t>() >= 0;
  };
  if (!integer("samples") || !integer("rate_hz") || !integer("bytes"))
    return Status::InFile(StatusCode::kNotFound, path, 0, "not a cache entry");
  return CacheEntry{json["samples"].get<std::int64_t>(), json["rate_hz"].get<int>(),
                    json["bytes"].get<std::int64_t>()};
}

}  // namespace

std::string CachePath(const std::string& dir, const std::string& id) {
  return (fs::path(dir) / id.substr(0, 2) / id).string();
}

Result<CacheEntry> FindEntry(FileSystem& disk, const std::string& path) {
  auto text = disk.ReadFile(DonePath(path));
  if (!text.ok()) return Status::InFile(StatusCode::kNotFound, path, 0, "not in the cache");
  auto entry = ParseEntry(*text, DonePath(path));
  if (!entry.ok()) return entry.status();
  auto bytes = disk.FileSize(path);
  if (!bytes.ok() || *bytes != entry->bytes || entry->bytes == 0)
    return Status::InFile(StatusCode::kNotFound, path, 0, "incomplete in the cache");
  return entry;
}

Status RecordEntry(FileSystem& disk, const std::string& path, std::int64_t samples, int rate_hz) {
  auto bytes = disk.FileSize(path);
  if (!bytes.ok()) return bytes.status();
  const nlohmann::json json = {{"samples", samples}, {"rate_hz", rate_hz}, {"bytes", *bytes}};
  return WriteSharedFile(DonePath(path), json.dump() + "\n", disk);
}

namespace {

constexpr auto kAbandonedAfter = std::chrono::hours(24);

bool IsTemporary(const std::string& name) {
  return name.starts_with(".") && name.find(".narrate-") != std::string::npos &&
         name.ends_with(".tmp");
}

// Through std::filesystem, not the FileSystem seam: it has no modification times.
void RemoveAbandoned(const std::string& folder) {
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code stat;
    const auto written = it->last_write_time(stat);
    if (IsTemporary(it->path().filename().string()) && !stat && now - written > kAbandonedAfter)
      fs::remove(it->path(), stat);
  }
}

}  // namespace

Status MakeCacheFolders(FileSystem& disk, const std::vector<std::string>& part_paths) {
  std::set<std::string> folders;
  for (const std::string& path : part_paths) folders.insert(fs::path(path).parent_path().string());
  for (const std::string& folder : folders) {
    NARRATE_RETURN_IF_ERROR(disk.MakeDirectories(folder));
    RemoveAbandoned(folder);
  }
  return Status::Ok();
}

std::string TaskId(const PartJob& part, const BuildOptions& options) {
  if (part.raw) return part.hash + "." + kRawPartExtension;
  return part.hash + "." + (part.whole_file ? Extension(options) : PartExtension(options));
}

void UseSharedCache(BookPlan& plan, const BuildOptions& options) {
  for (FileJob& file : plan.files) {
    // Only a file a worker would render whole and in place: a single-file
    // book's one part is still joined (the join writes its header and tags).
    file.from_cache = file.direct;
    file.direct = false;
    for (std::size_t p : file.parts) {
      PartJob& part = plan.parts[p];
      part.whole_file = file.from_cache;
      part.shared = true;
      part.path = CachePath(options.cache_dir, TaskId(part, options));
    }
  }
}

}  // namespace narrate::pipeline
