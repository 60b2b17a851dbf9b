#include <algorithm>
#include <regex>

#include "source/book.h"

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

std::string Replace(const std::string& s, const std::regex& re, const char* with) {
  return std::regex_replace(s, re, with);
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
  return !line.empty() && std::string_view(" \t\n\r\f\v>-*+0123456789").find(line[0]) !=
                              std::string_view::npos;
}

// "- item", "* item", "1. item", "> quote", "#### Sub" → the text alone.
std::string StripLineMarker(const std::string& line) {
  if (!MayHaveMarker(line)) return line;
  static const std::regex kMarker(R"(^\s{0,3}(>\s?)*\s{0,3}([-*+]\s+|\d{1,3}[.)]\s+)?)");
  return std::regex_replace(line, kMarker, "", std::regex_constants::format_first_only);
}

bool EndsSentence(const std::string& s) {
  return !s.empty() && std::string(".!?:;,\"')”’").find(s.back()) != std::string::npos;
}

// "- item", "1. item", also inside a quote: "> - item".
bool IsListItem(const std::string& line) {
  if (!MayHaveMarker(line)) return false;
  static const std::regex kItem(R"(^\s{0,3}(>\s?)*\s{0,3}([-*+]|\d{1,3}[.)])\s+\S)");
  return std::regex_search(line, kItem);
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
    if (!space) out += c;
    else if (out.empty() || out.back() != ' ') out += ' ';
  }
  return out;
}

}  // namespace

std::string StripInlineMarkup(std::string_view line_view) {
  std::string s = HideEscapes(std::string(line_view));
  static const std::regex kImage(R"(!\[([^\]]*)\]\([^)]*\))");
  static const std::regex kLink(R"(\[([^\]]+)\]\([^)]*\))");
  static const std::regex kComment(R"(<!--.*?-->)");
  static const std::regex kHtml(R"(</?[A-Za-z][^>]*>)");
  static const std::regex kStrong(R"((\*\*|__)(\S(?:.*?\S)?)\1)");
  static const std::regex kEmphasis(R"((^|[^\w*])([*_])(\S(?:.*?\S)?)\2(?=$|[^\w*]))");
  static const std::regex kCode("`+");
  // Each pattern runs only where its mark occurs: most lines have none, and
  // std::regex is slow even when it finds nothing.
  if (Has(s, "![")) s = Replace(s, kImage, "");             // "![map](m.png)" → ""
  if (Has(s, "](")) s = Replace(s, kLink, "$1");            // "[Vask](v.html)" → "Vask"
  if (Has(s, "<!--")) s = Replace(s, kComment, "");         // "<!-- note -->" → ""
  if (Has(s, "<")) s = Replace(s, kHtml, "");               // "<em>so</em>" → "so"
  if (Has(s, "**") || Has(s, "__")) s = Replace(s, kStrong, "$2");  // "**so**" → "so"
  if (Twice(s, '*') || Twice(s, '_')) s = Replace(s, kEmphasis, "$1$3");  // "_so_" → "so"
  if (Has(s, "`")) s = Replace(s, kCode, "");               // "`x`" → "x"
  return CollapseSpaces(RestoreEscapes(s));  // "\*" → "*"
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

// Each match of re replaced by with(match).
template <typename F>
std::string ReplaceEach(const std::string& s, const std::regex& re, F with) {
  std::string out;
  auto last = s.cbegin();
  for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) {
    out.append(last, (*it)[0].first);
    out += with(*it);
    last = (*it)[0].second;
  }
  out.append(last, s.cend());
  return out;
}

// The end of "^[a [b] c]" from its "[" at open: one past the matching "]", or npos.
std::size_t ClosingBracket(const std::string& s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    if (s[i] == '[') ++depth;
    if (s[i] == ']' && --depth == 0) return i + 1;
  }
  return std::string::npos;
}

