// End to end: single-file books with chapter marks, cover art and metadata,
// folder layout, ACX, FLAC and WAV. (Parts and their rebuilds are tested
// in-process in tests/rebuild_test.cc.) Checked with ffprobe
// and libmpg123, tools narrate did not write.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "tests/support/books.h"
#include "tests/support/probe.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

using testing::LongBook;

class Packaging : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    testing::WriteFile(Path("book.txt"), LongBook());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  testing::CommandResult Narrate(const std::string& args) const {
    return RunCommand("cd " + Quote(dir_) + " && " + Quote(NARRATE_BINARY) + " " + args);
  }
  std::vector<std::string> Files(const std::string& dir) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(Path(dir))) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string dir_;
};

struct Mark {
  double start = 0, end = 0;
  std::string title;
};

std::vector<Mark> Chapters(const std::string& mp3) {
  auto r = RunCommand("ffprobe -v error -show_chapters -of csv=p=0 " + Quote(mp3));
  std::vector<Mark> marks;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    // id,time_base,start,start_time,end,end_time,title
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    if (f.size() >= 7) marks.push_back({std::stod(f[3]), std::stod(f[5]), f[6]});
  }
  return marks;
}

TEST_F(Packaging, SingleFileHasChapterMarksCoverAndTags) {
  ASSERT_EQ(RunCommand("ffmpeg -v error -f lavfi -i color=c=red:s=32x32 -frames:v 1 " + Quote(Path("cover.png")))
                .exit_code, 0);
  auto r = Narrate("build book.txt -o out --single-file --part-bytes 300 --cover cover.png --author 'A. Writer' "
                   "--narrator 'E. Speak' --year 2026 --description 'Lamps and fog.'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Files("out"),
            (std::vector<std::string>{".narrate-cache", ".narrate-manifest.json", "Book.m3u8",
                                      "Book.mp3", "cover.jpg", "desc.txt", "reader.txt"}));
  const std::string mp3 = Path("out/Book.mp3");
  std::vector<Mark> marks = Chapters(mp3);
  ASSERT_EQ(marks.size(), 4u);
  const char* titles[] = {"Chapter 1: The Harbour", "Chapter 2: The Bridge", "Chapter 3: The Mill",
                          "Chapter 4: The Tower"};
  const double decoded_s = double(testing::Mp3DecodedSamples(mp3)) / 22050;
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(marks[i].title, titles[i]);
    EXPECT_GT(marks[i].end, marks[i].start + 5);
    if (i > 0) {
      EXPECT_DOUBLE_EQ(marks[i].start, marks[i - 1].end) << "marks cover the file without gaps";
    }
  }
  EXPECT_EQ(marks.front().start, 0.0);
  EXPECT_NEAR(marks.back().end, decoded_s, 0.002);
  auto tags = testing::Ffprobe(mp3);
  EXPECT_EQ(tags["title"], "Book");
  EXPECT_EQ(tags["album"], "Book");
  EXPECT_EQ(tags["artist"], "A. Writer");
  EXPECT_EQ(tags["album_artist"], "A. Writer");
  EXPECT_EQ(tags["composer"], "E. Speak");
  EXPECT_EQ(tags["date"], "2026");
  EXPECT_EQ(tags["comment"], "Lamps and fog.");
  auto picture = RunCommand("ffprobe -v error -select_streams v -show_entries stream=codec_name:stream_disposition="
                            "attached_pic -of csv=p=0 " + Quote(mp3));
  EXPECT_EQ(picture.out, "mjpeg,1\n");  // the PNG, made a JPEG for players
  EXPECT_NE(testing::ReadFile(Path("out/Book.m3u8")).find("Book.mp3"), std::string::npos);
}

