#include "pipeline/overrides.h"

#include "pronunciation/ipa.h"
#include "pronunciation/lexicon.h"

namespace narrate::pipeline {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Builds the spoken text and its utterance piece by piece.
class StretchBuilder {
 public:
  explicit StretchBuilder(const TextPreparer& preparer) : preparer_(preparer) {}

  // Written text between spans: normalised on its own, then the lexicons
  // ("in 1987" → "in nineteen eighty seven").
  void AddWritten(std::string_view written) {
    if (written.empty()) return;
    const std::size_t at = out_.spoken.size();
    out_.spoken += preparer_.Normalize(written);
    for (SpeechPiece& piece : preparer_.lexicon().Apply(std::string_view(out_.spoken).substr(at))) {
      piece.source_offset += at;
      out_.utterance.push_back(std::move(piece));
    }
  }

  // Pieces are joined as they are: keep the word break the paragraph had.
  void AddSpace() { Add(SpeechPiece::Kind::kText, " ", " "); }

  // A span: said as its phonemes, written as it is.
  void AddSpan(std::string_view written, const std::string& phonemes) {
    Add(SpeechPiece::Kind::kPhonemes, written, phonemes);
  }

  SpokenStretch Finish() {
    StampVoice(out_.utterance, preparer_.voice());
    return std::move(out_);
  }

 private:
  void Add(SpeechPiece::Kind kind, std::string_view spoken, const std::string& content) {
    out_.utterance.push_back(SpeechPiece{kind, content, out_.spoken.size(), {}});
    out_.spoken += spoken;
  }

  const TextPreparer& preparer_;
  SpokenStretch out_;
};

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
  if (pronunciation.alphabet != "ipa")
    return Status::Error("unknown alphabet \"" + pronunciation.alphabet + "\"");
  return pronunciation::IpaToEspeak(phonemes);
}

SpokenStretch SpeakStretch(const TextPreparer& preparer, const source::Paragraph& paragraph,
                           std::size_t from, std::size_t to) {
  const std::string_view text = paragraph.text;
  to = std::min(to, text.size());
  StretchBuilder out(preparer);
  std::size_t at = from;
  for (const source::Pronunciation& span : paragraph.pronunciations) {
    if (span.offset < at || span.length == 0 || span.offset + span.length > to) continue;
    Result<std::string> phonemes = OverrideToEspeak(span);
    if (!phonemes.ok()) continue;
    out.AddWritten(text.substr(at, span.offset - at));
    if (span.offset > from && IsSpace(text[span.offset - 1])) out.AddSpace();
    out.AddSpan(text.substr(span.offset, span.length), *phonemes);
    at = span.offset + span.length;
    if (at < to && IsSpace(text[at])) out.AddSpace();
  }
  if (at < to) out.AddWritten(text.substr(at, to - at));
  return out.Finish();
}

// The spans become phoneme pieces; the text around them is normalised and
// goes through the lexicons as usual, stretch by stretch.
Utterance TextPreparer::PrepareParagraph(const source::Paragraph& paragraph) const {
  if (paragraph.pronunciations.empty()) return Prepare(paragraph.text);
  return SpeakStretch(*this, paragraph, 0, paragraph.text.size()).utterance;
}

}  // namespace narrate::pipeline

namespace narrate::pipeline {

// Stub: the spans' voices are applied by the implementation (helper C).
Utterance TextPreparer::PrepareParagraph(const source::Paragraph& paragraph,
                                         const std::vector<VoicedSpan>&) const {
  return PrepareParagraph(paragraph);
}

}  // namespace narrate::pipeline
