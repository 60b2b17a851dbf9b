// Issue 18's voices heard: every profile of a cast renders its own audio,
// rate 155 against 170 stretches the speech by 170/155, range changes the
// audio; and `narrate voices check|audition` as a user meets them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cast.h"
#include "tests/support/probe.h"
#include "tests/support/program.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::WriteFile;

// Five profiles, each differing from the others in voice, variant, pitch or range.
const char kCast[] = R"([narrator]
voice = "en-gb"
rate = 170

[dialogue]
variant = "m3"

[character.kirk]
names = ["Kirk"]
voice = "en-us"

[character.uhura]
names = ["Uhura"]
gender = "female"
variant = "f2"

[character.spock]
names = ["Spock"]
pitch = 20
range = 10
)";

// No commas or full stops inside: the only pauses eSpeak makes are its word gaps, which scale
// with the rate like the words do.
const char kLongSentence[] =
    "The old keeper of the lamps walked slowly along the narrow path above the grey sea and "
    "counted every boat that came home before the storm broke over the hills";

class CastVoices : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);  // no user-wide lexicon from this machine
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The decoded samples of text spoken in voice (a WAV rendered by pipeline::RenderText).
  std::vector<float> Render(const voices::VoiceSettings& voice, const std::string& text) {
    pipeline::SpeechOptions speech;
    speech.voice = voice;
    auto preparer = pipeline::TextPreparer::Create(speech, "");
    EXPECT_TRUE(preparer.ok()) << preparer.status().message();
    if (!preparer.ok()) return {};
    const std::string path = dir_ + "/r" + std::to_string(renders_++) + ".wav";
    auto seconds = pipeline::RenderText(text, speech, *preparer, path);
    EXPECT_TRUE(seconds.ok()) << seconds.status().message();
    return testing::SndfileDecodeFloat(path, &rate_hz_);
  }
  std::string dir_;
  int renders_ = 0;
  int rate_hz_ = 0;
};

// Seconds from the first to the last sample louder than -40 dBFS: the speech,
// without the silence before and after it.
double VoicedSeconds(const std::vector<float>& pcm, int rate_hz) {
  std::size_t first = pcm.size(), last = 0;
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    if (std::fabs(pcm[i]) < 0.01f) continue;
    first = std::min(first, i);
    last = i;
  }
  return first < last ? double(last - first) / rate_hz : 0;
}

TEST_F(CastVoices, EveryProfileOfACastSoundsDifferent) {
  auto cast = voices::ParseCast(kCast, "cast.toml");
  ASSERT_TRUE(cast.ok()) << cast.status().message();
  const voices::CastVoices v = voices::ResolveCast(*cast, voices::VoiceSettings{});
  std::vector<voices::VoiceSettings> profiles = {v.narrator, v.dialogue};
  profiles.insert(profiles.end(), v.characters.begin(), v.characters.end());
  ASSERT_EQ(profiles.size(), 5u);
  const std::string line = "Nobody could say where the road would end.";
  std::vector<std::vector<float>> audio;
  for (const voices::VoiceSettings& p : profiles) audio.push_back(Render(p, line));
  // The same voice twice is the same audio, so any difference below is the voice's.
  EXPECT_EQ(Render(profiles[0], line), audio[0]);
  for (std::size_t i = 0; i < audio.size(); ++i) {
    ASSERT_GT(audio[i].size(), 4000u) << profiles[i].name;
    for (std::size_t j = 0; j < i; ++j) {
      EXPECT_NE(audio[i], audio[j]) << profiles[i].name << " and " << profiles[j].name;
    }
  }
}

TEST_F(CastVoices, Rate155AgainstRate170StretchesTheSpeechBy170Over155) {
  voices::VoiceSettings voice{"en-gb", 170, 50, 50};
  const std::vector<float> fast = Render(voice, kLongSentence);
  const double at_170 = VoicedSeconds(fast, rate_hz_);
  voice.rate_wpm = 155;
  const std::vector<float> slow = Render(voice, kLongSentence);
  const double at_155 = VoicedSeconds(slow, rate_hz_);
  ASSERT_GT(at_170, 5.0);  // a long sentence: eSpeak's fixed edges do not matter
  const double expected = 170.0 / 155.0;
  EXPECT_NEAR(at_155 / at_170, expected, expected * 0.05)
      << "whole files " << double(slow.size()) / double(fast.size()) << "; "
      << "voiced " << at_155 << " s at 155 wpm, " << at_170 << " s at 170 wpm";
}

