// A single HTML/XHTML file as a book: the most frequent top heading level
// makes chapters; a lone top heading that opens the book is its title.
#include <filesystem>
#include <map>

#include "source/epub.h"
#include "source/html.h"
#include "source/internal.h"

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

// An HTML document that names its encoding (<meta charset>, <?xml encoding=?>)
// for libxml2 to decode, as html.cc's Encoding() sees it.
bool DeclaresCharset(std::string_view bytes) {
  std::string head = Lower(std::string(bytes.substr(0, 1024)));
  return head.find("charset") != std::string::npos || head.find("encoding=") != std::string::npos;
}

// The document's bytes for libxml2: UTF-8 and documents that declare their
// encoding as they are; UTF-16/32 and undeclared legacy encodings converted
// to UTF-8 (DecodeText), with a notice naming what they were read as.
Result<std::string> HtmlBytes(std::string_view content, const std::string& path,
                              std::string& notice) {
  bool wide = content.find('\0') != std::string_view::npos || content.starts_with("\xFF\xFE") ||
              content.starts_with("\xFE\xFF");
  if (IsUtf8Text(content) || (!wide && DeclaresCharset(content))) return std::string(content);
  Result<DecodedText> decoded = DecodeText(content, path, true);
  if (!decoded.ok()) return decoded.status();
  notice = EncodingNotice(path, decoded->encoding);
  return std::move(decoded->text);
}

}  // namespace

Result<Book> ParseHtmlBook(std::string_view content, const std::string& path, const ReadOptions& options) {
  std::string notice;
  Result<std::string> bytes = HtmlBytes(content, path, notice);
  if (!bytes.ok()) return bytes.status();
  HtmlDocument doc = ParseHtml(*bytes, HtmlOptions{options.alt_text, options.include_front_matter});
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
  if (!notice.empty()) book.notices.push_back(notice);
  return book;
}

}  // namespace narrate::source::internal
