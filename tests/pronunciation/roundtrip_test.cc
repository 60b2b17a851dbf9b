// The IPA table's round trip: IPA -> mnemonics -> eSpeak (IPA mode) -> IPA,
// for every row, in a frame word. A row is exact when eSpeak says back the
// IPA it was given; otherwise eSpeak must say back the row's `heard`, so the
// table documents every approximation as it is actually spoken.
#include <gtest/gtest.h>

#include <iostream>
#include <memory>

#include "pronunciation/ipa.h"
#include "tts/synth/engine.h"

namespace narrate::pronunciation {
namespace {

struct Frame {
  std::string before, after;
};

Frame FrameFor(IpaSymbol::Kind kind) {
  switch (kind) {
    case IpaSymbol::Kind::kVowel: return {"bˈ", "d"};
    case IpaSymbol::Kind::kConsonant: return {"ˈa", "a"};
    case IpaSymbol::Kind::kMark: return {"bˈat", "a"};
    case IpaSymbol::Kind::kVowelMark: return {"bˈe", "ta"};
  }
  return {};
}

std::string Trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
  return s.substr(start);
}

class RoundTrip : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto engine = synth::OpenEspeak(voices::VoiceSettings{});  // "en", the table's voice
    if (engine.ok()) engine_ = std::move(*engine);
    else error_ = engine.status().message();
  }
  static void TearDownTestSuite() { engine_.reset(); }

  static Result<std::string> Speak(const std::string& mnemonics) {
    Utterance u{SpeechPiece{SpeechPiece::Kind::kPhonemes, mnemonics, 0, {}}};
    auto ipa = engine_->ToPhonemes(u, synth::PhonemeAlphabet::kIpa);
    if (!ipa.ok()) return ipa.status();
    return Trimmed(*ipa);
  }

  static std::unique_ptr<synth::SpeechEngine> engine_;
  static std::string error_;
};

std::unique_ptr<synth::SpeechEngine> RoundTrip::engine_;
std::string RoundTrip::error_;

TEST_F(RoundTrip, EverySymbolSaysBackWhatTheTableRecords) {
  ASSERT_TRUE(engine_) << error_;
  int exact = 0, approximated = 0;
  for (const IpaSymbol& s : IpaInventory()) {
    const Frame f = FrameFor(s.kind);
    const std::string ipa = f.before + std::string(s.ipa) + f.after;
    auto mnemonics = IpaToEspeak(ipa);
    ASSERT_TRUE(mnemonics.ok()) << ipa << ": " << mnemonics.status().message();
    auto heard = Speak(*mnemonics);
    ASSERT_TRUE(heard.ok()) << heard.status().message();
    EXPECT_EQ(*heard, f.before + std::string(s.heard) + f.after)
        << "IPA " << ipa << " -> [[" << *mnemonics << "]]";
    (s.heard == s.ipa ? exact : approximated)++;
  }
  std::cout << "IPA table: " << exact << " rows round-trip exactly, " << approximated
            << " are approximated\n";
}

TEST_F(RoundTrip, WholeNames) {
  ASSERT_TRUE(engine_) << error_;
  EXPECT_EQ(*Speak(*IpaToEspeak("ˈkroʊnɒs")), "kɹˈəʊnɒs");
  EXPECT_EQ(*Speak(*IpaToEspeak("ˈrʊərə ˈpɛnθeɪ")), "ɹˈʊəɹə pˈɛnθeɪ");
  EXPECT_EQ(*Speak(*IpaToEspeak("ˈqʰoʔnoʃ")), "qˈoʔnoʃ");
}

}  // namespace
}  // namespace narrate::pronunciation
