// M4B builds (output/encode/m4b.h, the m4b row of the format table): one
// file for the book whose chapters start where a single-file MP3 build of
// the same book starts them, tags and cover, and rebuilds that encode only
// the chapters that changed and give the file a full build gives. Also the
// chapter grid of joined MP3s and LAME's part spans the M4B copies.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "output/encode/encoder.h"
#include "output/formats/formats.h"
#include "pipeline/manifest.h"
#include "pipeline/pipeline.h"
#include "tests/support/books.h"
#include "tests/support/fake_build_test.h"
#include "tests/support/fakes.h"
#include "tests/support/probe.h"
#include "tests/support/program.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using testing::ProbedChapter;

// Writes `samples` samples of a tone between silences into an MP3 part.
void WriteMp3Part(const std::string& path, std::int64_t samples) {
  auto encoder = encode::OpenMp3(path, encode::Mp3Settings{22050, 64});
  ASSERT_TRUE(encoder.ok()) << encoder.status().message();
  std::vector<std::int16_t> pcm(static_cast<std::size_t>(samples), 0);
  for (std::size_t i = 0; i + 2000 < pcm.size(); ++i) {
    if (i > 2000) pcm[i] = static_cast<std::int16_t>(8000 * std::sin(i * 0.05));
  }
  ASSERT_TRUE((*encoder)->Write(pcm).ok());
  ASSERT_TRUE((*encoder)->Flush().ok());
}

TEST(ChapterGrid, PartSpansAreWhatLameWrites) {
  const std::string dir = testing::MakeTempDir();
  std::vector<std::string> parts;
  const std::vector<std::int64_t> lengths{1, 575, 576, 577, 1729, 22050, 30001};
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    parts.push_back(dir + "/p" + std::to_string(i) + ".mp3");
    WriteMp3Part(parts.back(), lengths[i]);
  }
  auto joined = encode::JoinMp3(parts, dir + "/all.mp3");
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  for (std::size_t i = 0; i + 1 < lengths.size(); ++i) {
    EXPECT_EQ(joined->part_start_samples[i + 1] - joined->part_start_samples[i],
              encode::Mp3PartSpanSamples(lengths[i], 22050))
        << lengths[i] << " samples";
  }
  EXPECT_EQ(encode::Mp3PartSpanSamples(1, 22050), 1728);
  EXPECT_EQ(encode::Mp3PartSpanSamples(22050, 22050), 23616);
  EXPECT_EQ(encode::Mp3PartSpanSamples(1, 44100), 2304);
  fs::remove_all(dir);
}

TEST(ChapterGrid, PadReachesTheGridWithRoomForASeamlessJoin) {
  EXPECT_EQ(encode::ChapterPadSamples(23616, 1566, 576), 4032);
  EXPECT_EQ(encode::ChapterPadSamples(9216, 1152, 576), 9216)
      << "on the grid, but too little silence";
  EXPECT_EQ(encode::ChapterPadSamples(9216 - 576, 2048, 576), 576);
  for (std::int64_t span = 576; span < 40000; span += 576) {
    const std::int64_t pad = encode::ChapterPadSamples(span, 1200, 576);
    EXPECT_EQ((span + pad) % encode::kChapterGridSamples, 0);
    EXPECT_GE(pad + 1200, 2048);
    EXPECT_LT(pad, encode::kChapterGridSamples + 2048);
  }
}

