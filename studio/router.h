// The studio's HTTP request handling, apart from any HTTP library: a request
// as plain values in, a response as plain values out. The server
// (studio/server.h) turns cpp-httplib's types into these and back; tests and
// the fuzz target call Handle directly.
//
// Contracts:
// - Every request is answered: bad input is a 4xx with a JSON body
//   {"error": "one line"}; an exception escaping a handler is a 500 with the
//   same body. Nothing from a request becomes a file path.
// - Security: a request whose Host is not the loopback address and port the
//   server listens on is refused (421); every route needs the token,
//   as ?token= or the cookie the page sets (403 without it; compared in
//   constant time; an empty configured token refuses every request); a
//   request whose Origin is another site's is refused (403); bodies over
//   kMaxBodyBytes are refused (413) by the server before they are read.
// - Files: the page's files are compiled in (studio/page/*, embedded at build
//   time) and looked up by exact name; nothing else is served.
// - Threading: Handle is safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "app/session.h"

namespace narrate::studio {

inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr char kTokenCookie[] = "narrate_token";
// The token's cookie for the studio on `port`: "narrate_token_8080". Cookies
// are shared by every port of a host, so two studios open at once (two
// books) would otherwise overwrite each other's.
std::string TokenCookieName(int port);

struct Request {
  std::string method;  // "GET", "POST", ...
  // The request target's path as sent, without the query and NOT decoded:
  // the router splits it at '/' and percent-decodes each segment itself, so
  // a grapheme holding "/" (%2F) stays one segment ("/api/lexicon/AC%2FDC").
  std::string path;
  std::map<std::string, std::string> query;    // decoded; the first of repeated names
  std::map<std::string, std::string> headers;  // names lower-case; repeats joined by ", "
  std::string body;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
  std::string body;
  // Set for streamed responses (GET /api/events' text/event-stream, a cold
  // paragraph's WAV), sent chunked: the server calls it until it returns
  // false or the client goes away; each call writes what `write` is given
  // (write returns false once the client is gone). Blocks for at most a few
  // seconds per call.
  using Writer = std::function<bool(const std::string&)>;
  std::function<bool(const Writer& write)> stream;
  // Asked once stream returned false (when set): true = the stream could not
  // be finished, and the server cuts the connection instead of ending it.
  std::function<bool()> stream_failed;
};

struct RouterOptions {
  std::string token;  // required on every call
  int port = 0;       // the port the server listens on (for the Host check)
};

class Router {
 public:
  // session is not owned and outlives the router.
  Router(app::Session& session, RouterOptions options);
  Response Handle(const Request& request) const;

 private:
  Response Dispatch(const Request& request) const;

  app::Session& session_;
  RouterOptions options_;
};

// A Range header against a body of `size` bytes: "bytes=A-B", "bytes=A-",
// "bytes=-N" (the last N). One range only.
// - kNone: the header is empty (no Range sent).
// - kValid: first..last inside the body; B past the end is clamped to the last
//   byte, N over the size takes the whole body ("bytes=0-99999999" of 10 bytes
//   → 0..9).
// - kUnsatisfiable: A at or past the end, "bytes=-0", or any range of an empty
//   body (416, "Content-Range: bytes */SIZE").
// - kMalformed: anything else: another unit, several ranges ("bytes=0-1,4-5"),
//   A > B, a sign or other character among the digits, "bytes=-" (400).
struct ByteRange {
  enum Kind { kNone, kValid, kUnsatisfiable, kMalformed } kind = kNone;
  std::uint64_t first = 0;  // both included
  std::uint64_t last = 0;
};
ByteRange ParseRange(const std::string& header, std::uint64_t size);

}  // namespace narrate::studio
