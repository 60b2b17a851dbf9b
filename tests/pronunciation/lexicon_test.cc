// Native lexicon files: parsing, problems, merging.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "pronunciation/lexicon.h"
#include "test_data.h"

namespace narrate::pronunciation {
namespace {

using testing::DataFile;
using testing::Find;
using testing::Messages;

TEST(NativeLexicon, LoadsEveryPronunciationForm) {
  auto lexicon = Lexicon::LoadFile(DataFile("names.lexicon"));
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(lexicon->size(), 8u);
  const Entry* qonos = Find(*lexicon, "Qo'noS");
  ASSERT_NE(qonos, nullptr);
  EXPECT_EQ(qonos->espeak, "q'oU?noUS");
  EXPECT_EQ(qonos->file, DataFile("names.lexicon"));
  EXPECT_EQ(qonos->line, 2);
  EXPECT_EQ(Find(*lexicon, "Kronos")->espeak, "kr'oUn0s");
  EXPECT_EQ(Find(*lexicon, "Azetbur")->espeak, "");
  EXPECT_EQ(Find(*lexicon, "Azetbur")->respelling, "AZ-et-bur");
  EXPECT_TRUE(Find(*lexicon, "US")->case_sensitive);
  EXPECT_FALSE(Find(*lexicon, "Kronos")->case_sensitive);
  EXPECT_EQ(Find(*lexicon, "Kahless")->espeak, "k'A:lEs");  // trailing # comment column
  EXPECT_EQ(Find(*lexicon, "Rura Penthe")->espeak, "r'u:r@ p'EnTi");
}

TEST(NativeLexicon, CheckReportsEveryProblemWithFileAndLine) {
  const std::string f = DataFile("bad.lexicon");
  EXPECT_EQ(Messages(CheckLexiconFile(f)),
            (std::vector<std::string>{
                f + ":2: unknown IPA symbol \"ʘ\" (U+0298) in /ˈkroʊnɒʘs/",
                f + ":3: unknown eSpeak phoneme \"ɒ\" in [[g'o@k0nɒ]]",
                f + ":4: empty pronunciation for \"Martia\"",
                f + ":5: malformed line: expected grapheme<TAB>pronunciation",
                f + ":7: duplicate \"Kor\" with a different pronunciation (first at " + f + ":6)",
                f + ":8: unknown option \"loud\" (the only option is case-sensitive)",
                f + ":9: unterminated IPA (no closing /) in \"/ˈkoʊlɒθ\"",
            }));
}

TEST(NativeLexicon, LoadFailsWithTheFirstProblem) {
  const std::string f = DataFile("bad.lexicon");
  auto lexicon = Lexicon::LoadFile(f);
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(),
            f + ":2: unknown IPA symbol \"ʘ\" (U+0298) in /ˈkroʊnɒʘs/ (and 6 more; see narrate lexicon check)");
}

TEST(NativeLexicon, GoodFileHasNoProblems) {
  EXPECT_TRUE(CheckLexiconFile(DataFile("names.lexicon")).empty());
}

TEST(NativeLexicon, MissingFile) {
  EXPECT_EQ(Messages(CheckLexiconFile("/nonexistent/x.lexicon")),
            std::vector<std::string>{"/nonexistent/x.lexicon: cannot read file"});
  EXPECT_EQ(Lexicon::LoadFile("/nonexistent/x.lexicon").status().message(),
            "/nonexistent/x.lexicon: cannot read file");
}

// The capitals say which syllable is stressed (SpeechPiece::Kind::kRespelling).
TEST(NativeLexicon, RespellingsKeepTheirCapitals) {
  auto lexicon = Lexicon::Parse("Kronos\tKROH-nohs\nRura\tRoo-RAH\nKor\tKore\nGill\tGill Bates\n", "t");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(Find(*lexicon, "Kronos")->respelling, "KROH-nohs");
  EXPECT_EQ(Find(*lexicon, "Rura")->respelling, "Roo-RAH");
  EXPECT_EQ(Find(*lexicon, "Kor")->respelling, "Kore");
  EXPECT_EQ(Find(*lexicon, "Gill")->respelling, "Gill Bates");
}

TEST(NativeLexicon, RespellingWithSymbolsIsAnError) {
  auto lexicon = Lexicon::Parse("# header\nKor\tk'o@\n", "t.lexicon");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(),
            "t.lexicon:2: respelling \"k'o@\" contains \"@\": write IPA between slashes (/.../) or "
            "eSpeak phonemes between [[ and ]]");
}

