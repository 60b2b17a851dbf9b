// The MP3 encoder's silence cuts (mp3_encoder.cc): speech-like bursts between
// runs of digital zero, encoded by OpenMp3 and by one plain LAME instance
// with the same settings, both decoded with libmpg123.
#include <gtest/gtest.h>
#include <lame/lame.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <vector>

#include "output/encode/encoder.h"
#include "output/encode/mp3_internal.h"
#include "tests/support/probe.h"

namespace narrate::encode {
namespace {

constexpr int kRateHz = 22050;
constexpr std::size_t kFrame = 576;

struct ZeroRun {
  std::size_t start = 0;
  std::size_t length = 0;
};

// Noise and a two-harmonic voice under a syllable envelope, starting and
// ending abruptly: something LAME must spend bits on, with hard edges next
// to the pauses (a cut too close to them smears them into the pause).
void AppendBurst(std::vector<std::int16_t>* pcm, std::size_t samples, std::uint32_t* seed) {
  for (std::size_t i = 0; i < samples; ++i) {
    *seed = *seed * 1664525u + 1013904223u;
    const double noise = (double(*seed >> 8) / double(1 << 24) - 0.5) * 2;
    const double t = double(i) / kRateHz;
    const double voice = std::sin(2 * M_PI * 140 * t) + 0.5 * std::sin(2 * M_PI * 280 * t);
    const double envelope = 0.6 + 0.4 * std::sin(2 * M_PI * 4 * t);
    const double v = envelope * (6000 * voice + 2500 * noise);
    // Never exactly zero inside a burst, so the runs below are all there are.
    pcm->push_back(static_cast<std::int16_t>(v >= 0 ? std::max(v, 1.0) : std::min(v, -1.0)));
  }
}

// Zero runs of many lengths, shorter and longer than a cut needs, at the
// start and the end too, and ending at every phase of the frame grid.
std::vector<std::int16_t> SpeechWithPauses(std::vector<ZeroRun>* runs) {
  std::vector<std::size_t> pauses = {2000, 600, 3500, 4100, 5000, 7700, 11025, 6000, 22050, 44100};
  for (std::size_t k = 0; k < 24; ++k) pauses.push_back(4000 + 797 * k);
  std::vector<std::int16_t> pcm;
  std::uint32_t seed = 7;
  for (std::size_t i = 0; i < pauses.size(); ++i) {
    runs->push_back({pcm.size(), pauses[i]});
    pcm.resize(pcm.size() + pauses[i], 0);
    AppendBurst(&pcm, 3000 + 311 * i, &seed);
  }
  runs->push_back({pcm.size(), 15000});
  pcm.resize(pcm.size() + 15000, 0);
  return pcm;
}

// OpenMp3, in chunks of changing sizes (runs span Write calls).
std::int64_t EncodeChunked(const std::string& path, const std::vector<std::int16_t>& pcm,
                           int kbps = 64) {
  auto enc = OpenMp3(path, Mp3Settings{kRateHz, kbps});
  EXPECT_TRUE(enc.ok());
  std::span<const std::int16_t> rest(pcm);
  for (std::size_t i = 0; !rest.empty(); ++i) {
    const std::size_t sizes[] = {1, 4096, 333, 10000, 7, 20000};
    const std::size_t n = std::min(sizes[i % std::size(sizes)], rest.size());
    EXPECT_TRUE((*enc)->Write(rest.first(n)).ok());
    rest = rest.subspan(n);
  }
  EXPECT_TRUE((*enc)->Flush().ok());
  return (*enc)->samples_written();
}

// One LAME instance fed everything, with narrate's settings.
void EncodePlain(const std::string& path, const std::vector<std::int16_t>& pcm, int kbps = 64) {
  lame_global_flags* lame = lame_init();
  lame_set_num_channels(lame, 1);
  lame_set_mode(lame, MONO);
  lame_set_in_samplerate(lame, kRateHz);
  lame_set_out_samplerate(lame, kRateHz);
  lame_set_VBR(lame, vbr_off);
  lame_set_brate(lame, kbps);
  lame_set_quality(lame, 7);
  lame_set_bWriteVbrTag(lame, 1);
  lame_set_write_id3tag_automatic(lame, 0);
  ASSERT_GE(lame_init_params(lame), 0);
  std::vector<unsigned char> mp3(pcm.size() + 20000);
  auto* in = const_cast<short*>(pcm.data());
  int bytes = lame_encode_buffer(lame, in, in, static_cast<int>(pcm.size()), mp3.data(),
                                 static_cast<int>(mp3.size()));
  ASSERT_GE(bytes, 0);
  bytes += lame_encode_flush(lame, mp3.data() + bytes, static_cast<int>(mp3.size()) - bytes);
  unsigned char tag[2880];
  const std::size_t tag_bytes = lame_get_lametag_frame(lame, tag, sizeof(tag));
  std::memcpy(mp3.data(), tag, tag_bytes);
  lame_close(lame);
  testing::WriteFile(path, std::string(mp3.begin(), mp3.begin() + bytes));
}

std::vector<std::int16_t> Decode(const std::string& path) {
  std::vector<std::int16_t> pcm;
  testing::Mp3Decode(path, &pcm);
  return pcm;
}

// SNR in dB of `decoded` against `source` over the bursts (runs excluded).
double SpeechSnrDb(const std::vector<std::int16_t>& source,
                   const std::vector<std::int16_t>& decoded, const std::vector<ZeroRun>& runs) {
  std::vector<bool> speech(source.size(), true);
  for (const ZeroRun& r : runs) std::fill_n(speech.begin() + r.start, r.length, false);
  double signal = 0, noise = 0;
  for (std::size_t i = 0; i < source.size() && i < decoded.size(); ++i) {
    if (!speech[i]) continue;
    signal += double(source[i]) * source[i];
    noise += (double(source[i]) - decoded[i]) * (double(source[i]) - decoded[i]);
  }
  return 10 * std::log10(signal / noise);
}

double Correlation(const std::vector<std::int16_t>& a, const std::vector<std::int16_t>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    ab += double(a[i]) * b[i];
    aa += double(a[i]) * a[i];
    bb += double(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

// The frames after the tag frame, by walking their headers.
struct Frames {
  std::size_t count = 0;
  std::size_t silent = 0;  // header + nothing but zero bytes
  std::size_t end = 0;     // where the walk stopped
};
Frames WalkFrames(const std::string& mp3, std::size_t from) {
  Frames frames;
  std::size_t at = from;
  mp3::FrameFormat format;
  std::size_t bytes = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(mp3.data());
  while (at + 4 <= mp3.size() && mp3::ParseHeader(data + at, &format, &bytes)) {
    if (at + bytes > mp3.size()) break;
    ++frames.count;
    bool zero = true;
    for (std::size_t i = at + 4; i < at + bytes && zero; ++i) zero = data[i] == 0;
    frames.silent += zero ? 1 : 0;
    at += bytes;
  }
  frames.end = at;
  return frames;
}

class EncodeSilenceTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

// Every sample where it was, pauses exact silence, the bursts as a plain
// encode codes them.
TEST_F(EncodeSilenceTest, PausesDecodeToZerosAndSpeechAsOneLameInstanceCodesIt) {
  std::vector<ZeroRun> runs;
  const std::vector<std::int16_t> pcm = SpeechWithPauses(&runs);
  ASSERT_EQ(EncodeChunked(Path("cut.mp3"), pcm), std::int64_t(pcm.size()));
  EncodePlain(Path("plain.mp3"), pcm);
  const std::vector<std::int16_t> cut = Decode(Path("cut.mp3"));
  const std::vector<std::int16_t> plain = Decode(Path("plain.mp3"));
  ASSERT_EQ(cut.size(), pcm.size());
  ASSERT_EQ(plain.size(), pcm.size());
  for (const ZeroRun& r : runs) {
    // MP3's pre-echo and decay stay within two frames of the sound.
    if (r.length < 5 * kFrame) continue;
    for (std::size_t i = r.start + 2 * kFrame; i < r.start + r.length - 2 * kFrame; ++i) {
      ASSERT_EQ(cut[i], 0) << "sample " << i << " of the run at " << r.start;
    }
  }
  const double cut_snr = SpeechSnrDb(pcm, cut, runs), plain_snr = SpeechSnrDb(pcm, plain, runs);
  EXPECT_GT(plain_snr, 10.0);
  EXPECT_NEAR(cut_snr, plain_snr, 0.5);
  EXPECT_GT(Correlation(cut, plain), 0.99);
  // Cuts happened: the long runs hold silent frames (22050 and 44100 zeros
  // are 38 and 76 frames; a cut keeps fewer than 13 of them).
  const std::string bytes = testing::ReadFile(Path("cut.mp3"));
  EXPECT_GE(WalkFrames(bytes, 0).silent, (38u - 13u) + (76u - 13u));
  EXPECT_EQ(WalkFrames(testing::ReadFile(Path("plain.mp3")), 0).silent, 0u)
      << "LAME's own frames of zeros are not all zero bytes";
}

TEST_F(EncodeSilenceTest, InfoTagCountsTheSilentFramesToo) {
  std::vector<ZeroRun> runs;
  const std::vector<std::int16_t> pcm = SpeechWithPauses(&runs);
  EncodeChunked(Path("cut.mp3"), pcm);
  const std::string bytes = testing::ReadFile(Path("cut.mp3"));
  ASSERT_EQ(bytes.find("Info"), 13u);
  mp3::FrameFormat format;
  std::size_t tag_bytes = 0;
  ASSERT_TRUE(
      mp3::ParseHeader(reinterpret_cast<const unsigned char*>(bytes.data()), &format, &tag_bytes));
  auto tag = mp3::ParseTagFrame(
      std::vector<unsigned char>(bytes.begin(), bytes.begin() + tag_bytes), "cut.mp3");
  ASSERT_TRUE(tag.ok()) << tag.status().message();
  const Frames frames = WalkFrames(bytes, tag_bytes);
  EXPECT_EQ(frames.end, bytes.size());
  EXPECT_EQ(tag->audio_frames, frames.count);
  const auto* tag_data = reinterpret_cast<const unsigned char*>(bytes.data() + 13);
  const std::uint32_t stream_bytes = (std::uint32_t(tag_data[12]) << 24) |
                                     (std::uint32_t(tag_data[13]) << 16) |
                                     (std::uint32_t(tag_data[14]) << 8) | tag_data[15];
  EXPECT_EQ(stream_bytes, bytes.size());
  EXPECT_EQ(tag->delay, 576);
  EXPECT_EQ(std::int64_t(tag->audio_frames) * 576 - tag->delay - tag->padding,
            std::int64_t(pcm.size()));
  // The frame count equals a plain encode's: cuts move no frame boundary.
  EncodePlain(Path("plain.mp3"), pcm);
  const std::string plain = testing::ReadFile(Path("plain.mp3"));
  auto plain_tag = mp3::ParseTagFrame(
      std::vector<unsigned char>(plain.begin(), plain.begin() + tag_bytes), "plain.mp3");
  ASSERT_TRUE(plain_tag.ok());
  EXPECT_EQ(tag->audio_frames, plain_tag->audio_frames);
  EXPECT_EQ(tag->padding, plain_tag->padding);
  // Music CRC and tag CRC as LAME computes them.
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::uint16_t music = mp3::Crc16(0, data + tag_bytes, bytes.size() - tag_bytes);
  EXPECT_EQ((tag_data[120 + 32] << 8) | tag_data[120 + 33], music);
  const std::uint16_t tag_crc = mp3::Crc16(0, data, 13 + 120 + 34);
  EXPECT_EQ((tag_data[120 + 34] << 8) | tag_data[120 + 35], tag_crc);
  // And the same again: byte for byte.
  EncodeChunked(Path("again.mp3"), pcm);
  EXPECT_EQ(testing::ReadFile(Path("again.mp3")), bytes);
}

// Parts with cuts join as exactly as parts without.
TEST_F(EncodeSilenceTest, JoinedPartsWithCutsDecodeExactly) {
  std::vector<ZeroRun> runs;
  const std::vector<std::int16_t> pcm = SpeechWithPauses(&runs);
  const std::vector<std::int16_t> half(pcm.begin(), pcm.begin() + runs[8].start + 30000);
  EncodeChunked(Path("a.mp3"), pcm);
  EncodeChunked(Path("b.mp3"), half);
  auto joined = JoinMp3({Path("a.mp3"), Path("b.mp3")}, Path("ab.mp3"));
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  const std::vector<std::int16_t> decoded = Decode(Path("ab.mp3"));
  EXPECT_EQ(std::int64_t(decoded.size()), joined->samples);
  ASSERT_EQ(joined->part_start_samples.size(), 2u);
  EXPECT_EQ(joined->samples, joined->part_start_samples[1] + std::int64_t(half.size()));
  const std::vector<std::int16_t> a = Decode(Path("a.mp3")), b = Decode(Path("b.mp3"));
  // Each part decodes inside the join as it decodes alone (to libmpg123's
  // rounding, which depends on its synthesis buffer's phase: 1 LSB).
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(decoded[i], a[i], 1) << i;
  const std::size_t b0 = static_cast<std::size_t>(joined->part_start_samples[1]);
  for (std::size_t i = 0; i < b.size(); ++i) ASSERT_NEAR(decoded[b0 + i], b[i], 1) << i;
}

// Below 56 kbps LAME writes no tag; cuts still leave the stream a plain
// encode's length, pauses silent.
TEST_F(EncodeSilenceTest, WithoutATagTheStreamKeepsAPlainEncodesLength) {
  std::vector<ZeroRun> runs;
  const std::vector<std::int16_t> pcm = SpeechWithPauses(&runs);
  EncodeChunked(Path("cut.mp3"), pcm, 48);
  EncodePlain(Path("plain.mp3"), pcm, 48);
  const std::string cut = testing::ReadFile(Path("cut.mp3"));
  const Frames frames = WalkFrames(cut, 0);
  EXPECT_EQ(frames.end, cut.size());
  EXPECT_EQ(frames.count, WalkFrames(testing::ReadFile(Path("plain.mp3")), 0).count);
  EXPECT_GT(frames.silent, 50u);
  EXPECT_EQ(Decode(Path("cut.mp3")).size(), Decode(Path("plain.mp3")).size());
}

// Every rate and bitrate OpenMp3 takes still finishes its file with cuts in
// it: where LAME writes a tag, the decoded length is exact.
TEST_F(EncodeSilenceTest, EveryRateAndBitrateCutsAndKeepsItsLength) {
  std::vector<ZeroRun> runs;
  const std::vector<std::int16_t> pcm = SpeechWithPauses(&runs);
  const std::vector<std::int16_t> some(pcm.begin(), pcm.begin() + runs[10].start);
  for (int rate_hz : {16000, 22050, 24000, 32000, 44100, 48000}) {
    for (int kbps : {8, 32, 48, 56, 64, 96, 160, 320}) {
      if (!ValidateMp3Settings({rate_hz, kbps}).ok()) continue;
      SCOPED_TRACE(std::to_string(rate_hz) + " Hz " + std::to_string(kbps) + " kbps");
      auto enc = OpenMp3(Path("r.mp3"), Mp3Settings{rate_hz, kbps});
      ASSERT_TRUE(enc.ok());
      ASSERT_TRUE((*enc)->Write(some).ok());
      ASSERT_TRUE((*enc)->Flush().ok());
      const std::string bytes = testing::ReadFile(Path("r.mp3"));
      EXPECT_EQ(WalkFrames(bytes, 0).end, bytes.size());
      EXPECT_GT(WalkFrames(bytes, 0).silent, 20u);
      int decoded_rate = 0;
      const std::int64_t decoded = testing::Mp3DecodedSamples(Path("r.mp3"), &decoded_rate);
      EXPECT_EQ(decoded_rate, rate_hz);
      if (bytes.find("Info") != std::string::npos) {
        EXPECT_EQ(decoded, std::int64_t(some.size()));
      }
    }
  }
}

}  // namespace
}  // namespace narrate::encode
