// Private to source/: reading entries of a zip archive (EPUB container), with
// limits so a hostile archive cannot exhaust memory or time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::source::internal {

// A real book's chapter file is well under 5 MB and its whole text under
// 20 MB; an EPUB of 10,000 files is a very large illustrated one.
inline constexpr std::size_t kMaxEntryBytes = std::size_t{32} << 20;   // 32 MiB per entry
inline constexpr std::size_t kMaxTotalBytes = std::size_t{128} << 20;  // 128 MiB per archive
inline constexpr std::size_t kMaxEntries = 10000;                      // entries in an archive
inline constexpr std::uint64_t kMaxArchiveBytes = std::uint64_t{2} << 30;  // 2 GiB .epub file

struct ZipLimits {
  std::size_t max_entry_bytes = kMaxEntryBytes;  // per entry, bytes actually inflated
  std::size_t max_total_bytes = kMaxTotalBytes;  // all entries read from one archive
  std::size_t max_entries = kMaxEntries;         // entries the central directory lists
  std::uint64_t max_archive_bytes = kMaxArchiveBytes;  // the archive file itself
};

// An open zip archive. Entry names are as stored ("OEBPS/text/ch1.xhtml").
class ZipArchive {
 public:
  // Fails with "<name>: not a zip archive" ("damaged or truncated zip
  // archive" when it starts like one but has no central directory: a file
  // cut short), or libzip's reason; when the
  // file is over max_archive_bytes or lists over max_entries entries; when
  // an entry name is absolute, has a drive letter or a ".." segment
  // ("escapes the archive") or a backslash; when two entries have one name;
  // and when the central directory disagrees with the entries' own headers
  // (entries that overlap or lie about their names).
  static Result<std::unique_ptr<ZipArchive>> Open(const std::string& path, ZipLimits limits = {});
  // The same for an archive already in memory; `name` stands for the file in
  // messages. The archive keeps the bytes.
  static Result<std::unique_ptr<ZipArchive>> OpenBuffer(std::string bytes, const std::string& name,
                                                        ZipLimits limits = {});
  virtual ~ZipArchive() = default;

  virtual bool Has(const std::string& name) const = 0;
  // The entry's bytes, inflated in chunks. Fails naming the entry when it is
  // missing, encrypted, corrupt, or would inflate beyond the limits (checked
  // on bytes inflated, never on the size the archive claims).
  virtual Result<std::string> Read(const std::string& name) = 0;
  virtual std::vector<std::string> Names() const = 0;
};

}  // namespace narrate::source::internal
