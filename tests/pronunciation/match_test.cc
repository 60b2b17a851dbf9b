// Lexicon::Apply and Lexicon::Matches: case, apostrophes, inflections,
// multi-word graphemes, longest match, offsets.
#include <gtest/gtest.h>

#include "pronunciation/lexicon.h"
#include "test_data.h"

namespace narrate::pronunciation {
namespace {

using Kind = SpeechPiece::Kind;

std::string Show(const Utterance& u) {
  std::string out;
  for (const SpeechPiece& p : u) {
    if (!out.empty()) out += " | ";
    const bool phonemes = p.kind == Kind::kPhonemes;
    const char* open = phonemes ? ":[[" : p.kind == Kind::kText ? ":" : ":~";
    out += std::to_string(p.source_offset) + open + p.content + (phonemes ? "]]" : "");
  }
  return out;
}

class Match : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = Lexicon::LoadFile(testing::DataFile("names.lexicon"));
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    lexicon_ = *loaded;
    auto extra = Lexicon::Parse("Klaat\t[[kl'A:t]]\nBones\t[[b'oUnz]]\nKor\t[[k'o@]]\n", "extra");
    ASSERT_TRUE(extra.ok());
    lexicon_.Merge(*extra);
  }
  std::string Apply(std::string_view text) const { return Show(lexicon_.Apply(text)); }
  Lexicon lexicon_;
};

TEST_F(Match, ReplacesWholeWordsAndKeepsTheRest) {
  EXPECT_EQ(Apply("Kirk saw Kronos."), "0:Kirk saw  | 9:[[kr'oUn0s]] | 15:.");
  EXPECT_EQ(Apply("Kronos"), "0:[[kr'oUn0s]]");
  EXPECT_EQ(Apply("Nothing here."), "0:Nothing here.");
  EXPECT_TRUE(lexicon_.Apply("").empty());
}

TEST_F(Match, IsCaseInsensitiveAndMatchesAllCaps) {
  EXPECT_EQ(Apply("KRONOS kronos KrOnOs"), "0:[[kr'oUn0s]] | 6:  | 7:[[kr'oUn0s]] | 13:  | 14:[[kr'oUn0s]]");
}

TEST_F(Match, CaseSensitiveEntriesMatchAsWrittenOrAllCaps) {
  EXPECT_EQ(Apply("the US and us and Us"), "0:the  | 4:[[j'u:'Es]] | 6: and us and Us");
}

TEST_F(Match, ApostropheVariantsAreEqual) {
  EXPECT_EQ(Apply("Qo'noS Qo’noS Qoʼnos"), "0:[[q'oU?noUS]] | 6:  | 7:[[q'oU?noUS]] | 15:  | 16:[[q'oU?noUS]]");
}

TEST_F(Match, WholeWordsOnly) {
  EXPECT_EQ(Apply("Kronosian Ekronos Kronos2 d'Kronos"), "0:Kronosian Ekronos Kronos2 d'Kronos");
  EXPECT_EQ(Apply("Kor'tal"), "0:Kor'tal");
  EXPECT_EQ(Apply("(Kor)"), "0:( | 1:[[k'o@]] | 4:)");
  EXPECT_EQ(Apply("\"Kor\""), "0:\" | 1:[[k'o@]] | 4:\"");
}

TEST_F(Match, PossessiveTakesTheEndingTheFinalSoundNeeds) {
  EXPECT_EQ(Apply("Kronos's ship"), "0:[[kr'oUn0sI2z]] | 8: ship");
  EXPECT_EQ(Apply("Kruge's ship"), "0:[[kr'u:gz]] | 7: ship");
  EXPECT_EQ(Apply("Klaat's ship"), "0:[[kl'A:ts]] | 7: ship");
  EXPECT_EQ(Apply("Bones's"), "0:[[b'oUnzI2z]]");
  EXPECT_EQ(Apply("Kruge’s"), "0:[[kr'u:gz]]");
  EXPECT_EQ(Apply("KRUGE'S"), "0:[[kr'u:gz]]");
  EXPECT_EQ(Apply("Qo'noS's"), "0:[[q'oU?noUSI2z]]");
}

