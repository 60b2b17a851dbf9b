#include <algorithm>
#include <cctype>
#include <sstream>

#include "source/gutenberg.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

bool IsBlank(const std::string& line) {
  return std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); });
}

bool IsFence(const std::string& line) {
  std::size_t b = line.find_first_not_of(' ');
  return b != std::string::npos && b < 4 &&
         (line.compare(b, 3, "```") == 0 || line.compare(b, 3, "~~~") == 0);
}

char FenceChar(const std::string& line) { return line[line.find_first_not_of(' ')]; }

// A fence line opens a code block only when code follows right under it and a
// closing fence of the same kind comes later; otherwise it is text, so a lone
// "~~~" between blank lines stays a scene break and an unclosed fence does
// not swallow the rest of the book.
bool OpensFence(const std::vector<std::string>& lines, std::size_t i) {
  if (i + 1 >= lines.size() || IsBlank(lines[i + 1])) return false;
  for (std::size_t j = i + 1; j < lines.size(); ++j) {
    if (IsFence(lines[j]) && FenceChar(lines[j]) == FenceChar(lines[i])) return true;
  }
  return false;
}

// "Title: The Lantern" → {"title", "The Lantern"}; a known key only.
std::optional<std::pair<std::string, std::string>> KeyValue(const std::string& line) {
  std::size_t colon = line.find(':');
  if (colon == std::string::npos) return {};
  std::string key = Lower(Trim(line.substr(0, colon)));
  if (key != "title" && key != "author" && key != "language") return {};
  std::string value = Trim(line.substr(colon + 1));
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return std::make_pair(key, value);
}

void Apply(const std::pair<std::string, std::string>& kv, FrontMatter& fm) {
  if (kv.first == "title") fm.title = kv.second;
  if (kv.first == "author") fm.author = kv.second;
  if (kv.first == "language") {
    const std::string named = LanguageTag(kv.second);  // "English" → "en"; "en-GB" stays
    fm.language = named.empty() ? kv.second : named;
  }
}

// "---\ntitle: X\n---": the first block starts with a "---" line and has a
// closing "---" (or "...") line. Lines after the closing one, with no blank
// line between, stay as a block of their own.
bool TakeYamlBlock(std::vector<Block>& blocks, FrontMatter& fm) {
  Block& first = blocks.front();
  const auto& lines = first.lines;
  if (lines.size() < 2 || Trim(lines.front()) != "---") return false;
  std::size_t close = 1;
  while (close < lines.size() && Trim(lines[close]) != "---" && Trim(lines[close]) != "...") {
    ++close;
  }
  if (close == lines.size()) return false;
  for (std::size_t i = 1; i < close; ++i) {  // YAML-ish: "key: value", "  - item", "# note"
    const std::string& l = lines[i];
    if (l.find(':') == std::string::npos && l[0] != ' ' && l[0] != '\t' && l[0] != '-' &&
        l[0] != '#') {
      return false;
    }
  }
  for (std::size_t i = 1; i < close; ++i) {
    if (auto kv = KeyValue(lines[i])) Apply(*kv, fm);
  }
  if (close + 1 == lines.size()) {
    blocks.erase(blocks.begin());
  } else {
    first.lines.erase(first.lines.begin(), first.lines.begin() + static_cast<long>(close) + 1);
    first.line += static_cast<int>(close) + 1;
  }
  return true;
}

// "  # Prologue": a Markdown heading line (regex "^\s{0,3}#{1,6}\s+\S.*").
bool IsAtxLine(const std::string& line) {
  std::size_t i = 0;
  while (i < 3 && i < line.size() && IsRegexSpace(line[i])) ++i;
  std::size_t hashes = i;
  while (i < line.size() && line[i] == '#') ++i;
  if (i == hashes || i - hashes > 6 || i >= line.size() || !IsRegexSpace(line[i])) return false;
  while (i < line.size() && IsRegexSpace(line[i])) ++i;
  return i < line.size() && line.find_first_of("\n\r", i) == std::string::npos;
}

// A heading starts at lines[i]: "# Prologue", or "Prologue" over "===" / "---".
bool HeadingAt(const std::vector<std::string>& lines, std::size_t i) {
  return IsAtxLine(lines[i]) || (i + 1 < lines.size() && SetextUnderline(lines[i + 1]) != 0);
}

