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

namespace narrate::pipeline {

class TextPreparer {
 public:
  // Loads the lexicons the options name; fails naming a bad file.
  static Result<TextPreparer> Create(const SpeechOptions& speech);
  Utterance Prepare(std::string_view paragraph) const;

 private:
  TextPreparer() = default;
};

std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer);

}  // namespace narrate::pipeline
