// Builds eSpeak's input string for an utterance and maps eSpeak's text
// positions (code points into that string) back to (piece, byte offset).
// Private to tts/synth.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/speech.h"

namespace narrate::synth {

struct PieceSpan {
  std::size_t piece = 0;
  std::size_t offset = 0;  // bytes into the piece's content
  std::size_t length = 0;  // bytes
};

class InputMap {
 public:
  explicit InputMap(const Utterance& utterance);
  const std::string& input() const { return input_; }
  // Where the code points [first, first + count) of input() came from; empty
  // when they start outside any piece or span two pieces' wrappers.
  std::optional<PieceSpan> Locate(int first, int count) const;

 private:
  struct CodePoint {
    std::size_t piece;
    std::size_t offset;  // byte offset in the piece's content
    std::size_t bytes;   // bytes this code point covers in the content (0 for added marks)
  };
  void AddText(std::size_t piece, const std::string& text);
  void AddPhonemes(std::size_t piece, const std::string& phonemes);
  void Emit(std::string_view out, std::size_t piece, std::size_t offset, std::size_t bytes);

  std::string input_;
  std::vector<CodePoint> points_;
};

}  // namespace narrate::synth
