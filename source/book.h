// The source stage: a book file becomes chapters of paragraphs, each with the
// line it starts on. Plain text and Markdown, HTML/XHTML, EPUB 2 and 3.
// Nothing here speaks or normalises; the text is as the author wrote it, minus
// markup.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate::source {

// A span of Paragraph::text the book says how to pronounce (EPUB 3 ssml:ph).
struct Pronunciation {
  std::size_t offset = 0;  // byte offset in Paragraph::text
  std::size_t length = 0;  // bytes; the span is replaced by the phonemes
  std::string phonemes;    // as written in the book
  std::string alphabet;    // "ipa" or "x-espeak"
};

struct Paragraph {
  // One paragraph. Verse line breaks are '\n' (a stanza of a poem or song is
  // one paragraph, its lines apart); prose has none: its lines are joined by
  // single spaces.
  std::string text;
  int line = 0;              // 1-based line of the file where it starts (0 for EPUB/HTML)
  bool after_scene_break = false;  // a "* * *"-style break came before it
  std::vector<Pronunciation> pronunciations = {};  // sorted, non-overlapping; usually empty
};

struct Chapter {
  std::string title;         // display title: tags and file names
  std::string spoken_title;  // what the narrator says first; empty = say nothing
  int line = 0;              // line of the heading (or of the first paragraph)
  std::vector<Paragraph> paragraphs;
};

// The book's cover picture (EPUB), as stored in the archive.
struct Cover {
  std::string mime_type;  // "image/jpeg", "image/png", ...
  std::string bytes;
  std::string name;  // "book.epub:epub/images/cover.svg", for messages
  bool empty() const { return bytes.empty(); }
};

// A pronunciation lexicon shipped inside the book (EPUB 3, application/pls+xml).
struct BookLexicon {
  std::string name;     // "book.epub:EPUB/lexicon.pls", for messages
  std::string content;  // the PLS document
};

// What an EPUB's package says about the book besides title, author and
// language; each empty when it says nothing.
struct BookMetadata {
  std::string description;  // dc:description as text: "<p>A <i>tale</i></p>" → "A tale"
  std::string year;         // dc:date's year: "2014-05-25T00:00:00Z" → "2014"
  std::string publisher;    // dc:publisher (the first)
  // A belongs-to-collection of collection-type "series" (or untyped), else
  // calibre:series; "The Lord of the Rings". Sets (reading lists) are not series.
  std::string series;
  std::string series_part;            // its group-position or calibre:series_index: "2.0" → "2"
  std::vector<std::string> subjects;  // dc:subject, in order: "Whaling -- Fiction"
};

struct Book {
  std::string path;
  std::string title;
  std::string author;    // may be empty
  std::string language;  // BCP 47 as the book declares it (dc:language, <html lang>); may be empty
  Cover cover;           // empty when the book has none
  BookMetadata metadata;              // EPUB only
  std::vector<BookLexicon> lexicons;  // in package order
  std::vector<Chapter> chapters;
  std::vector<std::string> notices;  // one line each, for the user; none for UTF-8 books
};

enum class Footnotes {
  kSkip,          // note references and note bodies are not read
  kEndOfChapter,  // not read inline; the chapter's notes are read after its text
};

struct ReadOptions {
  std::string title;   // overrides front matter and file name when not empty
  std::string author;  // overrides front matter when not empty
  // EPUB/HTML: read the cover, title page, copyright page, table of contents,
  // lists of illustrations, transcriber's notes, colophon, index, and Project
  // Gutenberg's header/licence as chapters too.
  bool include_front_matter = false;
  Footnotes footnotes = Footnotes::kSkip;
  bool alt_text = false;  // read images' alt text, captions under pictures, [Illustration: …]
};

// Reads and parses a book. Text and HTML that is not UTF-8 (UTF-16/32,
// ISO-8859-1, windows-1252, ... as its Gutenberg header or HTML declares, or
// as ICU's charset detector finds) is converted, with a notice naming the
// encoding. Errors are one line naming the file (and the line for encoding
// errors): missing file, directory, binary content, text that is mostly UTF-8
// with broken sequences, a book without words. The format comes from the
// extension: .epub (EPUB 2 and 3: broken archive, missing
// container/package/spine file, encrypted content, paths leaving the archive
// and oversized entries are errors), .html/.htm/.xhtml (tolerant HTML
// parsing; the heading level that divides the body makes chapters),
// .md/.markdown (Markdown), anything else plain text (headings as printed
// books set them). Title, author and language come from the options, else the
// book: front matter, Project Gutenberg's header, <meta name="dc.*">, a title
// page.
Result<Book> ReadBook(const std::string& path, const ReadOptions& options = {});

// Parses text already read into memory; `path` is used for messages, the
// title fallback and the format. Exposed for tests.
Result<Book> ParseBook(std::string_view content, const std::string& path,
                       const ReadOptions& options = {});

// Words in a text: runs of non-space characters holding a letter or digit.
std::size_t CountWords(std::string_view text);
std::size_t CountWords(const Chapter& chapter);

}  // namespace narrate::source
