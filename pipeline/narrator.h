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

std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer);

}  // namespace narrate::pipeline
