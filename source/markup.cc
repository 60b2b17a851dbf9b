#include <regex>

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

std::string Replace(const std::string& s, const std::regex& re, const char* with) {
  return std::regex_replace(s, re, with);
}

// "- item", "* item", "1. item", "> quote", "#### Sub" → the text alone.
std::string StripLineMarker(const std::string& line) {
  static const std::regex kMarker(R"(^\s{0,3}(>\s?)*\s{0,3}([-*+]\s+|\d{1,3}[.)]\s+)?)");
  return std::regex_replace(line, kMarker, "", std::regex_constants::format_first_only);
}

bool EndsSentence(const std::string& s) {
  return !s.empty() && std::string(".!?:;,\"')”’").find(s.back()) != std::string::npos;
}

// "- item", "1. item", also inside a quote: "> - item".
bool IsListItem(const std::string& line) {
  static const std::regex kItem(R"(^\s{0,3}(>\s?)*\s{0,3}([-*+]|\d{1,3}[.)])\s+\S)");
  return std::regex_search(line, kItem);
}

// Escaped characters ("\*") are hidden from the markup patterns as private-use
// code points U+E000 + c and put back at the end.
std::string HideEscapes(const std::string& s) {
  static const std::string kEscapable = "\\`*_{}[]()#+-.!<>";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && kEscapable.find(s[i + 1]) != std::string::npos) {
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

std::string RestoreEscapes(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xEE' && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x81) {
      out += static_cast<char>(((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Runs of spaces and tabs (left by removed images and tags) become one space.
std::string CollapseSpaces(const std::string& s) {
  std::string out;
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
  s = Replace(s, kImage, "");        // "![map](m.png)" → ""
  s = Replace(s, kLink, "$1");       // "[Vask](v.html)" → "Vask"
  s = Replace(s, kComment, "");      // "<!-- note -->" → ""
  s = Replace(s, kHtml, "");         // "<em>so</em>" → "so"
  s = Replace(s, kStrong, "$2");     // "**so**" → "so"
  s = Replace(s, kEmphasis, "$1$3"); // "_so_" → "so"
  s = Replace(s, kCode, "");         // "`x`" → "x"
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

}  // namespace narrate::source::internal
