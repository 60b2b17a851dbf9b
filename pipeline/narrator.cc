#include "pipeline/narrator.h"

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
  return lexicon_->Apply(Normalize(paragraph));
}

// Title, then paragraphs; the chapter opens and closes with silence.
std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer) {
  std::vector<Segment> script;
  if (!chapter.spoken_title.empty()) {
    script.push_back(Segment{preparer.Prepare(chapter.spoken_title), 0, pacing.title_pause_ms});
  }
  for (const source::Paragraph& p : chapter.paragraphs) {
    int before = p.after_scene_break ? pacing.scene_break_pause_ms : 0;
    script.push_back(Segment{preparer.PrepareParagraph(p), before, pacing.paragraph_pause_ms});
  }
  if (script.empty()) return script;
  script.front().pause_before_ms += pacing.chapter_head_ms;
  script.back().pause_after_ms = pacing.chapter_tail_ms;
  return script;
}

}  // namespace narrate::pipeline
