// The studio's HTTP API through a real HTTP client (cpp-httplib's) against
// studio::Serve on a free port, over a fake session (tests/support/
// fake_session.h): tokens, Host, ranges, body limits, errors, lexicon edits,
// events; Router::Handle and ParseRange called directly; and `narrate studio`
// itself: a missing book, the Studio line, a second studio on the port, Ctrl-C.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "studio/launcher.h"
#include "studio/router.h"
#include "studio/server.h"
#include "tests/support/fake_session.h"

namespace narrate::studio {
namespace {

using nlohmann::json;
using testing::FakeSession;

constexpr char kToken[] = "0123456789abcdef0123456789abcdef";

// Serve on a free port in a thread, for the test's length.
class StudioServer : public ::testing::Test {
 protected:
  void SetUp() override {
    std::promise<int> listening;
    ServeOptions options{0, kToken,
                         [&](const std::string& url, int port) {
                           url_ = url;
                           listening.set_value(port);
                         },
                         &stop_};
    server_ = std::thread([this, options] { served_ = Serve(session_, options); });
    auto port = listening.get_future();
    ASSERT_EQ(port.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    port_ = port.get();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(10, 0);
  }
  void TearDown() override {
    client_.reset();  // its kept-alive connection would hold the server's stop
    stop_ = true;
    server_.join();
    EXPECT_TRUE(served_.ok()) << served_.message();
  }

  static std::string WithToken(const std::string& path) {
    return path + (path.find('?') == std::string::npos ? "?" : "&") + "token=" + kToken;
  }
  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    return client_->Get(WithToken(path), headers);
  }
  httplib::Result Send(const std::string& method, const std::string& path,
                       const std::string& body = "", const httplib::Headers& headers = {}) {
    httplib::Request request;
    request.method = method;
    request.path = WithToken(path);
    request.headers = headers;
    request.body = body;
    if (!body.empty()) request.set_header("Content-Type", "application/json");
    return client_->send(request);
  }
  static json Json(const httplib::Result& r) { return json::parse(r->body); }
  // The audio of chapter 1's first paragraph, "Mira walked 12 miles.".
  static std::string FirstAudio() { return FakeSession::WavOf("Mira walked twelve miles."); }

