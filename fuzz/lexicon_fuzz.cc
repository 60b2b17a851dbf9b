// The native lexicon format (built a second time as the PLS target, with
// NARRATE_FUZZ_LEXICON_NAME "fuzz.pls"). A lexicon that loads is applied to a paragraph
// naming its own graphemes, and to the input itself: every piece must point
// inside the paragraph.
#include <string>

#include "fuzz/fuzz.h"
#include "pronunciation/lexicon.h"

#ifndef NARRATE_FUZZ_LEXICON_NAME
#define NARRATE_FUZZ_LEXICON_NAME "fuzz.lexicon"
#endif

namespace {

void CheckApply(const narrate::pronunciation::Lexicon& lexicon, const std::string& paragraph) {
  std::size_t previous = 0;
  for (const narrate::SpeechPiece& piece : lexicon.Apply(paragraph)) {
    narrate::fuzz::Require(piece.source_offset <= paragraph.size(), "piece inside paragraph");
    narrate::fuzz::Require(piece.source_offset >= previous, "pieces in order");
    previous = piece.source_offset;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = narrate::fuzz::AsText(data, size);
  auto lexicon = narrate::pronunciation::Lexicon::Parse(text, NARRATE_FUZZ_LEXICON_NAME);
  if (!lexicon.ok()) return 0;
  std::string paragraph = "The ";
  for (const auto& entry : lexicon->entries()) paragraph += entry.grapheme + "'s and ";
  CheckApply(*lexicon, paragraph + "the end.");
  CheckApply(*lexicon, std::string(text.substr(0, 4096)));
  return 0;
}
