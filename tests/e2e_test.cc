// End to end: the built `narrate` program on small books, its output checked
// with ffprobe and libmpg123.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <regex>

#include <sys/stat.h>

#include "tests/support/probe.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

const char kThreeChapters[] =
    "Chapter 1. The Road\n\nMira walked the long road to Tessary. It was cold.\n\n"
    "She counted 12 milestones before noon.\n\n"
    "Chapter 2. The Gate\n\nThe gate of Tessary was shut. A guard named Olt slept beside it.\n\n"
    "Chapter 3. The Key\n\nMira had the key all along. She smiled and went in.\n";

class E2E : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string Book(const std::string& name, const std::string& text) const {
    testing::WriteFile(Path(name), text);
    return Path(name);
  }
  testing::CommandResult Narrate(const std::string& args) const {
    return RunCommand("cd " + Quote(dir_) + " && " + Quote(NARRATE_BINARY) + " " + args);
  }
  std::vector<std::string> Files(const std::string& dir) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string dir_;
};

TEST_F(E2E, ThreeChaptersBecomeThreeTaggedMp3sAndAPlaylist) {
  std::string book = Book("road.txt", kThreeChapters);
  auto r = Narrate("build " + Quote(book) + " -o out --author 'A. Writer'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> expected{".narrate-manifest.json", "01 - Chapter 1 - The Road.mp3",
                                    "02 - Chapter 2 - The Gate.mp3", "03 - Chapter 3 - The Key.mp3", "Road.m3u8"};
  ASSERT_EQ(Files(Path("out")), expected);
  const char* titles[] = {"Chapter 1: The Road", "Chapter 2: The Gate", "Chapter 3: The Key"};
  std::string playlist = testing::ReadFile(Path("out/Road.m3u8"));
  for (int i = 0; i < 3; ++i) {
    std::string mp3 = Path("out/" + expected[i + 1]);
    auto tags = testing::Ffprobe(mp3);
    EXPECT_EQ(tags["title"], titles[i]);
    EXPECT_EQ(tags["album"], "Road");
    EXPECT_EQ(tags["artist"], "A. Writer");
    EXPECT_EQ(tags["genre"], "Audiobook");
    EXPECT_EQ(tags["track"], std::to_string(i + 1) + "/3");
    int rate = 0;
    double decoded_s = double(testing::Mp3DecodedSamples(mp3, &rate)) / 22050;
    EXPECT_EQ(rate, 22050);
    EXPECT_GT(decoded_s, 4.0);   // a title and one or two sentences, with pauses
    EXPECT_LT(decoded_s, 20.0);
    EXPECT_NEAR(std::stod(tags["duration"]), decoded_s, 0.08);
    std::string extinf = "#EXTINF:" + std::to_string(std::lround(decoded_s)) + ",A. Writer - " + titles[i] +
                         "\n" + expected[i + 1] + "\n";
    EXPECT_NE(playlist.find(extinf), std::string::npos) << playlist;
  }
  EXPECT_EQ(playlist.rfind("#EXTM3U\n", 0), 0u);
}

TEST_F(E2E, ChaptersListsNumberTitleParagraphsWords) {
  auto r = Narrate("chapters " + Quote(Book("road.txt", kThreeChapters)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "Road\n"
            "  1  Chapter 1: The Road  (2 paragraphs, 16 words)\n"
            "  2  Chapter 2: The Gate  (1 paragraphs, 13 words)\n"
            "  3  Chapter 3: The Key  (1 paragraphs, 11 words)\n");
}

TEST_F(E2E, ChapterAudioDoesNotDependOnOrderOrParallelism) {
  std::string book = Book("road.txt", kThreeChapters);
  ASSERT_EQ(Narrate("build " + Quote(book) + " -o a --jobs 1").exit_code, 0);
  ASSERT_EQ(Narrate("build " + Quote(book) + " -o b --jobs 3").exit_code, 0);
  for (const std::string& name : Files(Path("a"))) {
    EXPECT_EQ(testing::ReadFile(Path("a/" + name)), testing::ReadFile(Path("b/" + name))) << name;
  }
}

TEST_F(E2E, DefaultOutputFolderIsAudiobooksTitle) {
  std::string book = Book("road.txt", "---\ntitle: The Long Road\n---\n\nMira walked.\n");
  auto r = Narrate("build " + Quote(book));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Files(Path("audiobooks/The Long Road")),
            (std::vector<std::string>{".narrate-manifest.json", "01 - The Long Road.mp3", "The Long Road.m3u8"}));
}

