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
// - blank lines, rows whose every cell is empty (",,," from a spreadsheet)
//   and lines starting with '#' (spaces before it aside) are skipped; a line
//   inside a quoted cell is the cell's, never a comment;
// - the first row may be a header: when every cell of it is a column name
//   or empty (case aside, spaces trimmed) it names the columns, in any
//   order, and "book" must be among them; else the columns are, in this
//   order: book, title, author, narrator, lexicons, voices, output;
// - column names: book (also "path" or "file"), title, author, narrator,
//   lexicons (several separated by ';'), voices, output;
// - cells (quoted ones too) are trimmed of spaces, tabs and line ends; an
//   empty cell is "not set"; spaces around a quoted cell's quotes are not
//   text after them; a quote inside an unquoted cell is an ordinary character;
// - line ends are "\n" or "\r\n";
// - a UTF-8 byte-order mark at the start is ignored.
// Errors (kInvalidInput, "name:line: what"): an unclosed quote, text after a
// closing quote, a row with more cells than columns (empty cells past the
// last column aside) or a cell under a header's empty one, a header naming a
// column twice or without "book", a row without a book, text that is not
// UTF-8, a NUL byte. The line is where the row starts, except for what is
// about one character: an unclosed quote names the line of its opening
// quote; text after a closing quote, bad UTF-8 and NUL the line they are on
// (a quoted cell may span lines). A catalogue with no rows is an error
// ("name: no books"). An entry's origin is "name:line", the row's first line.
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
// any name can be built). A folder's entries have its books' paths under the
// argument ("shelf/a.txt" for "shelf/" or "./shelf") and the argument as
// origin. A folder without books is kInvalidInput, naming the argument as
// written ("shelf/: no books (.txt, .md, .html, .epub)"); one that cannot be
// listed kIo; a missing argument kNotFound ("moby.txt: no such file or
// folder"). The first error ends the expansion.
Result<std::vector<CatalogueEntry>> ExpandBooks(const std::vector<std::string>& arguments);

}  // namespace narrate::app
