// A single HTML/XHTML file as a book: the most frequent top heading level
// makes chapters; a lone top heading that opens the book is its title.
#include <filesystem>
#include <map>

#include "source/epub.h"
#include "source/html.h"

namespace narrate::source::internal {
namespace {

struct Levels {
  int chapter = 0;                   // heading level that starts chapters; 0: none
  const TextBlock* title = nullptr;  // the book title heading, if any
};

Levels ChapterLevels(const std::vector<TextBlock>& blocks) {
  std::map<int, int> counts;
  for (const TextBlock& b : blocks) {
    if (b.kind == TextBlock::Kind::kHeading) ++counts[b.heading_level];
  }
  if (counts.empty()) return {};
  auto top = counts.begin();
  bool opens = blocks.front().kind == TextBlock::Kind::kHeading && blocks.front().heading_level == top->first;
  if (top->second == 1 && opens && counts.size() > 1) return {std::next(top)->first, &blocks.front()};
  return {top->first, nullptr};
}

const Note* FindNote(const HtmlDocument& doc, const std::string& href) {
  std::size_t hash = href.find('#');
  if (hash == std::string::npos) return nullptr;
  std::string id = PercentDecode(href.substr(hash + 1));
  for (const Note& note : doc.notes) {
    if (std::find(note.ids.begin(), note.ids.end(), id) != note.ids.end()) return &note;
  }
  return nullptr;
}

}  // namespace

Result<Book> ParseHtmlBook(std::string_view content, const std::string& path, const ReadOptions& options) {
  if (content.find('\0') != std::string_view::npos && !content.starts_with("\xFF\xFE") &&
      !content.starts_with("\xFE\xFF")) {
    return Status::Error(path + ": binary file, not HTML");
  }
  HtmlDocument doc = ParseHtml(content, HtmlOptions{options.alt_text, options.include_front_matter});
  Levels levels = ChapterLevels(doc.blocks);
  ChapterBuilder builder(options, [&doc](const std::string&, const std::string& href) { return FindNote(doc, href); });
  for (const TextBlock& b : doc.blocks) {
    if (&b == levels.title) continue;
    bool starts = b.kind == TextBlock::Kind::kHeading && b.heading_level <= levels.chapter;
    if (starts) builder.Start("");
    builder.Add(b, path);
  }
  Book book;
  book.path = path;
  book.chapters = builder.Finish();
  if (book.chapters.empty()) return Status::Error(path + ": the book has no text to read");
  book.title = !options.title.empty() ? options.title : levels.title ? levels.title->text : doc.title;
  if (book.title.empty()) book.title = std::filesystem::path(path).stem().string();
  book.author = options.author;
  book.language = doc.language;
  return book;
}

}  // namespace narrate::source::internal
