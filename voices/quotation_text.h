// Internals of quotations.cc shared by its parts (not a public header): the
// marks found in a paragraph, words of narration, and the speech-verb list.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "voices/quotations.h"

namespace narrate::voices::internal {

// A quotation as found, with what attribution needs to know about its marks.
struct Found {
  Quotation quotation;
  bool continues = false;  // continues the previous paragraph's quotation left open
};

// FindQuotations with the links between paragraphs kept.
std::vector<Found> ScanQuotations(const std::vector<std::string_view>& paragraphs);

// One word or punctuation mark of a paragraph; `quote` is the index (within
// the paragraph) of the quotation it lies in, -1 for narration.
struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool word = false;  // letters, digits, inner apostrophes and hyphens
  int quote = -1;
};

// The paragraph's tokens in order; `quotes` are its quotations' byte ranges
// (begin, end) in order.
std::vector<Token> Tokenize(std::string_view text,
                            const std::vector<std::pair<std::size_t, std::size_t>>& quotes);

// Whether the lower-case word is a verb of speech ("said", "asks", "replying").
bool IsSpeechVerb(std::string_view lower_word);
// Verbs that attribute speech only inverted, right after it: `"…," sighed Kirk`
// (but "Kirk sighed." is an action).
bool IsInvertedSpeechVerb(std::string_view lower_word);
// Whether the word is a manner adverb that may stand between a subject and its
// verb ("quietly", "then"): lower-case ending in "ly", or a few others.
bool IsAttributionFiller(std::string_view lower_word);

std::string Lower(std::string_view word);

// For bench/ (fitting the "context" rule's weights): each candidate speaker
// the rule weighed, with its features and likelihood, in the order weighed.
struct ContextCandidate {
  std::size_t quote = 0;  // the turn's first quotation, an index into the chapter's
  int who = -1;
  std::vector<double> features;
  double likelihood = 0;
};
using ContextTrace = std::vector<ContextCandidate>;

// AttributeChapter, recording the "context" rule's candidates in `trace` when
// it is not null.
std::vector<Quotation> AttributeChapterTraced(const std::vector<std::string_view>& paragraphs,
                                              const Cast& cast,
                                              const std::vector<Correction>& corrections,
                                              ContextTrace* trace);

}  // namespace narrate::voices::internal
