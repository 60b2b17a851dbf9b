// What flows from the pronunciation stage into synthesis: an utterance is a
// sequence of pieces, each either plain text (spoken as written) or a string of
// eSpeak phoneme mnemonics (spoken exactly), each spoken in its own voice. No
// engine type appears here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "voices/voice.h"

namespace narrate {

struct SpeechPiece {
  enum class Kind { kText, kPhonemes };
  Kind kind = Kind::kText;
  std::string content;        // UTF-8 text, or eSpeak mnemonics without [[ ]]
  std::size_t source_offset = 0;  // byte offset of this piece in the paragraph text it came from
  // Who says it (voice, rate, pitch). Empty: the voice the engine was opened
  // with. The pipeline stamps every piece of a book; pieces made elsewhere
  // (a word to transcribe, a test) may leave it empty.
  std::optional<voices::VoiceSettings> voice;
};

using Utterance = std::vector<SpeechPiece>;

inline Utterance PlainUtterance(std::string text) {
  return Utterance{SpeechPiece{SpeechPiece::Kind::kText, std::move(text), 0, {}}};
}

// Gives every piece of the utterance the voice.
inline void StampVoice(Utterance& utterance, const voices::VoiceSettings& voice) {
  for (SpeechPiece& piece : utterance) piece.voice = voice;
}

}  // namespace narrate
