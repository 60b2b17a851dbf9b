// Private to source/: reading entries of a zip archive (EPUB container), with
// limits so a hostile archive cannot exhaust memory.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::source::internal {

struct ZipLimits {
  std::size_t max_entry_bytes = std::size_t{256} << 20;  // per entry, bytes actually inflated
  std::size_t max_total_bytes = std::size_t{256} << 20;  // all entries read from one archive
};

// An open zip archive. Entry names are as stored ("OEBPS/text/ch1.xhtml").
class ZipArchive {
 public:
  // Fails with "<path>: not a zip archive" (or libzip's reason), and when an
  // entry name is absolute or has a ".." segment ("escapes the archive").
  static Result<std::unique_ptr<ZipArchive>> Open(const std::string& path, ZipLimits limits = {});
  virtual ~ZipArchive() = default;

  virtual bool Has(const std::string& name) const = 0;
  // The entry's bytes. Fails naming the entry when it is missing, encrypted,
  // corrupt, or would inflate beyond the limits (checked on bytes read, not
  // on the size the archive claims).
  virtual Result<std::string> Read(const std::string& name) = 0;
  virtual std::vector<std::string> Names() const = 0;
};

}  // namespace narrate::source::internal
