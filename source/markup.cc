// Inline markup is rewritten by hand-written scanners, each linear in the
// line's length: std::regex recursed once per character matched and
// overflowed the stack on long lines ("*" × 14,000). Each scanner says which
// regular expression it does the work of; it finds the same matches, with
// ECMAScript's leftmost, first-alternative-first semantics.
#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "source/book.h"

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kNone = std::string::npos;

// The first position at or after `from` where a test holds, remembered: the
// scanners ask with `from` never decreasing, so each position is tested once.
class Finder {
 public:
  Finder(std::size_t size, std::function<bool(std::size_t)> test)
      : size_(size), test_(std::move(test)) {}
  std::size_t From(std::size_t from) {
    if (known_ && from >= from_ && (at_ == kNone || from <= at_)) return at_;
    known_ = true;
    from_ = from;
    for (at_ = from; at_ < size_ && !test_(at_);) ++at_;
    if (at_ >= size_) at_ = kNone;
    return at_;
  }

 private:
  std::size_t size_;
  std::function<bool(std::size_t)> test_;
  bool known_ = false;
  std::size_t from_ = 0;
  std::size_t at_ = kNone;
};

// What ECMAScript's "." does not match.
bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

// Each match a scanner finds at a position replaced, left to right, without
// overlap, as std::regex_replace does: match(i, out) appends the replacement
// and returns the match's end, or kNone (and appends nothing).
template <typename F>
std::string ReplaceScanned(const std::string& s, F match) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t end = match(i, out);
    if (end == kNone) {
      out += s[i++];
    } else {
      i = end;
    }
  }
  return out;
}

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }
// True when C occurs at least twice in S, as an emphasis needs its opening and closing mark.
bool Twice(const std::string& s, char c) {
  std::size_t first = s.find(c);
  return first != std::string::npos && s.find(c, first + 1) != std::string::npos;
}

// False when LINE cannot start with a list or quote marker ("- ", "1.", ">")
// nor with the spaces before one: then the marker patterns leave it alone.
bool MayHaveMarker(const std::string& line) {
  return !line.empty() &&
         std::string_view(" \t\n\r\f\v>-*+0123456789").find(line[0]) != std::string_view::npos;
}

// The end of a line's indent and quote marks: regex "^\s{0,3}(>\s?)*\s{0,3}",
// greedy ("  > > - a" → 6). Some of what ends it may be left ("       x" → 6).
std::size_t QuotePrefixEnd(const std::string& line, std::size_t max_spaces = 3) {
  auto spaces = [&](std::size_t i, std::size_t most) {
    while (most-- > 0 && i < line.size() && IsRegexSpace(line[i])) ++i;
    return i;
  };
  std::size_t i = spaces(0, max_spaces);
  while (i < line.size() && line[i] == '>') i = spaces(i + 1, 1);
  return spaces(i, max_spaces);
}

// The end of a list marker at i, "-", "*", "+" or one to max_digits digits
// and "." or ")" ("12." → 3), or kNone.
std::size_t ListMarkerEnd(const std::string& line, std::size_t i, std::size_t max_digits = 3) {
  if (i >= line.size()) return kNone;
  if (line[i] == '-' || line[i] == '*' || line[i] == '+') return i + 1;
  std::size_t d = i;
  while (d < line.size() && d - i <= max_digits && IsAsciiDigit(line[d])) ++d;
  if (d == i || d - i > max_digits || d >= line.size()) return kNone;
  return line[d] == '.' || line[d] == ')' ? d + 1 : kNone;
}

std::size_t SpacesEnd(const std::string& s, std::size_t i) {
  while (i < s.size() && IsRegexSpace(s[i])) ++i;
  return i;
}

// "- item", "* item", "1. item", "> quote", "#### Sub" → the text alone
// (regex "^\s{0,3}(>\s?)*\s{0,3}([-*+]\s+|\d{1,3}[.)]\s+)?" removed).
std::string StripLineMarker(const std::string& line) {
  if (!MayHaveMarker(line)) return line;
  std::size_t end = QuotePrefixEnd(line);
  std::size_t marker = ListMarkerEnd(line, end);
  if (marker != kNone && SpacesEnd(line, marker) > marker) end = SpacesEnd(line, marker);
  return line.substr(end);
}

