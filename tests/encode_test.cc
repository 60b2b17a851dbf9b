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
  EXPECT_FALSE(ValidateMp3Settings(Mp3Settings{}).ok()) << "the rate has no default";
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
  auto enc = OpenMp3(path, Mp3Settings{22050, 64});
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


// Silence, a tone burst, silence: what a part of a chapter looks like.
std::vector<std::int16_t> Burst(std::size_t silence, std::size_t tone, double hz) {
  std::vector<std::int16_t> pcm(silence, 0);
  std::vector<std::int16_t> sine = Sine(tone, hz);
  pcm.insert(pcm.end(), sine.begin(), sine.end());
  pcm.resize(pcm.size() + silence, 0);
  return pcm;
}

std::int64_t WriteMp3(const std::string& path, const std::vector<std::int16_t>& pcm, int kbps = 64) {
  auto enc = OpenMp3(path, Mp3Settings{22050, kbps});
  EXPECT_TRUE(enc.ok());
  EXPECT_TRUE((*enc)->Write(pcm).ok());
  EXPECT_TRUE((*enc)->Flush().ok());
  return (*enc)->samples_written();
}

// First sample at or after `from` whose magnitude reaches `level`.
std::int64_t Onset(const std::vector<std::int16_t>& pcm, std::int64_t from, int level = 2000) {
  for (std::size_t i = static_cast<std::size_t>(from); i < pcm.size(); ++i) {
    if (std::abs(pcm[i]) >= level) return static_cast<std::int64_t>(i);
  }
  return -1;
}

// Joining one part must reproduce what LAME wrote: same frame and byte
// counts, delay, padding, music length and music CRC (only the seek table and
// the tag CRC may differ), so the joiner reads LAME's tag correctly.
TEST_F(EncodeTest, JoiningOnePartKeepsLamesOwnTagFields) {
  const std::int64_t written = WriteMp3(Path("p.mp3"), Burst(3000, 30001, 440));
  auto joined = JoinMp3({Path("p.mp3")}, Path("j.mp3"));
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  EXPECT_EQ(joined->samples, written);
  EXPECT_EQ(joined->part_start_samples, std::vector<std::int64_t>{0});
  std::string a = testing::ReadFile(Path("p.mp3")), b = testing::ReadFile(Path("j.mp3"));
  ASSERT_EQ(a.size(), b.size());
  const std::size_t tag = a.find("Info");
  ASSERT_EQ(tag, 13u);  // MPEG-2 mono: 4-byte header + 9 bytes of side information
  for (std::size_t i = 0; i < a.size(); ++i) {
    bool toc = i >= tag + 16 && i < tag + 116;
    bool tag_crc = i == tag + 154 || i == tag + 155;
    if (!toc && !tag_crc) {
      ASSERT_EQ(a[i], b[i]) << "byte " << i;
    }
  }
  EXPECT_EQ(testing::Mp3DecodedSamples(Path("j.mp3")), written);
}

// Three parts encoded separately (as parallel workers do) decode, gaplessly,
// to exactly the reported length with each part where the joiner says.
TEST_F(EncodeTest, JoinedPartsDecodeExactlyWithPartsWhereReported) {
  const std::vector<std::size_t> tones = {22050, 11111, 30000};
  std::vector<std::string> parts;
  std::vector<std::int64_t> lengths;
  for (std::size_t i = 0; i < tones.size(); ++i) {
    parts.push_back(Path("part" + std::to_string(i) + ".mp3"));
    lengths.push_back(WriteMp3(parts.back(), Burst(4000, tones[i], 300 + 200 * double(i))));
  }
  auto joined = JoinMp3(parts, Path("all.mp3"));
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  std::vector<std::int16_t> pcm;
  EXPECT_EQ(testing::Mp3Decode(Path("all.mp3"), &pcm), joined->samples);
  ASSERT_EQ(joined->part_start_samples.size(), 3u);
  EXPECT_EQ(joined->part_start_samples[0], 0);
  for (std::size_t i = 1; i < 3; ++i) {
    // Each part starts after the previous part's end plus a join gap under 80 ms.
    std::int64_t gap = joined->part_start_samples[i] - joined->part_start_samples[i - 1] - lengths[i - 1];
    EXPECT_GE(gap, 0);
    EXPECT_LT(gap, 22050 * 8 / 100);
  }
  EXPECT_EQ(joined->samples, joined->part_start_samples[2] + lengths[2]);
  for (std::size_t i = 0; i < 3; ++i) {
    // The tone of part i begins 4000 samples into it (MP3 pre-echo: a few samples early at most).
    std::int64_t onset = Onset(pcm, joined->part_start_samples[i]);
    EXPECT_NEAR(double(onset), double(joined->part_start_samples[i] + 4000), 40) << "part " << i;
  }
  auto probe = testing::Ffprobe(Path("all.mp3"));
  EXPECT_NEAR(std::stod(probe["duration"]), double(joined->samples) / 22050, 0.06);
}

TEST_F(EncodeTest, JoinRefusesPartsOfAnotherFormatOrNotMp3) {
  WriteMp3(Path("a.mp3"), Burst(2000, 5000, 440), 64);
  WriteMp3(Path("b.mp3"), Burst(2000, 5000, 440), 80);
  auto mixed = JoinMp3({Path("a.mp3"), Path("b.mp3")}, Path("out.mp3"));
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.status().message(), Path("b.mp3") + ": was encoded with other settings than " + Path("a.mp3"));
  testing::WriteFile(Path("t.mp3"), "not an mp3 at all, just text");
  auto text = JoinMp3({Path("t.mp3")}, Path("out.mp3"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), Path("t.mp3") + ": does not start with an MP3 frame");
  EXPECT_FALSE(JoinMp3({Path("missing.mp3")}, Path("out.mp3")).ok());
  // Below 56 kbps at 22050 Hz LAME's tag does not fit in a frame: no exact join.
  WriteMp3(Path("low.mp3"), Burst(2000, 5000, 440), 48);
  auto low = JoinMp3({Path("low.mp3")}, Path("out.mp3"));
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.status().message(),
            Path("low.mp3") + ": has no constant-bit-rate LAME Info tag, so it cannot be joined exactly");
}

}  // namespace
}  // namespace narrate::encode
