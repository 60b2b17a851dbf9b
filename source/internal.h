// Private to source/: the steps ParseBook is made of.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <map>
#include <set>

#include "common/status.h"
#include "source/book.h"

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
// lines from blocks, returning what they said. In Markdown the key lines may
// share their block with a heading under them: "Title: X\nPrologue\n===".
FrontMatter TakeFrontMatter(std::vector<Block>& blocks, bool markdown);

struct Heading {
  std::string title;         // "Chapter 12: The Spouter-Inn"
  std::string spoken;        // "Chapter 12. The Spouter-Inn."
  int markdown_level = 0;    // 1..6 for "#" headings, 0 for "Chapter 1"-style lines
  bool named = false;        // "Chapter 3", "Prologue", "Part One": a chapter's name, no book's
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

// ---------------------------------------------------------------------------
// Markdown only (IsMarkdownPath); plain text never goes through these.

// Never markup, never text: an empty HTML comment, which StripInlineMarkup
// removes. Put in front of a line it keeps the line from being read as a
// heading or list item, and a line of it alone keeps a block together.
inline constexpr const char* kInert = "<!---->";

// A note reference met in the text: "[^1]" (label "1") or an inline note
// "^[Said so.]" (label empty, text "Said so.").
struct NoteRef {
  std::string label;
  std::string text;
};

// Markdown-only inline markup rewritten for StripInlineMarkup to finish:
// "H~2~O x^2^ ~~gone~~[^1] [Vask][v] <https://www.ex.org/a>" → "H2O x2  Vask ex.org".
// Footnote references are taken out and appended to refs (may be null);
// "[id]" alone becomes "id" only when link_ids (lower case) defines it.
std::string RewriteMarkdownInline(std::string_view line, const std::set<std::string>& link_ids,
                                  std::vector<NoteRef>* refs);
// "[^Note 1]" → "note 1": a link or note label as matched, lower case, spaces collapsed.
std::string NormalizeLabel(std::string_view label);

// GFM table delimiter row: "|---|:--:|", "--- | ---" (a pipe is needed).
bool IsTableDelimiterRow(const std::string& line);
// A table row's cells: "| a | b \| c |" → {"a", "b \| c"} (escaped pipes stay).
std::vector<std::string> TableCells(const std::string& row);
// A table row's cells as a sentence, a list: {"Ann", "32"} → "Ann, 32.".
// Cells without a word ("", "-") are left out; empty when none has one.
std::string TableRowSentence(const std::vector<std::string>& cells);
// A task list item's box removed: "- [x] done" → "- done", "1. [ ] buy" → "1. buy".
std::string StripTaskBox(const std::string& line);

// HTML comments, also across lines and blank lines, removed line by line so
// line numbers stay: "<!--\nnote\n-->" alone on its lines → three blank lines
// (it ends a paragraph, as in CommonMark); "A <!-- x\ny --> B" → "A ", kInert, " B"
// (one paragraph). An unclosed "<!--" is text.
std::string BlankHtmlComments(const std::string& text);

// The notes of a Markdown book: footnote definitions ("[^1]: text" with
// indented continuation) and inline notes, and where each is referenced.
struct MarkdownNotes {
  struct Note {
    std::vector<Block> blocks;  // the note's paragraphs, markup rewritten
  };
  struct Reference {
    int line = 0;       // line of the reference
    std::string label;  // key into notes
  };
  std::map<std::string, Note> notes;  // by NormalizeLabel
  std::vector<Reference> references;  // in reading order
};

// Markdown block rules, before headings are looked for: footnote and link
// reference definitions ("[id]: http://x") are taken out of blocks, a table
// becomes a block of its own with a sentence per row, task boxes and
// Markdown-only inline markup (RewriteMarkdownInline) go. Scene breaks are
// left alone. Returns the notes for AppendNotes.
MarkdownNotes PrepareMarkdown(std::vector<Block>& blocks);

// Footnotes::kEndOfChapter: each chapter that references notes gets a
// paragraph "Notes." (after a scene break) and the notes' paragraphs after
// its text, each note once, in the order first referenced. A reference
// belongs to the last chapter starting at or before its line.
void AppendNotes(const MarkdownNotes& notes, std::vector<Chapter>& chapters);

}  // namespace narrate::source::internal
