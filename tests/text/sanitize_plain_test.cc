// The sanitizer's path for ASCII with common punctuation (no ICU strings) says what its
// ICU path says: the same text with a zero-width space in front (which only the ICU path
// takes, and drops) must come out the same.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {

constexpr const char* kZeroWidthSpace = "\xE2\x80\x8B";

// Random text with many of the characters the clean-up rewrites: dashes, backticks,
// tabs, controls, spaces, curly quotes, guillemets, an em dash, an ellipsis, Latin-1
// letters; and a combining mark, an acute accent and an en dash, which take the ICU path.
std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      " ", " ", "-", "-", "`", "\t", "\x01", "\x1f", "\x7f", "\r", "\n", "\v", ".", ",", ";",
      ":", "!", "?", "'", "\"", "(", ")", "_", "*", "a", "Z", "k", "1", "9", "Mr.",
      "\u2018", "\u2019", "\u201C", "\u201D", "\u2014", "\u2026", "\u00AB", "\u00BB",
      "\u00FC", "\u00DF", "\u00C9", "\u00D7", "\u00B4", "\u0308", "\u2013"};
  std::uniform_int_distribution<size_t> length(0, 24), pick(0, kPieces.size() - 1);
  std::string s;
  for (size_t n = length(rng); n > 0; --n) s += kPieces[pick(rng)];
  return s;
}

TEST(SanitizePlainTest, PlainPathMatchesIcuPath) {
  auto n = Normalizer::Create();
  ASSERT_TRUE(n.ok());
  std::mt19937 rng(20240605);
  for (int k = 0; k < 3000; ++k) {
    std::string s = RandomText(rng);
    ASSERT_EQ(n->Normalize(s), n->Normalize(kZeroWidthSpace + s)) << "input: [" << s << "]";
  }
}

TEST(SanitizePlainTest, DashesBackticksAndControls) {
  auto n = Normalizer::Create();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->Normalize("it`s so--and so -- and - so"), "it's so, and so, and, so");
  EXPECT_EQ(n->Normalize("tab\there\x01 now"), "tab here now");
  // The ellipsis keeps its space before the closing quote, as the ICU path has it.
  EXPECT_EQ(n->Normalize("\u201CWell\u2014I\u2019m off\u2026\u201D"),
            "\"Well, I'm off... \"");
  EXPECT_EQ(n->Normalize("\u00BBGr\u00FC\u00DF dich\u00AB"), "\"Gr\u00FC\u00DF dich\"");
}

}  // namespace
}  // namespace narrate::text
