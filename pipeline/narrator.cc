#include "pipeline/narrator.h"

namespace narrate::pipeline {

Result<TextPreparer> TextPreparer::Create(const SpeechOptions& /*speech*/) { return TextPreparer(); }

Utterance TextPreparer::Prepare(std::string_view paragraph) const {
  return PlainUtterance(std::string(paragraph));
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
    script.push_back(Segment{preparer.Prepare(p.text), before, pacing.paragraph_pause_ms});
  }
  if (script.empty()) return script;
  script.front().pause_before_ms += pacing.chapter_head_ms;
  script.back().pause_after_ms = pacing.chapter_tail_ms;
  return script;
}

}  // namespace narrate::pipeline
