#include "common/hash.h"

#include <cstdio>

namespace narrate {

Hasher& Hasher::Add(const std::string& part) {
  for (unsigned char c : part) state_ = (state_ ^ c) * 1099511628211ull;
  state_ = (state_ ^ 0u) * 1099511628211ull;  // separator: "ab","c" ≠ "a","bc"
  return *this;
}

std::string Hasher::Hex() const {
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(state_));
  return text;
}

}  // namespace narrate
