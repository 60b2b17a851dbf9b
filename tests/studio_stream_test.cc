// A cold paragraph's audio streamed as it is rendered (issue 16's first
// audio byte): the session's Paragraph with on_audio, and GET
// /api/audio/C/P.wav over a real HTTP client against a real session.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <thread>

#include "app/session.h"
#include "studio/server.h"
#include "tests/support/probe.h"

namespace narrate::studio {
namespace {

namespace fs = std::filesystem;

constexpr char kToken[] = "0123456789abcdef0123456789abcdef";

// Chapter 1's second paragraph is long enough for several 200 ms chunks.
const char* kBook =
    "# Chapter 1\n\n"
    "The lamp was lit.\n\n"
    "The harbour was quiet that evening, and the lamps along the quay were lit one by one "
    "while the fog came in from the sea. Mira walked twelve miles along the shore before she "
    "saw the tower, and then she sat down on the wet stones and waited for the boats.\n\n"
    "# Chapter 2\n\n"
    "Nobody spoke for a long while, and the gulls cried over the grey water of the bay.\n";

std::uint32_t U32At(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int k = 3; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(s[at + k]);
  return v;
}

std::string Samples(const std::vector<std::int16_t>& pcm) {
  return std::string(reinterpret_cast<const char*>(pcm.data()), pcm.size() * 2);
}

class StreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    setenv("XDG_CONFIG_HOME", (dir_ + "/config").c_str(), 1);  // no user-wide lexicon
    testing::WriteFile(dir_ + "/book.md", kBook);
    app::SessionOptions options;
    options.book_path = dir_ + "/book.md";
    options.build.output_dir = dir_ + "/out";
    auto session = app::OpenSession(options);
    ASSERT_TRUE(session.ok()) << session.status().message();
    session_ = std::move(*session);
  }
  void TearDown() override {
    if (server_.joinable()) {
      client_.reset();
      stop_ = true;
      server_.join();
    }
    session_.reset();
    fs::remove_all(dir_);
  }
  void StartServer() {
    std::promise<int> listening;
    ServeOptions options{0, kToken,
                         [&](const std::string&, int port) { listening.set_value(port); }, &stop_};
    server_ = std::thread([this, options] { Serve(*session_, options); });
    auto port = listening.get_future();
    ASSERT_EQ(port.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    port_ = port.get();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(20, 0);
  }
  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    return client_->Get(path + "?token=" + kToken, headers);
  }

