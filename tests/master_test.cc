// ACX mastering: the chain's counts, alignment, ceiling (checked with
// libebur128, not with the limiter's own estimator), noise bed and
// determinism; CheckAcx on files made for it; and eSpeak speech mastered end
// to end, measured by narrate check-acx and by ffmpeg.
#include <ebur128.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <regex>
#include <vector>

#include "output/encode/encoder.h"
#include "output/master/master.h"
#include "tests/support/probe.h"

namespace narrate::master {
namespace {

namespace fs = std::filesystem;
using testing::Quote;

// Keeps every float it is given.
class Collector final : public encode::AudioEncoder {
 public:
  Status Write(std::span<const std::int16_t> s) override {
    for (std::int16_t x : s) samples.push_back(x / 32768.0f);
    return Status::Ok();
  }
  Status WriteFloat(std::span<const float> s) override {
    samples.insert(samples.end(), s.begin(), s.end());
    return Status::Ok();
  }
  Status Flush() override { return Status::Ok(); }
  std::int64_t samples_written() const override { return static_cast<std::int64_t>(samples.size()); }
  std::vector<float> samples;
};

double RmsDb(std::span<const float> x) {
  LevelMeter m;
  m.Add(x);
  return m.rms_dbfs();
}

// libebur128's true peak, in dBTP.
double TruePeakDb(std::span<const float> x, int rate_hz) {
  ebur128_state* st = ebur128_init(1, static_cast<unsigned long>(rate_hz), EBUR128_MODE_TRUE_PEAK);
  ebur128_add_frames_float(st, x.data(), x.size());
  double peak = 0;
  ebur128_true_peak(st, 0, &peak);
  ebur128_destroy(&st);
  return 20 * std::log10(peak);
}

std::vector<std::int16_t> Tone(std::size_t n, double amplitude, double hz, double phase = 0, int rate_hz = 22050) {
  std::vector<std::int16_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<std::int16_t>(std::lround(32767 * amplitude * std::sin(2 * M_PI * hz * double(i) / rate_hz + phase)));
  }
  return out;
}

AcxSettings Quiet() {  // a bed far below anything measured
  AcxSettings s;
  s.noise_rms_dbfs = -200;
  return s;
}

// Masters pcm (in chunks of chunk samples) at 22050 Hz with gain_db.
std::vector<float> Master(const std::vector<std::int16_t>& pcm, double gain_db, const AcxSettings& s,
                          std::size_t chunk = 1000) {
  Collector sink;
  auto m = Mastering::Create(22050, gain_db, s, sink);
  EXPECT_TRUE(m.ok());
  for (std::size_t i = 0; i < pcm.size(); i += chunk) {
    std::size_t n = std::min(chunk, pcm.size() - i);
    EXPECT_TRUE((*m)->Write(std::span<const std::int16_t>(pcm).subspan(i, n)).ok());
  }
  EXPECT_TRUE((*m)->Flush().ok());
  EXPECT_EQ((*m)->output_samples(), static_cast<std::int64_t>(sink.samples.size()));
  return sink.samples;
}

TEST(LevelMeter, PlainRmsAndPeakRelativeToFullScale) {
  LevelMeter square;
  std::vector<float> s(1000);
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = (i / 10) % 2 ? 1.0f : -1.0f;
  square.Add(s);
  EXPECT_NEAR(square.rms_dbfs(), 0.0, 1e-9);
  LevelMeter sine;
  sine.Add(std::span<const std::int16_t>(Tone(22050, 0.5, 1000)));
  EXPECT_NEAR(sine.rms_dbfs(), -3.01 - 6.02, 0.01);
  EXPECT_NEAR(sine.peak_dbfs(), -6.02, 0.01);
  std::vector<std::int16_t> quiet{0, 0, 16384, 0};  // int16 and float mixed
  sine.Add(std::span<const std::int16_t>(quiet));
  EXPECT_EQ(sine.samples(), 22054);
  LevelMeter none;
  EXPECT_EQ(none.rms_dbfs(), -INFINITY);
  EXPECT_EQ(none.peak_dbfs(), -INFINITY);
}

TEST(AcxGainDb, BringsTheMeasurementToTheTarget) {
  AcxSettings s;
  EXPECT_DOUBLE_EQ(AcxGainDb(-21.8, s), s.target_rms_dbfs + 21.8);
  EXPECT_DOUBLE_EQ(AcxGainDb(-15.0, s), s.target_rms_dbfs + 15.0);
  EXPECT_EQ(AcxGainDb(-INFINITY, s), 0);
  EXPECT_EQ(AcxGainDb(-120, s), 40);
}

// 22050 -> 44100: exactly twice the samples, whatever the chunking and silence.
TEST(Mastering, OutputIsExactlyTwiceTheInput) {
  for (std::size_t chunk : {1u, 333u, 100000u}) {
    Collector sink;
    auto m = Mastering::Create(22050, 0, AcxSettings{}, sink);
    ASSERT_TRUE(m.ok());
    std::vector<std::int16_t> pcm = Tone(chunk == 1 ? 3001 : 22050 * 3 + 17, 0.3, 440);
    for (std::size_t i = 0; i < pcm.size(); i += chunk) {
      ASSERT_TRUE((*m)->Write(std::span<const std::int16_t>(pcm).subspan(i, std::min(chunk, pcm.size() - i))).ok());
    }
    ASSERT_TRUE((*m)->WriteSilence(12345).ok());
    ASSERT_TRUE((*m)->Flush().ok());
    std::int64_t in = static_cast<std::int64_t>(pcm.size()) + 12345;
    EXPECT_EQ((*m)->input_samples(), in);
    EXPECT_EQ(static_cast<std::int64_t>(sink.samples.size()), 2 * in) << "chunk " << chunk;
    EXPECT_EQ((*m)->OutputSampleOf(1000), 2000);
  }
}

// Other rates: the count is input * out / in, rounded down.
TEST(Mastering, OutputCountAtANonIntegerRatio) {
  Collector sink;
  auto m = Mastering::Create(24000, 0, AcxSettings{}, sink);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE((*m)->Write(Tone(24001, 0.3, 440, 0, 24000)).ok());
  ASSERT_TRUE((*m)->Flush().ok());
  EXPECT_EQ(sink.samples.size(), 44101u);  // 24001 * 44100 / 24000 = 44101.8
  EXPECT_EQ((*m)->OutputSampleOf(24000), 44100);
}

std::size_t LoudestAt(const std::vector<float>& x) {
  std::size_t best = 0;
  for (std::size_t i = 0; i < x.size(); ++i) best = std::fabs(x[i]) > std::fabs(x[best]) ? i : best;
  return best;
}

// An impulse at input n comes out at 2n, whether or not the limiter acts.
TEST(Mastering, ImpulseAtInputNComesOutAt2N) {
  for (double amplitude : {0.3, 1.0}) {
    std::vector<std::int16_t> pcm(20000, 0);
    pcm[7777] = static_cast<std::int16_t>(32767 * amplitude);
    std::vector<float> out = Master(pcm, 0, Quiet(), 999);
    ASSERT_EQ(out.size(), 40000u);
    EXPECT_EQ(LoudestAt(out), 15554u) << amplitude;
    EXPECT_GT(out[15554], 0.0f);
    EXPECT_NEAR(out[15553], out[15555], 1e-6);  // symmetric around it: no fractional shift
  }
  std::vector<std::int16_t> first(100, 0);
  first[0] = 9000;
  EXPECT_EQ(LoudestAt(Master(first, 0, Quiet())), 0u);
}

// The gain is applied; below the ceiling the limiter leaves the signal alone.
TEST(Mastering, AppliesTheGain) {
  std::vector<float> out = Master(Tone(22050, 0.1, 300), 6.0, Quiet());
  EXPECT_NEAR(RmsDb(std::span<const float>(out).subspan(2000, 40000)), 20 * std::log10(0.1 / std::sqrt(2)) + 6.0, 0.02);
}

// Signals far over the ceiling, measured by libebur128 (an independent
// true-peak estimator): never above -3.5 dBTP.
TEST(Mastering, TruePeakNeverExceedsTheCeiling) {
  std::vector<std::vector<std::int16_t>> signals;
  signals.push_back(Tone(22050, 1.0, 22050 / 4.0, M_PI / 4));  // samples at 0.707 of the true peak
  signals.push_back(Tone(22050, 1.0, 9000, 0.3));              // near Nyquist
  std::vector<std::int16_t> square(22050);
  for (std::size_t i = 0; i < square.size(); ++i) square[i] = (i / 37) % 2 ? 32767 : -32768;
  signals.push_back(square);
  std::vector<std::int16_t> noise(22050);
  std::uint32_t state = 99;
  for (std::int16_t& x : noise) x = static_cast<std::int16_t>((state = state * 1664525u + 1013904223u) >> 16);
  signals.push_back(noise);
  std::vector<std::int16_t> bursts = Tone(22050, 0.05, 200);  // quiet, with sudden full-scale clicks
  for (std::size_t i = 1000; i < bursts.size(); i += 2500) bursts[i] = 32767, bursts[i + 1] = -32768;
  signals.push_back(bursts);
  AcxSettings s;
  for (std::size_t k = 0; k < signals.size(); ++k) {
    for (double gain_db : {0.0, 12.0}) {
      std::vector<float> out = Master(signals[k], gain_db, s);
      EXPECT_LE(TruePeakDb(out, 44100), s.true_peak_ceiling_dbtp) << "signal " << k << " gain " << gain_db;
    }
  }
}

// Digital zero in, a constant bed of white noise out at -72 dBFS RMS, never zero.
TEST(Mastering, SilenceBecomesTheNoiseBed) {
  Collector sink;
  auto m = Mastering::Create(22050, 10, AcxSettings{}, sink);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE((*m)->WriteSilence(22050 * 2).ok());
  ASSERT_TRUE((*m)->Flush().ok());
  ASSERT_EQ(sink.samples.size(), 88200u);
  EXPECT_NEAR(RmsDb(sink.samples), -72.0, 0.05);
  for (std::size_t w = 0; w < sink.samples.size(); w += 441) {
    ASSERT_NEAR(RmsDb(std::span<const float>(sink.samples).subspan(w, 441)), -72.0, 1.0) << w;
  }
  EXPECT_DOUBLE_EQ((*m)->max_limiting_db(), 0.0);
}

// Same input, same bytes; the chunking does not matter either.
TEST(Mastering, IsDeterministic) {
  std::vector<std::int16_t> pcm = Tone(30000, 0.9, 523);
  AcxSettings s;
  std::vector<float> a = Master(pcm, 3, s, 4096);
  std::vector<float> b = Master(pcm, 3, s, 4096);
  std::vector<float> c = Master(pcm, 3, s, 77);
  ASSERT_EQ(a.size(), 60000u);
  EXPECT_TRUE(a == b);
  EXPECT_TRUE(a == c);
}

TEST(Mastering, RefusesBadSettingsAndMisuse) {
  Collector sink;
  AcxSettings s;
  s.true_peak_ceiling_dbtp = 0.5;
  EXPECT_FALSE(Mastering::Create(22050, 0, s, sink).ok());
  EXPECT_FALSE(Mastering::Create(0, 0, AcxSettings{}, sink).ok());
  auto m = Mastering::Create(22050, 0, AcxSettings{}, sink);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE((*m)->Flush().ok());
  EXPECT_FALSE((*m)->Flush().ok());
  std::vector<std::int16_t> one{1};
  EXPECT_FALSE((*m)->Write(one).ok());
}

// A synthetic chapter: head silence, tone bursts with pauses, tail silence,
// mastered into an ACX MP3.
std::vector<std::int16_t> Bursts(int seconds) {
  std::vector<std::int16_t> pcm;
  for (int i = 0; i < seconds; ++i) {
    std::vector<std::int16_t> tone = Tone(22050 * 7 / 10, 0.25, 180 + 40 * i);
    pcm.insert(pcm.end(), tone.begin(), tone.end());
    pcm.resize(pcm.size() + 22050 * 3 / 10, 0);  // a pause of digital zero
  }
  return pcm;
}

Status MasterToMp3(const std::vector<std::int16_t>& pcm, const std::string& path, const AcxSettings& s) {
  auto mp3 = encode::OpenMp3(path, encode::Mp3Settings{s.output_rate_hz, s.bitrate_kbps});
  if (!mp3.ok()) return mp3.status();
  LevelMeter raw;
  raw.Add(pcm);
  raw.AddSilence((s.head_ms + s.tail_ms) * 22050 / 1000);
  auto m = Mastering::Create(22050, AcxGainDb(raw.rms_dbfs(), s), s, **mp3);
  if (!m.ok()) return m.status();
  NARRATE_RETURN_IF_ERROR((*m)->WriteSilence(s.head_ms * 22050 / 1000));
  NARRATE_RETURN_IF_ERROR((*m)->Write(pcm));
  NARRATE_RETURN_IF_ERROR((*m)->WriteSilence(s.tail_ms * 22050 / 1000));
  NARRATE_RETURN_IF_ERROR((*m)->Flush());
  return (*mp3)->Flush();
}

class AcxFiles : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

TEST_F(AcxFiles, AMasteredFilePassesWithTheNumbersItWasMadeWith) {
  AcxSettings s;
  s.head_ms = 700;
  s.tail_ms = 2500;
  ASSERT_TRUE(MasterToMp3(Bursts(6), Path("ok.mp3"), s).ok());
  auto r = CheckAcx(Path("ok.mp3"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->passed()) << FormatAcxTable({*r});
  EXPECT_EQ(r->sample_rate_hz, 44100);
  EXPECT_EQ(r->channels, 1);
  EXPECT_EQ(r->bitrate_kbps, 192);
  EXPECT_TRUE(r->constant_bitrate);
  EXPECT_DOUBLE_EQ(r->duration_s, 0.7 + 6 + 2.5);
  EXPECT_NEAR(r->rms_dbfs, s.target_rms_dbfs, 0.5);
  EXPECT_LE(r->true_peak_dbtp, -3.0);
  EXPECT_NEAR(r->noise_floor_dbfs, -72.7, 0.5);  // the bed, less LAME's lowpass
  EXPECT_NEAR(r->head_room_tone_s, 0.70, 0.011);
  EXPECT_NEAR(r->tail_room_tone_s, 2.5 + 0.3, 0.011);  // the last pause joins the tail
  EXPECT_FALSE(r->head_digital_silence);
  EXPECT_FALSE(r->tail_digital_silence);
}

// eSpeak's rate and bitrate, digital silence, no room tone: every item fails.
TEST_F(AcxFiles, ARawFileFailsWithOneLinePerRequirement) {
  std::vector<std::int16_t> pcm(22050 / 10, 0);  // 0.1 s of digital zero, then a loud tone
  std::vector<std::int16_t> tone = Tone(22050 * 2, 0.99, 1000);
  pcm.insert(pcm.end(), tone.begin(), tone.end());
  auto mp3 = encode::OpenMp3(Path("raw.mp3"), encode::Mp3Settings{22050, 64});
  ASSERT_TRUE(mp3.ok());
  ASSERT_TRUE((*mp3)->Write(pcm).ok());
  ASSERT_TRUE((*mp3)->Flush().ok());
  auto r = CheckAcx(Path("raw.mp3"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->failures.size(), 8u) << FormatAcxTable({*r});
  EXPECT_EQ(r->failures[0], "bit rate 64 kbps, not 192 or more");
  EXPECT_EQ(r->failures[1], "sample rate 22050 Hz, not 44100");
  EXPECT_TRUE(std::regex_match(r->failures[2], std::regex(R"(RMS -3\.\d dBFS, not in -23\.\.-18)"))) << r->failures[2];
  EXPECT_TRUE(std::regex_match(r->failures[3], std::regex(R"(true peak -?0\.\d dBTP, above -3)"))) << r->failures[3];
  EXPECT_TRUE(std::regex_match(r->failures[4], std::regex(R"(noise floor -\d+\.\d dBFS, above -60)"))) << r->failures[4];
  EXPECT_EQ(r->failures[5], "head room tone 0.10 s, not 0.5..1");
  EXPECT_EQ(r->failures[6], "tail room tone 0.00 s, not 1..5");
  EXPECT_EQ(r->failures[7], "digital silence in the head room tone");
}

// CBR is read from the frames: a VBR encode fails, a stream copy (which
// ffmpeg labels with a "Xing" VBR header) of a CBR file passes.
TEST_F(AcxFiles, ConstantBitRateIsReadFromTheFrames) {
  auto vbr = testing::RunCommand("ffmpeg -v error -f lavfi -i 'sine=f=300:d=3' -af 'volume=0.3' -ar 44100 -ac 1 "
                                 "-c:a libmp3lame -q:a 2 " + Quote(Path("vbr.mp3")));
  ASSERT_EQ(vbr.exit_code, 0) << vbr.err;
  auto r = CheckAcx(Path("vbr.mp3"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->constant_bitrate);
  EXPECT_NE(std::find(r->failures.begin(), r->failures.end(), "variable bit rate, not CBR"), r->failures.end());
  ASSERT_TRUE(MasterToMp3(Bursts(2), Path("cbr.mp3"), AcxSettings{}).ok());
  auto copy = testing::RunCommand("ffmpeg -v error -i " + Quote(Path("cbr.mp3")) + " -c copy " + Quote(Path("copy.mp3")));
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  auto c = CheckAcx(Path("copy.mp3"));
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->constant_bitrate);
  EXPECT_EQ(c->bitrate_kbps, 192);
}

TEST_F(AcxFiles, NotAnMp3IsAnErrorNamingTheFile) {
  testing::WriteFile(Path("text.mp3"), "this is not audio\n");
  auto r = CheckAcx(Path("text.mp3"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), Path("text.mp3") + ": no MPEG audio in the file");
  auto missing = CheckAcx(Path("missing.mp3"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message().rfind(Path("missing.mp3") + ": ", 0), 0u);
}

TEST(FormatAcxTable, OneRowPerFileAndOneLinePerFailure) {
  AcxReport ok{"/books/a/01 - Chapter 1.mp3", 754.25, 44100, 1, 192, true, -20.04, -4.1, -3.62, -68.71,
               0.7, 2.81, false, false, {}};
  AcxReport bad = ok;
  bad.path = "02.mp3";
  bad.rms_dbfs = -24.25;
  bad.failures = {"RMS -24.2 dBFS, not in -23..-18"};
  EXPECT_EQ(FormatAcxTable({ok, bad}),
            "File                Result  Rate Hz  Ch      kbps    Length  RMS dBFS  Peak dBTP  Noise dBFS  Head s  Tail s\n"
            "01 - Chapter 1.mp3  PASS      44100   1   192 CBR   12:34.2     -20.0       -3.6       -68.7    0.70    2.81\n"
            "02.mp3              FAIL      44100   1   192 CBR   12:34.2     -24.2       -3.6       -68.7    0.70    2.81\n"
            "    RMS -24.2 dBFS, not in -23..-18\n");
}

// ffmpeg's astats value for key (overall section: the last one printed).
double AstatsValue(const std::string& log, const std::string& key) {
  std::size_t at = log.rfind(key + ": ");
  return at == std::string::npos ? NAN : std::stod(log.substr(at + key.size() + 2));
}

std::vector<double> SilenceTimes(const std::string& log, const std::string& what) {
  std::vector<double> times;
  std::regex re(what + R"(: (-?[0-9.]+))");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), re); it != std::sregex_iterator(); ++it) {
    times.push_back(std::stod((*it)[1]));
  }
  return times;
}

// eSpeak speech through the whole chain; checked by narrate check-acx and by
// ffmpeg (astats for RMS and peak, silencedetect for head and tail).
TEST_F(AcxFiles, EspeakSpeechMasteredPassesCheckAcxAndFfmpeg) {
  std::string text =
      "The lighthouse keeper climbed the stairs at dusk, as he had every evening for thirty years. "
      "Below him the sea moved slowly, grey and patient. He lit the lamp, and waited.";
  auto said = testing::RunCommand(Quote(NARRATE_BINARY) + " say " + Quote(text) + " -o " + Quote(Path("say.wav")));
  ASSERT_EQ(said.exit_code, 0) << said.err;
  std::vector<float> wav = testing::SndfileDecodeFloat(Path("say.wav"));
  ASSERT_GT(wav.size(), 22050u * 5);
  std::vector<std::int16_t> pcm(wav.size());
  for (std::size_t i = 0; i < wav.size(); ++i) pcm[i] = static_cast<std::int16_t>(std::lround(wav[i] * 32768));
  AcxSettings s;
  fs::create_directory(Path("book"));
  ASSERT_TRUE(MasterToMp3(pcm, Path("book/01.mp3"), s).ok());

  auto r = CheckAcx(Path("book/01.mp3"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::string table = FormatAcxTable({*r});
  EXPECT_TRUE(r->passed()) << table;
  std::cout << table;
  EXPECT_NEAR(r->duration_s, (s.head_ms + s.tail_ms) / 1000.0 + double(pcm.size()) / 22050, 1e-9);

  auto astats = testing::RunCommand("ffmpeg -hide_banner -nostats -i " + Quote(Path("book/01.mp3")) +
                                    " -af astats=measure_perchannel=none -f null -");
  double rms = AstatsValue(astats.err, "RMS level dB"), peak = AstatsValue(astats.err, "Peak level dB");
  std::cout << "ffmpeg astats: RMS level " << rms << " dB, Peak level " << peak << " dB\n";
  EXPECT_NEAR(rms, r->rms_dbfs, 0.05);
  EXPECT_NEAR(peak, r->sample_peak_dbfs, 0.05);
  EXPECT_GE(rms, -23.0);
  EXPECT_LE(rms, -18.0);
  EXPECT_LE(peak, -3.0);

  // With noise=-60dB the room tone counts as silence: its first run is the head,
  // its last the tail.
  auto quiet = testing::RunCommand("ffmpeg -hide_banner -nostats -i " + Quote(Path("book/01.mp3")) +
                                   " -af silencedetect=noise=-60dB:d=0.3 -f null -");
  std::vector<double> starts = SilenceTimes(quiet.err, "silence_start");
  std::vector<double> ends = SilenceTimes(quiet.err, "silence_end");
  ASSERT_GE(starts.size(), 2u) << quiet.err;
  ASSERT_GE(ends.size(), 1u) << quiet.err;
  double head = ends.front(), tail = r->duration_s - starts.back();
  std::cout << "ffmpeg silencedetect -60 dB: head " << head << " s, tail " << tail << " s\n";
  EXPECT_EQ(starts.front(), 0.0);
  EXPECT_GE(head, 0.5);
  EXPECT_LE(head, 1.0);
  EXPECT_GE(tail, 1.0);
  EXPECT_LE(tail, 5.0);
  EXPECT_NEAR(head, r->head_room_tone_s, 0.05);
  EXPECT_NEAR(tail, r->tail_room_tone_s, 0.05);
  // No digital silence anywhere, pauses included.
  auto zero = testing::RunCommand("ffmpeg -hide_banner -nostats -i " + Quote(Path("book/01.mp3")) +
                                  " -af silencedetect=noise=-90dB:d=0.02 -f null -");
  EXPECT_EQ(zero.err.find("silence_start"), std::string::npos) << zero.err;

  auto pass = testing::RunCommand(Quote(NARRATE_BINARY) + " check-acx " + Quote(Path("book")));
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  EXPECT_NE(pass.out.find("01.mp3"), std::string::npos);
  EXPECT_NE(pass.out.find("PASS"), std::string::npos);
}

TEST_F(AcxFiles, CheckAcxCommandFailsOnAFailingFileAndOnAnEmptyFolder) {
  auto mp3 = encode::OpenMp3(Path("raw.mp3"), encode::Mp3Settings{22050, 64});
  ASSERT_TRUE(mp3.ok());
  ASSERT_TRUE((*mp3)->Write(Tone(22050, 0.5, 440)).ok());
  ASSERT_TRUE((*mp3)->Flush().ok());
  auto one = testing::RunCommand(Quote(NARRATE_BINARY) + " check-acx " + Quote(Path("raw.mp3")));
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_NE(one.out.find("raw.mp3"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("FAIL"), std::string::npos);
  EXPECT_NE(one.out.find("    sample rate 22050 Hz, not 44100\n"), std::string::npos);
  fs::create_directory(Path("empty"));
  auto none = testing::RunCommand(Quote(NARRATE_BINARY) + " check-acx " + Quote(Path("empty")));
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.err, "narrate: " + Path("empty") + ": no MP3 files to check\n");
  EXPECT_EQ(none.out, "");
}

}  // namespace
}  // namespace narrate::master