bool EndsSentence(const std::string& s) {
  return !s.empty() && std::string(".!?:;,\"')”’").find(s.back()) != std::string::npos;
}

// "- item", "1. item", also inside a quote: "> - item"
// (regex "^\s{0,3}(>\s?)*\s{0,3}([-*+]|\d{1,3}[.)])\s+\S").
bool IsListItem(const std::string& line) {
  if (!MayHaveMarker(line)) return false;
  std::size_t marker = ListMarkerEnd(line, QuotePrefixEnd(line));
  if (marker == kNone) return false;
  std::size_t text = SpacesEnd(line, marker);
  return text > marker && text < line.size();
}

// What StripInlineMarkup takes as escaped (plain text too): "\*" → "*".
constexpr std::string_view kEscapable = "\\`*_{}[]()#+-.!<>";
// Markdown escapes any ASCII punctuation (CommonMark): "\~", "\^", "\|" too.
constexpr std::string_view kMarkdownEscapable = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

// Escaped characters ("\*") are hidden from the markup patterns as private-use
// code points U+E000 + c and put back at the end.
std::string HideEscapes(const std::string& s, std::string_view escapable = kEscapable) {
  if (s.find('\\') == std::string::npos) return s;
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && escapable.find(s[i + 1]) != std::string::npos) {
      unsigned char c = static_cast<unsigned char>(s[++i]);
      out += '\xEE';
      out += static_cast<char>(0x80 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += s[i];
    }
  }
  return out;
}

