// Private to source/: the steps ParseBook is made of.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <regex>
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
  int line = 0;          // 1-based line of the first one
  int blank_before = 0;  // blank lines before it (99 plus those, for the first block)
};

// "a\nb" → {"a", "b"}: the lines of a text (verse keeps its lines apart).
std::vector<std::string> SplitLines(const std::string& text);

// Whole junk strings removed from both ends: ("—A title.", {".", "—"}) → "A
// title". Strings, not bytes, so "—" does not cut "“" or "À" apart.
std::string TrimStrings(std::string_view s, std::initializer_list<std::string_view> junk);

// Limits on what a text, Markdown or HTML book may hold; a book beyond one
// is an error naming the limit ("book.txt:12: line longer than 1 MiB (limit)").
inline constexpr std::uintmax_t kMaxBookBytes = 256u << 20;  // the file (not EPUB: zip.cc's own)
inline constexpr std::size_t kMaxLineBytes = 1u << 20;       // a line of text or Markdown
inline constexpr std::size_t kMaxParagraphBytes = 1u << 20;  // a paragraph's text, any format
// The first paragraph (a block's lines, joined) longer than kMaxParagraphBytes:
// "book.txt:12: paragraph longer than 1 MiB (limit)". OK when there is none.
Status CheckParagraphSizes(const std::vector<Block>& blocks, const std::string& path);

// Bytes as std::regex's classes take them in the "C" locale: "\s" (space, \t
// \n \v \f \r), "\w" (ASCII letters, digits, "_"); bytes of UTF-8 beyond
// ASCII are none of these.
inline bool IsRegexSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsRegexWord(char c) { return IsAsciiLetter(c) || IsAsciiDigit(c) || c == '_'; }

// Text longer than this is never a heading, label, marker, by-line or
// title: the few std::regex patterns left in source/ (std::regex recurses
// once per character matched, so a long text overflows the stack) see only
// text up to this long, through PatternMatch and PatternSearch.
inline constexpr std::size_t kMaxPatternBytes = 1024;
// std::regex_match(s, re), false when s is longer than kMaxPatternBytes.
bool PatternMatch(const std::string& s, const std::regex& re, std::smatch* m = nullptr);
// std::regex_search(s, re), false when s is longer than kMaxPatternBytes.
bool PatternSearch(const std::string& s, const std::regex& re, std::smatch* m = nullptr);
// std::regex_replace(s, re, with), s unchanged when longer than kMaxPatternBytes.
std::string PatternReplace(const std::string& s, const std::regex& re, const char* with,
                           bool first_only = false);

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

// "32 MiB", "512 KiB", "100 bytes": a limit as the user is told it.
std::string LimitSize(std::uint64_t bytes);

// Invalid UTF-8 sequences replaced by U+FFFD: "Andr\xe9" → "Andr\uFFFD".
std::string ValidUtf8(std::string_view s);
// Every string a reader hands on is valid UTF-8, whatever the decoders and
// parsers missed (a character reference to a surrogate, bytes in a document
// that declares UTF-8 and is not): title, author, language, chapter titles,
// paragraphs and notices.
void MakeBookTextValid(Book& book);
// "book.epub: paragraph longer than 1 MiB (limit)" for HTML and EPUB books,
// whose paragraphs have no line to name.
Status CheckBookParagraphs(const Book& book, const std::string& path);

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
  std::string language;  // a BCP 47 tag as written ("en-GB"), or a known name's ("English" → "en")
};
// Removes a leading "---" YAML-style block or leading "Title:"/"Author:"
// lines from blocks, returning what they said. In Markdown the key lines may
// share their block with a heading under them: "Title: X\nPrologue\n===".
FrontMatter TakeFrontMatter(std::vector<Block>& blocks, bool markdown);

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
  bool named = false;        // "Chapter 3", "Prologue", "Part One": a chapter's name, no book's
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

// A Markdown setext underline, "===" or "  --- ": its mark ('=' or '-'),
// else 0 (regex "^\s{0,3}(=+|-+)\s*$").
char SetextUnderline(const std::string& line);

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

// An XML name without its prefix: "dc:title" → "title", "opf:item" → "item".
inline std::string_view LocalName(const char* name) {
  std::string_view n(name);
  std::size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

}  // namespace narrate::source::internal
