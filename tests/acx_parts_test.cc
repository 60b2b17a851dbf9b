// ACX files mastered in parts (pipeline/acx_parts.h): the part lengths that
// keep a joined file as long as one mastered whole, and, end to end with
// eSpeak, a one-chapter book built in parts against the same book mastered
// whole: the same gain (RMS), length, captions and check-acx verdict.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "output/encode/encoder.h"
#include "output/master/master.h"
#include "pipeline/acx_parts.h"
#include "tests/support/probe.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using pipeline::AcxPartLengths;
using pipeline::RawPartSize;
using testing::Quote;

constexpr int kRatio = 2;  // 22050 -> 44100 Hz

using pipeline::AcxPartLength;

// Where each part's raw speech starts in a join, and the joined length
// (output samples).
std::pair<std::vector<std::int64_t>, std::int64_t> Joined(
    const std::vector<AcxPartLength>& lengths) {
  std::vector<std::int64_t> speech;
  std::int64_t at = 0;
  for (std::size_t k = 0; k < lengths.size(); ++k) {
    speech.push_back(at + lengths[k].lead_samples * kRatio);
    const std::int64_t n = (lengths[k].lead_samples + lengths[k].samples) * kRatio;
    at += k + 1 < lengths.size() ? encode::Mp3PartSpanSamples(n, 44100) : n;
  }
  return {speech, at};
}

std::vector<AcxPartLength> Lengths(const std::vector<RawPartSize>& parts) {
  return AcxPartLengths(parts, kRatio, 44100, encode::Mp3PartSpanSamples);
}

TEST(AcxPartLengths, EverySampleLandsWhereTheWholeFileHasIt) {
  const std::vector<RawPartSize> parts = {
      {300001, 11025}, {277777, 11025}, {123457, 11025}, {200000, 30000}};
  const std::vector<AcxPartLength> lengths = Lengths(parts);
  ASSERT_EQ(lengths.size(), parts.size());
  auto [speech, total] = Joined(lengths);
  std::int64_t whole = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    EXPECT_EQ(speech[k], whole) << k;
    EXPECT_LT(lengths[k].lead_samples, 1152 / kRatio) << k;  // less than a frame
    if (k + 1 < parts.size()) {  // cut inside the closing zeros, by at most two frames
      EXPECT_LT(lengths[k].samples, parts[k].samples) << k;
      EXPECT_LT(parts[k].samples - lengths[k].samples, 2304 / kRatio) << k;
    }
    whole += parts[k].samples * kRatio;
  }
  EXPECT_EQ(lengths[0].lead_samples, 0);
  EXPECT_EQ(lengths.back().samples, parts.back().samples);
  EXPECT_EQ(total, whole);
}

TEST(AcxPartLengths, OnePartIsLeftAsItIs) {
  EXPECT_EQ(Lengths({{12345, 0}}), (std::vector<AcxPartLength>{{0, 12345}}));
}

TEST(AcxPartLengths, APartWithoutClosingZerosIsNotCut) {
  const std::vector<AcxPartLength> lengths = Lengths({{100000, 0}, {100000, 5000}});
  EXPECT_EQ(lengths[0], (AcxPartLength{0, 100000}));
  // The join then adds its frames; the last part gives back what its zeros can.
  EXPECT_EQ(lengths[1].lead_samples, 0);
  EXPECT_LT(lengths[1].samples, 100000);
  EXPECT_EQ(Joined(lengths).second, 400000);
}

TEST(MasteredPartHash, DependsOnTheGainThePlaceAndTheLengths) {
  const std::string h = pipeline::MasteredPartHash("abc", -1.5, 0, {0, 1000});
  EXPECT_EQ(h, pipeline::MasteredPartHash("abc", -1.5, 0, {0, 1000}));
  EXPECT_NE(h, pipeline::MasteredPartHash("abc", -1.5000001, 0, {0, 1000}));
  EXPECT_NE(h, pipeline::MasteredPartHash("abc", -1.5, 1, {0, 1000}));
  EXPECT_NE(h, pipeline::MasteredPartHash("abc", -1.5, 0, {0, 1001}));
  EXPECT_NE(h, pipeline::MasteredPartHash("abc", -1.5, 0, {1, 1000}));
  EXPECT_NE(h, pipeline::MasteredPartHash("abd", -1.5, 0, {0, 1000}));
}

