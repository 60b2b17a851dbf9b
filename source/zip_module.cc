// narrate-zip.so's entry: libzip's functions as a table (source/libzip.h).
#include "source/libzip.h"

extern "C" __attribute__((visibility("default"))) const narrate::ModuleHeader*
narrate_zip_module() {
  namespace libzip = narrate::libzip;
  static const libzip::ModuleApi api{
      .header = {libzip::kModuleVersion, sizeof(libzip::ModuleApi)},
#define NARRATE_LIBZIP_ENTRY(name) .name = ::name,
      NARRATE_LIBZIP_FUNCTIONS(NARRATE_LIBZIP_ENTRY)
#undef NARRATE_LIBZIP_ENTRY
  };
  return &api.header;
}
