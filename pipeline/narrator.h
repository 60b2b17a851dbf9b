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

// A paragraph's segments: one per spoken line (SpokenLines), the first with
// pause_before_ms, the last with pause_after_ms, verse_line_pause_ms after
// each other line. Captions sit at chapter_offset plus each line's offset
// (the offsets into ChapterText). Prose gives the one segment it always did.
// with_captions: as for ChapterScript.
std::vector<Segment> ParagraphScript(const source::Paragraph& paragraph, std::size_t chapter_offset,
                                     int pause_before_ms, int pause_after_ms, const Pacing& pacing,
                                     const TextPreparer& preparer, bool with_captions = true);

// with_captions: give each segment its read-along captions (about four times
// the preparation work; the utterances are the same either way). Stops early
// (a shorter script) once Interrupted() (common/interrupt.h) is set.
std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer, bool with_captions = true);

}  // namespace narrate::pipeline
