// The `narrate` program as a new user meets it: builds: progress, interrupts, credits.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/program.h"

namespace narrate::testing {
namespace {

namespace fs = std::filesystem;

// Four chapters; chapter 3 the longest, each with `paragraphs` paragraphs of
// about 110 bytes (so --part-bytes 300 renders a chapter of 3 or more in parts).
std::string FourChapters(int paragraphs) {
  const char* names[] = {"Harbour", "Bridge", "Mill", "Tower"};
  std::string text = "---\ntitle: Four Places\nauthor: Ann Vask\n---\n\n";
  for (int c = 0; c < 4; ++c) {
    text += "# Chapter " + std::to_string(c + 1) + ". The " + names[c] + "\n\n";
    for (int p = 0; p < paragraphs + (c == 2 ? 2 : 0); ++p) {
      text += "Paragraph " + std::to_string(p + 1) + " of the " + names[c] +
              " tells how the lamps were lit along the quay, one by one, in the fog.\n\n";
    }
  }
  return text;
}

class Build : public Program {
 protected:
  void SetUp() override {
    Program::SetUp();
    WriteFile(Path("four.md"), FourChapters(1));
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // Names in a folder, sorted (the order a player lists them in).
  std::vector<std::string> Names(const std::string& folder) const {
    std::vector<std::string> names;
    if (!fs::exists(Path(folder))) return names;
    for (const auto& e : fs::directory_iterator(Path(folder)))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::vector<std::string> Mp3s(const std::string& folder) const {
    std::vector<std::string> names = Names(folder);
    std::erase_if(names, [](const std::string& n) { return !n.ends_with(".mp3"); });
    return names;
  }
  // The file names a playlist lists, in order.
  std::vector<std::string> Playlist(const std::string& path) const {
    std::vector<std::string> files;
    std::istringstream lines(ReadFile(Path(path)));
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty() && line[0] != '#') files.push_back(line);
    }
    return files;
  }
};

// ---- progress ------------------------------------------------------------------

TEST_F(Build, ProgressLinesCountTheSelectedChaptersOnly) {
  auto r = Narrate("build four.md --chapters 2-3 -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Building \"Four Places\": 2 chapter(s)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  [1/2] out/0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  [2/2] out/0"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("/4]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Wrote 2 chapter(s) (2 rendered, 0 up to date)"), std::string::npos)
      << r.out;
}

// On a terminal (script(1) gives the program one): the bar counts 2/2, not 2/4.
TEST_F(Build, ProgressBarOnATerminalCountsTheSelectedChapters) {
  if (RunCommand("command -v script").exit_code != 0) GTEST_SKIP() << "no script(1) for a tty";
  auto r = RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) + " script -qec " +
                      Quote(Quote(NARRATE_BINARY) + " build four.md --chapters 1,4 -o out") +
                      " /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("] 1/2 chapters"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[####################] 2/2 chapters"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("/4 chapters"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ETA"), r.out.rfind("ETA")) << "at most one estimate, while 1 of 2 is left";
}

TEST_F(Build, SingleFileProgressNamesEachChapterByTitle) {
  auto r = Narrate("build four.md --single-file -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line : {"  [1/4] Chapter 1: The Harbour (", "  [2/4] Chapter 2: The Bridge (",
                           "  [3/4] Chapter 3: The Mill (", "  [4/4] Chapter 4: The Tower ("}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << line << " in\n" << r.out;
  }
  EXPECT_EQ(r.out.find("] out/Four Places.mp3"), std::string::npos) << r.out;
  EXPECT_EQ(Mp3s("out"), (std::vector<std::string>{"Four Places.mp3"}));
}

// ---- --chapters ranges ---------------------------------------------------------

TEST_F(Build, ChaptersTakeOpenRangesMixedWithLists) {
  struct Case {
    const char* args;
    std::vector<std::string> files;
  };
  const std::vector<Case> cases = {
      {"--chapters 3-", {"03 - Chapter 3 - The Mill.mp3", "04 - Chapter 4 - The Tower.mp3"}},
      {"--chapters -2", {"01 - Chapter 1 - The Harbour.mp3", "02 - Chapter 2 - The Bridge.mp3"}},
      {"--chapters=-1", {"01 - Chapter 1 - The Harbour.mp3"}},
      {"--chapters 1,4-", {"01 - Chapter 1 - The Harbour.mp3", "04 - Chapter 4 - The Tower.mp3"}},
      {"--chapters -1,4-", {"01 - Chapter 1 - The Harbour.mp3", "04 - Chapter 4 - The Tower.mp3"}},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string out = "out" + std::to_string(n++);
    auto r = Narrate("build four.md -q -o " + out + " " + c.args);
    ASSERT_EQ(r.exit_code, 0) << c.args << ": " << r.err;
    EXPECT_EQ(Mp3s(out), c.files) << c.args;
  }
}

TEST_F(Build, ChaptersPastTheBookAreRefusedNamingItsRange) {
  for (const char* spec : {"5-", "--chapters=-5", "2,5-", "3-9"}) {
    const std::string arg =
        std::string(spec).starts_with("--") ? spec : "--chapters " + std::string(spec);
    auto r = Narrate("build four.md -o out " + arg);
    EXPECT_EQ(r.exit_code, 2) << spec;
    const std::string past = std::string(spec) == "3-9" ? "9" : "5";
    EXPECT_EQ(r.err, "narrate: --chapters " + past +
                         " is not in 1..4 (see 'narrate chapters')"
                         "\nRun 'narrate build --help' for usage.\n")
        << spec;
    EXPECT_FALSE(fs::exists(Path("out"))) << spec;
  }
  auto bad = Narrate("build four.md -o out --chapters=-");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "narrate: --chapters \"-\": expected numbers from 1 like 3-7,12\n"
            "Run 'narrate build --help' for usage.\n");
  auto single = Narrate("build four.md -o out --single-file --chapters=-2");
  EXPECT_EQ(single.exit_code, 2);
  EXPECT_NE(single.err.find("narrate: --chapters cannot be combined with --single-file\n"),
            std::string::npos)
      << single.err;
}

// ---- interrupts ----------------------------------------------------------------

// Ctrl-C (SIGINT from the build's own hook, pipeline/build.cc) before any
// chapter finished: the rendered part and the manifest stay, and the next
// run continues from them.
TEST_F(Build, InterruptBeforeAnyChapterFinishedKeepsTheRenderedParts) {
  WriteFile(Path("four.md"), FourChapters(6));  // every chapter in 3 parts
  const std::string args = " build four.md -o out --part-bytes 300 --jobs 1";
  auto r = RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) +
                      " NARRATE_TEST_INTERRUPT_AT=after-part " + Quote(NARRATE_BINARY) + args);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("\nnarrate: interrupted; kept 1 rendered part(s) in out/.narrate-cache; "
                       "run again to continue\n"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(Mp3s("out").empty());
  const std::vector<std::string> first = Names("out/.narrate-cache");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].ends_with(".mp3")) << first[0];
  EXPECT_GT(Mp3DecodedSamples(Path("out/.narrate-cache/" + first[0])), 22050);
  auto manifest = nlohmann::json::parse(ReadFile(Path("out/.narrate-manifest.json")));
  EXPECT_EQ(manifest.dump().find(first[0]) != std::string::npos, true) << manifest.dump();
  EXPECT_FALSE(fs::exists(Path("out/Four Places.m3u8"))) << "no chapter finished: no playlist";
  const auto stamp = fs::last_write_time(Path("out/.narrate-cache/" + first[0]));

  // Interrupted again: the kept part is not rendered again, another one is.
  auto again = RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) +
                          " NARRATE_TEST_INTERRUPT_AT=after-part " + Quote(NARRATE_BINARY) + args);
  EXPECT_EQ(again.exit_code, 130) << again.err;
  EXPECT_NE(again.err.find("kept 2 rendered part(s) in out/.narrate-cache"), std::string::npos)
      << again.err;
  std::vector<std::string> second = Names("out/.narrate-cache");
  ASSERT_EQ(second.size(), 2u);
  EXPECT_TRUE(std::find(second.begin(), second.end(), first[0]) != second.end());
  EXPECT_EQ(fs::last_write_time(Path("out/.narrate-cache/" + first[0])), stamp);

  auto done = Narrate(args);
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_EQ(Mp3s("out").size(), 4u);
  EXPECT_FALSE(fs::exists(Path("out/.narrate-cache"))) << "parts go once joined";
}

