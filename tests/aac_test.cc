// AAC-LC in MP4 (output/encode/aac.h), checked with the ffmpeg and ffprobe
// programs: codec, exact durations, seamless segment joins, chapters, tags and
// cover as another reader sees them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "output/encode/aac.h"
#include "tests/support/probe.h"

namespace narrate::encode {
namespace {

constexpr int kRate = 22050;
constexpr int kFrame = kAacFrameSamples;

// A tone burst: silence, `tone` samples of 440 Hz at amplitude 0.3 with
// 5 ms fades, silence; `lead` and `total` in samples.
std::vector<float> Burst(std::size_t total, std::size_t lead, std::size_t tone, double hz = 440) {
  std::vector<float> out(total, 0.0f);
  const double fade = 0.005 * kRate;
  for (std::size_t i = 0; i < tone && lead + i < total; ++i) {
    double gain = std::min({1.0, double(i) / fade, double(tone - i) / fade});
    out[lead + i] = static_cast<float>(0.3 * gain * std::sin(2 * M_PI * hz * double(i) / kRate));
  }
  return out;
}

// The first sample at or after `from` whose magnitude exceeds threshold, or -1.
std::int64_t Onset(const std::vector<float>& pcm, std::size_t from, float threshold = 0.01f) {
  for (std::size_t i = from; i < pcm.size(); ++i) {
    if (std::fabs(pcm[i]) > threshold) return static_cast<std::int64_t>(i);
  }
  return -1;
}

float Peak(const std::vector<float>& pcm, std::size_t begin, std::size_t end) {
  float peak = 0;
  for (std::size_t i = begin; i < end && i < pcm.size(); ++i)
    peak = std::max(peak, std::fabs(pcm[i]));
  return peak;
}

// Signal to error ratio of b against a over a's length, in dB.
double SnrDb(const std::vector<float>& a, const std::vector<float>& b) {
  double signal = 0, error = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    double d = (i < b.size() ? b[i] : 0.0f) - a[i];
    signal += double(a[i]) * a[i];
    error += d * d;
  }
  return 10 * std::log10(signal / std::max(error, 1e-20));
}

class AacTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  // The whole file decoded by ffmpeg to mono floats.
  std::vector<float> Decode(const std::string& path) {
    std::string raw = Path("decoded.f32");
    testing::CommandResult r = testing::RunCommand("ffmpeg -v error -y -i " + testing::Quote(path) +
                                                   " -f f32le -ac 1 " + testing::Quote(raw));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string bytes = testing::ReadFile(raw);
    std::vector<float> pcm(bytes.size() / sizeof(float));
    std::memcpy(pcm.data(), bytes.data(), pcm.size() * sizeof(float));
    return pcm;
  }

  // ffprobe -show_<what> of the file as flat key=value pairs.
  std::map<std::string, std::string> Probe(const std::string& path, const std::string& what) {
    testing::CommandResult r =
        testing::RunCommand("ffprobe -v error -of flat " + what + " " + testing::Quote(path));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, std::string> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
      std::size_t eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string value = line.substr(eq + 1);
      if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
      out[line.substr(0, eq)] = value;
    }
    return out;
  }

  // The samples the audio track presents (the edit list, or stts when none).
  std::int64_t PresentedSamples(const std::string& path) {
    auto stream = Probe(path, "-select_streams a:0 -show_entries stream=duration_ts");
    return std::stoll(stream["streams.stream.0.duration_ts"]);
  }

  void WriteSegment(const std::string& path, const std::vector<float>& pcm) {
    auto encoder = OpenAacSegment(path, kRate, 64);
    ASSERT_TRUE(encoder.ok()) << encoder.status().message();
    ASSERT_TRUE((*encoder)->WriteFloat(pcm).ok());
    Status flushed = (*encoder)->Flush();
    ASSERT_TRUE(flushed.ok()) << flushed.message();
  }

  // Three segments with tone bursts at known places, their samples joined in
  // *timeline; the paths returned.
  std::vector<std::string> ThreeSegments(std::vector<float>* timeline) {
    const std::vector<std::vector<float>> parts = {Burst(20 * kFrame, 3000, 8000),
                                                   Burst(12 * kFrame, 2100, 7000, 660),
                                                   Burst(16 * kFrame, 4000, 9000, 550)};
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      paths.push_back(Path("seg" + std::to_string(i) + ".aacseg"));
      WriteSegment(paths.back(), parts[i]);
      timeline->insert(timeline->end(), parts[i].begin(), parts[i].end());
    }
    return paths;
  }

  std::string MakeImage(const std::string& name) {
    std::string path = Path(name);
    testing::CommandResult r = testing::RunCommand(
        "ffmpeg -v error -y -f lavfi -i testsrc=size=40x30:duration=1 -frames:v 1 " +
        testing::Quote(path));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return testing::ReadFile(path);
  }

  std::string dir_;
};

