// One writer per folder: a FolderLock holds an exclusive flock(2) on
// "<dir>/.narrate-lock" for as long as it lives; the file holds the
// holder's PID as text, only to name it in the message another build gets.
// The kernel drops the lock when the holder exits in any way (kill -9
// included), so a lock left by a dead build is simply taken over. The file
// is removed when the lock is released; a build that finds it replaced
// under it (removed and made again by another) opens it again.
//
// Threading: one owner. Forked children share the lock (they are part of
// the build): a FolderLock destroyed in a process other than the one that
// took it (a child that unwound by mistake) neither removes nor releases it.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "common/status.h"

namespace narrate {

inline constexpr char kLockName[] = ".narrate-lock";  // hidden: not for players

class FolderLock {
 public:
  // Takes the lock at once or fails: "<dir>/: another build (PID 1234) is
  // writing this folder" (kIo; without "(PID n)" when the holder's PID is
  // not known: it writes it just after taking the lock, and the message
  // waits for it only a few ms), "<dir>: cannot write in this folder: <why>"
  // when nothing can be made in dir (read-only, another user's), or
  // "<dir>/.narrate-lock: <why>" when the lock file cannot be opened, or is a
  // symbolic link or anything but a regular file (never followed, truncated
  // or removed). dir must exist.
  static Result<std::unique_ptr<FolderLock>> Take(const std::string& dir);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  FolderLock(std::string path, int fd);  // owned by the calling process
  std::string path_;
  int fd_ = -1;
  pid_t owner_pid_;  // the process that took it: the only one that removes it
};

}  // namespace narrate