TEST_F(Match, PluralsAndPluralPossessives) {
  EXPECT_EQ(Apply("two Kruges"), "0:two  | 4:[[kr'u:gz]]");
  EXPECT_EQ(Apply("the Kruges' ships"), "0:the  | 4:[[kr'u:gz]] | 11: ships");
  EXPECT_EQ(Apply("Klaats"), "0:[[kl'A:ts]]");
  EXPECT_EQ(Apply("Kahlesses"), "0:[[k'A:lEsI2z]]");
  EXPECT_EQ(Apply("Krugees"), "0:Krugees");  // -es only after a sibilant
}

TEST_F(Match, BareApostropheAfterAnSEndingNameIsPossessive) {
  EXPECT_EQ(Apply("Kahless' sword"), "0:[[k'A:lEs]] | 8: sword");
  EXPECT_EQ(Apply("Kruge' x"), "0:[[kr'u:g]] | 5:' x");
}

TEST_F(Match, MultiWordGraphemesAndLongestMatch) {
  EXPECT_EQ(Apply("to Rura Penthe."), "0:to  | 3:[[r'u:r@ p'EnTi]] | 14:.");
  EXPECT_EQ(Apply("Rura  Penthe"), "0:[[r'u:r@ p'EnTi]]");
  EXPECT_EQ(Apply("Rura\nPenthe"), "0:[[r'u:r@ p'EnTi]]");
  EXPECT_EQ(Apply("Rura is cold"), "0:[[r'u:r@]] | 4: is cold");
  EXPECT_EQ(Apply("Rura Penthe's ice"), "0:[[r'u:r@ p'EnTiz]] | 13: ice");
  EXPECT_EQ(Apply("Rura Pent"), "0:[[r'u:r@]] | 4: Pent");
}

// Read syllable by syllable by the engine, their capitals marking the stress (~ in Show).
TEST_F(Match, RespellingsBecomeRespellingPiecesWithTheirEnding) {
  EXPECT_EQ(Apply("Azetbur's father"), "0:~AZ-et-bur's | 9: father");
  const Utterance u = lexicon_.Apply("Azetbur");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].kind, Kind::kRespelling);
}

TEST_F(Match, OffsetsAreBytesInTheParagraph) {
  EXPECT_EQ(Apply("Café Kronos — Kor"), "0:Café  | 6:[[kr'oUn0s]] | 12: —  | 17:[[k'o@]]");
}

TEST_F(Match, MatchesListsEntriesOnceInOrder) {
  auto matches = lexicon_.Matches("Kor met Kronos, then Kor's Kruges.");
  ASSERT_EQ(matches.size(), 3u);
  EXPECT_EQ(matches[0]->grapheme, "Kor");
  EXPECT_EQ(matches[1]->grapheme, "Kronos");
  EXPECT_EQ(matches[2]->grapheme, "Kruge");
  EXPECT_TRUE(lexicon_.Matches("nothing").empty());
}

TEST(MatchCase, CaseSensitiveEntryBeatsInsensitiveOne) {
  auto lexicon = Lexicon::Parse("us\t[[Vs]]\nUS\t[[j'u:'Es]]\tcase-sensitive\n", "t");
  ASSERT_TRUE(lexicon.ok());
  EXPECT_EQ(Show(lexicon->Apply("US us")), "0:[[j'u:'Es]] | 2:  | 3:[[Vs]]");
}

TEST(MatchCase, NonAsciiCaseFolding) {
  auto lexicon = Lexicon::Parse("Ærøskøbing\t[['e@r3:sk3:bIN]]\n", "t");
  ASSERT_TRUE(lexicon.ok());
  EXPECT_EQ(Show(lexicon->Apply("ÆRØSKØBING")), "0:[['e@r3:sk3:bIN]]");
}

}  // namespace
}  // namespace narrate::pronunciation
