// The output format table (output/formats) and the build's format checks,
// which are look-ups in it: every refusal is a usage error with the message
// the CLI prints.
#include "output/formats/formats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numbers>

#include "pipeline/audio_out.h"
#include "pipeline/pipeline.h"
#include "tests/support/probe.h"
#include "tts/synth/engine.h"

namespace narrate {
namespace {

using formats::OutputFormat;

TEST(FormatTable, RowsSayWhatEachFormatCanDo) {
  ASSERT_EQ(formats::Names(), (std::vector<std::string>{"mp3", "m4b", "flac", "wav"}));
  const OutputFormat* mp3 = formats::ByName("mp3");
  ASSERT_NE(mp3, nullptr);
  EXPECT_EQ(mp3->extension, "mp3");
  EXPECT_TRUE(mp3->tagged());
  EXPECT_TRUE(mp3->has_bitrate());
  EXPECT_EQ(mp3->chapter_marks, "ID3 frames");
  EXPECT_EQ(mp3->min_exact_join_kbps, 56);
  EXPECT_EQ(&formats::Acx(), mp3);
  for (const char* name : {"flac", "wav"}) {
    const OutputFormat* f = formats::ByName(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->extension, name);
    EXPECT_FALSE(f->tagged()) << name;
    EXPECT_FALSE(f->has_bitrate()) << name;
    EXPECT_FALSE(f->has_chapters()) << name;
    EXPECT_FALSE(f->acx) << name;
  }
  EXPECT_EQ(formats::ByName("ogg"), nullptr);
  EXPECT_EQ(formats::ByName("MP3"), nullptr) << "--format names are exact";
  EXPECT_EQ(formats::NameList(), "mp3, m4b, flac, wav");
  EXPECT_EQ(formats::FormatHelp(), "mp3/m4b, or flac/wav (untagged) to master elsewhere");
}

TEST(FormatTable, FileNamesPickTheRowByExtension) {
  EXPECT_EQ(formats::ByExtension("out/01 - One.mp3"), formats::ByName("mp3"));
  EXPECT_EQ(formats::ByExtension("Shout.MP3"), formats::ByName("mp3"));
  EXPECT_EQ(formats::ByExtension("a.flac"), formats::ByName("flac"));
  EXPECT_EQ(formats::ByExtension("a.wav"), formats::ByName("wav"));
  EXPECT_EQ(formats::ByExtension("a.ogg"), nullptr);
  EXPECT_EQ(formats::ByExtension("mp3"), nullptr);
  EXPECT_EQ(formats::ByExtension("dir.mp3/take"), nullptr);
  // `say -o x` writes WAV for any name it does not know, as it always has.
  EXPECT_EQ(&formats::ForFileName("take"), formats::ByName("wav"));
  EXPECT_EQ(&formats::ForFileName("take.mp3"), formats::ByName("mp3"));
  EXPECT_EQ(formats::ByExtension("book.m4b"), formats::ByName("m4b"));
  EXPECT_EQ(formats::ByExtension("take.m4a"), formats::ByName("m4b")) << "say -o x.m4a";
}

TEST(FormatTable, RefusalsAreUsageErrors) {
  auto ogg = formats::Find("ogg");
  ASSERT_FALSE(ogg.ok());
  EXPECT_EQ(ogg.status().code(), StatusCode::kUsage);
  EXPECT_EQ(ogg.status().message(), "--format ogg is not one of mp3, m4b, flac, wav");
  const int rate_hz = synth::EngineSampleRateHz();
  Status high = formats::CheckBitrate(*formats::ByName("mp3"), rate_hz, 192);
  EXPECT_EQ(high.code(), StatusCode::kUsage);
  EXPECT_EQ(
      high.message().rfind("--bitrate 192 is not an MPEG-2 rate for " + std::to_string(rate_hz), 0),
      0u)
      << high.message();
  EXPECT_TRUE(formats::CheckBitrate(*formats::ByName("mp3"), rate_hz, 64).ok());
  EXPECT_TRUE(formats::CheckBitrate(*formats::ByName("wav"), rate_hz, 192).ok())
      << "no bitrate: never refused";
}

// Each row's encoder writes what its joiner joins, to the exact length for
// the lossless formats (MP3 keeps one part's padding and the next's delay).
TEST(FormatTable, EveryRowEncodesAndJoins) {
  const std::string dir = testing::MakeTempDir();
  const int rate_hz = synth::EngineSampleRateHz();
  std::vector<std::int16_t> tone(static_cast<std::size_t>(rate_hz));
  for (std::size_t i = 0; i < tone.size(); ++i) {
    tone[i] = static_cast<std::int16_t>(
        6000 * std::sin(2 * std::numbers::pi * 300.0 * double(i) / rate_hz));
  }
  for (const OutputFormat& f : formats::All()) {
    std::vector<std::string> parts;
    for (const char* name : {"a.", "b."}) {
      parts.push_back(dir + "/" + name + std::string(f.part_ext()));
      auto encoder = f.part_encoder()(parts.back(), rate_hz, 64);
      ASSERT_TRUE(encoder.ok()) << f.name << ": " << encoder.status().message();
      ASSERT_TRUE((*encoder)->Write(tone).ok());
      ASSERT_TRUE((*encoder)->Flush().ok());
    }
    formats::JoinInput input;
    input.part_paths = parts;
    input.bitrate_kbps = 64;
    auto joined = f.join(input, dir + "/whole." + std::string(f.extension));
    ASSERT_TRUE(joined.ok()) << f.name << ": " << joined.status().message();
    ASSERT_EQ(joined->part_start_samples.size(), 2u);
    const auto two = static_cast<std::int64_t>(2 * tone.size());
    if (f.has_bitrate()) {
      EXPECT_GT(joined->samples, two) << f.name;
      // MP3: a part's padding and the next's delay (at most 78 ms); M4B also its 39 ms tail.
      EXPECT_LT(joined->samples, two + rate_hz * 12 / 100) << f.name;
    } else {
      EXPECT_EQ(joined->samples, two) << f.name;
      EXPECT_EQ(joined->part_start_samples[1], static_cast<std::int64_t>(tone.size())) << f.name;
    }
    if (f.write_tags != nullptr) {
      package::TrackTags tags;
      tags.title = "Whole";
      EXPECT_TRUE(f.write_tags(dir + "/whole." + std::string(f.extension), tags).ok()) << f.name;
    }
  }
  std::filesystem::remove_all(dir);
}

pipeline::BuildOptions Options(const std::string& format) {
  pipeline::BuildOptions options;
  options.format = format;
  return options;
}

void ExpectUsage(const pipeline::BuildOptions& options, const std::string& message) {
  Status s = pipeline::CheckBuildOptions(source::Book{}, options);
  EXPECT_EQ(s.code(), StatusCode::kUsage) << s.message();
  EXPECT_EQ(s.message(), message);
}

TEST(BuildFormats, CombinationsTheFormatCannotCarryAreUsageErrors) {
  pipeline::BuildOptions single = Options("flac");
  single.single_file = true;
  ExpectUsage(
      single,
      "--single-file needs MP3 (its chapter marks are ID3 frames) or M4B (its chapter marks are a "
      "chapter track and Nero chpl), not --format flac");
  pipeline::BuildOptions acx = Options("wav");
  acx.acx = true;
  ExpectUsage(acx, "--acx makes MP3 files; it cannot be combined with --format wav");
  pipeline::BuildOptions low = Options("mp3");
  low.single_file = true;
  low.bitrate_kbps = 32;
  ExpectUsage(
      low,
      "--single-file needs --bitrate 56 or more: smaller MP3 frames cannot hold the tag that "
      "keeps chapter times exact");
  pipeline::BuildOptions odd = Options("mp3");
  odd.bitrate_kbps = 65;
  EXPECT_EQ(pipeline::CheckBuildOptions(source::Book{}, odd).code(), StatusCode::kUsage);
  ExpectUsage(Options("ogg"), "--format ogg is not one of mp3, m4b, flac, wav");

  pipeline::BuildOptions lossless = Options("flac");
  lossless.bitrate_kbps = 65;  // --bitrate does not apply to FLAC
  EXPECT_TRUE(pipeline::CheckBuildOptions(source::Book{}, lossless).ok());
  pipeline::BuildOptions mastered = Options("mp3");
  mastered.acx = true;
  mastered.single_file = true;
  mastered.bitrate_kbps = 32;  // ACX sets its own
  EXPECT_TRUE(pipeline::CheckBuildOptions(source::Book{}, mastered).ok());
}

TEST(BuildFormats, TheBuildAsksTheTable) {
  EXPECT_EQ(pipeline::Extension(Options("flac")), "flac");
  EXPECT_EQ(&pipeline::OutputFormatOf(Options("wav")), formats::ByName("wav"));
  pipeline::BuildOptions acx = Options("mp3");
  acx.acx = true;
  EXPECT_EQ(&pipeline::OutputFormatOf(acx), &formats::Acx());
  pipeline::BuildOptions low = Options("mp3");
  low.bitrate_kbps = 48;
  EXPECT_FALSE(pipeline::JoinsExactly(low));
  low.format = "wav";
  EXPECT_TRUE(pipeline::JoinsExactly(low));
  acx.bitrate_kbps = 48;  // ACX encodes at its own 192 kbps
  EXPECT_TRUE(pipeline::JoinsExactly(acx));
  EXPECT_EQ(pipeline::kEngineRateHz, synth::EngineSampleRateHz());
}

}  // namespace
}  // namespace narrate
