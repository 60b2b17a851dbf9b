// Private to pipeline/: a paragraph with the book's own pronunciations
// (EPUB 3 ssml:ph, or [[…]] typed into `say`) → utterance, and the spoken
// text its captions align against.
#pragma once

#include <cstddef>
#include <string>

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
  Utterance utterance;  // source offsets into spoken; every piece in preparer.voice()
};

// The stretch text[from, to) of the paragraph, with the spans that lie
// wholly inside it. From 0 to text.size() it is what PrepareParagraph says.
SpokenStretch SpeakStretch(const TextPreparer& preparer, const source::Paragraph& paragraph,
                           std::size_t from, std::size_t to);

}  // namespace narrate::pipeline
