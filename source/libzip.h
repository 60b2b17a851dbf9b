// libzip, reached through narrate-zip.so (common/module.h): the program starts
// without libzip and the libcrypto, libbz2 and libzstd behind it (4,300
// symbol relocations of a start that reads no archive). <zip.h> gives the
// types and constants; every function narrate calls is in the module's table
// and called as libzip::zip_open(...). Load() before the first call: it fails
// with one line naming the module when narrate-zip.so is missing. For
// source/zip.cc and output/package's EPUB code only; the table is read-only
// and safe from any thread.
#pragma once

#include <zip.h>

#include <utility>

#include "common/module.h"
#include "common/status.h"

namespace narrate::libzip {

#define NARRATE_LIBZIP_FUNCTIONS(X)                                                           \
  X(zip_close) X(zip_discard) X(zip_error_code_zip) X(zip_error_fini) X(zip_error_init)      \
  X(zip_error_init_with_code) X(zip_error_strerror) X(zip_fclose) X(zip_file_add)            \
  X(zip_file_set_mtime) X(zip_file_strerror) X(zip_fopen_index) X(zip_fread) X(zip_get_name) \
  X(zip_get_num_entries) X(zip_open) X(zip_open_from_source) X(zip_set_file_compression)     \
  X(zip_source_buffer) X(zip_source_buffer_create) X(zip_source_file) X(zip_source_free)     \
  X(zip_stat_index) X(zip_stat_init) X(zip_strerror)

struct ModuleApi {
  ModuleHeader header;
#define NARRATE_LIBZIP_FIELD(name) decltype(&::name) name;
  NARRATE_LIBZIP_FUNCTIONS(NARRATE_LIBZIP_FIELD)
#undef NARRATE_LIBZIP_FIELD
};

// Raise it whenever the function list changes, so an older module is refused.
inline constexpr int kModuleVersion = 1;

inline constexpr ModuleSpec kModuleSpec{
    .file_name = "narrate-zip.so",
    .entry = "narrate_zip_module",
    .needed_by = "EPUB files need narrate's zip module",
    .version = kModuleVersion,
    .size = sizeof(ModuleApi),
};

// Loads the module once per process (later calls return the first result).
Status Load();

// The table; only after Load() succeeded.
const ModuleApi& Api();

// libzip::zip_open(...) and the rest: the module's functions under their own names.
#define NARRATE_LIBZIP_CALL(name)                       \
  template <typename... Args>                           \
  inline auto name(Args&&... args) {                    \
    return Api().name(std::forward<Args>(args)...);     \
  }
NARRATE_LIBZIP_FUNCTIONS(NARRATE_LIBZIP_CALL)
#undef NARRATE_LIBZIP_CALL

}  // namespace narrate::libzip

// The module's entry (kModuleSpec.entry): its ModuleApi.
extern "C" const narrate::ModuleHeader* narrate_zip_module();
