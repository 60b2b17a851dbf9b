// Finding and loading lexicons: user-wide, beside the book, --lexicon.
#include <gtest/gtest.h>

#include <cstdlib>

#include "pronunciation/lexicon.h"
#include "test_data.h"

namespace narrate::pronunciation {
namespace {

using testing::DataFile;

std::string EspeakFor(const Lexicon& lexicon, std::string_view word) {
  const Utterance u = lexicon.Apply(word);
  return u.size() == 1 ? u[0].content : "";
}

TEST(LoadLexicons, LoadsUserThenBookThenExplicitLaterWinning) {
  auto set = LoadLexicons(DataFile("story.txt"), {DataFile("extra.lexicon")},
                          DataFile("config/narrate/lexicon"));
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->loaded.size(), 3u);
  EXPECT_EQ(set->loaded[0].path, DataFile("config/narrate/lexicon"));
  EXPECT_EQ(set->loaded[0].entries, 2u);
  EXPECT_EQ(set->loaded[1].path, DataFile("story.lexicon"));
  EXPECT_EQ(set->loaded[1].entries, 2u);
  EXPECT_EQ(set->loaded[2].path, DataFile("extra.lexicon"));
  EXPECT_EQ(set->loaded[2].entries, 1u);
  EXPECT_EQ(set->lexicon.size(), 3u);
  EXPECT_EQ(EspeakFor(set->lexicon, "Kor"), "k'o@");     // book beats user-wide
  EXPECT_EQ(EspeakFor(set->lexicon, "Kang"), "k'A:N");   // --lexicon beats book
  EXPECT_EQ(EspeakFor(set->lexicon, "Spock"), "sp'0k");  // user-wide
}

TEST(LoadLexicons, NothingToLoad) {
  auto set = LoadLexicons("", {}, "");
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->loaded.empty());
  EXPECT_EQ(set->lexicon.size(), 0u);
  auto beside = LoadLexicons(DataFile("words.txt"), {}, DataFile("config/none"));
  ASSERT_TRUE(beside.ok());
  EXPECT_TRUE(beside->loaded.empty());
}

TEST(LoadLexicons, LaterExplicitFileWins) {
  auto set = LoadLexicons("", {DataFile("story.lexicon"), DataFile("extra.lexicon")}, "");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(EspeakFor(set->lexicon, "Kang"), "k'A:N");
  auto reversed = LoadLexicons("", {DataFile("extra.lexicon"), DataFile("story.lexicon")}, "");
  ASSERT_TRUE(reversed.ok());
  EXPECT_EQ(EspeakFor(reversed->lexicon, "Kang"), "k'aN");
}

TEST(LoadLexicons, MissingExplicitFileIsAnError) {
  auto set = LoadLexicons("", {"/nonexistent/names.lexicon"}, "");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().message(), "/nonexistent/names.lexicon: no such lexicon file");
}

TEST(LoadLexicons, InvalidFileIsAnError) {
  auto set = LoadLexicons("", {DataFile("bad.lexicon")}, "");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().message().rfind(DataFile("bad.lexicon") + ":2: unknown IPA symbol", 0), 0u);
}

TEST(DefaultUserLexiconPath, FollowsXdgThenHome) {
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  const char* old_home = std::getenv("HOME");
  const std::string saved_xdg = old_xdg ? old_xdg : "", saved_home = old_home ? old_home : "";
  setenv("XDG_CONFIG_HOME", "/x/config", 1);
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(DefaultUserLexiconPath(), "/x/config/narrate/lexicon");
  setenv("XDG_CONFIG_HOME", "", 1);
  EXPECT_EQ(DefaultUserLexiconPath(), "/home/u/.config/narrate/lexicon");
  unsetenv("XDG_CONFIG_HOME");
  unsetenv("HOME");
  EXPECT_EQ(DefaultUserLexiconPath(), "");
  if (old_xdg) setenv("XDG_CONFIG_HOME", saved_xdg.c_str(), 1);
  if (old_home) setenv("HOME", saved_home.c_str(), 1);
}

// A book's PLS: lexemes with problems are left out, all of them (it stopped after 1000, and
// parsed the whole file again for each one).
TEST(LoadLexicons, BookPlsDropsEveryBadLexeme) {
  std::string pls = "<lexicon alphabet=\"x-espeak\">\n";
  for (int i = 0; i < 1500; ++i) pls += "<lexeme>\n<grapheme>-bad</grapheme>\n<phoneme>b'ad</phoneme>\n</lexeme>\n";
  pls += "<lexeme>\n<grapheme>Kor</grapheme>\n<phoneme>k'o@</phoneme>\n</lexeme>\n";
  pls += "<lexeme><grapheme>Kang</grapheme>\n<phoneme>k'A:N</phoneme></lexeme>\n</lexicon>\n";
  auto set = LoadLexicons("", {}, "", {{"OEBPS/lexicon.pls", pls}});
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->lexicon.size(), 2u);
  EXPECT_EQ(set->lexicon.entries()[0].line, 1 + 4 * 1500 + 3);  // lines kept
  EXPECT_EQ(EspeakFor(set->lexicon, "Kor"), "k'o@");
  EXPECT_EQ(EspeakFor(set->lexicon, "Kang"), "k'A:N");
}

TEST(LoadLexicons, BookPlsWithAnXmlErrorFails) {
  auto set = LoadLexicons("", {}, "", {{"OEBPS/lexicon.pls", "<lexicon>\n<lexeme>\n</lexicon>"}});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().message(), "OEBPS/lexicon.pls:3: XML error: Start-end tags mismatch");
}

}  // namespace
}  // namespace narrate::pronunciation
