// libzip behind ZipArchive. Nothing is extracted to disk; entries are inflated
// into memory in chunks, stopping as soon as a limit is passed.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/interrupt.h"
#include "source/archive.h"
#include "source/internal.h"
#include "source/libzip.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

// "/a", "a/../../b", "..\\x", "C:x": names that would leave the archive's root.
bool Escapes(const std::string& name) {
  if (name.empty() || name[0] == '/' || name[0] == '\\' || name.find(':') == 1) return true;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find_first_of("/\\", start);
    if (end == std::string::npos) end = name.size();
    if (name.compare(start, end - start, "..") == 0 && end - start == 2) return true;
    start = end + 1;
  }
  return false;
}

// A name as it can go in a one-line message: control characters as \xNN
// ("a\nb" → "a\x0Ab").
std::string Printable(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (c >= 0x20 && c != 0x7F) {
      out += static_cast<char>(c);
      continue;
    }
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02X", c);
    out += hex;
  }
  return out;
}

// Why an entry name is refused ("" when it is fine): "../x" → "escapes the archive".
std::string BadName(const std::string& name) {
  if (Escapes(name)) return "escapes the archive";
  if (name.find('\\') != std::string::npos) return "has a backslash (not allowed in EPUB)";
  return "";
}

// A zip's first bytes: a local file header or a split archive's mark. A file
// that starts so but has no central directory at its end was cut short (an
// EPUB half downloaded) or damaged: "PK\x03\x04..." → true, "<html>" → false.
bool StartsLikeZip(std::string_view head) {
  return head.starts_with(std::string_view("PK\x03\x04", 4)) ||
         head.starts_with(std::string_view("PK\x07\x08", 4));
}

// The file's first bytes ("" when it cannot be read).
std::string FileHead(const std::string& path) {
  char head[4] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(head, sizeof head);
  return std::string(head, static_cast<std::size_t>(in.gcount()));
}

// libzip's error for an archive whose first bytes are `head`.
std::string ErrorText(int code, std::string_view head) {
  if (code == ZIP_ER_NOZIP)
    return StartsLikeZip(head) ? "damaged or truncated zip archive" : "not a zip archive";
  if (code == ZIP_ER_INCONS) return "not a valid zip archive (entries overlap or disagree)";
  if (code == ZIP_ER_EXISTS) return "two entries have the same name (not a valid zip archive)";
  zip_error_t error;
  libzip::zip_error_init_with_code(&error, code);
  std::string message = libzip::zip_error_strerror(&error);
  libzip::zip_error_fini(&error);
  return message;
}

class LibZipArchive : public ZipArchive {
 public:
  LibZipArchive(std::string path, ZipLimits limits, std::string buffer = {})
      : path_(std::move(path)), limits_(limits), buffer_(std::move(buffer)) {}
  ~LibZipArchive() override {
    if (zip_) libzip::zip_discard(zip_);
  }

  Status OpenFile() {
    int code = 0;
    zip_ = libzip::zip_open(path_.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!zip_) return Status::InvalidInput(path_ + ": " + ErrorText(code, FileHead(path_)));
    return Index();
  }

  Status OpenBuffer() {
    zip_error_t error;
    libzip::zip_error_init(&error);
    zip_source_t* source =
        libzip::zip_source_buffer_create(buffer_.data(), buffer_.size(), 0, &error);
    if (source) zip_ = libzip::zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (source && !zip_) libzip::zip_source_free(source);
    int code = libzip::zip_error_code_zip(&error);
    libzip::zip_error_fini(&error);
    if (!zip_) return Status::InvalidInput(path_ + ": " + ErrorText(code, buffer_));
    return Index();
  }

  bool Has(const std::string& name) const override { return index_.contains(name); }

  std::vector<std::string> Names() const override {
    std::vector<std::string> names;
    for (const auto& [name, i] : index_) names.push_back(name);
    return names;
  }

