// kill -9 at any moment, through the built program: a build is SIGKILLed at
// named points (NARRATE_TEST_KILL_AT, pipeline/build.cc) and at moments in
// time, then built again; every file must decode and equal, byte for byte,
// what an uninterrupted build makes, and agree with the manifest. Also: the
// workers of a killed build die with it, and two builds started at once
// into one folder never leave files that disagree with its manifest.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/folder_lock.h"
#include "tests/support/probe.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using testing::Quote;

// Four chapters; the second long enough to be rendered in parts (--part-bytes 300).
std::string SmallBook() {
  std::string text;
  const char* names[] = {"Harbour", "Bridge", "Mill", "Tower"};
  for (int c = 0; c < 4; ++c) {
    text += "Chapter " + std::to_string(c + 1) + ". The " + names[c] + "\n\n";
    const int paragraphs = c == 1 ? 8 : 1;
    for (int p = 0; p < paragraphs; ++p) {
      text += "Paragraph " + std::to_string(p + 1) + " of the " + names[c] +
              " chapter tells how the lamps were lit along the quay, one by one, "
              "while the fog came in from the sea.\n\n";
    }
  }
  return text;
}

const char kBuildArgs[] = " --part-bytes 300 --jobs 2 -q";

class Crash : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    testing::WriteFile(Path("book.txt"), SmallBook());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string Command(const std::string& env, const std::string& args) const {
    return "cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) + " " + env + " " +
           Quote(NARRATE_BINARY) + " " + args;
  }
  testing::CommandResult Narrate(const std::string& args, const std::string& env = "") const {
    return testing::RunCommand(Command(env, args));
  }
  testing::CommandResult BuildInto(const std::string& out, const std::string& env = "") const {
    return Narrate("build book.txt -o " + out + kBuildArgs, env);
  }

  // Visible files (the audiobook) by name → content.
  std::map<std::string, std::string> Contents(const std::string& out) const {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(Path(out))) {
      const std::string name = e.path().filename().string();
      if (!name.starts_with(".")) files[name] = testing::ReadFile(e.path().string());
    }
    return files;
  }

  // Every manifest entry names a file of the recorded size and length.
  void ExpectFilesAgreeWithManifest(const std::string& out) const {
    auto json = nlohmann::json::parse(testing::ReadFile(Path(out + "/.narrate-manifest.json")));
    ASSERT_TRUE(json["chapters"].is_array());
    for (const auto& c : json["chapters"]) {
      const std::string file = Path(out + "/" + c["file"].get<std::string>());
      ASSERT_TRUE(fs::exists(file)) << file;
      EXPECT_EQ(c["bytes"].get<std::int64_t>(), static_cast<std::int64_t>(fs::file_size(file)))
          << file;
      EXPECT_EQ(c["samples"].get<std::int64_t>(), testing::Mp3DecodedSamples(file)) << file;
    }
  }

  // After a crash: the next build succeeds and makes exactly the reference.
  void ExpectRebuildMatches(const std::string& out, const std::map<std::string, std::string>& ref,
                            const std::string& when) const {
    auto again = BuildInto(out);
    ASSERT_EQ(again.exit_code, 0) << when << ": " << again.err;
    auto files = Contents(out);
    EXPECT_EQ(files.size(), ref.size()) << when;
    for (const auto& [name, content] : ref) {
      EXPECT_TRUE(files[name] == content) << when << ": " << name << " differs";
      if (name.ends_with(".mp3")) {
        EXPECT_GT(testing::Mp3DecodedSamples(Path(out + "/" + name)), 0);
      }
    }
    ExpectFilesAgreeWithManifest(out);
    for (const auto& e : fs::recursive_directory_iterator(Path(out)))
      EXPECT_FALSE(e.path().filename().string().ends_with(".tmp")) << when << ": " << e.path();
  }

  std::string dir_;
};

TEST_F(Crash, KilledAtAnyNamedPointTheNextBuildMakesTheSameFiles) {
  auto ref = BuildInto("ref");
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  const auto reference = Contents("ref");
  ASSERT_EQ(reference.size(), 5u);  // 4 chapters and the playlist
  for (const std::string point :
       {"after-part", "before-tags", "before-commit", "before-manifest", "before-tidy"}) {
    const std::string out = "out-" + point;
    auto killed = BuildInto(out, "NARRATE_TEST_KILL_AT=" + point);
    EXPECT_NE(killed.exit_code, 0) << point << " was never reached";
    ExpectRebuildMatches(out, reference, point);
  }
}

