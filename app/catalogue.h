// Catalogues: the books one `narrate build`, `plan` or `render` is given.
// Arguments name book files, folders of books, or catalogue files (CSV or
// TSV, one book a row, with optional per-book settings). Pure functions of
// their input and the file system; nothing here opens a book or an engine.
//
// Failure: a malformed catalogue is a kInvalidInput error naming the file and
// line ("shelf.csv:4: unclosed quote"); a missing argument is kNotFound
// naming it. A book a row names is not opened here: that it is missing or
// unreadable is the build's error for that book alone.
// Threading: none; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate::app {

// One book to build, as a catalogue row (or an argument) gives it. Paths are
// as the user wrote them, made relative to the current folder: a catalogue's
// relative paths are resolved against the catalogue's own folder.
struct CatalogueEntry {
  std::string book;                    // the book file
  std::string title;                   // "" = the book's own (or --title)
  std::string author;                  // "" = the book's own (or --author)
  std::string narrator;                // "" = --narrator
  std::vector<std::string> lexicons;   // loaded after the command line's --lexicon files
  std::string voices;                  // a voices.toml; "" = --voices, else beside the book
  std::string output;                  // the output folder; "" = the command line's choice
  std::string origin;                  // where it came from, for messages: "shelf.csv:3",
                                       // or the argument ("books/", "moby.txt")
};

// Whether path names a catalogue file rather than a book: ".csv" or ".tsv",
// case aside.
bool IsCatalogueFile(std::string_view path);

// The rows of a catalogue's text. `name` is used in messages, `base_dir`
// (may be "") resolves relative paths. Separator: ',' for CSV, '\t' for TSV.
// Format (RFC 4180 quoting: "a, ""b""" is one cell `a, "b"`; a quoted cell
// may hold the separator and line breaks):
// - blank lines and lines starting with '#' are skipped;
// - the first row may be a header: when every cell of it is a column name
//   (case aside, spaces trimmed) it names the columns, in any order, and
//   "book" must be among them; else the columns are, in this order:
//   book, title, author, narrator, lexicons, voices, output;
// - column names: book (also "path" or "file"), title, author, narrator,
//   lexicons (several separated by ';'), voices, output;
// - cells are trimmed of spaces; an empty cell is "not set";
// - a UTF-8 byte-order mark at the start is ignored.
// Errors (kInvalidInput, "name:line: what"): an unclosed quote, text after a
// closing quote, a row with more cells than columns, a header naming a column
// twice or without "book", a row without a book, text that is not UTF-8, a
// NUL byte. A catalogue with no rows is an error ("name: no books").
Result<std::vector<CatalogueEntry>> ParseCatalogue(std::string_view text, char separator,
                                                   const std::string& name,
                                                   const std::string& base_dir);

// ReadCatalogue of a file: its extension picks the separator; its folder is
// the base for relative paths. Missing or unreadable: kNotFound/kIo naming it.
Result<std::vector<CatalogueEntry>> ReadCatalogue(const std::string& path);

// The extensions of book files a folder is searched for: .txt, .md,
// .markdown, .htm, .html, .xhtml, .epub (case aside).
bool IsBookFile(std::string_view path);

// The books the command line names, in order: a catalogue file's rows, a
// folder's book files (IsBookFile; not its subfolders, hidden files left
// out, sorted by name), a file as it is (whatever its extension: a book of
// any name can be built). A folder without books is an error ("shelf/: no
// books (.txt, .md, .html, .epub)"), as is a missing argument.
Result<std::vector<CatalogueEntry>> ExpandBooks(const std::vector<std::string>& arguments);

}  // namespace narrate::app