  FakeSession session_{200};  // a build takes 0.4 s: long enough to see it run
  std::atomic<bool> stop_{false};
  Status served_;
  std::thread server_;
  int port_ = 0;
  std::string url_;
  std::unique_ptr<httplib::Client> client_;
};

// ---- Tokens, Host, Origin ----------------------------------------------------------

TEST_F(StudioServer, PrintsItsAddressWithTheToken) {
  EXPECT_EQ(url_, "http://127.0.0.1:" + std::to_string(port_) + "/?token=" + kToken);
}

TEST_F(StudioServer, BookAnswersWithTheToken) {
  auto r = Get("/api/book");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  const json book = Json(r);
  EXPECT_EQ(book["title"], "The Lamp");
  EXPECT_EQ(book["author"], "Ann Vask");
  ASSERT_EQ(book["chapters"].size(), 2u);
  EXPECT_EQ(book["chapters"][0]["number"], 1);
  EXPECT_EQ(book["chapters"][0]["title"], "Dawn");
  EXPECT_EQ(book["chapters"][0]["paragraphs"], 3);
  EXPECT_EQ(book["chapters"][1]["words"], 8);
}

TEST_F(StudioServer, NoTokenOrAWrongOneIs403) {
  for (const std::string& path :
       {std::string("/api/book"), std::string("/api/book?token=0123456789abcdef0123456789abcdee"),
        std::string("/api/book?token=0123"), std::string("/?token="), std::string("/"),
        std::string("/studio.js"), std::string("/api/audio/1/1.wav")}) {
    auto r = client_->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path;
    EXPECT_TRUE(Json(r)["error"].is_string()) << path;
    EXPECT_EQ(r->get_header_value("Set-Cookie"), "") << path;
  }
}

TEST_F(StudioServer, TheTokenInTheAddressSetsACookieThePageUses) {
  auto page = client_->Get("/?token=" + std::string(kToken));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<script src=\"studio.js\">"), std::string::npos);
  const std::string cookie = TokenCookieName(port_) + "=" + kToken;
  EXPECT_EQ(page->get_header_value("Set-Cookie"), cookie + "; HttpOnly; SameSite=Strict; Path=/");
  const std::string policy = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(policy.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(policy.find("media-src 'self' blob:"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);

  auto book = client_->Get("/api/book", {{"Cookie", "theme=dark; " + cookie}});
  ASSERT_TRUE(book);
  EXPECT_EQ(book->status, 200);
  auto script = client_->Get("/studio.js", {{"Cookie", cookie}});
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto wrong = client_->Get("/api/book", {{"Cookie", TokenCookieName(port_) + "=x" + kToken}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  auto other_port =
      client_->Get("/api/book", {{"Cookie", TokenCookieName(port_ + 1) + "=" + kToken}});
  ASSERT_TRUE(other_port);
  EXPECT_EQ(other_port->status, 403);
}

TEST_F(StudioServer, AnotherHostIs421EvenWithTheToken) {
  const std::string port = std::to_string(port_);
  for (const std::string& host :
       {"evil.example:" + port, std::string("127.0.0.1"), "127.0.0.1:1" + port,
        "localhost.evil.example:" + port, std::string()}) {
    auto r = Get("/api/book", {{"Host", host}});
    ASSERT_TRUE(r) << host;
    EXPECT_EQ(r->status, 421) << host;
    EXPECT_TRUE(Json(r)["error"].is_string());
  }
  auto local = Get("/api/book", {{"Host", "localhost:" + port}});
  ASSERT_TRUE(local);
  EXPECT_EQ(local->status, 200);
}

TEST_F(StudioServer, ARequestFromAnotherSiteIs403) {
  auto r = Send("PUT", "/api/lexicon/Mira", R"({"pronunciation": "MEER-uh"})",
                {{"Origin", "http://evil.example"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_TRUE(session_.Lexicon().entries.empty());
  auto own = Send("PUT", "/api/lexicon/Mira", R"({"pronunciation": "MEER-uh"})",
                  {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}});
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
}

// ---- Chapters, audio, ranges, timings ---------------------------------------------------

TEST_F(StudioServer, ChapterParagraphsWithSpokenTextAndMarkedNames) {
  auto r = Get("/api/chapters/1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const json chapter = Json(r);
  EXPECT_EQ(chapter["title"], "Dawn");
  EXPECT_EQ(chapter["names_ready"], true);
  ASSERT_EQ(chapter["paragraphs"].size(), 3u);
  const json& first = chapter["paragraphs"][0];
  EXPECT_EQ(first["index"], 1);
  EXPECT_EQ(first["text"], "Mira walked 12 miles.");
  EXPECT_EQ(first["spoken"], "Mira walked twelve miles.");
  ASSERT_EQ(first["names"].size(), 1u);
  EXPECT_EQ(first["names"][0],
            json({{"start", 0}, {"end", 4}, {"word", "Mira"}, {"kind", "suggested"}}));
  EXPECT_EQ(chapter["paragraphs"][2]["text"], "Zo\xc3\xab lit the lamp.");
}

TEST_F(StudioServer, UnknownChaptersAndParagraphsAre404) {
  for (const char* path :
       {"/api/chapters/3", "/api/chapters/0", "/api/chapters/abc", "/api/chapters/01",
        "/api/chapters/-1", "/api/chapters/99999999999999999999", "/api/audio/3/1.wav",
        "/api/audio/1/4.wav", "/api/audio/1/1.mp3", "/api/audio/1/1", "/api/timings/2/3",
        "/api/nothing", "/api/chapters/1/extra", "/favicon.ico"}) {
    auto r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_TRUE(Json(r)["error"].is_string()) << path;
  }
}

TEST_F(StudioServer, AudioIsTheWholeWavWithoutARange) {
  auto r = Get("/api/audio/1/1.wav");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "audio/wav");
  EXPECT_EQ(r->get_header_value("Accept-Ranges"), "bytes");
  EXPECT_EQ(r->body, FirstAudio());
  EXPECT_EQ(r->body.substr(0, 4), "RIFF");
}

TEST_F(StudioServer, AValidRangeIs206WithExactlyThoseBytes) {
  const std::string wav = FirstAudio();
  const std::string size = std::to_string(wav.size());
  struct Case {
    std::string range;
    std::size_t first, last;
  };
  for (const Case& c :
       {Case{"bytes=0-99", 0, 99}, Case{"bytes=100-", 100, wav.size() - 1},
        Case{"bytes=-10", wav.size() - 10, wav.size() - 1},
        Case{"bytes=0-99999999", 0, wav.size() - 1},
        Case{"bytes=" + std::to_string(wav.size() - 1) + "-", wav.size() - 1, wav.size() - 1},
        Case{"bytes=-99999999", 0, wav.size() - 1}}) {
    auto r = Get("/api/audio/1/1.wav", {{"Range", c.range}});
    ASSERT_TRUE(r) << c.range;
    EXPECT_EQ(r->status, 206) << c.range;
    EXPECT_EQ(r->get_header_value("Content-Range"),
              "bytes " + std::to_string(c.first) + "-" + std::to_string(c.last) + "/" + size)
        << c.range;
    EXPECT_EQ(r->get_header_value("Accept-Ranges"), "bytes");
    EXPECT_EQ(r->get_header_value("Content-Length"), std::to_string(c.last - c.first + 1));
    EXPECT_EQ(r->body, wav.substr(c.first, c.last - c.first + 1)) << c.range;
  }
}

TEST_F(StudioServer, ARangePastTheEndIs416WithTheSize) {
  const std::string size = std::to_string(FirstAudio().size());
  for (const std::string& range :
       {"bytes=" + size + "-", "bytes=" + size + "-" + size + "0", std::string("bytes=-0"),
        std::string("bytes=99999999999999999999-")}) {
    auto r = Get("/api/audio/1/1.wav", {{"Range", range}});
    ASSERT_TRUE(r) << range;
    EXPECT_EQ(r->status, 416) << range;
    EXPECT_EQ(r->get_header_value("Content-Range"), "bytes */" + size) << range;
    EXPECT_EQ(r->get_header_value("Accept-Ranges"), "bytes");
    EXPECT_TRUE(Json(r)["error"].is_string()) << range;
  }
}

TEST_F(StudioServer, AMalformedRangeIs400) {
  for (const char* range : {"bytes=abc", "bytes=5-1", "bytes=0-1,4-5", "items=0-1", "bytes=-",
                            "bytes=1-2-3", "bytes=+1-2", "bytes"}) {
    auto r = Get("/api/audio/1/1.wav", {{"Range", range}});
    ASSERT_TRUE(r) << range;
    EXPECT_EQ(r->status, 400) << range;
    EXPECT_TRUE(Json(r)["error"].is_string()) << range;
  }
  // The page and its audio still answer on the same connection.
  auto after = Get("/api/audio/1/1.wav", {{"Range", "bytes=0-3"}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, "RIFF");
}

TEST_F(StudioServer, TimingsGiveEachWordItsTimeAndCharacters) {
  auto r = Get("/api/timings/1/1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const json t = Json(r);
  EXPECT_EQ(t["chapter"], 1);
  EXPECT_EQ(t["paragraph"], 1);
  EXPECT_EQ(t["sample_rate_hz"], FakeSession::kRateHz);
  EXPECT_EQ(t["spoken"], "Mira walked twelve miles.");
  const double seconds = 25.0 * FakeSession::kSamplesPerChar / FakeSession::kRateHz;
  EXPECT_DOUBLE_EQ(t["seconds"].get<double>(), seconds);
  ASSERT_EQ(t["words"].size(), 4u);
  EXPECT_EQ(t["words"][2]["word"], "twelve");
  EXPECT_EQ(t["words"][2]["char_start"], 12);
  EXPECT_EQ(t["words"][2]["char_end"], 14);
  EXPECT_EQ(t["words"][2]["exact"], false);
  EXPECT_DOUBLE_EQ(t["words"][0]["start"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(t["words"][3]["end"].get<double>(), seconds);
}

// ---- Bodies: say, phonemes, pronunciation ------------------------------------------------

TEST_F(StudioServer, SayAnswersAWavOfTheText) {
  auto r = Send("POST", "/api/say", R"({"text": "Worf came."})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "audio/wav");
  EXPECT_EQ(r->body, FakeSession::WavOf("Worf came."));
}

TEST_F(StudioServer, PhonemesHonourTrialEntriesWithoutSavingThem) {
  auto r =
      Send("POST", "/api/phonemes", R"({"text": "Worf came.", "lexicon": {"Worf": "[[w'o@f]]"}})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Json(r)["phonemes"], "[[w'o@f]] came");
  EXPECT_TRUE(session_.Lexicon().entries.empty());
  auto bad = Send("POST", "/api/say", R"({"text": "Worf", "lexicon": {"Worf": "/ʘ/"}})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(Json(bad)["error"].get<std::string>().find("U+0298"), std::string::npos);
}

TEST_F(StudioServer, BadBodiesAre400WithAnError) {
  for (const std::string& body :
       {std::string("{"), std::string("not json"), std::string("[1, 2]"), std::string("{}"),
        std::string(R"({"text": 5})"), std::string(R"({"text": "a", "lexicon": ["x"]})"),
        std::string(R"({"text": "a", "lexicon": {"x": 1}})"), std::string(R"({"text": "  "})"),
        std::string(R"({"text": "a", "lexicon": {"": "x"}})"), std::string(1000, '[')}) {
    auto r = Send("POST", "/api/say", body);
    ASSERT_TRUE(r) << body;
    EXPECT_EQ(r->status, 400) << body;
    EXPECT_TRUE(Json(r)["error"].is_string()) << body;
  }
}

TEST_F(StudioServer, AnOversizedBodyIs413) {
  const std::string text(kMaxBodyBytes + 1, 'a');
  auto r = Send("POST", "/api/say", R"({"text": ")" + text + R"("})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(Json(r)["error"].is_string());
  const std::string fits(kMaxBodyBytes - 100, 'a');
  auto ok = Send("POST", "/api/phonemes", R"({"text": ")" + fits + R"("})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

// A request written by hand (httplib's client always frames its bodies), and
// the whole answer, read until the server closes.
std::string RawExchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) return "";
  (void)!::write(fd, request.data(), request.size());
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof(buffer))) > 0;) answer.append(buffer, n);
  ::close(fd);
  return answer;
}

TEST_F(StudioServer, AChunkedBodyIs413WhateverItsSize) {
  const std::string host = "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  const std::string chunk(kMaxBodyBytes, 'a');
  std::ostringstream body;
  for (int i = 0; i < 3; ++i) body << std::hex << chunk.size() << "\r\n" << chunk << "\r\n";
  body << "0\r\n\r\n";
  const std::string answer = RawExchange(
      port_, "POST " + WithToken("/api/pronunciation") + " HTTP/1.1\r\n" + host +
                 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body.str());
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 200);
}

TEST_F(StudioServer, APostWithoutContentLengthHasAnEmptyBody) {
  const std::string host = "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  const auto start = std::chrono::steady_clock::now();
  const std::string answer =
      RawExchange(port_, "POST " + WithToken("/api/build") + " HTTP/1.1\r\n" + host +
                             "Connection: close\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 202")) << answer.substr(0, 200);
  // Not the library's read until the client closes, then 400 (5 s).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST_F(StudioServer, PronunciationsAreCheckedAsTyped) {
  auto ipa = Send("POST", "/api/pronunciation", R"({"pronunciation": "/ˈmiːɹə/"})");
  ASSERT_TRUE(ipa);
  EXPECT_EQ(Json(ipa)["valid"], true);
  EXPECT_EQ(Json(ipa)["kind"], "ipa");
  auto bad = Send("POST", "/api/pronunciation", R"({"pronunciation": "MEER-1"})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 200);
  EXPECT_EQ(Json(bad)["valid"], false);
  EXPECT_FALSE(Json(bad)["error"].get<std::string>().empty());
}

// ---- Lexicon -----------------------------------------------------------------------------

TEST_F(StudioServer, PutAndDeleteALexiconEntry) {
  auto put = Send("PUT", "/api/lexicon/Mira", R"({"pronunciation": "MEER-uh"})");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  json change = Json(put);
  EXPECT_TRUE(change["before"].is_null());
  EXPECT_EQ(change["after"]["word"], "Mira");
  EXPECT_EQ(change["after"]["pronunciation"], "MEER-uh");
  EXPECT_EQ(change["chapters"], json({1, 2}));
  auto lexicon = Get("/api/lexicon");
  ASSERT_TRUE(lexicon);
  EXPECT_EQ(Json(lexicon)["entries"][0]["word"], "Mira");
  EXPECT_EQ(Json(lexicon)["version"], change["version"]);
  EXPECT_EQ(Json(lexicon)["error"], "");
  session_.SetLexiconError("lamp.lexicon:3: unknown IPA symbol");
  EXPECT_EQ(Json(Get("/api/lexicon"))["error"], "lamp.lexicon:3: unknown IPA symbol");
  auto marked = Get("/api/chapters/1");
  EXPECT_EQ(Json(marked)["paragraphs"][0]["names"][0]["kind"], "lexicon");

  auto replace = Send("PUT", "/api/lexicon/Mira",
                      R"({"pronunciation": "[[m'i@r@]]", "case_sensitive": true})");
  ASSERT_TRUE(replace);
  change = Json(replace);
  EXPECT_EQ(change["before"]["pronunciation"], "MEER-uh");
  EXPECT_EQ(change["after"]["case_sensitive"], true);

  auto removed = Send("DELETE", "/api/lexicon/Mira");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200);
  EXPECT_TRUE(Json(removed)["after"].is_null());
  EXPECT_EQ(Json(removed)["before"]["word"], "Mira");
  auto again = Send("DELETE", "/api/lexicon/Mira");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  EXPECT_TRUE(session_.Lexicon().entries.empty());
}

TEST_F(StudioServer, TheWordInThePathIsPercentDecodedUtf8) {
  auto zoe = Send("PUT", "/api/lexicon/Zo%C3%AB", R"({"pronunciation": "ZOH-ee"})");
  ASSERT_TRUE(zoe);
  EXPECT_EQ(zoe->status, 200);
  auto slash = Send("PUT", "/api/lexicon/AC%2FDC", R"({"pronunciation": "AY-see-DEE-see"})");
  ASSERT_TRUE(slash);
  EXPECT_EQ(slash->status, 200);
  const app::LexiconView lexicon = session_.Lexicon();
  ASSERT_EQ(lexicon.entries.size(), 2u);
  EXPECT_EQ(lexicon.entries[0].word, "Zo\xc3\xab");
  EXPECT_EQ(lexicon.entries[1].word, "AC/DC");
  for (const char* path : {"/api/lexicon/%FF", "/api/lexicon/%C3", "/api/lexicon/a%0Ab",
                           "/api/lexicon/%zz", "/api/lexicon/%4", "/api/lexicon/%ED%A0%80"}) {
    auto r = Send("PUT", path, R"({"pronunciation": "X"})");
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 400) << path;
    EXPECT_TRUE(Json(r)["error"].is_string()) << path;
  }
  EXPECT_EQ(session_.Lexicon().entries.size(), 2u);
}

TEST_F(StudioServer, ABadPronunciationIs400AndSavesNothing) {
  for (const char* body :
       {R"({"pronunciation": "/ʘ/"})", R"({"pronunciation": ""})", R"({"pronunciation": "a\nb"})",
        R"({"pronunciation": 3})", R"({"pronunciation": "X", "case_sensitive": "yes"})", R"({})"}) {
    auto r = Send("PUT", "/api/lexicon/Mira", body);
    ASSERT_TRUE(r) << body;
    EXPECT_EQ(r->status, 400) << body;
  }
  EXPECT_TRUE(session_.Lexicon().entries.empty());
}

TEST_F(StudioServer, ConcurrentSavesKeepEveryEntry) {
  std::vector<std::thread> clients;
  std::atomic<int> saved{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([this, i, &saved] {
      httplib::Client client("127.0.0.1", port_);
      for (int k = 0; k < 5; ++k) {
        const std::string word =
            "Name" + std::string(1, char('a' + i)) + std::string(1, char('a' + k));
        auto r = client.Put(WithToken("/api/lexicon/" + word), R"({"pronunciation": "NAYM"})",
                            "application/json");
        if (r && r->status == 200) ++saved;
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(saved, 40);
  EXPECT_EQ(session_.Lexicon().entries.size(), 40u);
}

TEST_F(StudioServer, WrongMethodIs405WithAllow) {
  struct Case {
    const char* method;
    const char* path;
    const char* allow;
  };
  for (const Case& c :
       {Case{"POST", "/api/book", "GET"}, Case{"PATCH", "/api/lexicon/x", "PUT, DELETE"},
        Case{"PUT", "/api/build", "POST, DELETE"}, Case{"DELETE", "/", "GET"},
        Case{"OPTIONS", "/api/say", "POST"}}) {
    auto r = Send(c.method, c.path);
    ASSERT_TRUE(r) << c.method << " " << c.path;
    EXPECT_EQ(r->status, 405) << c.method << " " << c.path;
    EXPECT_EQ(r->get_header_value("Allow"), c.allow) << c.method << " " << c.path;
  }
}

// ---- Names, build, events --------------------------------------------------------------

TEST_F(StudioServer, NamesToCheckCanBeKept) {
  auto names = Get("/api/names");
  ASSERT_TRUE(names);
  ASSERT_EQ(Json(names)["names"].size(), 3u);
  EXPECT_EQ(Json(names)["names"][0]["word"], "Mira");
  EXPECT_EQ(Json(names)["names"][0]["count"], 2);
  auto kept = Send("PUT", "/api/names/Vask/kept", R"({"kept": true})");
  ASSERT_TRUE(kept);
  EXPECT_EQ(Json(kept), json({{"word", "Vask"}, {"kept", true}}));
  EXPECT_EQ(Json(Get("/api/names"))["names"][1]["kept"], true);
  auto missing = Send("PUT", "/api/names/Vask/kept", R"({})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
}

TEST_F(StudioServer, EventsStreamTheBuildUntilItIsDone) {
  std::string events;
  std::promise<void> opened, done;
  std::thread reader([&] {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(10, 0);
    bool first = true;
    client.Get(WithToken("/api/events"), [&](const char* data, std::size_t length) {
      events.append(data, length);
      if (first) opened.set_value();
      first = false;
      if (events.find("\"state\":\"done\"") == std::string::npos) return true;
      done.set_value();
      return false;
    });
  });
  ASSERT_EQ(opened.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto start = Send("POST", "/api/build");
  ASSERT_TRUE(start);
  EXPECT_EQ(start->status, 202);
  EXPECT_EQ(Json(start)["build"]["state"], "running");
  EXPECT_EQ(Json(start)["build"]["chapters_total"], 2);
  auto twice = Send("POST", "/api/build");
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status, 409);
  auto finished = done.get_future();
  EXPECT_EQ(finished.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  reader.join();
  EXPECT_TRUE(events.starts_with("retry: 2000\n\nevent: build\ndata: {\"state\":\"idle\""))
      << events;
  EXPECT_NE(events.find("event: build\ndata: {\"state\":\"running\""), std::string::npos) << events;
  EXPECT_NE(events.find("event: build\ndata: {\"state\":\"done\",\"chapters_done\":2,"),
            std::string::npos)
      << events;
  auto status = Get("/api/status");
  EXPECT_EQ(Json(status)["stale_chapters"], json::array());
  EXPECT_EQ(Json(status)["build"]["state"], "done");
}

TEST_F(StudioServer, ABuildCanBeCancelled) {
  FakeSession slow(2000);
  std::atomic<bool> stop{false};
  std::promise<int> listening;
  std::thread server([&] {
    Serve(slow, ServeOptions{0, kToken, [&](const std::string&, int p) { listening.set_value(p); },
                             &stop});
  });
  httplib::Client client("127.0.0.1", listening.get_future().get());
  auto start = client.Post(WithToken("/api/build"));
  ASSERT_TRUE(start);
  EXPECT_EQ(start->status, 202);
  auto cancel = client.Delete(WithToken("/api/build"));
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->status, 200);
  slow.WaitForProgress(json::parse(cancel->body)["build"]["version"].get<std::uint64_t>(), 5000);
  EXPECT_EQ(slow.Progress().state, app::BuildState::kCancelled);
  stop = true;
  server.join();
}

TEST_F(StudioServer, ASecondStudioOnTheSamePortFailsWithOneLine) {
  FakeSession other;
  const Status status = Serve(other, ServeOptions{port_, kToken, nullptr, &stop_});
  EXPECT_EQ(status.code(), StatusCode::kIo);
  EXPECT_EQ(status.message().find("cannot listen on 127.0.0.1:" + std::to_string(port_)), 0u)
      << status.message();
  EXPECT_EQ(status.message().find('\n'), std::string::npos);
  auto still = Get("/api/book");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
}

TEST_F(StudioServer, StopEndsAnOpenEventStream) {
  std::thread reader([this] {
    httplib::Client client("127.0.0.1", port_);
    client.Get(WithToken("/api/events"), [](const char*, std::size_t) { return true; });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto start = std::chrono::steady_clock::now();
  stop_ = true;
  server_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  reader.join();
  server_ = std::thread([] {});  // TearDown joins it
}

// ---- The router and ParseRange alone -------------------------------------------------------

Request Plain(const std::string& method, const std::string& path) {
  Request r;
  r.method = method;
  r.path = path;
  r.query["token"] = kToken;
  r.headers["host"] = "127.0.0.1:8080";
  return r;
}

TEST(Router, AnEmptyTokenRefusesEverything) {
  FakeSession session;
  const Router router(session, RouterOptions{"", 8080});
  Request r = Plain("GET", "/api/book");
  r.query["token"] = "";
  EXPECT_EQ(router.Handle(r).status, 403);
}

TEST(Router, HostIsCheckedBeforeTheToken) {
  FakeSession session;
  const Router router(session, RouterOptions{kToken, 8080});
  Request r = Plain("GET", "/api/book");
  r.query.clear();
  r.headers["host"] = "evil.example:8080";
  EXPECT_EQ(router.Handle(r).status, 421);
  r.headers["host"] = "LOCALHOST:8080";
  EXPECT_EQ(router.Handle(r).status, 403);
}

TEST(Router, EveryAnswerCarriesTheSafetyHeaders) {
  FakeSession session;
  const Router router(session, RouterOptions{kToken, 8080});
  for (const char* path : {"/", "/api/book", "/api/nothing"}) {
    const Response r = router.Handle(Plain("GET", path));
    EXPECT_EQ(r.headers.at("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.headers.at("Referrer-Policy"), "no-referrer") << path;
  }
}

TEST(ParseRange, FormsAndLimits) {
  auto range = [](const std::string& header, std::uint64_t size) {
    const ByteRange r = ParseRange(header, size);
    return std::to_string(r.kind) + ":" + std::to_string(r.first) + "-" + std::to_string(r.last);
  };
  EXPECT_EQ(range("", 10), "0:0-0");
  EXPECT_EQ(range("bytes=0-4", 10), "1:0-4");
  EXPECT_EQ(range("bytes=3-", 10), "1:3-9");
  EXPECT_EQ(range("bytes=-3", 10), "1:7-9");
  EXPECT_EQ(range("bytes=-30", 10), "1:0-9");
  EXPECT_EQ(range("bytes=9-9", 10), "1:9-9");
  EXPECT_EQ(range("Bytes= 2 - 5 ", 10), "1:2-5");
  EXPECT_EQ(range("bytes=0-18446744073709551615", 10), "1:0-9");
  EXPECT_EQ(range("bytes=0-99999999999999999999999", 10), "1:0-9");
  EXPECT_EQ(range("bytes=10-", 10), "2:0-0");
  EXPECT_EQ(range("bytes=99999999999999999999999-", 10), "2:0-0");
  EXPECT_EQ(range("bytes=-0", 10), "2:0-0");
  EXPECT_EQ(range("bytes=0-", 0), "2:0-0");
  EXPECT_EQ(range("bytes=-5", 0), "2:0-0");
  for (const char* bad : {"bytes=5-4", "bytes=a-", "bytes=-", "bytes=0-1,2-3", "bits=0-1",
                          "bytes=1", "bytes=--1", "bytes=0x1-", "bytes=1-2-", "bytes="}) {
    EXPECT_EQ(ParseRange(bad, 10).kind, ByteRange::kMalformed) << bad;
  }
}

TEST(Layering, OnlyTheServerIncludesTheHttpLibrary) {
  namespace fs = std::filesystem;
  const std::regex include(R"re(#\s*include\s*[<"]httplib\.h[>"])re");
  std::vector<std::string> includers;
  for (const char* folder : {"app", "cli", "common", "pipeline", "studio", "source", "fuzz"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(NARRATE_SOURCE_DIR) / folder)) {
      std::ifstream in(e.path());
      std::stringstream text;
      text << in.rdbuf();
      if (std::regex_search(text.str(), include))
        includers.push_back(fs::relative(e.path(), NARRATE_SOURCE_DIR).string());
    }
  }
  // narrate-studio.so, loaded when the studio starts (studio/server_module.h).
  EXPECT_EQ(includers, std::vector<std::string>{"studio/server_module.cc"});
}

// ---- narrate studio (the built program) -------------------------------------------------

// `narrate ARGS...` started in `dir` (XDG_CONFIG_HOME there: no user lexicon), its standard
// output on a pipe, its standard error in dir/stderr.
struct Running {
  pid_t pid = -1;
  int out = -1;
};
Running StartNarrate(const std::string& dir, const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(127);
    ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
    ::dup2(pipe_fds[1], 1);
    const int err = ::open("stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(err, 2);
    std::vector<char*> argv{const_cast<char*>(NARRATE_BINARY)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(NARRATE_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  return {pid, pipe_fds[0]};
}

// The first line the program writes, waiting at most `seconds`.
std::string FirstLine(int fd, int seconds) {
  std::string line;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buffer[256];
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    line.append(buffer, static_cast<std::size_t>(n));
  }
  return line;
}

int WaitExit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

class StudioCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("narrate-studio-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::filesystem::copy_file(
        std::string(NARRATE_SOURCE_DIR) + "/samples/the-lamplighter-of-vask.md", dir_ / "vask.md");
  }
  void TearDown() override {
    for (pid_t pid : started_) ::kill(pid, SIGKILL);  // only those a failed check left running
    for (pid_t pid : started_) ::waitpid(pid, nullptr, 0);
    std::filesystem::remove_all(dir_);
  }
  Running Start(const std::vector<std::string>& args) {
    Running running = StartNarrate(dir_, args);
    started_.push_back(running.pid);
    return running;
  }
  int Wait(pid_t pid) {
    started_.erase(std::remove(started_.begin(), started_.end(), pid), started_.end());
    return WaitExit(pid);
  }
  std::string Stderr() const {
    std::ifstream in(dir_ / "stderr");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::filesystem::path dir_;
  std::vector<pid_t> started_;
};

TEST_F(StudioCommand, AMissingBookIsTheBuildsOneLineError) {
  Running studio = Start({"studio", "missing.md", "--no-browser"});
  EXPECT_EQ(FirstLine(studio.out, 60), "");
  EXPECT_EQ(Wait(studio.pid), 1);
  EXPECT_EQ(Stderr(), "narrate: missing.md: no such file\n");
  ::close(studio.out);
}

TEST_F(StudioCommand, ServesTheBookUntilCtrlC) {
  Running studio = Start({"studio", "vask.md", "--no-browser", "--port", "0", "-o", "out"});
  const std::string line = FirstLine(studio.out, 60);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      line, m, std::regex(R"(Studio: http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]{32})\n)")))
      << line << Stderr();
  const int port = std::stoi(m[1]);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30, 0);
  auto book = client.Get("/api/book?token=" + m[2].str());
  ASSERT_TRUE(book);
  EXPECT_EQ(book->status, 200);
  const json answer = json::parse(book->body);
  EXPECT_EQ(answer["title"], "The Lamplighter of Vask");
  ASSERT_EQ(answer["chapters"].size(), 3u);
  EXPECT_EQ(answer["chapters"][1]["title"], "Chapter 2: The Letter from Quillmouth");
  auto refused = client.Get("/api/book?token=" + std::string(32, '0'));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);

  // A second studio on that port: one line, exit 1.
  Running second = Start({"studio", "vask.md", "--no-browser", "--port", m[1].str()});
  EXPECT_EQ(FirstLine(second.out, 60), "");
  EXPECT_EQ(Wait(second.pid), 1);
  ::close(second.out);
  const std::string refused_port = Stderr();
  EXPECT_EQ(refused_port.rfind("narrate: cannot listen on 127.0.0.1:" + m[1].str() + ": ", 0), 0u)
      << refused_port;
  EXPECT_EQ(std::count(refused_port.begin(), refused_port.end(), '\n'), 1) << refused_port;

  ::kill(studio.pid, SIGINT);
  EXPECT_EQ(Wait(studio.pid), 130);
  EXPECT_EQ(FirstLine(studio.out, 1), "");  // nothing more on standard output
  ::close(studio.out);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out"));
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir_))
    left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"stderr", "vask.md"}));
}

// ---- The page the browser is opened with ----------------------------------------------

TEST(Launcher, ThePageOnlyThisUserCanReadSendsTheBrowserOn) {
  const std::string url = "http://127.0.0.1:8123/?token=" + std::string(kToken);
  auto launcher = WriteLauncherPage(url);
  ASSERT_TRUE(launcher.ok()) << launcher.status().message();
  ASSERT_TRUE(launcher->starts_with("file:///"));
  const std::filesystem::path file = launcher->substr(std::string("file://").size());
  std::ifstream in(file);
  const std::string html((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(html.find("content=\"0;url=" + url + "\""), std::string::npos) << html;
  namespace fs = std::filesystem;
  EXPECT_EQ(fs::status(file).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(file.parent_path()).permissions(), fs::perms::owner_all);
  fs::remove_all(file.parent_path());
  EXPECT_FALSE(WriteLauncherPage("http://127.0.0.1:1/\"><script>").ok());
}

}  // namespace
}  // namespace narrate::studio
