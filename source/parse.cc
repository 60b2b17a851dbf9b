#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "source/book.h"
#include "source/gutenberg.h"
#include "source/internal.h"

namespace narrate::source {
namespace {

using internal::Block;
using internal::Heading;
using internal::Item;

// Non-ASCII code points that are neither letters nor digits: the punctuation
// and symbol blocks books are full of (dashes, curly quotes, ellipses,
// guillemets, bullets, no-break spaces). Other non-ASCII counts as a letter.
bool IsPunctuationOrSymbol(char32_t c) {
  if (c >= 0x80 && c <= 0xBF) {  // Latin-1 punctuation, minus ª ² ³ µ ¹ º ¼ ½ ¾
    return !(c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA ||
             (c >= 0xBC && c <= 0xBE));
  }
  return c == 0xD7 || c == 0xF7 ||                           // × ÷
         (c >= 0x2000 && c <= 0x206F) ||                      // General Punctuation
         (c >= 0x20A0 && c <= 0x20CF) ||                      // Currency Symbols
         (c >= 0x2190 && c <= 0x21FF) ||                      // Arrows
         (c >= 0x2500 && c <= 0x27BF) ||                      // Box Drawing .. Dingbats
         (c >= 0x2E00 && c <= 0x2E7F) ||                      // Supplemental Punctuation
         (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020) ||  // CJK punctuation
         c == 0x30FB || (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE4F) ||
         c == 0xFEFF;
}

// Decodes the UTF-8 sequence at text[i] (its length in n); invalid bytes
// decode as themselves, one at a time.
char32_t Decode(std::string_view text, std::size_t i, std::size_t& n) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (n == 1 || i + n > text.size()) return n = 1, c;
  char32_t cp = c & (0x3F >> (n - 1));
  for (std::size_t k = 1; k < n; ++k) {
    unsigned char b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return n = 1, c;
    cp = (cp << 6) | (b & 0x3F);
  }
  return cp;
}

bool HasWord(std::string_view text) {
  for (std::size_t i = 0, n = 1; i < text.size(); i += n) {
    char32_t c = Decode(text, i, n);
    if (c < 0x80 ? std::isalnum(static_cast<int>(c)) != 0 : !IsPunctuationOrSymbol(c)) {
      return true;
    }
  }
  return false;
}

bool IsMarkdownPath(const std::string& path) {
  std::string ext = internal::Lower(std::filesystem::path(path).extension().string());
  return ext == ".md" || ext == ".markdown";
}

// "the_lantern-keeper.txt" → "The Lantern Keeper"; mixed case is kept.
std::string TitleFromPath(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  std::string out;
  for (char c : stem) out += (c == '_' || c == '-') ? ' ' : c;
  bool lower = std::none_of(out.begin(), out.end(), [](unsigned char c) { return std::isupper(c); });
  for (std::size_t i = 0; lower && i < out.size(); ++i) {
    if (i == 0 || out[i - 1] == ' ') out[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
  }
  return out.empty() ? "Untitled" : out;
}

// The Markdown level whose headings make chapters. A lone top-level heading
// that opens the book is its title, not a chapter: returns that heading too;
// unless it names a chapter ("Prologue", "Part One"), which a title never is.
std::pair<int, const Heading*> ChapterLevel(const std::vector<Item>& items) {
  std::map<int, int> counts;
  for (const Item& it : items) {
    if (it.heading && it.heading->markdown_level > 0) ++counts[it.heading->markdown_level];
  }
  if (counts.empty()) return {0, nullptr};
  auto top = counts.begin();
  bool opens = !items.empty() && items.front().heading &&
               items.front().heading->markdown_level == top->first;
  if (top->second == 1 && opens && counts.size() > 1) {
    const Heading& first = *items.front().heading;
    return {std::next(top)->first, first.named ? nullptr : &first};
  }
  return {top->first, nullptr};
}

class Assembler {
 public:
  Assembler(int chapter_level, const Heading* title_heading)
      : chapter_level_(chapter_level), title_heading_(title_heading) {}

  void Add(const Item& item) {
    if (!item.heading) return AddParagraph(Text(item), item.block->line);
    const Heading& h = *item.heading;
    // Lines of the heading's block after the heading (setext: after its underline).
    int rest_line = item.block->line + static_cast<int>(item.block->lines.size() - h.rest.size());
    if (&h == title_heading_) return AddParagraph(internal::JoinLines(h.rest), rest_line);
    if (h.markdown_level == 0 || h.markdown_level <= chapter_level_) {
      StartChapter(h, item.block->line);
    } else {
      AddParagraph(h.spoken, item.block->line);  // a section heading inside a chapter
    }
    AddParagraph(internal::JoinLines(h.rest), rest_line);
  }

  void SceneBreak() { scene_break_ = true; }
  std::vector<Chapter> Finish();
  Chapter& preamble() { return preamble_; }

 private:
  void StartChapter(const Heading& h, int line) {
    chapters_.push_back(Chapter{h.title, h.spoken, line, {}});
    scene_break_ = false;
  }
  void AddParagraph(std::string text, int line) {
    if (!HasWord(text)) return;
    Chapter& target = chapters_.empty() ? preamble_ : chapters_.back();
    target.paragraphs.push_back(Paragraph{std::move(text), line, scene_break_, {}});
    scene_break_ = false;
  }

  // Verse keeps its lines apart: "Once upon a midnight dreary,\nWhile I pondered".
  static std::string Text(const Item& item) {
    if (!item.verse) return internal::JoinLines(item.block->lines);
    std::string out;
    for (const std::string& line : item.block->lines) {
      std::string text = internal::Trim(internal::JoinLines({line}));
      if (text.empty()) continue;
      out += (out.empty() ? "" : "\n") + text;
    }
    return out;
  }

  int chapter_level_;
  const Heading* title_heading_;
  bool scene_break_ = false;
  Chapter preamble_;
  std::vector<Chapter> chapters_;
};

// A heading with nothing under it ("Part Two") joins the next chapter;
// empty trailing headings are dropped.
std::vector<Chapter> Assembler::Finish() {
  std::vector<Chapter> out;
  if (!preamble_.paragraphs.empty()) out.push_back(preamble_);
  const Chapter* pending = nullptr;  // a heading-only chapter in chapters_ (never moved from)
  for (Chapter& c : chapters_) {
    if (pending != nullptr) {
      c.title = pending->title + " — " + c.title;
      c.spoken_title = pending->spoken_title + " " + c.spoken_title;
      c.line = pending->line;
      pending = nullptr;
    }
    if (c.paragraphs.empty())
      pending = &c;
    else out.push_back(std::move(c));
  }
  return out;
}

std::vector<Item> Classify(const std::vector<Block>& blocks, bool markdown) {
  std::vector<Item> items;
  for (const Block& b : blocks) {
    Item item;
    item.heading = internal::FindHeading(b, markdown);
    item.block = &b;
    items.push_back(std::move(item));
  }
  return items;
}

std::string Pick(const std::string& a, const std::string& b) { return a.empty() ? b : a; }

// Project Gutenberg's header and licence become blank lines, so every line
// keeps its number; returns what the header declared.
internal::GutenbergMeta BlankGutenberg(std::string& text, bool keep) {
  std::vector<std::string> lines = internal::SplitLines(text);
  internal::GutenbergSplit split = internal::SplitGutenberg(lines);
  if (keep || (!split.header && !split.footer)) return split.meta;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i >= split.body_begin && i < split.body_end) out += lines[i];
    if (i + 1 < lines.size()) out += '\n';
  }
  text = std::move(out);
  return split.meta;
}

}  // namespace

