#include "pipeline/overrides.h"

#include "pronunciation/ipa.h"

namespace narrate::pipeline {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Prepares text[from, to) on its own, its pieces' offsets made relative to the paragraph.
void AddText(const TextPreparer& preparer, const std::string& text, std::size_t from, std::size_t to, Utterance& out) {
  if (to <= from) return;
  for (SpeechPiece& piece : preparer.Prepare(std::string_view(text).substr(from, to - from))) {
    piece.source_offset += from;
    out.push_back(std::move(piece));
  }
}

// Pieces are joined as they are; keep the word break the paragraph had.
void AddSpace(std::size_t offset, Utterance& out) {
  out.push_back(SpeechPiece{SpeechPiece::Kind::kText, " ", offset, {}});
}

}  // namespace

Result<std::string> OverrideToEspeak(const source::Pronunciation& pronunciation) {
  std::string phonemes = pronunciation.phonemes;
  if (phonemes.size() >= 2 && phonemes.front() == '/' && phonemes.back() == '/') {
    phonemes = phonemes.substr(1, phonemes.size() - 2);
  }
  if (phonemes.empty()) return Status::Error("empty pronunciation");
  if (pronunciation.alphabet == "x-espeak") {
    NARRATE_RETURN_IF_ERROR(pronunciation::ValidateEspeak(phonemes));
    return phonemes;
  }
  if (pronunciation.alphabet != "ipa") return Status::Error("unknown alphabet \"" + pronunciation.alphabet + "\"");
  return pronunciation::IpaToEspeak(phonemes);
}

// The spans become phoneme pieces; the text around them is normalised and
// goes through the lexicons as usual, piece by piece.
Utterance TextPreparer::PrepareParagraph(const source::Paragraph& paragraph) const {
  const TextPreparer& preparer = *this;
  if (paragraph.pronunciations.empty()) return preparer.Prepare(paragraph.text);
  const std::string& text = paragraph.text;
  Utterance out;
  std::size_t at = 0;
  for (const source::Pronunciation& span : paragraph.pronunciations) {
    if (span.offset < at || span.length == 0 || span.offset + span.length > text.size()) continue;
    Result<std::string> phonemes = OverrideToEspeak(span);
    if (!phonemes.ok()) continue;
    AddText(preparer, text, at, span.offset, out);
    if (span.offset > 0 && IsSpace(text[span.offset - 1])) AddSpace(span.offset - 1, out);
    out.push_back(SpeechPiece{SpeechPiece::Kind::kPhonemes, *phonemes, span.offset, voice_});
    at = span.offset + span.length;
    if (at < text.size() && IsSpace(text[at])) AddSpace(at, out);
  }
  AddText(preparer, text, at, text.size(), out);
  StampVoice(out, voice_);
  return out;
}

}  // namespace narrate::pipeline
