// Finding quotations: the marks, their pairing, and tokens of a paragraph.
#include <cctype>

#include "voices/quotation_text.h"

namespace narrate::voices::internal {
namespace {

enum class Mark { kNone, kStraight, kCurly, kSingle, kCurlySingle, kGuillemet };

struct Char {
  char32_t cp = 0;
  std::size_t size = 1;
};

// The code point at `i` (a stray byte reads as itself).
Char At(std::string_view s, std::size_t i) {
  if (i >= s.size()) return {0, 0};
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > s.size()) return {b, 1};
  char32_t cp = b & (0x3F >> (n - 1));
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
  return {cp, n};
}

// The code point ending just before `i`.
char32_t Before(std::string_view s, std::size_t i) {
  if (i == 0) return 0;
  std::size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  return At(s, j).cp;
}

bool IsPunctCp(char32_t c) {
  return (c >= 0x2000 && c <= 0x206F) || c == 0xAB || c == 0xBB || c == 0xA0 || c == 0xBF ||
         c == 0xA1;
}
bool IsLetter(char32_t c) {
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) != 0;
  return !IsPunctCp(c);
}
bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }
bool IsDash(char32_t c) { return c == 0x2014 || c == 0x2015; }

// Words that open with an apostrophe: "'Tis", "'em".
bool IsElision(std::string_view s, std::size_t i) {
  static const char* const kWords[] = {"tis", "twas", "twere", "twill", "twould", "em",    "cause",
                                       "til", "till", "n",     "ere",   "bout",   "round", "im",
                                       "er",  "ow",   "e",     "ave",   "ad",     "ome"};
  std::size_t j = i;
  while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
  std::string word = Lower(s.substr(i, j - i));
  if (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j])) == 0 && s[j] == '\'')
    return false;  // 'em' quoted
  for (const char* w : kWords)
    if (word == w) return true;
  return false;
}

// Whether the single quote at `i` (of `size` bytes) can open a quotation.
bool OpensSingle(std::string_view s, std::size_t i, std::size_t size) {
  char32_t prev = Before(s, i);
  char32_t next = At(s, i + size).cp;
  bool prev_ok = prev == 0 || IsSpace(prev) || prev == '(' || prev == '[' || IsDash(prev) ||
                 prev == '"' || prev == 0x201C || prev == '-';
  if (!prev_ok || next == 0 || IsSpace(next)) return false;
  if (next < 0x80 && std::isdigit(static_cast<int>(next))) return false;  // '90s
  return !IsElision(s, i + size);
}

// Whether the single quote at `i` can close one: after a non-space, before a
// non-letter, and not the plural possessive of "the dogs' bowls".
bool ClosesSingle(std::string_view s, std::size_t i, std::size_t size) {
  char32_t prev = Before(s, i);
  char32_t next = At(s, i + size).cp;
  if (prev == 0 || IsSpace(prev) || IsLetter(next)) return false;
  if (prev == 's' && next == ' ') {
    char32_t after = At(s, i + size + 1).cp;
    if (after < 0x80 && std::islower(static_cast<int>(after))) return false;
  }
  return true;
}

Mark OpenerAt(std::string_view s, std::size_t i, Char c) {
  switch (c.cp) {
    case '"':
      return Mark::kStraight;
    case 0x201C:
      return Mark::kCurly;
    case 0xAB:
      return Mark::kGuillemet;
    case '\'':
      return OpensSingle(s, i, c.size) ? Mark::kSingle : Mark::kNone;
    case 0x2018:
      return OpensSingle(s, i, c.size) ? Mark::kCurlySingle : Mark::kNone;
    default:
      return Mark::kNone;
  }
}

bool ClosesAt(std::string_view s, std::size_t i, Char c, Mark open) {
  switch (open) {
    case Mark::kStraight:
      return c.cp == '"';
    case Mark::kCurly:
      return c.cp == 0x201D;
    case Mark::kGuillemet:
      return c.cp == 0xBB;
    case Mark::kSingle:
      return c.cp == '\'' && ClosesSingle(s, i, c.size);
    case Mark::kCurlySingle:
      return c.cp == 0x2019 && ClosesSingle(s, i, c.size);
    default:
      return false;
  }
}

std::size_t TrimEnd(std::string_view s, std::size_t begin, std::size_t end) {
  while (end > begin && IsSpace(static_cast<unsigned char>(s[end - 1]))) --end;
  return end;
}
std::size_t SkipSpace(std::string_view s, std::size_t i) {
  while (i < s.size() && IsSpace(At(s, i).cp)) i += At(s, i).size;
  return i;
}

