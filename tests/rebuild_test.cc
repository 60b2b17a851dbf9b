// Incremental rebuilds, in-process: pipeline::BuildBook with the fakes of
// tests/support/fakes.h (fake engine, in-process runner, recording file
// system over a real temporary folder; LAME still encodes real MP3s). What
// is rendered is counted through the fake engine factory, one engine per
// rendered chapter or part.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "pipeline/manifest.h"
#include "pipeline/pipeline.h"
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
    "She counted 12 milestones before noon.\n\n"
    "Chapter 2. The Gate\n\nThe gate of Tessary was shut. A guard named Olt slept beside it.\n\n"
    "Chapter 3. The Key\n\nMira had the key all along. She smiled and went in.\n";

const std::vector<std::string> kChapterFiles{"01 - Chapter 1 - The Road.mp3",
                                             "02 - Chapter 2 - The Gate.mp3",
                                             "03 - Chapter 3 - The Key.mp3"};

using testing::LongBook;

// Inode and modification time: a file rendered again and renamed in changes them.
std::string Stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "missing";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

int UpToDate(const BuildReport& report) {
  return static_cast<int>(
      std::count_if(report.chapters.begin(), report.chapters.end(),
                    [](const pipeline::ChapterResult& c) { return c.up_to_date; }));
}

class Rebuild : public testing::FakeBuildTest {
 protected:
  void SetUp() override {
    FakeBuildTest::SetUp();
    Write("road.txt", kThreeChapters);
  }

  std::vector<std::string> Files(const std::string& dir) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(Path(dir)))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::vector<std::string> Stamps() const {
    std::vector<std::string> out;
    for (const std::string& f : kChapterFiles) out.push_back(Stamp(Path("out/" + f)));
    return out;
  }
  std::set<std::string> CachedParts() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(Path("out/.narrate-cache")))
      names.insert(e.path().filename());
    return names;
  }
};

TEST_F(Rebuild, FirstBuildRendersEveryChapterOnce) {
  BuildReport report = BuildRendering(3);
  EXPECT_EQ(Files("out"),
            (std::vector<std::string>{".narrate-manifest.json", kChapterFiles[0], kChapterFiles[1],
                                      kChapterFiles[2], "Road.m3u8"}));
  EXPECT_EQ(UpToDate(report), 0);
  EXPECT_EQ(env_.engines.SpokenContaining("Tessary was shut"), 1);
  pipeline::Manifest manifest = Manifest();
  ASSERT_EQ(manifest.size(), 3u);
  for (const std::string& f : kChapterFiles) {
    EXPECT_EQ(manifest[f].samples, testing::Mp3DecodedSamples(Path("out/" + f))) << f;
    EXPECT_EQ(manifest[f].rate_hz, 22050);
  }
}

TEST_F(Rebuild, NothingChangedRendersNothingAndTouchesNoChapterFile) {
  BuildRendering(3);
  std::vector<std::string> stamps = Stamps();
  std::string bytes = Read("out/" + kChapterFiles[1]);
  BuildReport again = BuildRendering(0);
  EXPECT_EQ(UpToDate(again), 3);
  EXPECT_EQ(Stamps(), stamps);
  EXPECT_EQ(Read("out/" + kChapterFiles[1]), bytes);
  for (const std::string& path : env_.fs.written()) EXPECT_FALSE(path.ends_with(".mp3")) << path;
  EXPECT_EQ(again.chapters[1].samples, Manifest()[kChapterFiles[1]].samples)
      << "lengths come from the manifest";
}

TEST_F(Rebuild, ATextEditRendersOnlyThatChapter) {
  BuildRendering(3);
  std::vector<std::string> before = Stamps();
  const std::string old_hash = Manifest()[kChapterFiles[2]].hash;
  std::string text = kThreeChapters;
  text.replace(text.find("went in"), 7, "went home");
  Write("road.txt", text);
  BuildReport report = BuildRendering(1);
  EXPECT_EQ(env_.engines.SpokenContaining("went home"), 1);
  EXPECT_EQ(UpToDate(report), 2);
  std::vector<std::string> after = Stamps();
  EXPECT_EQ(after[0], before[0]);
  EXPECT_EQ(after[1], before[1]);
  EXPECT_NE(after[2], before[2]);
  EXPECT_NE(Manifest()[kChapterFiles[2]].hash, old_hash);
}