TEST_F(Crash, KilledAtMomentsInTimeTheNextBuildMakesTheSameFiles) {
  auto ref = BuildInto("ref");
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  const auto reference = Contents("ref");
  for (int ms : {50, 150, 300, 600, 1000}) {
    const std::string out = "out-" + std::to_string(ms);
    // exec: $! is narrate itself, not a shell around it.
    testing::RunCommand("cd " + Quote(dir_) + " && (exec env XDG_CONFIG_HOME=" + Quote(dir_) + " " +
                        Quote(NARRATE_BINARY) + " build book.txt -o " + out + kBuildArgs +
                        ") & pid=$!; sleep " + std::to_string(ms / 1000.0) +
                        "; kill -9 $pid 2>/dev/null; wait");
    ExpectRebuildMatches(out, reference, std::to_string(ms) + " ms");
  }
}

// The PID of the build's worker, once the temporary file it renders into
// is in out/ (".01 - Long.mp3.narrate-<pid>.tmp", pid not the build's): it is
// speaking. 0 when none appears within a minute.
pid_t WaitForWorker(const std::string& out, pid_t build) {
  const std::regex temporary(R"(\..*\.mp3\.narrate-([0-9]+)\.tmp)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code error;
    for (fs::directory_iterator it(out, error), end; !error && it != end; it.increment(error)) {
      const std::string name = it->path().filename().string();
      std::smatch pid;
      if (std::regex_match(name, pid, temporary) && std::stoi(pid[1]) != build)
        return std::stoi(pid[1]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

// The test process adopts orphans (a subreaper), so it sees any worker that
// outlives its killed build, and how it ended: killed with its build
// (SIGKILL), not at the end of its work.
TEST_F(Crash, WorkersDieWithTheirBuild) {
  std::string text = "Chapter 1. Long\n\n";
  for (int p = 0; p < 300; ++p) text += "The fog came in from the sea, and the lamps went out. ";
  testing::WriteFile(Path("long.txt"), text + "\n");
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  const pid_t build = ::fork();
  ASSERT_GE(build, 0);
  if (build == 0) {
    ::chdir(dir_.c_str());
    ::setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
    ::freopen("/dev/null", "w", stdout);
    ::execl(NARRATE_BINARY, NARRATE_BINARY, "build", "long.txt", "-o", "out", "-q", "--jobs", "1",
            "--part-bytes", "100000000", nullptr);
    ::_exit(127);
  }
  const pid_t worker = WaitForWorker(Path("out"), build);
  ::kill(build, SIGKILL);
  ::waitpid(build, nullptr, 0);
  std::map<pid_t, int> orphans;  // PID → how it ended
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < deadline) {
    int wait_status = 0;
    const pid_t pid = ::waitpid(-1, &wait_status, WNOHANG);
    if (pid < 0) break;  // no children left
    if (pid > 0)
      orphans[pid] = wait_status;
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  while (::waitpid(-1, nullptr, 0) > 0) continue;  // (one that lives on: wait for it)
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  ASSERT_NE(worker, 0) << "no worker was rendering within a minute";
  ASSERT_EQ(orphans.size(), 1u) << "the build had one worker";
  EXPECT_EQ(orphans.begin()->first, worker);
  const int ended = orphans.begin()->second;
  EXPECT_TRUE(WIFSIGNALED(ended) && WTERMSIG(ended) == SIGKILL)
      << "the worker was not killed with its build (wait status " << ended << ")";
}

// True once dir holds a temporary file of `say` that has audio in it.
bool SaySpeaking(const std::string& dir) {
  const std::regex temporary(R"(\.say\.mp3\.narrate-[0-9]+\.tmp)");
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (std::regex_match(it->path().filename().string(), temporary) &&
        fs::file_size(it->path(), error) > 0)
      return true;
  }
  return false;
}

// say speaks in its own process, with no worker (app::SpeakIn::kThisProcess):
// Ctrl-C while it speaks still stops it with exit 130, and neither the file
// nor its temporary file is left.
TEST_F(Crash, SayStoppedByCtrlCLeavesNoFile) {
  std::string text;
  for (int s = 0; s < 300; ++s) text += "The fog came in from the sea, and the lamps went out. ";
  testing::WriteFile(Path("long.txt"), text + "\n");
  fs::create_directory(Path("out"));
  const pid_t say = ::fork();
  ASSERT_GE(say, 0);
  if (say == 0) {
    ::chdir(dir_.c_str());
    ::setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
    ::freopen("long.txt", "r", stdin);
    ::freopen("/dev/null", "w", stdout);
    ::execl(NARRATE_BINARY, NARRATE_BINARY, "say", "-o", "out/say.mp3", nullptr);
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (!SaySpeaking(Path("out")) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const bool speaking = SaySpeaking(Path("out"));
  ::kill(say, SIGINT);
  int wait_status = 0;
  ASSERT_EQ(::waitpid(say, &wait_status, 0), say);
  ASSERT_TRUE(speaking) << "say wrote no audio within a minute";
  ASSERT_TRUE(WIFEXITED(wait_status)) << "say was killed by signal " << WTERMSIG(wait_status);
  EXPECT_EQ(WEXITSTATUS(wait_status), 130);
  EXPECT_TRUE(fs::is_empty(Path("out")));
}

// A real full disk: a small tmpfs in a mount namespace of its own (skipped
// where that is not allowed). What the build leaves there is copied out and
// built again with room.
TEST_F(Crash, FullDiskGivesOneLineAndTheNextBuildResumes) {
  auto ref = BuildInto("ref");
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  const auto reference = Contents("ref");
  std::uintmax_t total = 0;
  for (const auto& [name, content] : reference) total += content.size();
  fs::create_directories(Path("full"));
  fs::create_directories(Path("saved"));
  const std::string kb = std::to_string(total / 2 / 1024);
  const std::string inner = "mount -t tmpfs -o size=" + kb + "k tmpfs full || exit 99; " +
                            "XDG_CONFIG_HOME=" + Quote(dir_) + " " + Quote(NARRATE_BINARY) +
                            " build book.txt -o full" + kBuildArgs +
                            "; rc=$?; cp -a full/. saved/; " + "exit $rc";
  auto r = testing::RunCommand("cd " + Quote(dir_) + " && unshare -m sh -c " + Quote(inner));
  if (r.exit_code == 99 || r.err.find("unshare") != std::string::npos)
    GTEST_SKIP() << "cannot mount a tmpfs here: " << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(": No space left on device\n"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(r.err.starts_with("narrate: full/")) << r.err;
  if (fs::exists(Path("saved/.narrate-manifest.json"))) ExpectFilesAgreeWithManifest("saved");
  ExpectRebuildMatches("saved", reference, "after a full disk");
}

// The folder is held (here, by this test, as a build would hold it): a build
// into it fails at once with one line naming the holder, and leaves it as
// it was.
TEST_F(Crash, BuildIntoAFolderAnotherBuildHoldsFailsNamingTheHolder) {
  fs::create_directories(Path("out"));
  auto held = FolderLock::Take(Path("out"));
  ASSERT_TRUE(held.ok()) << held.status().message();
  auto second = BuildInto("out");
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(second.err, "narrate: out/: another build (PID " + std::to_string(::getpid()) +
                            ") is writing this folder\n");
  EXPECT_EQ(testing::ReadFile(Path("out/.narrate-lock")), std::to_string(::getpid()) + "\n");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(Path("out")))
    names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{".narrate-lock"});
  held->reset();
  auto after = BuildInto("out");
  EXPECT_EQ(after.exit_code, 0) << after.err;
  ExpectFilesAgreeWithManifest("out");
}

// Two real builds started at once into one folder, with different settings:
// whether or not they overlap, each either finishes or is turned away by the
// lock, at least one finishes, and every file agrees with the manifest.
TEST_F(Crash, TwoBuildsAtOnceIntoOneFolderNeverDisagreeWithTheManifest) {
  const std::string a = Command("", "build book.txt -o out --bitrate 64 --part-bytes 300");
  const std::string b = Command("", "build book.txt -o out --bitrate 96 --part-bytes 300");
  testing::RunCommand("(" + a + " >a.out 2>a.err; echo $? >a.rc) & (" + b +
                      " >b.out 2>b.err; echo $? >b.rc) & wait");
  const std::regex busy(
      "narrate: out/: another build (\\(PID [0-9]+\\) )?is writing this folder\n");
  int finished = 0;
  for (const std::string build : {"a", "b"}) {
    const std::string rc = testing::ReadFile(Path(build + ".rc"));
    const std::string err = testing::ReadFile(Path(build + ".err"));
    if (rc == "0\n") {
      ++finished;
      continue;
    }
    EXPECT_EQ(rc, "1\n") << build << ": " << err;
    EXPECT_TRUE(std::regex_match(err, busy)) << build << ": " << err;
  }
  EXPECT_GE(finished, 1);
  ExpectFilesAgreeWithManifest("out");
  EXPECT_FALSE(fs::exists(Path("out/.narrate-lock")));
}

}  // namespace
}  // namespace narrate
