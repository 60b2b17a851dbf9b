#include "common/module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#ifndef NARRATE_MODULE_RELDIR
#error "NARRATE_MODULE_RELDIR: the module folder relative to the program's (common/CMakeLists.txt)"
#endif

namespace narrate {
namespace {

Result<std::string> ExecutableDir() {
  std::array<char, 4096> path{};
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (n <= 0) {
    return Status::Internal(std::string("cannot read /proc/self/exe: ") + std::strerror(errno));
  }
  std::string exe(path.data(), static_cast<std::size_t>(n));
  return exe.substr(0, exe.find_last_of('/'));
}

// dlerror() names the file itself ("/x/narrate-aac.so: cannot open shared
// object file: ..."); other failures get the path put in front.
std::string Failure(const ModuleSpec& spec, const std::string& path, const std::string& what) {
  const bool named = what.starts_with(path + ":");
  return std::string(spec.needed_by) + ": " + (named ? what : path + ": " + what);
}

std::string DlError() {
  const char* error = dlerror();
  return error ? error : "unknown dlopen error";
}

// "version 1, expected 2 (a stale module from another build)".
std::string Mismatch(const ModuleSpec& spec, const ModuleHeader* header) {
  const int version = header ? header->version : 0;
  const std::size_t size = header ? header->size : 0;
  std::string found = "version " + std::to_string(version);
  if (version == spec.version) found += " of " + std::to_string(size) + " bytes";
  std::string expected = std::to_string(spec.version);
  if (version == spec.version) expected += " of " + std::to_string(spec.size) + " bytes";
  return found + ", expected " + expected + " (a stale module from another build)";
}

}  // namespace

Result<std::string> ModuleDir() {
  const char* dir = std::getenv("NARRATE_MODULE_DIR");
  if (dir != nullptr && *dir != '\0') return std::string(dir);
  auto exe_dir = ExecutableDir();
  if (!exe_dir.ok()) return exe_dir.status();
  return *exe_dir + "/" + NARRATE_MODULE_RELDIR;
}

Result<const ModuleHeader*> LoadModule(const ModuleSpec& spec) {
  auto dir = ModuleDir();
  if (!dir.ok())
    return Status::Internal(std::string(spec.needed_by) + ": " + dir.status().message());
  const std::string path = *dir + "/" + spec.file_name;
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return Status::Internal(Failure(spec, path, DlError()));
  using Entry = const ModuleHeader* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(handle, spec.entry));
  if (entry == nullptr) return Status::Internal(Failure(spec, path, DlError()));
  const ModuleHeader* header = entry();
  if (header == nullptr || header->version != spec.version || header->size != spec.size) {
    return Status::Internal(Failure(spec, path, Mismatch(spec, header)));
  }
  return header;
}

}  // namespace narrate
