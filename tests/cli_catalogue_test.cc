// Catalogues as a user with a cluster runs them: several books in one build,
// `plan`, `render --shard K/N` by separate processes that share only a cache
// folder, and the assembly, byte-identical to a build on one machine.
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/program.h"

namespace narrate::testing {
namespace {

namespace fs = std::filesystem;

// A book of `chapters` chapters of `paragraphs` paragraphs each (about 90
// bytes a paragraph: --part-bytes 300 renders a chapter of 4 in parts).
std::string Book(const std::string& title, int chapters, int paragraphs) {
  std::string text = "---\ntitle: " + title + "\nauthor: Ann Vask\n---\n\n";
  for (int c = 1; c <= chapters; ++c) {
    text += "# Chapter " + std::to_string(c) + "\n\n";
    for (int p = 1; p <= paragraphs; ++p) {
      text += title + " goes on: paragraph " + std::to_string(p) + " of chapter " +
              std::to_string(c) + ", where the lamps were lit in the fog.\n\n";
    }
  }
  return text;
}

// Every file under root (hidden ones too, the lock aside) → its bytes.
std::map<std::string, std::string> Tree(const std::string& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().filename() == ".narrate-lock") continue;
    files[fs::relative(e.path(), root).string()] = ReadFile(e.path().string());
  }
  return files;
}

