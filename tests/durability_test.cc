// Durability of the output folder, in-process through the fakes of
// tests/support/fakes.h: the manifest is validated on load (a damaged one
// means "rebuild", never a crash or a wrong "up to date"), finished files
// and cached parts are checked by size, stray temporaries are left alone,
// one build at a time holds the folder, a folder holding another book is
// refused, a full disk stops the build with finished chapters recorded, and
// Ctrl-C is seen while a book is being planned.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/folder_lock.h"
#include "common/interrupt.h"
#include "pipeline/manifest.h"
#include "pipeline/pipeline.h"
#include "pipeline/task_runner.h"
#include "source/book.h"
#include "tests/support/books.h"
#include "tests/support/fake_build_test.h"
#include "tests/support/fakes.h"
#include "tests/support/probe.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using pipeline::BuildOptions;
using pipeline::BuildReport;

const char kThreeChapters[] =
    "Chapter 1. The Road\n\nMira walked the long road to Tessary. It was cold.\n\n"
    "Chapter 2. The Gate\n\nThe gate of Tessary was shut. A guard named Olt slept beside it.\n\n"
    "Chapter 3. The Key\n\nMira had the key all along. She smiled and went in.\n";
const char kFirst[] = "01 - Chapter 1 - The Road.mp3";
const char kSecond[] = "02 - Chapter 2 - The Gate.mp3";

int UpToDate(const BuildReport& report) {
  int n = 0;
  for (const auto& c : report.chapters) n += c.up_to_date ? 1 : 0;
  return n;
}

// The real file system, except that atomic writes fail as a full disk does
// once more than `room` bytes have been written through it.
class FullDisk final : public FileSystem {
 public:
  explicit FullDisk(std::size_t room) : room_(room) {}
  bool Exists(const std::string& path) override { return real_.Exists(path); }
  bool IsDirectory(const std::string& path) override { return real_.IsDirectory(path); }
  Result<std::string> ReadFile(const std::string& path) override { return real_.ReadFile(path); }
  Status WriteFileAtomically(const std::string& path, const std::string& content) override {
    if (content.size() > room_) return Status::Io(path + ": No space left on device");
    room_ -= content.size();
    return real_.WriteFileAtomically(path, content);
  }
  Status MakeDirectories(const std::string& path) override { return real_.MakeDirectories(path); }
  Status Remove(const std::string& path) override { return real_.Remove(path); }
  Result<std::vector<std::string>> ListDirectory(const std::string& dir) override {
    return real_.ListDirectory(dir);
  }
  Status Rename(const std::string& from, const std::string& to) override {
    return real_.Rename(from, to);
  }

 private:
  FileSystem& real_ = RealFileSystem();
  std::size_t room_;
};

class Durability : public testing::FakeBuildTest {
 protected:
  void SetUp() override {
    FakeBuildTest::SetUp();
    Write("road.txt", kThreeChapters);
  }

  void WriteManifest(const std::string& chapters_json) const {
    Write("out/.narrate-manifest.json",
          R"({"narrate_manifest": 1, "chapters": )" + chapters_json + "}");
  }
  // The manifest as written by the last build, with `edit` applied to every entry.
  void EditManifest(const std::function<void(nlohmann::json&)>& edit) const {
    auto json = nlohmann::json::parse(Read("out/.narrate-manifest.json"));
    for (auto& c : json["chapters"]) edit(c);
    Write("out/.narrate-manifest.json", json.dump());
  }
};

// ---- the manifest on load ---------------------------------------------------------

