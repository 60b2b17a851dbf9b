// Private to pipeline/: chapter → script of segments.
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

// with_captions: give each segment its read-along captions (about four times
// the preparation work; the utterances are the same either way).
std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer, bool with_captions = true);

}  // namespace narrate::pipeline
