#include <filesystem>

#include "common/atomic_file.h"
#include "source/book.h"
#include "source/epub.h"
#include "source/internal.h"

namespace narrate::source {

Result<Book> ReadBook(const std::string& path, const ReadOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) return Status::NotFound(path + ": no such file");
  if (fs::is_directory(st)) return Status::Error(path + ": is a directory, not a book file");
  const std::string ext = internal::Lower(fs::path(path).extension().string());
  if (ext == ".epub") return internal::ReadEpub(path, options);
  std::uintmax_t bytes = fs::file_size(path, ec);
  if (!ec && bytes > internal::kMaxBookBytes) {
    return Status::Error(path + ": file larger than " + internal::LimitSize(internal::kMaxBookBytes) +
                         " (limit)");
  }
  auto content = ReadWholeFile(path);
  if (!content.ok()) return content.status();
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return internal::ParseHtmlBook(*content, path, options);
  return ParseBook(*content, path, options);
}

}  // namespace narrate::source
