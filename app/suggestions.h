// Private to app/: the names `lexicon suggest` lists, shared by that command
// (SuggestLexiconEntries) and the studio session, which finds them once and
// leaves out those the lexicons cover as they change.
#pragma once

#include <vector>

#include "common/status.h"
#include "pipeline/pipeline.h"
#include "pronunciation/lexicon.h"
#include "source/book.h"

namespace narrate::app {

// pronunciation::Suggest over the book's spoken text (each paragraph
// normalised by preparer), no lexicon left out: the names as the normaliser
// wrote them ("Missus Jenkinson" for "Mrs. Jenkinson"), most frequent first.
Result<std::vector<pronunciation::Suggestion>> SpokenNames(const source::Book& book,
                                                           const pipeline::TextPreparer& preparer);

// What `lexicon suggest` lists of them: those `known` covers (Matches) left
// out, then each kept to the words the written text holds ("Missus
// Jenkinson" → "Jenkinson"; "Missus" alone goes), the same name's counts
// added up, most frequent first.
std::vector<pronunciation::Suggestion> NamesToSuggest(const source::Book& book,
                                                      std::vector<pronunciation::Suggestion> spoken,
                                                      const pronunciation::Lexicon& known);

}  // namespace narrate::app
