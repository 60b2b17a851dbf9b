#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include "common/status.h"
namespace narrate::text {
// locale: a language ("en") or language and region ("en-GB", "en_US"). The language picks the
// rules and number words; the region picks the order of numeric dates ("1/4/1901" is the first
// of April for en-GB, January fourth for en-US and for plain "en").
struct NormalizeOptions { std::string locale = "en"; };
// Turns one paragraph of written text into its spoken form. Thread-compatible; cheap to call repeatedly.
class Normalizer {
 public:
  // Fails (Status message) if ICU has no spell-out rules for the locale.
  static Result<Normalizer> Create(const NormalizeOptions& options = {});
  Normalizer(Normalizer&&) noexcept; Normalizer& operator=(Normalizer&&) noexcept; ~Normalizer();
  // Input: UTF-8 (invalid sequences are replaced, never crash). Output: UTF-8 spoken form, one line (no '\n').
  std::string Normalize(std::string_view paragraph) const;
 private:
  struct Impl; explicit Normalizer(std::unique_ptr<Impl>); std::unique_ptr<Impl> impl_;
};
// Splits a (normalised or raw) paragraph into sentences with ICU's sentence BreakIterator,
// never after Mr./Mrs./Dr./St./Capt./Lt./Adm./e.g./etc. or a single capital initial. Returned strings are trimmed.
std::vector<std::string> SplitSentences(std::string_view paragraph, const std::string& locale = "en");
}  // namespace narrate::text
