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

bool IsListItem(const std::string& line) {
  static const std::regex kItem(R"(^\s{0,3}([-*+]|\d{1,3}[.)])\s+\S)");
  return std::regex_search(line, kItem);
}

}  // namespace

std::string StripInlineMarkup(std::string_view line_view) {
  std::string s(line_view);
  static const std::regex kImage(R"(!\[([^\]]*)\]\([^)]*\))");
  static const std::regex kLink(R"(\[([^\]]+)\]\([^)]*\))");
  static const std::regex kHtml(R"(</?[A-Za-z][^>]*>)");
  static const std::regex kStrong(R"((\*\*|__)(\S(?:.*?\S)?)\1)");
  static const std::regex kEmphasis(R"((^|[^\w*])([*_])(\S(?:.*?\S)?)\2(?=$|[^\w*]))");
  static const std::regex kCode("`+");
  static const std::regex kEscape(R"(\\([\\`*_{}\[\]()#+\-.!]))");
  s = Replace(s, kImage, "");        // "![map](m.png)" → ""
  s = Replace(s, kLink, "$1");       // "[Vask](v.html)" → "Vask"
  s = Replace(s, kHtml, "");         // "<em>so</em>" → "so"
  s = Replace(s, kStrong, "$2");     // "**so**" → "so"
  s = Replace(s, kEmphasis, "$1$3"); // "_so_" → "so"
  s = Replace(s, kCode, "");         // "`x`" → "x"
  return Replace(s, kEscape, "$1");  // "\*" → "*"
}

// List items become sentences of their own so the narrator pauses between them.
std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& raw : lines) {
    std::string line = StripInlineMarkup(StripLineMarker(raw));
    std::size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    line = line.substr(b, line.find_last_not_of(" \t") - b + 1);
    if (!out.empty() && IsListItem(raw) && !EndsSentence(out)) out += '.';
    if (!out.empty()) out += ' ';
    out += line;
  }
  return out;
}

}  // namespace narrate::source::internal
