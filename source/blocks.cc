#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

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

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
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
}

// "---\ntitle: X\n---": the first block starts and ends with a "---" line.
bool TakeYamlBlock(std::vector<Block>& blocks, FrontMatter& fm) {
  const auto& lines = blocks.front().lines;
  if (lines.size() < 2 || Trim(lines.front()) != "---") return false;
  std::string last = Trim(lines.back());
  if (last != "---" && last != "...") return false;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    if (auto kv = KeyValue(lines[i])) Apply(*kv, fm);
  }
  blocks.erase(blocks.begin());
  return true;
}

// A first block made only of "Key: value" lines with at least a title or author.
bool TakeKeyLines(std::vector<Block>& blocks, FrontMatter& fm) {
  FrontMatter found;
  for (const std::string& line : blocks.front().lines) {
    auto kv = KeyValue(line);
    if (!kv) return false;
    Apply(*kv, found);
  }
  if (found.title.empty() && found.author.empty()) return false;
  fm = found;
  blocks.erase(blocks.begin());
  return true;
}

}  // namespace

std::vector<Block> SplitBlocks(const std::string& text) {
  std::vector<Block> blocks;
  std::istringstream in(text);
  std::string line;
  bool fenced = false;
  Block current;
  for (int number = 1; std::getline(in, line); ++number) {
    if (IsFence(line)) fenced = !fenced;
    bool breaks = fenced || IsFence(line) || IsBlank(line);
    if (breaks) {
      if (!current.lines.empty()) blocks.push_back(std::move(current));
      current = Block{};
      continue;
    }
    if (current.lines.empty()) current.line = number;
    current.lines.push_back(line);
  }
  if (!current.lines.empty()) blocks.push_back(std::move(current));
  return blocks;
}

FrontMatter TakeFrontMatter(std::vector<Block>& blocks) {
  FrontMatter fm;
  if (blocks.empty()) return fm;
  if (!TakeYamlBlock(blocks, fm) && !blocks.empty()) TakeKeyLines(blocks, fm);
  return fm;
}

// "* * *", "***", "---", "___", "#", "~~~", "§", "o0o"-free: only break marks.
bool IsSceneBreak(const Block& block) {
  if (block.lines.size() != 1) return false;
  static const std::regex kBreak(R"(^\s*([*#~_=-]\s*){1,}$|^\s*§(\s*§)*\s*$)");
  return std::regex_match(block.lines.front(), kBreak);
}

}  // namespace narrate::source::internal