TEST(NativeLexicon, MoreProblems) {
  auto msg = [](std::string_view text) {
    auto r = Lexicon::Parse(text, "t");
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(msg("Kor\t[[]]\n"), "t:1: empty pronunciation for \"Kor\"");
  EXPECT_EQ(msg("Kor\t//\n"), "t:1: empty pronunciation for \"Kor\"");
  EXPECT_EQ(msg("Kor\t[[k'o@\n"), "t:1: unterminated [[ in \"[[k'o@\"");
  EXPECT_EQ(msg("Kor\t[[k'o@]] x\n"), "t:1: unexpected text after ]] in \"[[k'o@]] x\"");
  EXPECT_EQ(msg("-Kor\t[[k'o@]]\n"), "t:1: grapheme \"-Kor\" must start with a letter or digit");
  EXPECT_EQ(msg("Kor\t[[k'o@]]\nKOR\t[[k'o@]]\n"), "ok");  // same pronunciation: not a conflict
  EXPECT_EQ(msg("Kor\t[[k'o@]]\nKOR\t[[k'O:]]\n"),
            "t:2: duplicate \"KOR\" with a different pronunciation (first at t:1)");
  EXPECT_EQ(msg("US\t[[j'u:'Es]]\tcase-sensitive\nus\t[[Vs]]\n"), "ok");  // different case option
  EXPECT_EQ(msg("K\xFFr\t[[k'o@]]\n"), "t:1: invalid UTF-8");
}

TEST(NativeLexicon, BomAndCrlfAreAccepted) {
  auto lexicon = Lexicon::Parse("\xEF\xBB\xBFKor\t[[k'o@]]\r\nKang\t[[k'aN]]\r\n", "t");
  ASSERT_TRUE(lexicon.ok());
  EXPECT_EQ(Find(*lexicon, "Kor")->espeak, "k'o@");
  EXPECT_EQ(Find(*lexicon, "Kang")->espeak, "k'aN");
}

TEST(Merge, LaterEntriesWin) {
  auto first = Lexicon::Parse("Kor\t[[k'o@]]\nKang\t[[k'aN]]\n", "a");
  auto later = Lexicon::Parse("KOR\t[[k'O:]]\nSpock\t[[sp'0k]]\n", "b");
  ASSERT_TRUE(first.ok() && later.ok());
  Lexicon merged = *first;
  merged.Merge(*later);
  EXPECT_EQ(merged.size(), 3u);
  EXPECT_EQ(Find(merged, "KOR")->espeak, "k'O:");
  EXPECT_EQ(Find(merged, "KOR")->file, "b");
  EXPECT_EQ(Find(merged, "Kor"), nullptr);
  EXPECT_EQ(merged.Apply("Kor")[0].content, "k'O:");
}

}  // namespace
}  // namespace narrate::pronunciation

namespace narrate::pronunciation {
namespace {

std::string Shipped(const std::string& name) { return std::string(NARRATE_SHIPPED_LEXICONS) + "/" + name; }

TEST(ShippedLexicons, AreValid) {
  EXPECT_TRUE(CheckLexiconFile(Shipped("star-trek.lexicon")).empty());
  EXPECT_TRUE(CheckLexiconFile(Shipped("sample-book.lexicon")).empty());
}

TEST(ShippedLexicons, StarTrekNamesBecomePhonemes) {
  auto lexicon = Lexicon::LoadFile(Shipped("star-trek.lexicon"));
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  const Utterance u = lexicon->Apply("the Hur'Q invasion that Qo'nos had endured, before Gorkon's murder");
  ASSERT_EQ(u.size(), 7u);
  EXPECT_EQ(u[1].content, "h'Ur@k");
  EXPECT_EQ(u[3].content, "q'o?noS");
  EXPECT_EQ(u[5].content, "g'o@k0nz");
  EXPECT_EQ(u[5].source_offset, 51u);
}

// Limits on one lexicon file: each is a one-line error naming the file (and line) and the limit.
TEST(LexiconLimits, NativeLineLongerThan64KiB) {
  const std::string content = "Kor\t[[k'o@]]\nKang\t" + std::string(70000, 'a') + "\nKoloth\tko-loth\n";
  auto lexicon = Lexicon::Parse(content, "x.lexicon");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(), "x.lexicon:2: line longer than 65536 bytes (limit)");
  // A line of exactly the limit is read.
  const std::string longest = "Kang\t" + std::string(65536 - 5, 'a');
  EXPECT_TRUE(Lexicon::Parse(longest, "x.lexicon").ok());
}

TEST(LexiconLimits, MoreThanAMillionEntries) {
  std::string content;
  const int n = 1'000'001;
  content.reserve(n * 10);
  for (int i = 0; i < n; ++i) content += "w" + std::to_string(i) + "\tw\n";
  auto lexicon = Lexicon::Parse(content, "x.lexicon");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(), "x.lexicon:1000001: more than 1000000 entries (limit)");
}

TEST(LexiconLimits, PlsWithMoreThanAMillionEntries) {
  std::string content = "<lexicon alphabet=\"x-espeak\"><lexeme>\n";
  for (int i = 0; i < 1'000'001; ++i) content += "<grapheme>w" + std::to_string(i) + "</grapheme>";
  content += "\n<phoneme>w</phoneme></lexeme></lexicon>";
  auto lexicon = Lexicon::Parse(content, "x.pls");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(), "x.pls:2: more than 1000000 entries (limit)");
}

TEST(LexiconLimits, FileLargerThan64MiB) {
  const std::string path = ::testing::TempDir() + "/narrate-huge.lexicon";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string comments(1 << 20, '#');
    for (int i = 0; i < 64; ++i) out << comments;
    out << "\n";  // one byte past the limit
  }
  EXPECT_EQ(Messages(CheckLexiconFile(path)),
            std::vector<std::string>{path + ": larger than 64 MiB (limit)"});
  auto lexicon = Lexicon::LoadFile(path);
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(), path + ": larger than 64 MiB (limit)");
  std::filesystem::resize_file(path, std::size_t{64} << 20);  // exactly the limit: read
  EXPECT_NE(lexicon.status().message(), Lexicon::LoadFile(path).status().message());
  std::filesystem::remove(path);
  EXPECT_EQ(Lexicon::Parse(std::string((std::size_t{64} << 20) + 1, ' '), "x.pls").status().message(),
            "x.pls: larger than 64 MiB (limit)");
}

}  // namespace
}  // namespace narrate::pronunciation
