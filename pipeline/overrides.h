// Private to pipeline/: a paragraph with the book's own pronunciations
// (EPUB 3 ssml:ph) → utterance.
#pragma once

#include "common/speech.h"
#include "common/status.h"
#include "pipeline/pipeline.h"
#include "source/book.h"

namespace narrate::pipeline {

// One span's phonemes as eSpeak mnemonics; fails naming the bad symbol.
Result<std::string> OverrideToEspeak(const source::Pronunciation& pronunciation);

}  // namespace narrate::pipeline
