#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {
using Lines = std::vector<std::string>;

TEST(SplitSentences, DoesNotBreakAfterTitles) {
  EXPECT_EQ(SplitSentences("Mr. Smith met Dr. Jones. Then Capt. Kirk left."),
            (Lines{"Mr. Smith met Dr. Jones.", "Then Capt. Kirk left."}));
}

TEST(SplitSentences, DoesNotBreakAfterLtAdmSt) {
  EXPECT_EQ(SplitSentences("Yes. Lt. Saavik and Adm. Cartwright prayed at St. Paul. Done."),
            (Lines{"Yes.", "Lt. Saavik and Adm. Cartwright prayed at St. Paul.", "Done."}));
}

TEST(SplitSentences, DoesNotBreakAfterInitial) {
  EXPECT_EQ(SplitSentences("James T. Kirk went to the market. Then he slept."),
            (Lines{"James T. Kirk went to the market.", "Then he slept."}));
}

TEST(SplitSentences, DoesNotBreakAfterEgOrEtc) {
  EXPECT_EQ(SplitSentences("Take fruit, e.g. Apples. Bring tools etc. And food."),
            (Lines{"Take fruit, e.g. Apples.", "Bring tools etc. And food."}));
}

TEST(SplitSentences, SplitsQuestionsAndExclamations) {
  EXPECT_EQ(SplitSentences("  Who fights? We do!  Fine.  "),
            (Lines{"Who fights?", "We do!", "Fine."}));
}

TEST(SplitSentences, EmptyAndInvalidInput) {
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences("   ").empty());
  std::string bad = "Bad \xff\xfe bytes. Next one.";
  EXPECT_EQ(SplitSentences(bad).size(), 2u);
}

TEST(SplitSentences, WorksOnNormalisedText) {
  EXPECT_EQ(SplitSentences("Captain Kirk reached Capella four. He waited."),
            (Lines{"Captain Kirk reached Capella four.", "He waited."}));
}

}  // namespace
}  // namespace narrate::text