TEST_F(CastVoices, RangeChangesTheAudio) {
  voices::VoiceSettings narrow{"en-us", 175, 50, 20};
  voices::VoiceSettings wide = narrow;
  wide.range = 80;
  const std::string line = "Is that really what you saw on the hill last night?";
  const std::vector<float> a = Render(narrow, line);
  const std::vector<float> b = Render(wide, line);
  ASSERT_GT(a.size(), 4000u);
  EXPECT_NE(a, b);
  EXPECT_EQ(Render(narrow, line), a);
}

// ---- CheckCast against eSpeak's real list ---------------------------------------------

class CastCheckTest : public CastVoices {
 protected:
  app::CastCheck Check(const std::string& text) {
    WriteFile(dir_ + "/cast.toml", text);
    app::Speaker speaker;
    auto list = app::ListVoices(speaker);
    EXPECT_TRUE(list.ok());
    return app::CheckCast(dir_ + "/cast.toml", list.ok() ? *list : app::VoiceList{},
                          voices::VoiceSettings{});
  }
};

TEST_F(CastCheckTest, AGoodCastHasNoErrorsOrWarnings) {
  const app::CastCheck check = Check(kCast);
  EXPECT_TRUE(check.ok()) << check.errors.front().message();
  EXPECT_TRUE(check.warnings.empty()) << check.warnings.front();
}

TEST_F(CastCheckTest, UnknownVoicesAndVariantsAreErrorsAtTheirKeys) {
  const app::CastCheck check = Check(
      "[narrator]\nvoice = \"en-uk\"\n[character.kirk]\nnames = [\"Kirk\"]\n"
      "variant = \"nonexistent\"\n");
  ASSERT_EQ(check.errors.size(), 2u);
  EXPECT_EQ(check.errors[0].line(), 2);
  EXPECT_EQ(check.errors[0].detail(),
            "unknown voice 'en-uk' (see 'narrate voices'); did you mean 'en-gb'?");
  EXPECT_EQ(check.errors[1].message(),
            dir_ +
                "/cast.toml:5: unknown variant 'nonexistent' in 'en+nonexistent' (see "
                "'narrate voices')");
}

TEST_F(CastCheckTest, ProfilesTooAlikeAreWarnings) {
  const app::CastCheck check = Check(
      "[narrator]\nvoice = \"en-us\"\n[character.kirk]\nnames = [\"Kirk\"]\nvariant = \"m1\"\n"
      "rate = 170\n\n[character.spock]\nnames = [\"Spock\"]\nvariant = \"m1\"\nrate = 175\n");
  EXPECT_TRUE(check.ok());
  ASSERT_EQ(check.warnings.size(), 1u);
  EXPECT_EQ(check.warnings[0], dir_ +
                                   "/cast.toml:8: [character.spock] sounds like "
                                   "[character.kirk] (en-us+m1, 175 and 170 wpm)");
}

// ---- The program ------------------------------------------------------------------

class VoicesProgram : public testing::Program {};

