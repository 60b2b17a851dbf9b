#include "common/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <thread>

#include "common/process.h"

namespace narrate {
namespace {

// How long another build's message waits for the holder to write its PID
// (it does so just after taking the lock): 20 tries, 1 ms apart.
constexpr int kHolderReads = 20;

// The PID in the lock file's text ("1234\n" → 1234), 0 when there is none.
pid_t PidIn(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof(text) - 1, 0);
  if (n <= 0) return 0;
  const char* end = text + n;
  while (end > text && (end[-1] == '\n' || end[-1] == ' ')) --end;
  return ParsePid(std::string_view(text, end - text));
}

// The holder's PID as text, "" when not known: it has not written it yet
// (the text is empty, or a dead build's that left the file behind).
std::string HolderOf(int fd) {
  for (int attempt = 0; attempt < kHolderReads; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const pid_t pid = PidIn(fd);
    if (pid != 0 && IsRunning(pid)) return std::to_string(pid);
  }
  return "";
}

// "out/: another build (PID 1234) is writing this folder"; without the
// PID when it is not known.
Status Busy(const std::string& dir, const std::string& holder) {
  const std::string shown = dir.ends_with("/") ? dir : dir + "/";
  const std::string pid = holder.empty() ? "" : " (PID " + holder + ")";
  return Status::Io(shown + ": another build" + pid + " is writing this folder");
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

// A lock file that cannot be made because nothing can be written in the
// folder (read-only, not the user's, immutable) is the folder's problem, not
// the hidden file's: "out: cannot write in this folder: Permission denied".
bool Refuses(int error) { return error == EACCES || error == EPERM || error == EROFS; }

Status CannotWriteIn(const std::string& dir, int error) {
  return Status::InFile(StatusCode::kIo, dir, 0,
                        std::string("cannot write in this folder: ") + std::strerror(error));
}

// Also when open() refuses what access() allowed (root squashed on NFS); an
// existing lock file that refuses is its own problem.
bool FolderRefusesFiles(int error, const std::string& path) {
  struct stat st {};
  return Refuses(error) && ::lstat(path.c_str(), &st) != 0;
}

// Opens (or makes) the lock file in dir, never through a symbolic link and
// never anything but a regular file, which narrate would otherwise truncate
// or block on: "out/.narrate-lock: is a symbolic link, not a lock file; ...".
Result<int> OpenLockFile(const std::string& dir, const std::string& path) {
  // A lock file left by a killed build opens even when the folder took no
  // files since; the folder is still what refuses them.
  const int refused = ::access(dir.c_str(), W_OK) == 0 ? 0 : errno;
  if (Refuses(refused)) return CannotWriteIn(dir, refused);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
  const int error = errno;
  if (fd < 0 && error == ELOOP) return NotALockFile(path, "is a symbolic link");
  if (fd < 0 && error == EISDIR) return NotALockFile(path, "is a folder");
  if (fd < 0 && FolderRefusesFiles(error, path)) return CannotWriteIn(dir, error);
  if (fd < 0) return Status::InFile(StatusCode::kIo, path, 0, std::strerror(error));
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
    auto opened = OpenLockFile(dir, path);
    if (!opened.ok()) return opened.status();
    const int fd = *opened;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int why = errno;
      const std::string holder = why == EWOULDBLOCK ? HolderOf(fd) : "";
      ::close(fd);
      if (why != EWOULDBLOCK) return Status::InFile(StatusCode::kIo, path, 0, std::strerror(why));
      return Busy(dir, holder);
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
