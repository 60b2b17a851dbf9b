// The build manifest (.narrate-manifest.json) in an output folder, as a user,
// a crash or another program may have left it. Loading never throws, and what
// loads survives a save and a second load unchanged.
#include <map>
#include <string>

#include "fuzz/fuzz.h"
#include "pipeline/manifest.h"

namespace {

// Files in memory; every file but the manifest holds 4 KiB of zeros.
class MemoryFileSystem final : public narrate::FileSystem {
 public:
  explicit MemoryFileSystem(std::string manifest) { files_[Path()] = std::move(manifest); }
  static std::string Path() { return std::string("book/") + narrate::pipeline::kManifestName; }

  bool Exists(const std::string& path) override { return path != "book/missing.mp3"; }
  bool IsDirectory(const std::string& path) override { return path == "book"; }
  narrate::Result<std::string> ReadFile(const std::string& path) override {
    auto it = files_.find(path);
    return it != files_.end() ? it->second : std::string(4096, '\0');
  }
  narrate::Status WriteFileAtomically(const std::string& path, const std::string& c) override {
    files_[path] = c;
    return {};
  }
  narrate::Status MakeDirectories(const std::string&) override { return {}; }
  narrate::Status Remove(const std::string& path) override {
    files_.erase(path);
    return {};
  }
  narrate::Result<std::vector<std::string>> ListDirectory(const std::string&) override {
    return std::vector<std::string>{narrate::pipeline::kManifestName};
  }
  narrate::Status Rename(const std::string& from, const std::string& to) override {
    files_[to] = files_[from];
    files_.erase(from);
    return {};
  }

 private:
  std::map<std::string, std::string> files_;
};

bool Same(const narrate::pipeline::Manifest& a, const narrate::pipeline::Manifest& b) {
  if (a.size() != b.size()) return false;
  for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
    if (i->first != j->first || i->second.hash != j->second.hash ||
        i->second.samples != j->second.samples || i->second.rate_hz != j->second.rate_hz ||
        i->second.starts != j->second.starts || i->second.bytes != j->second.bytes) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using narrate::pipeline::ManifestExtras;
  MemoryFileSystem fs{std::string(narrate::fuzz::AsText(data, size))};
  ManifestExtras extras, extras_again;
  const narrate::pipeline::Manifest first = narrate::pipeline::LoadManifest("book", fs, &extras);
  narrate::fuzz::Require(narrate::pipeline::SaveManifest("book", first, fs, extras).ok(), "saved");
  const auto second = narrate::pipeline::LoadManifest("book", fs, &extras_again);
  narrate::fuzz::Require(Same(first, second), "a loaded manifest survives save and load");
  narrate::fuzz::Require(extras.book == extras_again.book && extras.playlist == extras_again.playlist &&
                             extras.part_bytes == extras_again.part_bytes,
                         "what else it records survives save and load");
  return 0;
}
