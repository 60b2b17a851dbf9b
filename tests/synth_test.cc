// The eSpeak NG seam: input building, and the real engine (one per process,
// so every real-engine check shares it).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "tests/support/probe.h"
#include "tts/synth/engine.h"
#include "tts/synth/input_map.h"

namespace narrate::synth {
namespace {

SpeechPiece Text(std::string s) { return {SpeechPiece::Kind::kText, std::move(s), 0, {}}; }
SpeechPiece Phonemes(std::string s) { return {SpeechPiece::Kind::kPhonemes, std::move(s), 0, {}}; }

TEST(EspeakInput, TextCannotOpenPhonemeInput) {
  EXPECT_EQ(EspeakInput({Text("a [[b]] c")}), "a [ [b]] c");
  EXPECT_EQ(EspeakInput({Text("x ["), Text("[y")}), "x [ [y");
}

TEST(EspeakInput, PhonemePiecesAreBracketed) {
  EXPECT_EQ(EspeakInput({Text("Hello "), Phonemes("kr'oUn0s"), Text(" today")}),
            "Hello [[kr'oUn0s]] today");
  EXPECT_EQ(EspeakInput({Text("a ["), Phonemes("b")}), "a [ [[b]]");
}

TEST(InputMap, LocatesWordsInPiecesByCodePoint) {
  // "Zoë " is 4 code points but 5 bytes: positions after it must shift.
  InputMap map({Text("Zoë ran"), Phonemes("kr'oUn0s")});
  ASSERT_EQ(map.input(), "Zoë ran[[kr'oUn0s]]");
  auto ran = map.Locate(4, 3);
  ASSERT_TRUE(ran.has_value());
  EXPECT_EQ(ran->piece, 0u);
  EXPECT_EQ(ran->offset, 5u);
  EXPECT_EQ(ran->length, 3u);
  auto zoe = map.Locate(0, 3);
  ASSERT_TRUE(zoe.has_value());
  EXPECT_EQ(zoe->length, 4u);
  auto name = map.Locate(7, 12);
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(name->piece, 1u);
  EXPECT_EQ(name->length, 8u);
  EXPECT_FALSE(map.Locate(40, 2).has_value());
}

class Collect : public SpeechSink {
 public:
  Status OnAudio(std::span<const std::int16_t> s) override {
    samples += static_cast<std::int64_t>(s.size());
    audio.insert(audio.end(), s.begin(), s.end());
    for (std::int16_t v : s) peak = std::max<int>(peak, std::abs(v));
    return Status::Ok();
  }
  void OnWord(const WordEvent& e) override { words.push_back(e); }
  std::int64_t samples = 0;
  std::vector<std::int16_t> audio;
  int peak = 0;
  std::vector<WordEvent> words;
};

class StopAfterFirstChunk : public SpeechSink {
 public:
  Status OnAudio(std::span<const std::int16_t>) override {
    ++calls;
    return Status::Error("disk full");
  }
  int calls = 0;
};

// Speaks a sentence in "en+f2" in a fresh process (eSpeak keeps state between
// syntheses in one process: pipeline/render_worker.cc), with the user cache
// at cache ("off": none); the samples, or none when that failed.
std::vector<std::int16_t> SpeakInFreshProcess(const std::string& cache, const std::string& out) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (cache == "off") ::setenv("NARRATE_CACHE", "off", 1);
    ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
    auto engine = OpenEspeak(voices::VoiceSettings{"en+f2", 175, 50});
    Collect sink;
    if (!engine.ok() || !(*engine)->Speak({Text("The lamps of Vask.")}, sink).ok()) ::_exit(1);
    const auto* bytes = reinterpret_cast<const char*>(sink.audio.data());
    testing::WriteFile(out, std::string(bytes, sink.audio.size() * sizeof(std::int16_t)));
    ::_exit(0);
  }
  int wait_status = 0;
  if (child < 0 || ::waitpid(child, &wait_status, 0) != child || wait_status != 0) return {};
  const std::string bytes = testing::ReadFile(out);
  std::vector<std::int16_t> audio(bytes.size() / sizeof(std::int16_t));
  std::memcpy(audio.data(), bytes.data(), audio.size() * sizeof(std::int16_t));
  return audio;
}

// eSpeak finds "en" by reading every voice file; the file it stands for
// ("gmw/en") is remembered in the user cache, and the next run goes straight
// to it (voice_memo.h) with the same voice: the same samples as without it.
TEST(Espeak, AVoiceNameIsRememberedAsItsFileAndSpeaksTheSame) {
  const std::string dir = testing::MakeTempDir();
  const auto searched = SpeakInFreshProcess(dir, dir + "/1.raw");
  const auto remembered = SpeakInFreshProcess(dir, dir + "/2.raw");
  const auto without_cache = SpeakInFreshProcess("off", dir + "/3.raw");
  std::string memo;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/narrate/voices"))
    memo += testing::ReadFile(entry.path().string());
  std::filesystem::remove_all(dir);
  EXPECT_EQ(memo, "en\tgmw/en\n");
  EXPECT_GT(searched.size(), 22050u / 2);
  EXPECT_EQ(searched, remembered);
  EXPECT_EQ(searched, without_cache);
}

