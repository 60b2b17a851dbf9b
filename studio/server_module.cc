// narrate-studio.so: cpp-httplib (Debian's libcpp-httplib 0.11) around the
// router's handler: requests and responses converted, the library's own Range
// handling and error pages replaced, event streams chunked, stops watched.
// Loaded by server.cc when the studio starts (server_module.h), so that the
// program starts without cpp-httplib and OpenSSL.
#include "studio/server_module.h"

#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

namespace narrate::studio {
namespace {

using Handler = std::function<Response(const Request&)>;

constexpr char kLoopback[] = "127.0.0.1";
constexpr int kThreads = 16;  // event streams hold one each; the page opens a few
constexpr int kWatchMs = 50;  // how soon a stop request is noticed

std::string Lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

// The path as sent (the router decodes it segment by segment), the decoded
// query, headers by lower-case name (repeats joined, so two Hosts match none).
Request ToRequest(const httplib::Request& r) {
  Request out;
  out.method = r.method;
  out.path = r.target.substr(0, r.target.find('?'));
  for (const auto& [name, value] : r.params) out.query.emplace(name, value);
  for (const auto& [name, value] : r.headers) {
    auto [it, inserted] = out.headers.emplace(Lower(name), value);
    if (!inserted) it->second += ", " + value;
  }
  out.body = r.body;
  return out;
}

// An event stream as chunks: the router's stream is called until it says
// stop (or fails: cut off), the client goes away or the server stops.
httplib::ContentProviderWithoutLength Chunks(decltype(Response::stream) stream,
                                             decltype(Response::stream_failed) failed) {
  return [stream = std::move(stream), failed = std::move(failed)](std::size_t,
                                                                  httplib::DataSink& sink) {
    auto write = [&sink](const std::string& text) {
      return text.empty() || sink.write(text.data(), text.size());
    };
    try {
      if (stream(write)) return true;
      if (failed && failed()) return false;  // the library closes the connection mid-stream
      sink.done();
      return true;
    } catch (...) {
      return false;
    }
  };
}

void ToHttplib(Response response, httplib::Response& res) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  if (response.stream) {
    res.set_chunked_content_provider(
        response.content_type,
        Chunks(std::move(response.stream), std::move(response.stream_failed)));
    return;
  }
  res.set_header("Content-Type", response.content_type);
  res.body = std::move(response.body);
}

// The library parses Range itself and would apply it to every answer again
// (unchecked in 0.11); the router has answered it already. The request is
// the library's own non-const object, handed on as const.
void ForgetRanges(const httplib::Request& req) {
  const_cast<httplib::Request&>(req).ranges.clear();
}

std::string ErrorJson(const char* message) {
  return std::string("{\"error\":\"") + message + "\"}";
}

const char* LibraryErrorMessage(int status) {
  switch (status) {
    case 400:
      return "malformed request";
    case 413:
      return "the request body is over 64 KiB";
    case 414:
      return "the request address is too long";
    default:
      return "the request could not be answered";
  }
}

// Answers the library made itself (no body): an unparseable Range or a
// method without a handler go to the router after all (a GET, no body to
// read); the rest get a JSON error.
httplib::Server::HandlerResponse LibraryError(const Handler& handle, const httplib::Request& req,
                                              httplib::Response& res) {
  if (!res.body.empty() || res.is_chunked_content_provider_ || res.content_length_ > 0)
    return httplib::Server::HandlerResponse::Unhandled;
  ForgetRanges(req);
  const bool bodyless = req.method != "POST" && req.method != "PUT" && req.method != "PATCH";
  if ((res.status == 416 || res.status == 404) && bodyless) {
    Response response = handle(ToRequest(req));
    if (!response.stream) {
      res.headers.clear();
      ToHttplib(std::move(response), res);
      return httplib::Server::HandlerResponse::Handled;
    }
    res.status = 400;
  }
  if (res.status == 416) res.status = 400;
  res.set_header("Connection", "close");  // a body left unread must not be read as a request
  res.set_content(ErrorJson(LibraryErrorMessage(res.status)), "application/json");
  return httplib::Server::HandlerResponse::Handled;
}

// Before the library reads a body (it limits only a Content-Length one): a
// chunked body is refused (413: it could be any size), and a POST or PUT
// without Content-Length has none (the library would read until the client
// closes: "curl -X POST" waited 5 s for a 400).
httplib::Server::HandlerResponse CheckBodyFraming(const httplib::Request& req,
                                                  httplib::Response& res) {
  if (req.has_header("Transfer-Encoding")) {
    res.status = 413;
    res.set_header("Connection", "close");
    res.set_content(ErrorJson("send the request body with a Content-Length of at most 64 KiB"),
                    "application/json");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (!req.has_header("Content-Length"))
    const_cast<httplib::Request&>(req).headers.emplace("Content-Length", "0");
  return httplib::Server::HandlerResponse::Unhandled;
}

void Route(httplib::Server& server, const Handler& handler) {
  auto handle = [&handler](const httplib::Request& req, httplib::Response& res) {
    ToHttplib(handler(ToRequest(req)), res);
  };
  const char* kAny = R"([\s\S]*)";  // every path: ".*" would miss a decoded "%0A"
  server.Get(kAny, handle).Post(kAny, handle).Put(kAny, handle).Patch(kAny, handle);
  server.Delete(kAny, handle).Options(kAny, handle);
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    ForgetRanges(req);
    return CheckBodyFraming(req, res);
  });
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&handler](const httplib::Request& req, httplib::Response& res) {
        return LibraryError(handler, req, res);
      }));
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(ErrorJson("internal error"), "application/json");
      });
}

