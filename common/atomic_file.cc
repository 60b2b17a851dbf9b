#include "common/atomic_file.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string_view>

#include "common/process.h"

namespace narrate {
namespace fs = std::filesystem;

namespace {
constexpr char kMarker[] = ".narrate-";
constexpr char kSuffix[] = ".tmp";

// The pid in ".<name>.narrate-<pid>.tmp", or 0 when name is not one of ours
// (".x.narrate-99999999999999999999.tmp" is not: no process has that pid).
pid_t TemporaryOwner(const std::string& name) {
  std::size_t marker = name.rfind(kMarker);
  if (!name.starts_with(".") || !name.ends_with(kSuffix) || marker == std::string::npos) return 0;
  const std::size_t first = marker + sizeof(kMarker) - 1;
  const std::size_t last = name.size() - (sizeof(kSuffix) - 1);
  return first < last ? ParsePid(std::string_view(name).substr(first, last - first)) : 0;
}
}  // namespace

namespace {

// "<host>-<nonce>": this process among all machines (a forked child keeps
// its parent's nonce, and has a pid of its own).
const std::string& MachineTag() {
  static const std::string tag = [] {
    char host[256] = {};
    if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
    std::string name;
    for (const char* c = host; *c != '\0'; ++c) name += std::isalnum(*c) ? *c : '_';
    std::random_device random;
    char nonce[17];
    std::snprintf(nonce, sizeof(nonce), "%08x%08x", random(), random());
    return (name.empty() ? "host" : name) + "-" + nonce;
  }();
  return tag;
}

}  // namespace

// "out/01 - One.mp3" → "out/.01 - One.mp3.narrate-<pid>.tmp": hidden, unique per process.
AtomicFile::AtomicFile(std::string final_path, FileSystem& fs, Writers writers)
    : fs_(fs), final_path_(std::move(final_path)) {
  fs::path p(final_path_);
  std::string owner = std::to_string(::getpid());
  if (writers == Writers::kManyMachines) owner += "." + MachineTag();
  std::string name = "." + p.filename().string() + kMarker + owner + kSuffix;
  temp_path_ = (p.parent_path() / name).string();
}

Status WriteSharedFile(const std::string& path, const std::string& content, FileSystem& fs) {
  AtomicFile file(path, fs, AtomicFile::Writers::kManyMachines);
  Status written = fs.WriteFileAtomically(file.temp_path(), content);
  if (!written.ok()) return file.Explain(written);
  return file.Commit();
}

AtomicFile::~AtomicFile() {
  if (!committed_) fs_.Remove(temp_path_);
}

Status AtomicFile::Commit() {
  NARRATE_RETURN_IF_ERROR(fs_.Rename(temp_path_, final_path_));
  committed_ = true;
  return Status::Ok();
}

void RemoveAbandonedTemporaries(const std::string& dir, FileSystem& fs) {
  auto names = fs.ListDirectory(dir);
  if (!names.ok()) return;
  for (const std::string& name : *names) {
    pid_t pid = TemporaryOwner(name);
    if (pid == 0) continue;
    if (!IsRunning(pid)) fs.Remove((fs::path(dir) / name).string());
  }
}

Status AtomicFile::Explain(const Status& status) const {
  if (status.ok()) return status;
  std::string message = status.message();
  for (std::size_t at; (at = message.find(temp_path_)) != std::string::npos;) {
    message.replace(at, temp_path_.size(), final_path_);
  }
  return Status::InFile(status.code(), "", 0, message);  // same kind of failure, final name
}

Result<std::string> ReadWholeFile(const std::string& path) {
  return RealFileSystem().ReadFile(path);
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  return RealFileSystem().WriteFileAtomically(path, content);
}

Status MakeDirectories(const std::string& path) { return RealFileSystem().MakeDirectories(path); }

}  // namespace narrate
