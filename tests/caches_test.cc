// The caches that only save time (issue 20): a parsed book kept by its bytes
// (app::OpenBook), the spoken form of a book's paragraphs kept between runs
// (pipeline::SpokenMemo), and the bytes both are kept in.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/app.h"
#include "common/hash.h"
#include "common/user_cache.h"
#include "pipeline/spoken_memo.h"
#include "source/book_codec.h"
#include "tests/support/probe.h"
#include "tts/synth/voice_memo.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;

source::Book FullBook() {
  source::Book b;
  b.path = "x.epub";
  b.title = "Title";
  b.author = "Ann";
  b.language = "en-GB";
  b.cover = {"image/png", std::string("\x89PNG\0\1", 6), "x.epub:cover.png"};
  b.metadata = {"About it", "2014", "Pub", "Series", "2", {"Whaling", "Sea"}};
  b.lexicons = {{"x.epub:lex.pls", "<lexicon/>"}};
  source::Paragraph p{"Qo'noS is far.", 7, true, {{0, 6, "'kro:nOS", "x-espeak"}}};
  b.chapters = {{"One", "Chapter One", 3, {p, {"Verse\nlines", 9}}}, {"Two", "", 0, {}}};
  b.notices = {"x.epub: read as windows-1252"};
  return b;
}

void ExpectSame(const source::Book& a, const source::Book& b) {
  EXPECT_EQ(source::EncodeBook(a), source::EncodeBook(b));
  ASSERT_EQ(a.chapters.size(), b.chapters.size());
  for (std::size_t i = 0; i < a.chapters.size(); ++i) {
    ASSERT_EQ(a.chapters[i].paragraphs.size(), b.chapters[i].paragraphs.size());
    for (std::size_t j = 0; j < a.chapters[i].paragraphs.size(); ++j)
      EXPECT_EQ(a.chapters[i].paragraphs[j].text, b.chapters[i].paragraphs[j].text);
  }
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.notices, b.notices);
}

TEST(BookCodec, EveryFieldRoundTrips) {
  const source::Book book = FullBook();
  auto back = source::DecodeBook(source::EncodeBook(book));
  ASSERT_TRUE(back.has_value());
  ExpectSame(book, *back);
  EXPECT_EQ(back->chapters[0].paragraphs[0].pronunciations[0].phonemes, "'kro:nOS");
  EXPECT_EQ(back->metadata.subjects, book.metadata.subjects);
  EXPECT_EQ(back->cover.bytes, book.cover.bytes);
  EXPECT_EQ(back->chapters[0].paragraphs[0].line, 7);
  EXPECT_TRUE(back->chapters[0].paragraphs[0].after_scene_break);
  EXPECT_EQ(back->chapters[1].title, "Two");
}

TEST(BookCodec, RefusesBytesCutShortOrForeign) {
  const std::string bytes = source::EncodeBook(FullBook());
  for (std::size_t n : {std::size_t{0}, std::size_t{5}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_FALSE(source::DecodeBook(bytes.substr(0, n)).has_value()) << n;
  EXPECT_FALSE(source::DecodeBook(bytes + "x").has_value());
  EXPECT_FALSE(source::DecodeBook(std::string(64, '\xff')).has_value());
}

// A temporary folder as $XDG_CACHE_HOME, restored afterwards.
class UserCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    const char* old = std::getenv("XDG_CACHE_HOME");
    old_ = old ? old : "";
    had_ = old != nullptr;
    setenv("XDG_CACHE_HOME", (dir_ + "/cache").c_str(), 1);
    unsetenv("NARRATE_CACHE");
  }
  void TearDown() override {
    if (had_)
      setenv("XDG_CACHE_HOME", old_.c_str(), 1);
    else
      unsetenv("XDG_CACHE_HOME");
    unsetenv("NARRATE_CACHE");
    fs::remove_all(dir_);
  }
  std::size_t Entries(const std::string& what) const {
    const fs::path d = dir_ + "/cache/narrate/" + what;
    if (!fs::exists(d)) return 0;
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(d), {}));
  }
  std::string dir_, old_;
  bool had_ = false;
};

