// Stub: replaced by the implementation (helper A).
#include "voices/quotations.h"

namespace narrate::voices {

std::vector<Quotation> FindQuotations(const std::vector<std::string_view>&) { return {}; }
std::vector<Quotation> AttributeChapter(const std::vector<std::string_view>& paragraphs,
                                        const Cast&, const std::vector<Correction>&) {
  return FindQuotations(paragraphs);
}
std::vector<Character> SuggestCast(const std::vector<std::vector<std::string_view>>&, int) {
  return {};
}

}  // namespace narrate::voices
