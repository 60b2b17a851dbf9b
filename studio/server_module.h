// The table narrate-studio.so exports (server_module.cc) and server.cc loads:
// the cpp-httplib half of server.h, kept out of the program's start-up
// (common/module.h): the library and the OpenSSL it is built with cost every
// start of narrate about 3 ms of CPU. No cpp-httplib type here.
#pragma once

#include <functional>

#include "common/module.h"
#include "common/status.h"
#include "studio/router.h"

namespace narrate::studio {

struct ServerHooks {
  int port = 0;  // 0: any free one
  // Called once the port is bound, before anything is answered: what answers
  // every request from then on (from several threads at once).
  std::function<std::function<Response(const Request&)>(int port)> on_bound;
  // Whether to stop: polled, and whenever wake_fd() is readable (-1: none).
  std::function<bool()> stop_asked;
  std::function<int()> wake_fd;
};

struct ModuleApi {
  ModuleHeader header;
  // Serves until stop_asked() (Ok); server.h's kIo errors for the port.
  Status (*serve)(const ServerHooks& hooks);
};

// Raise it whenever ModuleApi or a type crossing it (ServerHooks, Request,
// Response, Status) changes, so that an older module is refused.
inline constexpr int kModuleVersion = 1;

inline constexpr ModuleSpec kModuleSpec{
    .file_name = "narrate-studio.so",
    .entry = "narrate_studio_module",
    .needed_by = "the studio needs narrate's studio module",
    .version = kModuleVersion,
    .size = sizeof(ModuleApi),
};

}  // namespace narrate::studio

// The module's entry (kModuleSpec.entry): its ModuleApi.
extern "C" const narrate::ModuleHeader* narrate_studio_module();
