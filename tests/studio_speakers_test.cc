// Who speaks each quotation in the studio: GET /api/chapters/{n}'s
// quotations, GET /api/cast and PUT /api/speakers/{c}/{p}/{start}, over a
// real HTTP client against a real session on a small book with a cast; the
// corrections file it writes, honoured by the next GET, a fresh session and
// app::CastBook; the paragraph's audio spoken again in the new voice.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/cast.h"
#include "app/session.h"
#include "studio/server.h"
#include "tests/support/probe.h"

namespace narrate::studio {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kToken[] = "0123456789abcdef0123456789abcdef";

// Chapter 1: Kirk (explicit), Spock (explicit), Kirk (explicit, after a name).
// Chapter 2: narration only.
const char* kBook =
    "# Chapter 1\n\n"
    "\"Set a course for the nebula,\" said Kirk.\n\n"
    "Spock replied, \"The nebula is dangerous, Captain.\"\n\n"
    "\"Noted,\" Kirk said. He sat down.\n\n"
    "# Chapter 2\n\n"
    "The bridge was quiet for a long while.\n";

const char* kCast =
    "[character.kirk]\n"
    "names = [\"Kirk\", \"the captain\"]\n"
    "gender = \"male\"\n"
    "variant = \"m1\"\n"
    "\n"
    "[character.spock]\n"
    "names = [\"Spock\"]\n"
    "gender = \"male\"\n"
    "variant = \"m3\"\n"
    "pitch = 20\n";

class SpeakersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    setenv("XDG_CONFIG_HOME", (dir_ + "/config").c_str(), 1);  // no user-wide lexicon
    book_ = dir_ + "/book.md";
    cast_ = dir_ + "/cast.toml";
    testing::WriteFile(book_, kBook);
    testing::WriteFile(cast_, kCast);
  }
  void TearDown() override {
    StopServer();
    session_.reset();
    fs::remove_all(dir_);
  }

  app::SessionOptions Options(const std::string& voices) const {
    app::SessionOptions options;
    options.book_path = book_;
    options.build.output_dir = dir_ + "/out";
    options.voices_path = voices;
    return options;
  }
  std::unique_ptr<app::Session> Open(const std::string& voices) {
    auto session = app::OpenSession(Options(voices));
    EXPECT_TRUE(session.ok()) << session.status().message();
    return session.ok() ? std::move(*session) : nullptr;
  }
  void Start(const std::string& voices) {
    session_ = Open(voices);
    ASSERT_NE(session_, nullptr);
    std::promise<int> listening;
    ServeOptions options{0, kToken,
                         [&](const std::string&, int port) { listening.set_value(port); }, &stop_};
    server_ = std::thread([this, options] { Serve(*session_, options); });
    auto port = listening.get_future();
    ASSERT_EQ(port.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port.get());
    client_->set_read_timeout(30, 0);
  }
  void StopServer() {
    if (!server_.joinable()) return;
    client_.reset();
    stop_ = true;
    server_.join();
  }

  json Get(const std::string& path, int want_status = 200) {
    auto r = client_->Get(path + "?token=" + kToken);
    EXPECT_TRUE(r) << path;
    if (!r) return json();
    EXPECT_EQ(r->status, want_status) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  httplib::Result Put(const std::string& path, const std::string& body) {
    return client_->Put(path + "?token=" + kToken, body, "application/json");
  }
  // The quotations of chapter 1's paragraphs (GET), a list per paragraph.
  json Quotations() {
    const json chapter = Get("/api/chapters/1");
    json out = json::array();
    for (const json& p : chapter["paragraphs"]) out.push_back(p["quotations"]);
    return out;
  }

  std::string dir_, book_, cast_;
  std::unique_ptr<app::Session> session_;
  std::atomic<bool> stop_{false};
  std::thread server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(SpeakersTest, TheChapterListsEachQuotationWithItsSpeaker) {
  Start(cast_);
  const json q = Quotations();
  ASSERT_EQ(q.size(), 3u);
  ASSERT_EQ(q[0].size(), 1u) << q.dump();
  EXPECT_EQ(q[0][0]["text"], "Set a course for the nebula,");
  EXPECT_EQ(q[0][0]["start"], 1);  // code points, after the opening mark
  EXPECT_EQ(q[0][0]["end"], 29);
  EXPECT_EQ(q[0][0]["speaker"], "kirk");
  EXPECT_EQ(q[0][0]["rule"], "explicit");
  ASSERT_EQ(q[1].size(), 1u) << q.dump();
  EXPECT_EQ(q[1][0]["text"], "The nebula is dangerous, Captain.");
  EXPECT_EQ(q[1][0]["start"], 16);
  EXPECT_EQ(q[1][0]["speaker"], "spock");
  ASSERT_EQ(q[2].size(), 1u) << q.dump();
  EXPECT_EQ(q[2][0]["speaker"], "kirk");
  EXPECT_TRUE(Get("/api/chapters/2")["paragraphs"][0]["quotations"].empty());
}

TEST_F(SpeakersTest, CastNamesTheFilesAndTheCharactersWithTheirVoices) {
  Start(cast_);
  const json cast = Get("/api/cast");
  EXPECT_EQ(cast["file"], cast_);
  EXPECT_EQ(cast["corrections_file"], book_ + ".speakers.toml");
  ASSERT_EQ(cast["characters"].size(), 2u) << cast.dump();
  EXPECT_EQ(cast["characters"][0]["id"], "kirk");
  EXPECT_EQ(cast["characters"][0]["names"], json::array({"Kirk", "the captain"}));
  EXPECT_EQ(cast["characters"][0]["gender"], "male");
  EXPECT_TRUE(cast["characters"][0]["voice"].get<std::string>().ends_with("+m1"))
      << cast["characters"][0]["voice"];
  EXPECT_EQ(cast["characters"][1]["id"], "spock");
  EXPECT_TRUE(cast["characters"][1]["voice"].get<std::string>().ends_with("+m3"));
}

TEST_F(SpeakersTest, WithoutACastQuotationsAreListedWithNoSpeaker) {
  Start("");
  const json cast = Get("/api/cast");
  EXPECT_TRUE(cast["file"].is_null());
  EXPECT_TRUE(cast["characters"].empty());
  const json q = Quotations();
  ASSERT_EQ(q[0].size(), 1u);
  EXPECT_TRUE(q[0][0]["speaker"].is_null());
  EXPECT_TRUE(q[0][0]["rule"].is_null());
}

TEST_F(SpeakersTest, TheBooksOwnVoicesFileIsUsedWhenNoneIsGiven) {
  fs::copy_file(cast_, book_ + ".voices.toml");
  auto path = app::CastPathFor(book_, "");
  ASSERT_TRUE(path.ok()) << path.status().message();
  Start("");
  EXPECT_EQ(Get("/api/cast")["file"], *path);
  EXPECT_EQ(Quotations()[0][0]["speaker"], "kirk");
}

TEST_F(SpeakersTest, ACorrectionIsSavedBesideTheBookAndHonouredEverywhere) {
  Start(cast_);
  auto r = Put("/api/speakers/1/1/1", R"({"speaker": "spock"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json answer = json::parse(r->body);
  EXPECT_EQ(answer["chapter"], 1);
  ASSERT_EQ(answer["paragraphs"].size(), 3u);
  EXPECT_EQ(answer["paragraphs"][0]["index"], 1);
  EXPECT_EQ(answer["paragraphs"][0]["quotations"][0]["speaker"], "spock");
  EXPECT_EQ(answer["paragraphs"][0]["quotations"][0]["rule"], "correction");
  EXPECT_EQ(answer["paragraphs"][1]["quotations"][0]["speaker"], "spock");  // explicit stays

  const std::string file = book_ + ".speakers.toml";
  ASSERT_TRUE(fs::exists(file));
  const std::string text = testing::ReadFile(file);
  EXPECT_NE(text.find("who = \"spock\""), std::string::npos) << text;
  EXPECT_NE(text.find("Set a course"), std::string::npos) << text;

  EXPECT_EQ(Quotations()[0][0]["speaker"], "spock");  // the next GET
  StopServer();
  session_.reset();
  auto fresh = Open(cast_);  // a fresh session
  ASSERT_NE(fresh, nullptr);
  auto chapter = fresh->Chapter(1);
  ASSERT_TRUE(chapter.ok());
  ASSERT_EQ(chapter->paragraphs[0].quotations.size(), 1u);
  EXPECT_EQ(chapter->paragraphs[0].quotations[0].speaker, "spock");
  EXPECT_EQ(chapter->paragraphs[0].quotations[0].rule, "correction");

  auto book = app::OpenBook(book_, {});  // and `narrate cast` / `build`
  ASSERT_TRUE(book.ok());
  auto cast = app::CastBook(*book, cast_, voices::VoiceSettings{});
  ASSERT_TRUE(cast.ok()) << cast.status().message();
  ASSERT_FALSE(cast->quotations.empty());
  EXPECT_EQ(cast->quotations[0].speaker, "spock");
  EXPECT_EQ(cast->quotations[0].rule, "correction");
  EXPECT_TRUE(cast->warnings.empty());
}

TEST_F(SpeakersTest, NobodyMeansTheDialogueVoice) {
  Start(cast_);
  auto r = Put("/api/speakers/1/2/16", R"({"speaker": null})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(json::parse(r->body)["paragraphs"][1]["quotations"][0]["speaker"].is_null());
  EXPECT_NE(testing::ReadFile(book_ + ".speakers.toml").find("who = \"\""), std::string::npos);
  EXPECT_TRUE(Quotations()[1][0]["speaker"].is_null());
}

TEST_F(SpeakersTest, ACorrectedParagraphIsSpokenAgainInTheNewVoice) {
  Start(cast_);
  auto before = session_->Paragraph(1, 1);
  auto narration = session_->Paragraph(2, 1);
  ASSERT_TRUE(before.ok() && narration.ok());
  auto r = Put("/api/speakers/1/1/1", R"({"speaker": "spock"})");
  ASSERT_TRUE(r && r->status == 200);
  auto cached = session_->CachedParagraph(1, 1);
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ(*cached, nullptr) << "the corrected paragraph's audio is not kept";
  auto untouched = session_->CachedParagraph(2, 1);
  ASSERT_TRUE(untouched.ok());
  EXPECT_EQ(*untouched, *narration) << "a paragraph whose voices did not change stays cached";
  auto after = session_->Paragraph(1, 1);
  ASSERT_TRUE(after.ok());
  EXPECT_NE((*after)->wav, (*before)->wav) << "spoken in Spock's voice now";
  // Spock's own paragraph is spoken alike: the quotation of paragraph 1 now sounds like it.
  EXPECT_FALSE((*after)->speech.words.empty());
}

// The studio's build speaks the cast as `narrate build --voices` does, and a
// correction makes only its own chapter stale.
TEST_F(SpeakersTest, ACorrectionMakesItsChapterStaleForTheBuild) {
  Start(cast_);
  ASSERT_TRUE(session_->StartBuild().ok());
  app::BuildProgress p = session_->Progress();
  for (int i = 0;
       i < 300 && p.state != app::BuildState::kDone && p.state != app::BuildState::kFailed; ++i) {
    p = session_->WaitForProgress(p.version, 1000);
  }
  ASSERT_EQ(p.state, app::BuildState::kDone) << p.message;
  EXPECT_TRUE(session_->StaleChapters().empty());
  // `narrate build --voices` finds the studio's files up to date: the same voices.
  const std::string build =
      "cd " + testing::Quote(dir_) + " && XDG_CONFIG_HOME=" + testing::Quote(dir_ + "/config") +
      " " + testing::Quote(NARRATE_BINARY) + " build book.md --voices cast.toml" + " -o out";
  const testing::CommandResult same = testing::RunCommand(build);
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE((same.out + same.err).find("(0 rendered, 2 up to date)"), std::string::npos)
      << same.out << same.err;
  auto r = Put("/api/speakers/1/1/1", R"({"speaker": "spock"})");
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_EQ(session_->StaleChapters(), std::vector<int>{1});
}

// The cast's [narrator] reads the narration, as `narrate build --voices` does.
TEST_F(SpeakersTest, TheCastsNarratorReadsTheNarration) {
  Start(cast_);
  auto plain = session_->Paragraph(2, 1);
  ASSERT_TRUE(plain.ok());
  const std::string voice = Get("/api/book")["voice"];
  EXPECT_EQ(voice.find("narrator"), std::string::npos) << voice;
  StopServer();
  session_.reset();
  testing::WriteFile(cast_, std::string("[narrator]\nvariant = \"f2\"\npitch = 70\n\n") + kCast);
  Start(cast_);
  EXPECT_EQ(Get("/api/book")["voice"], "en+f2 (the cast's narrator)");
  auto narrated = session_->Paragraph(2, 1);
  ASSERT_TRUE(narrated.ok());
  EXPECT_NE((*narrated)->wav, (*plain)->wav);
}

TEST_F(SpeakersTest, BadCorrectionsAre400Or404AndWriteNothing) {
  Start(cast_);
  struct Case {
    std::string path, body;
    int status;
  };
  const std::vector<Case> cases = {
      {"/api/speakers/1/1/1", R"({"speaker": "mccoy"})", 400},  // not in the cast
      {"/api/speakers/1/1/1", R"({"speaker": 5})", 400},
      {"/api/speakers/1/1/1", R"({"speaker": ""})", 400},
      {"/api/speakers/1/1/1", R"({})", 400},
      {"/api/speakers/1/1/1", "not json", 400},
      {"/api/speakers/1/1/1", "[]", 400},
      {"/api/speakers/9/1/1", R"({"speaker": "kirk"})", 404},  // no chapter 9
      {"/api/speakers/1/99/1", R"({"speaker": "kirk"})", 404},
      {"/api/speakers/1/1/0", R"({"speaker": "kirk"})", 404},  // the mark, not the quotation
      {"/api/speakers/1/1/5", R"({"speaker": "kirk"})", 404},  // inside it
      {"/api/speakers/1/1/9999", R"({"speaker": "kirk"})", 404},
      {"/api/speakers/1/1/x", R"({"speaker": "kirk"})", 404},
      {"/api/speakers/1/1/01", R"({"speaker": "kirk"})", 404},
      {"/api/speakers/0/1/1", R"({"speaker": "kirk"})", 404},
  };
  for (const Case& c : cases) {
    auto r = Put(c.path, c.body);
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, c.status) << c.path << " " << c.body << ": " << r->body;
    const json error = json::parse(r->body, nullptr, false);
    EXPECT_TRUE(error.is_object() && error["error"].is_string()) << r->body;
  }
  EXPECT_FALSE(fs::exists(book_ + ".speakers.toml"));
  EXPECT_EQ(Quotations()[0][0]["speaker"], "kirk");
  auto r = client_->Get(std::string("/api/speakers/1/1/1?token=") + kToken);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
}

TEST_F(SpeakersTest, ACorrectionThatNoLongerMatchesIsAWarningNamingItsLine) {
  testing::WriteFile(book_ + ".speakers.toml",
                     "[[speaker]]\nchapter = 1\nparagraph = 1\nquote = \"Hello\"\nwho = "
                     "\"spock\"\n");
  std::vector<std::string> warnings;
  auto session = app::OpenSession(Options(cast_), &warnings);
  ASSERT_TRUE(session.ok()) << session.status().message();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("book.md.speakers.toml:1"), std::string::npos) << warnings[0];
  auto chapter = (*session)->Chapter(1);
  ASSERT_TRUE(chapter.ok());
  EXPECT_EQ(chapter->paragraphs[0].quotations[0].speaker, "kirk");  // the rules' own
}

TEST_F(SpeakersTest, ABadVoicesFileFailsTheSessionNamingFileAndLine) {
  testing::WriteFile(cast_, "[character.kirk]\nnames = [\"Kirk\"]\npitch = 500\n");
  auto session = app::OpenSession(Options(cast_));
  ASSERT_FALSE(session.ok());
  EXPECT_NE(session.status().message().find("cast.toml:3"), std::string::npos)
      << session.status().message();
}

}  // namespace
}  // namespace narrate::studio