TEST(AcxPartNoiseSeed, PartZeroKeepsTheWholeFilesSeedAndTheOthersDiffer) {
  EXPECT_EQ(master::AcxPartNoiseSeed(0), master::AcxSettings{}.noise_seed);
  EXPECT_NE(master::AcxPartNoiseSeed(1), master::AcxPartNoiseSeed(0));
  EXPECT_NE(master::AcxPartNoiseSeed(2), master::AcxPartNoiseSeed(1));
}

// A one-chapter book long enough for several parts at --part-bytes 600.
std::string OneChapterBook() {
  std::string text = "Chapter 1. The Long Night\n\n";
  const char* things[] = {"lamps", "boats", "bells", "nets", "ropes", "gulls", "clouds", "waves"};
  for (int p = 0; p < 12; ++p) {
    text += "In the " + std::to_string(p + 1) + "th hour the " + things[p % 8] +
            " of the harbour were counted again, slowly, by the keeper, who wrote each number "
            "in his ledger and then looked out at the dark water for a long while.\n\n";
  }
  return text;
}

struct Cue {
  double start_s = 0, end_s = 0;
  std::string text;
};

double VttTime(const std::string& t) {  // 00:01:02.345
  return std::stod(t.substr(0, 2)) * 3600 + std::stod(t.substr(3, 2)) * 60 + std::stod(t.substr(6));
}

std::vector<Cue> ReadVtt(const std::string& path) {
  std::istringstream in(testing::ReadFile(path));
  std::vector<Cue> cues;
  const std::regex timing(R"((\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d))");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (!std::regex_search(line, m, timing)) continue;
    Cue cue{VttTime(m[1]), VttTime(m[2]), ""};
    std::getline(in, cue.text);
    cues.push_back(cue);
  }
  return cues;
}

class AcxInParts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    testing::WriteFile(Path("book.txt"), OneChapterBook());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  testing::CommandResult Narrate(const std::string& args) const {
    return testing::RunCommand("cd " + Quote(dir_) + " && " + Quote(NARRATE_BINARY) + " " + args);
  }
  std::string dir_;
};

TEST_F(AcxInParts, OneLongChapterIsSplitIntoTasks) {
  auto parts = Narrate("plan book.txt --acx --part-bytes 600 --json");
  ASSERT_EQ(parts.exit_code, 0) << parts.err;
  auto whole = Narrate("plan book.txt --acx --json");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  auto count = [](const std::string& json, const std::string& ext) {
    const std::regex id("\"id\": \"[0-9a-f]+\\." + ext + "\"");
    return std::distance(std::sregex_iterator(json.begin(), json.end(), id),
                         std::sregex_iterator());
  };
  EXPECT_GE(count(parts.out, "raw"), 3) << parts.out;  // raw speech, mastered by the build
  EXPECT_EQ(count(parts.out, "mp3"), 0) << parts.out;
  EXPECT_EQ(count(whole.out, "raw"), 0) << whole.out;
  EXPECT_EQ(count(whole.out, "mp3"), 1) << whole.out;
}

