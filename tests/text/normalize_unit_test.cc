// Unit tests per class of the normaliser (the table test covers many more cases).
#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {

class NormalizeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status().message();
    normalizer_ = new Normalizer(std::move(n).value());
  }
  static void TearDownTestSuite() { delete normalizer_; normalizer_ = nullptr; }
  static std::string N(std::string_view s) { return normalizer_->Normalize(s); }
  static Normalizer* normalizer_;
};
Normalizer* NormalizeTest::normalizer_ = nullptr;

TEST(NormalizerCreate, UnknownLocaleFails) {
  auto n = Normalizer::Create({"xx"});
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("xx"), std::string::npos);
}

TEST(NormalizerCreate, OtherIcuLocaleSpellsNumbers) {
  auto n = Normalizer::Create({"de"});
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(n->Normalize("Es gibt 21 Schiffe."), "Es gibt einundzwanzig Schiffe.");
}

TEST(NormalizerCreate, MovedNormalizerStillWorks) {
  auto n = Normalizer::Create();
  ASSERT_TRUE(n.ok());
  Normalizer a = std::move(n).value();
  Normalizer b = std::move(a);
  EXPECT_EQ(b.Normalize("5"), "five");
}

TEST_F(NormalizeTest, Cardinals) {
  EXPECT_EQ(N("1,000,000"), "one million");
  EXPECT_EQ(N("-5"), "minus five");
  EXPECT_EQ(N("3.14"), "three point one four");
  EXPECT_EQ(N("1,00"), "1,00");  // malformed grouping is not guessed at
}

TEST_F(NormalizeTest, Ordinals) {
  EXPECT_EQ(N("1st 22nd 103rd"), "first twenty second one hundred third");
}

TEST_F(NormalizeTest, YearsVersusQuantities) {
  EXPECT_EQ(N("in 1987"), "in nineteen eighty seven");
  EXPECT_EQ(N("1987 ships"), "one thousand nine hundred eighty seven ships");
  EXPECT_EQ(N("the 1800s and the '90s"), "the eighteen hundreds and the nineties");
  EXPECT_EQ(N("in 1066"), "in ten sixty six");
  EXPECT_EQ(N("21st century"), "twenty first century");
}

TEST_F(NormalizeTest, Dates) {
  EXPECT_EQ(N("March 3, 2024"), "March third, twenty twenty four");
  EXPECT_EQ(N("3 March 2024"), "the third of March twenty twenty four");
  EXPECT_EQ(N("2024-03-03"), "March third, twenty twenty four");
}

TEST_F(NormalizeTest, Times) {
  EXPECT_EQ(N("3:45 pm"), "three forty five P.M");
  EXPECT_EQ(N("10:00"), "ten o'clock");
}

TEST_F(NormalizeTest, Money) {
  EXPECT_EQ(N("$5.50"), "five dollars and fifty cents");
  EXPECT_EQ(N("$1.2 million"), "one point two million dollars");
  EXPECT_EQ(N("£20"), "twenty pounds");
  EXPECT_EQ(N("€3"), "three euros");
}

TEST_F(NormalizeTest, PercentFractionsDecimals) {
  EXPECT_EQ(N("50%"), "fifty percent");
  EXPECT_EQ(N("1/2"), "one half");
  EXPECT_EQ(N("¾"), "three quarters");
  EXPECT_EQ(N("0.25"), "zero point two five");
}

TEST_F(NormalizeTest, Measures) {
  EXPECT_EQ(N("5 km"), "five kilometers");
  EXPECT_EQ(N("10 kg"), "ten kilograms");
  EXPECT_EQ(N("3 ft"), "three feet");
}

TEST_F(NormalizeTest, Ranges) {
  EXPECT_EQ(N("1990–1995"), "nineteen ninety to nineteen ninety five");
  EXPECT_EQ(N("pages 10–12"), "pages ten to twelve");
}

TEST_F(NormalizeTest, PhoneEmailUrl) {
  EXPECT_EQ(N("555-123-4567"), "five five five, one two three, four five six seven");
  EXPECT_EQ(N("a@b.com"), "a at b dot com");
  EXPECT_EQ(N("www.nasa.gov"), "W.W.W dot nasa dot gov");
}

TEST_F(NormalizeTest, RomanNumeralsByContext) {
  EXPECT_EQ(N("Henry VIII"), "Henry the eighth");
  EXPECT_EQ(N("Capella IV"), "Capella four");
  EXPECT_EQ(N("World War II"), "World War two");
  EXPECT_EQ(N("Chapter XII"), "Chapter twelve");
  EXPECT_EQ(N("Part III"), "Part three");
  EXPECT_EQ(N("I know"), "I know");
  EXPECT_EQ(N("the MIX"), "the mix");
}

