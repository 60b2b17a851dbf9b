// What flows from the pronunciation stage into synthesis: an utterance is a
// sequence of pieces, each plain text (spoken as written), a string of eSpeak
// phoneme mnemonics (spoken exactly) or a sounds-like respelling (spoken as
// the engine reads its syllables), each spoken in its own voice. No engine
// type appears here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "voices/voice.h"

namespace narrate {

struct SpeechPiece {
  // kRespelling: words apart at spaces, syllables at hyphens ("WEE-nuh",
  // "ROO-ra PEN-thay"). The engine reads each syllable on its own and gives
  // each word one primary stress: on its syllable in capitals, else where it
  // stresses the word read whole; the other syllables are unstressed. (Read
  // as text, eSpeak would stress every hyphenated syllable.)
  enum class Kind { kText, kPhonemes, kRespelling };
  Kind kind = Kind::kText;
  std::string content;            // UTF-8 text, eSpeak mnemonics without [[ ]], or a respelling
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
