// Views of a parsed book for assertions: chapter titles, paragraph texts, and
// everything that is spoken, so source tests compare plain strings.
#pragma once

#include <string>
#include <vector>

#include "source/book.h"

namespace narrate::testing {

inline std::vector<std::string> Titles(const source::Book& book) {
  std::vector<std::string> out;
  for (const source::Chapter& c : book.chapters) out.push_back(c.title);
  return out;
}

inline std::vector<std::string> Texts(const source::Chapter& chapter) {
  std::vector<std::string> out;
  for (const source::Paragraph& p : chapter.paragraphs) out.push_back(p.text);
  return out;
}

// Each chapter's spoken title, then its paragraphs, a line each.
inline std::string AllText(const source::Book& book) {
  std::string out;
  for (const source::Chapter& c : book.chapters) {
    out += c.spoken_title + "\n";
    for (const source::Paragraph& p : c.paragraphs) out += p.text + "\n";
  }
  return out;
}

}  // namespace narrate::testing
