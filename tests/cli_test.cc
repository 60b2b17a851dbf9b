#include <gtest/gtest.h>

#include "cli/commands.h"
#include "common/suggest.h"

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
  EXPECT_EQ(names,
            (std::vector<std::string>{"build", "plan", "render", "chapters", "preview", "cast",
                                      "say", "normalize", "phonemes", "lexicon", "voices",
                                      "check-acx", "studio"}));
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
  Progress progress(book, pipeline::BuildOptions{}, Progress::Mode::kQuiet, stdout);
  EXPECT_EQ(progress.BarLine().substr(0, 36), "[--------------------] 0/2 chapters ");
  progress.OnChapter(pipeline::ChapterResult{1, "A", "a.mp3", 0, 22050 * 1800, 22050, true});
  std::string line = progress.BarLine();
  EXPECT_EQ(line.substr(0, 36), "[##########----------] 1/2 chapters ");
  EXPECT_NE(line.find(" 0.5 h audio"), std::string::npos) << line;
  EXPECT_EQ(line.find("ETA"), std::string::npos) << "no rendered chapter yet, no estimate";
}

}  // namespace
}  // namespace narrate::cli

// The `narrate` program itself: what `chapters --json` and `normalize -f` print.
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/program.h"

namespace narrate::cli {
namespace {

namespace fs = std::filesystem;
using testing::Quote;

using testing::Program;
const std::string& kSample = testing::kSampleBook;

std::vector<std::string> Headings(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("# ")) out.push_back(line);
  }
  return out;
}

TEST_F(Program, ChaptersJsonOfTheSampleBookIsOneObject) {
  auto r = Narrate("chapters --json " + Quote(kSample));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  auto doc = nlohmann::json::parse(r.out);  // throws (fails) on anything but one JSON value
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["title"], "The Lamplighter of Vask");
  EXPECT_EQ(doc["author"], "The narrate project");
  EXPECT_EQ(doc["language"], "");
  ASSERT_EQ(doc["chapters"].size(), 3u);
  EXPECT_EQ(doc["chapters"][1]["number"], 2);
  EXPECT_EQ(doc["chapters"][1]["title"], "Chapter 2: The Letter from Quillmouth");
  EXPECT_EQ(doc["chapters"][1]["paragraphs"], 3);
  EXPECT_EQ(doc["chapters"][1]["words"], 136);
}

TEST_F(Program, ChaptersJsonHonoursTheBookOptions) {
  auto r = Narrate("chapters road.md --json --title 'Long Road'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["title"], "Long Road");
  EXPECT_EQ(doc["author"], "Ann Vask");
  ASSERT_EQ(doc["chapters"].size(), 2u);
  EXPECT_EQ(doc["chapters"][0]["title"], "Chapter 1: Dawn");
  EXPECT_EQ(doc["chapters"][0]["paragraphs"], 2);
  EXPECT_EQ(doc["chapters"][0]["words"], 7);
  EXPECT_TRUE(doc["chapters"][0]["words"].is_number_integer());
  // Without --json the listing is as it was.
  r = Narrate("chapters road.md");
  EXPECT_EQ(r.out,
            "The Road by Ann Vask\n"
            "  1  Chapter 1: Dawn  (2 paragraphs, 7 words)\n"
            "  2  Chapter 2: Dusk  (1 paragraphs, 4 words)\n");
}

TEST_F(Program, NormalizeFileSpeaksTheWholeBookChapterByChapter) {
  auto r = Narrate("normalize -f " + Quote(kSample));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Headings(r.out), (std::vector<std::string>{"# 1. Chapter 1: The Harbour Lamps",
                                                       "# 2. Chapter 2: The Letter from Quillmouth",
                                                       "# 3. Chapter 3: The Night of the Fog"}));
  EXPECT_NE(r.out.find("in eighteen forty seven"), std::string::npos);
  EXPECT_EQ(r.out.find("1847"), std::string::npos);
  r = Narrate("normalize -f road.md");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "# 1. Chapter 1: Dawn\n\nChapter one. Dawn.\n\nMira walked twelve miles.\n\n"
            "It was cold.\n\n# 2. Chapter 2: Dusk\n\nChapter two. Dusk.\n\nShe slept at nine.\n");
  // Text arguments and standard input work as before.
  EXPECT_EQ(Narrate("normalize In 1987").out, "In nineteen eighty seven\n");
  testing::WriteFile(dir_ + "/cases.txt", "Dr. Smith\n$5.50\n");
  auto piped =
      testing::RunCommand("(" + Quote(NARRATE_BINARY) + " normalize < " +
                          Quote(dir_ + "/cases.txt") + ")");  // RunCommand's own stdin is empty
  EXPECT_EQ(piped.out, "Doctor Smith\nfive dollars and fifty cents\n");
}

TEST_F(Program, BadInputExitsOneWithOneLineAndPrintsNothing) {
  for (const char* args : {"chapters --json none.md", "normalize -f none.md"}) {
    auto r = Narrate(args);
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err, "narrate: none.md: no such file\n") << args;
  }
  auto both = Narrate("normalize -f road.md some text");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(both.out, "");
  EXPECT_EQ(both.err,
            "narrate: give either TEXT or -f BOOK\nRun 'narrate normalize --help' for usage.\n");
}

}  // namespace
}  // namespace narrate::cli
