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
  EXPECT_FALSE(ValidateMp3Settings({22050, 64, 10}).ok());
}

TEST(Mp3Settings, OutputRateIsTheInputRateWithThatMpegVersionsBitrates) {
  EXPECT_TRUE(ValidateMp3Settings({44100, 192}).ok());
  EXPECT_TRUE(ValidateMp3Settings({48000, 320}).ok());
  EXPECT_TRUE(ValidateMp3Settings({44100, 64}).ok());
  EXPECT_TRUE(ValidateMp3Settings({24000, 144}).ok());
  EXPECT_EQ(ValidateMp3Settings({44100, 8}).message(),
            "--bitrate 8 is not an MPEG-1 rate for 44100 Hz mono; use one of "
            "32 40 48 56 64 80 96 112 128 160 192 224 256 320");
  EXPECT_FALSE(ValidateMp3Settings({44100, 144}).ok());
  EXPECT_EQ(ValidateMp3Settings({11025, 64}).message(),
            "MP3 input must be 16000 22050 24000 or 32000 44100 48000 Hz, got 11025");
}

// 0.5 full scale = 16384 steps; -0.25 = -8192; out of range clips.
TEST(FloatToInt16, RoundsAndClips) {
  EXPECT_EQ(FloatToInt16(0.5f), 16384);
  EXPECT_EQ(FloatToInt16(-0.25f), -8192);
  EXPECT_EQ(FloatToInt16(1.0f), 32767);
  EXPECT_EQ(FloatToInt16(-1.5f), -32768);
  EXPECT_EQ(FloatToInt16(1.4f / 32768), 1);
  EXPECT_EQ(FloatToInt16(1.6f / 32768), 2);
}

// An encoder with only Write(): the base WriteFloat converts for it.
class Int16Collector final : public AudioEncoder {
 public:
  Status Write(std::span<const std::int16_t> s) override {
    samples.insert(samples.end(), s.begin(), s.end());
    return Status::Ok();
  }
  Status Flush() override { return Status::Ok(); }
  std::int64_t samples_written() const override { return static_cast<std::int64_t>(samples.size()); }
  std::vector<std::int16_t> samples;
};

TEST(AudioEncoder, DefaultWriteFloatConvertsEveryChunkToInt16) {
  std::vector<float> in(10000);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i % 7) / 8 - 0.4f;
  Int16Collector c;
  ASSERT_TRUE(c.WriteFloat(in).ok());
  ASSERT_EQ(c.samples_written(), 10000);
  for (std::size_t i = 0; i < in.size(); i += 997) EXPECT_EQ(c.samples[i], FloatToInt16(in[i])) << i;
  EXPECT_EQ(c.samples[1], FloatToInt16(1.0f / 8 - 0.4f));
}

std::vector<float> FloatSine(std::size_t samples, double amplitude, double hz, int rate_hz) {
  std::vector<float> out(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    out[i] = static_cast<float>(amplitude * std::sin(2 * M_PI * hz * double(i) / rate_hz));
  }
  return out;
}

double RmsDb(std::span<const float> x) {
  double sum = 0;
  for (float v : x) sum += double(v) * v;
  return 10 * std::log10(sum / double(x.size()));
}

// ACX's format: MPEG-1 layer III, 44.1 kHz, 192 kbps CBR, mono; floats in.
TEST_F(EncodeTest, Mp3At44100Hz192KbpsFromFloats) {
  const std::size_t total = 44100 * 3 + 777;
  std::vector<float> pcm = FloatSine(total, 0.5, 1000, 44100);
  auto enc = OpenMp3(Path("acx.mp3"), Mp3Settings{44100, 192});
  ASSERT_TRUE(enc.ok()) << enc.status().message();
  ASSERT_TRUE((*enc)->WriteFloat(std::span<const float>(pcm).first(1000)).ok());
  ASSERT_TRUE((*enc)->WriteFloat(std::span<const float>(pcm).subspan(1000)).ok());
  EXPECT_EQ((*enc)->samples_written(), static_cast<std::int64_t>(total));
  ASSERT_TRUE((*enc)->Flush().ok());
  auto stream = testing::FfprobeStream(Path("acx.mp3"));
  EXPECT_EQ(stream["codec_name"], "mp3");
  EXPECT_EQ(stream["sample_rate"], "44100");
  EXPECT_EQ(stream["channels"], "1");
  EXPECT_EQ(stream["bit_rate"], "192000");
  int rate = 0;
  std::vector<float> decoded = testing::Mp3DecodeFloat(Path("acx.mp3"), &rate);
  EXPECT_EQ(rate, 44100);
  ASSERT_EQ(decoded.size(), total);
  // Full level survives: a 0.5 sine is -9.03 dBFS RMS. The MP3 comes out
  // 0.27 dB lower (ffmpeg's decoder agrees), most likely the layer III
  // quantiser's rounding offset (0.4054, not 0.5) biasing magnitudes down.
  EXPECT_NEAR(RmsDb(std::span<const float>(decoded).subspan(4410, 44100)), -9.03 - 0.27, 0.1);
}

