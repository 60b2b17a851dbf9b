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
  int line = 0;          // 1-based line of the first one
  int blank_before = 0;  // blank lines before it (99 plus those, for the first block)
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

enum class HeadingKind {
  kMarkdown,  // "# Title", "Title\n====="
  kGroup,     // "PART ONE", "BOOK I.", "Volume 2": groups the chapters under it
  kChapter,   // "CHAPTER 1. Loomings.", "STAVE I:  MARLEY'S GHOST", "LETTER 1", "ADVENTURE I. …"
  kNamed,     // "PREFACE", "Epilogue"
  kNumeral,   // plain text: "XII" alone, or "I. The Period" (see ShapePlainText)
  kOther,     // plain text: an all-caps line or a line the table of contents lists
};

struct Heading {
  std::string title;         // "Chapter 12: The Spouter-Inn"
  std::string spoken;        // "Chapter 12. The Spouter-Inn."
  int markdown_level = 0;    // 1..6 for "#" headings, 0 for "Chapter 1"-style lines
  std::vector<std::string> rest;  // lines of the block after the heading
  HeadingKind kind = HeadingKind::kMarkdown;
  bool has_subtitle = false;  // the title says more than the label ("Chapter 1: Loomings")
};
// A heading at the start of a block, if there is one. In plain text a heading
// followed by more lines of its block must have a title-like subtitle or none
// ("BOOK I. (Folio), CHAPTER I. (Sperm Whale).—This whale, among the" is prose);
// a subtitle wrapped onto the block's next lines is joined.
std::optional<Heading> FindHeading(const Block& block, bool markdown);

// A heading on one line: "CHAPTER 73. Stubb and Flask …", "PREFACE".
std::optional<Heading> LineHeading(const std::string& line);

// A block and what it is, once the book's structure is known.
struct Item {
  std::optional<Heading> heading;
  const Block* block = nullptr;
  bool skip = false;           // not read: a table of contents, a heading's title line, …
  bool scene_break = false;    // a break before the next paragraph ("* * *", a section number)
  bool verse = false;          // its lines are verse lines: kept apart ("\n")
};

// Plain text (not Markdown): finds the table of contents (skipped, and used to
// confirm headings), headings as printed books set them ("I" then
// "Introduction"; "I. The Period"; "ETYMOLOGY."), chapter titles on the line
// after the heading, numbered sections inside chapters (scene breaks),
// Gutenberg transcriber's notes and a title page before the first chapter
// (skipped unless keep_front_matter), "[Illustration: …]" (read only with
// alt_text), and verse (short lines starting with capitals, or indented).
struct TitlePage {
  std::string title;   // from a by-line: "Heart of Darkness" / "by Joseph Conrad"
  std::string author;
};
TitlePage ShapePlainText(std::vector<Item>& items, bool keep_front_matter, bool alt_text);

// Lower-case words of letters and digits: "STAVE I:  MARLEY'S GHOST" → {stave, i, marley, s, ghost}.
std::vector<std::string> LowerWords(std::string_view s);

// Helpers shared by the heading finders.
int RomanValue(const std::string& text);        // "XII" → 12; 0 when not a numeral
std::string TidySubtitle(const std::string& s);  // "The Spouter-Inn." → "The Spouter-Inn"
bool LooksLikeTitle(const std::string& s);       // "The Whiteness of the Whale" yes
// All-caps titles in title case: "THE FIRST OF THE THREE SPIRITS" → "The First of
// the Three Spirits"; Roman numerals and text with lower case stay as written.
std::string TitleCase(const std::string& s);
// "Chapter 3" + "Who Goes There?" → "Chapter 3. Who Goes There?"
std::string SpokenLine(const std::string& head, const std::string& sub);

// Scene breaks: "* * *", "***", "---", "#", "~~~", "§".
bool IsSceneBreak(const Block& block);

// Markdown and plain-text emphasis removed: "**Bold** [link](u)" → "Bold link".
std::string StripInlineMarkup(std::string_view line);
// Lines of a block joined into one paragraph; list and quote markers removed.
std::string JoinLines(const std::vector<std::string>& lines);

}  // namespace narrate::source::internal