TEST(AacBitrate, RangeDependsOnTheRate) {
  EXPECT_TRUE(CheckAacBitrate(22050, 64).ok());
  EXPECT_TRUE(CheckAacBitrate(22050, 8).ok());
  EXPECT_TRUE(CheckAacBitrate(22050, 132).ok());
  EXPECT_TRUE(CheckAacBitrate(44100, 256).ok());
  EXPECT_EQ(CheckAacBitrate(22050, 133).message(),
            "--bitrate 133 is not an AAC-LC rate for 22050 Hz mono; use 8..132 kbps");
  EXPECT_FALSE(CheckAacBitrate(22050, 7).ok());
  EXPECT_FALSE(CheckAacBitrate(48000, 289).ok());
  EXPECT_EQ(CheckAacBitrate(22000, 64).message(), "22000 Hz is not an AAC sampling rate");
}

// FFmpeg stays behind aac.h: only aac_internal.h includes it, only aac_*.cc
// include that.
TEST(AacLayering, OnlyTheAacFilesIncludeFfmpeg) {
  namespace fs = std::filesystem;
  const fs::path root = NARRATE_SOURCE_DIR;
  std::size_t includers = 0;
  for (const char* folder : {"app", "cli", "common", "output", "pipeline", "pronunciation",
                             "source", "studio", "tts", "voices"}) {
    if (!fs::exists(root / folder)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      if (text.str().find("<libav") == std::string::npos &&
          text.str().find("encode/aac_internal.h\"") == std::string::npos) {
        continue;
      }
      ++includers;
      EXPECT_TRUE(entry.path().parent_path() == root / "output/encode" &&
                  entry.path().filename().string().starts_with("aac_"))
          << entry.path();
    }
  }
  // narrate-aac.so's files (the module, loaded on first use: common/module.h).
  EXPECT_EQ(includers, 5u) << "aac_internal.h, the three aac_*.cc and aac_module.cc";
}

TEST(AacBitrate, VersionNamesLibavcodecAndTheEncoder) {
  std::string version = AacEncoderVersion();
  EXPECT_TRUE(version.starts_with("Lavc")) << version;
  EXPECT_TRUE(version.ends_with(" aac fast>=64kbps")) << version;
}

// int16 and float chunks of odd sizes, not a whole number of frames: the file
// presents exactly what was written, starting with the first sample.
TEST_F(AacTest, M4aIsMonoAacPresentingExactlyTheSamplesWritten) {
  const std::size_t total = 2 * kRate + 333;
  std::vector<float> pcm = Burst(total, 5000, 30000);
  Mp4Tags tags;
  tags.title = "Short";
  auto encoder = OpenM4a(Path("a.m4a"), kRate, 64, tags);
  ASSERT_TRUE(encoder.ok()) << encoder.status().message();
  for (std::size_t at = 0, chunk = 1; at < total; at += chunk, chunk = chunk * 3 + 7) {
    chunk = std::min(chunk, total - at);
    if (chunk % 2 == 0) {
      ASSERT_TRUE((*encoder)->WriteFloat(std::span(pcm).subspan(at, chunk)).ok());
      continue;
    }
    std::vector<std::int16_t> ints(chunk);
    for (std::size_t i = 0; i < chunk; ++i) ints[i] = FloatToInt16(pcm[at + i]);
    ASSERT_TRUE((*encoder)->Write(ints).ok());
  }
  EXPECT_EQ((*encoder)->samples_written(), static_cast<std::int64_t>(total));
  ASSERT_TRUE((*encoder)->Flush().ok());

  auto stream = testing::FfprobeStream(Path("a.m4a"));
  EXPECT_EQ(stream["codec_name"], "aac");
  EXPECT_EQ(stream["profile"], "LC");
  EXPECT_EQ(stream["channels"], "1");
  EXPECT_EQ(stream["sample_rate"], "22050");
  EXPECT_EQ(PresentedSamples(Path("a.m4a")), static_cast<std::int64_t>(total));
  auto format = testing::Ffprobe(Path("a.m4a"));
  EXPECT_EQ(format["major_brand"], "M4A ");
  EXPECT_EQ(format["title"], "Short");
  EXPECT_NEAR(std::stod(format["duration"]), double(total) / kRate, 1e-6);

  std::vector<float> decoded = Decode(Path("a.m4a"));
  // ffmpeg 5.1 skips the priming by the edit list but decodes the last frame
  // whole: the presented end is cut by players, not by ffmpeg's decoder.
  EXPECT_GE(decoded.size(), total);
  EXPECT_LT(decoded.size(), total + kFrame);
  EXPECT_NEAR(Onset(decoded, 0), 5000 + Onset(Burst(total, 0, 30000), 0), 2);
  decoded.resize(total);
  EXPECT_GT(SnrDb(pcm, decoded), 15);
}