TEST_F(E2E, PreviewPrintsTheParagraphAndWritesAudio) {
  std::string book = Book("road.txt", kThreeChapters);
  auto r = Narrate("preview " + Quote(book) + " --chapter 2 --paragraph 1 -o p.wav");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "The gate of Tessary was shut. A guard named Olt slept beside it.");
  EXPECT_NE(
      r.out.find("\nSpoken: The gate of Tessary was shut. A guard named Olt slept beside it.\n"),
      std::string::npos)
      << r.out;
  auto numbers = Narrate("preview " + Quote(Book("sums.md", "# One\n\nIt cost $5 in 1847.\n")) +
                         " --chapter 1 --paragraph 1 -o n.wav");
  ASSERT_EQ(numbers.exit_code, 0) << numbers.err;
  EXPECT_EQ(numbers.out.substr(0, numbers.out.find("Wrote")),
            "It cost $5 in 1847.\nSpoken: It cost five dollars in eighteen forty seven.\n");
  int rate = 0;
  std::int64_t frames = testing::WavFrames(Path("p.wav"), &rate);
  EXPECT_EQ(rate, 22050);
  EXPECT_GT(frames, 22050 * 2);
  EXPECT_LT(frames, 22050 * 10);

  auto out_of_range = Narrate("preview " + Quote(book) + " --chapter 2 --paragraph 9");
  EXPECT_EQ(out_of_range.exit_code, 2);
  EXPECT_EQ(out_of_range.err,
            "narrate: --paragraph 9 is not in 1..1 for chapter 2\n"
            "Run 'narrate preview --help' for usage.\n");
}

TEST_F(E2E, SayWritesWavOrMp3ByExtension) {
  auto wav = Narrate("say Hello there, traveller. -o hi.wav");
  ASSERT_EQ(wav.exit_code, 0) << wav.err;
  EXPECT_GT(testing::WavFrames(Path("hi.wav")), 22050);
  auto mp3 = Narrate("say 'Hello there, traveller.' -o hi.mp3 --rate 300");
  ASSERT_EQ(mp3.exit_code, 0) << mp3.err;
  std::int64_t fast = testing::Mp3DecodedSamples(Path("hi.mp3"));
  EXPECT_GT(fast, 22050 / 2);
  EXPECT_LT(fast, testing::WavFrames(Path("hi.wav")));  // 300 wpm is quicker than 175
}

struct BadInput {
  const char* name;
  std::string content;  // empty name: no file at all
  std::string message;  // expected stderr after "narrate: <path>"
  std::string build_message = "";  // build's, when it differs (build also takes folders)
};

TEST_F(E2E, BadBooksFailWithOneLineNamingTheFileAndWriteNothing) {
  std::vector<BadInput> cases{
      {"missing.txt", "", ": no such file", ": no such file or folder"},
      {"binary.txt", std::string("GIF89a\0\0\x01", 9), ": binary file, not text"},
      {"broken.txt", "Fine “first” line.\nCaf\xe9 au lait.\n",
       ":2: not UTF-8 text (byte 0xe9 at column 4)"},
      {"empty.txt", "\n  \n\n", ": the book has no text to read"},
      {"dir", "", ": is a directory, not a book file", ": no books (.txt, .md, .html, .epub)"},
  };
  fs::create_directory(Path("dir"));
  for (const BadInput& c : cases) {
    std::string path = Path(c.name);
    if (!c.content.empty()) testing::WriteFile(path, c.content);
    for (const char* cmd : {"build", "chapters"}) {
      auto r = Narrate(std::string(cmd) + " " + Quote(path) + " -o out" + (std::string(cmd) == "build" ? "" : "x"));
      if (std::string(cmd) == "chapters") r = Narrate("chapters " + Quote(path));
      EXPECT_EQ(r.exit_code, 1) << c.name;
      const bool build = std::string(cmd) == "build" && !c.build_message.empty();
      EXPECT_EQ(r.err, "narrate: " + path + (build ? c.build_message : c.message) + "\n") << cmd;
    }
    EXPECT_FALSE(fs::exists(Path("out"))) << c.name;
    EXPECT_FALSE(fs::exists(Path("audiobooks"))) << c.name;
  }
}