// With rescape, what StripInlineMarkup also takes as escaped is put back
// escaped ("\*"), for it to see; other characters come back bare ("~").
std::string RestoreEscapes(const std::string& s, bool rescape = false) {
  if (s.find('\xEE') == std::string::npos) return s;
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xEE' && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x81) {
      char c = static_cast<char>(((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
      if (rescape && kEscapable.find(c) != std::string_view::npos) out += '\\';
      out += c;
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Runs of spaces and tabs (left by removed images and tags) become one space.
std::string CollapseSpaces(const std::string& s) {
  if (s.find('\t') == std::string::npos && s.find("  ") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    bool space = c == ' ' || c == '\t';
    if (!space)
      out += c;
    else if (out.empty() || out.back() != ' ')
      out += ' ';
  }
  return out;
}

}  // namespace

namespace {

// "![map](m.png)" → "" with images, "[Vask](v.html)" → "Vask" without:
// regex "!\[([^\]]*)\]\([^)]*\)" → "" and "\[([^\]]+)\]\([^)]*\)" → "$1".
std::string InlineLinks(const std::string& s, bool images) {
  Finder close_bracket(s.size(), [&s](std::size_t i) { return s[i] == ']'; });
  Finder close_paren(s.size(), [&s](std::size_t i) { return s[i] == ')'; });
  std::size_t skip = images ? 2 : 1;
  return ReplaceScanned(s, [&](std::size_t i, std::string& out) {
    if (images ? s.compare(i, 2, "![") != 0 : s[i] != '[') return kNone;
    std::size_t text = i + skip, bracket = close_bracket.From(text);
    if (bracket == kNone || (!images && bracket == text)) return kNone;
    if (bracket + 1 >= s.size() || s[bracket + 1] != '(') return kNone;
    std::size_t paren = close_paren.From(bracket + 2);
    if (paren == kNone) return kNone;
    if (!images) out.append(s, text, bracket - text);
    return paren + 1;
  });
}

// Regex "<!--.*?-->" → "": "a <!-- note --> b" → "a  b".
std::string HtmlComments(const std::string& s) {
  Finder close(s.size(), [&s](std::size_t i) { return s.compare(i, 3, "-->") == 0; });
  Finder line_end(s.size(), [&s](std::size_t i) { return IsLineEnd(s[i]); });
  return ReplaceScanned(s, [&](std::size_t i, std::string&) {
    if (s.compare(i, 4, "<!--") != 0) return kNone;
    std::size_t at = close.From(i + 4);
    if (at == kNone || at > line_end.From(i + 4)) return kNone;
    return at + 3;
  });
}

// Regex "</?[A-Za-z][^>]*>" → "": "<em>so</em>" → "so".
std::string HtmlTags(const std::string& s) {
  Finder close(s.size(), [&s](std::size_t i) { return s[i] == '>'; });
  return ReplaceScanned(s, [&](std::size_t i, std::string&) {
    if (s[i] != '<') return kNone;
    std::size_t name = i + 1 < s.size() && s[i + 1] == '/' ? i + 2 : i + 1;
    if (name >= s.size() || !IsAsciiLetter(s[name])) return kNone;
    std::size_t at = close.From(name + 1);
    return at == kNone ? kNone : at + 1;
  });
}

// The end of the text of an emphasis opened by `mark` whose text starts at
// `text`: regex "(\S(?:.*?\S)?)" then the closing mark, then (with
// needs_edge) "(?=$|[^\w*])". `closing` finds a non-space followed by the
// closing mark (and the edge); the first such one past `text` wins, else
// the one-character text. Returns the closing mark's position or kNone.
std::size_t EmphasisClose(const std::string& s, std::size_t text, std::string_view mark,
                          Finder& closing, Finder& line_end, bool needs_edge) {
  if (text >= s.size() || IsRegexSpace(s[text])) return kNone;
  std::size_t last = closing.From(text + 1);
  if (last != kNone && last <= line_end.From(text + 1)) return last + 1;
  if (s.compare(text + 1, mark.size(), mark) != 0) return kNone;
  std::size_t after = text + 1 + mark.size();
  if (needs_edge && after < s.size() && (IsRegexWord(s[after]) || s[after] == '*')) return kNone;
  return text + 1;
}

// Regex "(\*\*|__)(\S(?:.*?\S)?)\1" → "$2": "**so**" → "so".
std::string StrongEmphasis(const std::string& s) {
  auto closes = [&s](const char* mark) {
    return
        [&s, mark](std::size_t i) { return !IsRegexSpace(s[i]) && s.compare(i + 1, 2, mark) == 0; };
  };
  Finder stars(s.size(), closes("**")), lines(s.size(), closes("__"));
  Finder line_end(s.size(), [&s](std::size_t i) { return IsLineEnd(s[i]); });
  return ReplaceScanned(s, [&](std::size_t i, std::string& out) {
    const char* mark = s.compare(i, 2, "**") == 0 ? "**" : s.compare(i, 2, "__") == 0 ? "__" : "";
    if (!*mark) return kNone;
    std::size_t close =
        EmphasisClose(s, i + 2, mark, *mark == '*' ? stars : lines, line_end, false);
    if (close == kNone) return kNone;
    out.append(s, i + 2, close - i - 2);
    return close + 2;
  });
}

// Regex "(^|[^\w*])([*_])(\S(?:.*?\S)?)\2(?=$|[^\w*])" → "$1$3": "_so_" → "so".
std::string Emphasis(const std::string& s) {
  auto edge = [&s](std::size_t i) { return i >= s.size() || (!IsRegexWord(s[i]) && s[i] != '*'); };
  auto closes = [&s, edge](char mark) {
    return [&s, mark, edge](std::size_t i) {
      return !IsRegexSpace(s[i]) && i + 1 < s.size() && s[i + 1] == mark && edge(i + 2);
    };
  };
  Finder stars(s.size(), closes('*')), lines(s.size(), closes('_'));
  Finder line_end(s.size(), [&s](std::size_t i) { return IsLineEnd(s[i]); });
  auto at = [&](std::size_t mark_at) {  // the closing mark for an opening one, or kNone
    if (mark_at >= s.size() || (s[mark_at] != '*' && s[mark_at] != '_')) return kNone;
    Finder& closing = s[mark_at] == '*' ? stars : lines;
    return EmphasisClose(s, mark_at + 1, std::string_view(&s[mark_at], 1), closing, line_end, true);
  };
  return ReplaceScanned(s, [&](std::size_t i, std::string& out) {
    std::size_t close = i == 0 ? at(0) : kNone;
    std::size_t mark_at = i;
    if (close == kNone && edge(i) && (close = at(i + 1)) != kNone) mark_at = i + 1;
    if (close == kNone) return kNone;
    out.append(s, i, mark_at - i);
    out.append(s, mark_at + 1, close - mark_at - 1);
    return close + 1;
  });
}

}  // namespace

std::string StripInlineMarkup(std::string_view line_view) {
  std::string s = HideEscapes(std::string(line_view));
  // Each scanner runs only where its mark occurs: most lines have none.
  if (Has(s, "![")) s = InlineLinks(s, true);               // "![map](m.png)" → ""
  if (Has(s, "](")) s = InlineLinks(s, false);              // "[Vask](v.html)" → "Vask"
  if (Has(s, "<!--")) s = HtmlComments(s);                  // "<!-- note -->" → ""
  if (Has(s, "<")) s = HtmlTags(s);                         // "<em>so</em>" → "so"
  if (Has(s, "**") || Has(s, "__")) s = StrongEmphasis(s);  // "**so**" → "so"
  if (Twice(s, '*') || Twice(s, '_')) s = Emphasis(s);      // "_so_" → "so"
  if (Has(s, "`")) std::erase(s, '`');                      // "`x`" → "x"
  return CollapseSpaces(RestoreEscapes(s));                 // "\*" → "*"
}

// List items become sentences of their own so the narrator pauses between them.
std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& raw : lines) {
    std::string line = Trim(StripInlineMarkup(StripLineMarker(raw)));
    if (line.empty()) continue;
    if (!out.empty() && IsListItem(raw) && !EndsSentence(out)) out += '.';
    if (!out.empty()) out += ' ';
    out += line;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Markdown only

namespace {

// The position one past the "]" matching each "[" of s (kNone when it has
// none), found in one pass: "^[a [b] c]" → the last "]" for the first "[".
std::vector<std::size_t> ClosingBrackets(const std::string& s) {
  std::vector<std::size_t> closing(s.size(), kNone), open;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[') open.push_back(i);
    if (s[i] == ']' && !open.empty()) closing[open.back()] = i + 1, open.pop_back();
  }
  return closing;
}

// "[^1]" at i (regex "^\[\^([^\]\s]+)\]"): the label's end, or kNone.
std::size_t NoteRefEnd(const std::string& s, std::size_t i) {
  if (s.compare(i, 2, "[^") != 0) return kNone;
  std::size_t end = i + 2;
  while (end < s.size() && s[end] != ']' && !IsRegexSpace(s[end])) ++end;
  return end > i + 2 && end < s.size() && s[end] == ']' ? end : kNone;
}

// "Said[^1] so^[Really.]." → "Said so.", refs {"1", ""}, {"", "Really."}.
std::string TakeNoteRefs(const std::string& s, std::vector<NoteRef>* refs) {
  std::vector<std::size_t> closing;
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t end = NoteRefEnd(s, i); end != kNone) {
      if (refs) refs->push_back({NormalizeLabel(s.substr(i + 2, end - i - 2)), ""});
      i = end + 1;
      continue;
    }
    // "x^2^[^1]": a superscript's closing "^" before a reference opens no inline note.
    bool inline_note = s.compare(i, 2, "^[") == 0 && s.compare(i + 1, 2, "[^") != 0;
    if (inline_note && closing.empty()) closing = ClosingBrackets(s);
    std::size_t close = inline_note ? closing[i + 1] : kNone;
    if (close != kNone) {
      if (refs) refs->push_back({"", RestoreEscapes(s.substr(i + 2, close - i - 3), true)});
      i = close;
      continue;
    }
    out += s[i++];
  }
  return out;
}

// "[Vask][v]" → "Vask", "![map][m]" → "": regex "!\[[^\]]*\]\[[^\]]*\]" → ""
// with images, "\[([^\]]+)\]\[[^\]]*\]" → "$1" without.
std::string FullReferenceLinks(const std::string& s, bool images) {
  Finder close(s.size(), [&s](std::size_t i) { return s[i] == ']'; });
  Finder id_close(s.size(), [&s](std::size_t i) { return s[i] == ']'; });
  std::size_t skip = images ? 2 : 1;
  return ReplaceScanned(s, [&](std::size_t i, std::string& out) {
    if (images ? s.compare(i, 2, "![") != 0 : s[i] != '[') return kNone;
    std::size_t text = i + skip, bracket = close.From(text);
    if (bracket == kNone || (!images && bracket == text)) return kNone;
    if (bracket + 1 >= s.size() || s[bracket + 1] != '[') return kNone;
    std::size_t end = id_close.From(bracket + 2);
    if (end == kNone) return kNone;
    if (!images) out.append(s, text, bracket - text);
    return end + 1;
  });
}

// "[Vask][v]", "[Vask][]" → "Vask"; "![map][m]" → ""; "[Vask]" → "Vask" when
// "v" is defined (regex "\[([^\]]+)\](?![(\[:])").
std::string ReferenceLinks(const std::string& s, const std::set<std::string>& link_ids) {
  std::string t = FullReferenceLinks(FullReferenceLinks(s, true), false);
  Finder close(t.size(), [&t](std::size_t i) { return t[i] == ']'; });
  return ReplaceScanned(t, [&](std::size_t i, std::string& out) {
    if (t[i] != '[') return kNone;
    std::size_t bracket = close.From(i + 1);
    if (bracket == kNone || bracket == i + 1) return kNone;
    if (bracket + 1 < t.size() && std::string_view("([:").find(t[bracket + 1]) != kNone) {
      return kNone;
    }
    std::string label = t.substr(i + 1, bracket - i - 1);
    out += link_ids.count(NormalizeLabel(label)) ? label : t.substr(i, bracket + 1 - i);
    return bracket + 1;
  });
}

bool StartsWithNoCase(const std::string& s, std::size_t i, std::string_view word) {
  if (s.size() < i || s.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(s[i + k])) != word[k]) return false;
  }
  return true;
}