// All real-engine checks in one test: eSpeak allows one synthesiser per process.
TEST(Espeak, RealEngine) {
  auto bad = OpenEspeak(voices::VoiceSettings{"no-such-voice", 175, 50});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "unknown voice 'no-such-voice' (see 'narrate voices')");
  EXPECT_FALSE(OpenEspeak(voices::VoiceSettings{"en", 900, 50}).ok());

  auto engine = OpenEspeak(voices::VoiceSettings{});
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  EXPECT_EQ((*engine)->sample_rate_hz(), 22050);
  EXPECT_FALSE(OpenEspeak(voices::VoiceSettings{}).ok()) << "a second synthesiser must be refused";

  Collect sink;
  ASSERT_TRUE((*engine)->Speak({Text("Hello brave world.")}, sink).ok());
  EXPECT_GT(sink.samples, 22050 / 2);
  EXPECT_LT(sink.samples, 22050 * 3);
  EXPECT_GT(sink.peak, 3000);
  ASSERT_EQ(sink.words.size(), 3u);
  EXPECT_EQ(sink.words[1].offset, 6u);
  EXPECT_EQ(sink.words[1].length, 5u);
  EXPECT_LT(sink.words[0].sample, sink.words[1].sample);
  EXPECT_LT(sink.words[2].sample, sink.samples);

  StopAfterFirstChunk stop;
  Status stopped = (*engine)->Speak({Text("A long sentence that takes more than one buffer to say out loud.")}, stop);
  EXPECT_EQ(stopped.message(), "disk full");
  EXPECT_EQ(stop.calls, 1);

  auto hello = (*engine)->ToPhonemes({Text("hello")}, PhonemeAlphabet::kEspeak);
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(*hello, "h@l'oU");
  auto inline_phonemes = (*engine)->ToPhonemes({Phonemes("kr'oUn0s")}, PhonemeAlphabet::kEspeak);
  ASSERT_TRUE(inline_phonemes.ok());
  EXPECT_EQ(*inline_phonemes, "kr'oUn0s");
  auto ipa = (*engine)->ToPhonemes({Text("hello")}, PhonemeAlphabet::kIpa);
  ASSERT_TRUE(ipa.ok());
  EXPECT_EQ(*ipa, "həlˈəʊ");

  auto voices = (*engine)->ListVoices();
  auto has = [&](const std::string& name) {
    return std::any_of(voices.begin(), voices.end(), [&](const VoiceInfo& v) { return v.name == name; });
  };
  EXPECT_TRUE(has("en-us"));
  EXPECT_TRUE(has("+f2"));
}

SpeechPiece Said(std::string s, const voices::VoiceSettings& voice) {
  SpeechPiece piece = Text(std::move(s));
  piece.voice = voice;
  return piece;
}

// Pieces carry their voices: the engine switches where they differ (one
// eSpeak call per run of one voice), words keep their pieces and samples.
TEST(Espeak, EachPieceIsSpokenInItsVoice) {
  const voices::VoiceSettings en{"en", 175, 50};
  const voices::VoiceSettings us{"en-us", 175, 50};
  auto engine = OpenEspeak(en);
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  EXPECT_EQ((*engine)->sample_rate_hz(), EngineSampleRateHz());
  EXPECT_EQ((*engine)->phoneme_alphabet(), PhonemeAlphabet::kEspeak);

  auto both =
      (*engine)->ToPhonemes({Said("tomato", en), Said(" tomato", us)}, PhonemeAlphabet::kEspeak);
  ASSERT_TRUE(both.ok()) << both.status().message();
  EXPECT_EQ(*both, "t@m'A:toU t@m'eIt#oU");
  auto us_only = (*engine)->ToPhonemes({Said("tomato", us)}, PhonemeAlphabet::kEspeak);
  EXPECT_EQ(*us_only, "t@m'eIt#oU");
  // A piece without a voice is said in the voice the engine was opened with.
  auto opened = (*engine)->ToPhonemes({Text("tomato")}, PhonemeAlphabet::kEspeak);
  EXPECT_EQ(*opened, "t@m'A:toU");

  const std::string six = "One two three four five six.";
  voices::VoiceSettings fast = en;
  fast.rate_wpm = 400;
  Collect sink;
  ASSERT_TRUE((*engine)->Speak({Said(six, en), Said(" " + six, fast)}, sink).ok());
  ASSERT_EQ(sink.words.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i) {
    EXPECT_EQ(sink.words[i].piece, i < 6 ? 0u : 1u) << i;
    if (i > 0) {
      EXPECT_LT(sink.words[i - 1].sample, sink.words[i].sample) << i;
    }
  }
  EXPECT_EQ(sink.words[6].offset, 1u);  // after the piece's leading space
  EXPECT_LT(sink.words[11].sample, sink.samples);
  const std::int64_t slow_span = sink.words[5].sample - sink.words[0].sample;
  const std::int64_t fast_span = sink.words[11].sample - sink.words[6].sample;
  EXPECT_LT(fast_span * 10, slow_span * 6) << slow_span << " vs " << fast_span;

  Collect unused;
  const voices::VoiceSettings nope{"xx-nope", 175, 50};
  Status unknown = (*engine)->Speak({Text("Hi."), Said(" there.", nope)}, unused);
  EXPECT_EQ(unknown.message(), "unknown voice 'xx-nope' (see 'narrate voices')");
  Status too_fast = (*engine)->Speak({Said("Hi.", voices::VoiceSettings{"en", 900, 50})}, unused);
  EXPECT_FALSE(too_fast.ok());
}

}  // namespace
}  // namespace narrate::synth
