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
  // Who may write the same final path at the same time.
  enum class Writers {
    kThisMachine,  // processes of this machine: ".<name>.narrate-<pid>.tmp"
    // Processes on several machines (a shared cache on NFS or an object-store
    // mount): ".<name>.narrate-<pid>.<host>-<nonce>.tmp", the nonce random per
    // process, so two machines (or containers) never share a temporary even
    // with the same host name and pid. RemoveAbandonedTemporaries leaves
    // these alone: no machine can tell whether another's writer still runs.
    kManyMachines,
  };
  explicit AtomicFile(std::string final_path, FileSystem& fs = RealFileSystem(),
                      Writers writers = Writers::kThisMachine);
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

// Writes content under path through fs so that it appears whole or not at
// all, also when processes on other machines write the same path at the same
// time (AtomicFile::Writers::kManyMachines): each writes a temporary of its
// own, then renames it into place; the last rename wins. Meant for content
// that is the same whoever writes it (a content-addressed cache).
Status WriteSharedFile(const std::string& path, const std::string& content, FileSystem& fs);

// Shorthands for RealFileSystem()'s ReadFile, WriteFileAtomically and
// MakeDirectories (common/file_system.h states their contracts).
Result<std::string> ReadWholeFile(const std::string& path);
Status WriteFileAtomically(const std::string& path, const std::string& content);
Status MakeDirectories(const std::string& path);

}  // namespace narrate
