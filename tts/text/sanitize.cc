// Unicode clean-up before the rules: repair UTF-8, drop invisible and invalid
// code points, expand vulgar fractions, fold typography with an ICU
// Transliterator, then NFC plus NFKC restricted to the characters where it is safe.
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <cctype>
#include <utility>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {
// Smart quotes -> ASCII, em dash -> comma pause, en dash in a range ("5–10", "£5–£10",
// "2nd–5th", "1960s–80s", "2pm–5pm") -> range hyphen,
// ellipsis -> "... ", minus sign -> '-'. Example: “Go—now” -> "Go , now".
constexpr const char16_t* kTypographyRules =
    u"[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4] > \\';"
    u"[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB] > \\\";"
    u"[:Nd:] { [\u2013\u2012] } [[:Nd:]\\$\u00A3\u20AC\u00A5\u20B9] > '-';"
    u"[:Nd:] [%s] { [\u2013\u2012] } [[:Nd:]\u2019\\'\\$\u00A3\u20AC] > '-';"
    u"[:Nd:] [sSnNrRtT] [tTdDhH] { [\u2013\u2012] } [:Nd:] > '-';"
    u"[:Nd:] [aApP] [mM] { [\u2013\u2012] } [:Nd:] > '-';"
    u"[:Nd:] { ' ' [\u2013\u2012] ' ' } [:Nd:] > '-';"
    u"[\u2013\u2012\u2014\u2015] > ' , ';"
    u"' -- ' > ' , '; '--' > ' , '; ' - ' > ' , ';"
    u"\u2026 > '... ';"
    u"[\u2212\u2010\u2011\u2043] > '-';"
    u"[\u2022\u00B7] > ' , ';";

// Characters NFKC may rewrite: ligatures, full-width forms, odd spaces, Roman numeral
// letters, one-dot leaders. Fractions, superscripts and ™ are handled before or kept.
constexpr const char16_t* kSafeNfkcSet =
    u"[\uFB00-\uFB06\uFF01-\uFF5E\u00A0\u2000-\u200A\u202F\u205F\u3000\u2160-\u2188\u2024\u2025]";

struct Fraction { char16_t ch; const char* text; };
constexpr Fraction kFractions[] = {
    {u'\u00BD', "1/2"}, {u'\u2153', "1/3"}, {u'\u2154', "2/3"}, {u'\u00BC', "1/4"},
    {u'\u00BE', "3/4"}, {u'\u2155', "1/5"}, {u'\u2156', "2/5"}, {u'\u2157', "3/5"},
    {u'\u2158', "4/5"}, {u'\u2159', "1/6"}, {u'\u215A', "5/6"}, {u'\u2150', "1/7"},
    {u'\u215B', "1/8"}, {u'\u215C', "3/8"}, {u'\u215D', "5/8"}, {u'\u215E', "7/8"},
    {u'\u2151', "1/9"}, {u'\u2152', "1/10"}};

const char* FractionText(UChar32 c) {
  for (const Fraction& f : kFractions) if (f.ch == c) return f.text;
  return nullptr;
}

// U+FFFD (from bad UTF-8), unassigned, private-use, surrogates, controls and format chars go.
bool Droppable(UChar32 c) {
  if (c == 0xFFFD || U_IS_UNICODE_NONCHAR(c) || U_IS_SURROGATE(c)) return true;
  int8_t type = u_charType(c);
  return type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR || type == U_FORMAT_CHAR ||
         (type == U_CONTROL_CHAR && !u_isUWhiteSpace(c));
}

// "2½" -> "2 1/2"; "\t" -> " "; invalid code points removed.
icu::UnicodeString FilterCodePoints(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  for (int32_t k = 0; k < in.length();) {
    UChar32 c = in.char32At(k);
    k += U16_LENGTH(c);
    if (Droppable(c)) continue;
    if (const char* f = FractionText(c)) {
      bool after_digit = out.length() > 0 && u_isdigit(out.char32At(out.length() - 1));
      out.append(after_digit ? u" " : u"").append(icu::UnicodeString::fromUTF8(f));
    } else if (u_isUWhiteSpace(c) && c != 0xA0 && c != 0x202F) {
      out.append(u' ');
    } else {
      out.append(c);
    }
  }
  return out;
}

// "fight...you" -> "fight... you"; collapses runs of spaces.
std::string TidySpaces(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t k = 0; k < s.size(); ++k) {
    char c = s[k];
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
    bool ellipsis_end = c == '.' && k >= 2 && s.compare(k - 2, 3, "...") == 0;
    if (ellipsis_end && k + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[k + 1]))) out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}
