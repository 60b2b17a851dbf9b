// Byte strings for caches this build writes and reads back: fixed-width
// integers in the machine's byte order and length-prefixed strings. Not an
// exchange format: a cache is keyed by the program that wrote it
// (common/user_cache.h ProgramIdentity), so both ends are the same build.
// ByteReader never reads past its input; after a short or bad read ok() is
// false and every later Get returns zero or "".
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace narrate {

class ByteWriter {
 public:
  ByteWriter& U64(std::uint64_t v) {
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
    return *this;
  }
  ByteWriter& Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
    return *this;
  }
  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  std::uint64_t U64() {
    std::uint64_t v = 0;
    if (!Need(sizeof v)) return 0;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return v;
  }
  std::string Str() {
    const std::uint64_t n = U64();
    if (!Need(n)) return {};
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }

 private:
  bool Need(std::uint64_t n) {
    if (ok_ && n <= in_.size()) return true;
    ok_ = false;
    in_ = {};
    return false;
  }
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace narrate
