// Numeric dates follow the region of the normaliser's locale: day first for en-GB and other
// non-US English, month first for en-US and plain "en". Unambiguous dates read the same everywhere.
#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {

std::string N(const std::string& locale, std::string_view text) {
  auto n = Normalizer::Create({locale});
  EXPECT_TRUE(n.ok()) << n.status().message();
  return n.ok() ? n->Normalize(text) : "";
}

TEST(DateLocale, BritishReadsDayFirst) {
  EXPECT_EQ(N("en-GB", "Born 1/4/1901 in Leeds."),
            "Born the first of April nineteen oh one in Leeds.");
  EXPECT_EQ(N("en_GB", "Due 3/7/2021."), "Due the third of July twenty twenty one.");
  EXPECT_EQ(N("en-AU", "Sent on 5/6/1999."), "Sent on the fifth of June nineteen ninety nine.");
}

TEST(DateLocale, AmericanAndPlainEnglishReadMonthFirst) {
  EXPECT_EQ(N("en-US", "Born 1/4/1901 in Ohio."), "Born January fourth, nineteen oh one in Ohio.");
  EXPECT_EQ(N("en", "Born 1/4/1901 in Ohio."), "Born January fourth, nineteen oh one in Ohio.");
  EXPECT_EQ(N("en-US", "Sent on 5/6/1999."), "Sent on May sixth, nineteen ninety nine.");
}

TEST(DateLocale, UnambiguousDatesIgnoreTheRegion) {
  for (const char* locale : {"en", "en-US", "en-GB"}) {
    EXPECT_EQ(N(locale, "On 25/12/2023 we ate."),
              "On the twenty fifth of December twenty twenty three we ate.")
        << locale;
    EXPECT_EQ(N(locale, "On 12/25/2023 we ate."),
              "On December twenty fifth, twenty twenty three we ate.")
        << locale;
    EXPECT_EQ(N(locale, "Filed 2016/07/03."), "Filed July third, twenty sixteen.") << locale;
  }
}

TEST(DateLocale, DottedDatesFollowTheRegionWhenAmbiguous) {
  EXPECT_EQ(N("en-GB", "Seen 04.05.2010."), "Seen the fourth of May twenty ten.");
  EXPECT_EQ(N("en-US", "Seen 04.05.2010."), "Seen April fifth, twenty ten.");
  EXPECT_EQ(N("en-US", "Seen 15.01.2020."), "Seen the fifteenth of January twenty twenty.");
}

TEST(DateLocale, RegionDoesNotChangeNumbers) {
  EXPECT_EQ(N("en-GB", "It had 123 rooms."), N("en-US", "It had 123 rooms."));
}

}  // namespace
}  // namespace narrate::text
