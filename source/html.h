// Private to source/: an HTML or XHTML document → blocks of text, with the
// ids that start before each block (for table-of-contents targets), note
// references and note bodies kept apart from the text.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "source/book.h"

namespace narrate::source::internal {

// A byte range of TextBlock::text.
struct Span {
  std::size_t offset = 0;
  std::size_t length = 0;
};

struct TextBlock {
  enum class Kind { kParagraph, kHeading };
  Kind kind = Kind::kParagraph;
  int heading_level = 0;  // 1..6 for kHeading
  // White space collapsed, trimmed. '\n' separates the lines of verse (a
  // stanza is one block) and the parts of a heading ("CHAPTER I." '\n' "THE
  // TITLE" from a <br/> or an <hgroup>); prose has none.
  std::string text;
  std::vector<Pronunciation> pronunciations;
  std::vector<Span> numerals;  // Roman numerals the book marks as numbers (z3998:roman)
  bool after_scene_break = false;
  bool after_image = false;  // an image came right before it with no text between
  bool links_only = false;   // nothing but links into the book: a table-of-contents line
  int pre = 0;               // the <pre> it comes from (1, 2, … in document order); 0: none
  bool gutenberg =
      false;  // Project Gutenberg's header, credits or licence (kept only as front matter)
  std::vector<std::string> anchors;   // ids of elements opened since the previous block
  std::vector<std::string> noterefs;  // href targets of the note references in the block
  std::vector<std::string> links;     // href targets of the other links into the book
};

struct Note {
  std::vector<std::string> ids;  // the note element's id and the ids inside it
  std::vector<TextBlock> blocks;
};

// What the document says about the book it holds.
struct HtmlMeta {
  std::string title;     // <title>, as written
  std::string language;  // lang / xml:lang of <html>
  std::string dc_title;  // <meta name="dc.title" content="…">
  std::vector<std::string> dc_creators;
  std::string dc_language;
  // Project Gutenberg's header lines before "*** START OF …" (empty without one).
  std::vector<std::string> gutenberg_header;
};

struct HtmlDocument {
  std::vector<TextBlock> blocks;
  std::vector<Note> notes;               // footnote/endnote/aside bodies, in document order
  std::vector<std::string> end_anchors;  // ids after the last block
  HtmlMeta meta;
  std::vector<std::string> types;  // epub:type/role tokens of <body> and its first section
  bool gutenberg_end = false;  // "*** END OF THE PROJECT GUTENBERG EBOOK" seen: the rest is licence
  // Why the document cannot be read, when it cannot ("nesting deeper than 1024
  // elements (limit)", "HTML parser stopped at line 9: Memory allocation
  // failed"); the document then has no blocks. Empty when it was read whole.
  std::string error;
  // What bytes that were not UTF-8 and declared no encoding were read as
  // ("windows-1252"); empty otherwise. EncodingNotice says it to the user.
  std::string encoding;
};

// Elements nested deeper than this make a document an error (HtmlDocument::error).
// The tree walkers recurse per level: 2048 overflowed the stack under ASan;
// tag soup that never closes a wrapper (600 levels for 600 paragraphs) fits.
inline constexpr std::size_t kMaxNestingDepth = 1024;

struct HtmlOptions {
  bool alt_text = false;      // read images' alt text and captions
  bool front_matter = false;  // keep title page, copyright, toc sections and Gutenberg boilerplate
};

// Tolerant: libxml2's HTML parser, which accepts XHTML, HTML named entities
// (&nbsp;) and markup that is not well-formed XML. Never fails; an empty or
// unparsable document has no blocks.
HtmlDocument ParseHtml(std::string_view bytes, const HtmlOptions& options);

// epub:type / role tokens that mark sections not read unless front matter is
// asked for: cover, titlepage, copyright-page, toc, colophon, index, ...
bool IsFrontMatterType(std::string_view type);

// Titles of sections that are not read unless front matter is asked for:
// "Contents", "Table of Contents", "Copyright", "Cover", "Title Page", ...
bool IsFrontMatterTitle(std::string title);

// Titles of sections of notes: "Notes", "Endnotes", "Footnotes".
bool IsNotesTitle(const std::string& title);

// Titles of lists that are not read unless front matter is asked for:
// "Contents", "List of Illustrations", "Illustrations".
bool IsListTitle(const std::string& title);

// The text with the block's marked Roman numerals as digits: "Chapter XIV" → "Chapter 14".
std::string SpokenText(const TextBlock& block);

// "XIV" → 14, "iv" → 4; 0 when not a well-formed Roman numeral.
int RomanNumeralValue(std::string_view text);

// Heading text → titles (source/titles.cc). Parts are the lines of a
// heading: {"CHAPTER I.", "THE TITLE"}.
// "MARLEY’S GHOST." → "Marley’s Ghost"; runs of capitals in mixed case too:
// "EXTRACTS (Supplied by a Sub-Sub-Librarian)" → "Extracts (Supplied by a Sub-Sub-Librarian)".
std::string TitleCaseCapitals(const std::string& text);
// "CHAPTER 1. Loomings." → "Chapter 1: Loomings"; "I. The Period" → "I: The Period".
std::string TidyTitlePart(const std::string& part);
// {"STAVE ONE.", "MARLEY’S GHOST."} → "Stave One: Marley’s Ghost".
std::string DisplayTitle(const std::vector<std::string>& parts);
// {"XIV", "THE RETURN"} → "Chapter 14. The Return." ("Chapter" only when english).
std::string SpokenTitle(const std::vector<std::string>& parts, bool english);
// "I", "12", "XLII.": a bare number.
bool IsBareNumber(const std::string& s);
// "Chapter 12", "PART II", "Book One", "Erster Teil", "7": a heading that needs the one after it.
bool IsLabel(const std::string& heading);
// "PART ONE—The Old Buccaneer", "Book the First", "Erster Teil.", "LITTLE WOMEN PART 2".
bool IsPartLabel(const std::string& heading);
// "Chapter 1 PETER BREAKS THROUGH", "CHAPTER XIV", "Letter 2".
bool IsChapterLabel(const std::string& heading);
// Any of those, or "I. The Period": the heading carries a number.
bool IsNumbered(const std::string& heading);

// "%20" → " ". Invalid escapes are kept as written.
std::string PercentDecode(std::string_view s);

}  // namespace narrate::source::internal

