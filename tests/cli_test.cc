#include <gtest/gtest.h>

#include "cli/commands.h"
#include "cli/suggest.h"

namespace narrate::cli {
namespace {

TEST(EditDistance, CountsEditsAndSwaps) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("rate", "rate"), 0);
  EXPECT_EQ(EditDistance("rat", "rate"), 1);
  EXPECT_EQ(EditDistance("biuld", "build"), 1);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("abc", ""), 3);
}

TEST(ClosestMatch, SuggestsOnlyNearWords) {
  std::vector<std::string> options{"--rate", "--pitch", "--voice", "--bitrate"};
  EXPECT_EQ(ClosestMatch("--rat", options), "--rate");
  EXPECT_EQ(ClosestMatch("--vioce", options), "--voice");
  EXPECT_EQ(ClosestMatch("--bitrat", options), "--bitrate");
  EXPECT_EQ(ClosestMatch("--zzzzzz", options), "");
  EXPECT_EQ(ClosestMatch("x", {"build", "say"}), "");
}

TEST(Commands, TableHasOneLineHelpForEachCommand) {
  std::vector<std::string> names;
  for (const Command& c : Commands()) {
    names.push_back(c.name);
    EXPECT_FALSE(c.help.empty());
    EXPECT_EQ(c.help.find('\n'), std::string::npos);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"build", "chapters", "preview", "say", "normalize", "phonemes", "lexicon", "voices"}));
}

}  // namespace
}  // namespace narrate::cli