// The end of a run of bytes from i that `in` accepts.
template <typename F>
std::size_t RunEnd(const std::string& s, std::size_t i, F in) {
  while (i < s.size() && in(s[i])) ++i;
  return i;
}

// "<https://www.ex.org/a>" → "ex.org"
// (regex "<(?:https?|ftp)://(?:www\.)?([^/?#:>\s]+)[^<>\s]*>", any case).
std::size_t WebLink(const std::string& s, std::size_t i, std::string& out) {
  std::size_t host = kNone;
  for (std::string_view scheme : {"<http://", "<https://", "<ftp://"}) {
    if (StartsWithNoCase(s, i, scheme)) host = i + scheme.size();
  }
  if (host == kNone) return kNone;
  auto host_byte = [](char c) {
    return !IsRegexSpace(c) && std::string_view("/?#:>").find(c) == kNone;
  };
  auto rest_byte = [](char c) { return !IsRegexSpace(c) && c != '<' && c != '>'; };
  std::size_t from = host;
  if (StartsWithNoCase(s, host, "www.") && RunEnd(s, host + 4, host_byte) > host + 4) from += 4;
  std::size_t host_end = RunEnd(s, from, host_byte);
  if (host_end == from) return kNone;
  std::size_t end = RunEnd(s, host_end, rest_byte);
  if (end >= s.size() || s[end] != '>') return kNone;
  out.append(s, from, host_end - from);
  return end + 1;
}

