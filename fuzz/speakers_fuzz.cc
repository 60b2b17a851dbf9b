// <book>.speakers.toml (voices::ParseCorrections) as the studio, an editor
// or a crash may leave it. Parsing never crashes; what parses has chapters
// and paragraphs of 1 or more, and survives FormatCorrections and a second
// parse unchanged.
#include <string>

#include "fuzz/fuzz.h"
#include "voices/corrections.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using narrate::fuzz::Require;
  auto read = narrate::voices::ParseCorrections(narrate::fuzz::AsText(data, size), "fuzz.toml");
  if (!read.ok()) {
    Require(read.status().message().starts_with("fuzz.toml"), "error names the file");
    return 0;
  }
  for (const auto& c : *read) Require(c.chapter >= 1 && c.paragraph >= 1, "numbers from 1");
  const std::string text = narrate::voices::FormatCorrections(*read);
  auto again = narrate::voices::ParseCorrections(text, "fuzz.toml");
  Require(again.ok(), "formatted corrections parse");
  Require(again->size() == read->size(), "as many corrections");
  Require(narrate::voices::FormatCorrections(*again) == text, "formatting is stable");
  return 0;
}