std::size_t CountMatches(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<std::size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

constexpr char kOptions[] = " --part-bytes 300 --subtitles vtt --jobs 2";

class Catalogue : public Program {
 protected:
  void SetUp() override {
    Program::SetUp();
    const int shapes[5][2] = {{3, 4}, {1, 6}, {2, 2}, {4, 1}, {2, 5}};
    const char* titles[] = {"Harbour", "Bridge", "Mill", "Tower", "Quay"};
    fs::create_directories(Path("shelf"));
    std::string csv = "book,title,narrator\n";
    for (int b = 0; b < 5; ++b) {
      const std::string name = std::string(titles[b]) + ".md";
      WriteFile(Path("shelf/" + name), Book(titles[b], shapes[b][0], shapes[b][1]));
      csv += name + "," + (b == 2 ? "The Old Mill" : "") + "," + (b == 0 ? "Kim Lee" : "") + "\n";
    }
    WriteFile(Path("shelf/catalogue.csv"), csv);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // The ids of `plan --json --shard K/N`'s tasks, per shard (1-based).
  std::map<int, std::vector<std::string>> Shards(int count) const {
    auto r =
        Narrate("plan shelf/catalogue.csv --json --shard 1/" + std::to_string(count) + kOptions);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<int, std::vector<std::string>> shards;
    const auto json = nlohmann::json::parse(r.out);
    for (const auto& task : json["tasks"])
      shards[task["shard"].get<int>()].push_back(task["id"].get<std::string>());
    return shards;
  }
  // `narrate render` of shard k of 4 run in a working folder of its own.
  CommandResult RenderShard(int k, const std::string& env = "") const {
    fs::create_directories(Path("w" + std::to_string(k)));
    return RunCommand("cd " + Quote(Path("w" + std::to_string(k))) + " && " + env +
                      " XDG_CONFIG_HOME=" + Quote(dir_) + " " + Quote(NARRATE_BINARY) +
                      " render ../shelf/catalogue.csv --cache ../cache --shard " +
                      std::to_string(k) + "/4" + kOptions);
  }
  // The cache's file names, one a line.
  std::string ListCache() const {
    std::string names;
    for (const auto& e : fs::recursive_directory_iterator(Path("cache")))
      names += e.path().filename().string() + "\n";
    return names;
  }
  std::size_t CacheFiles() const {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(Path("cache"))) n += e.is_regular_file();
    return n;
  }
};

TEST_F(Catalogue, FourShardsThenAssemblyAreByteIdenticalToOneMachine) {
  auto single = Narrate("build shelf/catalogue.csv -o single" + std::string(kOptions));
  ASSERT_EQ(single.exit_code, 0) << single.err;
  EXPECT_NE(single.out.find("Built 5 of 5 books\n"), std::string::npos) << single.out;
  const auto shards = Shards(4);
  std::size_t planned = 0;
  for (int k = 1; k <= 4; ++k) {
    auto r = RenderShard(k);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::size_t mine = shards.count(k) ? shards.at(k).size() : 0;
    EXPECT_NE(r.out.find("Rendered " + std::to_string(mine) + " task(s), 0 already in the cache"),
              std::string::npos)
        << r.out;
    planned += mine;
    EXPECT_TRUE(fs::is_empty(Path("w" + std::to_string(k)))) << "a shard writes only the cache";
  }
  EXPECT_GT(planned, 15u);  // parts of long chapters and whole short ones
  const std::size_t cached = CacheFiles();
  auto assembled =
      Narrate("build shelf/catalogue.csv --cache cache -o assembled" + std::string(kOptions));
  ASSERT_EQ(assembled.exit_code, 0) << assembled.err;
  EXPECT_EQ(CacheFiles(), cached) << "the assembly rendered nothing";
  const auto want = Tree(Path("single"));
  const auto got = Tree(Path("assembled"));
  ASSERT_EQ(want.size(), got.size());
  for (const auto& [name, bytes] : want) {
    ASSERT_TRUE(got.contains(name)) << name;
    EXPECT_TRUE(got.at(name) == bytes) << name << " differs";
  }
  EXPECT_TRUE(want.contains("The Old Mill/The Old Mill.m3u8"));
  EXPECT_TRUE(want.contains("Harbour/03 - Chapter 3.vtt"));
}

TEST_F(Catalogue, AShardKilledHalfwayLosesNothingAndRendersOnlyWhatIsMissing) {
  const auto shards = Shards(4);
  ASSERT_GE(shards.at(2).size(), 3u);
  auto killed = RenderShard(2, "NARRATE_TEST_KILL_AT=after-task");
  EXPECT_EQ(killed.exit_code, 128 + 9) << killed.err;  // SIGKILL after its first task
  // What finished before the kill (the first task, and with two workers maybe
  // the other's) is kept; the rest is rendered now.
  const std::size_t kept = CountMatches(ListCache(), R"(\.done\n)");
  ASSERT_GE(kept, 1u);
  ASSERT_LT(kept, shards.at(2).size());
  auto again = RenderShard(2);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("Rendered " + std::to_string(shards.at(2).size() - kept) + " task(s), " +
                           std::to_string(kept) + " already in the cache"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(CountMatches(again.out, R"(\(in the cache\))"), kept) << again.out;
  auto once_more = RenderShard(2);
  EXPECT_NE(once_more.out.find("Rendered 0 task(s), " + std::to_string(shards.at(2).size()) +
                               " already in the cache"),
            std::string::npos)
      << once_more.out;
}

// With SOURCE_DATE_EPOCH (reproducible builds) the read-along EPUB is the
// same bytes too: its entries carry that time, not the audio files'.
TEST_F(Catalogue, AReadAlongEpubFromTheCacheIsTheSameBytes) {
  auto narrate = [&](const std::string& args) {
    return RunCommand("cd " + Quote(dir_) + " && SOURCE_DATE_EPOCH=1700000000 XDG_CONFIG_HOME=" +
                      Quote(dir_) + " " + Quote(NARRATE_BINARY) + " " + args +
                      " shelf/Harbour.md --read-along-epub --part-bytes 300 -q");
  };
  auto single = narrate("build -o one");
  ASSERT_EQ(single.exit_code, 0) << single.err;
  auto rendered = narrate("render --cache cache --shard 1/1");
  ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
  auto assembled = narrate("build --cache cache -o two");
  ASSERT_EQ(assembled.exit_code, 0) << assembled.err;
  EXPECT_TRUE(ReadFile(Path("one/Harbour.epub")) == ReadFile(Path("two/Harbour.epub")));
  EXPECT_FALSE(ReadFile(Path("one/Harbour.epub")).empty());
}

// One-part files: a chapter file is copied out of the cache and tagged; the
// one part of a single-file book (MP3 or M4B) is still joined, as without.
TEST_F(Catalogue, OnePartBooksFromTheCacheAreTheSameBytes) {
  WriteFile(Path("one.md"), Book("Lone", 1, 2));
  for (const std::string format : {"", " --single-file", " --format m4b", " --acx"}) {
    fs::remove_all(Path("a"));
    fs::remove_all(Path("b"));
    auto plain = Narrate("build one.md -q -o a" + format);
    ASSERT_EQ(plain.exit_code, 0) << format << plain.err;
    auto cached = Narrate("build one.md -q -o b --cache cache" + format);
    ASSERT_EQ(cached.exit_code, 0) << format << cached.err;
    for (const auto& [name, bytes] : Tree(Path("a"))) {
      if (name.starts_with(".narrate")) continue;
      EXPECT_TRUE(ReadFile(Path("b/" + name)) == bytes) << format << ": " << name;
    }
  }
}

// What is copied out of the cache gets this build's permissions, not the
// cache's (another user's umask, a read-only volume).
TEST_F(Catalogue, FilesCopiedFromTheCacheHaveTheBuildsPermissions) {
  WriteFile(Path("one.md"), Book("Lone", 1, 1));
  auto rendered = RunCommand("cd " + Quote(dir_) + " && umask 077 && " + Quote(NARRATE_BINARY) +
                             " render one.md --cache cache --shard 1/1 -q");
  ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
  auto built = RunCommand("cd " + Quote(dir_) + " && umask 022 && " + Quote(NARRATE_BINARY) +
                          " build one.md --cache cache -o out -q");
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const auto perms = fs::status(Path("out/01 - Chapter 1.mp3")).permissions();
  EXPECT_EQ(perms & fs::perms::all, fs::perms(0644));
}

TEST_F(Catalogue, AnInterruptedRenderSaysWhatItFinished) {
  auto stopped = RunCommand("cd " + Quote(dir_) + " && NARRATE_TEST_INTERRUPT_AT=after-task " +
                            Quote(NARRATE_BINARY) + " render shelf/catalogue.csv --cache fresh " +
                            "--shard 1/1" + kOptions);
  EXPECT_EQ(stopped.exit_code, 130) << stopped.err;
  std::size_t done = 0;
  for (const auto& e : fs::recursive_directory_iterator(Path("fresh")))
    done += e.path().extension() == ".done";
  EXPECT_GE(done, 1u);
  EXPECT_NE(stopped.out.find("Rendered " + std::to_string(done) +
                             " task(s), 0 already in the "
                             "cache"),
            std::string::npos)
      << stopped.out;
}

// Plans and renders write no audiobook folder: books that would share one are
// still planned (build refuses the later one).
TEST_F(Catalogue, BooksSharingAFolderAreStillPlannedAndRendered) {
  WriteFile(Path("shelf/twins.csv"), "book\nHarbour.md\ntwin.md\n");
  WriteFile(Path("shelf/twin.md"), Book("Harbour", 1, 3));
  auto plan = Narrate("plan shelf/twins.csv --json");
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(nlohmann::json::parse(plan.out)["books"][1]["tasks"], 1);
  auto build = Narrate("build shelf/twins.csv -q");
  EXPECT_EQ(build.exit_code, 1);
  EXPECT_NE(build.err.find("shelf/twins.csv:3: shelf/twin.md: writes the same folder as "
                           "shelf/Harbour.md"),
            std::string::npos)
      << build.err;
  EXPECT_EQ(build.err.find("--help"), std::string::npos) << build.err;
}

TEST_F(Catalogue, PlanListsEveryTaskOnceInEveryShardOnceTheSameEachTime) {
  auto r = Narrate("plan shelf/catalogue.csv --json --shard 1/3" + std::string(kOptions));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  std::set<std::string> ids;
  std::map<int, double> cost_s;
  for (const auto& task : json["tasks"]) {
    EXPECT_TRUE(ids.insert(task["id"].get<std::string>()).second) << task["id"];
    EXPECT_EQ(task["cache_path"],
              task["id"].get<std::string>().substr(0, 2) + "/" + task["id"].get<std::string>());
    cost_s[task["shard"].get<int>()] += task["cost_s"].get<double>();
  }
  ASSERT_EQ(json["books"].size(), 5u);
  EXPECT_EQ(json["books"][2]["title"], "The Old Mill");
  EXPECT_EQ(json["books"][2]["output"], "audiobooks/The Old Mill");
  ASSERT_EQ(json["shards"].size(), 3u);
  for (const auto& shard : json["shards"])
    EXPECT_NEAR(shard["cost_s"].get<double>(), cost_s[shard["shard"].get<int>()], 1e-9);
  // The same plan from another folder, through a relative path.
  fs::create_directories(Path("elsewhere"));
  auto again = RunCommand("cd " + Quote(Path("elsewhere")) + " && " + Quote(NARRATE_BINARY) +
                          " plan ../shelf/catalogue.csv --json --shard 1/3" + kOptions);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto ids_and_shards = [](const nlohmann::json& tasks) {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& t : tasks) out.emplace_back(t["id"], t["shard"]);
    return out;
  };
  EXPECT_EQ(ids_and_shards(nlohmann::json::parse(again.out)["tasks"]),
            ids_and_shards(json["tasks"]));
}

TEST_F(Catalogue, RenderTakesTasksByIdAndRefusesUnknownOnes) {
  auto plan = Narrate("plan shelf/Bridge.md --json" + std::string(kOptions));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const std::string id = nlohmann::json::parse(plan.out)["tasks"][0]["id"];
  auto r = Narrate("render shelf/Bridge.md --cache cache --task " + id + kOptions);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(Path("cache/" + id.substr(0, 2) + "/" + id)));
  EXPECT_TRUE(fs::exists(Path("cache/" + id.substr(0, 2) + "/" + id + ".done")));
  auto unknown = Narrate("render shelf/Bridge.md --cache cache --task 0123456789abcdef.mp3");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--task 0123456789abcdef.mp3: no such task"), std::string::npos)
      << unknown.err;
}

