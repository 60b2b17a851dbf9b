// Encoders, checked by decoding their output with libmpg123 and libsndfile.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "output/encode/encoder.h"
#include "tests/support/probe.h"

namespace narrate::encode {
namespace {

std::vector<std::int16_t> Sine(std::size_t samples, double hz = 440, int rate_hz = 22050) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    out[i] = static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * hz * double(i) / rate_hz));
  }
  return out;
}

class EncodeTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

// The LAME tag makes a gapless decoder return exactly the samples written,
// whatever the chunking.
TEST_F(EncodeTest, Mp3DecodesToExactlyTheSamplesWritten) {
  const std::size_t total = 22050 * 2 + 8101;  // not a whole number of frames
  std::vector<std::int16_t> pcm = Sine(total);
  auto enc = OpenMp3(Path("a.mp3"), Mp3Settings{22050, 64});
  ASSERT_TRUE(enc.ok()) << enc.status().message();
  std::span<const std::int16_t> rest(pcm);
  for (std::size_t chunk = 1; !rest.empty(); chunk = chunk * 3 + 7) {
    std::size_t n = std::min(chunk, rest.size());
    ASSERT_TRUE((*enc)->Write(rest.first(n)).ok());
    rest = rest.subspan(n);
  }
  EXPECT_EQ((*enc)->samples_written(), static_cast<std::int64_t>(total));
  ASSERT_TRUE((*enc)->Flush().ok());
  int rate = 0;
  EXPECT_EQ(testing::Mp3DecodedSamples(Path("a.mp3"), &rate), static_cast<std::int64_t>(total));
  EXPECT_EQ(rate, 22050);
}

TEST_F(EncodeTest, Mp3IsConstantBitRateAsAsked) {
  auto enc = OpenMp3(Path("b.mp3"), Mp3Settings{22050, 32});
  ASSERT_TRUE(enc.ok());
  std::vector<std::int16_t> pcm = Sine(22050 * 10);
  ASSERT_TRUE((*enc)->Write(pcm).ok());
  ASSERT_TRUE((*enc)->Flush().ok());
  double bytes = static_cast<double>(std::filesystem::file_size(Path("b.mp3")));
  EXPECT_NEAR(bytes * 8 / 10 / 1000, 32.0, 1.0);  // kbps over 10 s
}

TEST(Mp3Settings, RejectsRatesMpeg2CannotCarry) {
  EXPECT_TRUE(ValidateMp3Settings({22050, 64}).ok());
  EXPECT_TRUE(ValidateMp3Settings({22050, 8}).ok());
  Status s = ValidateMp3Settings({22050, 192});
  EXPECT_EQ(s.message(),
            "--bitrate 192 is not an MPEG-2 rate for 22050 Hz mono; use one of "
            "8 16 24 32 40 48 56 64 80 96 112 128 144 160");
  EXPECT_FALSE(ValidateMp3Settings({22050, 65}).ok());
  EXPECT_FALSE(ValidateMp3Settings({44100, 64}).ok());
  EXPECT_FALSE(ValidateMp3Settings({22050, 64, 10}).ok());
}

TEST_F(EncodeTest, UnwritablePathIsAnErrorNamingIt) {
  std::string path = Path("missing/dir/c.mp3");
  auto enc = OpenMp3(path, Mp3Settings{});
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().message(), path + ": No such file or directory");
  auto wav = OpenWav(path, 22050);
  ASSERT_FALSE(wav.ok());
  EXPECT_NE(wav.status().message().find(path), std::string::npos);
}

TEST_F(EncodeTest, WavHoldsExactlyTheSamples) {
  auto enc = OpenWav(Path("d.wav"), 22050);
  ASSERT_TRUE(enc.ok());
  std::vector<std::int16_t> pcm = Sine(12345);
  ASSERT_TRUE((*enc)->Write(pcm).ok());
  ASSERT_TRUE((*enc)->Flush().ok());
  int rate = 0;
  EXPECT_EQ(testing::WavFrames(Path("d.wav"), &rate), 12345);
  EXPECT_EQ(rate, 22050);
}

}  // namespace
}  // namespace narrate::encode