Result<Book> ParseBook(std::string_view content, const std::string& path, const ReadOptions& options) {
  std::string notice;
  Result<std::string> text = internal::CheckText(content, path, &notice);
  if (!text.ok()) return text.status();
  internal::GutenbergMeta gutenberg = BlankGutenberg(*text, options.include_front_matter);
  const bool markdown = IsMarkdownPath(path);
  if (markdown) *text = internal::BlankHtmlComments(*text);
  std::vector<Block> blocks = internal::SplitBlocks(*text);
  if (Status sizes = internal::CheckParagraphSizes(blocks, path); !sizes.ok()) return sizes;
  internal::FrontMatter fm = internal::TakeFrontMatter(blocks, markdown);
  fm.title = Pick(gutenberg.title, fm.title);
  fm.author = Pick(gutenberg.author, fm.author);
  internal::MarkdownNotes notes;
  if (markdown) notes = internal::PrepareMarkdown(blocks);
  std::vector<Item> items = Classify(blocks, markdown);
  auto [level, title_heading] = ChapterLevel(items);

  internal::TitlePage page;
  if (!markdown) page = internal::ShapePlainText(items, options.include_front_matter, options.alt_text);

  Book book;
  book.path = path;
  std::string declared = Pick(options.title, Pick(fm.title, title_heading ? title_heading->title : ""));
  declared = Pick(declared, page.title);
  book.title = Pick(declared, TitleFromPath(path));
  book.author = Pick(options.author, Pick(fm.author, page.author));
  book.language = Pick(gutenberg.language, fm.language);
  if (!notice.empty()) book.notices.push_back(notice);

  Assembler assembler(level, title_heading);
  for (const Item& item : items) {
    if (item.skip) {
      if (item.scene_break) assembler.SceneBreak();
      continue;
    }
    if (!item.heading && internal::IsSceneBreak(*item.block)) assembler.SceneBreak();
    else assembler.Add(item);
  }
  Chapter& preamble = assembler.preamble();
  preamble.title = book.title;
  preamble.line = preamble.paragraphs.empty() ? 1 : preamble.paragraphs.front().line;
  // Say the title only when the author gave one; a file name is no title to read out.
  if (!declared.empty()) {
    preamble.spoken_title = book.title + "." + (book.author.empty() ? "" : " By " + book.author + ".");
  }
  book.chapters = assembler.Finish();
  if (options.footnotes == Footnotes::kEndOfChapter) internal::AppendNotes(notes, book.chapters);
  if (book.chapters.empty()) return Status::Error(path + ": the book has no text to read");
  return book;
}

std::size_t CountWords(std::string_view text) {
  std::size_t words = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) continue;
    if (i > start && HasWord(text.substr(start, i - start))) ++words;
    start = i + 1;
  }
  return words;
}

std::size_t CountWords(const Chapter& chapter) {
  std::size_t words = 0;
  for (const Paragraph& p : chapter.paragraphs) words += CountWords(p.text);
  return words;
}

}  // namespace narrate::source
