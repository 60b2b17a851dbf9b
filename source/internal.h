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

// A book file's bytes as UTF-8. UTF-8 passes unchanged (encoding ""). Other
// text is converted and `encoding` names what it was read as: UTF-16/32 with a
// byte order mark, or without one when its zero bytes fall on one side
// ("UTF-16LE"); else (not for markup) the encoding a Project Gutenberg header
// declares when it decodes the bytes, else ICU's charset detector's guess
// ("windows-1252", "ISO-8859-2", "Shift_JIS"); ISO-8859-1 with bytes
// 0x80–0x9F is read as windows-1252. Errors: "path: binary file, not text"
// ("not HTML" for markup) for NULs that are not UTF-16/32, binary formats'
// magic bytes and control-byte soup; "path:line: not UTF-8 text (byte 0xe9 at
// column 12)" for text that is mostly UTF-8 with broken sequences.
struct DecodedText {
  std::string text;      // UTF-8
  std::string encoding;  // ICU converter name the bytes were read as; empty for UTF-8
};
Result<DecodedText> DecodeText(std::string_view bytes, const std::string& path, bool markup);

// Valid UTF-8 without NUL bytes (ASCII included): nothing to convert.
bool IsUtf8Text(std::string_view bytes);

// "book.txt: not UTF-8; read as windows-1252": what the user is told.
std::string EncodingNotice(const std::string& path, const std::string& encoding);

// Checks that content is text and makes it UTF-8 (DecodeText). Returns the
// text with a BOM removed and line ends made "\n"; *notice (when given) gets
// EncodingNotice for text that was not UTF-8, else is left alone.
Result<std::string> CheckText(std::string_view content, const std::string& path,
                              std::string* notice = nullptr);

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
