#include <filesystem>
#include <fstream>
#include <sstream>

#include "source/book.h"
#include "source/epub.h"
#include "source/internal.h"

namespace narrate::source {

Result<Book> ReadBook(const std::string& path, const ReadOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) return Status::Error(path + ": no such file");
  if (fs::is_directory(st)) return Status::Error(path + ": is a directory, not a book file");
  const std::string ext = internal::Lower(fs::path(path).extension().string());
  if (ext == ".epub") return internal::ReadEpub(path, options);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open for reading");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Status::Error(path + ": read error");
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return internal::ParseHtmlBook(content.str(), path, options);
  return ParseBook(content.str(), path, options);
}

}  // namespace narrate::source
