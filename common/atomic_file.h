// Files that appear whole or not at all. An AtomicFile hands out a temporary
// path beside the final one; Commit() renames it into place. If the object is
// destroyed without a successful Commit(), the temporary file is removed, so
// no half-written output is ever left under a final name. The rename and
// the removal go through a FileSystem (the real one unless one is given),
// which must outlive the AtomicFile. Not thread-safe; one owner.
#pragma once

#include <string>

#include "common/file_system.h"
#include "common/status.h"

namespace narrate {

class AtomicFile {
 public:
  // The temporary file is ".<name>.narrate-<pid>.tmp" beside the final one.
  explicit AtomicFile(std::string final_path, FileSystem& fs = RealFileSystem());
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }
  Status Commit();  // rename temp → final; error names the final path
  // The status with the temporary path replaced by the final one, so
  // messages name the file the user asked for.
  Status Explain(const Status& status) const;

 private:
  FileSystem& fs_;
  std::string final_path_;
  std::string temp_path_;
  bool committed_ = false;
};

// Removes temporary files in dir that AtomicFile made in processes that no
// longer run (a build that was killed). Other files are left alone.
void RemoveAbandonedTemporaries(const std::string& dir, FileSystem& fs = RealFileSystem());

// Shorthands for RealFileSystem()'s ReadFile, WriteFileAtomically and
// MakeDirectories (common/file_system.h states their contracts).
Result<std::string> ReadWholeFile(const std::string& path);
Status WriteFileAtomically(const std::string& path, const std::string& content);
Status MakeDirectories(const std::string& path);

}  // namespace narrate