// A room-tone bed at -72 dBFS RMS (ACX wants room tone, not digital zero)
// must come out of LAME as noise at about that level, in every 10 ms.
TEST_F(EncodeTest, Mp3KeepsAQuietNoiseBed) {
  std::vector<float> pcm(44100 * 2);
  std::uint32_t state = 12345;
  const double amplitude = std::pow(10.0, -72.0 / 20) * std::sqrt(3.0);  // uniform: rms = a / sqrt(3)
  for (float& x : pcm) {
    state = state * 1664525u + 1013904223u;
    x = static_cast<float>(amplitude * (2.0 * (state >> 8) / double(1 << 24) - 1.0));
  }
  auto enc = OpenMp3(Path("bed.mp3"), Mp3Settings{44100, 192});
  ASSERT_TRUE(enc.ok());
  ASSERT_TRUE((*enc)->WriteFloat(pcm).ok());
  ASSERT_TRUE((*enc)->Flush().ok());
  std::vector<float> decoded = testing::Mp3DecodeFloat(Path("bed.mp3"));
  ASSERT_EQ(decoded.size(), pcm.size());
  EXPECT_NEAR(RmsDb(decoded), -72.0, 1.0);
  for (std::size_t w = 0; w + 441 <= decoded.size(); w += 441) {
    ASSERT_GT(RmsDb(std::span<const float>(decoded).subspan(w, 441)), -76.0) << "window at sample " << w;
  }
}

TEST_F(EncodeTest, FlacHoldsExactlyTheSamples) {
  auto enc = OpenFlac(Path("e.flac"), 44100);
  ASSERT_TRUE(enc.ok()) << enc.status().message();
  std::vector<std::int16_t> pcm = Sine(5000, 440, 44100);
  std::vector<float> floats = FloatSine(7001, 0.25, 440, 44100);
  floats[7000] = 3.0f;  // clipped, not wrapped
  ASSERT_TRUE((*enc)->Write(pcm).ok());
  ASSERT_TRUE((*enc)->WriteFloat(floats).ok());
  EXPECT_EQ((*enc)->samples_written(), 12001);
  ASSERT_TRUE((*enc)->Flush().ok());
  int rate = 0;
  std::vector<float> decoded = testing::SndfileDecodeFloat(Path("e.flac"), &rate);
  EXPECT_EQ(rate, 44100);
  ASSERT_EQ(decoded.size(), 12001u);
  EXPECT_EQ(testing::FfprobeStream(Path("e.flac"))["codec_name"], "flac");
  EXPECT_NEAR(decoded[100], pcm[100] / 32768.0, 1e-4);
  EXPECT_NEAR(decoded[5000 + 123], floats[123], 1e-4);
  EXPECT_GT(decoded[12000], 0.999f);
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

TEST_F(EncodeTest, WavTakesFloats) {
  auto enc = OpenWav(Path("f.wav"), 44100);
  ASSERT_TRUE(enc.ok());
  std::vector<float> floats = FloatSine(4410, 0.5, 440, 44100);
  floats[10] = -2.0f;
  ASSERT_TRUE((*enc)->WriteFloat(floats).ok());
  EXPECT_EQ((*enc)->samples_written(), 4410);
  ASSERT_TRUE((*enc)->Flush().ok());
  std::vector<float> decoded = testing::SndfileDecodeFloat(Path("f.wav"));
  ASSERT_EQ(decoded.size(), 4410u);
  EXPECT_NEAR(decoded[37], floats[37], 1e-4);
  EXPECT_LT(decoded[10], -0.999f);
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
