// server.h: the router made here, served by narrate-studio.so (cpp-httplib),
// which is loaded when the studio starts (server_module.h).
#include "studio/server.h"

#include <memory>
#include <random>

#include "common/interrupt.h"
#include "studio/server_module.h"

namespace narrate::studio {
namespace {

constexpr char kLoopback[] = "127.0.0.1";

bool StopAsked(const ServeOptions& options) {
  return Interrupted() || (options.stop != nullptr && options.stop->load());
}

}  // namespace

Status Serve(app::Session& session, const ServeOptions& options) {
  InstallInterruptHandlers();
  const auto& module = LoadedModule<ModuleApi>(kModuleSpec);
  if (!module.ok()) return module.status();
  std::unique_ptr<Router> router;
  const ServerHooks hooks{
      .port = options.port,
      .on_bound =
          [&](int port) {
            router = std::make_unique<Router>(session, RouterOptions{options.token, port});
            if (options.on_listening) options.on_listening(StudioUrl(port, options.token), port);
            return [&router](const Request& request) { return router->Handle(request); };
          },
      .stop_asked = [&options] { return StopAsked(options); },
      .wake_fd = [] { return InterruptWakeFd(); },
  };
  const Status served = (*module)->serve(hooks);
  if (served.ok() && Interrupted()) return Status::Interrupted("studio stopped");
  return served;
}

std::string RandomToken() {
  std::random_device device;
  static const char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 4; ++i) {
    std::uint32_t bits = device();
    for (int k = 0; k < 8; ++k, bits >>= 4) token += kHex[bits & 0xf];
  }
  return token;
}

std::string StudioUrl(int port, const std::string& token) {
  return "http://" + std::string(kLoopback) + ":" + std::to_string(port) + "/?token=" + token;
}

}  // namespace narrate::studio
