// The shared cache of rendered parts (--cache), in-process through the
// fakes: what a build or a render takes from it, what it renders again, and
// how tasks are shared out.
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <set>

#include "pipeline/pipeline.h"
#include "source/book.h"
#include "tests/support/fake_build_test.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;

const char kBook[] =
    "Chapter 1. The Road\n\nMira walked the long road to Tessary. It was cold.\n\n"
    "She counted 12 milestones before noon, and the wind rose.\n\n"
    "At noon she ate bread by the river and watched the boats.\n\n"
    "Chapter 2. The Gate\n\nThe gate of Tessary was shut. A guard named Olt slept.\n";

class SharedCache : public testing::FakeBuildTest {
 protected:
  void SetUp() override {
    FakeBuildTest::SetUp();
    Write(book_, kBook);
    options_.part_bytes = 100;  // chapter 1 in parts, chapter 2 whole
    options_.cache_dir = Path("cache");
  }
  std::vector<pipeline::RenderTask> Tasks() {
    auto book = source::ReadBook(Path(book_));
    auto preparer = pipeline::TextPreparer::Create(options_.speech, Path(book_), {});
    return pipeline::PlanTasks(*book, options_, *preparer);
  }
  Result<pipeline::TasksReport> Render(const std::vector<std::string>& ids) {
    env_.engines.Reset();
    auto book = source::ReadBook(Path(book_));
    auto preparer = pipeline::TextPreparer::Create(options_.speech, Path(book_), {});
    return pipeline::RenderTasks(*book, options_, *preparer, ids, {}, env_.env());
  }
  std::string Entry(const pipeline::RenderTask& task) const {
    return Path("cache/" + task.id.substr(0, 2) + "/" + task.id);
  }
  static std::vector<std::string> Ids(const std::vector<pipeline::RenderTask>& tasks) {
    std::vector<std::string> ids;
    for (const auto& t : tasks) ids.push_back(t.id);
    return ids;
  }
};

TEST_F(SharedCache, TasksAreTheBuildsPartsWithTheFileExtensionForWholeFiles) {
  const auto tasks = Tasks();
  ASSERT_GE(tasks.size(), 3u);
  EXPECT_EQ(tasks.back().file_name, "02 - Chapter 2 - The Gate.mp3");
  EXPECT_EQ(tasks.back().parts, 1u);
  EXPECT_EQ(tasks.front().part, 1u);
  EXPECT_GT(tasks.front().parts, 1u);
  for (const auto& t : tasks) {
    EXPECT_TRUE(t.id.ends_with(".mp3")) << t.id;
    EXPECT_GT(t.cost_s, 0.05);
    EXPECT_DOUBLE_EQ(t.cost_s, pipeline::EstimatedCostS(t.text_bytes, options_));
  }
}

TEST_F(SharedCache, RenderWritesEachEntryOnceAndABuildTakesThemAll) {
  const auto tasks = Tasks();
  auto first = Render(Ids(tasks));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->rendered.size(), tasks.size());
  EXPECT_EQ(env_.engines.opened(), static_cast<int>(tasks.size()));
  for (const auto& t : tasks) EXPECT_TRUE(fs::exists(Entry(t) + ".done")) << t.id;
  auto again = Render(Ids(tasks));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->cached.size(), tasks.size());
  EXPECT_EQ(env_.engines.opened(), 0);
  BuildRendering(0);  // assembled from the cache alone
  EXPECT_TRUE(fs::exists(Path("out/01 - Chapter 1 - The Road.mp3")));
  EXPECT_TRUE(fs::exists(Path("out/02 - Chapter 2 - The Gate.mp3")));
}

TEST_F(SharedCache, AnEntryWithoutItsRecordOrCutShortIsRenderedAgain) {
  const auto tasks = Tasks();
  ASSERT_TRUE(Render(Ids(tasks)).ok());
  fs::remove(Entry(tasks[0]) + ".done");                                 // killed before it
  fs::resize_file(Entry(tasks[1]), fs::file_size(Entry(tasks[1])) / 2);  // torn by a crash
  auto again = Render(Ids(tasks));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(std::set<std::string>(again->rendered.begin(), again->rendered.end()),
            (std::set<std::string>{tasks[0].id, tasks[1].id}));
}

TEST_F(SharedCache, ABuildFromACacheIsTheSameAsOneWithout) {
  options_.cache_dir.clear();
  options_.output_dir = Path("plain");
  BuildRendering(static_cast<int>(Tasks().size()));
  options_.cache_dir = Path("cache");
  options_.output_dir = Path("out");
  BuildRendering(static_cast<int>(Tasks().size()));
  for (const char* name : {"01 - Chapter 1 - The Road.mp3", "02 - Chapter 2 - The Gate.mp3"})
    EXPECT_TRUE(Read("plain/" + std::string(name)) == Read("out/" + std::string(name))) << name;
  EXPECT_FALSE(fs::exists(Path("out/.narrate-cache")));
}

TEST_F(SharedCache, UnknownIdsAreIgnoredAndNoCacheIsAUsageError) {
  auto none = Render({"0000000000000000.mp3"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->rendered.empty());
  options_.cache_dir.clear();
  EXPECT_EQ(Render({}).status().code(), StatusCode::kUsage);
}

TEST(AssignShards, LongestFirstToTheLeastLoadedDeterministically) {
  EXPECT_EQ(pipeline::AssignShards({5, 4, 3, 3, 2, 1}, 2), (std::vector<int>{0, 1, 1, 0, 1, 0}));
  EXPECT_EQ(pipeline::AssignShards({1, 1, 1}, 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(pipeline::AssignShards({7}, 4), (std::vector<int>{0}));
  EXPECT_TRUE(pipeline::AssignShards({}, 4).empty());
  std::vector<double> costs;
  for (int i = 0; i < 400; ++i) costs.push_back(0.05 + (i * 7919 % 101) / 10.0);
  const auto shards = pipeline::AssignShards(costs, 4);
  std::vector<double> load(4, 0);
  for (std::size_t t = 0; t < costs.size(); ++t) load[shards[t]] += costs[t];
  const double mean = std::accumulate(load.begin(), load.end(), 0.0) / 4;
  for (double l : load) EXPECT_LE(l, mean * 1.01);
}

}  // namespace
}  // namespace narrate
