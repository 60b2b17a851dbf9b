// Where the pronunciation tests find their data files.
#pragma once

#include <string>

namespace narrate::pronunciation::testing {

inline std::string DataFile(const std::string& name) {
  return std::string(NARRATE_PRONUNCIATION_TEST_DATA) + "/" + name;
}

}  // namespace narrate::pronunciation::testing
