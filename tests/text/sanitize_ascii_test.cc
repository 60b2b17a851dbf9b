// The sanitizer's ASCII path (no ICU strings) says what its ICU path says: the same
// text with a zero-width space in front (dropped by the ICU path) must come out the same.
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {

constexpr const char* kZeroWidthSpace = "\xE2\x80\x8B";

// Random ASCII with many of the characters the clean-up rewrites: dashes, backticks,
// tabs, controls, spaces.
std::string RandomAscii(std::mt19937& rng) {
  static const std::string kAlphabet = " - - --``\t\x01\x1f\x7f\r\n\v.,;:!?'\"()_*aZk19 ";
  std::uniform_int_distribution<size_t> length(0, 24), pick(0, kAlphabet.size() - 1);
  std::string s;
  for (size_t n = length(rng); n > 0; --n) s += kAlphabet[pick(rng)];
  return s;
}

TEST(SanitizeAsciiTest, AsciiPathMatchesIcuPath) {
  auto n = Normalizer::Create();
  ASSERT_TRUE(n.ok());
  std::mt19937 rng(20240605);
  for (int k = 0; k < 3000; ++k) {
    std::string s = RandomAscii(rng);
    ASSERT_EQ(n->Normalize(s), n->Normalize(kZeroWidthSpace + s)) << "input: [" << s << "]";
  }
}

TEST(SanitizeAsciiTest, DashesBackticksAndControls) {
  auto n = Normalizer::Create();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->Normalize("it`s so--and so -- and - so"), "it's so, and so, and, so");
  EXPECT_EQ(n->Normalize("tab\there\x01 now"), "tab here now");
}

}  // namespace
}  // namespace narrate::text
