// Where the pronunciation tests find their data files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pronunciation/lexicon.h"

namespace narrate::pronunciation::testing {

// Each problem's message(), as `narrate lexicon check` prints it.
inline std::vector<std::string> Messages(const std::vector<Status>& problems) {
  std::vector<std::string> out;
  for (const Status& p : problems) out.push_back(p.message());
  return out;
}

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
