// W3C PLS 1.0 import.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace narrate::pronunciation
