// What flows from the pronunciation stage into synthesis: an utterance is a
// sequence of pieces, each either plain text (spoken as written) or a string of
// eSpeak phoneme mnemonics (spoken exactly). No engine type appears here.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace narrate {

struct SpeechPiece {
  enum class Kind { kText, kPhonemes };
  Kind kind = Kind::kText;
  std::string content;        // UTF-8 text, or eSpeak mnemonics without [[ ]]
  std::size_t source_offset = 0;  // byte offset of this piece in the paragraph text it came from
};

using Utterance = std::vector<SpeechPiece>;

inline Utterance PlainUtterance(std::string text) {
  return Utterance{SpeechPiece{SpeechPiece::Kind::kText, std::move(text), 0}};
}

}  // namespace narrate
