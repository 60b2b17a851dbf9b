// W3C PLS 1.0 import.
#include <gtest/gtest.h>

#include <string>

#include "pronunciation/lexicon.h"
#include "test_data.h"

namespace narrate::pronunciation {
namespace {

using testing::DataFile;
using testing::Find;
using testing::Messages;

TEST(Pls, ReadsPhonemesAliasesAndSeveralGraphemes) {
  auto lexicon = Lexicon::LoadFile(DataFile("names.pls"));
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(lexicon->size(), 5u);
  EXPECT_EQ(Find(*lexicon, "Khitomer")->espeak, "k'ItoUm3");
  EXPECT_EQ(Find(*lexicon, "Khitomer")->line, 6);
  EXPECT_EQ(Find(*lexicon, "Gorkon")->espeak, "g'o@k0n");   // alphabet="x-espeak" on <phoneme>
  EXPECT_EQ(Find(*lexicon, "Gorkhon")->espeak, "g'o@k0n");  // second <grapheme>
  EXPECT_EQ(Find(*lexicon, "W3C")->respelling, "World Wide Web Consortium");
  EXPECT_EQ(Find(*lexicon, "Sarek")->espeak, "s'arEk");     // prefer="true"
}

TEST(Pls, AppliesLikeANativeLexicon) {
  auto lexicon = Lexicon::LoadFile(DataFile("names.pls"));
  ASSERT_TRUE(lexicon.ok());
  const Utterance u = lexicon->Apply("khitomer's W3C");
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[0].content, "k'ItoUm3z");
  EXPECT_EQ(u[2].content, "World Wide Web Consortium");
  EXPECT_EQ(u[2].kind, SpeechPiece::Kind::kText);
}

TEST(Pls, CheckNamesFileLineAndSymbol) {
  const std::string f = DataFile("bad.pls");
  EXPECT_EQ(Messages(CheckLexiconFile(f)),
            (std::vector<std::string>{
                f + ":5: unknown IPA symbol \"ǃ\" (U+01C3) in \"ˈkɪtǃoʊmɚ\"",
                f + ":7: <lexeme> has no <grapheme>",
                f + ":12: unsupported alphabet \"x-sampa\" (use ipa or x-espeak)",
            }));
}

TEST(Pls, XmlErrorsHaveALine) {
  const std::string f = DataFile("broken.pls");
  const auto problems = CheckLexiconFile(f);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message(), f + ":4: XML error: Start-end tags mismatch");
}

TEST(Pls, DetectedByContentToo) {
  auto lexicon = Lexicon::Parse(
      "<lexicon version=\"1.0\" alphabet=\"x-espeak\"><lexeme><grapheme>Kor</grapheme>"
      "<phoneme>k'o@</phoneme></lexeme></lexicon>",
      "inline");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(Find(*lexicon, "Kor")->espeak, "k'o@");
}

TEST(Pls, EspeakAlphabetIsValidated) {
  auto lexicon = Lexicon::Parse(
      "<lexicon alphabet=\"espeak\"><lexeme><grapheme>Kor</grapheme>"
      "<phoneme>k'oɒ</phoneme></lexeme></lexicon>",
      "x.pls");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(), "x.pls:1: unknown eSpeak phoneme \"ɒ\" in [[k'oɒ]]");
}

TEST(Pls, RootMustBeLexicon) {
  auto lexicon = Lexicon::Parse("<html/>", "x.pls");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(), "x.pls:1: not a PLS lexicon: root element is <html>, not <lexicon>");
}

// An alias or grapheme indented on lines of its own: every kind of white space around and
// inside it is one space ("\n\t\n\tUnited\n\tStar Ship\n" -> "United Star Ship").
TEST(Pls, WhiteSpaceLinesAroundAliasAndGrapheme) {
  auto lexicon = Lexicon::Parse(
      "<lexicon alphabet=\"ipa\"><lexeme>\n\t<grapheme>\n\t\n\tUSS\n\t</grapheme>\n\t<alias>\n\t"
      "\n\tUnited\n\tStar   Ship\n\r\n</alias></lexeme><lexeme><grapheme>NCC</grapheme>"
      "<alias>\n \n\t\v\fNaval  Construction\tContract \n\t</alias></lexeme></lexicon>",
      "x.pls");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  ASSERT_NE(Find(*lexicon, "USS"), nullptr);
  EXPECT_EQ(Find(*lexicon, "USS")->respelling, "United Star Ship");
  ASSERT_NE(Find(*lexicon, "NCC"), nullptr);
  EXPECT_EQ(Find(*lexicon, "NCC")->respelling, "Naval Construction Contract");
}

TEST(Pls, AliasOfOnlyWhiteSpaceIsEmpty) {
  auto lexicon = Lexicon::Parse(
      "<lexicon><lexeme><grapheme>Kor</grapheme><alias>\n\t\n\t\n</alias></lexeme></lexicon>",
      "x.pls");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(), "x.pls:1: empty pronunciation for \"Kor\"");
}

// n lexemes "Wa", "Wb", ... each on four lines, the first at line 3.
std::string ManyLexemes(int n) {
  std::string pls = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lexicon version=\"1.0\" "
                    "alphabet=\"x-espeak\">\n";
  for (int i = 0; i < n; ++i) {
    std::string name = "W";
    for (int v = i + 1; v > 0; v /= 26) name += static_cast<char>('a' + v % 26);
    pls += "<lexeme>\n  <grapheme>" + name + "</grapheme>\n  <phoneme>w'Ord</phoneme>\n</lexeme>\n";
  }
  return pls + "</lexicon>\n";
}

// Was quadratic (each lexeme's line counted from the file's start): 25,000 lexemes took 102 s;
// bench/hostile_bench.py times it.
TEST(Pls, ManyLexemesLoadWithTheirLines) {
  const int n = 40000;
  const std::string pls = ManyLexemes(n);
  auto lexicon = Lexicon::Parse(pls, "big.pls");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(lexicon->size(), static_cast<std::size_t>(n));
  EXPECT_EQ(lexicon->entries().back().line, 3 + 4 * (n - 1) + 2);  // its <phoneme>'s line
}

TEST(Pls, ProblemLineIsRightDeepInABigFile) {
  std::string pls = ManyLexemes(3000);
  pls.insert(pls.rfind("</lexicon>"), "<lexeme>\n<phoneme>k'o@</phoneme>\n</lexeme>\n");
  auto lexicon = Lexicon::Parse(pls, "big.pls");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().message(), "big.pls:12003: <lexeme> has no <grapheme>");
}

}  // namespace
}  // namespace narrate::pronunciation
