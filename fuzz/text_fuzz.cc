// Plain text and Markdown, in any encoding the reader accepts (UTF-8, UTF-16/32
// with or without a byte-order mark, the legacy 8-bit ones it detects). The
// first byte picks the format: odd → Markdown (.md), even → plain text (.txt).
#include "fuzz/book_checks.h"
#include "source/book.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string path = (data[0] & 1) ? "fuzz.md" : "fuzz.txt";
  const std::string_view text = narrate::fuzz::AsText(data + 1, size - 1);
  narrate::fuzz::CheckBook(narrate::source::ParseBook(text, path));
  return 0;
}
