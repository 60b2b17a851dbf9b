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
  return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
         held.st_dev == named.st_dev && held.st_ino == named.st_ino;
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
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::InFile(StatusCode::kIo, path, 0, std::strerror(errno));
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
