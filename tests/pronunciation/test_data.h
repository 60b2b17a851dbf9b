// Where the pronunciation tests find their data files.
#pragma once

#include <string>
#include <string_view>

#include "pronunciation/lexicon.h"

namespace narrate::pronunciation::testing {

inline std::string DataFile(const std::string& name) {
  return std::string(NARRATE_PRONUNCIATION_TEST_DATA) + "/" + name;
}

// The entry for a grapheme as written, or nullptr.
inline const Entry* Find(const Lexicon& lexicon, std::string_view grapheme) {
  for (const Entry& e : lexicon.entries()) {
    if (e.grapheme == grapheme) return &e;
  }
  return nullptr;
}

}  // namespace narrate::pronunciation::testing