TEST_F(Packaging, AuthorTitleLayoutForAudiobookServers) {
  auto r = Narrate("build book.txt -o lib --layout author-title --author 'Ann Vask' --title 'The Lamps' -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(Path("lib/Ann Vask/The Lamps/01 - Chapter 1 - The Harbour.mp3")));
  EXPECT_TRUE(fs::exists(Path("lib/Ann Vask/The Lamps/The Lamps.m3u8")));
  auto bad = Narrate("build book.txt --layout nested");
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(Packaging, BadCoverIsAnErrorAndNothingIsWritten) {
  auto missing = Narrate("build book.txt -o out --cover nope.jpg");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "narrate: nope.jpg: No such file or directory\n");
  testing::WriteFile(Path("cover.jpg"), "this is text, not a picture");
  auto text = Narrate("build book.txt -o out --cover cover.jpg");
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_EQ(text.err, "narrate: cover.jpg: not a JPEG, PNG or SVG image\n");
  EXPECT_FALSE(fs::exists(Path("out")));
  auto low = Narrate("build book.txt -o out --single-file --bitrate 32");
  EXPECT_EQ(low.exit_code, 2);
  EXPECT_NE(low.err.find("--single-file needs --bitrate 56 or more"), std::string::npos) << low.err;
  EXPECT_FALSE(fs::exists(Path("out")));
}

// ffmpeg's own measurement of one file: overall RMS and peak (astats), and
// the first and last stretch under -60 dB lasting 0.3 s or more (silencedetect).
struct Measured {
  double rms_db = 0, peak_db = 0;
  double head_s = -1, tail_s = -1, last_silence_end = -1;
  double duration_s = 0;
};

Measured Measure(const std::string& mp3) {
  auto r = RunCommand("ffmpeg -nostats -i " + Quote(mp3) +
                      " -af astats=measure_perchannel=none,silencedetect=noise=-60dB:d=0.3 -f null -");
  Measured m;
  std::istringstream lines(r.err);
  double start = -1;
  for (std::string line; std::getline(lines, line);) {
    auto value = [&](const std::string& key) { return std::stod(line.substr(line.find(key) + key.size())); };
    if (line.find("RMS level dB:") != std::string::npos) m.rms_db = value("RMS level dB:");
    if (line.find("Peak level dB:") != std::string::npos) m.peak_db = value("Peak level dB:");
    if (line.find("silence_start:") != std::string::npos) start = value("silence_start:");
    if (line.find("silence_end:") != std::string::npos) {
      double end = value("silence_end:");
      if (start == 0 && m.head_s < 0) m.head_s = end;
      m.tail_s = end - start;
      m.last_silence_end = end;
    }
  }
  m.duration_s = std::stod(RunCommand("ffprobe -v error -show_entries format=duration -of csv=p=0 " + Quote(mp3)).out);
  return m;
}

TEST_F(Packaging, AcxBuildPassesCheckAcxAndFfmpegAgrees) {
  auto r = Narrate("build book.txt -o acx --acx --credits --narrator 'E. Speak' -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto check = Narrate("check-acx acx");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  int files = 0;
  for (const std::string& name : Files("acx")) {
    if (!name.ends_with(".mp3")) continue;
    ++files;
    const std::string mp3 = Path("acx/" + name);
    auto stream = RunCommand("ffprobe -v error -show_entries stream=sample_rate,channels,bit_rate -of csv=p=0 " +
                             Quote(mp3));
    EXPECT_EQ(stream.out, "44100,1,192000\n") << name;
    Measured m = Measure(mp3);
    ASSERT_GT(m.duration_s, 3) << name;
    EXPECT_GE(m.rms_db, -23) << name;
    EXPECT_LE(m.rms_db, -18) << name;
    EXPECT_LE(m.peak_db, -3) << name;
    EXPECT_GE(m.head_s, 0.5) << name << ": room tone at the head";
    EXPECT_LE(m.head_s, 1.0) << name;
    EXPECT_GE(m.tail_s, 1.0) << name << ": room tone at the tail";
    EXPECT_LE(m.tail_s, 5.0) << name;
    EXPECT_NEAR(m.last_silence_end, m.duration_s, 0.05) << name << ": the tail runs to the end";
    // Room tone, not digital silence: nothing stays under -90 dB for 20 ms.
    auto digital = RunCommand("ffmpeg -nostats -i " + Quote(mp3) + " -af silencedetect=noise=-90dB:d=0.02 -f null -");
    ASSERT_EQ(digital.exit_code, 0);
    EXPECT_EQ(digital.err.find("silence_start"), std::string::npos) << name;
  }
  EXPECT_EQ(files, 6) << "four chapters and two credits";
  EXPECT_TRUE(fs::exists(Path("acx/00 - Opening Credits.mp3")));
  EXPECT_TRUE(fs::exists(Path("acx/05 - Closing Credits.mp3")));
}

TEST_F(Packaging, FlacAndWavHoldExactlyTheSamplesRendered) {
  for (const std::string format : {"flac", "wav"}) {
    auto r = Narrate("build book.txt -o " + format + " --format " + format + " --part-bytes 300 -q");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string manifest = testing::ReadFile(Path(format + "/.narrate-manifest.json"));
    int files = 0;
    for (const std::string& name : Files(format)) {
      if (!name.ends_with("." + format)) continue;
      ++files;
      int rate = 0;
      std::int64_t frames = testing::WavFrames(Path(format + "/" + name), &rate);  // libsndfile reads both
      EXPECT_EQ(rate, 22050);
      EXPECT_GT(frames, 22050 * 5);
      EXPECT_NE(manifest.find("\"samples\": " + std::to_string(frames)), std::string::npos) << name;
    }
    EXPECT_EQ(files, 4) << format;
  }
  auto bad = Narrate("build book.txt -o x --format ogg");
  EXPECT_EQ(bad.exit_code, 2);
  auto single = Narrate("build book.txt -o x --format flac --single-file");
  EXPECT_EQ(single.exit_code, 2);
  EXPECT_EQ(
      single.err,
      "narrate: --single-file needs MP3 (its chapter marks are ID3 frames) or M4B (its chapter "
      "marks are a chapter track and Nero chpl), not --format flac\n"
      "Run 'narrate build --help' for usage.\n");
  auto acx = Narrate("build book.txt -o x --format wav --acx");
  EXPECT_EQ(acx.exit_code, 2);
  EXPECT_EQ(acx.err,
            "narrate: --acx makes MP3 files; it cannot be combined with --format wav\n"
            "Run 'narrate build --help' for usage.\n");
  auto picked = Narrate("build book.txt -o x --single-file --chapters 1");
  EXPECT_EQ(picked.exit_code, 2);
  EXPECT_EQ(picked.err,
            "narrate: --chapters cannot be combined with --single-file\n"
            "Run 'narrate build --help' for usage.\n");
  EXPECT_FALSE(fs::exists(Path("x")));
}

}  // namespace
}  // namespace narrate
