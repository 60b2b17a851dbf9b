// One HTML or XHTML document (Gutenberg's .htm, a saved web page). The first
// byte picks the options: bit 0 front matter read, bit 1 alt text read, bit 2
// footnotes at the end of the chapter.
#include "fuzz/book_checks.h"
#include "source/book.h"
#include "source/epub.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  narrate::source::ReadOptions options;
  options.include_front_matter = data[0] & 1;
  options.alt_text = data[0] & 2;
  if (data[0] & 4) options.footnotes = narrate::source::Footnotes::kEndOfChapter;
  const std::string_view html = narrate::fuzz::AsText(data + 1, size - 1);
  narrate::fuzz::CheckBook(narrate::source::internal::ParseHtmlBook(html, "fuzz.html", options));
  return 0;
}
