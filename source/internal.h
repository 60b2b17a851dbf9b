// Private to source/: the steps ParseBook is made of.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate::source::internal {

// A run of non-blank lines.
struct Block {
  std::vector<std::string> lines;
  int line = 0;  // 1-based line of the first one
};

// "  a b \t" → "a b": junk characters (ASCII) removed from both ends.
std::string Trim(std::string_view s, const char* junk = " \t");
// ASCII lower case: "Title" → "title".
std::string Lower(std::string s);

// Checks that content is text: no NUL bytes, valid UTF-8 (the error gives
// "path:line: ..."). Returns the content with a BOM removed and line ends
// made "\n".
Result<std::string> CheckText(std::string_view content, const std::string& path);

// Splits text into blocks at blank lines; fenced code blocks are dropped.
std::vector<Block> SplitBlocks(const std::string& text);

struct FrontMatter {
  std::string title;
  std::string author;
};
// Removes a leading "---" YAML-style block or leading "Title:"/"Author:"
// lines from blocks, returning what they said.
FrontMatter TakeFrontMatter(std::vector<Block>& blocks);

struct Heading {
  std::string title;         // "Chapter 12: The Spouter-Inn"
  std::string spoken;        // "Chapter 12. The Spouter-Inn."
  int markdown_level = 0;    // 1..6 for "#" headings, 0 for "Chapter 1"-style lines
  std::vector<std::string> rest;  // lines of the block after the heading
};
// A heading at the start of a block, if there is one.
std::optional<Heading> FindHeading(const Block& block, bool markdown);

// Scene breaks: "* * *", "***", "---", "#", "~~~", "§".
bool IsSceneBreak(const Block& block);

// Markdown and plain-text emphasis removed: "**Bold** [link](u)" → "Bold link".
std::string StripInlineMarkup(std::string_view line);
// Lines of a block joined into one paragraph; list and quote markers removed.
std::string JoinLines(const std::vector<std::string>& lines);

}  // namespace narrate::source::internal
