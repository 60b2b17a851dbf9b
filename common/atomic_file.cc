#include "common/atomic_file.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace narrate {
namespace fs = std::filesystem;

// "out/01 - One.mp3" → "out/.01 - One.mp3.<pid>.tmp": hidden, unique per process.
AtomicFile::AtomicFile(std::string final_path) : final_path_(std::move(final_path)) {
  fs::path p(final_path_);
  std::string name = "." + p.filename().string() + "." + std::to_string(::getpid()) + ".tmp";
  temp_path_ = (p.parent_path() / name).string();
}

AtomicFile::~AtomicFile() {
  if (!committed_) std::remove(temp_path_.c_str());
}

Status AtomicFile::Commit() {
  std::error_code ec;
  fs::rename(temp_path_, final_path_, ec);
  if (ec) return Status::Error(final_path_ + ": " + ec.message());
  committed_ = true;
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) return Status::Error(path + ": cannot write");
  }
  return file.Commit();
}

Status MakeDirectories(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Status::Error(path + ": " + ec.message());
  if (!fs::is_directory(path)) return Status::Error(path + ": not a directory");
  return Status::Ok();
}

}  // namespace narrate