TEST_F(Durability, ManifestWithWrongTypesOrRangesIsRebuiltNotThrown) {
  fs::create_directory(Path("out"));
  const std::string good = std::string(R"("file": ")") + kFirst + R"(", "hash": "x")";
  for (const std::string& fields :
       {good + R"(, "samples": "many", "rate_hz": 22050)",  // a string for a number
        good + R"(, "samples": 100, "rate_hz": 1e300)",     // a rate no int holds
        good + R"(, "samples": 100, "rate_hz": -22050)",    // out of range
        good + R"(, "samples": -1, "rate_hz": 22050)",
        good + R"(, "samples": 18446744073709551615, "rate_hz": 22050)",
        good + R"(, "samples": 100, "rate_hz": 22050, "chapter_starts": [50, 10])",
        good + R"(, "samples": 100, "rate_hz": 22050, "chapter_starts": [0, 500])",
        good + R"(, "samples": 100, "rate_hz": 22050, "chapter_starts": "0")",
        good + R"(, "samples": 100, "rate_hz": 22050, "bytes": "9")",
        std::string(R"("hash": "x", "samples": 100, "rate_hz": 22050)"),  // no "file"
        std::string(R"("file": 7, "hash": "x", "samples": 100, "rate_hz": 22050)"),
        std::string(R"("file": "..", "hash": "x", "samples": 100, "rate_hz": 22050)")}) {
    WriteManifest("[{" + fields + "}]");
    EXPECT_TRUE(Manifest().empty()) << fields;
  }
  for (const char* doc : {"[]", "{\"chapters\": 5}", "{\"chapters\": [5, null]}", "\"x\"",
                          "{\"chapters\": [{}]}", "{\"parts\": [1]}"}) {
    Write("out/.narrate-manifest.json", doc);
    pipeline::ManifestExtras extras;
    EXPECT_TRUE(pipeline::LoadManifest(Path("out"), RealFileSystem(), &extras).empty()) << doc;
  }
  WriteManifest(std::string("[{") + good + R"(, "samples": "many", "rate_hz": 22050}])");
  BuildRendering(3);  // and the build goes on, rendering everything
  EXPECT_EQ(Manifest().size(), 3u);
}

TEST_F(Durability, ManifestKeepsSizesBookAndPartsAcrossSaveAndLoad) {
  fs::create_directory(Path("out"));
  pipeline::Manifest manifest;
  manifest[kFirst] = pipeline::ManifestEntry{"abc", 1000, 22050, {0, 400}, 12345};
  pipeline::ManifestExtras extras{"Road by Mira", {{"0123456789abcdef.mp3", 777}}, "Road.m3u8"};
  ASSERT_TRUE(pipeline::SaveManifest(Path("out"), manifest, RealFileSystem(), extras).ok());
  pipeline::ManifestExtras loaded;
  pipeline::Manifest back = pipeline::LoadManifest(Path("out"), RealFileSystem(), &loaded);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[kFirst].bytes, 12345);
  EXPECT_EQ(back[kFirst].starts, (std::vector<std::int64_t>{0, 400}));
  EXPECT_EQ(loaded.book, "Road by Mira");
  EXPECT_EQ(loaded.part_bytes, extras.part_bytes);
  EXPECT_EQ(loaded.playlist, "Road.m3u8");
}

// ---- finished files and cached parts are checked by size --------------------------

TEST_F(Durability, EmptyOrTruncatedChapterFileIsNeverUpToDate) {
  BuildRendering(3);
  const auto samples = testing::Mp3DecodedSamples(Path(std::string("out/") + kSecond));
  fs::resize_file(Path(std::string("out/") + kSecond), 0);
  BuildReport report = BuildRendering(1);
  EXPECT_EQ(UpToDate(report), 2);
  EXPECT_EQ(testing::Mp3DecodedSamples(Path(std::string("out/") + kSecond)), samples);
  fs::resize_file(Path(std::string("out/") + kFirst),
                  fs::file_size(Path(std::string("out/") + kFirst)) / 2);
  BuildRendering(1);
  EXPECT_EQ(Manifest()[kFirst].bytes,
            static_cast<std::int64_t>(fs::file_size(Path(std::string("out/") + kFirst))));
}

TEST_F(Durability, ManifestOfAnOlderNarrateWithoutSizesRebuildsItsFiles) {
  BuildRendering(3);
  EditManifest([](nlohmann::json& c) { c.erase("bytes"); });
  BuildRendering(3);
  BuildRendering(0);
}