TEST_F(Rebuild, ALexiconEntryRendersOnlyTheChapterThatUsesTheWord) {
  BuildRendering(3);
  std::vector<std::string> before = Stamps();
  Write("olt.lexicon", "Olt\t[['0lt]]\n");  // "Olt" is only in chapter 2
  options_.speech.lexicons = {Path("olt.lexicon")};
  BuildRendering(1);
  EXPECT_EQ(env_.engines.SpokenContaining("'0lt"), 1) << "the lexicon's phonemes reach the engine";
  std::vector<std::string> after = Stamps();
  EXPECT_EQ(after[0], before[0]);
  EXPECT_NE(after[1], before[1]);
  EXPECT_EQ(after[2], before[2]);
}

TEST_F(Rebuild, VoiceSettingsRenderEverythingAgain) {
  BuildRendering(3);
  const std::int64_t samples = Manifest()[kChapterFiles[0]].samples;
  options_.speech.voice.rate_wpm = 350;  // the fake speaks half as many samples per byte
  BuildRendering(3);
  EXPECT_LT(Manifest()[kChapterFiles[0]].samples, samples);
}

TEST_F(Rebuild, ForceRendersEverythingAndStillRemovesRenamedChapters) {
  BuildRendering(3);
  std::string renamed(kThreeChapters);
  renamed.replace(renamed.find("The Key"), 7, "The Lock");
  Write("road.txt", renamed);
  options_.force = true;
  BuildReport report = BuildRendering(3);
  EXPECT_EQ(UpToDate(report), 0);
  EXPECT_FALSE(fs::exists(Path("out/03 - Chapter 3 - The Key.mp3")));
  EXPECT_TRUE(fs::exists(Path("out/03 - Chapter 3 - The Lock.mp3")));
  EXPECT_EQ(Manifest().count("03 - Chapter 3 - The Key.mp3"), 0u);
}

TEST_F(Rebuild, ChaptersTheBookNoLongerHasAreRemoved) {
  BuildRendering(3);
  std::string text = kThreeChapters;
  Write("road.txt", text.substr(0, text.find("Chapter 3")));
  BuildRendering(2);  // their track tags change from "n/3" to "n/2"
  EXPECT_EQ(Files("out"), (std::vector<std::string>{".narrate-manifest.json", kChapterFiles[0],
                                                    kChapterFiles[1], "Road.m3u8"}));
  EXPECT_EQ(Manifest().size(), 2u);
  EXPECT_NE(std::find(env_.fs.removed().begin(), env_.fs.removed().end(),
                      Path("out/" + kChapterFiles[2])),
            env_.fs.removed().end());
  EXPECT_EQ(Read("out/Road.m3u8").find("Chapter 3"), std::string::npos);
}

TEST_F(Rebuild, BuildTouchesOnlyItsOwnFiles) {
  fs::create_directory(Path("out"));
  Write("victim.txt", "keep me");
  Write("out/.vimswap.tmp", "keep me too");
  Write("out/.01 - x.mp3.narrate-2147483647.tmp", "abandoned by a dead build");
  Write(
      "out/.narrate-manifest.json",
      R"({"chapters": [{"file": "../victim.txt", "hash": "x"}, {"file": "/etc/x", "hash": "y"}]})");
  BuildRendering(3);
  EXPECT_EQ(Read("victim.txt"), "keep me");
  EXPECT_EQ(Read("out/.vimswap.tmp"), "keep me too");
  EXPECT_FALSE(fs::exists(Path("out/.01 - x.mp3.narrate-2147483647.tmp")));
  EXPECT_EQ(Manifest().size(), 3u);
}

// Six short chapters: "Chapter 1\n\nThe caravan moved on, day 1.\n\n" ...
std::string SixDaysOfCaravan() {
  std::string text;
  for (int c = 1; c <= 6; ++c)
    text += "Chapter " + std::to_string(c) + "\n\nThe caravan moved on, day " + std::to_string(c) +
            ".\n\n";
  return text;
}