  Result<std::string> Read(const std::string& name) override {
    auto it = index_.find(name);
    if (it == index_.end())
      return Status::Error(path_ + ": " + Printable(name) + " is missing from the archive");
    zip_stat_t st;
    libzip::zip_stat_init(&st);
    if (libzip::zip_stat_index(zip_, it->second, 0, &st) == 0 &&
        (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return Status::Error(path_ + ": " + Printable(name) +
                           " is encrypted (password-protected archive)");
    }
    zip_file_t* file = libzip::zip_fopen_index(zip_, it->second, 0);
    if (!file)
      return Status::Io(path_ + ": cannot read " + Printable(name) + ": " +
                        libzip::zip_strerror(zip_));
    Result<std::string> bytes = Inflate(file, name);
    libzip::zip_fclose(file);
    return bytes;
  }

 private:
  Status Index() {
    zip_int64_t n = libzip::zip_get_num_entries(zip_, 0);
    if (n > 0 && static_cast<std::uint64_t>(n) > limits_.max_entries) {
      return Status::Error(path_ + ": more than " + std::to_string(limits_.max_entries) +
                           " entries in the archive (limit)");
    }
    for (zip_int64_t i = 0; i < n; ++i) {
      const char* name = libzip::zip_get_name(zip_, i, ZIP_FL_ENC_GUESS);
      if (!name) continue;
      if (std::string why = BadName(name); !why.empty())
        return Status::Error(path_ + ": entry \"" + Printable(name) + "\" " + why);
      if (!index_.emplace(name, i).second) {
        return Status::Error(path_ + ": entry \"" + Printable(name) +
                             "\" appears twice in the archive");
      }
    }
    return Status::Ok();
  }

  Result<std::string> Inflate(zip_file_t* file, const std::string& name) {
    std::string out;
    char chunk[kChunkBytes];
    for (;;) {
      if (Interrupted()) return Status::Interrupted();
      zip_int64_t n = libzip::zip_fread(file, chunk, sizeof chunk);
      if (n < 0)
        return Status::Error(path_ + ": " + Printable(name) +
                             " is corrupt: " + libzip::zip_file_strerror(file));
      if (n == 0) return out;
      const auto got = static_cast<std::size_t>(n);
      if (out.size() + got > limits_.max_entry_bytes) {
        return Status::Error(path_ + ": " + Printable(name) + " inflates to more than " +
                             LimitSize(limits_.max_entry_bytes) + " (limit per entry)");
      }
      if (total_ + got > limits_.max_total_bytes) {
        return Status::Error(path_ + ": " + Printable(name) + " takes the archive past " +
                             LimitSize(limits_.max_total_bytes) + " inflated in total (limit)");
      }
      out.append(chunk, got);
      total_ += got;
    }
  }

  std::string path_;
  ZipLimits limits_;
  std::string buffer_;  // the archive, when opened from memory; libzip reads it in place
  zip_t* zip_ = nullptr;
  std::size_t total_ = 0;
  std::unordered_map<std::string, zip_int64_t> index_;
};

Status TooBig(const std::string& name, const ZipLimits& limits) {
  return Status::Error(name + ": file is larger than " + LimitSize(limits.max_archive_bytes) +
                       " (limit)");
}

}  // namespace

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(const std::string& path, ZipLimits limits) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.max_archive_bytes) return TooBig(path, limits);
  NARRATE_RETURN_IF_ERROR(libzip::Load());
  auto archive = std::make_unique<LibZipArchive>(path, limits);
  NARRATE_RETURN_IF_ERROR(archive->OpenFile());
  return std::unique_ptr<ZipArchive>(std::move(archive));
}

Result<std::unique_ptr<ZipArchive>> ZipArchive::OpenBuffer(std::string bytes,
                                                           const std::string& name,
                                                           ZipLimits limits) {
  if (bytes.size() > limits.max_archive_bytes) return TooBig(name, limits);
  NARRATE_RETURN_IF_ERROR(libzip::Load());
  auto archive = std::make_unique<LibZipArchive>(name, limits, std::move(bytes));
  NARRATE_RETURN_IF_ERROR(archive->OpenBuffer());
  return std::unique_ptr<ZipArchive>(std::move(archive));
}

}  // namespace narrate::source::internal
