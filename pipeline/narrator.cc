#include "pipeline/narrator.h"

#include "pipeline/caption_text.h"
#include "pronunciation/lexicon.h"
#include "tts/text/normalize.h"

namespace narrate::pipeline {
Result<TextPreparer> TextPreparer::Create(const SpeechOptions& speech, const std::string& book_path,
                                          const std::vector<source::BookLexicon>& book_lexicons) {
  std::vector<pronunciation::LexiconText> embedded;
  for (const source::BookLexicon& l : book_lexicons) embedded.push_back({l.name, l.content});
  auto lexicons = pronunciation::LoadLexicons(book_path, speech.lexicons,
                                              pronunciation::DefaultUserLexiconPath(), embedded);
  if (!lexicons.ok()) return lexicons.status();
  TextPreparer preparer;
  preparer.voice_ = speech.voice;
  auto normalizer = text::Normalizer::Create(text::NormalizeOptions{voices::LanguageOf(speech.voice)});
  if (normalizer.ok()) {
    preparer.normalizer_ = std::make_shared<const text::Normalizer>(std::move(*normalizer));
  }
  preparer.lexicon_ = std::make_shared<const pronunciation::Lexicon>(std::move(lexicons->lexicon));
  for (const auto& file : lexicons->loaded) preparer.loaded_.push_back(LoadedLexicon{file.path, file.entries});
  return preparer;
}

std::string TextPreparer::Normalize(std::string_view paragraph) const {
  return normalizer_ ? normalizer_->Normalize(paragraph) : std::string(paragraph);
}

Utterance TextPreparer::Prepare(std::string_view paragraph) const {
  Utterance utterance = lexicon_->Apply(Normalize(paragraph));
  StampVoice(utterance, voice_);
  return utterance;
}

// Title, then paragraphs; the chapter opens and closes with silence. Each
// segment carries its captions, at offsets into ChapterText(chapter).
std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer, bool with_captions) {
  std::vector<Segment> script;
  std::size_t text_at = 0;
  auto add = [&](const source::Paragraph& paragraph, int before_ms, int after_ms) {
    const std::size_t at = text_at;
    text_at += paragraph.text.size() + 2;  // "\n\n" between paragraphs
    // A paragraph with the book's own pronunciations (EPUB ssml:ph) gets no captions.
    if (!with_captions || !paragraph.pronunciations.empty()) {
      script.push_back(Segment{preparer.PrepareParagraph(paragraph), before_ms, after_ms});
      return;
    }
    PreparedParagraph p = PrepareParagraph(preparer, paragraph.text, at);
    script.push_back(Segment{std::move(p.utterance), before_ms, after_ms, std::move(p.captions)});
  };
  if (!chapter.spoken_title.empty()) add(source::Paragraph{chapter.spoken_title}, 0, pacing.title_pause_ms);
  for (const source::Paragraph& p : chapter.paragraphs) {
    add(p, p.after_scene_break ? pacing.scene_break_pause_ms : 0, pacing.paragraph_pause_ms);
  }
  if (script.empty()) return script;
  script.front().pause_before_ms += pacing.chapter_head_ms;
  script.back().pause_after_ms = pacing.chapter_tail_ms;
  return script;
}

}  // namespace narrate::pipeline
