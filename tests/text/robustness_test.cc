// Bad input never crashes or hangs: huge numbers, huge words, mixed scripts, invalid UTF-8.
#include <string>

#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {

class RobustnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok());
    normalizer_ = std::make_unique<Normalizer>(std::move(n).value());
  }
  std::unique_ptr<Normalizer> normalizer_;
};

bool IsValidUtf8(const std::string& s) {
  for (size_t k = 0; k < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[k]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || k + len > s.size()) return false;
    for (size_t j = 1; j < len; ++j) if ((static_cast<unsigned char>(s[k + j]) & 0xC0) != 0x80) return false;
    k += len;
  }
  return true;
}

TEST_F(RobustnessTest, FiveHundredDigitNumberReadDigitByDigit) {
  std::string digits(500, '7');
  std::string out = normalizer_->Normalize(digits);
  size_t words = 0;
  for (size_t p = 0; (p = out.find("seven", p)) != std::string::npos; p += 5) ++words;
  EXPECT_EQ(words, 500u);
}

TEST_F(RobustnessTest, HugeDecimalAndOrdinalAndMoney) {
  std::string big(300, '9');
  EXPECT_FALSE(normalizer_->Normalize(big + "." + big).empty());
  EXPECT_FALSE(normalizer_->Normalize(big + "th").empty());
  EXPECT_FALSE(normalizer_->Normalize("$" + big).empty());
  EXPECT_FALSE(normalizer_->Normalize(big + ":" + big).empty());
  EXPECT_FALSE(normalizer_->Normalize(big + "/" + big).empty());
  EXPECT_FALSE(normalizer_->Normalize(big + "-" + big).empty());
}

TEST_F(RobustnessTest, TenThousandCharacterWords) {
  for (char c : {'a', 'M', 'X', '1', '.', '-', '&'}) {
    std::string word(10000, c);
    std::string out = normalizer_->Normalize("before " + word + " after");
    EXPECT_EQ(out.find('\n'), std::string::npos);
    EXPECT_TRUE(IsValidUtf8(out));
  }
  std::string mixed;
  for (int k = 0; k < 2000; ++k) mixed += "aB3-";
  EXPECT_FALSE(normalizer_->Normalize(mixed).empty());
}

TEST_F(RobustnessTest, MixedScriptsPassThrough) {
  std::string out = normalizer_->Normalize("Kirk met Москва 東京 and مرحبا on 3 March.");
  EXPECT_NE(out.find("Москва"), std::string::npos);
  EXPECT_NE(out.find("東京"), std::string::npos);
  EXPECT_NE(out.find("third of March"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST_F(RobustnessTest, InvalidUtf8IsReplacedNotFatal) {
  std::string bad = "ok \xff\xfe\xc3 then \xed\xa0\x80 surrogate \xf4\x90\x80\x80 big 5\x80km";
  std::string out = normalizer_->Normalize(bad);
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_NE(out.find("ok"), std::string::npos);
  EXPECT_NE(out.find("surrogate"), std::string::npos);
}

TEST_F(RobustnessTest, InvalidCodePointsAndControls) {
  std::string s = "a\x01\x02 b\u200B c\uFEFF d\U0010FFFF e\uFFFF f\uE000 g";
  std::string out = normalizer_->Normalize(s);
  EXPECT_EQ(out, "a b c d e f g");
  EXPECT_EQ(normalizer_->Normalize(std::string("x\0y", 3)), "xy");
}

TEST_F(RobustnessTest, EmptyAndPunctuationOnly) {
  EXPECT_EQ(normalizer_->Normalize(""), "");
  EXPECT_EQ(normalizer_->Normalize("   \n\t "), "");
  EXPECT_FALSE(normalizer_->Normalize("... --- !!! ???").empty());
}

TEST_F(RobustnessTest, LongParagraph) {
  std::string text;
  for (int k = 0; k < 2000; ++k) text += "Capt. Kirk paid $5.50 on March 3, 2024 at 3:45 pm. ";
  std::string out = normalizer_->Normalize(text);
  EXPECT_NE(out.find("Captain Kirk paid five dollars"), std::string::npos);
}

// Inputs that once crashed a rule (found by mutating the case tables): each must give one line.
TEST_F(RobustnessTest, FuzzFoundInputsGiveOneLine) {
  for (const char* input : {
           "$.He",  // money: a point with no digits after it
           "$5.x", "£7.-", "€3.e5", "$.", "£.50", "$5.", "$5.x.", "£.", "£.-", "€.–", "$-",
           "-$.5", "$5.5.5", "£7.-.-", "$.5m", "$5.x-$6", "$.-$.", "£.50/mo", "$.5 million",
       }) {
    SCOPED_TRACE(input);
    std::string out = normalizer_->Normalize(input);
    EXPECT_FALSE(out.empty());
    EXPECT_EQ(out.find('\n'), std::string::npos);
    EXPECT_TRUE(IsValidUtf8(out));
  }
}

TEST_F(RobustnessTest, FrenchShortWordAfterNumberGivesOneLine) {
  auto fr = Normalizer::Create({.locale = "fr"});  // number grouping joined "42 c" past its end
  ASSERT_TRUE(fr.ok());
  std::string out = fr->Normalize("I counted 42 c");
  EXPECT_NE(out.find("quarante-deux"), std::string::npos);
  EXPECT_EQ(out.find('\n'), std::string::npos);
}

// Money that is not a whole amount stays as written, the same every time (an empty optional
// was read for "$5.x": the spoken number changed from run to run).
TEST_F(RobustnessTest, MalformedMoneyIsKeptAsWritten) {
  for (const char* input : {"$5.x", "€3.e5", "$.", "£.", "$5.5.5", "$.x"}) {
    SCOPED_TRACE(input);
    const std::string first = normalizer_->Normalize(std::string("It was ") + input + " then.");
    EXPECT_EQ(first, std::string("It was ") + input + " then.");
    EXPECT_EQ(normalizer_->Normalize(std::string("It was ") + input + " then."), first);
  }
  EXPECT_EQ(normalizer_->Normalize("It was £7.- then."), "It was seven pounds then.");
  EXPECT_EQ(normalizer_->Normalize("It was $.05 then."), "It was five cents then.");
}

// A 1 MB paragraph in linear time: the inch-mark, feet-mark and "±" rules rescanned or copied
// the whole paragraph for each such chunk (a 2 MB line took 21 s; bench/hostile_bench.py times it).
TEST_F(RobustnessTest, MegabyteParagraphOfMarksIsRead) {
  std::string text;
  while (text.size() < (1u << 20)) text += "a 6\" board, 'the 8' cut' and \u00b13 mm more. ";
  std::string out = normalizer_->Normalize(text);
  EXPECT_NE(out.find("a six inch board"), std::string::npos) << out.substr(0, 200);
  EXPECT_NE(out.find("plus or minus three millimeters more."), std::string::npos);
}

TEST_F(RobustnessTest, MovedFromNormalizerReturnsEmpty) {
  Normalizer other = std::move(*normalizer_);
  EXPECT_EQ(normalizer_->Normalize("text"), "");  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(other.Normalize("5"), "five");
}

}  // namespace
}  // namespace narrate::text
