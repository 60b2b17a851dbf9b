// A content hash for cache keys and change detection: FNV-1a 64-bit over
// parts separated by NUL bytes, as 16 hex digits. Not cryptographic: it tells
// a changed chapter from an unchanged one. Hasher().Add("a").Add(1).Hex().
#pragma once

#include <cstdint>
#include <string>

namespace narrate {

class Hasher {
 public:
  Hasher& Add(const std::string& part);
  Hasher& Add(std::int64_t number) { return Add(std::to_string(number)); }
  std::string Hex() const;

 private:
  std::uint64_t state_ = 14695981039346656037ull;  // FNV-1a 64-bit offset basis
};

}  // namespace narrate