TEST_F(Durability, HalfWrittenCachedPartIsRenderedAgainNotJoined) {
  Write("book.txt", testing::LongBook());
  book_ = "book.txt";
  options_.part_bytes = 300;
  options_.single_file = true;
  options_.output_dir = Path("ref");
  BuildRendering(8);
  const auto reference = testing::Mp3DecodedSamples(Path("ref/Book.mp3"));
  options_.output_dir = Path("out");
  env_.engines.Reset();
  env_.CancelAfter(5);
  auto stopped = Build();
  ASSERT_FALSE(stopped.ok());
  ASSERT_EQ(stopped.status().code(), StatusCode::kInterrupted);
  env_.CancelAfter(-1);
  std::vector<fs::path> parts;
  for (const auto& e : fs::directory_iterator(Path("out/.narrate-cache")))
    parts.push_back(e.path());
  ASSERT_EQ(parts.size(), 5u);
  std::sort(parts.begin(), parts.end());
  fs::resize_file(parts[0], fs::file_size(parts[0]) / 2);  // as a crash could leave it
  BuildRendering(8 - 5 + 1);
  EXPECT_EQ(testing::Mp3DecodedSamples(Path("out/Book.mp3")), reference);
  EXPECT_EQ(Read("out/Book.mp3"), Read("ref/Book.mp3"));
}

// ---- temporaries ----------------------------------------------------------------

TEST_F(Durability, StrayFilesNamedLikeTemporariesAreLeftAloneAndDoNotStopTheBuild) {
  fs::create_directories(Path("out"));
  const std::vector<std::string> strays{
      ".x.narrate-99999999999999999999.tmp",  // 20 digits
      ".x.narrate-6442450296.tmp",            // 2^32 + a pid that does not run
      ".x.narrate-0.tmp",
      ".x.narrate--5.tmp",
      ".x.narrate-+5.tmp",
      ".x.narrate-.tmp",
      ".x.narrate-12a.tmp"};
  for (const std::string& name : strays) Write("out/" + name, "not narrate's");
  Write("out/.x.narrate-2147483647.tmp", "abandoned by a dead build");
  BuildRendering(3);
  for (const std::string& name : strays) EXPECT_TRUE(fs::exists(Path("out/" + name))) << name;
  EXPECT_FALSE(fs::exists(Path("out/.x.narrate-2147483647.tmp")));
}

// ---- one build per folder, one book per folder ------------------------------------

TEST_F(Durability, SecondBuildIntoAFolderBeingWrittenFailsNamingTheHolder) {
  fs::create_directories(Path("out"));
  {
    auto held = FolderLock::Take(Path("out"));
    ASSERT_TRUE(held.ok()) << held.status().message();
    EXPECT_EQ(Read("out/.narrate-lock"), std::to_string(::getpid()) + "\n");
    auto second = Build();
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status().message(), Path("out") + "/: another build (PID " +
                                             std::to_string(::getpid()) +
                                             ") is writing this folder");
    EXPECT_EQ(env_.engines.opened(), 0);
    EXPECT_FALSE(fs::exists(Path("out/.narrate-manifest.json")));
  }
  EXPECT_FALSE(fs::exists(Path("out/.narrate-lock")));  // released and removed
  BuildRendering(3);
  EXPECT_FALSE(fs::exists(Path("out/.narrate-lock")));
}

TEST_F(Durability, LockLeftByADeadBuildIsTakenOver) {
  fs::create_directories(Path("out"));
  Write("out/.narrate-lock", "2147483647\n");  // no one holds the flock
  BuildRendering(3);
  EXPECT_FALSE(fs::exists(Path("out/.narrate-lock")));
}

