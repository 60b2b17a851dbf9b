// `lexicon suggest`: unknown names, most frequent first.
#include <gtest/gtest.h>

#include "pronunciation/lexicon.h"
#include "test_data.h"

namespace narrate::pronunciation {
namespace {

using testing::DataFile;

const std::vector<std::string> kBook = {
    "Well, Kirk went to Rura Penthe with Azetbur.",
    "Azetbur said the Federation had Kronos. Gorkon's daughter was Azetbur.",
    "Lieutenant Valeris and the Klingon Empire at Rura Penthe.",
    "The Hur'Q invasion of Qo'noS. Suddenly the Organians and an Organian came.",
    "It was suddenly Qo’noS that the Klingons took, and the sword of Kahless' people.",
};

std::string Show(const std::vector<Suggestion>& suggestions) {
  std::string out;
  for (const Suggestion& s : suggestions) out += s.text + "=" + std::to_string(s.count) + " ";
  return out;
}

SuggestOptions Options() {
  SuggestOptions options;
  options.word_lists = {DataFile("words.txt")};
  return options;
}

TEST(Suggest, UnknownNamesMostFrequentFirstWithPhrases) {
  auto suggestions = Suggest(kBook, Options());
  ASSERT_TRUE(suggestions.ok()) << suggestions.status().message();
  EXPECT_EQ(Show(*suggestions),
            "Azetbur=3 Rura Penthe=2 Qo'noS=2 Organian=2 Kirk=1 Kronos=1 Gorkon=1 Valeris=1 Hur'Q=1 "
            "Kahless=1 ");
}

TEST(Suggest, LeavesOutNamesTheLexiconCovers) {
  auto known = Lexicon::Parse("Azetbur\t[['azEtb3:]]\nRura Penthe\t[[r'u:r@ p'EnTi]]\n", "k");
  ASSERT_TRUE(known.ok());
  SuggestOptions options = Options();
  options.known = &*known;
  options.limit = 3;
  auto suggestions = Suggest(kBook, options);
  ASSERT_TRUE(suggestions.ok());
  EXPECT_EQ(Show(*suggestions), "Qo'noS=2 Organian=2 Kirk=1 ");
}

TEST(Suggest, SentenceInitialCommonWordsAreNotNames) {
  auto suggestions = Suggest({"Suddenly it was dark.", "He ran suddenly."}, Options());
  ASSERT_TRUE(suggestions.ok());
  EXPECT_EQ(Show(*suggestions), "");
}

TEST(Suggest, MissingWordListIsAnError) {
  SuggestOptions options;
  options.word_lists = {"/nonexistent/words"};
  auto suggestions = Suggest(kBook, options);
  ASSERT_FALSE(suggestions.ok());
  EXPECT_EQ(suggestions.status().message(),
            "no English word list found (install the Debian package wamerican or wbritish)");
}

TEST(Suggest, FormatIsReadyToPaste) {
  const std::vector<Suggestion> suggestions = {{"Azetbur", 3}, {"Rura Penthe", 1}};
  const std::string text = FormatSuggestions(suggestions, [](const std::string& name) {
    return name == "Azetbur" ? "'azI2tb,3:\n" : "r'U@r@ p'EnD";
  });
  EXPECT_EQ(text, "Azetbur\t[['azI2tb,3:]]\t# 3 times\nRura Penthe\t[[r'U@r@ p'EnD]]\t# 1 time\n");
  // What suggest prints parses as a lexicon.
  auto lexicon = Lexicon::Parse(text, "pasted");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(lexicon->size(), 2u);
}

}  // namespace
}  // namespace narrate::pronunciation