TEST_F(Rebuild, InterruptedBuildKeepsFinishedChaptersAndResumes) {
  Write("long.txt", SixDaysOfCaravan());
  book_ = "long.txt";
  env_.CancelAfter(2);
  auto stopped = Build();
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().code(), StatusCode::kInterrupted);
  EXPECT_EQ(env_.engines.opened(), 2);
  std::vector<std::string> kept = Files("out");
  int mp3s = 0;
  for (const std::string& f : kept) {
    EXPECT_FALSE(f.ends_with(".tmp")) << f;
    if (!f.ends_with(".mp3")) continue;
    ++mp3s;
    EXPECT_EQ(testing::Mp3DecodedSamples(Path("out/" + f)), Manifest()[f].samples)
        << f << " is whole";
  }
  EXPECT_EQ(mp3s, 2);
  EXPECT_EQ(Manifest().size(), 2u) << "the manifest is saved as each chapter finishes";
  env_.CancelAfter(-1);
  BuildReport resumed = BuildRendering(4);
  EXPECT_EQ(UpToDate(resumed), 2);
  EXPECT_EQ(Manifest().size(), 6u);
}

// In book order, an interrupt after two chapters leaves a playlist of those
// two; the finished build lists all six.
TEST_F(Rebuild, InterruptedBuildListsItsFinishedChaptersInThePlaylist) {
  Write("long.txt", SixDaysOfCaravan());
  book_ = "long.txt";
  options_.order = pipeline::RenderOrder::kBook;
  env_.CancelAfter(2);
  auto stopped = Build();
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().code(), StatusCode::kInterrupted);
  std::vector<std::string> playlists;
  for (const std::string& f : Files("out"))
    if (f.ends_with(".m3u8")) playlists.push_back(f);
  ASSERT_EQ(playlists.size(), 1u);
  const std::string playlist = Path("out/" + playlists[0]);
  EXPECT_EQ(stopped.status().message(), "interrupted; kept 2 finished chapter(s), listed in " +
                                            playlist + "; run again to continue");
  const std::string listed = testing::ReadFile(playlist);
  EXPECT_NE(listed.find("\n01 - Chapter 1.mp3\n"), std::string::npos) << listed;
  EXPECT_NE(listed.find("\n02 - Chapter 2.mp3\n"), std::string::npos) << listed;
  EXPECT_EQ(listed.find("03 - "), std::string::npos) << listed;
  env_.CancelAfter(-1);
  BuildRendering(4);
  EXPECT_NE(testing::ReadFile(playlist).find("\n06 - Chapter 6.mp3\n"), std::string::npos);
}

TEST_F(Rebuild, ACancelledBuildInANewFolderLeavesNoFolder) {
  env_.CancelAfter(0);
  auto r = Build();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInterrupted);
  EXPECT_EQ(env_.engines.opened(), 0);
  EXPECT_FALSE(fs::exists(Path("out")));
}

TEST_F(Rebuild, AFailingChapterStopsTheBuildAndKeepsWhatWasFinished) {
  env_.engines.FailOn("Tessary was shut");
  auto r = Build();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
  EXPECT_EQ(r.status().message(), "fake engine told to fail on \"Tessary was shut\"");
  EXPECT_EQ(env_.engines.opened(), 2) << "no chapter starts after the failure";
  EXPECT_EQ(Files("out"), (std::vector<std::string>{".narrate-manifest.json", kChapterFiles[0]}));
  env_.engines.FailOn("");
  BuildRendering(2);
}

TEST_F(Rebuild, AnUnknownVoiceInANewFolderLeavesNoFolder) {
  env_.engines.RejectVoice("zz-bogus");
  options_.speech.voice.name = "zz-bogus";
  auto r = Build();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "unknown voice 'zz-bogus'");
  EXPECT_FALSE(fs::exists(Path("out")));
}

TEST_F(Rebuild, AnUnwritablePlaylistIsAnIoErrorNamingItAndChaptersStay) {
  env_.fs.FailWritesTo(".m3u8");
  auto r = Build();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIo);
  EXPECT_EQ(r.status().message(), Path("out/Road.m3u8") + ": disk full (injected)");
  env_.fs.FailWritesTo("");
  BuildReport report = BuildRendering(0);
  EXPECT_EQ(UpToDate(report), 3);
  EXPECT_TRUE(fs::exists(Path("out/Road.m3u8")));
}

TEST_F(Rebuild, AFailedRenameLeavesNoTemporaryAndNoFinalFile) {
  env_.fs.FailWritesTo("02 - ");
  auto r = Build();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIo);
  EXPECT_EQ(r.status().message(), Path("out/" + kChapterFiles[1]) + ": disk full (injected)");
  EXPECT_EQ(Files("out"), (std::vector<std::string>{".narrate-manifest.json", kChapterFiles[0]}));
}