// The holder's PID is named only when it is known: a lock file still
// holding a dead build's PID (its new holder has not written its own yet)
// names no one.
TEST_F(Durability, BusyFolderWhoseHolderHasNotWrittenItsPidNamesNoOne) {
  fs::create_directories(Path("out"));
  Write("out/.narrate-lock", "2147483647\n");
  const int fd = ::open(Path("out/.narrate-lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  auto second = Build();
  ::close(fd);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(), Path("out") + "/: another build is writing this folder");
  EXPECT_EQ(env_.engines.opened(), 0);
}

// A forked child that destroys its copy of the lock (as one unwinding by
// mistake would) leaves the folder locked by the build that took it.
TEST_F(Durability, LockDestroyedInAForkedChildStaysHeldByItsOwner) {
  fs::create_directories(Path("out"));
  auto held = FolderLock::Take(Path("out"));
  ASSERT_TRUE(held.ok()) << held.status().message();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    held->reset();
    ::_exit(0);
  }
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(Read("out/.narrate-lock"), std::to_string(::getpid()) + "\n");
  auto second = FolderLock::Take(Path("out"));
  ASSERT_FALSE(second.ok()) << "the child released its parent's lock";
  EXPECT_EQ(second.status().message(), Path("out") + "/: another build (PID " +
                                           std::to_string(::getpid()) + ") is writing this folder");
}

// A task that throws in a worker is an error of the run; the exception never
// unwinds through the caller's frames in the worker (which would destroy the
// caller's lock there, and go on running the caller's code).
TEST_F(Durability, TaskThatThrowsInAWorkerFailsTheRunAndLeavesTheLockHeld) {
  fs::create_directories(Path("out"));
  Status run;
  try {
    auto held = FolderLock::Take(Path("out"));
    ASSERT_TRUE(held.ok()) << held.status().message();
    const std::vector<pipeline::Task> tasks{
        []() -> Result<std::string> { throw std::runtime_error("no room for the lamps"); }};
    run = pipeline::ForkingRunner().Run(tasks, 1, [](std::size_t, const std::string&) {});
    EXPECT_TRUE(fs::exists(Path("out/.narrate-lock"))) << "a worker removed its build's lock";
  } catch (...) {
    ::_exit(3);  // only a worker the exception escaped gets here
  }
  EXPECT_EQ(run.code(), StatusCode::kInternal);
  EXPECT_EQ(run.message(), "internal error in a worker: no room for the lamps");
  EXPECT_FALSE(fs::exists(Path("out/.narrate-lock")));  // released by its owner
}

// A symbolic link where the lock goes is never followed (the build would
// truncate its target), nor is anything but a regular file used; each is
// one line naming it, and stays as it was.
TEST_F(Durability, LockFileThatIsASymlinkOrNotARegularFileIsRefusedNamingIt) {
  fs::create_directories(Path("out"));
  Write("precious.txt", "not narrate's\n");
  fs::create_symlink(Path("precious.txt"), Path("out/.narrate-lock"));
  auto linked = Build();
  ASSERT_FALSE(linked.ok());
  EXPECT_EQ(
      linked.status().message(),
      Path("out/.narrate-lock") + ": is a symbolic link, not a lock file; remove it to build here");
  EXPECT_EQ(Read("precious.txt"), "not narrate's\n");
  EXPECT_TRUE(fs::is_symlink(Path("out/.narrate-lock")));
  fs::remove(Path("out/.narrate-lock"));
  fs::create_symlink(Path("nowhere"), Path("out/.narrate-lock"));  // dangling: not made either
  auto dangling = Build();
  ASSERT_FALSE(dangling.ok());
  EXPECT_EQ(dangling.status().message(), linked.status().message());
  EXPECT_FALSE(fs::exists(Path("nowhere")));
  fs::remove(Path("out/.narrate-lock"));
  ASSERT_EQ(::mkfifo(Path("out/.narrate-lock").c_str(), 0644), 0);
  auto fifo = Build();
  ASSERT_FALSE(fifo.ok());
  EXPECT_EQ(fifo.status().message(),
            Path("out/.narrate-lock") +
                ": is not a regular file, not a lock file; remove it to build here");
  fs::remove(Path("out/.narrate-lock"));
  fs::create_directory(Path("out/.narrate-lock"));
  auto folder = Build();
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.status().message(),
            Path("out/.narrate-lock") + ": is a folder, not a lock file; remove it to build here");
  EXPECT_EQ(env_.engines.opened(), 0);
  EXPECT_FALSE(fs::exists(Path("out/.narrate-manifest.json")));
}

