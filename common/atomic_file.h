// Files that appear whole or not at all. An AtomicFile hands out a temporary
// path beside the final one; Commit() renames it into place. If the object is
// destroyed without a successful Commit(), the temporary file is removed, so
// no half-written output is ever left under a final name.
#pragma once

#include <string>

#include "common/status.h"

namespace narrate {

class AtomicFile {
 public:
  // The temporary file is ".<name>.narrate-<pid>.tmp" beside the final one.
  explicit AtomicFile(std::string final_path);
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
  std::string final_path_;
  std::string temp_path_;
  bool committed_ = false;
};

// Removes temporary files in dir that AtomicFile made in processes that no
// longer run (a build that was killed). Other files are left alone.
void RemoveAbandonedTemporaries(const std::string& dir);

// Reads the whole file. Errors name the path: "<path>: cannot open for
// reading" or "<path>: read error".
Result<std::string> ReadWholeFile(const std::string& path);

// Writes content to path atomically.
Status WriteFileAtomically(const std::string& path, const std::string& content);

// Creates the directory and its parents; the error names the directory.
Status MakeDirectories(const std::string& path);

}  // namespace narrate