// Interrupted after the first finished chapter: the playlist lists exactly
// it. Longest first (the default) finishes chapter 3 first; --order book
// finishes chapter 1 first. The finished build's playlist lists them all.
TEST_F(Build, InterruptWritesThePlaylistOfTheFinishedChapters) {
  struct Case {
    const char* order;
    const char* finished;
  };
  for (const Case& c : {Case{"", "03 - Chapter 3 - The Mill.mp3"},
                        Case{" --order longest", "03 - Chapter 3 - The Mill.mp3"},
                        Case{" --order book", "01 - Chapter 1 - The Harbour.mp3"}}) {
    fs::remove_all(Path("out"));
    const std::string args = " build four.md -o out --jobs 1" + std::string(c.order);
    auto r = RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) +
                        " NARRATE_TEST_INTERRUPT_AT=after-chapter " + Quote(NARRATE_BINARY) + args);
    EXPECT_EQ(r.exit_code, 130) << c.order << ": " << r.err;
    EXPECT_NE(r.err.find("\nnarrate: interrupted; kept 1 finished chapter(s), listed in "
                         "out/Four Places.m3u8; run again to continue\n"),
              std::string::npos)
        << c.order << ": " << r.err;
    EXPECT_EQ(Mp3s("out"), std::vector<std::string>{c.finished}) << c.order;
    EXPECT_EQ(Playlist("out/Four Places.m3u8"), std::vector<std::string>{c.finished}) << c.order;
    EXPECT_NE(ReadFile(Path("out/Four Places.m3u8")).find("Ann Vask - Chapter "),
              std::string::npos);

    auto done = Narrate(args);
    ASSERT_EQ(done.exit_code, 0) << done.err;
    EXPECT_NE(done.out.find("(3 rendered, 1 up to date)"), std::string::npos) << done.out;
    EXPECT_EQ(Playlist("out/Four Places.m3u8"), Mp3s("out"));
    EXPECT_EQ(Mp3s("out").size(), 4u);
  }
  // A rebuild interrupted after its first chapter: the earlier build's files
  // still on disk stay listed (a player keeps the whole book).
  auto forced = RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) +
                           " NARRATE_TEST_INTERRUPT_AT=after-chapter " + Quote(NARRATE_BINARY) +
                           " build four.md -o out --jobs 1 --force");
  EXPECT_EQ(forced.exit_code, 130) << forced.err;
  EXPECT_NE(forced.err.find("kept 4 finished chapter(s), listed in out/Four Places.m3u8"),
            std::string::npos)
      << forced.err;
  EXPECT_EQ(Playlist("out/Four Places.m3u8"), Mp3s("out"));
}