constexpr const char* kBook = "# One\n\nIt was a dark night.\n\n# Two\n\nThe end came at 5 p.m.\n";

TEST_F(UserCacheTest, ABookReadTwiceComesFromTheCache) {
  const std::string path = dir_ + "/b.md";
  testing::WriteFile(path, kBook);
  auto first = app::OpenBook(path, {});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(Entries("books"), 1u);
  // The entry is what a second open reads: changed behind narrate's back, it shows.
  const fs::path entry = fs::directory_iterator(dir_ + "/cache/narrate/books")->path();
  source::Book altered = *first;
  altered.chapters[0].paragraphs[0].text = "From the cache.";
  testing::WriteFile(entry.string(), source::EncodeBook(altered));
  auto second = app::OpenBook(path, {});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->chapters[0].paragraphs[0].text, "From the cache.");
  ExpectSame(altered, *second);
}

TEST_F(UserCacheTest, ChangedBytesOrOptionsAreReadAgain) {
  const std::string path = dir_ + "/b.md";
  testing::WriteFile(path, kBook);
  ASSERT_TRUE(app::OpenBook(path, {}).ok());
  testing::WriteFile(path, std::string(kBook) + "\nOne more line.\n");
  auto changed = app::OpenBook(path, {});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->chapters[1].paragraphs.back().text, "One more line.");
  source::ReadOptions titled;
  titled.title = "Another";
  auto other = app::OpenBook(path, titled);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->title, "Another");
  EXPECT_EQ(Entries("books"), 3u);
}

TEST_F(UserCacheTest, ABrokenEntryIsReadAgainAndErrorsAreNotKept) {
  const std::string path = dir_ + "/b.md";
  testing::WriteFile(path, kBook);
  ASSERT_TRUE(app::OpenBook(path, {}).ok());
  const fs::path entry = fs::directory_iterator(dir_ + "/cache/narrate/books")->path();
  testing::WriteFile(entry.string(), "garbage");
  auto again = app::OpenBook(path, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->chapters[0].paragraphs[0].text, "It was a dark night.");
  testing::WriteFile(dir_ + "/empty.md", "   \n");
  EXPECT_FALSE(app::OpenBook(dir_ + "/empty.md", {}).ok());
  EXPECT_EQ(Entries("books"), 1u);
}

TEST_F(UserCacheTest, OffMeansNoCacheAtAll) {
  setenv("NARRATE_CACHE", "off", 1);
  const std::string path = dir_ + "/b.md";
  testing::WriteFile(path, kBook);
  ASSERT_TRUE(app::OpenBook(path, {}).ok());
  EXPECT_EQ(UserCacheDir("books"), "");
  EXPECT_FALSE(fs::exists(dir_ + "/cache"));
}

TEST_F(UserCacheTest, PruningKeepsTheNewest) {
  const std::string d = dir_ + "/p";
  fs::create_directories(d);
  for (int i = 0; i < 5; ++i) {
    testing::WriteFile(d + "/" + std::to_string(i), "x");
    fs::last_write_time(d + "/" + std::to_string(i),
                        fs::file_time_type::clock::now() + std::chrono::seconds(i));
  }
  PruneCacheDir(d, 2);
  EXPECT_TRUE(fs::exists(d + "/4"));
  EXPECT_TRUE(fs::exists(d + "/3"));
  EXPECT_FALSE(fs::exists(d + "/2"));
  EXPECT_FALSE(fs::exists(d + "/0"));
}

