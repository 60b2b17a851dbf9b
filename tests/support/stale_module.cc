// A module as another build of narrate might have left it: narrate-aac.so's
// entry, giving a table of version 0 (module_test refuses it).
#include "common/module.h"

extern "C" __attribute__((visibility("default"))) const narrate::ModuleHeader*
narrate_aac_module() {
  static const narrate::ModuleHeader header{0, sizeof(narrate::ModuleHeader)};
  return &header;
}
