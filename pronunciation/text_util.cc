#include "pronunciation/text_util.h"

#include <unicode/uchar.h>

#include <cstdio>

namespace narrate::pronunciation::internal {
namespace {

int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Decodes the code point at text[i]; returns its length in bytes, 0 if invalid.
int DecodeOne(std::string_view text, std::size_t i, char32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const int len = SequenceLength(lead);
  if (len == 0 || i + len > text.size()) return 0;
  cp = len == 1 ? lead : lead & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

std::optional<std::vector<CodePoint>> Decode(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const int len = DecodeOne(text, i, cp);
    if (len == 0) return std::nullopt;
    out.push_back({cp, i});
    i += len;
  }
  return out;
}

std::optional<std::u32string> ToU32(std::string_view text) {
  auto cps = Decode(text);
  if (!cps) return std::nullopt;
  std::u32string out;
  for (const auto& c : *cps) out.push_back(c.cp);
  return out;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string ToUtf8(std::u32string_view cps) {
  std::string out;
  for (char32_t c : cps) AppendUtf8(out, c);
  return out;
}

bool IsLetter(char32_t c) { return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC); }
bool IsDigit(char32_t c) { return u_isdigit(static_cast<UChar32>(c)); }

bool IsWordChar(char32_t c) {
  if (IsApostrophe(c)) return false;  // ʼ is a letter to Unicode, an apostrophe here
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  const int8_t type = u_charType(static_cast<UChar32>(c));
  const bool mark = type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
                    type == U_ENCLOSING_MARK;
  return mark || IsLetter(c) || IsDigit(c);
}

bool IsSpace(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)); }
bool IsApostrophe(char32_t c) { return c == U'\'' || c == U'\u2019' || c == U'\u02BC'; }
bool IsUpper(char32_t c) { return u_isUUppercase(static_cast<UChar32>(c)); }
bool IsLower(char32_t c) { return u_isULowercase(static_cast<UChar32>(c)); }

bool AllCapitals(std::u32string_view token) {
  int letters = 0;
  for (char32_t c : token) {
    if (IsLower(c)) return false;
    if (IsLetter(c)) ++letters;
  }
  return letters >= 2;
}

bool ReadBySyllables(std::u32string_view respelling) {
  bool syllables = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= respelling.size(); ++i) {
    const char32_t c = i < respelling.size() ? respelling[i] : U' ';
    if (c == U'-' || IsSpace(c)) {
      syllables = syllables || c == U'-' || AllCapitals(respelling.substr(start, i - start));
      start = i + 1;
    } else if (!IsWordChar(c) && !IsApostrophe(c)) {
      return false;
    }
  }
  return syllables;
}

char32_t FoldCase(char32_t c) {
  if (IsApostrophe(c)) return U'\'';
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

char32_t ToUpper(char32_t c) { return static_cast<char32_t>(u_toupper(static_cast<UChar32>(c))); }

std::string FoldWord(std::string_view utf8) {
  std::string out;
  auto cps = Decode(utf8);
  if (!cps) return std::string(utf8);
  for (const auto& c : *cps) AppendUtf8(out, FoldCase(c.cp));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view TrimSpace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\r\v\f";
  const std::size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::string CodePointName(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

}  // namespace narrate::pronunciation::internal
