#include "source/gutenberg.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kMaxMarkerBytes = 300;  // a marker is one short line
constexpr std::size_t kMaxCreditBlocks = 3;   // credit blocks looked at after the start marker

bool Matches(std::string_view line, const std::regex& re) {
  if (line.size() > kMaxMarkerBytes) return false;
  return std::regex_search(line.begin(), line.end(), re);
}

// True when LINE holds PART (in lower case), ignoring ASCII case: "Project GUTENBERG"
// holds "project gutenberg". The marker patterns only run on lines that hold their
// words: std::regex is slow.
bool HasNoCase(std::string_view line, std::string_view part) {
  std::string lower(line);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return lower.find(part) != std::string::npos;
}

bool IsBlank(const std::string& line) { return Trim(line, " \t\r").empty(); }

// "Title: The Time Machine" → {"title", "The Time Machine"}.
std::optional<std::pair<std::string, std::string>> HeaderField(const std::string& line) {
  static const std::regex kField(R"(^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(.*?)\s*$)");
  std::smatch m;
  if (line.size() > kMaxMarkerBytes || !std::regex_match(line, m, kField)) return {};
  return std::make_pair(Lower(m[1].str()), m[2].str());
}

// "The Project Gutenberg EBook of The Time Machine, by H. G. Wells" → title, author.
void FromOpeningLine(const std::vector<std::string>& lines, GutenbergMeta& meta) {
  static const std::regex kOpening(
      R"(^\W*(?:the )?(?:second |first )?project gutenberg(?:'s|’s)? (?:e-?book|e-?text|etext)s? of (.+?)(?:,? by (.+?))?\W*$)",
      std::regex::icase);
  for (std::size_t i = 0; i < lines.size() && i < 10; ++i) {
    std::smatch m;
    if (lines[i].size() > kMaxMarkerBytes || !std::regex_match(lines[i], m, kOpening)) continue;
    if (meta.title.empty()) meta.title = Trim(m[1].str());
    if (meta.author.empty() && m[2].matched) meta.author = Trim(m[2].str());
    return;
  }
}

// Index of the first non-blank line at or after i, or lines.size().
std::size_t SkipBlank(const std::vector<std::string>& lines, std::size_t i, std::size_t end) {
  while (i < end && IsBlank(lines[i])) ++i;
  return i;
}

// "Produced by …" blocks right after the start marker are skipped.
std::size_t SkipCredits(const std::vector<std::string>& lines, std::size_t begin, std::size_t end) {
  std::size_t at = begin;
  for (std::size_t block = 0; block < kMaxCreditBlocks; ++block) {
    std::size_t first = SkipBlank(lines, at, end);
    if (first == end || !IsGutenbergCredit(lines[first])) break;
    at = first;
    while (at < end && !IsBlank(lines[at])) ++at;
  }
  return at;
}

}  // namespace

bool IsGutenbergStart(std::string_view line) {
  static const std::regex kStart(
      R"(^\W{0,5}\*+\s*START OF (THE|THIS) PROJECT GUTENBERG|^\W{0,5}START OF (THE|THIS) PROJECT )"
      R"(GUTENBERG E(BOOK|TEXT)|\*\s*END\s*\*?\s*THE SMALL PRINT)",
      std::regex::icase);
  if (line.size() > kMaxMarkerBytes) return false;
  if (!HasNoCase(line, "project gutenberg") && !HasNoCase(line, "small print")) return false;
  return Matches(line, kStart);
}

bool IsGutenbergEnd(std::string_view line) {
  static const std::regex kEnd(
      R"(^\W{0,5}\*+\s*END OF (THE|THIS) PROJECT GUTENBERG|^\W{0,5}END OF (THE|THIS) PROJECT )"
      R"(GUTENBERG|^\W{0,5}End of (the )?Project Gutenberg(['’]s)?\b)",
      std::regex::icase);
  return line.size() <= kMaxMarkerBytes && HasNoCase(line, "project gutenberg") &&
         Matches(line, kEnd);
}

bool IsGutenbergCredit(std::string_view line) {
  static const std::regex kCredit(
      R"(^\s*(produced by|e-?text prepared by|etext prepared by|prepared by|transcribed (from|by)|)"
      R"(this (e-?text|e-?book|etext|file) was (produced|prepared|transcribed|created)|)"
      R"(html version by|scanned( and proofed)? by|proofread by|updated editions? by))",
      std::regex::icase);
  return Matches(line, kCredit);
}

GutenbergMeta ParseGutenbergHeader(const std::vector<std::string>& lines) {
  GutenbergMeta meta;
  std::string* open = nullptr;  // the field continuation lines extend
  for (const std::string& line : lines) {
    bool continuation = open && !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (continuation && !IsBlank(line)) {
      *open += ": " + Trim(line, " \t\r");
      continue;
    }
    open = nullptr;
    auto field = HeaderField(line);
    if (!field || field->second.empty()) continue;
    const auto& [key, value] = *field;
    if (key == "title" && meta.title.empty()) meta.title = value, open = &meta.title;
    if ((key == "author" || key == "authors") && meta.author.empty()) {
      meta.author = value, open = &meta.author;
    }
    if (key == "language" && meta.language.empty()) meta.language = LanguageTag(value);
    if (key == "character set encoding" && meta.encoding.empty()) meta.encoding = value;
  }
  FromOpeningLine(lines, meta);
  return meta;
}

GutenbergSplit SplitGutenberg(const std::vector<std::string>& lines) {
  GutenbergSplit split;
  split.body_end = lines.size();
  std::size_t first_start = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (IsGutenbergStart(lines[i])) {
      if (!split.header) first_start = i;
      split.header = true;
      split.body_begin = i + 1;
    } else if (IsGutenbergEnd(lines[i])) {
      split.footer = true;
      split.body_end = i;
      break;
    }
  }
  if (split.body_begin > split.body_end) split.body_begin = split.body_end;
  if (split.header) {
    std::vector<std::string> head(lines.begin(), lines.begin() + static_cast<long>(first_start));
    split.meta = ParseGutenbergHeader(head);
    split.body_begin = SkipCredits(lines, split.body_begin, split.body_end);
  }
  return split;
}

std::string LanguageTag(std::string_view name) {
  static const std::pair<const char*, const char*> kTags[] = {
      {"english", "en"},   {"french", "fr"},     {"german", "de"},    {"spanish", "es"},
      {"italian", "it"},   {"portuguese", "pt"}, {"dutch", "nl"},     {"finnish", "fi"},
      {"swedish", "sv"},   {"danish", "da"},     {"norwegian", "no"}, {"latin", "la"},
      {"greek", "el"},     {"russian", "ru"},    {"polish", "pl"},    {"hungarian", "hu"},
      {"czech", "cs"},     {"catalan", "ca"},    {"esperanto", "eo"}, {"chinese", "zh"},
      {"japanese", "ja"},  {"tagalog", "tl"},    {"welsh", "cy"},     {"irish", "ga"},
      {"icelandic", "is"}, {"romanian", "ro"},   {"afrikaans", "af"}, {"hebrew", "he"},
  };
  std::string key = Lower(Trim(name, " \t\r"));
  for (const auto& [n, tag] : kTags) {
    if (key == n) return tag;
  }
  return "";
}

}  // namespace narrate::source::internal