TEST(ChapterGrid, JoinedMp3ChaptersStartOnTheGridAndDecodeToTheirLength) {
  const std::string dir = testing::MakeTempDir();
  std::vector<std::string> parts;
  for (std::int64_t n : {30000, 12345, 40000, 5000, 22050}) {
    parts.push_back(dir + "/p" + std::to_string(parts.size()) + ".mp3");
    WriteMp3Part(parts.back(), n);
  }
  auto joined = encode::JoinMp3(parts, dir + "/all.mp3", {0, 2, 4});
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  EXPECT_EQ(joined->part_start_samples[2] % encode::kChapterGridSamples, 0);
  EXPECT_EQ(joined->part_start_samples[4] % encode::kChapterGridSamples, 0);
  EXPECT_EQ(joined->part_start_samples[1] - joined->part_start_samples[0],
            encode::Mp3PartSpanSamples(30000, 22050))
      << "inside a chapter, parts follow one another as before";
  EXPECT_EQ(testing::Mp3DecodedSamples(dir + "/all.mp3"), joined->samples);
  std::vector<std::int16_t> pcm;
  testing::Mp3Decode(dir + "/all.mp3", &pcm);
  // The silence added after chapter 1 decodes to silence.
  const std::int64_t chapter1_end = joined->part_start_samples[1] + 12345;
  std::int64_t loudest = 0;
  for (std::int64_t i = chapter1_end + 200; i < joined->part_start_samples[2] - 200; ++i)
    loudest = std::max<std::int64_t>(loudest, std::abs(pcm[static_cast<std::size_t>(i)]));
  EXPECT_LT(loudest, 40);
  fs::remove_all(dir);
}

// In-process builds through the fakes, as tests/rebuild_test.cc does.
class M4bBuild : public testing::FakeBuildTest {
 protected:
  void SetUp() override {
    FakeBuildTest::SetUp();
    Write("book.txt", testing::LongBook());
    book_ = "book.txt";
    options_.part_bytes = 300;  // four chapters in two parts each
  }
  pipeline::BuildReport BuildInto(const std::string& dir, const std::string& format, int rendered) {
    options_.output_dir = Path(dir);
    options_.format = format;
    options_.single_file = format == "mp3";
    return BuildRendering(rendered);
  }
  // The encoded chapters the last M4B build kept, with their stamps.
  std::map<std::string, std::string> Segments(const std::string& dir) const {
    std::map<std::string, std::string> out;
    const fs::path work = Path(dir + "/.narrate-cache/join-m4b");
    for (const auto& e : fs::directory_iterator(work)) {
      struct stat st {};
      ::stat(e.path().c_str(), &st);
      out[e.path().filename()] =
          std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_nsec);
    }
    return out;
  }
};

TEST_F(M4bBuild, ChaptersStartWhereTheSingleFileMp3StartsThem) {
  BuildInto("mp3", "mp3", 8);
  pipeline::BuildReport m4b = BuildInto("m4b", "m4b", 8);
  ASSERT_TRUE(fs::exists(Path("m4b/Book.m4b")));
  EXPECT_FALSE(fs::exists(Path("m4b/01 - Chapter 1 - The Harbour.m4b")))
      << "one file, not one per chapter";
  EXPECT_EQ(testing::FfprobeStream(Path("m4b/Book.m4b"))["codec_name"], "aac");
  const std::vector<ProbedChapter> a = testing::FfprobeChapters(Path("mp3/Book.mp3"));
  const std::vector<ProbedChapter> b = testing::FfprobeChapters(Path("m4b/Book.m4b"));
  ASSERT_EQ(b.size(), 4u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(b[i].title, a[i].title);
    EXPECT_NEAR(b[i].start_s, a[i].start_s, 0.001) << b[i].title;
  }
  EXPECT_EQ(b[1].title, "Chapter 2: The Bridge");
  const double mp3_s = std::stod(testing::Ffprobe(Path("mp3/Book.mp3"))["duration"]);
  const double m4b_s = std::stod(testing::Ffprobe(Path("m4b/Book.m4b"))["duration"]);
  EXPECT_NEAR(m4b_s, mp3_s, 0.05) << "ffprobe's MP3 figure counts LAME's delay and padding";
  const double mp3_decoded_s = testing::Mp3DecodedSamples(Path("mp3/Book.mp3")) / 22050.0;
  EXPECT_NEAR(m4b_s, mp3_decoded_s, 0.05);
  EXPECT_GT(m4b_s, mp3_decoded_s) << "the M4B's tail of silence";
  pipeline::Manifest mp3_manifest = pipeline::LoadManifest(Path("mp3"));
  pipeline::Manifest m4b_manifest = pipeline::LoadManifest(Path("m4b"));
  EXPECT_EQ(m4b_manifest["Book.m4b"].starts, mp3_manifest["Book.mp3"].starts)
      << "the same samples, not just the same milliseconds";
  EXPECT_EQ(m4b_manifest["Book.m4b"].samples, mp3_manifest["Book.mp3"].samples + 864);
  ASSERT_EQ(m4b.chapters.size(), 4u);
  EXPECT_EQ(m4b.chapters[2].start_samples, m4b_manifest["Book.m4b"].starts[2]);
  EXPECT_EQ(Segments("m4b").size(), 4u) << "a segment per chapter, kept";
}

