// SuggestCast: a first cast from the names that speak in a book.
#include "voices/quotations.h"

namespace narrate::voices {

std::vector<Character> SuggestCast(const std::vector<std::vector<std::string_view>>&, int) {
  return {};
}

}  // namespace narrate::voices