// "Said[^1] so^[Really.]." → "Said so.", refs {"1", ""}, {"", "Really."}.
std::string TakeNoteRefs(const std::string& s, std::vector<NoteRef>* refs) {
  static const std::regex kRef(R"(^\[\^([^\]\s]+)\])");
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::smatch m;
    if (s[i] == '[' && std::regex_search(s.begin() + static_cast<long>(i), s.end(), m, kRef)) {
      if (refs) refs->push_back({NormalizeLabel(m[1].str()), ""});
      i += static_cast<std::size_t>(m.length(0));
      continue;
    }
    // "x^2^[^1]": a superscript's closing "^" before a reference opens no inline note.
    bool inline_note = s.compare(i, 2, "^[") == 0 && s.compare(i + 1, 2, "[^") != 0;
    std::size_t close = inline_note ? ClosingBracket(s, i + 1) : std::string::npos;
    if (close != std::string::npos) {
      if (refs) refs->push_back({"", RestoreEscapes(s.substr(i + 2, close - i - 3), true)});
      i = close;
      continue;
    }
    out += s[i++];
  }
  return out;
}

// "[Vask][v]", "[Vask][]" → "Vask"; "![map][m]" → ""; "[Vask]" → "Vask" when "v" is defined.
std::string ReferenceLinks(const std::string& s, const std::set<std::string>& link_ids) {
  static const std::regex kImage(R"(!\[[^\]]*\]\[[^\]]*\])");
  static const std::regex kFull(R"(\[([^\]]+)\]\[[^\]]*\])");
  static const std::regex kShortcut(R"(\[([^\]]+)\](?![(\[:]))");
  std::string out = Replace(Replace(s, kImage, ""), kFull, "$1");
  return ReplaceEach(out, kShortcut, [&](const std::smatch& m) {
    return link_ids.count(NormalizeLabel(m[1].str())) ? m[1].str() : m[0].str();
  });
}

// "<https://www.ex.org/a>" → "ex.org"; "<mailto:a@b.org>", "<a@b.org>" → "a@b.org";
// "<irc://x>" → "" (a link's host is what a reader would say; the rest is noise).
std::string Autolinks(const std::string& s) {
  static const std::regex kWeb(R"(<(?:https?|ftp)://(?:www\.)?([^/?#:>\s]+)[^<>\s]*>)",
                               std::regex::icase);
  static const std::regex kMail(R"(<(?:mailto:)?([^\s<>@:/]+@[^\s<>@]+)>)", std::regex::icase);
  static const std::regex kOther(R"(<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>)");
  return Replace(Replace(Replace(s, kWeb, "$1"), kMail, "$1"), kOther, "");
}

// Struck text is deleted text, so it is not read: "~~old~~ new" → " new",
// "<del>old</del>", "<s>old</s>", "<strike>old</strike>" likewise. Pandoc
// subscript and superscript keep their text: "H~2~O" → "H2O", "x^2^" → "x2".
std::string StrikeSubSup(const std::string& s) {
  static const std::regex kStrike(R"(~~(?=[^~\s])(?:.*?[^~\s])?~~)");
  static const std::regex kDeleted(R"(<(del|s|strike)(?:\s[^>]*)?>.*?</\1\s*>)",
                                   std::regex::icase);
  static const std::regex kSub(R"(~([^\s~]+)~)");
  static const std::regex kSup(R"(\^([^\s^]+)\^)");
  return Replace(Replace(Replace(Replace(s, kStrike, ""), kDeleted, ""), kSub, "$1"), kSup, "$1");
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
  static const std::regex kCell(R"(:?-+:?)");
  if (line.find('|') == std::string::npos) return false;
  std::vector<std::string> cells = TableCells(line);
  return std::all_of(cells.begin(), cells.end(),
                     [](const std::string& c) { return std::regex_match(c, kCell); });
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
    bool stops = !out.empty() && std::string_view(".:;!?").find(out.back()) != std::string_view::npos;
    if (!out.empty()) out += stops ? " " : ", ";  // {"Ann.", "32"} → "Ann. 32."
    out += cell;
  }
  if (!out.empty() && !EndsSentence(out)) out += '.';
  return out;
}

std::string StripTaskBox(const std::string& line) {
  static const std::regex kBox(R"(^(\s*(?:>\s?)*\s*(?:[-*+]|\d{1,9}[.)])\s+)\[[ xX]\]\s+)");
  return std::regex_replace(line, kBox, "$1", std::regex_constants::format_first_only);
}

}  // namespace narrate::source::internal
