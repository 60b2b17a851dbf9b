// Private to source/: Project Gutenberg's wrapping around a book — the header
// before "*** START OF THE PROJECT GUTENBERG EBOOK …", the licence from
// "*** END OF …" (and the older "*END*THE SMALL PRINT!" and "End of the
// Project Gutenberg EBook" forms), and the metadata the header declares.
// Works on lines of text, so plain text, HTML and EPUB readers share it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace narrate::source::internal {

struct GutenbergMeta {
  std::string title;     // "Title:" (continuation lines joined with ": "), else "The Project
                         // Gutenberg EBook of X, by Y" → X
  std::string author;    // "Author:", else the "by Y" of that line
  std::string language;  // BCP 47 from "Language: English" → "en"; empty when unknown
  std::string encoding;  // "Character set encoding: ISO-8859-1" → "ISO-8859-1"
};

struct GutenbergSplit {
  bool header = false;         // a start marker was found: lines before body_begin are Gutenberg's
  bool footer = false;         // an end marker was found: lines from body_end on are Gutenberg's
  std::size_t body_begin = 0;  // line index of the book's first line
  std::size_t body_end = 0;    // one past its last line
  GutenbergMeta meta;          // from the header lines (empty without a header)
};

// Finds the book inside Gutenberg's header and licence. Without markers the
// whole text is the book: {false, false, 0, lines.size()}. Credits right after
// the start marker ("Produced by …", "E-text prepared by …", "Transcribed
// from the 1898 edition by …") are Gutenberg's too.
GutenbergSplit SplitGutenberg(const std::vector<std::string>& lines);

// "Title: X", "Author: Y", "Language: …", "Character set encoding: …" from
// header lines (any of them may be missing).
GutenbergMeta ParseGutenbergHeader(const std::vector<std::string>& lines);

// A line that opens the book ("*** START OF THIS PROJECT GUTENBERG EBOOK X ***",
// "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*…*END*") or starts the
// licence ("*** END OF THE PROJECT GUTENBERG EBOOK X ***", "End of the Project
// Gutenberg EBook of X", "End of Project Gutenberg's X").
bool IsGutenbergStart(std::string_view line);
bool IsGutenbergEnd(std::string_view line);

// A credit line Gutenberg puts after the start marker: "Produced by Jose Menendez".
bool IsGutenbergCredit(std::string_view line);

// "English" → "en", "French" → "fr"; "" for a name not known.
std::string LanguageTag(std::string_view name);

}  // namespace narrate::source::internal