TEST_F(M4bBuild, TheFileCarriesTheBooksTagsAndCover) {
  options_.tags.narrator = "Ada Reader";
  options_.tags.year = "1901";
  options_.tags.description = "Lamps along a quay.";
  BuildInto("m4b", "m4b", 8);
  std::map<std::string, std::string> tags = testing::Ffprobe(Path("m4b/Book.m4b"));
  EXPECT_EQ(tags["title"], "Book");
  EXPECT_EQ(tags["album"], "Book");
  EXPECT_EQ(tags["composer"], "Ada Reader");
  EXPECT_EQ(tags["date"], "1901");
  EXPECT_EQ(tags["genre"], "Audiobook");
  EXPECT_EQ(tags["description"], "Lamps along a quay.");
  EXPECT_EQ(tags["major_brand"], "M4B ");
  EXPECT_EQ(tags["media_type"], "2");
}

TEST_F(M4bBuild, ARebuildEncodesOnlyTheChangedChapterAndEqualsAFullBuild) {
  BuildInto("m4b", "m4b", 8);
  const std::map<std::string, std::string> before = Segments("m4b");
  std::string text = testing::LongBook();
  text.replace(text.rfind("the fog came in"), 15, "the fog came by");  // chapter 4
  Write("book.txt", text);
  BuildInto("m4b", "m4b", 1);
  const std::map<std::string, std::string> after = Segments("m4b");
  ASSERT_EQ(after.size(), 4u) << "the replaced chapter's old segment is removed";
  int kept = 0;
  for (const auto& [name, stamp] : after) kept += before.contains(name) && before.at(name) == stamp;
  EXPECT_EQ(kept, 3) << "chapters 1-3 are not encoded again";
  BuildInto("full", "m4b", 8);
  EXPECT_EQ(testing::ReadFile(Path("m4b/Book.m4b")), testing::ReadFile(Path("full/Book.m4b")))
      << "a rebuild gives the file a full build gives";
  EXPECT_EQ(pipeline::LoadManifest(Path("m4b"))["Book.m4b"].samples,
            pipeline::LoadManifest(Path("full"))["Book.m4b"].samples);
}

TEST_F(M4bBuild, NothingChangedWritesNothing) {
  BuildInto("m4b", "m4b", 8);
  const std::string before = testing::ReadFile(Path("m4b/Book.m4b"));
  pipeline::BuildReport again = BuildInto("m4b", "m4b", 0);
  for (const pipeline::ChapterResult& c : again.chapters) EXPECT_TRUE(c.up_to_date);
  EXPECT_EQ(testing::ReadFile(Path("m4b/Book.m4b")), before);
}

TEST_F(M4bBuild, ChaptersAndBitrateAreCheckedByTheTable) {
  options_.format = "m4b";
  options_.chapters = {2};
  EXPECT_EQ(pipeline::CheckBuildOptions(source::Book{}, options_).message(),
            "--chapters cannot be combined with --format m4b (one file for the whole book)");
  options_.chapters.clear();
  options_.bitrate_kbps = 100000;
  EXPECT_EQ(pipeline::CheckBuildOptions(source::Book{}, options_).code(), StatusCode::kUsage);
  EXPECT_EQ(formats::ByExtension("x.M4A"), formats::ByName("m4b"));
  EXPECT_TRUE(pipeline::SingleFile(options_));
}