// Another book forced into the folder and interrupted: its playlist lists
// only its own finished chapter, never the other book's files that share its
// chapters' names.
TEST_F(Build, InterruptedForcedBuildOfAnotherBookListsOnlyItsOwnChapters) {
  WriteFile(Path("four.md"), FourChapters(1));
  std::string other = FourChapters(1);
  other.replace(other.find("Four Places"), 11, "Four Roads");
  other.replace(other.find("Paragraph 1 of the Harbour"), 9, "Line");  // other chapter 1 text
  WriteFile(Path("roads.md"), other);
  ASSERT_EQ(Narrate("build four.md -o out --jobs 1").exit_code, 0);
  auto r = RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) +
                      " NARRATE_TEST_INTERRUPT_AT=after-chapter " + Quote(NARRATE_BINARY) +
                      " build roads.md -o out --jobs 1 --order book --force");
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("kept 1 finished chapter(s), listed in out/Four Roads.m3u8"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Playlist("out/Four Roads.m3u8"),
            std::vector<std::string>{"01 - Chapter 1 - The Harbour.mp3"});
}

// --order book renders in book order: lines come 1, 2, 3, 4 (one worker).
TEST_F(Build, OrderBookRendersInBookOrderAndHelpListsBoth) {
  auto r = Narrate("build four.md -o out --jobs 1 --order book");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> order;
  std::regex line(R"(\[\d/4\] out/(\d\d) - )");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), line), end; it != end; ++it)
    order.push_back((*it)[1]);
  EXPECT_EQ(order, (std::vector<std::string>{"01", "02", "03", "04"})) << r.out;
  auto longest = Narrate("build four.md -o longest --jobs 1");
  ASSERT_EQ(longest.exit_code, 0) << longest.err;
  EXPECT_NE(longest.out.find("  [1/4] longest/03 - "), std::string::npos) << longest.out;

  auto help = Narrate("build --help");
  ASSERT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--order"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("longest = longest chapters first"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("book = book order"), std::string::npos) << help.out;
  auto bad = Narrate("build four.md -o out --order random");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("narrate: --order"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("Run 'narrate build --help' for usage."), std::string::npos) << bad.err;
}

// ---- credits ---------------------------------------------------------------------

// Opening credits track 0, chapters 1..N as `chapters` numbers them, closing
// credits N+1; every file says of N+1; names sort in play order.
TEST_F(Build, CreditsCarryTrackNumbersAroundTheChapters) {
  auto shown = Narrate("build four.md -o shown --credits --chapters 2");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("  [1/1] shown/02 - Chapter 2 - The Bridge.mp3 ("), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("  [credits] shown/00 - Opening Credits.mp3 ("), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("  [credits] shown/05 - Closing Credits.mp3 ("), std::string::npos)
      << shown.out;
  auto r = Narrate("build four.md -q -o out --credits");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> expected = {
      "00 - Opening Credits.mp3",        "01 - Chapter 1 - The Harbour.mp3",
      "02 - Chapter 2 - The Bridge.mp3", "03 - Chapter 3 - The Mill.mp3",
      "04 - Chapter 4 - The Tower.mp3",  "05 - Closing Credits.mp3"};
  ASSERT_EQ(Mp3s("out"), expected);
  EXPECT_EQ(Playlist("out/Four Places.m3u8"), expected) << "names sort in play order";
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto tags = Ffprobe(Path("out/" + expected[i]));
    EXPECT_EQ(tags["track"], std::to_string(i) + "/5") << expected[i];
  }
  EXPECT_EQ(Ffprobe(Path("out/00 - Opening Credits.mp3"))["title"], "Opening Credits");
  auto listed = Narrate("chapters four.md");
  EXPECT_NE(listed.out.find("  4  Chapter 4: The Tower"), std::string::npos) << listed.out;
}

}  // namespace
}  // namespace narrate::testing
