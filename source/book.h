// The source stage: a book file becomes chapters of paragraphs, each with the
// line it starts on. Plain text and Markdown (UTF-8). Nothing here speaks or
// normalises; the text is as the author wrote it, minus markup.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate::source {

struct Paragraph {
  std::string text;          // one paragraph, lines joined by single spaces
  int line = 0;              // 1-based line of the file where it starts
  bool after_scene_break = false;  // a "* * *"-style break came before it
};

struct Chapter {
  std::string title;         // display title: tags and file names
  std::string spoken_title;  // what the narrator says first; empty = say nothing
  int line = 0;              // line of the heading (or of the first paragraph)
  std::vector<Paragraph> paragraphs;
};

struct Book {
  std::string path;
  std::string title;
  std::string author;  // may be empty
  std::vector<Chapter> chapters;
};

struct ReadOptions {
  std::string title;   // overrides front matter and file name when not empty
  std::string author;  // overrides front matter when not empty
};

// Reads and parses a book. Errors are one line naming the file (and the line
// for encoding errors): missing file, directory, binary or non-UTF-8 content,
// a book without words. Markdown is recognised by the .md/.markdown extension.
Result<Book> ReadBook(const std::string& path, const ReadOptions& options = {});

// Parses text already read into memory; `path` is used for messages, the
// title fallback and the format. Exposed for tests.
Result<Book> ParseBook(std::string_view content, const std::string& path,
                       const ReadOptions& options = {});

// Words in a text: runs of non-space characters holding a letter or digit.
std::size_t CountWords(std::string_view text);
std::size_t CountWords(const Chapter& chapter);

}  // namespace narrate::source
