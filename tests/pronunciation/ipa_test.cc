// IPA -> eSpeak conversion and eSpeak mnemonic validation.
#include <gtest/gtest.h>

#include <set>

#include "pronunciation/ipa.h"

namespace narrate::pronunciation {
namespace {

std::string Convert(std::string_view ipa) {
  auto r = IpaToEspeak(ipa);
  return r.ok() ? *r : "ERROR: " + r.status().message();
}

TEST(IpaToEspeak, EnglishWordsWithStressBeforeTheVowel) {
  EXPECT_EQ(Convert("ˈkroʊnɒs"), "kr'oUn0s");
  EXPECT_EQ(Convert("ˈt͡ʃɛkɒv"), "tS'Ek0v");
  EXPECT_EQ(Convert("ˌæzɛtˈbɜːr"), ",azEtb'3:");
  EXPECT_EQ(Convert("ˈkɪtoʊmɚ"), "k'ItoUm3");
  EXPECT_EQ(Convert("ˈθɪŋkɪŋ"), "T'INkIN");
  EXPECT_EQ(Convert("ˈðʌʒʊ"), "D'VZU");
}

TEST(IpaToEspeak, WordsStaySeparate) {
  EXPECT_EQ(Convert("ˈrʊərə ˈpɛnθeɪ"), "r'U@r@ p'EnTeI");
  EXPECT_EQ(Convert("  ˈkɔr   ˈlɑθ  "), "k'O@ l'A:T");
}

TEST(IpaToEspeak, LengthMarks) {
  EXPECT_EQ(Convert("ˈbeːt"), "b'e:t");
  EXPECT_EQ(Convert("ˈbiːt"), "b'i:t");
  EXPECT_EQ(Convert("ˈbɛːt"), "b'e@t");
  EXPECT_EQ(Convert("ˈatːa"), "'ata");  // no geminate consonants
  EXPECT_EQ(Convert("'kro:nos"), "kr'o:nos");  // ASCII ' and :
}

TEST(IpaToEspeak, RColouredVowelsOnlyBeforeConsonantOrEnd) {
  EXPECT_EQ(Convert("ˈkɑːɹ"), "k'A@");
  EXPECT_EQ(Convert("ˈkɑːɹd"), "k'A@d");
  EXPECT_EQ(Convert("ˈkɑːɹi"), "k'A:ri");
  EXPECT_EQ(Convert("ˈsɛɹə"), "s'Er@");
  EXPECT_EQ(Convert("ˈnɪɹ"), "n'i@3");
  EXPECT_EQ(Convert("ˈbɝd"), "b'3:d");
  EXPECT_EQ(Convert("ˈfaɪɚ"), "f'aI3");
}

TEST(IpaToEspeak, DiphthongsAndSyllabicConsonants) {
  EXPECT_EQ(Convert("ˈbaɪ ˈbeɪ ˈbɔɪ ˈbaʊ ˈbəʊ ˈboʊ"), "b'aI b'eI b'OI b'aU b'oU b'oU");
  EXPECT_EQ(Convert("ˈbɪə ˈbeə ˈpʊə ˈfaɪə"), "b'i@ b'e@ p'U@ f'aI@");
  EXPECT_EQ(Convert("ˈbʌtn̩"), "b'Vtn-");
  EXPECT_EQ(Convert("ˈlɪtl̩"), "l'Itl-");
  EXPECT_EQ(Convert("ˈrɪðm̩"), "r'IDm-");
}

TEST(IpaToEspeak, SeparatesMnemonicsThatWouldMerge) {
  EXPECT_EQ(Convert("ˈa.ɪ"), "'a|I");
  EXPECT_EQ(Convert("ˈat.ʃa"), "'at|Sa");
  EXPECT_EQ(Convert("ˈatʃa"), "'atSa");
}

TEST(IpaToEspeak, SoundsOfInventedNames) {
  EXPECT_EQ(Convert("ˈqʰoʔnoʃ"), "q'o?noS");
  EXPECT_EQ(Convert("ˈxʊrq"), "x'U@q");  // English r: r-coloured before a consonant
  EXPECT_EQ(Convert("ɬa χa ʁa ɣa ça ʝa ɲa ʎa ɾa"), "l#a Xa Q\"a Qa Ca J^a n^a l^a *a");
  EXPECT_EQ(Convert("ˈkʼa ˈpʰa ˈkʷa ˈtʲa"), "k'a p'a kw'a t;'a");
  EXPECT_EQ(Convert("ˈfɑ̃ ˈfã ˈbɔ̃ ˈvɛ̃"), "f'A~ f'A~ b'O~ v'A~");
  EXPECT_EQ(Convert("ˈbyr ˈʃøn ˈbœf"), "b'u:r S'3:n b'3:f");
  EXPECT_EQ(Convert("ˈʧa ˈʤa"), "tS'a dZ'a");
}

TEST(IpaToEspeak, UnknownSymbolIsNamed) {
  auto r = IpaToEspeak("ˈkɪǃ");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "unknown IPA symbol \"ǃ\" (U+01C3)");
  EXPECT_EQ(IpaToEspeak("ka|ka").status().message(), "unknown IPA symbol \"|\" (U+007C)");
}

TEST(ValidateEspeak, AcceptsTheEnglishInventory) {
  EXPECT_TRUE(ValidateEspeak("kr'oUn0s").ok());
  EXPECT_TRUE(ValidateEspeak("r'u:r@ p'EnTi").ok());
  EXPECT_TRUE(ValidateEspeak("'a|I").ok());
  EXPECT_TRUE(ValidateEspeak("aI@ aU@ i@3 Q\" l# n^").ok());
}

TEST(ValidateEspeak, NamesTheFirstUnknownCharacter) {
  EXPECT_EQ(ValidateEspeak("kr'oUnɒs").message(), "unknown eSpeak phoneme \"ɒ\" in [[kr'oUnɒs]]");
  EXPECT_EQ(ValidateEspeak("b'Aa:t").message(), "unknown eSpeak phoneme \"A\" in [[b'Aa:t]]");
  EXPECT_EQ(ValidateEspeak("k'Y").message(), "unknown eSpeak phoneme \"Y\" in [[k'Y]]");
}

TEST(SplitEspeak, ReadsLongestFirstLikeESpeak) {
  auto split = SplitEspeak("k'0noU  'Es|I");
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(*split, (std::vector<std::string>{"k", "'", "0", "n", "oU", " ", "'", "E", "s", "I"}));
  EXPECT_EQ(*SplitEspeak("aI@3:"), (std::vector<std::string>{"aI@", "3:"}));
}

TEST(JoinEspeak, InsertsSeparatorOnlyWhereNeeded) {
  EXPECT_EQ(JoinEspeak("a", "I"), "a|I");
  EXPECT_EQ(JoinEspeak("t", "S"), "t|S");
  EXPECT_EQ(JoinEspeak("k'0noU", "z"), "k'0noUz");
  EXPECT_EQ(JoinEspeak("b'i:", "I2z"), "b'i:I2z");
  EXPECT_EQ(JoinEspeak("", "I"), "I");
}

TEST(SEnding, FollowsTheFinalSound) {
  EXPECT_EQ(SEnding("k'0noU"), "z");
  EXPECT_EQ(SEnding("g'o@k0n"), "z");
  EXPECT_EQ(SEnding("k'ItoUm3"), "z");
  EXPECT_EQ(SEnding("k'It"), "s");
  EXPECT_EQ(SEnding("sp'0k"), "s");
  EXPECT_EQ(SEnding("k'0l0T"), "s");
  EXPECT_EQ(SEnding("b'oUnz"), "I2z");
  EXPECT_EQ(SEnding("k'A:lEs"), "I2z");
  EXPECT_EQ(SEnding("kr'u:dZ"), "I2z");
  EXPECT_EQ(SEnding("b'USS"), "I2z");
  EXPECT_EQ(SEnding("h'aU,"), "z");  // trailing stress mark skipped
}

TEST(IpaInventory, EveryRowIsConsistent) {
  std::set<std::string_view> seen;
  for (const IpaSymbol& s : IpaInventory()) {
    SCOPED_TRACE(std::string(s.ipa));
    EXPECT_TRUE(seen.insert(s.ipa).second) << "duplicate row";
    EXPECT_TRUE(ValidateEspeak(s.espeak).ok());
    EXPECT_EQ(s.heard == s.ipa, s.note.empty()) << "approximations need a note, exact rows none";
  }
}

TEST(IpaInventory, EveryVowelAndConsonantConvertsToItsRow) {
  for (const IpaSymbol& s : IpaInventory()) {
    if (s.kind != IpaSymbol::Kind::kVowel && s.kind != IpaSymbol::Kind::kConsonant) continue;
    SCOPED_TRACE(std::string(s.ipa));
    EXPECT_EQ(Convert(s.ipa), s.espeak);
  }
}

TEST(IpaInventory, CoversTheEnglishInventory) {
  for (std::string_view ipa : {"i", "iː", "ɪ", "e", "ɛ", "æ", "a", "ɑː", "ɒ", "ɔː", "ʊ", "uː", "ʌ", "ə", "ɜː",
                               "ɚ", "ɝ", "eɪ", "aɪ", "ɔɪ", "aʊ", "əʊ", "oʊ", "ɪə", "eə", "ʊə", "p", "b",
                               "t", "d", "k", "ɡ", "f", "v", "θ", "ð", "s", "z", "ʃ", "ʒ", "h", "tʃ",
                               "dʒ", "m", "n", "ŋ", "l", "ɫ", "ɹ", "r", "j", "w", "ʍ", "ʔ", "ɾ", "n̩",
                               "l̩", "m̩", "ˈ", "ˌ", "ː", "."}) {
    EXPECT_TRUE(IpaToEspeak(ipa).ok()) << ipa;
  }
}

}  // namespace
}  // namespace narrate::pronunciation
