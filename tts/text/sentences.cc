// Sentence splitting with ICU's sentence BreakIterator, filtered so that titles,
// common abbreviations and single capital initials never end a sentence.
#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {
constexpr const char* kNoBreakAfter[] = {"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Capt.", "Lt.",
                                         "Adm.", "Cmdr.", "Col.", "Gen.", "Sgt.", "Prof.",
                                         "Rev.", "Gov.", "Sen.", "Mt.", "Ft.", "Jr.", "Sr.",
                                         "e.g.", "i.e.", "etc.", "vs.", "No.", "cf.", "Fr."};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// "... met Lt." or "James T." as the end of a piece: never a sentence end.
// ICU's filter misses some of these (e.g. right after another break), so check by hand too.
bool EndsWithNoBreakWord(const std::string& piece) {
  size_t space = piece.find_last_of(" \"'(");
  std::string last = space == std::string::npos ? piece : piece.substr(space + 1);
  if (last.size() == 2 && last[0] >= 'A' && last[0] <= 'Z' && last[1] == '.') return true;
  for (const char* word : kNoBreakAfter) if (last == word) return true;
  return false;
}

std::unique_ptr<icu::BreakIterator> MakeIterator(const std::string& locale) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc(locale.c_str());
  std::unique_ptr<icu::BreakIterator> base(icu::BreakIterator::createSentenceInstance(loc, status));
  if (U_FAILURE(status) || !base) return nullptr;
  std::unique_ptr<icu::FilteredBreakIteratorBuilder> builder(
      icu::FilteredBreakIteratorBuilder::createInstance(loc, status));
  if (U_FAILURE(status) || !builder) return base;
  for (const char* word : kNoBreakAfter) builder->suppressBreakAfter(icu::UnicodeString(word), status);
  for (char c = 'A'; c <= 'Z'; ++c) builder->suppressBreakAfter(icu::UnicodeString(c) + u".", status);
  icu::BreakIterator* filtered = builder->wrapIteratorWithFilter(base.release(), status);
  if (U_FAILURE(status)) { delete filtered; return nullptr; }
  return std::unique_ptr<icu::BreakIterator>(filtered);
}
}  // namespace

// "Mr. Kirk met Dr. McCoy. They left." -> {"Mr. Kirk met Dr. McCoy.", "They left."}
std::vector<std::string> SplitSentences(std::string_view paragraph, const std::string& locale) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(paragraph.data(), static_cast<int32_t>(paragraph.size())));
  std::vector<std::string> out;
  auto it = MakeIterator(locale);
  if (!it) {
    std::string whole = Trim(std::string(paragraph));
    if (!whole.empty()) out.push_back(whole);
    return out;
  }
  it->setText(text);
  std::string pending;
  for (int32_t start = it->first(), end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    std::string piece;
    icu::UnicodeString(text, start, end - start).toUTF8String(piece);
    pending += piece;
    std::string trimmed = Trim(pending);
    if (trimmed.empty() || EndsWithNoBreakWord(trimmed)) continue;
    out.push_back(trimmed);
    pending.clear();
  }
  if (!Trim(pending).empty()) out.push_back(Trim(pending));
  return out;
}

}  // namespace narrate::text
