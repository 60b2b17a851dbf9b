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
  EXPECT_EQ(names, (std::vector<std::string>{"build", "chapters", "preview", "say", "normalize", "phonemes", "lexicon", "voices", "check-acx"}));
}

}  // namespace
}  // namespace narrate::cli

#include "cli/progress.h"

namespace narrate::cli {
namespace {

TEST(Clock, MinutesAndHours) {
  EXPECT_EQ(Clock(0), "0:00");
  EXPECT_EQ(Clock(65.4), "1:05");
  EXPECT_EQ(Clock(3723), "1:02:03");
}

TEST(Progress, BarCountsChaptersAudioAndWork) {
  source::Book book;
  book.chapters.resize(2);
  book.chapters[0].paragraphs = {{"one two three", 1, false}};
  book.chapters[1].paragraphs = {{"four five six", 3, false}};
  Progress progress(book, Progress::Mode::kQuiet, stdout);
  EXPECT_EQ(progress.BarLine().substr(0, 36), "[--------------------] 0/2 chapters ");
  progress.OnChapter(pipeline::ChapterResult{1, "A", "a.mp3", 0, 22050 * 1800, 22050, true});
  std::string line = progress.BarLine();
  EXPECT_EQ(line.substr(0, 36), "[##########----------] 1/2 chapters ");
  EXPECT_NE(line.find(" 0.5 h audio"), std::string::npos) << line;
  EXPECT_EQ(line.find("ETA"), std::string::npos) << "no rendered chapter yet, no estimate";
}

}  // namespace
}  // namespace narrate::cli
