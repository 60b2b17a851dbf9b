// The studio's HTTP server: studio::Router (studio/router.h) behind
// cpp-httplib, for one app::Session. This is the only place that knows the
// HTTP library (studio/server_module.cc is the one file including httplib.h:
// narrate-studio.so, a module loaded when the studio starts, so that the
// program starts without cpp-httplib and OpenSSL; when it cannot be loaded,
// Serve fails with one line, "the studio needs narrate's studio module:
// <path>: <why>").
//
// Contracts:
// - Listens on 127.0.0.1 only, on the port asked for (0: any free one); a
//   port another program (or another studio) listens on is an error, never
//   shared.
// - Every request goes through Router::Handle, errors the library itself
//   answers too (a malformed request line, a body over kMaxBodyBytes → 413,
//   an unparseable Range), so each answer is the router's or a JSON error.
//   Range requests are the router's alone (the library's own range handling
//   is turned off: cpp-httplib 0.11 does not check ranges against the body).
// - Stops cleanly on Ctrl-C, SIGTERM or SIGHUP (common/interrupt.h): no new
//   connections, open event streams end within about a second, and Serve
//   returns once every request in flight is answered.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "app/session.h"
#include "common/status.h"

namespace narrate::studio {

struct ServeOptions {
  int port = 0;       // 0: any free port
  std::string token;  // every request needs it (RandomToken() for a run)
  // Called once, when the server listens and before it answers anything,
  // with StudioUrl(port, token) and the port.
  std::function<void(const std::string& url, int port)> on_listening;
  // When set: Serve also stops (returning Ok) soon after *stop becomes true
  // (tests; the interrupt flag is process-wide and never cleared).
  const std::atomic<bool>* stop = nullptr;
};

// Serves the session until interrupted (kInterrupted) or *options.stop (Ok).
// kIo with one line when the port cannot be had: "cannot listen on
// 127.0.0.1:8080: Address already in use (--port 0 takes any free port)".
// Installs the interrupt handlers. Blocks; the session outlives the call.
Status Serve(app::Session& session, const ServeOptions& options);

// A fresh secret for a run: 32 lower-case hex characters from std::random_device.
std::string RandomToken();

// "http://127.0.0.1:8080/?token=0123…"
std::string StudioUrl(int port, const std::string& token);

}  // namespace narrate::studio