TEST_F(UserCacheTest, TheMemoMakesEachTextOnceAndKeepsItBetweenRuns) {
  int made = 0;
  auto upper = [&](std::string_view t) {
    ++made;
    std::string s(t);
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string path = dir_ + "/memo";
  {
    auto memo = pipeline::SpokenMemo::Open(path);
    EXPECT_EQ(memo->Get("abc", upper), "ABC");
    EXPECT_EQ(memo->Get("abc", upper), "ABC");
    EXPECT_EQ(memo->Get("abd", upper), "ABD");  // same length, other text
    EXPECT_EQ(made, 2);
  }  // saved here
  auto memo = pipeline::SpokenMemo::Open(path);
  EXPECT_EQ(memo->Get("abc", upper), "ABC");
  EXPECT_EQ(memo->Get("abd", upper), "ABD");
  EXPECT_EQ(made, 2);
  EXPECT_EQ(memo->Get("abcd", upper), "ABCD");
  EXPECT_EQ(made, 3);
}

TEST_F(UserCacheTest, ABrokenMemoFileIsAnEmptyMemo) {
  const std::string path = dir_ + "/memo";
  {
    pipeline::SpokenMemo::Open(path)->Get("one", [](std::string_view) { return "1"; });
  }
  std::string bytes = testing::ReadFile(path);
  testing::WriteFile(path, bytes.substr(0, bytes.size() - 1));
  int made = 0;
  auto memo = pipeline::SpokenMemo::Open(path);
  EXPECT_EQ(memo->Get("one",
                      [&](std::string_view) {
                        ++made;
                        return std::string("uno");
                      }),
            "uno");
  EXPECT_EQ(made, 1);
}

TEST_F(UserCacheTest, ABookMemoLivesInTheUserCache) {
  EXPECT_EQ(pipeline::SpokenMemo::ForBook("", "en"), nullptr);
  auto memo = pipeline::SpokenMemo::ForBook(dir_ + "/b.md", "en");
  ASSERT_NE(memo, nullptr);
  memo->Get("x", [](std::string_view) { return "ex"; });
  memo->Save();
  EXPECT_EQ(Entries("spoken"), 1u);
  setenv("NARRATE_CACHE", "off", 1);
  EXPECT_EQ(pipeline::SpokenMemo::ForBook(dir_ + "/b.md", "en"), nullptr);
}

// The voice-file memo (tts/synth/voice_memo.h) skips lines it cannot read,
// keeps what it is told in this process and in its file, and refuses names
// and files it could not write back as one line.
TEST(VoiceMemo, KeepsGoodLinesAndRefusesWhatCannotBeALine) {
  const std::string dir = testing::MakeTempDir();
  const char* given = std::getenv("XDG_CACHE_HOME");
  const std::string old = given ? given : "";
  ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
  const std::string engine = "1.51 test\n/usr/share/espeak-ng-data";
  const std::string file =
      UserCacheDir("voices") + "/" + Hasher().Add(ProgramIdentity()).Add(engine).Hex();
  testing::WriteFile(file,
                     "en\tgmw/en\nno tab here\n\tempty-name\nfr\troa/fr\n"
                     "up\t../../etc/x\nroot\t/etc/x\nvariant\t!v/f2\n");
  EXPECT_EQ(synth::RememberedVoiceFile(engine, "en"), "gmw/en");
  EXPECT_EQ(synth::RememberedVoiceFile(engine, "fr"), "roa/fr");
  EXPECT_EQ(synth::RememberedVoiceFile(engine, "no tab here"), "");
  for (const char* refused : {"up", "root", "variant"})  // nothing that leaves eSpeak's files
    EXPECT_EQ(synth::RememberedVoiceFile(engine, refused), "") << refused;
  synth::RememberVoiceFile(engine, "en-us", "gmw/en-US");
  synth::RememberVoiceFile(engine, "bad\tname", "x");
  synth::RememberVoiceFile(engine, "de", std::string(40, 'd'));
  EXPECT_EQ(synth::RememberedVoiceFile(engine, "en-us"), "gmw/en-US");
  EXPECT_EQ(synth::RememberedVoiceFile(engine, "de"), "");
  EXPECT_EQ(testing::ReadFile(file), "en\tgmw/en\nen-us\tgmw/en-US\nfr\troa/fr\n");
  if (old.empty()) ::unsetenv("XDG_CACHE_HOME");
  else ::setenv("XDG_CACHE_HOME", old.c_str(), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace narrate