// The same book mastered whole (one part) and in parts. eSpeak speaks a
// part in a fresh process a little differently from the same text after
// earlier text (tts notes), so the speech each build masters is measured by
// a WAV build with the same parts: ACX adds 200 ms of head (700 ms, not 500)
// and 500 ms of tail (2.5 s, not 2 s) at 22050 Hz, and doubles the rate.
TEST_F(AcxInParts, JoinedFileMatchesTheFileMasteredWhole) {
  const std::string parts_args = " --part-bytes 600 --subtitles vtt -q --jobs 2";
  ASSERT_EQ(Narrate("build book.txt -o whole --acx --subtitles vtt -q --jobs 2").exit_code, 0);
  ASSERT_EQ(Narrate("build book.txt -o parts --acx" + parts_args).exit_code, 0);
  ASSERT_EQ(Narrate("build book.txt -o wav --format wav" + parts_args).exit_code, 0);
  const std::string name = "01 - Chapter 1 - The Long Night";
  auto a = master::CheckAcx(Path("whole/" + name + ".mp3"));
  auto b = master::CheckAcx(Path("parts/" + name + ".mp3"));
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_TRUE(a->passed()) << master::FormatAcxTable({*a});
  EXPECT_TRUE(b->passed()) << master::FormatAcxTable({*b});
  EXPECT_NEAR(b->rms_dbfs, a->rms_dbfs, 0.05);
  EXPECT_NEAR(b->true_peak_dbtp, a->true_peak_dbtp, 0.2);
  EXPECT_NEAR(b->noise_floor_dbfs, a->noise_floor_dbfs, 0.5);
  EXPECT_NEAR(b->duration_s, a->duration_s, 0.2);  // eSpeak's own difference
  // Exactly the length of the speech it masters.
  int rate_hz = 0;
  const std::int64_t speech = testing::WavFrames(Path("wav/" + name + ".wav"));
  const std::int64_t acx_extra = (200 + 500) * 22050 / 1000;
  EXPECT_EQ(testing::Mp3DecodedSamples(Path("parts/" + name + ".mp3"), &rate_hz),
            2 * (speech + acx_extra));
  EXPECT_EQ(rate_hz, 44100);
  // Every cue where the speech has it (the VTT counts whole milliseconds).
  std::vector<Cue> cues = ReadVtt(Path("parts/" + name + ".vtt"));
  std::vector<Cue> cues_wav = ReadVtt(Path("wav/" + name + ".vtt"));
  ASSERT_EQ(cues.size(), cues_wav.size());
  ASSERT_GT(cues.size(), 10u);
  for (std::size_t i = 0; i < cues.size(); ++i) {
    EXPECT_EQ(cues[i].text, cues_wav[i].text);
    EXPECT_NEAR(cues[i].start_s, cues_wav[i].start_s + 0.2, 0.0015) << i;
    EXPECT_NEAR(cues[i].end_s, cues_wav[i].end_s + 0.2, 0.0015) << i;
  }
  auto check = Narrate("check-acx parts");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  // No part is left in the cache once the file is joined.
  EXPECT_FALSE(fs::exists(Path("parts/.narrate-cache")));
}

// Raw parts rendered by `narrate render` into a shared cache are mastered by
// the build that takes them: the file is byte for byte the one a build
// without the cache makes (the noise bed is seeded per part, not per run).
TEST_F(AcxInParts, RawPartsFromTheSharedCacheGiveTheSameFile) {
  const std::string args = " --acx --part-bytes 600 -q --jobs 2";
  ASSERT_EQ(Narrate("build book.txt -o plain" + args).exit_code, 0);
  auto render = Narrate("render book.txt --cache cache --shard 1/1" + args);
  ASSERT_EQ(render.exit_code, 0) << render.err;
  std::size_t raw = 0;
  for (const auto& e : fs::recursive_directory_iterator(Path("cache")))
    raw += e.path().extension() == ".raw";
  EXPECT_GE(raw, 3u);
  ASSERT_EQ(Narrate("build book.txt -o shared --cache cache" + args).exit_code, 0);
  const std::string name = "/01 - Chapter 1 - The Long Night.mp3";
  const std::string plain = testing::ReadFile(Path("plain" + name));
  ASSERT_GT(plain.size(), 100000u);
  EXPECT_TRUE(plain == testing::ReadFile(Path("shared" + name)));
}

// Interrupted after every part (raw, then mastered), each run keeps what it
// finished and the next goes on from there; the file is the one an
// uninterrupted build makes.
TEST_F(AcxInParts, AnInterruptedBuildGoesOnFromItsRawAndMasteredParts) {
  const std::string args = " build book.txt --acx --part-bytes 600 -q --jobs 1";
  ASSERT_EQ(Narrate(args + " -o plain").exit_code, 0);
  auto plan = Narrate("plan book.txt --acx --part-bytes 600 --json");
  const std::regex id("\"id\": ");
  const auto parts = std::distance(std::sregex_iterator(plan.out.begin(), plan.out.end(), id),
                                   std::sregex_iterator());
  ASSERT_GE(parts, 3);
  int runs = 0;
  for (int exit_code = 130; exit_code == 130 && runs < 3 * parts; ++runs) {
    exit_code =
        testing::RunCommand("cd " + Quote(dir_) + " && NARRATE_TEST_INTERRUPT_AT=after-part " +
                            Quote(NARRATE_BINARY) + args + " -o out")
            .exit_code;
    ASSERT_TRUE(exit_code == 130 || exit_code == 0) << exit_code;
  }
  EXPECT_EQ(runs, 2 * parts + 1);  // one part each, raw then mastered, then the join
  const std::string name = "/01 - Chapter 1 - The Long Night.mp3";
  EXPECT_TRUE(testing::ReadFile(Path("plain" + name)) == testing::ReadFile(Path("out" + name)));
}

}  // namespace
}  // namespace narrate