TEST_F(E2E, UnwritableOutputFailsAndLeavesNoPartialFiles) {
  std::string book = Book("road.txt", kThreeChapters);
  testing::WriteFile(Path("file"), "x");
  auto r = Narrate("build " + Quote(book) + " -o " + Quote(Path("file/sub")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(Path("file/sub")), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(E2E, UsageErrorsExitTwoWithSuggestions) {
  auto typo = Narrate("biuld x");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("did you mean 'build'?"), std::string::npos) << typo.err;
  auto option = Narrate("build x --rat 200");
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("did you mean '--rate'?"), std::string::npos) << option.err;
  EXPECT_EQ(Narrate("build").exit_code, 2);
  EXPECT_EQ(Narrate("build x --rate 900").exit_code, 2);
  EXPECT_EQ(Narrate("").exit_code, 2);
  auto bitrate = Narrate("build " + Quote(Book("a.txt", "Hi.")) + " --bitrate 65 -o o");
  EXPECT_EQ(bitrate.exit_code, 2);  // a value out of range, found after parsing
  EXPECT_NE(bitrate.err.find("--bitrate 65 is not an MPEG-2 rate"), std::string::npos)
      << bitrate.err;
  EXPECT_FALSE(fs::exists(Path("o")));
}

TEST_F(E2E, HelpAndVersionOnEveryCommand) {
  for (const char* cmd : {"", "build ", "chapters ", "preview ", "say ", "voices "}) {
    auto help = Narrate(std::string(cmd) + "--help");
    EXPECT_EQ(help.exit_code, 0) << cmd;
    EXPECT_NE(help.out.find("Usage:"), std::string::npos) << cmd;
    auto version = Narrate(std::string(cmd) + "--version");
    EXPECT_EQ(version.exit_code, 0) << cmd;
    EXPECT_EQ(version.out.rfind("narrate ", 0), 0u) << cmd;
  }
  auto help = Narrate("build --help");
  EXPECT_NE(help.out.find("--bitrate INT=64"), std::string::npos) << "defaults shown live";
}

TEST_F(E2E, VoicesListsEspeakVoices) {
  auto r = Narrate("voices");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("(^|\\n)en-us +male +English")));
  // Variants under their own heading, without the "+" the heading shows.
  const std::size_t variants = r.out.find("\nVariants (--voice NAME+VARIANT, e.g. en-us+f2):\n");
  ASSERT_NE(variants, std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out.substr(variants), std::regex("\\nf2 +female")));
}

