// libzip behind ZipArchive. Nothing is extracted to disk; entries are inflated
// into memory in chunks, stopping as soon as a limit is passed.
#include <zip.h>

#include <unordered_map>

#include "source/archive.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

// "/a", "a/../../b", "..\\x": names that would leave the archive's root.
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

class LibZipArchive : public ZipArchive {
 public:
  LibZipArchive(zip_t* zip, std::string path, ZipLimits limits)
      : zip_(zip), path_(std::move(path)), limits_(limits) {}
  ~LibZipArchive() override { zip_discard(zip_); }

  Status Index() {
    zip_int64_t n = zip_get_num_entries(zip_, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      const char* name = zip_get_name(zip_, i, ZIP_FL_ENC_GUESS);
      if (!name) continue;
      if (Escapes(name)) return Status::Error(path_ + ": entry \"" + name + "\" escapes the archive");
      index_.emplace(name, i);
    }
    return Status::Ok();
  }

  bool Has(const std::string& name) const override { return index_.contains(name); }

  std::vector<std::string> Names() const override {
    std::vector<std::string> names;
    for (const auto& [name, i] : index_) names.push_back(name);
    return names;
  }

  Result<std::string> Read(const std::string& name) override {
    auto it = index_.find(name);
    if (it == index_.end()) return Status::Error(path_ + ": " + name + " is missing from the archive");
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, it->second, 0, &st) == 0 && (st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE) {
      return Status::Error(path_ + ": " + name + " is encrypted (password-protected archive)");
    }
    zip_file_t* file = zip_fopen_index(zip_, it->second, 0);
    if (!file) return Status::Io(path_ + ": cannot read " + name + ": " + zip_strerror(zip_));
    Result<std::string> bytes = Inflate(file, name);
    zip_fclose(file);
    return bytes;
  }

 private:
  Result<std::string> Inflate(zip_file_t* file, const std::string& name) {
    std::string out;
    char chunk[kChunkBytes];
    for (;;) {
      zip_int64_t n = zip_fread(file, chunk, sizeof chunk);
      if (n < 0) return Status::Error(path_ + ": " + name + " is corrupt: " + zip_file_strerror(file));
      if (n == 0) return out;
      out.append(chunk, static_cast<std::size_t>(n));
      total_ += static_cast<std::size_t>(n);
      if (out.size() > limits_.max_entry_bytes || total_ > limits_.max_total_bytes) {
        return Status::Error(path_ + ": " + name + " inflates to more than " +
                             std::to_string(std::min(limits_.max_entry_bytes, limits_.max_total_bytes) >> 20) +
                             " MB; refusing (zip bomb?)");
      }
    }
  }

  zip_t* zip_;
  std::string path_;
  ZipLimits limits_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, zip_int64_t> index_;
};

std::string OpenError(int code) {
  if (code == ZIP_ER_NOZIP) return "not a zip archive";
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

}  // namespace

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(const std::string& path, ZipLimits limits) {
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!zip) return Status::InvalidInput(path + ": " + OpenError(code));
  auto archive = std::make_unique<LibZipArchive>(zip, path, limits);
  NARRATE_RETURN_IF_ERROR(archive->Index());
  return std::unique_ptr<ZipArchive>(std::move(archive));
}

}  // namespace narrate::source::internal
