// Private to pipeline/: written paragraph → utterance (normalisation, then
// the pronunciation lexicon), and chapter → script of segments.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/speech.h"
#include "pipeline/pipeline.h"
#include "pipeline/render.h"
#include "source/book.h"

namespace narrate::text { class Normalizer; }

namespace narrate::pipeline {

class TextPreparer {
 public:
  // Loads the lexicons the options name; fails naming a bad file. Text is
  // normalised with the rules of the voice's language when ICU has them,
  // and passed through as written otherwise.
  static Result<TextPreparer> Create(const SpeechOptions& speech);
  Utterance Prepare(std::string_view paragraph) const;
  // The spoken form of a paragraph before the lexicon: what eSpeak is given.
  std::string Normalize(std::string_view paragraph) const;

 private:
  TextPreparer() = default;
  std::shared_ptr<const text::Normalizer> normalizer_;
};

std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer);

}  // namespace narrate::pipeline
