// Private to pipeline/: a paragraph with the book's own pronunciations
// (EPUB 3 ssml:ph, or [[…]] typed into `say`) → utterance, and the spoken
// text its captions align against.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/speech.h"
#include "common/status.h"
#include "pipeline/pipeline.h"
#include "source/book.h"

namespace narrate::pipeline {

// One span's phonemes as eSpeak mnemonics; fails naming the bad symbol.
Result<std::string> OverrideToEspeak(const source::Pronunciation& pronunciation);

// What a stretch of a paragraph with pronunciations says. The written text
// between the spans is normalised stretch by stretch and goes through the
// lexicons; each span is spoken as its phonemes, and its written text is
// kept as it is in `spoken`, so that captions find every written word there
// and every word gets a timing. A span that cannot be converted is read as
// written. "In 1987 Qoo met" with k'u: over "Qoo" → spoken "In nineteen
// eighty seven Qoo met", pieces "In nineteen eighty seven" " " [[k'u:]] " " "met".
struct SpokenStretch {
  std::string spoken;
  Utterance utterance;  // source offsets into spoken; pieces in preparer.voice() or a span's
};

// The stretch text[from, to) of the paragraph, with the spans that lie
// wholly inside it. From 0 to text.size() it is what PrepareParagraph says.
// With voiced spans (sorted, apart), each span widened over the marks
// touching it (its quotation marks) is a stretch of its own, normalised on
// its own and every piece of it in the span's voice; the narration between
// is normalised stretch by stretch in preparer.voice(); a blank at a cut is
// one " " piece in the voice before it. Without spans: as before, one voice.
SpokenStretch SpeakStretch(const TextPreparer& preparer, const source::Paragraph& paragraph,
                           std::size_t from, std::size_t to,
                           const std::vector<VoicedSpan>& spans = {});

}  // namespace narrate::pipeline
