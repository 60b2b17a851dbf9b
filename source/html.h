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

struct TextBlock {
  enum class Kind { kParagraph, kHeading };
  Kind kind = Kind::kParagraph;
  int heading_level = 0;       // 1..6 for kHeading
  std::string text;            // white space collapsed, trimmed
  std::vector<Pronunciation> pronunciations;
  bool after_scene_break = false;
  std::vector<std::string> anchors;   // ids of elements opened since the previous block
  std::vector<std::string> noterefs;  // href targets of the note references in the block
};

struct Note {
  std::vector<std::string> ids;  // the note element's id and the ids inside it
  std::vector<TextBlock> blocks;
};

struct HtmlDocument {
  std::vector<TextBlock> blocks;
  std::vector<Note> notes;             // footnote/endnote/aside bodies, in document order
  std::vector<std::string> end_anchors;  // ids after the last block
  std::string title;                   // <title>
  std::string language;                // lang / xml:lang of <html>
  std::vector<std::string> types;      // epub:type/role tokens of <body> and its first section
  bool gutenberg_end = false;          // "*** END OF THE PROJECT GUTENBERG EBOOK" seen: the rest is licence
};

struct HtmlOptions {
  bool alt_text = false;
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

// "%20" → " ". Invalid escapes are kept as written.
std::string PercentDecode(std::string_view s);

}  // namespace narrate::source::internal

namespace narrate::source::internal {

// One entry of a table of contents (EPUB 3 nav, EPUB 2 NCX), in reading order.
struct TocEntry {
  std::string href;   // as written, relative to the document holding it
  std::string title;  // white space collapsed
  int depth = 1;      // 1 for top-level entries
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

  void Start(std::string title);  // an empty title is taken from the chapter's first heading
  bool started() const { return !chapters_.empty(); }
  void Add(const TextBlock& block, const std::string& doc);
  std::vector<Chapter> Finish();

 private:
  void AddParagraph(const TextBlock& block);
  void SetTitles(Chapter& chapter);
  void CloseChapter();

  const ReadOptions& options_;
  NoteLookup lookup_;
  std::vector<Chapter> chapters_;
  bool in_opening_headings_ = false;
  std::vector<std::string> heading_texts_;
  std::vector<std::pair<std::string, std::string>> noterefs_;  // (doc, href) of the open chapter
};

}  // namespace narrate::source::internal