// "<mailto:a@b.org>", "<a@b.org>" → "a@b.org"
// (regex "<(?:mailto:)?([^\s<>@:/]+@[^\s<>@]+)>", any case).
std::size_t MailLink(const std::string& s, std::size_t i, std::string& out) {
  if (s[i] != '<') return kNone;
  std::size_t from = StartsWithNoCase(s, i + 1, "mailto:") ? i + 8 : i + 1;
  auto name_byte = [](char c) {
    return !IsRegexSpace(c) && std::string_view("<>@:/").find(c) == kNone;
  };
  auto host_byte = [](char c) {
    return !IsRegexSpace(c) && std::string_view("<>@").find(c) == kNone;
  };
  std::size_t at = RunEnd(s, from, name_byte);
  if (at == from || at >= s.size() || s[at] != '@') return kNone;
  std::size_t end = RunEnd(s, at + 1, host_byte);
  if (end == at + 1 || end >= s.size() || s[end] != '>') return kNone;
  out.append(s, from, end - from);
  return end + 1;
}

// "<irc://x>" → "" (regex "<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>").
std::size_t OtherLink(const std::string& s, std::size_t i, std::string&) {
  if (s[i] != '<' || i + 1 >= s.size() || !IsAsciiLetter(s[i + 1])) return kNone;
  std::size_t colon = RunEnd(s, i + 2, [](char c) {
    return IsAsciiLetter(c) || IsAsciiDigit(c) || c == '+' || c == '.' || c == '-';
  });
  if (colon == i + 2 || colon - i - 2 > 31 || colon >= s.size() || s[colon] != ':') return kNone;
  std::size_t end =
      RunEnd(s, colon + 1, [](char c) { return !IsRegexSpace(c) && c != '<' && c != '>'; });
  return end < s.size() && s[end] == '>' ? end + 1 : kNone;
}