// What the typography makes of a common character beyond ASCII at s[k], and its length in
// bytes: "’" -> "'", "«" -> "\"", "—" -> " , ", "…" -> "... ", a Latin-1 letter "ü" -> "ü";
// {"", 0} for any other character.
std::pair<std::string_view, size_t> CommonChar(std::string_view s, size_t k) {
  if (s.size() - k >= 2 && s[k] == '\xC3' && (s[k + 1] & 0xC0) == 0x80) return {s.substr(k, 2), 2};
  if (s.size() - k >= 2 && s[k] == '\xC2' && (s[k + 1] == '\xAB' || s[k + 1] == '\xBB'))
    return {"\"", 2};  // U+00AB, U+00BB
  if (s.size() - k < 3 || s[k] != '\xE2' || s[k + 1] != '\x80') return {"", 0};
  switch (s[k + 2]) {
    case '\x98': case '\x99': return {"'", 3};    // U+2018, U+2019
    case '\x9C': case '\x9D': return {"\"", 3};   // U+201C, U+201D
    case '\x94': return {" , ", 3};               // U+2014
    case '\xA6': return {"... ", 3};              // U+2026
    default: return {"", 0};
  }
}

// ASCII plus CommonChar only: NFC and the safe NFKC leave such text alone (no
// combining marks, nothing the safe NFKC set holds).
bool IsSimpleText(std::string_view s) {
  for (size_t k = 0; k < s.size();) {
    if (static_cast<unsigned char>(s[k]) < 0x80) {
      ++k;
      continue;
    }
    size_t bytes = CommonChar(s, k).second;
    if (bytes == 0) return false;
    k += bytes;
  }
  return true;
}

// FilterCodePoints for simple text: "a\tb\x01c" -> "a bc" (CommonChar bytes kept).
std::string FilterSimple(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char ch : in) {
    UChar32 c = static_cast<unsigned char>(ch);
    if (c >= 0x80) out += ch;
    else if (!Droppable(c)) out += u_isUWhiteSpace(c) ? ' ' : ch;
  }
  return out;
}

// kTypographyRules on simple text, as the Transliterator applies them (left to right,
// each replacement skipped over): "it`s -- so--a - b’" -> "it's , so , a , b'".
std::string TypographySimple(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t k = 0; k < s.size();) {
    if (auto [text, bytes] = CommonChar(s, k); bytes > 0) {
      out += text, k += bytes;
    } else if (s.substr(k, 4) == " -- ") {
      out += " , ", k += 4;
    } else if (s.substr(k, 2) == "--") {
      out += " , ", k += 2;
    } else if (s.substr(k, 3) == " - ") {
      out += " , ", k += 3;
    } else {
      out += s[k] == '`' ? '\'' : s[k], k += 1;
    }
  }
  return out;
}
}  // namespace

struct Sanitizer::Icu {
  std::unique_ptr<icu::Transliterator> typography;
  const icu::Normalizer2* nfc = nullptr;
  std::unique_ptr<icu::UnicodeSet> safe_set;
  std::unique_ptr<icu::FilteredNormalizer2> safe_nfkc;
};

Sanitizer::~Sanitizer() = default;

std::unique_ptr<Sanitizer> Sanitizer::Create(std::string* error) {
  auto icu = std::make_unique<Icu>();
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse{};
  icu->typography.reset(icu::Transliterator::createFromRules(
      "narrate-typography", icu::UnicodeString(kTypographyRules), UTRANS_FORWARD, parse, status));
  icu->nfc = icu::Normalizer2::getNFCInstance(status);
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu->safe_set = std::make_unique<icu::UnicodeSet>(icu::UnicodeString(kSafeNfkcSet), status);
  if (U_FAILURE(status) || !icu->typography) {
    *error = std::string("ICU text clean-up setup failed: ") + u_errorName(status);
    return nullptr;
  }
  icu->safe_set->freeze();
  icu->safe_nfkc = std::make_unique<icu::FilteredNormalizer2>(*nfkc, *icu->safe_set);
  auto s = std::unique_ptr<Sanitizer>(new Sanitizer());
  s->icu_ = std::move(icu);
  return s;
}

// "“Capella IV”—in 2½ days…" -> "\"Capella IV\" , in 2 1/2 days..."
// ASCII with curly quotes, guillemets, em dashes, ellipses and Latin-1 letters (most
// paragraphs of most books) takes a path without ICU strings, where only the code-point
// filter and the typography apply.
std::string Sanitizer::Clean(std::string_view utf8) const {
  if (IsSimpleText(utf8)) return TidySpaces(TypographySimple(FilterSimple(utf8)));
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  text = icu_->nfc->normalize(text, status);
  if (U_FAILURE(status)) status = U_ZERO_ERROR;
  text = FilterCodePoints(text);
  icu_->typography->transliterate(text);
  icu::UnicodeString folded;
  icu_->safe_nfkc->normalize(text, folded, status);
  if (U_SUCCESS(status)) text = folded;
  std::string out;
  text.toUTF8String(out);
  return TidySpaces(out);
}

}  // namespace narrate::text::internal