TEST_F(AacTest, M4aFailsNamingAPathItCannotCreate) {
  const std::string path = Path("missing/dir/x.m4a");
  auto encoder = OpenM4a(path, kRate, 64);
  ASSERT_FALSE(encoder.ok());
  EXPECT_NE(encoder.status().message().find(path), std::string::npos) << encoder.status().message();
  EXPECT_NE(encoder.status().message().find("No such file or directory"), std::string::npos)
      << encoder.status().message();
  EXPECT_FALSE(OpenM4a(Path("x.m4a"), kRate, 500).ok());
}

TEST_F(AacTest, ChaptersNeedTheLengthAndAnOrder) {
  Mp4Tags tags;
  tags.chapters = {{"One", 0}, {"Two", 2048}};
  auto m4a = OpenM4a(Path("x.m4a"), kRate, 64, tags);
  ASSERT_FALSE(m4a.ok());
  EXPECT_EQ(m4a.status().message(),
            Path("x.m4a") + ": chapters need the length of the audio in advance");

  WriteSegment(Path("a.aacseg"), Burst(4 * kFrame, 1500, 1000));
  tags.chapters = {{"One", 0}, {"Two", 3000}, {"Three", 2000}};
  EXPECT_EQ(JoinAacSegments({Path("a.aacseg")}, 0, 4 * kFrame, tags, Path("x.m4b")).message(),
            Path("x.m4b") + ": chapter 2 (\"Two\") starts after the next or the end");
  tags.chapters = {{"One", 10}};
  EXPECT_EQ(JoinAacSegments({Path("a.aacseg")}, 0, 4 * kFrame, tags, Path("x.m4b")).message(),
            Path("x.m4b") + ": the first chapter starts at sample 10, not 0");
}

TEST_F(AacTest, SegmentsJoinWithoutClicksOrShifts) {
  std::vector<float> timeline;
  std::vector<std::string> paths = ThreeSegments(&timeline);
  const auto samples = static_cast<std::int64_t>(timeline.size());
  ASSERT_TRUE(JoinAacSegments(paths, 0, samples, Mp4Tags{}, Path("joined.m4b")).ok());
  EXPECT_EQ(PresentedSamples(Path("joined.m4b")), samples);
  std::vector<float> decoded = Decode(Path("joined.m4b"));
  ASSERT_GE(decoded.size(), timeline.size());

  const std::size_t starts[] = {0, 20 * kFrame, 32 * kFrame};
  for (std::size_t start : starts) {
    EXPECT_NEAR(Onset(decoded, start), Onset(timeline, start), 2) << "segment at " << start;
    // The joins lie in silence: 1024 zeros on either side, well away from tones.
    if (start > 0) {
      EXPECT_LT(Peak(decoded, start - 600, start + 600), 1e-3f) << start;
    }
  }
  decoded.resize(timeline.size());
  EXPECT_GT(SnrDb(timeline, decoded), 15);
}

// Why the join is seamless: a segment's kept packets decode, joined, to what
// they decode to alone, because the frames around each join code silence.
TEST_F(AacTest, ASegmentDecodesJoinedAsItDoesAlone) {
  std::vector<float> timeline;
  std::vector<std::string> paths = ThreeSegments(&timeline);
  ASSERT_TRUE(
      JoinAacSegments(paths, 0, static_cast<std::int64_t>(timeline.size()), {}, Path("all.m4a"))
          .ok());
  ASSERT_TRUE(JoinAacSegments({paths[1]}, 0, 12 * kFrame, {}, Path("middle.m4a")).ok());
  std::vector<float> all = Decode(Path("all.m4a"));
  std::vector<float> middle = Decode(Path("middle.m4a"));
  ASSERT_GE(all.size(), 32u * kFrame);
  ASSERT_GE(middle.size(), 12u * kFrame);
  float difference = 0;
  for (std::size_t i = 0; i < 12 * kFrame; ++i) {
    difference = std::max(difference, std::fabs(all[20 * kFrame + i] - middle[i]));
  }
  // Not bit-exact: where the encoder used perceptual noise substitution the
  // decoder draws noise from a generator whose state the earlier segments
  // moved on (with aac_pns=0 the difference is 0). It stays below one int16
  // step; a misaligned or unseamed join differs by the tone's 0.3.
  EXPECT_LT(difference, 1.0f / 32768);
  EXPECT_GT(Peak(middle, 2100, 9100), 0.2f);
}