// "<https://www.ex.org/a>" → "ex.org"; "<mailto:a@b.org>", "<a@b.org>" → "a@b.org";
// "<irc://x>" → "" (a link's host is what a reader would say; the rest is noise).
std::string Autolinks(const std::string& s) {
  std::string t =
      ReplaceScanned(s, [&s](std::size_t i, std::string& out) { return WebLink(s, i, out); });
  std::string u =
      ReplaceScanned(t, [&t](std::size_t i, std::string& out) { return MailLink(t, i, out); });
  return ReplaceScanned(u, [&u](std::size_t i, std::string& out) { return OtherLink(u, i, out); });
}

// Regex "~~(?=[^~\s])(?:.*?[^~\s])?~~" → "": "~~old~~ new" → " new".
std::string Struck(const std::string& s) {
  auto mark = [&s](std::size_t i) { return s[i] != '~' && !IsRegexSpace(s[i]); };
  Finder close(s.size(), [&](std::size_t i) { return mark(i) && s.compare(i + 1, 2, "~~") == 0; });
  Finder line_end(s.size(), [&s](std::size_t i) { return IsLineEnd(s[i]); });
  return ReplaceScanned(s, [&](std::size_t i, std::string&) {
    if (s.compare(i, 2, "~~") != 0 || i + 2 >= s.size() || !mark(i + 2)) return kNone;
    std::size_t last = close.From(i + 2);
    if (last == kNone || last > line_end.From(i + 2)) return kNone;
    return last + 3;
  });
}

// Regex "<(del|s|strike)(?:\s[^>]*)?>.*?</\1\s*>" → "", any case:
// "<del>old</del>", "<s>old</s>", "<strike>old</strike>" go.
std::string Deleted(const std::string& s) {
  auto closes = [&s](std::string_view tag) {
    return [&s, tag](std::size_t i) {
      if (s.compare(i, 2, "</") != 0 || !StartsWithNoCase(s, i + 2, tag)) return false;
      std::size_t end = SpacesEnd(s, i + 2 + tag.size());
      return end < s.size() && s[end] == '>';
    };
  };
  Finder del(s.size(), closes("del")), st(s.size(), closes("s")),
      strike(s.size(), closes("strike"));
  Finder line_end(s.size(), [&s](std::size_t i) { return IsLineEnd(s[i]); });
  Finder tag_end(s.size(), [&s](std::size_t i) { return s[i] == '>'; });
  return ReplaceScanned(s, [&](std::size_t i, std::string&) {
    if (s[i] != '<') return kNone;
    const std::pair<std::string_view, Finder*> tags[] = {
        {"del", &del}, {"s", &st}, {"strike", &strike}};
    for (auto [tag, finder] : tags) {
      if (!StartsWithNoCase(s, i + 1, tag)) continue;
      std::size_t open_end = i + 1 + tag.size();
      if (open_end >= s.size()) continue;
      if (IsRegexSpace(s[open_end])) open_end = tag_end.From(open_end);
      if (open_end == kNone || s[open_end] != '>') continue;
      std::size_t close = finder->From(open_end + 1);
      if (close == kNone || close > line_end.From(open_end + 1)) continue;
      return SpacesEnd(s, close + 2 + tag.size()) + 1;
    }
    return kNone;
  });
}

// Pandoc subscript and superscript keep their text: "H~2~O" → "H2O", "x^2^" → "x2"
// (regex "~([^\s~]+)~" → "$1", "\^([^\s^]+)\^" → "$1").
std::string Around(const std::string& s, char mark) {
  return ReplaceScanned(s, [&](std::size_t i, std::string& out) {
    if (s[i] != mark) return kNone;
    std::size_t end = RunEnd(s, i + 1, [mark](char c) { return c != mark && !IsRegexSpace(c); });
    if (end == i + 1 || end >= s.size() || s[end] != mark) return kNone;
    out.append(s, i + 1, end - i - 1);
    return end + 1;
  });
}

