#include "common/user_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "common/hash.h"

namespace narrate {
namespace fs = std::filesystem;

namespace {

std::string CacheRoot() {
  const char* off = std::getenv("NARRATE_CACHE");
  if (off != nullptr && std::string_view(off) == "off") return "";
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/')
    return std::string(xdg) + "/narrate";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
    return std::string(home) + "/.cache/narrate";
  return "";
}

}  // namespace

std::string UserCacheDir(std::string_view what) {
  const std::string root = CacheRoot();
  if (root.empty()) return "";
  const std::string dir = root + "/" + std::string(what);
  std::error_code ec;
  fs::create_directories(dir, ec);
  return fs::is_directory(dir, ec) ? dir : "";
}

const std::string& ProgramIdentity() {
  static const std::string identity = [] {
    std::error_code ec;
    const std::string exe = fs::read_symlink("/proc/self/exe", ec).string();
    struct stat st {};
    if (exe.empty() || ::stat(exe.c_str(), &st) != 0) return std::string("unknown");
    return Hasher()
        .Add(exe)
        .Add(static_cast<std::int64_t>(st.st_size))
        .Add(static_cast<std::int64_t>(st.st_mtim.tv_sec))
        .Add(static_cast<std::int64_t>(st.st_mtim.tv_nsec))
        .Hex();
  }();
  return identity;
}

void PruneCacheDir(const std::string& dir, std::size_t keep) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) files.emplace_back(e.last_write_time(ec), e.path());
  }
  if (files.size() <= keep) return;
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = keep; i < files.size(); ++i) fs::remove(files[i].second, ec);
}

}  // namespace narrate