// SO_REUSEADDR but not the library's default SO_REUSEPORT, which would let a
// second studio listen on the same port and take half the requests.
void ConfigureSockets(httplib::Server& server) {
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.set_tcp_nodelay(true);  // a small answer is not held back waiting for an ACK
  // An idle kept-alive connection holds a thread this long, and a stop waits for it.
  server.set_keep_alive_timeout(1);
  server.set_payload_max_length(kMaxBodyBytes);
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
}

// The port listened on, or a kIo error naming it.
Result<int> Bind(httplib::Server& server, int port) {
  errno = 0;
  const int bound = port == 0 ? server.bind_to_any_port(kLoopback)
                              : (server.bind_to_port(kLoopback, port) ? port : -1);
  if (bound > 0) return bound;
  const std::string why = errno != 0 ? std::string(": ") + std::strerror(errno) : "";
  return Status::Io("cannot listen on " + std::string(kLoopback) + ":" + std::to_string(port) +
                    why + " (--port 0 takes any free port)");
}

// Until `done`: stops the server once a stop is asked and the server runs
// (stop() before listening begins would be lost, and twice is not allowed).
void Watch(httplib::Server& server, const ServerHooks& hooks, const std::atomic<bool>& done) {
  bool stopped = false;
  while (!done) {
    pollfd wake{hooks.wake_fd(), POLLIN, 0};
    ::poll(&wake, wake.fd >= 0 ? 1 : 0, kWatchMs);
    if (!stopped && hooks.stop_asked() && server.is_running()) {
      server.stop();
      stopped = true;
    }
  }
}

Status Serve(const ServerHooks& hooks) {
  httplib::Server server;
  ConfigureSockets(server);
  auto port = Bind(server, hooks.port);
  if (!port.ok()) return port.status();
  const Handler handler = hooks.on_bound(*port);
  Route(server, handler);
  std::atomic<bool> done{false};
  std::thread watcher([&] { Watch(server, hooks, done); });
  const bool listened = server.listen_after_bind();
  done = true;
  watcher.join();
  if (!listened && !hooks.stop_asked()) return Status::Io("the studio's server stopped");
  return Status::Ok();
}

}  // namespace
}  // namespace narrate::studio

extern "C" __attribute__((visibility("default"))) const narrate::ModuleHeader*
narrate_studio_module() {
  namespace studio = narrate::studio;
  static const studio::ModuleApi api{
      .header = {studio::kModuleVersion, sizeof(studio::ModuleApi)},
      .serve = studio::Serve,
  };
  return &api.header;
}