  std::string dir_;
  std::unique_ptr<app::Session> session_;
  std::atomic<bool> stop_{false};
  std::thread server_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(StreamTest, ParagraphHearsItsSamplesAsTheyComeAndTheyAreTheWavs) {
  std::vector<std::int16_t> heard;
  std::vector<std::size_t> calls;
  int rate_hz = 0;
  auto spoken = session_->Paragraph(1, 2, [&](int rate, std::span<const std::int16_t> samples) {
    rate_hz = rate;
    heard.insert(heard.end(), samples.begin(), samples.end());
    calls.push_back(samples.size());
  });
  ASSERT_TRUE(spoken.ok()) << spoken.status().message();
  const std::string& wav = (*spoken)->wav;
  EXPECT_GT(calls.size(), 3u) << "a rendered paragraph comes in chunks, not at the end";
  EXPECT_LT(calls.front(), heard.size() / 3);
  EXPECT_EQ(rate_hz, (*spoken)->speech.sample_rate_hz);
  EXPECT_EQ(U32At(wav, 40), heard.size() * 2);
  EXPECT_TRUE(Samples(heard) == wav.substr(44)) << "the streamed samples are the WAV's";
  // Cached now: all in one call, the same samples, the same result.
  std::vector<std::int16_t> again;
  int again_calls = 0;
  auto cached = session_->Paragraph(1, 2, [&](int, std::span<const std::int16_t> samples) {
    again.insert(again.end(), samples.begin(), samples.end());
    ++again_calls;
  });
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ(cached->get(), spoken->get());
  EXPECT_EQ(again_calls, 1);
  EXPECT_TRUE(again == heard);
  EXPECT_EQ(session_->Paragraph(1, 9, {}).status().code(), StatusCode::kNotFound);
}

TEST_F(StreamTest, ConcurrentCallsShareOneRender) {
  constexpr int kCalls = 4;
  std::vector<std::vector<std::int16_t>> heard(kCalls);
  std::vector<Result<app::SpokenPtr>> results(kCalls, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      if (i == kCalls - 1) {
        results[i] = session_->Paragraph(2, 1);  // the waiting kind follows the same render
        return;
      }
      results[i] = session_->Paragraph(2, 1, [&, i](int, std::span<const std::int16_t> s) {
        heard[i].insert(heard[i].end(), s.begin(), s.end());
      });
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().message();
    EXPECT_EQ(results[i]->get(), results[0]->get()) << "one render, one result, call " << i;
  }
  for (int i = 0; i < kCalls - 1; ++i)
    EXPECT_TRUE(Samples(heard[i]) == (*results[0])->wav.substr(44)) << "call " << i;
}

TEST_F(StreamTest, ColdAudioIsStreamedChunkedWithTheSamplesOfTheExactWav) {
  StartServer();
  auto cold = Get("/api/audio/1/2.wav", {{"Range", "bytes=0-"}});
  ASSERT_TRUE(cold);
  EXPECT_EQ(cold->status, 200);
  EXPECT_EQ(cold->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_FALSE(cold->has_header("Content-Length"));
  EXPECT_EQ(cold->get_header_value("Content-Type"), "audio/wav");
  const std::string& streamed = cold->body;
  ASSERT_GT(streamed.size(), 44u);
  EXPECT_EQ(streamed.substr(0, 4), "RIFF");
  EXPECT_EQ(U32At(streamed, 4), 0xFFFFFFFFu) << "length unknown";
  EXPECT_EQ(streamed.substr(36, 4), "data");
  EXPECT_EQ(U32At(streamed, 40), 0xFFFFFFFFu);

  auto warm = Get("/api/audio/1/2.wav");
  ASSERT_TRUE(warm);
  EXPECT_EQ(warm->status, 200);
  EXPECT_EQ(warm->get_header_value("Content-Length"), std::to_string(warm->body.size()));
  EXPECT_EQ(warm->get_header_value("Accept-Ranges"), "bytes");
  const std::string& exact = warm->body;
  EXPECT_EQ(U32At(exact, 40) + 44, exact.size());
  EXPECT_EQ(streamed.substr(8, 32), exact.substr(8, 32)) << "the same format";
  EXPECT_TRUE(streamed.substr(44) == exact.substr(44)) << "the same samples";
}

TEST_F(StreamTest, ARangeOnAColdParagraphWaitsAndGetsTheExactLength) {
  StartServer();
  auto part = Get("/api/audio/2/1.wav", {{"Range", "bytes=0-99"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body.size(), 100u);
  const std::string content_range = part->get_header_value("Content-Range");
  ASSERT_TRUE(content_range.starts_with("bytes 0-99/")) << content_range;
  const std::uint64_t size = std::stoull(content_range.substr(11));
  EXPECT_EQ(U32At(part->body, 40) + 44, size);
  auto past = Get("/api/audio/2/1.wav", {{"Range", "bytes=" + std::to_string(size) + "-"}});
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 416);
  EXPECT_EQ(Get("/api/audio/1/9.wav")->status, 404);
}

TEST_F(StreamTest, AClientGoneMidStreamLeavesTheRenderCached) {
  StartServer();
  {
    httplib::Client quitter("127.0.0.1", port_);
    std::size_t got = 0;
    quitter.Get(std::string("/api/audio/1/2.wav?token=") + kToken, [&](const char*, std::size_t n) {
      got += n;
      return false;  // goes away at the first bytes
    });
    EXPECT_GT(got, 0u);
  }
  // The render went on: once it is done (Paragraph waits for it, however loaded
  // the machine), the full WAV is cached and served with its exact length.
  auto spoken = session_->Paragraph(1, 2);
  ASSERT_TRUE(spoken.ok());
  auto whole = Get("/api/audio/1/2.wav");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 200);
  EXPECT_EQ(U32At(whole->body, 40) + 44, whole->body.size());
  EXPECT_TRUE((*spoken)->wav == whole->body);
}

}  // namespace
}  // namespace narrate::studio
