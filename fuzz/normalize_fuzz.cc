// The normaliser, on any bytes (it promises to replace invalid UTF-8, never to
// crash). Its output is UTF-8 on one line, and the same every time: a rule
// that read uninitialised or freed memory would speak differently per run.
#include <string>

#include "fuzz/fuzz.h"
#include "tts/text/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const narrate::text::Normalizer* normalizer = [] {
    auto created = narrate::text::Normalizer::Create();
    narrate::fuzz::Require(created.ok(), "the English normaliser is created");
    return new narrate::text::Normalizer(std::move(*created));
  }();
  const std::string_view text = narrate::fuzz::AsText(data, size);
  const std::string spoken = normalizer->Normalize(text);
  narrate::fuzz::Require(narrate::fuzz::IsUtf8(spoken), "spoken form is UTF-8");
  narrate::fuzz::Require(spoken.find('\n') == std::string::npos, "spoken form is one line");
  narrate::fuzz::Require(normalizer->Normalize(text) == spoken, "normalising is deterministic");
  return 0;
}