TEST_F(AacTest, JoinPresentsFromSkipSamplesOn) {
  std::vector<float> timeline;
  std::vector<std::string> paths = ThreeSegments(&timeline);
  const std::int64_t skip = 1500, samples = static_cast<std::int64_t>(timeline.size()) - 2200;
  ASSERT_TRUE(JoinAacSegments(paths, skip, samples, {}, Path("skip.m4a")).ok());
  EXPECT_EQ(PresentedSamples(Path("skip.m4a")), samples);
  std::vector<float> decoded = Decode(Path("skip.m4a"));
  ASSERT_GE(decoded.size(), static_cast<std::size_t>(samples));
  EXPECT_NEAR(Onset(decoded, 0), Onset(timeline, 0) - skip, 2);
  EXPECT_NEAR(Onset(decoded, 20 * kFrame - skip), Onset(timeline, 20 * kFrame) - skip, 2);
  EXPECT_NEAR(std::stod(testing::Ffprobe(Path("skip.m4a"))["duration"]), double(samples) / kRate,
              1e-6);

  Status too_long = JoinAacSegments(paths, skip, samples + 2201, {}, Path("bad.m4a"));
  EXPECT_FALSE(too_long.ok());
}

TEST_F(AacTest, AudiobookCarriesChaptersTagsAndCover) {
  std::vector<float> timeline;
  std::vector<std::string> paths = ThreeSegments(&timeline);
  const auto samples = static_cast<std::int64_t>(timeline.size());
  Mp4Tags tags;
  tags.title = "The Time Machine";
  tags.album = "The Time Machine";
  tags.artist = "H. G. Wells";
  tags.album_artist = "H. G. Wells";
  tags.composer = "eSpeak NG";
  tags.date = "1895";
  tags.genre = "Audiobook";
  tags.description = "A traveller's tale.";
  tags.publisher = "narrate";
  tags.track = "1/1";
  tags.cover = MakeImage("cover.png");
  tags.audiobook = true;
  tags.chapters = {{"Introduction", 0},
                   {"The Machine", 20 * kFrame},
                   {"The Time Traveller Returns", 32 * kFrame + 777}};
  const std::string book = Path("book.m4b");
  Status joined = JoinAacSegments(paths, 0, samples, tags, book);
  ASSERT_TRUE(joined.ok()) << joined.message();

  auto format = testing::Ffprobe(book);
  EXPECT_EQ(format["major_brand"], "M4B ");
  EXPECT_EQ(format["title"], "The Time Machine");
  EXPECT_EQ(format["album"], "The Time Machine");
  EXPECT_EQ(format["artist"], "H. G. Wells");
  EXPECT_EQ(format["album_artist"], "H. G. Wells");
  EXPECT_EQ(format["composer"], "eSpeak NG");
  EXPECT_EQ(format["date"], "1895");
  EXPECT_EQ(format["genre"], "Audiobook");
  EXPECT_EQ(format["description"], "A traveller's tale.");
  EXPECT_EQ(format["comment"], "A traveller's tale.");
  EXPECT_EQ(format["track"], "1/1");
  EXPECT_EQ(format["media_type"], "2");  // stik: audiobook

  auto chapters = Probe(book, "-show_chapters");
  EXPECT_EQ(chapters.count("chapters.chapter.3.id"), 0u);
  for (std::size_t i = 0; i < tags.chapters.size(); ++i) {
    const std::string key = "chapters.chapter." + std::to_string(i) + ".";
    EXPECT_EQ(chapters[key + "tags.title"], tags.chapters[i].title);
    EXPECT_NEAR(std::stod(chapters[key + "start_time"]),
                double(tags.chapters[i].start_samples) / kRate, 0.001);
  }
  EXPECT_NEAR(std::stod(chapters["chapters.chapter.2.end_time"]), double(samples) / kRate, 0.001);
  const std::string bytes = testing::ReadFile(book);
  EXPECT_NE(bytes.find("chpl"), std::string::npos) << "Nero chapters";
  EXPECT_NE(bytes.find("chap"), std::string::npos) << "the chapter track's reference";
  EXPECT_LT(bytes.find("moov"), bytes.find("mdat")) << "faststart";

  auto track = Probe(book, "-select_streams d -show_streams");
  EXPECT_EQ(track["streams.stream.0.codec_tag_string"], "text") << "QuickTime chapter track";
  EXPECT_EQ(track["streams.stream.0.duration_ts"], std::to_string(samples)) << "to the end";

  auto cover = Probe(book, "-select_streams v -show_streams");
  EXPECT_EQ(cover["streams.stream.0.codec_name"], "png");
  EXPECT_EQ(cover["streams.stream.0.width"], "40");
  EXPECT_EQ(cover["streams.stream.0.height"], "30");
  EXPECT_EQ(cover["streams.stream.0.disposition.attached_pic"], "1");
}

