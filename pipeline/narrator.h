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
// with_captions: as for ChapterScript. spans: the paragraph's voiced spans
// (offsets into its text); each line speaks the parts of them it holds.
std::vector<Segment> ParagraphScript(const source::Paragraph& paragraph, std::size_t chapter_offset,
                                     int pause_before_ms, int pause_after_ms, const Pacing& pacing,
                                     const TextPreparer& preparer, bool with_captions = true,
                                     const std::vector<VoicedSpan>& spans = {});

// with_captions: give each segment its read-along captions (about four times
// the preparation work; the utterances are the same either way). Stops early
// (a shorter script) once Interrupted() (common/interrupt.h) is set.
// spans: the chapter's voiced spans per paragraph (BookVoicing::spans[i]);
// null or shorter: the rest in the preparer's voice. The title is never voiced.
std::vector<Segment> ChapterScript(const source::Chapter& chapter, const Pacing& pacing,
                                   const TextPreparer& preparer, bool with_captions = true,
                                   const std::vector<std::vector<VoicedSpan>>* spans = nullptr);

}  // namespace narrate::pipeline
