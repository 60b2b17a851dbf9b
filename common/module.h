// narrate's loadable modules: code kept out of the program's start-up because
// of what it links. narrate-aac.so holds the FFmpeg code (AAC in MP4) and
// narrate-cover.so the gdk-pixbuf/librsvg/cairo code; linked into the
// program, they made the dynamic loader map 157 libraries at every start.
// A module is loaded with dlopen() on first use, once per process, and never
// unloaded.
//
// Where: in $NARRATE_MODULE_DIR when it is set and not empty; else in the
// running executable's directory (/proc/self/exe) joined with the path CMake
// computed from the install layout ("../lib/narrate" for bin/ and
// lib/narrate/ under one prefix). The build tree puts the modules at the same
// place relative to build/cli/ and build/tests/.
//
// A module exports one extern "C" function (its entry) returning a table:
// a struct whose first member is a ModuleHeader, then function pointers. A
// table whose version or size is not what the program expects is refused
// (a stale module from another build).
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"

namespace narrate {

struct ModuleHeader {
  int version = 0;
  std::size_t size = 0;  // sizeof the whole table
};

struct ModuleSpec {
  const char* file_name;  // "narrate-aac.so"
  const char* entry;      // "narrate_aac_module": const ModuleHeader* (*)()
  const char* needed_by;  // "M4B/M4A output needs narrate's AAC module"
  int version;            // the table's header.version
  std::size_t size;       // the table's header.size
};

// The directory modules are looked up in (without a trailing slash). Fails
// when the executable's own path cannot be read.
Result<std::string> ModuleDir();

// Loads the module (RTLD_NOW | RTLD_LOCAL: a missing library of its own is
// reported here) and calls its entry. Errors are one line, kInternal:
// "<needed_by>: <path>: <dlerror()>", or "...: <path>: version 1, expected 2".
Result<const ModuleHeader*> LoadModule(const ModuleSpec& spec);

// The table of type Api (a standard-layout struct starting with a
// ModuleHeader), loaded once per Api and process whatever the threads
// (std::call_once). A failure is kept too: later calls return it again.
template <typename Api>
const Result<const Api*>& LoadedModule(const ModuleSpec& spec) {
  static std::once_flag once;
  static std::optional<Result<const Api*>> loaded;
  std::call_once(once, [&spec] {
    Result<const ModuleHeader*> header = LoadModule(spec);
    if (header.ok()) {
      loaded.emplace(reinterpret_cast<const Api*>(*header));
    } else {
      loaded.emplace(header.status());
    }
  });
  return *loaded;
}

}  // namespace narrate
