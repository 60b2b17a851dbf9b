#include "common/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;

// Reads fd to its end into content; false on a read error (a folder, EIO).
bool ReadAll(int fd, std::string& content) {
  struct stat st {};
  const bool sized = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
  content.resize(sized ? static_cast<std::size_t>(st.st_size) + 1 : 65536);
  std::size_t done = 0;
  while (true) {
    if (done == content.size()) content.resize(content.size() * 2);
    const ssize_t n = ::read(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  content.resize(done);
  return true;
}

// A file that replaces another gets its permissions before it is renamed in,
// so a replaced file never shows anyone more than it did.
Status KeepPermissions(const std::string& replaced, const std::string& replacement) {
  std::error_code ec;
  const fs::file_status old = fs::status(replaced, ec);
  if (ec || !fs::is_regular_file(old)) return Status::Ok();  // nothing there yet
  fs::permissions(replacement, old.permissions(), ec);
  return ec ? Status::InFile(StatusCode::kIo, replaced, 0, ec.message()) : Status::Ok();
}

// Flushes path's data (a file, or a folder's entries) to disk. "" when done,
// else why not.
std::string SyncToDisk(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  const bool synced = ::fsync(fd) == 0;
  const std::string why = synced ? "" : std::strerror(errno);
  ::close(fd);
  return why;
}

std::string FolderOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

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

  // One read into a string of the file's size (a stream copied a 1.2 MB book
  // three times over).
  Result<std::string> ReadFile(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && !Exists(path))
      return Status::InFile(StatusCode::kNotFound, path, 0, "cannot open for reading");
    if (fd < 0) return Status::InFile(StatusCode::kIo, path, 0, "cannot open for reading");
    std::string content;
    const bool read = ReadAll(fd, content);
    ::close(fd);
    if (!read) return Status::InFile(StatusCode::kIo, path, 0, "read error");
    return content;
  }

  Status WriteFileAtomically(const std::string& path, const std::string& content) override {
    AtomicFile file(path, *this);
    {
      std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
      errno = 0;
      out << content;
      out.flush();
      // "out/.narrate-manifest.json: No space left on device"
      if (!out) return Status::InFile(StatusCode::kIo, path, 0,
                                      errno ? std::strerror(errno) : "cannot write");
    }
    NARRATE_RETURN_IF_ERROR(KeepPermissions(path, file.temp_path()));
    return file.Commit();
  }

  Status MakeDirectories(const std::string& path) override {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) return Status::InFile(StatusCode::kIo, path, 0, ec.message());
    if (!fs::is_directory(path, ec))
      return Status::InFile(StatusCode::kIo, path, 0, "not a directory");
    return Status::Ok();
  }

  Status Remove(const std::string& path) override {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
      return Status::InFile(StatusCode::kIo, path, 0, ec.message());
    return Status::Ok();
  }

  Result<std::vector<std::string>> ListDirectory(const std::string& dir) override {
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      names.push_back(entry.path().filename().string());
    if (ec == std::errc::no_such_file_or_directory)
      return Status::InFile(StatusCode::kNotFound, dir, 0, ec.message());
    if (ec) return Status::InFile(StatusCode::kIo, dir, 0, ec.message());
    std::sort(names.begin(), names.end());
    return names;
  }

  Status Rename(const std::string& from, const std::string& to) override {
    if (std::string why = SyncToDisk(from); !why.empty())
      return Status::InFile(StatusCode::kIo, to, 0, why);
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec) return Status::InFile(StatusCode::kIo, to, 0, ec.message());
    if (std::string why = SyncToDisk(FolderOf(to)); !why.empty())
      return Status::InFile(StatusCode::kIo, to, 0, why);
    return Status::Ok();
  }

  Result<std::int64_t> FileSize(const std::string& path) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      return Status::InFile(StatusCode::kNotFound, path, 0, "no such file");
    return static_cast<std::int64_t>(st.st_size);
  }

  // The bytes only: `to` gets the permissions a new file gets here (the
  // umask), not those of `from` (a read-only cache, another user's umask).
  Status CopyFile(const std::string& from, const std::string& to) override {
    std::ifstream in(from, std::ios::binary);
    if (!in) return Status::InFile(StatusCode::kNotFound, from, 0, "cannot open for reading");
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    errno = 0;
    if (out && in.peek() != std::ifstream::traits_type::eof()) out << in.rdbuf();
    out.flush();
    if (!out)
      return Status::InFile(StatusCode::kIo, to, 0, errno ? std::strerror(errno) : "cannot write");
    if (in.bad()) return Status::InFile(StatusCode::kIo, from, 0, "read error");
    return Status::Ok();
  }
};

}  // namespace

Result<std::int64_t> FileSystem::FileSize(const std::string& path) {
  auto content = ReadFile(path);
  if (!content.ok()) return content.status();
  return static_cast<std::int64_t>(content->size());
}

Status FileSystem::CopyFile(const std::string& from, const std::string& to) {
  auto content = ReadFile(from);
  if (!content.ok()) return content.status();
  return WriteFileAtomically(to, *content);
}

FileSystem& RealFileSystem() {
  static RealFs* real = new RealFs();  // never destroyed: usable until the process ends
  return *real;
}

}  // namespace narrate
