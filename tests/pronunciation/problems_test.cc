// Lexicon problems are structured: a code, the file and the line, apart from
// the message, so callers never parse "file:line:" back out of a string.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "pronunciation/lexicon.h"
#include "test_data.h"

namespace narrate::pronunciation {
namespace {

namespace fs = std::filesystem;
using testing::DataFile;
using testing::Find;

TEST(LexiconProblems, CheckGivesCodeFileAndLineOfEach) {
  const std::string f = DataFile("bad.lexicon");
  const std::vector<Status> problems = CheckLexiconFile(f);
  ASSERT_EQ(problems.size(), 7u);
  std::vector<int> lines;
  for (const Status& p : problems) {
    EXPECT_EQ(p.code(), StatusCode::kInvalidInput);
    EXPECT_EQ(p.file(), f);
    lines.push_back(p.line());
  }
  EXPECT_EQ(lines, (std::vector<int>{2, 3, 4, 5, 7, 8, 9}));
  EXPECT_EQ(problems[0].detail(), "unknown IPA symbol \"ʘ\" (U+0298) in /ˈkroʊnɒʘs/");
  EXPECT_EQ(problems[2].detail(), "empty pronunciation for \"Martia\"");
}

TEST(LexiconProblems, PlsProblemsHaveLinesToo) {
  const std::string f = DataFile("bad.pls");
  const std::vector<Status> problems = CheckLexiconFile(f);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[1].line(), 7);
  EXPECT_EQ(problems[1].detail(), "<lexeme> has no <grapheme>");
  EXPECT_EQ(problems[2].file(), f);
  EXPECT_EQ(problems[2].line(), 12);
}

TEST(LexiconProblems, MissingFileIsNotFound) {
  const std::vector<Status> problems = CheckLexiconFile("/nonexistent/x.lexicon");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code(), StatusCode::kNotFound);
  EXPECT_EQ(problems[0].file(), "/nonexistent/x.lexicon");
  EXPECT_EQ(problems[0].line(), 0);
  EXPECT_EQ(Lexicon::LoadFile("/nonexistent/x.lexicon").status().code(), StatusCode::kNotFound);
  auto set = LoadLexicons("", {"/nonexistent/x.lexicon"}, "");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(set.status().file(), "/nonexistent/x.lexicon");
}

TEST(LexiconProblems, DirectoryIsAnIoError) {
  const std::vector<Status> problems = CheckLexiconFile(DataFile("config"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code(), StatusCode::kIo);
  EXPECT_EQ(problems[0].message(), DataFile("config") + ": is a directory, not a lexicon file");
}

TEST(LexiconProblems, UnreadableFileIsAnIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  const std::string name = "narrate-unreadable-" + std::to_string(::getpid()) + ".lexicon";
  const std::string f = (fs::temp_directory_path() / name).string();
  std::ofstream(f) << "Kor\t[[k'o@]]\n";
  fs::permissions(f, fs::perms::none);
  const std::vector<Status> problems = CheckLexiconFile(f);
  fs::remove(f);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code(), StatusCode::kIo);
  EXPECT_EQ(problems[0].message(), f + ": cannot read file");
}

TEST(LexiconProblems, LoadFailsWithTheFirstProblemStructured) {
  const std::string f = DataFile("bad.lexicon");
  const Status status = Lexicon::LoadFile(f).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.file(), f);
  EXPECT_EQ(status.line(), 2);
  EXPECT_EQ(status.detail(), "unknown IPA symbol \"ʘ\" (U+0298) in /ˈkroʊnɒʘs/ "
                             "(and 6 more; see narrate lexicon check)");
}

// A book's own PLS: each lexeme with a problem is left out, found by the
// problem's line.
TEST(LexiconProblems, BookLexiconSkipsEachBadLexemeByItsLine) {
  const std::string pls =
      "<?xml version=\"1.0\"?>\n"
      "<lexicon version=\"1.0\" alphabet=\"ipa\"\n"
      " xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\">\n"
      "<lexeme><grapheme>Kor</grapheme>\n<phoneme>ˈkʘr</phoneme></lexeme>\n"
      "<lexeme><grapheme>Kang</grapheme><phoneme>kɑŋ</phoneme></lexeme>\n"
      "<lexeme><grapheme>Koloth</grapheme>\n\n<phoneme>ǃ</phoneme></lexeme>\n"
      "</lexicon>\n";
  auto set = LoadLexicons("", {}, "", {{"OEBPS/names.pls", pls}});
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->lexicon.size(), 1u);
  ASSERT_NE(Find(set->lexicon, "Kang"), nullptr);
  EXPECT_EQ(Find(set->lexicon, "Kang")->espeak, "kA:N");
}

}  // namespace
}  // namespace narrate::pronunciation
