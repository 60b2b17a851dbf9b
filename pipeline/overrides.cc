#include "pipeline/overrides.h"

#include <algorithm>
#include <cctype>

#include "pronunciation/ipa.h"
#include "pronunciation/lexicon.h"

namespace narrate::pipeline {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Builds the spoken text and its utterance piece by piece.
class StretchBuilder {
 public:
  explicit StretchBuilder(const TextPreparer& preparer)
      : preparer_(preparer), voice_(preparer.voice()) {}

  // The voice the pieces added next are stamped with.
  void SetVoice(const voices::VoiceSettings& voice) { voice_ = voice; }
  const std::string& spoken() const { return out_.spoken; }

  // Written text between spans: normalised on its own, then the lexicons
  // ("in 1987" → "in nineteen eighty seven").
  void AddWritten(std::string_view written) {
    if (written.empty()) return;
    const std::size_t at = out_.spoken.size();
    out_.spoken += preparer_.Normalize(written);
    for (SpeechPiece& piece : preparer_.lexicon().Apply(std::string_view(out_.spoken).substr(at))) {
      piece.source_offset += at;
      piece.voice = voice_;
      out_.utterance.push_back(std::move(piece));
    }
  }

  // Normalisation drops a comma that ends its text; a stretch cut before
  // more of the paragraph keeps it, as the paragraph said whole would.
  void KeepClosingComma(std::string_view written) {
    const std::size_t last = written.find_last_not_of(" \t\n");
    if (last == std::string_view::npos || written[last] != ',' || out_.utterance.empty()) return;
    SpeechPiece& piece = out_.utterance.back();
    if (piece.kind != SpeechPiece::Kind::kText || out_.spoken.ends_with(',')) return;
    piece.content += ',';
    out_.spoken += ',';
  }

  // Pieces are joined as they are: keep the word break the paragraph had.
  void AddSpace() { Add(SpeechPiece::Kind::kText, " ", " "); }

  // A span: said as its phonemes, written as it is.
  void AddSpan(std::string_view written, const std::string& phonemes) {
    Add(SpeechPiece::Kind::kPhonemes, written, phonemes);
  }

  SpokenStretch Finish() { return std::move(out_); }

 private:
  void Add(SpeechPiece::Kind kind, std::string_view spoken, const std::string& content) {
    out_.utterance.push_back(SpeechPiece{kind, content, out_.spoken.size(), voice_});
    out_.spoken += spoken;
  }

  const TextPreparer& preparer_;
  voices::VoiceSettings voice_;
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

namespace {

// The written text[from, to) with the pronunciations that lie wholly inside it.
void AddWrittenWithSpans(StretchBuilder& out, const source::Paragraph& paragraph, std::size_t from,
                         std::size_t to) {
  const std::string_view text = paragraph.text;
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
}

// A stretch of the paragraph spoken in one voice.
struct Region {
  std::size_t begin = 0;
  std::size_t end = 0;
  const voices::VoiceSettings* voice = nullptr;  // null: the narrator's
};

// The length of the UTF-8 punctuation mark ending (backward) or starting at
// text[at]: ASCII punctuation, Latin-1 punctuation (« »), General
// Punctuation (“ ” ‘ ’ — …); 0 when text[at] starts no mark.
std::size_t MarkAt(std::string_view text, std::size_t at) {
  const auto c = static_cast<unsigned char>(text[at]);
  if (c < 0x80) return std::ispunct(c) ? 1 : 0;
  if (c == 0xC2 && at + 1 < text.size()) {
    const auto d = static_cast<unsigned char>(text[at + 1]);
    return d >= 0xA1 && d <= 0xBF ? 2 : 0;
  }
  if (c == 0xE2 && at + 2 < text.size()) {
    const auto d = static_cast<unsigned char>(text[at + 1]);
    return d == 0x80 || d == 0x81 ? 3 : 0;
  }
  return 0;
}

// The span widened over the marks touching it (its quotation marks, the
// comma or dash after them), so a quotation's marks go with its voice and
// the narration's stretches start and end at blanks or words.
Region Widen(std::string_view text, const VoicedSpan& span) {
  Region r{std::min(span.begin, text.size()), std::min(span.end, text.size()), &span.voice};
  for (bool more = true; more && r.begin > 0;) {
    std::size_t start = r.begin - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    more = MarkAt(text, start) == r.begin - start;
    if (more) r.begin = start;
  }
  while (r.end < text.size()) {
    const std::size_t n = MarkAt(text, r.end);
    if (n == 0) break;
    r.end += n;
  }
  return r;
}

// text[from, to) cut at the widened spans' edges, in order, none empty.
std::vector<Region> RegionsOf(std::string_view text, std::size_t from, std::size_t to,
                              const std::vector<VoicedSpan>& spans) {
  std::vector<Region> out;
  std::size_t at = from;
  for (const VoicedSpan& span : spans) {
    Region r = Widen(text, span);
    r.begin = std::clamp(std::max(r.begin, at), from, to);
    r.end = std::clamp(r.end, r.begin, to);
    if (r.begin == r.end) continue;
    if (at < r.begin) out.push_back(Region{at, r.begin, nullptr});
    out.push_back(r);
    at = r.end;
  }
  if (at < to) out.push_back(Region{at, to, nullptr});
  return out;
}

}  // namespace

SpokenStretch SpeakStretch(const TextPreparer& preparer, const source::Paragraph& paragraph,
                           std::size_t from, std::size_t to, const std::vector<VoicedSpan>& spans) {
  const std::string_view text = paragraph.text;
  to = std::min(to, text.size());
  StretchBuilder out(preparer);
  if (spans.empty()) {
    AddWrittenWithSpans(out, paragraph, from, to);
    return out.Finish();
  }
  for (const Region& region : RegionsOf(text, from, to, spans)) {
    // The word break at the cut, in the voice before it (no extra voice run).
    const bool blank =
        region.begin > from && (IsSpace(text[region.begin]) || IsSpace(text[region.begin - 1]));
    if (blank && !out.spoken().empty() && !out.spoken().ends_with(' ')) {
      out.AddSpace();
    }
    out.SetVoice(region.voice ? *region.voice : preparer.voice());
    AddWrittenWithSpans(out, paragraph, region.begin, region.end);
    if (region.end < text.size())
      out.KeepClosingComma(text.substr(region.begin, region.end - region.begin));
  }
  return out.Finish();
}

// The spans become phoneme pieces; the text around them is normalised and
// goes through the lexicons as usual, stretch by stretch.
Utterance TextPreparer::PrepareParagraph(const source::Paragraph& paragraph) const {
  if (paragraph.pronunciations.empty()) return Prepare(paragraph.text);
  return SpeakStretch(*this, paragraph, 0, paragraph.text.size()).utterance;
}

// Each span (widened over its quotation marks) is a stretch of its own in its
// voice; the narration between is normalised stretch by stretch.
Utterance TextPreparer::PrepareParagraph(const source::Paragraph& paragraph,
                                         const std::vector<VoicedSpan>& spans) const {
  if (spans.empty()) return PrepareParagraph(paragraph);
  return SpeakStretch(*this, paragraph, 0, paragraph.text.size(), spans).utterance;
}

}  // namespace narrate::pipeline