TEST_F(E2E, BundledSampleBookHasThreeChapters) {
  auto r = Narrate("chapters " + Quote(std::string(NARRATE_SOURCE_DIR) + "/samples/the-lamplighter-of-vask.md"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("The Lamplighter of Vask by "), std::string::npos);
  EXPECT_NE(r.out.find("  3  Chapter 3: "), std::string::npos);
  EXPECT_EQ(r.out.find("  4  "), std::string::npos);
}

// Inode and modification time: a renamed-in re-render changes them.
std::string Stamp(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return "missing";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

// The smoke test of incremental builds through the real program, real
// workers and eSpeak; tests/rebuild_test.cc covers the cases in-process.
TEST_F(E2E, RebuildsRenderOnlyWhatChanged) {
  std::string book = Book("road.txt", kThreeChapters);
  ASSERT_EQ(Narrate("build " + Quote(book) + " -o out").exit_code, 0);
  std::vector<std::string> files{"01 - Chapter 1 - The Road.mp3", "02 - Chapter 2 - The Gate.mp3",
                                 "03 - Chapter 3 - The Key.mp3"};
  auto stamps = [&] {
    std::vector<std::string> out;
    for (const std::string& f : files) out.push_back(Stamp(Path("out/" + f)));
    return out;
  };
  std::vector<std::string> first = stamps();

  auto noop = Narrate("build " + Quote(book) + " -o out");
  ASSERT_EQ(noop.exit_code, 0) << noop.err;
  EXPECT_NE(noop.out.find("(0 rendered, 3 up to date)"), std::string::npos) << noop.out;
  EXPECT_EQ(stamps(), first);

  // "Olt" is only in chapter 2.
  std::string lexicon = Book("olt.lexicon", "Olt\t[['0lt]]\n");
  auto changed = Narrate("build " + Quote(book) + " -o out --lexicon " + Quote(lexicon));
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.out.find("(1 rendered, 2 up to date)"), std::string::npos) << changed.out;
  std::vector<std::string> second = stamps();
  EXPECT_EQ(second[0], first[0]);
  EXPECT_NE(second[1], first[1]);
  EXPECT_EQ(second[2], first[2]);

  auto quiet = Narrate("build " + Quote(book) + " -o out --lexicon " + Quote(lexicon) + " -q");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");  // --quiet
}

TEST_F(E2E, FailedBuildLeavesNoNewFolder) {
  auto r = Narrate("build " + Quote(Book("road.txt", kThreeChapters)) + " --voice zz-bogus -o out");
  EXPECT_EQ(r.exit_code, 2);  // refused before anything is rendered
  EXPECT_NE(r.err.find("narrate: unknown voice 'zz-bogus'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(Path("out")));
}

TEST_F(E2E, SayRefusesBadOutputNamesBeforeSpeaking) {
  fs::create_directory(Path("d"));
  EXPECT_EQ(Narrate("say hi -o d").err, "narrate: d: is a folder, not a file name\n");
  EXPECT_EQ(Narrate("say hi -o d/").err, "narrate: d/: is a folder, not a file name\n");
  EXPECT_EQ(Narrate("say hi -o ''").err, "narrate: the output file name is empty\n");
  auto blank = Narrate("say '   ' -o x.wav");
  EXPECT_EQ(blank.exit_code, 2);
  EXPECT_EQ(blank.err, "narrate: there is no text to speak\nRun 'narrate say --help' for usage.\n");
  testing::WriteFile(Path("f"), "x");
  auto r = Narrate("say hi -o f/x.wav");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "narrate: f/x.wav: f is not a folder\n");
  EXPECT_EQ(Files(dir_), (std::vector<std::string>{"d", "f"}));
}

// Ctrl-C: exit 130, no partial file under a final name, and the next run
// renders only what is missing. The smoke test of interruption with real
// workers; tests/rebuild_test.cc resumes interrupted builds in-process.
TEST_F(E2E, InterruptedBuildKeepsFinishedChaptersAndResumes) {
  std::string paragraph = "The caravan moved slowly across the salt flats while the drivers sang. ";
  std::string text;
  for (int c = 1; c <= 6; ++c) {
    text += "Chapter " + std::to_string(c) + "\n\n";
    for (int p = 0; p < 10; ++p) text += paragraph + paragraph + paragraph + "\n\n";
  }
  std::string book = Book("long.txt", text);
  // Wait (at most 60 s) for the first finished chapter, then press Ctrl-C.
  std::string script = Quote(NARRATE_BINARY) + " build " + Quote(book) + " -o out --jobs 1 & pid=$!; " +
                       "for i in $(seq 3000); do [ -e out/.narrate-manifest.json ] && break; sleep 0.02; done; " +
                       "kill -INT $pid; wait $pid; echo \"exit=$?\"";
  auto r = RunCommand("{ cd " + Quote(dir_) + "; " + script + "; }");
  EXPECT_NE(r.out.find("exit=130"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
  std::vector<std::string> kept = Files(Path("out"));
  for (const std::string& f : kept) {
    EXPECT_FALSE(f.ends_with(".tmp")) << f;
    if (f.ends_with(".mp3")) {
      EXPECT_GT(testing::Mp3DecodedSamples(Path("out/" + f)), 22050 * 15) << f;
    }
  }
  std::size_t mp3s = std::count_if(kept.begin(), kept.end(), [](const std::string& f) { return f.ends_with(".mp3"); });
  ASSERT_GE(mp3s, 1u);
  ASSERT_LT(mp3s, 6u);
  auto resumed = Narrate("build " + Quote(book) + " -o out");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("(" + std::to_string(6 - mp3s) + " rendered, " + std::to_string(mp3s) + " up to date)"),
            std::string::npos) << resumed.out;
}

TEST_F(E2E, PhonemesApplyTheLexiconAfterNormalisation) {
  std::string lex = std::string(NARRATE_SOURCE_DIR) + "/pronunciation/lexicons/sample-book.lexicon";
  auto r = Narrate("phonemes --lexicon " + Quote(lex) + " 'Oriel lit 12 lamps.'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "'O:ri@l l'It tw'Elv l'amps\n");
  EXPECT_EQ(r.err, "loaded lexicon " + lex + " (7 entries)\n");
  auto ipa = Narrate("phonemes --ipa --lexicon " + Quote(lex) + " Vask");
  EXPECT_EQ(ipa.out, "vˈask\n");
  auto book = Narrate("phonemes -f " + Quote(Book("b.txt", "Chapter 1\n\nOne.\n\nTwo.\n")));
  // the spoken title, then each paragraph numbered as preview takes it
  EXPECT_EQ(book.out, "# 1. Chapter 1\ntitle: tS'apt3 w,0n\n1: w'0n\n2: t'u:\n");
}

TEST_F(E2E, LexiconCheckReportsFileAndLine) {
  std::string good = std::string(NARRATE_SOURCE_DIR) + "/pronunciation/lexicons/star-trek.lexicon";
  auto ok = Narrate("lexicon check " + Quote(good));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto dir = Narrate("lexicon check " + Quote(dir_));
  EXPECT_EQ(dir.exit_code, 1);
  EXPECT_EQ(dir.err, dir_ + ": is a directory, not a lexicon file\n");
  auto full = RunCommand("{ " + Quote(NARRATE_BINARY) + " voices > /dev/full; }");
  EXPECT_EQ(full.exit_code, 1) << "an unwritable listing is a failure";
  EXPECT_EQ(full.err, "narrate: cannot write to standard output\n");
  std::string bad = Book("bad.lexicon", "# names\nVask\t[[v'a§k]]\nOriel\t\n");
  auto r = Narrate("lexicon check " + Quote(bad));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, bad + ":2: unknown eSpeak phoneme \"§\" in [[v'a§k]]\n" + bad +
                       ":3: empty pronunciation for \"Oriel\"\n");
  auto build = Narrate("build " + Quote(Book("a.txt", "Hi.")) + " --lexicon " + Quote(bad) + " -o out");
  EXPECT_EQ(build.exit_code, 1);
  EXPECT_EQ(build.err, "narrate: " + bad +
                           ":2: unknown eSpeak phoneme \"§\" in [[v'a§k]] (and 1 more; see narrate lexicon check)\n");
  EXPECT_FALSE(fs::exists(Path("out")));
}

// The user's own story, when ../shared is there: 10 to 18 minutes of audio.
TEST_F(E2E, SeedStoryBuildsToTenToEighteenMinutes) {
  fs::path seeds = fs::path(NARRATE_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::is_directory(seeds)) GTEST_SKIP() << "no ../shared/seeds";
  for (const auto& e : fs::directory_iterator(seeds)) {
    auto r = Narrate("build " + Quote(e.path().string()) + " -o seed");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    double seconds = 0;
    for (const std::string& name : Files(Path("seed"))) {
      if (name.ends_with(".mp3")) seconds += double(testing::Mp3DecodedSamples(Path("seed/" + name))) / 22050;
    }
    EXPECT_GE(seconds, 10 * 60) << e.path();
    EXPECT_LE(seconds, 18 * 60) << e.path();
    fs::remove_all(Path("seed"));
  }
}

// With the shipped lexicon no invented name of the seed story is spelled out
// or left to eSpeak's guess, and suggest finds nothing left to add.
TEST_F(E2E, SeedStoryNamesComeFromTheShippedLexicon) {
  fs::path seeds = fs::path(NARRATE_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::is_directory(seeds)) GTEST_SKIP() << "no ../shared/seeds";
  std::string lex = std::string(NARRATE_SOURCE_DIR) + "/pronunciation/lexicons/star-trek.lexicon";
  for (const auto& e : fs::directory_iterator(seeds)) {
    auto raw = Narrate("lexicon suggest " + Quote(e.path().string()));
    ASSERT_EQ(raw.exit_code, 0) << raw.err;
    EXPECT_NE(raw.out.find("Gorkon\t[["), std::string::npos) << raw.out;
    EXPECT_NE(raw.out.find("Rura Penthe\t[["), std::string::npos) << raw.out;
    auto with = Narrate("lexicon suggest --lexicon " + Quote(lex) + " " + Quote(e.path().string()));
    EXPECT_EQ(with.out.find("Gorkon"), std::string::npos) << with.out;
    auto phonemes = Narrate("phonemes --lexicon " + Quote(lex) + " -f " + Quote(e.path().string()));
    ASSERT_EQ(phonemes.exit_code, 0) << phonemes.err;
    EXPECT_NE(phonemes.out.find("r'u:r@ p'EnTi"), std::string::npos);
    // eSpeak's letter names (e.g. 'Es for S) never follow a name.
    EXPECT_EQ(phonemes.out.find("k'0noU 'Es"), std::string::npos);
  }
}

}  // namespace
}  // namespace narrate