TEST_F(Catalogue, BadShardsAndMissingCacheAreUsageErrors) {
  for (const char* bad : {"5/4", "0/4", "2", "a/b", "1/0", "-1/4"}) {
    auto r = Narrate(std::string("render shelf/catalogue.csv --cache c --shard ") + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("--shard " + std::string(bad)), std::string::npos) << r.err;
  }
  auto no_cache = Narrate("render shelf/catalogue.csv --shard 1/4");
  EXPECT_EQ(no_cache.exit_code, 2) << no_cache.err;
  auto both = Narrate("render shelf/catalogue.csv --cache c --shard 1/4 --task x");
  EXPECT_EQ(both.exit_code, 2) << both.err;
  EXPECT_FALSE(fs::exists(Path("c")));
}

TEST_F(Catalogue, AFailingBookIsReportedAndTheOthersStillBuild) {
  WriteFile(Path("shelf/bad.csv"), "book\nHarbour.md\nmissing.md\nTower.md\n");
  auto r = Narrate("build shelf/bad.csv -o out -q");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("missing.md"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(Path("out/Harbour/Harbour.m3u8")));
  EXPECT_TRUE(fs::exists(Path("out/Tower/Tower.m3u8")));
  auto loud = Narrate("build shelf/bad.csv -o out");
  EXPECT_NE(loud.out.find("Built 2 of 3 books; 1 failed (see above)"), std::string::npos)
      << loud.out;
}

