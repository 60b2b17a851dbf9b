#include "source/book_codec.h"

#include "common/byte_codec.h"

namespace narrate::source {
namespace {

constexpr std::uint64_t kMagic = 0x314b4f4f42524e;  // "NRBOOK1"

using Strings = std::vector<std::string>;

void Put(ByteWriter& w, const Strings& v) {
  w.U64(v.size());
  for (const std::string& s : v) w.Str(s);
}

void Get(ByteReader& r, Strings& v) {
  for (std::uint64_t n = r.U64(); n > 0 && r.ok(); --n) v.push_back(r.Str());
}

void Put(ByteWriter& w, const Paragraph& p) {
  w.Str(p.text).U64(static_cast<std::uint64_t>(p.line)).U64(p.after_scene_break ? 1 : 0);
  w.U64(p.pronunciations.size());
  for (const Pronunciation& x : p.pronunciations)
    w.U64(x.offset).U64(x.length).Str(x.phonemes).Str(x.alphabet);
}

void Get(ByteReader& r, Paragraph& p) {
  p.text = r.Str();
  p.line = static_cast<int>(r.U64());
  p.after_scene_break = r.U64() != 0;
  for (std::uint64_t n = r.U64(); n > 0 && r.ok(); --n) {
    Pronunciation x;
    x.offset = r.U64();
    x.length = r.U64();
    x.phonemes = r.Str();
    x.alphabet = r.Str();
    p.pronunciations.push_back(std::move(x));
  }
}

void Put(ByteWriter& w, const Chapter& c) {
  w.Str(c.title).Str(c.spoken_title).U64(static_cast<std::uint64_t>(c.line));
  w.U64(c.paragraphs.size());
  for (const Paragraph& p : c.paragraphs) Put(w, p);
}

void Get(ByteReader& r, Chapter& c) {
  c.title = r.Str();
  c.spoken_title = r.Str();
  c.line = static_cast<int>(r.U64());
  for (std::uint64_t n = r.U64(); n > 0 && r.ok(); --n) Get(r, c.paragraphs.emplace_back());
}

void Put(ByteWriter& w, const BookMetadata& m) {
  w.Str(m.description).Str(m.year).Str(m.publisher).Str(m.series).Str(m.series_part);
  Put(w, m.subjects);
}

void Get(ByteReader& r, BookMetadata& m) {
  m.description = r.Str();
  m.year = r.Str();
  m.publisher = r.Str();
  m.series = r.Str();
  m.series_part = r.Str();
  Get(r, m.subjects);
}

}  // namespace

std::string EncodeBook(const Book& book) {
  ByteWriter w;
  w.U64(kMagic).Str(book.path).Str(book.title).Str(book.author).Str(book.language);
  w.Str(book.cover.mime_type).Str(book.cover.bytes).Str(book.cover.name);
  Put(w, book.metadata);
  w.U64(book.lexicons.size());
  for (const BookLexicon& l : book.lexicons) w.Str(l.name).Str(l.content);
  w.U64(book.chapters.size());
  for (const Chapter& c : book.chapters) Put(w, c);
  Put(w, book.notices);
  return w.bytes();
}

std::optional<Book> DecodeBook(std::string_view bytes) {
  ByteReader r(bytes);
  if (r.U64() != kMagic) return std::nullopt;
  Book book;
  book.path = r.Str();
  book.title = r.Str();
  book.author = r.Str();
  book.language = r.Str();
  book.cover.mime_type = r.Str();
  book.cover.bytes = r.Str();
  book.cover.name = r.Str();
  Get(r, book.metadata);
  for (std::uint64_t n = r.U64(); n > 0 && r.ok(); --n) {
    BookLexicon l;
    l.name = r.Str();
    l.content = r.Str();
    book.lexicons.push_back(std::move(l));
  }
  for (std::uint64_t n = r.U64(); n > 0 && r.ok(); --n) Get(r, book.chapters.emplace_back());
  Get(r, book.notices);
  if (!r.done()) return std::nullopt;
  return book;
}

}  // namespace narrate::source
