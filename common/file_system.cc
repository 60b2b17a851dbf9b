#include "common/file_system.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;

class RealFs final : public FileSystem {
 public:
  bool Exists(const std::string& path) override {
    std::error_code ec;
    return fs::exists(path, ec);
  }

  bool IsDirectory(const std::string& path) override {
    std::error_code ec;
    return fs::is_directory(path, ec);
  }

  Result<std::string> ReadFile(const std::string& path) override {
    std::ifstream in(path, std::ios::binary);
    if (!in && !Exists(path)) return Status::NotFound(path + ": cannot open for reading");
    if (!in) return Status::Io(path + ": cannot open for reading");
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return Status::Io(path + ": read error");
    return content.str();
  }

  Status WriteFileAtomically(const std::string& path, const std::string& content) override {
    AtomicFile file(path, *this);
    {
      std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
      out << content;
      out.flush();
      if (!out) return Status::Io(path + ": cannot write");
    }
    return file.Commit();
  }

  Status MakeDirectories(const std::string& path) override {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) return Status::Io(path + ": " + ec.message());
    if (!fs::is_directory(path, ec)) return Status::Io(path + ": not a directory");
    return Status::Ok();
  }

  Status Remove(const std::string& path) override {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
      return Status::Io(path + ": " + ec.message());
    return Status::Ok();
  }

  Result<std::vector<std::string>> ListDirectory(const std::string& dir) override {
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      names.push_back(entry.path().filename().string());
    if (ec == std::errc::no_such_file_or_directory)
      return Status::NotFound(dir + ": " + ec.message());
    if (ec) return Status::Io(dir + ": " + ec.message());
    std::sort(names.begin(), names.end());
    return names;
  }

  Status Rename(const std::string& from, const std::string& to) override {
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec) return Status::Io(to + ": " + ec.message());
    return Status::Ok();
  }
};

}  // namespace

FileSystem& RealFileSystem() {
  static RealFs* real = new RealFs();  // never destroyed: usable until the process ends
  return *real;
}

}  // namespace narrate