TEST_F(Catalogue, TwoBooksWritingOneFolderTheLaterFails) {
  WriteFile(Path("twin.md"), Book("Harbour", 1, 1));
  auto r = Narrate("build shelf/Harbour.md twin.md -q");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("twin.md: writes the same folder as shelf/Harbour.md "
                       "(audiobooks/Harbour); give it an output folder"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::exists(Path("audiobooks/Harbour/Harbour.m3u8")));
}

TEST_F(Catalogue, AFolderOfBooksBuildsEachIntoItsOwnFolder) {
  fs::remove(Path("shelf/catalogue.csv"));
  auto r = Narrate("build shelf -o out --chapters 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* title : {"Bridge", "Harbour", "Mill", "Quay", "Tower"})
    EXPECT_TRUE(fs::exists(Path("out/" + std::string(title) + "/01 - Chapter 1.mp3"))) << title;
  EXPECT_NE(r.out.find("[book 5/5]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Building \"Bridge\" (book 1/5): 1 chapter(s)\n"), std::string::npos)
      << r.out;
  auto titled = Narrate("build shelf --title One");
  EXPECT_EQ(titled.exit_code, 2) << titled.err;
}

// The Must show of issue 19: a catalogue of novels shared out four ways, the
// largest share's estimate within 10% of the mean.
TEST_F(Catalogue, SharesOfNovelsAreBalancedByCost) {
  const fs::path books = fs::path(NARRATE_SOURCE_DIR) / ".." / "shared" / "books";
  if (!fs::exists(books / "pg2701.txt")) GTEST_SKIP() << "needs ../shared/books";
  std::string csv = "book,output\n";
  for (const char* name : {"pg2701.txt", "pg35.txt", "pg46.txt", "pg35.htm", "pg46.htm"})
    csv += (books / name).string() + "," + name + "\n";
  WriteFile(Path("novels.csv"), csv);
  for (int count : {2, 3, 4, 8}) {
    auto r = Narrate("plan novels.csv --json --shard 1/" + std::to_string(count));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto json = nlohmann::json::parse(r.out);
    double largest = 0;
    for (const auto& s : json["shards"]) largest = std::max(largest, s["cost_s"].get<double>());
    const double mean = json["total_cost_s"].get<double>() / count;
    EXPECT_LE(largest, mean * 1.10) << count << " shards";
    EXPECT_GT(json["tasks"].size(), 100u);
  }
}

}  // namespace
}  // namespace narrate::testing
