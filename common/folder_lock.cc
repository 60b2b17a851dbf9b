#include "common/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace narrate {
namespace {

// The PID text the holder wrote, "?" when it is not there yet.
std::string HolderOf(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof(text) - 1, 0);
  std::string pid = n > 0 ? std::string(text, static_cast<std::size_t>(n)) : "";
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  const bool digits = !pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos;
  return digits ? pid : "?";
}

// Whether fd is still the file at path (not removed or replaced by a build
// that released it after we opened it).
bool StillAt(int fd, const std::string& path) {
  struct stat held {
  }, named{};
  return ::fstat(fd, &held) == 0 && ::lstat(path.c_str(), &named) == 0 &&
         held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

Status NotALockFile(const std::string& path, const char* what) {
  return Status::InFile(StatusCode::kIo, path, 0,
                        std::string(what) + ", not a lock file; remove it to build here");
}

// Opens (or makes) the lock file, never through a symbolic link and never
// anything but a regular file, which narrate would otherwise truncate or
// block on: "out/.narrate-lock: is a symbolic link, not a lock file; ...".
Result<int> OpenLockFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
  if (fd < 0 && errno == ELOOP) return NotALockFile(path, "is a symbolic link");
  if (fd < 0 && errno == EISDIR) return NotALockFile(path, "is a folder");
  if (fd < 0) return Status::InFile(StatusCode::kIo, path, 0, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return NotALockFile(path, "is not a regular file");
  }
  return fd;
}

Status WritePid(int fd, const std::string& path) {
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0)
    return Status::InFile(StatusCode::kIo, path, 0, std::strerror(errno));
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<FolderLock>> FolderLock::Take(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / kLockName).string();
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto opened = OpenLockFile(path);
    if (!opened.ok()) return opened.status();
    const int fd = *opened;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int why = errno;
      const std::string holder = HolderOf(fd);
      ::close(fd);
      if (why != EWOULDBLOCK) return Status::InFile(StatusCode::kIo, path, 0, std::strerror(why));
      std::string shown = dir.ends_with("/") ? dir : dir + "/";
      return Status::Io(shown + ": another build (PID " + holder + ") is writing this folder");
    }
    if (!StillAt(fd, path)) {  // released and removed after we opened it: again
      ::close(fd);
      continue;
    }
    if (Status s = WritePid(fd, path); !s.ok()) {
      ::close(fd);
      return s;
    }
    return std::unique_ptr<FolderLock>(new FolderLock(path, fd));
  }
  return Status::InFile(StatusCode::kIo, path, 0, "keeps being replaced; cannot lock the folder");
}

FolderLock::FolderLock(std::string path, int fd)
    : path_(std::move(path)), fd_(fd), owner_pid_(::getpid()) {}

// Removed before it is released: whoever opened it meanwhile sees it gone
// (StillAt) and opens the next one. In a forked child the lock is the
// parent's: closing the child's copy of the descriptor leaves it held.
FolderLock::~FolderLock() {
  if (::getpid() == owner_pid_) ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace narrate