TEST_F(AacTest, AJpegCoverAndAMusicBrand) {
  std::vector<float> timeline;
  std::vector<std::string> paths = ThreeSegments(&timeline);
  Mp4Tags tags;
  tags.title = "Song";
  tags.cover = MakeImage("cover.jpg");
  ASSERT_TRUE(JoinAacSegments(paths, 0, 1000, tags, Path("song.m4a")).ok());
  EXPECT_EQ(testing::Ffprobe(Path("song.m4a"))["major_brand"], "M4A ");
  EXPECT_EQ(testing::Ffprobe(Path("song.m4a")).count("media_type"), 0u);
  auto cover = Probe(Path("song.m4a"), "-select_streams v -show_streams");
  EXPECT_EQ(cover["streams.stream.0.codec_name"], "mjpeg");
  EXPECT_EQ(cover["streams.stream.0.disposition.attached_pic"], "1");
  EXPECT_EQ(PresentedSamples(Path("song.m4a")), 1000);

  tags.cover = "GIF89a";
  Status gif = JoinAacSegments(paths, 0, 1000, tags, Path("gif.m4a"));
  EXPECT_EQ(gif.message(), Path("gif.m4a") + ": the cover is neither JPEG nor PNG");
}

TEST_F(AacTest, SegmentFlushKeepsTheContract) {
  auto odd = OpenAacSegment(Path("odd.aacseg"), kRate, 64);
  ASSERT_TRUE(odd.ok());
  ASSERT_TRUE((*odd)->WriteFloat(std::vector<float>(3000, 0.0f)).ok());
  Status flushed = (*odd)->Flush();
  EXPECT_EQ(flushed.message(),
            Path("odd.aacseg") + ": an AAC segment holds a multiple of 1024 samples, not 3000");

  auto loud = OpenAacSegment(Path("loud.aacseg"), kRate, 64);
  ASSERT_TRUE(loud.ok());
  ASSERT_TRUE((*loud)->WriteFloat(Burst(4 * kFrame, 500, 2000)).ok());
  EXPECT_FALSE((*loud)->Flush().ok()) << "the first 1024 samples are not silent";
  EXPECT_EQ(*AacSegmentSamples(Path("loud.aacseg")), 0) << "unfinished";

  WriteSegment(Path("good.aacseg"), Burst(6 * kFrame, 1500, 2000));
  EXPECT_EQ(*AacSegmentSamples(Path("good.aacseg")), 6 * kFrame);
  EXPECT_EQ(*AacSegmentSamples(Path("none.aacseg")), 0);
  testing::WriteFile(Path("text.aacseg"), "not a segment at all, just text");
  EXPECT_EQ(*AacSegmentSamples(Path("text.aacseg")), 0);
}

TEST_F(AacTest, JoinNamesTheSegmentItCannotUse) {
  WriteSegment(Path("a.aacseg"), Burst(4 * kFrame, 1500, 1000));
  Status missing =
      JoinAacSegments({Path("a.aacseg"), Path("gone.aacseg")}, 0, 4 * kFrame, {}, Path("out.m4a"));
  EXPECT_NE(missing.message().find(Path("gone.aacseg")), std::string::npos) << missing.message();

  auto other = OpenAacSegment(Path("b.aacseg"), kRate, 32);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->WriteFloat(Burst(4 * kFrame, 1500, 1000)).ok());
  ASSERT_TRUE((*other)->Flush().ok());
  Status mixed =
      JoinAacSegments({Path("a.aacseg"), Path("b.aacseg")}, 0, 8 * kFrame, {}, Path("out.m4a"));
  EXPECT_NE(mixed.message().find(Path("b.aacseg") + ": AAC segment of another rate or bitrate"),
            std::string::npos)
      << mixed.message();

  Status bad_out = JoinAacSegments({Path("a.aacseg")}, 0, 4 * kFrame, {}, Path("no/dir/o.m4b"));
  EXPECT_NE(bad_out.message().find(Path("no/dir/o.m4b")), std::string::npos) << bad_out.message();
}

}  // namespace
}  // namespace narrate::encode