// Em-dash dialogue: "— Speech — said he." The speech, or false.
bool DashDialogue(std::string_view s, std::size_t& begin, std::size_t& end) {
  std::size_t i = SkipSpace(s, 0);
  Char c = At(s, i);
  if (!IsDash(c.cp)) return false;
  begin = SkipSpace(s, i + c.size);
  end = s.size();
  for (std::size_t j = begin; j < s.size(); j += At(s, j).size) {
    if (IsDash(At(s, j).cp) && j > begin && IsSpace(Before(s, j))) {
      end = j;
      break;
    }
  }
  end = TrimEnd(s, begin, end);
  return end > begin;
}

struct ParagraphScan {
  std::vector<Found> found;
  Mark open_at_end = Mark::kNone;
};

ParagraphScan ScanParagraph(std::string_view s, std::size_t index, bool previous_open) {
  ParagraphScan out;
  Mark open = Mark::kNone;
  std::size_t begin = 0;
  bool first = true;
  auto add = [&](std::size_t b, std::size_t e) {
    Found f;
    f.quotation.paragraph = index;
    f.quotation.begin = b;
    f.quotation.end = e;
    f.continues = first && previous_open && b <= SkipSpace(s, 0) + 4;
    first = false;
    if (e > b) out.found.push_back(f);
  };
  for (std::size_t i = 0; i < s.size();) {
    Char c = At(s, i);
    if (open == Mark::kNone) {
      open = OpenerAt(s, i, c);
      begin = i + c.size;
    } else if (ClosesAt(s, i, c, open)) {
      add(begin, i);
      open = Mark::kNone;
    }
    i += c.size;
  }
  bool single = open == Mark::kSingle || open == Mark::kCurlySingle;
  if (open != Mark::kNone && !single) add(begin, TrimEnd(s, begin, s.size()));
  if (open != Mark::kNone) out.open_at_end = open;
  std::size_t db = 0, de = 0;
  if (out.found.empty() && open == Mark::kNone && DashDialogue(s, db, de)) add(db, de);
  return out;
}

// Whether the paragraph opens with a mark of the kind left open.
bool OpensWith(std::string_view s, Mark open) {
  std::size_t i = SkipSpace(s, 0);
  Char c = At(s, i);
  return OpenerAt(s, i, c) == open;
}

}  // namespace

std::string Lower(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<Found> ScanQuotations(const std::vector<std::string_view>& paragraphs) {
  std::vector<Found> out;
  Mark open = Mark::kNone;
  std::vector<Found> pending;  // an unclosed single quotation, kept if continued
  for (std::size_t p = 0; p < paragraphs.size(); ++p) {
    bool continued = open != Mark::kNone && OpensWith(paragraphs[p], open);
    if (continued && !pending.empty()) out.insert(out.end(), pending.begin(), pending.end());
    pending.clear();
    ParagraphScan scan = ScanParagraph(paragraphs[p], p, continued);
    out.insert(out.end(), scan.found.begin(), scan.found.end());
    open = scan.open_at_end;
    if (open == Mark::kSingle || open == Mark::kCurlySingle) {
      // Its text runs to the paragraph's end; kept only when the next paragraph continues it.
      std::string_view s = paragraphs[p];
      std::size_t b = 0;
      for (std::size_t i = s.size(); i > 0; --i) {
        Char c = At(s, i - 1);
        if ((c.cp == '\'' || c.cp == 0x2018) && OpenerAt(s, i - 1, c) != Mark::kNone) {
          b = i;
          break;
        }
      }
      if (b > 0) {
        Found f;
        f.quotation = {p, b, TrimEnd(s, b, s.size()), -1, ""};
        pending.push_back(f);
      }
    }
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view s,
                            const std::vector<std::pair<std::size_t, std::size_t>>& quotes) {
  std::vector<Token> out;
  std::size_t q = 0;
  for (std::size_t i = 0; i < s.size();) {
    Char c = At(s, i);
    if (IsSpace(c.cp)) {
      i += c.size;
      continue;
    }
    Token t;
    t.begin = i;
    if (IsLetter(c.cp)) {
      t.word = true;
      std::size_t j = i + c.size;
      while (j < s.size()) {
        Char d = At(s, j);
        bool inner =
            (d.cp == '\'' || d.cp == 0x2019 || d.cp == '-') && IsLetter(At(s, j + d.size).cp);
        if (!IsLetter(d.cp) && !inner) break;
        j += d.size;
      }
      t.end = j;
    } else {
      t.end = i + c.size;
    }
    while (q < quotes.size() && quotes[q].second <= t.begin) ++q;
    if (q < quotes.size() && t.begin >= quotes[q].first && t.begin < quotes[q].second)
      t.quote = static_cast<int>(q);
    out.push_back(t);
    i = t.end;
  }
  return out;
}

}  // namespace narrate::voices::internal

namespace narrate::voices {

std::vector<Quotation> FindQuotations(const std::vector<std::string_view>& paragraphs) {
  std::vector<Quotation> out;
  for (const internal::Found& f : internal::ScanQuotations(paragraphs)) out.push_back(f.quotation);
  return out;
}

}  // namespace narrate::voices