// The built program, with eSpeak NG: what a user runs and what players read.
using M4bProgram = testing::Program;

TEST_F(M4bProgram, BuildWritesOneTaggedM4bWithChaptersAndCover) {
  ASSERT_EQ(testing::RunCommand("ffmpeg -v error -f lavfi -i color=c=red:s=32x32 -frames:v 1 " +
                                testing::Quote(dir_ + "/cover.png"))
                .exit_code,
            0);
  auto r = Narrate(
      "build road.md -o out --format m4b --cover cover.png --narrator 'E. Speak' "
      "--year 2026 --description 'Two days.' --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string m4b = dir_ + "/out/The Road.m4b";
  ASSERT_TRUE(fs::exists(m4b)) << r.out;
  EXPECT_FALSE(fs::exists(dir_ + "/out/01 - Chapter 1 - Dawn.m4b"));
  std::map<std::string, std::string> audio = testing::FfprobeStream(m4b);
  EXPECT_EQ(audio["codec_name"], "aac");
  EXPECT_EQ(audio["channels"], "1");
  const std::vector<ProbedChapter> chapters = testing::FfprobeChapters(m4b);
  ASSERT_EQ(chapters.size(), 2u);
  EXPECT_EQ(chapters[0].title, "Chapter 1: Dawn");
  EXPECT_EQ(chapters[1].title, "Chapter 2: Dusk");
  EXPECT_EQ(chapters[0].start_s, 0.0);
  std::map<std::string, std::string> tags = testing::Ffprobe(m4b);
  EXPECT_EQ(tags["title"], "The Road");
  EXPECT_EQ(tags["artist"], "Ann Vask");
  EXPECT_EQ(tags["album_artist"], "Ann Vask");
  EXPECT_EQ(tags["composer"], "E. Speak");
  EXPECT_EQ(tags["date"], "2026");
  EXPECT_EQ(tags["description"], "Two days.");
  EXPECT_EQ(tags["major_brand"], "M4B ");
  EXPECT_NEAR(std::stod(tags["duration"]), chapters[1].end_s, 0.002);
  auto picture = testing::RunCommand(
      "ffprobe -v error -select_streams v -show_entries stream=codec_name:stream_disposition="
      "attached_pic -of csv=p=0 " +
      testing::Quote(m4b));
  EXPECT_EQ(picture.out, "mjpeg,1\n");
  const std::string box = testing::ReadFile(m4b);
  EXPECT_NE(box.find("chpl"), std::string::npos) << "Nero chapters";
  EXPECT_NE(box.find("chap"), std::string::npos) << "the QuickTime chapter track's reference";
  EXPECT_TRUE(fs::exists(dir_ + "/out/cover.jpg"));
}

TEST_F(M4bProgram, SayWritesAnM4a) {
  auto r = Narrate("say 'The lamps were lit one by one.' -o take.m4a");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::FfprobeStream(dir_ + "/take.m4a")["codec_name"], "aac");
  EXPECT_EQ(testing::Ffprobe(dir_ + "/take.m4a")["major_brand"], "M4A ");
  auto wav = Narrate("say 'The lamps were lit one by one.' -o take.wav");
  ASSERT_EQ(wav.exit_code, 0) << wav.err;
  EXPECT_NEAR(std::stod(testing::Ffprobe(dir_ + "/take.m4a")["duration"]),
              testing::WavFrames(dir_ + "/take.wav") / 22050.0, 0.001)
      << "gapless: as long as the WAV";
  auto low = Narrate("say hi -o low.m4a --bitrate 1");
  EXPECT_EQ(low.exit_code, 2) << low.err;
  EXPECT_FALSE(fs::exists(dir_ + "/low.m4a"));
}

}  // namespace
}  // namespace narrate