TEST_F(Durability, FolderHoldingAnotherBookIsRefusedUnlessForced) {
  BuildRendering(3);
  Write("other.txt", "Chapter 1. Ships\n\nThe ships came in at dawn.\n");
  book_ = "other.txt";
  auto refused = Build();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(refused.status().message(),
            Path("out") + "/: holds the audiobook of Road; use --force to replace it");
  EXPECT_EQ(env_.engines.opened(), 0);
  EXPECT_TRUE(fs::exists(Path(std::string("out/") + kSecond)));
  options_.force = true;
  BuildRendering(1);
  EXPECT_FALSE(fs::exists(Path(std::string("out/") + kSecond)));
  EXPECT_TRUE(fs::exists(Path("out/Other.m3u8")));
  EXPECT_FALSE(fs::exists(Path("out/Road.m3u8"))) << "the other book's playlist goes too";
  pipeline::ManifestExtras extras;
  pipeline::LoadManifest(Path("out"), RealFileSystem(), &extras);
  EXPECT_EQ(extras.book, "Other");
}

// ---- a full disk -----------------------------------------------------------------

TEST_F(Durability, FullDiskStopsTheBuildKeepingFinishedChaptersRecorded) {
  BuildRendering(3);
  const std::string manifest = Read("out/.narrate-manifest.json");
  fs::remove_all(Path("out"));
  FullDisk disk(manifest.size() * 2 / 3);  // the first chapter's manifest fits, the second's not
  auto full = Build(&disk);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.status().message(),
            Path("out/.narrate-manifest.json") + ": No space left on device");
  EXPECT_EQ(env_.engines.opened(), 2) << "the build stops at the first failed write";
  pipeline::Manifest recorded = Manifest();
  ASSERT_EQ(recorded.size(), 1u);  // the chapter finished first (the longest: rendered first)
  const auto& [name, entry] = *recorded.begin();
  EXPECT_EQ(entry.samples, testing::Mp3DecodedSamples(Path("out/" + name))) << name;
  EXPECT_EQ(entry.bytes, static_cast<std::int64_t>(fs::file_size(Path("out/" + name))));
  BuildReport resumed = BuildRendering(2);  // with room again
  EXPECT_EQ(UpToDate(resumed), 1);
  EXPECT_EQ(Read("out/.narrate-manifest.json").size(), manifest.size());
}

// ---- Ctrl-C while planning -------------------------------------------------------

// In a child process: the interrupt flag is never cleared.
TEST_F(Durability, InterruptWhilePlanningStopsTheBuildBeforeAnythingIsRendered) {
  std::string text;
  for (int c = 1; c <= 1200; ++c) {
    text += "Chapter " + std::to_string(c) + "\n\n";
    // Every paragraph its own, so that none is normalised once for all
    // (pipeline/spoken_memo.h) and planning takes seconds.
    for (int p = 0; p < 40; ++p)
      text += "On the 3rd of May " + std::to_string(1800 + p) + " Dr. Smith paid $" +
              std::to_string(c) + ".25 for 12 lamps at No. 7 Rue St. Jacques.\n\n";
  }
  Write("big.txt", text);
  book_ = "big.txt";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto book = source::ReadBook(Path(book_));
    auto preparer = pipeline::TextPreparer::Create(options_.speech, Path(book_), book->lexicons);
    pipeline::BuildEnv env = env_.env();
    env.cancelled = [] { return Interrupted(); };
    std::thread([] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      RequestInterrupt();
    }).detach();
    auto result = pipeline::BuildBook(*book, options_, *preparer, {}, env);
    const bool stopped = !result.ok() && result.status().code() == StatusCode::kInterrupted;
    ::_exit(stopped && env_.engines.opened() == 0 ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "interrupted 200 ms into planning, the build should stop before rendering anything";
}

}  // namespace
}  // namespace narrate
