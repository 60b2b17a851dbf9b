#include "common/atomic_file.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace narrate {
namespace fs = std::filesystem;

namespace {
constexpr char kMarker[] = ".narrate-";
constexpr char kSuffix[] = ".tmp";
}  // namespace

// "out/01 - One.mp3" → "out/.01 - One.mp3.narrate-<pid>.tmp": hidden, unique per process.
AtomicFile::AtomicFile(std::string final_path) : final_path_(std::move(final_path)) {
  fs::path p(final_path_);
  std::string name = "." + p.filename().string() + kMarker + std::to_string(::getpid()) + kSuffix;
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

void RemoveAbandonedTemporaries(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    std::size_t marker = name.rfind(kMarker);
    if (!name.starts_with(".") || !name.ends_with(kSuffix) || marker == std::string::npos) continue;
    std::string pid = name.substr(marker + sizeof(kMarker) - 1);
    pid.resize(pid.size() - (sizeof(kSuffix) - 1));
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    bool alive = ::kill(static_cast<pid_t>(std::stol(pid)), 0) == 0 || errno == EPERM;
    if (!alive) fs::remove(e.path(), ec);
  }
}

Status AtomicFile::Explain(const Status& status) const {
  if (status.ok()) return status;
  std::string message = status.message();
  for (std::size_t at; (at = message.find(temp_path_)) != std::string::npos;) {
    message.replace(at, temp_path_.size(), final_path_);
  }
  return Status::Error(message);
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open for reading");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Status::Error(path + ": read error");
  return content.str();
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