namespace narrate::source::internal {

// One entry of a table of contents (EPUB 3 nav, EPUB 2 NCX), in reading order.
struct TocEntry {
  std::string href;   // as written, relative to the document holding it
  std::string title;  // white space collapsed
  int depth = 1;      // 1 for top-level entries
  // A numbered section of the entry above it ("A Scandal in Bohemia" › "II"):
  // not a chapter of its own unless it opens a file; its title then names both.
  bool section = false;
};

struct Landmark {
  std::string type;  // "toc", "cover", "bodymatter", ...
  std::string href;
};

struct NavDocument {
  std::vector<TocEntry> toc;
  std::vector<Landmark> landmarks;
};

// EPUB 3 navigation document: <nav epub:type="toc"> (else the first <nav>)
// and <nav epub:type="landmarks">.
NavDocument ParseNav(std::string_view bytes);

// White space runs → one space, trimmed.
std::string CollapseSpace(std::string_view s);

// Builds chapters from text blocks: headings opening a chapter become its
// spoken title, an empty chapter joins the next, and with
// Footnotes::kEndOfChapter the notes a chapter refers to are read after it.
class ChapterBuilder {
 public:
  // Finds the note a reference points to: (document the reference is in, href).
  using NoteLookup = std::function<const Note*(const std::string& doc, const std::string& href)>;
  ChapterBuilder(const ReadOptions& options, NoteLookup lookup)
      : options_(options), lookup_(std::move(lookup)) {}

  // The book's language (BCP 47): a bare chapter number is said "Chapter 4"
  // only in English (or when the language is unknown).
  void SetLanguage(const std::string& language);
  // What a first chapter without a heading is called (else "Chapter 1").
  void SetUntitledName(std::string name) { untitled_name_ = std::move(name); }

  void Start(std::string title);  // an empty title is taken from the chapter's first heading
  bool started() const { return !chapters_.empty(); }
  // Table-of-contents lines (TextBlock::links_only) are dropped unless front matter is read.
  void Add(const TextBlock& block, const std::string& doc);
  std::vector<Chapter> Finish();

 private:
  bool TakesHeading(const TextBlock& block) const;
  void TakeHeading(const TextBlock& block);
  void AddParagraph(const TextBlock& block);
  void SetTitles(Chapter& chapter);
  void CloseChapter();

  const ReadOptions& options_;
  NoteLookup lookup_;
  std::vector<Chapter> chapters_;
  std::vector<bool> parts_;  // the chapter opens with a part's heading ("PART 2")
  bool in_opening_headings_ = false;
  std::vector<std::string> heading_texts_;  // parts of the chapter's opening headings
  std::vector<std::string> spoken_parts_;   // the same with the book's numerals as digits
  int opening_level_ = 0;                   // level of the first opening heading
  bool english_ = true;
  std::string untitled_name_;
  std::vector<std::pair<std::string, std::string>> noterefs_;  // (doc, href) of the open chapter
};

}  // namespace narrate::source::internal