TEST_F(Rebuild, SelectedChaptersRenderAloneAndTheOthersStayInThePlaylist) {
  BuildRendering(3);
  std::vector<std::string> before = Stamps();
  std::string text = kThreeChapters;
  text.replace(text.find("It was cold."), 12, "It was warm.");
  text.replace(text.find("went in"), 7, "went home");
  Write("road.txt", text);
  options_.chapters = {3};
  BuildReport report = BuildRendering(1);
  EXPECT_EQ(env_.engines.SpokenContaining("went home"), 1);
  EXPECT_EQ(Stamps()[0], before[0]) << "chapter 1 changed but was not selected";
  ASSERT_EQ(report.chapters.size(), 3u) << "the report and playlist still hold the whole book";
  EXPECT_EQ(report.chapters[0].number, 1);
  EXPECT_EQ(report.chapters[2].number, 3);
  const std::string playlist = Read("out/Road.m3u8");
  for (const std::string& f : kChapterFiles) EXPECT_NE(playlist.find(f), std::string::npos) << f;
  options_.chapters.clear();
  BuildRendering(1);
  EXPECT_EQ(env_.engines.SpokenContaining("It was warm."), 1);
}

// MP3 parts keep the encoder's delay and padding between them (at most
// 80 ms: encode/encoder.h); WAV parts join without any gap.
TEST_F(Rebuild, LongChaptersRenderInPartsThatJoinExactly) {
  Write("book.txt", LongBook());
  book_ = "book.txt";
  for (const std::string format : {"mp3", "wav"}) {
    options_.format = format;
    options_.part_bytes = 300;
    options_.output_dir = Path(format + "-parts");
    BuildRendering(8);  // four chapters, each in two parts
    EXPECT_FALSE(fs::exists(Path(format + "-parts/.narrate-cache")))
        << "parts are removed once joined";
    options_.part_bytes = 1 << 20;
    options_.output_dir = Path(format + "-whole");
    BuildRendering(4);
    pipeline::Manifest parts = pipeline::LoadManifest(Path(format + "-parts"));
    pipeline::Manifest whole = pipeline::LoadManifest(Path(format + "-whole"));
    ASSERT_EQ(parts.size(), 4u);
    for (const auto& [name, entry] : parts) {
      const std::string path = Path(format + "-parts/" + name);
      const std::int64_t decoded =
          format == "mp3" ? testing::Mp3DecodedSamples(path) : testing::WavFrames(path);
      EXPECT_EQ(decoded, entry.samples) << name << ": the manifest has the joined length";
      const std::int64_t gap = decoded - whole[name].samples;
      if (format == "wav") {
        EXPECT_EQ(gap, 0) << name;
      }
      EXPECT_GE(gap, 0) << name;
      EXPECT_LE(gap, 22050 * 80 / 1000) << name;
    }
  }
}

TEST_F(Rebuild, SingleFileRebuildRendersOnlyTheChangedPart) {
  Write("book.txt", LongBook());
  book_ = "book.txt";
  options_.part_bytes = 300;
  options_.single_file = true;
  BuildRendering(8);
  std::set<std::string> before = CachedParts();
  EXPECT_EQ(before.size(), 8u) << "a single file keeps its parts for the next build";
  EXPECT_EQ(UpToDate(BuildRendering(0)), 4);
  std::string text = LongBook();
  text.replace(text.rfind("the fog came in"), 15, "the fog came by");  // chapter 4's last paragraph
  Write("book.txt", text);
  BuildRendering(1);
  EXPECT_EQ(env_.engines.SpokenContaining("the fog came by"), 1);
  std::set<std::string> after = CachedParts();
  std::vector<std::string> added;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  EXPECT_EQ(added.size(), 1u);
  EXPECT_EQ(after.size(), before.size()) << "the replaced part is removed from the cache";
  EXPECT_EQ(Manifest()["Book.mp3"].starts.size(), 4u);
  EXPECT_EQ(testing::Mp3DecodedSamples(Path("out/Book.mp3")), Manifest()["Book.mp3"].samples);
}