TEST_F(NormalizeTest, AbbreviationsAndTitles) {
  EXPECT_EQ(N("Mr. Kirk"), "Mister Kirk");
  EXPECT_EQ(N("Dr. McCoy"), "Doctor McCoy");
  EXPECT_EQ(N("St. Paul"), "Saint Paul");
  EXPECT_EQ(N("on Baker St. today"), "on Baker Street today");
  EXPECT_EQ(N("e.g. this"), "for example this");
  // No abbreviation period survives to end a sentence early.
  EXPECT_EQ(N("Capt. Kirk and Lt. Saavik").find('.'), std::string::npos);
}

TEST_F(NormalizeTest, InitialismsAcronymsEmphasis) {
  EXPECT_EQ(N("FBI"), "F.B.I");
  EXPECT_EQ(N("USS"), "U.S.S");
  EXPECT_EQ(N("NASA"), "NASA");
  EXPECT_EQ(N("THAT was an achievement"), "that was an achievement");
}

TEST_F(NormalizeTest, Designations) {
  EXPECT_EQ(N("K7"), "K seven");
  EXPECT_EQ(N("NCC-1701"), "N.C.C seventeen oh one");
}

TEST_F(NormalizeTest, Typography) {
  EXPECT_EQ(N("“Go”"), "\"Go\"");
  EXPECT_EQ(N("it’s"), "it's");
  EXPECT_EQ(N("now—then"), "now, then");
  EXPECT_EQ(N("so…"), "so...");
  EXPECT_EQ(N("a\u00A0b"), "a b");
  EXPECT_EQ(N("A & B"), "A- and B");  // letters on both sides: "A" is the letter
}

TEST_F(NormalizeTest, InitialInNameIsKept) {
  EXPECT_EQ(N("James T. Kirk"), "James T Kirk");
}

TEST_F(NormalizeTest, PossessiveOfNameEndingInS) {
  EXPECT_EQ(N("Praxis' moon"), "Praxis's moon");
}

TEST_F(NormalizeTest, OutputIsOneLine) {
  EXPECT_EQ(N("one\ntwo\r\nthree"), "one two three");
}

}  // namespace
TEST_F(NormalizeTest, PreDecimalSumsSkipZeroPartsAndKeepSentenceEnds) {
  EXPECT_EQ(N("It came to £3 0s. 9d. in all."), "It came to three pounds and ninepence in all.");
  EXPECT_EQ(N("It cost 0s. 0d."), "It cost zero pounds.");
  EXPECT_EQ(N("He paid 2s. 6d. Then he left."), "He paid two shillings and sixpence. Then he left.");
  EXPECT_EQ(N("Cheque L1 17s. 9d, herewith"), "Cheque one pound seventeen shillings and ninepence, herewith");
  EXPECT_EQ(N("a 1¼d. rate"), "a penny farthing rate");
}

TEST_F(NormalizeTest, ShillingsAndPenceNeedTheirShapeOrContext) {
  EXPECT_EQ(N("in the 20s. The end"), "in the twenties. The end");
  EXPECT_EQ(N("the 2d of May"), "the second of May");
  EXPECT_EQ(N("Buy 5 l. of milk"), "Buy five liters of milk");
  EXPECT_EQ(N("He drew 4/8 of the cards"), "He drew four eighths of the cards");
  EXPECT_EQ(N("He paid 4/8 for the cards"), "He paid four and eight for the cards");
  EXPECT_EQ(N("She paid for 1/2 hour"), "She paid for a half hour");
}

TEST_F(NormalizeTest, InchMarkVersusClosingQuote) {
  EXPECT_EQ(N("\"Give me 12\" she said"), "\"Give me twelve\" she said");
  EXPECT_EQ(N("a 12\" ruler"), "a twelve inch ruler");
  EXPECT_EQ(N("He is 6'1\"."), "He is six feet one inch.");
}

TEST_F(NormalizeTest, RangesOfMoneyPercentAndUnits) {
  EXPECT_EQ(N("$5-$10"), "five to ten dollars");
  EXPECT_EQ(N("between $5-$10"), "between five and ten dollars");
  EXPECT_EQ(N("£1.50-£2"), "one pound fifty to two pounds");
  EXPECT_EQ(N("5\u2013\u00a310"), "five to ten pounds");  // "5–£10"
  EXPECT_EQ(N("3\u20135%"), "three to five percent");
  EXPECT_EQ(N("10-20km"), "ten to twenty kilometers");
  EXPECT_EQ(N("B-52 A320-200"), "B fifty two A- three twenty two hundred");
}

}  // namespace narrate::text