// Struck text is deleted text, so it is not read: "~~old~~ new" → " new",
// "<del>old</del>", "<s>old</s>", "<strike>old</strike>" likewise. Pandoc
// subscript and superscript keep their text: "H~2~O" → "H2O", "x^2^" → "x2".
std::string StrikeSubSup(const std::string& s) {
  return Around(Around(Deleted(Struck(s)), '~'), '^');
}

}  // namespace

std::string NormalizeLabel(std::string_view label) {
  return Lower(CollapseSpaces(Trim(label, " \t")));
}

std::string RewriteMarkdownInline(std::string_view line, const std::set<std::string>& link_ids,
                                  std::vector<NoteRef>* refs) {
  std::string s = HideEscapes(std::string(line), kMarkdownEscapable);
  auto has = [&s](const char* chars) { return s.find_first_of(chars) != std::string::npos; };
  if (has("[")) s = TakeNoteRefs(s, refs);  // "[^1]", "^[note]" → ""
  if (has("[")) s = ReferenceLinks(s, link_ids);
  if (has("<")) s = Autolinks(s);
  if (has("~^<")) s = StrikeSubSup(s);  // the regular expressions are slow: only where needed
  return RestoreEscapes(s, true);
}

bool IsTableDelimiterRow(const std::string& line) {
  auto is_cell = [](const std::string& c) {  // regex ":?-+:?"
    std::size_t b = !c.empty() && c.front() == ':' ? 1 : 0;
    std::size_t e = c.size() > b && c.back() == ':' ? c.size() - 1 : c.size();
    return e > b && std::all_of(c.begin() + static_cast<long>(b), c.begin() + static_cast<long>(e),
                                [](char x) { return x == '-'; });
  };
  if (line.find('|') == std::string::npos) return false;
  std::vector<std::string> cells = TableCells(line);
  return std::all_of(cells.begin(), cells.end(), is_cell);
}

std::vector<std::string> TableCells(const std::string& row) {
  std::string line = Trim(row);
  if (!line.empty() && line.front() == '|') line.erase(0, 1);
  bool escaped_end = line.size() >= 2 && line[line.size() - 2] == '\\';
  if (!line.empty() && line.back() == '|' && !escaped_end) line.pop_back();
  std::vector<std::string> cells(1);
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      cells.back() += line.substr(i++, 2);
    } else if (line[i] == '|') {
      cells.emplace_back();
    } else {
      cells.back() += line[i];
    }
  }
  for (std::string& c : cells) c = Trim(c);
  return cells;
}

std::string TableRowSentence(const std::vector<std::string>& cells) {
  std::string out;
  for (const std::string& cell : cells) {
    if (CountWords(StripInlineMarkup(cell)) == 0) continue;
    bool stops =
        !out.empty() && std::string_view(".:;!?").find(out.back()) != std::string_view::npos;
    if (!out.empty()) out += stops ? " " : ", ";  // {"Ann.", "32"} → "Ann. 32."
    out += cell;
  }
  if (!out.empty() && !EndsSentence(out)) out += '.';
  return out;
}

// Regex "^(\s*(?:>\s?)*\s*(?:[-*+]|\d{1,9}[.)])\s+)\[[ xX]\]\s+" → "$1".
std::string StripTaskBox(const std::string& line) {
  std::size_t marker = ListMarkerEnd(line, QuotePrefixEnd(line, kNone), 9);
  if (marker == kNone) return line;
  std::size_t box = SpacesEnd(line, marker);
  if (box == marker || line.size() < box + 4 || line[box] != '[' || line[box + 2] != ']') {
    return line;
  }
  char mark = line[box + 1];
  if (mark != ' ' && mark != 'x' && mark != 'X') return line;
  std::size_t text = SpacesEnd(line, box + 3);
  if (text == box + 3) return line;
  return line.substr(0, box) + line.substr(text);
}

}  // namespace narrate::source::internal
