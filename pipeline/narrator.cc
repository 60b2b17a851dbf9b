#include "pipeline/narrator.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "common/interrupt.h"
#include "pipeline/caption_text.h"
#include "pipeline/spoken_memo.h"
#include "pronunciation/lexicon.h"
#include "tts/text/normalize.h"

namespace narrate::pipeline {

// The normaliser for a locale, made when first asked for (ICU's rule sets take
// 2 ms to build, and a preview whose text is in the memo needs none). Null
// when ICU has no rules for the locale: the text is spoken as written.
class LazyNormalizer {
 public:
  explicit LazyNormalizer(std::string locale) : locale_(std::move(locale)) {}
  const text::Normalizer* Get() const {
    std::call_once(once_, [this] {
      auto normalizer = text::Normalizer::Create(text::NormalizeOptions{locale_});
      if (normalizer.ok()) normalizer_.emplace(std::move(*normalizer));
    });
    return normalizer_ ? &*normalizer_ : nullptr;
  }

 private:
  std::string locale_;
  mutable std::once_flag once_;
  mutable std::optional<text::Normalizer> normalizer_;
};

Result<TextPreparer> TextPreparer::Create(const SpeechOptions& speech, const std::string& book_path,
                                          const std::vector<source::BookLexicon>& book_lexicons) {
  std::vector<pronunciation::LexiconText> embedded;
  for (const source::BookLexicon& l : book_lexicons) embedded.push_back({l.name, l.content});
  auto lexicons = pronunciation::LoadLexicons(book_path, speech.lexicons,
                                              pronunciation::DefaultUserLexiconPath(), embedded);
  if (!lexicons.ok()) return lexicons.status();
  TextPreparer preparer;
  preparer.voice_ = speech.voice;
  const std::string locale = voices::LocaleOf(speech.voice);
  preparer.normalizer_ = std::make_shared<const LazyNormalizer>(locale);
  preparer.memo_ = SpokenMemo::ForBook(book_path, locale);
  preparer.lexicon_ = std::make_shared<const pronunciation::Lexicon>(std::move(lexicons->lexicon));
  for (const auto& file : lexicons->loaded) preparer.loaded_.push_back(LoadedLexicon{file.path, file.entries});
  return preparer;
}

Result<TextPreparer> TextPreparer::WithEntries(std::string_view lexicon_text,
                                               const std::string& name) const {
  auto extra = pronunciation::Lexicon::Parse(lexicon_text, name);
  if (!extra.ok()) return extra.status();
  auto merged = std::make_shared<pronunciation::Lexicon>(*lexicon_);
  merged->Merge(*extra);
  TextPreparer out = *this;
  out.lexicon_ = std::move(merged);
  out.loaded_.push_back(LoadedLexicon{name, extra->size()});
  return out;
}

std::string TextPreparer::Normalize(std::string_view paragraph) const {
  auto make = [this](std::string_view text) {
    const text::Normalizer* normalizer = normalizer_->Get();
    return normalizer ? normalizer->Normalize(text) : std::string(text);
  };
  return memo_ ? memo_->Get(paragraph, make) : make(paragraph);
}

Utterance TextPreparer::Prepare(std::string_view paragraph) const {
  Utterance utterance = lexicon_->Apply(Normalize(paragraph));
  StampVoice(utterance, voice_);
  return utterance;
}

namespace {

constexpr std::string_view kLineSpace = " \t\r";

// The line as a paragraph of its own, with the pronunciations that lie
// inside it (a span across a line break is read as written). A line that is
// the whole text is the paragraph itself.
source::Paragraph LineParagraph(const source::Paragraph& paragraph, const SpokenLine& line) {
  if (line.offset == 0 && line.text.size() == paragraph.text.size()) return paragraph;
  source::Paragraph out{std::string(line.text), paragraph.line, paragraph.after_scene_break, {}};
  for (const source::Pronunciation& p : paragraph.pronunciations) {
    if (p.offset < line.offset || p.offset + p.length > line.offset + line.text.size()) continue;
    out.pronunciations.push_back(p);
    out.pronunciations.back().offset -= line.offset;
  }
  return out;
}

// KeepClosingComma on what the segment says: its last text piece (a comma
// piece after phonemes) and its captions' spoken text.
void KeepClosingComma(const SpokenLine& line, Segment& segment) {
  if (segment.utterance.empty() || !line.verse || !line.text.ends_with(',')) return;
  SpeechPiece& last = segment.utterance.back();
  std::string& spoken = segment.captions.spoken;
  if (last.kind == SpeechPiece::Kind::kText) {
    last.content = KeepClosingComma(line, std::move(last.content));
  } else {
    segment.utterance.push_back(
        SpeechPiece{SpeechPiece::Kind::kText, ",", spoken.size(), last.voice});
  }
  if (!spoken.empty()) spoken = KeepClosingComma(line, std::move(spoken));
}

// The spans that lie in the line, at offsets into it (clipped to it).
std::vector<VoicedSpan> LineSpans(const std::vector<VoicedSpan>& spans, const SpokenLine& line) {
  std::vector<VoicedSpan> out;
  const std::size_t line_end = line.offset + line.text.size();
  for (const VoicedSpan& span : spans) {
    const std::size_t begin = std::max(span.begin, line.offset);
    const std::size_t end = std::min(span.end, line_end);
    if (begin < end) out.push_back(VoicedSpan{begin - line.offset, end - line.offset, span.voice});
  }
  return out;
}

Segment LineSegment(const source::Paragraph& line, std::size_t chapter_offset,
                    const std::vector<VoicedSpan>& spans, const TextPreparer& preparer,
                    bool with_captions) {
  if (!with_captions) return Segment{preparer.PrepareParagraph(line, spans)};
  PreparedParagraph p = PrepareParagraph(preparer, line, chapter_offset, spans);
  return Segment{std::move(p.utterance), 0, 0, std::move(p.captions)};
}

}  // namespace

std::vector<SpokenLine> SpokenLines(std::string_view paragraph) {
  if (paragraph.find('\n') == std::string_view::npos) return {SpokenLine{paragraph, 0}};
  std::vector<SpokenLine> lines;
  for (std::size_t start = 0; start <= paragraph.size();) {
    const std::size_t end = std::min(paragraph.find('\n', start), paragraph.size());
    const std::size_t first = paragraph.find_first_not_of(kLineSpace, start);
    if (first < end) {
      const std::size_t last = paragraph.find_last_not_of(kLineSpace, end - 1);
      lines.push_back(SpokenLine{paragraph.substr(first, last + 1 - first), first, true});
    }
    start = end + 1;
  }
  if (lines.empty()) return {SpokenLine{paragraph, 0}};
  return lines;
}

std::string KeepClosingComma(const SpokenLine& line, std::string spoken) {
  if (line.verse && line.text.ends_with(',') && !spoken.ends_with(',')) spoken += ',';
  return spoken;
}

std::vector<Segment> ParagraphScript(const source::Paragraph& paragraph, std::size_t chapter_offset,
                                     int pause_before_ms, int pause_after_ms, const Pacing& pacing,
                                     const TextPreparer& preparer, bool with_captions,
                                     const std::vector<VoicedSpan>& spans) {
  std::vector<Segment> out;
  for (const SpokenLine& line : SpokenLines(paragraph.text)) {
    out.push_back(LineSegment(LineParagraph(paragraph, line), chapter_offset + line.offset,
                              LineSpans(spans, line), preparer, with_captions));
    KeepClosingComma(line, out.back());
    out.back().pause_after_ms = pacing.verse_line_pause_ms;
    out.back().joins_next = true;
  }
  out.front().pause_before_ms = pause_before_ms;
  out.back().pause_after_ms = pause_after_ms;
  out.back().joins_next = false;
  return out;
}

// Title, then paragraphs; the chapter opens and closes with silence. Each
// segment carries its captions, at offsets into ChapterText(chapter).
std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer, bool with_captions,
                                   const std::vector<std::vector<VoicedSpan>>* spans) {
  static const std::vector<VoicedSpan> kNoSpans;
  std::vector<Segment> script;
  std::size_t text_at = 0;
  auto add = [&](const source::Paragraph& paragraph, int before_ms, int after_ms,
                 const std::vector<VoicedSpan>& voiced) {
    for (Segment& s : ParagraphScript(paragraph, text_at, before_ms, after_ms, pacing, preparer,
                                      with_captions, voiced)) {
      script.push_back(std::move(s));
    }
    text_at += paragraph.text.size() + 2;  // "\n\n" between paragraphs
  };
  if (!chapter.spoken_title.empty())
    add(source::Paragraph{chapter.spoken_title}, 0, pacing.title_pause_ms, kNoSpans);
  for (std::size_t i = 0; i < chapter.paragraphs.size(); ++i) {
    if (Interrupted()) break;  // Ctrl-C while a long book is prepared: the build stops
    const source::Paragraph& p = chapter.paragraphs[i];
    const bool voiced = spans != nullptr && i < spans->size();
    add(p, p.after_scene_break ? pacing.scene_break_pause_ms : 0, pacing.paragraph_pause_ms,
        voiced ? (*spans)[i] : kNoSpans);
  }
  if (script.empty()) return script;
  script.front().pause_before_ms += pacing.chapter_head_ms;
  script.back().pause_after_ms = pacing.chapter_tail_ms;
  return script;
}

const std::vector<VoicedSpan>& BookVoicing::Of(std::size_t chapter, std::size_t paragraph) const {
  static const std::vector<VoicedSpan> kNone;
  if (chapter >= spans.size() || paragraph >= spans[chapter].size()) return kNone;
  return spans[chapter][paragraph];
}

}  // namespace narrate::pipeline
