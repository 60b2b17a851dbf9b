// The file system as the build, its manifest and atomic writes see it: a
// narrow seam in the manner of LevelDB's Env and ninja's DiskInterface, so
// tests can count, inspect or fail what the build does to disk. Audio
// encoders (LAME, libsndfile) write real paths themselves; everything else
// the build touches on disk goes through here.
//
// Contract: failures come back as Status values naming the path (code kIo,
// or kNotFound for a missing file or folder that was to be read); nothing
// throws. Paths are plain strings, as the operating system takes them.
// Implementations must be usable from a forked child (they are copied with
// the process); RealFileSystem() is stateless and safe from any thread,
// wrappers (tests) need not be.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate {

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Whether anything (file or folder) is at path; an unreadable path is not.
  virtual bool Exists(const std::string& path) = 0;
  virtual bool IsDirectory(const std::string& path) = 0;
  // The whole file. "<path>: cannot open for reading" (kNotFound when it
  // does not exist) or "<path>: read error" (kIo).
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Writes content under path so that it appears whole or not at all (a
  // temporary beside it, renamed into place); a file it replaces keeps its
  // permissions. "<path>: ..." on failure.
  virtual Status WriteFileAtomically(const std::string& path, const std::string& content) = 0;
  // Creates the folder and its parents; fine when it exists. Fails naming
  // the folder, also when path is a file.
  virtual Status MakeDirectories(const std::string& path) = 0;
  // Removes a file or an empty folder. A path that is not there is not an
  // error; a folder that is not empty is (and is left alone).
  virtual Status Remove(const std::string& path) = 0;
  // Names (not paths) of the entries in dir, sorted; kNotFound when there
  // is no such folder.
  virtual Result<std::vector<std::string>> ListDirectory(const std::string& dir) = 0;
  // Renames from → to, replacing to. The error names `to`. The real file
  // system makes it durable: `from` is flushed to disk (fsync) before the
  // rename and the folder after it, so a crash or power cut leaves either
  // the old file or the whole new one under `to`, never a torn one.
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Size in bytes of the file at path; kNotFound when there is none. The
  // default reads the whole file; the real file system asks stat.
  virtual Result<std::int64_t> FileSize(const std::string& path);
  // Copies the file at `from` to `to`, replacing it (not atomically: `to` is
  // meant to be a temporary the caller renames). The error names the path at
  // fault. Only the bytes: `to` gets a new file's permissions, not those of
  // `from`. The default reads the whole file and writes it with
  // WriteFileAtomically; the real file system streams it.
  virtual Status CopyFile(const std::string& from, const std::string& to);
};

// The operating system's file system. Lives as long as the process; never
// delete it.
FileSystem& RealFileSystem();

}  // namespace narrate
