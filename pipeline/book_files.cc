#include "pipeline/book_files.h"

#include <filesystem>
#include <utility>
#include <vector>

#include "output/package/cover.h"
#include "pipeline/manifest.h"

namespace narrate::pipeline {
namespace {

// (file name, content); empty content: the book has none.
std::vector<std::pair<std::string, std::string>> BookFiles(const BookTags& tags) {
  auto line = [](const std::string& text) { return text.empty() ? text : text + "\n"; };
  const bool jpeg = tags.cover.mime_type == "image/jpeg";
  return {{package::kCoverFileName, jpeg ? tags.cover.bytes : std::string()},
          {kDescriptionFileName, line(tags.description)},
          {kReaderFileName, line(tags.narrator)}};
}

// Whether the file at path is the one recorded (same hash, same size on disk).
bool AsWritten(FileSystem& disk, const std::string& path, const std::string& content,
               const std::string* recorded_hash, const std::string& hash) {
  if (!recorded_hash || *recorded_hash != hash) return false;
  auto size = disk.FileSize(path);
  return size.ok() && *size == static_cast<std::int64_t>(content.size());
}

}  // namespace

Status WriteBookFiles(FileSystem& disk, const std::string& dir, const BookTags& tags,
                      std::map<std::string, std::string>& written) {
  for (const auto& [name, content] : BookFiles(tags)) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    auto it = written.find(name);
    if (content.empty()) {
      if (it == written.end()) continue;  // not ours: left alone
      NARRATE_RETURN_IF_ERROR(disk.Remove(path));
      written.erase(it);
      continue;
    }
    // A file of that name the build did not write (the user's own cover.jpg) is left alone.
    if (it == written.end() && disk.FileSize(path).ok()) continue;
    const std::string hash = Hasher().Add(content).Hex();
    if (AsWritten(disk, path, content, it == written.end() ? nullptr : &it->second, hash)) continue;
    NARRATE_RETURN_IF_ERROR(disk.WriteFileAtomically(path, content));
    written[name] = hash;
  }
  return Status::Ok();
}

}  // namespace narrate::pipeline
