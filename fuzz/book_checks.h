// The contract every book reader keeps, checked on whatever it returns: all
// text valid UTF-8, at least one chapter, no empty paragraph, book-supplied
// pronunciations inside their paragraph, sorted and apart.
#pragma once

#include "fuzz/fuzz.h"
#include "source/book.h"

namespace narrate::fuzz {

inline void CheckParagraph(const source::Paragraph& p) {
  Require(IsUtf8(p.text), "paragraph text is UTF-8");
  Require(!p.text.empty(), "no empty paragraph");
  std::size_t end = 0;
  for (const auto& pr : p.pronunciations) {
    Require(pr.offset >= end, "pronunciations sorted and apart");
    Require(pr.offset + pr.length <= p.text.size(), "pronunciation inside its paragraph");
    Require(IsUtf8(pr.phonemes), "phonemes are UTF-8");
    end = pr.offset + pr.length;
  }
}

inline void CheckBook(const Result<source::Book>& book) {
  if (!book.ok()) {
    Require(!book.status().message().empty(), "an error has a message");
    return;
  }
  Require(IsUtf8(book->title) && IsUtf8(book->author) && IsUtf8(book->language), "meta is UTF-8");
  Require(!book->chapters.empty(), "a book has a chapter");
  for (const auto& chapter : book->chapters) {
    Require(IsUtf8(chapter.title) && IsUtf8(chapter.spoken_title), "titles are UTF-8");
    for (const auto& p : chapter.paragraphs) CheckParagraph(p);
  }
  for (const auto& notice : book->notices) Require(IsUtf8(notice), "notices are UTF-8");
}

}  // namespace narrate::fuzz
