// The studio's request handling (studio::Router::Handle) over the fake
// session, with fuzzed method, path, query, headers, Range and body; and
// ParseRange against a fuzzed size. Input: one flags byte, then lines:
//   path \n Range \n query (a=b&c=d) \n one more header (name: value) \n body...
// Flags: bit 0 the right token in the query, bit 1 in the cookie, bit 2 the
// right Host, bit 3 an Origin of another site, bits 4-6 the method.
// Properties: every answer is a status 200-599; every error is a JSON
// object with an "error" string; the wrong Host is 421 and no token 403
// before anything else; a 206 carries exactly the bytes its Content-Range
// names, a 416 "bytes */SIZE"; ranges stay inside the body.
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz/fuzz.h"
#include "studio/router.h"
#include "tests/support/fake_session.h"

namespace {

using narrate::fuzz::Require;
using narrate::studio::ByteRange;

constexpr int kPort = 8080;
constexpr char kToken[] = "0123456789abcdef0123456789abcdef";

std::string Line(std::string_view& rest) {
  const std::size_t end = std::min(rest.find('\n'), rest.size());
  std::string line(rest.substr(0, end));
  rest.remove_prefix(std::min(end + 1, rest.size()));
  return line;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// What the router must accept as its own Host, checked apart from its code.
bool OwnHost(const narrate::studio::Request& request) {
  auto it = request.headers.find("host");
  if (it == request.headers.end()) return false;
  const std::string host = Lower(it->second), port = ":" + std::to_string(kPort);
  return host == "127.0.0.1" + port || host == "localhost" + port;
}

void AddQuery(narrate::studio::Request& request, std::string_view query) {
  while (!query.empty()) {
    const std::size_t end = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, end);
    const std::size_t eq = std::min(pair.find('='), pair.size());
    request.query.emplace(std::string(pair.substr(0, eq)),
                          std::string(pair.substr(std::min(eq + 1, pair.size()))));
    query.remove_prefix(std::min(end + 1, query.size()));
  }
}

narrate::studio::Request MakeRequest(unsigned flags, std::string_view rest) {
  static const char* kMethods[] = {"GET",    "HEAD",  "POST",    "PUT",
                                   "DELETE", "PATCH", "OPTIONS", "TRACE"};
  narrate::studio::Request request;
  request.method = kMethods[(flags >> 4) & 7];
  request.path = Line(rest);
  const std::string range = Line(rest);
  if (!range.empty()) request.headers["range"] = range;
  AddQuery(request, Line(rest));
  const std::string header = Line(rest);
  const std::size_t colon = header.find(':');
  if (colon != std::string::npos && colon > 0)  // the server hands names on lower-case
    request.headers.emplace(Lower(header.substr(0, colon)), header.substr(colon + 1));
  if (flags & 1) request.query["token"] = kToken;
  if (flags & 2) request.headers["cookie"] = narrate::studio::TokenCookieName(kPort) + "=" + kToken;
  if (flags & 4) request.headers["host"] = "127.0.0.1:" + std::to_string(kPort);
  if (flags & 8) request.headers["origin"] = "http://evil.example";
  request.body = std::string(rest.substr(0, 8192));  // the fake speaks 80 bytes a character
  return request;
}

void CheckError(const narrate::studio::Response& response) {
  if (response.status < 400) return;
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  Require(body.is_object() && body.contains("error") && body["error"].is_string(),
          "an error is {\"error\": \"...\"}");
}

// "bytes A-B/S" names the body exactly.
void CheckPartial(const narrate::studio::Response& response) {
  if (response.status != 206 && response.status != 416) return;
  Require(response.headers.count("Content-Range") == 1, "206 and 416 carry Content-Range");
  const std::string& range = response.headers.at("Content-Range");
  if (response.status == 416) {
    Require(range.starts_with("bytes */"), "416 says bytes */SIZE");
    return;
  }
  unsigned long long first = 0, last = 0, size = 0;
  Require(std::sscanf(range.c_str(), "bytes %llu-%llu/%llu", &first, &last, &size) == 3,
          "Content-Range is bytes A-B/S");
  Require(first <= last && last < size, "the range is inside the body");
  Require(response.body.size() == last - first + 1, "206 carries exactly the range");
}

void CheckParseRange(const std::string& header, std::uint64_t size) {
  const ByteRange r = narrate::studio::ParseRange(header, size);
  if (r.kind == ByteRange::kValid) Require(r.first <= r.last && r.last < size, "range inside");
  if (header.empty()) Require(r.kind == ByteRange::kNone, "no header, no range");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  narrate::testing::FakeSession session(0);  // fresh per input; builds finish at once
  const narrate::studio::Router router(session, {kToken, kPort});
  const unsigned flags = data[0];
  const std::string_view rest = narrate::fuzz::AsText(data + 1, size - 1);
  const narrate::studio::Request request = MakeRequest(flags, rest);
  const narrate::studio::Response response = router.Handle(request);
  Require(response.status >= 200 && response.status <= 599, "a real status");
  if (!OwnHost(request)) Require(response.status == 421, "another Host is refused first");
  if (OwnHost(request) && !(flags & 3) && !request.query.count("token") &&
      !request.headers.count("cookie"))
    Require(response.status == 403, "no token, no answer");
  CheckError(response);
  CheckPartial(response);
  if (response.stream) {
    std::string written;
    response.stream([&](const std::string& text) {
      written += text;
      return true;
    });
    Require(written.starts_with("retry: "), "an event stream starts with its retry time");
  }
  CheckParseRange(request.headers.count("range") ? request.headers.at("range") : "", size * 977);
  return 0;
}