TEST_F(VoicesProgram, CheckSaysOkWithTheProfileCount) {
  WriteFile(dir_ + "/cast.toml", kCast);
  auto r = Narrate("voices check cast.toml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "cast.toml: ok, 5 profiles\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(VoicesProgram, CheckPrintsWarningsAndStillSucceeds) {
  WriteFile(dir_ + "/cast.toml", "[character.kirk]\nnames = [\"Kirk\"]\n");
  auto r = Narrate("voices check cast.toml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "cast.toml:1: [character.kirk] sounds like [narrator] (en, 175 wpm)\n");
  EXPECT_EQ(r.out, "cast.toml: ok, 3 profiles\n");
}

TEST_F(VoicesProgram, CheckPrintsEveryErrorOneALineAndFails) {
  WriteFile(dir_ + "/cast.toml",
            "[narrator]\nvoice = \"en-uk\"\n\n[character.kirk]\nnames = [\"Kirk\"]\n"
            "voice = \"en-us\"\nvariant = \"f9\"\n");
  auto r = Narrate("voices check cast.toml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  const std::vector<std::string> lines = {
      "cast.toml:2: unknown voice 'en-uk' (see 'narrate voices'); did you mean 'en-gb'?",
      "cast.toml:7: unknown variant 'f9' in 'en-us+f9' (see 'narrate voices'); did you mean "};
  ASSERT_TRUE(r.err.starts_with(lines[0] + "\n" + lines[1])) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
}

TEST_F(VoicesProgram, CheckOfAMalformedOrMissingFileFailsNamingTheLine) {
  WriteFile(dir_ + "/cast.toml", "[narrator]\nrate = 500\n");
  auto r = Narrate("voices check cast.toml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "cast.toml:2: 'rate' 500 is out of range 80..449\n");
  auto missing = Narrate("voices check none.toml");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("none.toml"), std::string::npos) << missing.err;
}

TEST_F(VoicesProgram, AnUnknownCommandLineVoiceIsAUsageError) {
  WriteFile(dir_ + "/cast.toml", "[character.kirk]\nnames = [\"Kirk\"]\nvariant = \"f2\"\n");
  const std::string usage =
      "narrate: unknown voice 'en-xx' (see 'narrate voices')\nRun 'narrate voices --help' for "
      "usage.\n";
  auto check = Narrate("voices check cast.toml --voice en-xx");
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_EQ(check.err, usage);
  auto audition = Narrate("voices audition cast.toml -o aud --voice en-xx");
  EXPECT_EQ(audition.exit_code, 2);
  EXPECT_EQ(audition.err, usage);
  EXPECT_FALSE(fs::exists(dir_ + "/aud"));
  auto given = Narrate("voices check cast.toml --voice en-us --rate 300");
  EXPECT_EQ(given.exit_code, 0) << given.err;
}

TEST_F(VoicesProgram, ATypoInTheActionOffersTheRightOne) {
  WriteFile(dir_ + "/cast.toml", kCast);
  auto r = Narrate("voices chek cast.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(
      r.err.starts_with("narrate: unknown voices action 'chek' (check or audition); "
                        "did you mean 'check'?\n"))
      << r.err;
  auto no_file = Narrate("voices audition");
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_TRUE(no_file.err.starts_with("narrate: voices audition: give the voices.toml FILE"))
      << no_file.err;
}

TEST_F(VoicesProgram, HelpNamesTheActionsAndVoicesStillLists) {
  auto help = Narrate("voices --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("check FILE"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("audition FILE -o DIR"), std::string::npos) << help.out;
  auto list = Narrate("voices");
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_TRUE(list.out.starts_with("Voices (--voice NAME):\n")) << list.out;
}

TEST_F(VoicesProgram, AuditionWritesOneDistinctMp3PerProfile) {
  WriteFile(dir_ + "/cast.toml", kCast);
  auto r = Narrate("voices audition cast.toml -o aud");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> names = {"narrator", "dialogue", "kirk", "uhura", "spock"};
  std::string listing;
  for (const std::string& n : names) listing += "aud/" + n + ".mp3\n";
  EXPECT_EQ(r.out, listing);
  std::vector<std::vector<std::int16_t>> audio;
  for (const std::string& n : names) {
    std::vector<std::int16_t> pcm;
    int rate_hz = 0;
    testing::Mp3Decode(dir_ + "/aud/" + n + ".mp3", &pcm, &rate_hz);
    EXPECT_GT(pcm.size(), std::size_t(rate_hz) / 2) << n;  // at least half a second
    for (const auto& other : audio) EXPECT_NE(pcm, other) << n;
    audio.push_back(pcm);
  }
}

TEST_F(VoicesProgram, ACharacterCalledNarratorDoesNotOverwriteTheNarratorsSample) {
  WriteFile(dir_ + "/cast.toml", "[character.narrator]\nnames = [\"Ishmael\"]\npitch = 80\n");
  auto r = Narrate("voices audition cast.toml -o aud");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "aud/narrator.mp3\naud/dialogue.mp3\naud/character-narrator.mp3\n");
  std::vector<std::int16_t> narrator, character;
  testing::Mp3Decode(dir_ + "/aud/narrator.mp3", &narrator);
  testing::Mp3Decode(dir_ + "/aud/character-narrator.mp3", &character);
  EXPECT_FALSE(narrator.empty());
  EXPECT_NE(narrator, character);
}

TEST_F(VoicesProgram, AuditionRefusesAFailingCastAndWritesNothing) {
  WriteFile(dir_ + "/cast.toml", "[character.kirk]\nnames = [\"Kirk\"]\nvariant = \"f9\"\n");
  auto r = Narrate("voices audition cast.toml -o aud");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.err.starts_with("narrate: cast.toml:3: unknown variant 'f9'")) << r.err;
  EXPECT_FALSE(fs::exists(dir_ + "/aud"));
}

}  // namespace
}  // namespace narrate
