// Private to pipeline/: what read-along captions need to know about a
// paragraph's text before it is spoken — its sentences as the author wrote
// them, where each sits in the chapter text and in the spoken (normalised)
// text, and which spoken words say which written words.
//
// The chapter text is the text captions and word offsets refer to: the
// chapter's spoken title (when there is one), then each paragraph's text, all
// joined by "\n\n" (see ChapterText). A verse paragraph keeps the '\n'
// between its lines; each line is prepared on its own (ParagraphScript), at
// its own offset.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/speech.h"
#include "pipeline/pipeline.h"
#include "source/book.h"

namespace narrate::pipeline {

// A stretch of spoken text and the written text it says. Exact links are a
// word spoken as written (same letters and digits, case aside); inexact ones
// cover what normalisation rewrote ("1987" → "nineteen eighty seven").
struct TextLink {
  std::size_t spoken_begin = 0;  // bytes into the paragraph's spoken text
  std::size_t spoken_end = 0;
  std::size_t text_begin = 0;    // bytes into the chapter text
  std::size_t text_end = 0;
  bool exact = false;
};

// Where a cue may split a long sentence: just after a clause mark (, ; : — –).
struct ClauseBreak {
  std::size_t text_offset = 0;    // chapter-text byte where the next clause starts
  std::size_t spoken_offset = 0;  // spoken-text byte where it starts being said
};

struct SentenceSpan {
  std::string text;              // as written, trimmed
  std::size_t text_offset = 0;   // byte offset of text in the chapter text
  std::size_t spoken_begin = 0;  // byte range in the paragraph's spoken text
  std::size_t spoken_end = 0;
  std::vector<TextLink> links;      // in spoken order
  std::vector<ClauseBreak> breaks;  // in order; only those mapped unambiguously
};

// A paragraph's captions. The utterance spoken for it has source_offsets
// into `spoken`.
struct ParagraphCaptions {
  std::string spoken;
  std::vector<SentenceSpan> sentences;
};

struct PreparedParagraph {
  Utterance utterance;
  ParagraphCaptions captions;
};

// Normalises the paragraph as a whole and applies the lexicons, exactly as
// TextPreparer::Prepare does (the audio does not change), then finds each
// written sentence (text::SplitSentences) in the spoken text: a sentence is
// normalised on its own and must be the next stretch of the whole's spoken
// text (capitals aside); when it is not (normalisation across the break
// differs, or the split was wrong), it is joined with the next one; the last
// group, or the rest once 24 sentences are joined, takes what is left.
// chapter_offset: the paragraph's byte offset in the chapter text.
PreparedParagraph PrepareParagraph(const TextPreparer& preparer, std::string_view paragraph,
                                   std::size_t chapter_offset);

// The same for a paragraph with pronunciations of its own (EPUB ssml:ph,
// [[…]] typed into `say`): the utterance is TextPreparer::PrepareParagraph's,
// and each span's written text stands in the spoken text where its phonemes
// are said, so its words are timed like the others.
PreparedParagraph PrepareParagraph(const TextPreparer& preparer, const source::Paragraph& paragraph,
                                   std::size_t chapter_offset);
// The same with voiced spans (offsets into paragraph.text): the utterance is
// TextPreparer::PrepareParagraph(paragraph, spans)'s, pieces inside a span in
// its voice, and the spoken text the one its source_offsets point into.
PreparedParagraph PrepareParagraph(const TextPreparer& preparer, const source::Paragraph& paragraph,
                                   std::size_t chapter_offset,
                                   const std::vector<VoicedSpan>& spans);

// A word of a text as the aligner sees words: separated by blanks and dashes,
// the marks around it left out ("(did" → did), tokens of marks only dropped.
struct WordSpan {
  std::size_t begin = 0;  // bytes into the text
  std::size_t end = 0;
  std::size_t letters = 0;  // its letters and digits, in code points
};

// "did not." → {0, 3, 3}, {4, 7, 3}.
std::vector<WordSpan> WordsOf(std::string_view text);

// The chapter text defined above.
std::string ChapterText(const source::Chapter& chapter);

// Links the written sentence (its words at chapter-text offsets starting at
// text_offset) to its spoken form (at spoken_offset), and finds its clause
// breaks. Words are compared by their letters and digits; rewritten stretches
// become inexact links. Exposed for tests.
void LinkSentence(std::string_view written, std::size_t text_offset, std::string_view spoken,
                  std::size_t spoken_offset, SentenceSpan& out);

}  // namespace narrate::pipeline