TEST_F(Rebuild, LowBitrateKeepsChaptersWholeAndIdenticalPartsAreShared) {
  Write("book.txt", LongBook());
  book_ = "book.txt";
  options_.part_bytes = 300;
  options_.bitrate_kbps = 32;  // no LAME tag to join parts with
  BuildRendering(4);
  const std::string same =
      "The same words open every chapter of this book, as a refrain that the reader "
      "soon knows by heart and hears again.\n\n";
  Write("twice.txt", "Chapter 1. One\n\n" + same + same + "Chapter 2. Two\n\n" + same + same);
  book_ = "twice.txt";
  options_.bitrate_kbps = 64;
  options_.part_bytes = 100;
  options_.output_dir = Path("twice");
  BuildReport report = BuildRendering(4);
  EXPECT_EQ(report.chapters.size(), 2u);
  EXPECT_FALSE(fs::exists(Path("twice/.narrate-cache")));
  pipeline::Manifest manifest = pipeline::LoadManifest(Path("twice"));
  for (const auto& [name, entry] : manifest) {
    EXPECT_EQ(testing::Mp3DecodedSamples(Path("twice/" + name)), entry.samples) << name;
  }
}

TEST_F(Rebuild, ReadAlongFilesAreCheckedForNotHashed) {
  options_.read_along.vtt = true;
  options_.read_along.srt = true;
  BuildRendering(3);
  EXPECT_TRUE(fs::exists(Path("out/01 - Chapter 1 - The Road.vtt")));
  EXPECT_NE(Read("out/01 - Chapter 1 - The Road.vtt").find("Mira walked the long road"),
            std::string::npos);
  options_.read_along.vtt = false;
  BuildRendering(0);  // dropping a format renders nothing
  EXPECT_FALSE(fs::exists(Path("out/01 - Chapter 1 - The Road.vtt")));
  EXPECT_TRUE(fs::exists(Path("out/01 - Chapter 1 - The Road.srt")));
  fs::remove(Path("out/02 - Chapter 2 - The Gate.srt"));
  BuildRendering(1);  // a missing subtitle file is made again
  EXPECT_TRUE(fs::exists(Path("out/02 - Chapter 2 - The Gate.srt")));
}

TEST_F(Rebuild, PartsWithReadAlongKeepTheirCaptionsInSidecars) {
  Write("book.txt", LongBook());
  book_ = "book.txt";
  options_.part_bytes = 300;
  options_.single_file = true;
  options_.read_along.timings_json = true;
  BuildRendering(8);
  std::set<std::string> cached = CachedParts();
  EXPECT_EQ(cached.size(), 16u) << "each cached part has its captions sidecar";
  const std::string json = Read("out/Book.json");
  EXPECT_NE(json.find("Chapter 4: The Tower"), std::string::npos);
  fs::remove(Path("out/.narrate-cache/" +
                  *std::find_if(cached.begin(), cached.end(), [](const std::string& n) {
                    return n.ends_with(".captions.json");
                  })));
  fs::remove(Path("out/Book.json"));
  BuildRendering(1);  // only the part whose sidecar went missing
  EXPECT_EQ(Read("out/Book.json"), json);
}

// The same build through forked workers (the fakes are copied into each
// child) writes the same bytes, whatever the number of jobs.
TEST_F(Rebuild, ForkedWorkersWriteTheSameFilesAsInProcess) {
  Write("book.txt", LongBook());
  book_ = "book.txt";
  options_.part_bytes = 300;
  BuildRendering(8);
  pipeline::ForkingRunner forking;
  pipeline::BuildEnv env = env_.env();
  env.runner = &forking;
  options_.output_dir = Path("forked");
  options_.jobs = 3;
  auto book = source::ReadBook(Path(book_));
  auto preparer = pipeline::TextPreparer::Create(options_.speech, Path(book_), book->lexicons);
  auto report = pipeline::BuildBook(*book, options_, *preparer, {}, env);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(Files("forked"), Files("out"));
  for (const std::string& name : Files("out")) {
    EXPECT_EQ(Read("forked/" + name), Read("out/" + name)) << name;
  }
}

