#include <cstdio>
#include <string>

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
std::size_t ValidSequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
  if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
  if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
  if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
  return n;
}

Status EncodingError(const std::string& path, std::string_view s, std::size_t at) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (s[i] == '\n') ++line, line_start = i + 1;
  }
  char byte[8];
  std::snprintf(byte, sizeof(byte), "0x%02x", static_cast<unsigned char>(s[at]));
  return Status::InFile(StatusCode::kInvalidInput, path, line,
                        std::string("not UTF-8 text (byte ") + byte + " at column " +
                            std::to_string(at - line_start + 1) + ")");
}

std::string UnifyLineEnds(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\r') {
      out += s[i];
    } else if (i + 1 >= s.size() || s[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

}  // namespace

Result<std::string> CheckText(std::string_view content, const std::string& path) {
  if (content.find('\0') != std::string_view::npos) {
    return Status::Error(path + ": binary file, not text");
  }
  for (std::size_t i = 0; i < content.size();) {
    std::size_t n = ValidSequence(content, i);
    if (n == 0) return EncodingError(path, content, i);
    i += n;
  }
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  return UnifyLineEnds(content);
}

}  // namespace narrate::source::internal
