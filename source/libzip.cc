#include "source/libzip.h"

namespace narrate::libzip {

Status Load() {
  const auto& loaded = LoadedModule<ModuleApi>(kModuleSpec);
  return loaded.ok() ? Status::Ok() : loaded.status();
}

const ModuleApi& Api() { return **LoadedModule<ModuleApi>(kModuleSpec); }

}  // namespace narrate::libzip