// `say`: one task of the runner, one engine from the factory, the audio and
// its read-along file renamed into place through the file system.
TEST_F(Rebuild, RenderTextSpeaksThroughTheRunnerTheFactoryAndTheFileSystem) {
  auto preparer = pipeline::TextPreparer::Create({}, "");
  ASSERT_TRUE(preparer.ok());
  pipeline::ReadAlong vtt;
  vtt.vtt = true;
  auto seconds =
      pipeline::RenderText("Hello there.", {}, *preparer, Path("hi.wav"), 64, vtt, env_.env());
  ASSERT_TRUE(seconds.ok()) << seconds.status().message();
  EXPECT_EQ(env_.engines.spoken(), (std::vector<std::string>{"Hello there."}));
  int rate = 0;
  const std::int64_t frames = testing::WavFrames(Path("hi.wav"), &rate);
  EXPECT_EQ(frames, 12 * 40 + 22050 / 10);  // 40 samples a byte, 100 ms after the sentence
  EXPECT_EQ(rate, 22050);
  EXPECT_NEAR(*seconds, double(frames) / 22050, 1e-6);
  EXPECT_EQ(env_.fs.written(), (std::vector<std::string>{Path("hi.wav"), Path("hi.vtt")}));
}

// A verse paragraph ('\n' between its lines) is spoken line by line, with
// the verse pause after each line but the last: exact with the fake engine
// (40 samples a byte, a space as long as a letter), and each line is its own
// cue, at its place in the chapter text.
TEST_F(Rebuild, VerseLinesAreSpokenApartWithTheVersePauseBetween) {
  const std::string verse = "The sea is calm tonight,\nThe tide is full,\nThe moon lies fair.";
  const std::string prose = "The sea is calm tonight, The tide is full, The moon lies fair.";
  auto preparer = pipeline::TextPreparer::Create({}, "");
  ASSERT_TRUE(preparer.ok());
  options_.format = "wav";
  options_.read_along.vtt = true;
  options_.read_along.timings_json = true;
  auto build = [&](const std::string& text, int pause_ms, const std::string& dir) {
    source::Book book;
    book.title = "Dover";
    book.chapters = {
        source::Chapter{"Beach", "Beach.", 1, {{"She sang.", 3, false}, {text, 5, false}}}};
    options_.pacing.verse_line_pause_ms = pause_ms;
    options_.output_dir = Path(dir);
    env_.engines.Reset();
    auto report = pipeline::BuildBook(book, options_, *preparer, {}, env_.env());
    EXPECT_TRUE(report.ok()) << report.status().message();
    EXPECT_EQ(report->chapters.size(), 1u);
    EXPECT_EQ(testing::WavFrames(report->chapters[0].file), report->chapters[0].samples);
    return report->chapters[0];
  };
  const pipeline::ChapterResult as_verse = build(verse, 350, "verse");
  EXPECT_EQ(env_.engines.spoken(),
            (std::vector<std::string>{"Beach.", "She sang.", "The sea is calm tonight,",
                                      "The tide is full,", "The moon lies fair."}));
  const pipeline::ChapterResult no_pause = build(verse, 0, "no-pause");
  const pipeline::ChapterResult as_prose = build(prose, 350, "prose");
  EXPECT_EQ(env_.engines.spoken().back(), prose);
  const std::int64_t pause = 7718;  // 350 ms at 22050 Hz
  EXPECT_EQ(as_verse.samples - no_pause.samples, 2 * pause);
  // Prose says the two spaces the line breaks replace.
  EXPECT_EQ(as_verse.samples - as_prose.samples, 2 * pause - 2 * 40);
  // One cue per line, each on its own, in the words written.
  const std::string vtt = testing::ReadFile(fs::path(as_verse.file).replace_extension(".vtt"));
  for (const char* line :
       {"\nThe sea is calm tonight,\n\n", "\nThe tide is full,\n\n", "\nThe moon lies fair.\n"}) {
    EXPECT_NE(vtt.find(line), std::string::npos) << line << " in\n" << vtt;
  }
  // Word offsets point into the chapter text, line breaks included.
  auto json =
      nlohmann::json::parse(testing::ReadFile(fs::path(as_verse.file).replace_extension(".json")));
  const std::string text = "Beach.\n\nShe sang.\n\n" + verse;
  ASSERT_EQ(json["chapters"].size(), 1u);
  EXPECT_EQ(json["chapters"][0]["text"], text);
  std::vector<std::string> words;
  for (const auto& w : json["chapters"][0]["words"]) {
    std::size_t a = w["char_start"], b = w["char_end"];  // ASCII: code points are bytes
    words.push_back(text.substr(a, b - a));
  }
  EXPECT_EQ(words,
            (std::vector<std::string>{"Beach", "She", "sang", "The", "sea", "is", "calm", "tonight",
                                      "The", "tide", "is", "full", "The", "moon", "lies", "fair"}));
}

}  // namespace
}  // namespace narrate