// A first block of "Key: value" lines with at least a title or author. In
// Markdown a heading may follow them in the same block, and stays:
// "Title: X\nAuthor: Y\nPrologue\n===" → title X, author Y, block "Prologue\n===".
bool TakeKeyLines(std::vector<Block>& blocks, FrontMatter& fm, bool markdown) {
  FrontMatter found;
  Block& first = blocks.front();
  std::size_t n = 0;
  for (; n < first.lines.size(); ++n) {
    auto kv = KeyValue(first.lines[n]);
    if (!kv) break;
    Apply(*kv, found);
  }
  if (found.title.empty() && found.author.empty()) return false;
  if (n < first.lines.size() && !(markdown && HeadingAt(first.lines, n))) return false;
  fm = found;
  if (n == first.lines.size()) {
    blocks.erase(blocks.begin());
  } else {
    first.lines.erase(first.lines.begin(), first.lines.begin() + static_cast<long>(n));
    first.line += static_cast<int>(n);
  }
  return true;
}

}  // namespace

std::string Trim(std::string_view s, const char* junk) {
  std::size_t b = s.find_first_not_of(junk);
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(junk) - b + 1));
}

bool PatternMatch(const std::string& s, const std::regex& re, std::smatch* m) {
  if (s.size() > kMaxPatternBytes) return false;
  return m ? std::regex_match(s, *m, re) : std::regex_match(s, re);
}

bool PatternSearch(const std::string& s, const std::regex& re, std::smatch* m) {
  if (s.size() > kMaxPatternBytes) return false;
  return m ? std::regex_search(s, *m, re) : std::regex_search(s, re);
}

std::string PatternReplace(const std::string& s, const std::regex& re, const char* with,
                           bool first_only) {
  if (s.size() > kMaxPatternBytes) return s;
  return std::regex_replace(s, re, with,
                            first_only ? std::regex_constants::format_first_only
                                       : std::regex_constants::format_default);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::vector<Block> SplitBlocks(const std::string& text) {
  constexpr int kStartGap = 99;  // the start of the text sets its first block apart
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));

  std::vector<Block> blocks;
  char fence = 0;  // the fence character while inside a code block
  Block current;
  int blank_run = kStartGap;  // blank (or dropped) lines since the last block
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    bool breaks = fence != 0 || IsBlank(line);
    if (fence != 0 && IsFence(line) && FenceChar(line) == fence) fence = 0;
    else if (fence == 0 && IsFence(line) && OpensFence(lines, i)) fence = FenceChar(line), breaks = true;
    if (breaks) {
      if (!current.lines.empty()) blocks.push_back(std::move(current));
      current = Block{};
      ++blank_run;
      continue;
    }
    if (current.lines.empty()) current.line = static_cast<int>(i) + 1, current.blank_before = blank_run;
    blank_run = 0;
    current.lines.push_back(line);
  }
  if (!current.lines.empty()) blocks.push_back(std::move(current));
  return blocks;
}

FrontMatter TakeFrontMatter(std::vector<Block>& blocks, bool markdown) {
  FrontMatter fm;
  if (blocks.empty()) return fm;
  if (!TakeYamlBlock(blocks, fm) && !blocks.empty()) TakeKeyLines(blocks, fm, markdown);
  return fm;
}

char SetextUnderline(const std::string& line) {
  std::size_t i = 0;
  while (i < 3 && i < line.size() && IsRegexSpace(line[i])) ++i;
  if (i >= line.size() || (line[i] != '=' && line[i] != '-')) return 0;
  char mark = line[i];
  while (i < line.size() && line[i] == mark) ++i;
  while (i < line.size() && IsRegexSpace(line[i])) ++i;
  return i == line.size() ? mark : 0;
}

// "* * *", "***", "---", "___", "#", "~~~", "§", "o0o"-free: only break marks
// (regex "^\s*([*#~_=-]\s*){1,}$|^\s*§(\s*§)*\s*$").
bool IsSceneBreak(const Block& block) {
  if (block.lines.size() != 1) return false;
  const std::string& line = block.lines.front();
  bool marks = false, sections = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (IsRegexSpace(line[i])) continue;
    if (std::string_view("*#~_=-").find(line[i]) != std::string_view::npos) {
      marks = true;
    } else if (line.compare(i, 2, "§") == 0) {
      sections = true, ++i;
    } else {
      return false;
    }
  }
  return marks != sections;
}

}  // namespace narrate::source::internal
