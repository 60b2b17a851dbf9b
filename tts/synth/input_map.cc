#include "tts/synth/input_map.h"

#include "tts/synth/engine.h"

namespace narrate::synth {
namespace {

std::size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;  // stray byte: one unit, as eSpeak will see it
}

}  // namespace

InputMap::InputMap(const Utterance& utterance) {
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    const SpeechPiece& p = utterance[i];
    if (p.kind == SpeechPiece::Kind::kPhonemes) {
      AddPhonemes(i, p.content);
    } else {
      AddText(i, p.content);
    }
  }
}

void InputMap::Emit(std::string_view out, std::size_t piece, std::size_t offset,
                    std::size_t bytes) {
  input_.append(out);
  points_.push_back(CodePoint{piece, offset, bytes});
}

// "a [[b" → "a [ [b": text must never switch eSpeak into phoneme input.
void InputMap::AddText(std::size_t piece, const std::string& text) {
  for (std::size_t at = 0; at < text.size();) {
    std::size_t n = std::min(Utf8Length(text[at]), text.size() - at);
    bool defuse = text[at] == '[' && !input_.empty() && input_.back() == '[';
    if (defuse) Emit(" ", piece, at, 0);
    Emit(std::string_view(text).substr(at, n), piece, at, n);
    at += n;
  }
}

// "kr'oUn0s" → "[[kr'oUn0s]]". eSpeak reports the word at the opening
// brackets; its last code point carries the whole piece's length.
void InputMap::AddPhonemes(std::size_t piece, const std::string& phonemes) {
  if (!input_.empty() && input_.back() == '[') Emit(" ", piece, 0, 0);
  const std::string wrapped = "[[" + phonemes + "]]";
  for (std::size_t at = 0; at < wrapped.size();) {
    std::size_t n = std::min(Utf8Length(wrapped[at]), wrapped.size() - at);
    Emit(std::string_view(wrapped).substr(at, n), piece, 0, 0);
    at += n;
  }
  points_.back().bytes = phonemes.size();
}

std::optional<PieceSpan> InputMap::Locate(int first, int count) const {
  if (first < 0 || count <= 0 || static_cast<std::size_t>(first) >= points_.size()) return {};
  std::size_t last = std::min(points_.size() - 1, static_cast<std::size_t>(first + count - 1));
  const CodePoint& a = points_[first];
  const CodePoint& b = points_[last];
  if (a.piece != b.piece) return PieceSpan{a.piece, a.offset, a.bytes};
  std::size_t end = b.offset + b.bytes;
  return PieceSpan{a.piece, a.offset, end > a.offset ? end - a.offset : 0};
}

std::string EspeakInput(const Utterance& utterance) { return InputMap(utterance).input(); }

}  // namespace narrate::synth
