#include <algorithm>
#include <map>
#include <optional>
#include <cctype>
#include <filesystem>

#include "source/book.h"
#include "source/internal.h"

namespace narrate::source {
namespace {

using internal::Block;
using internal::Heading;

bool HasWord(std::string_view text) {
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) return true;
  }
  return false;
}

bool IsMarkdownPath(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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

struct Item {
  std::optional<Heading> heading;
  const Block* block;
};

// The Markdown level whose headings make chapters. A lone top-level heading
// that opens the book is its title, not a chapter: returns that heading too.
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
    return {std::next(top)->first, &*items.front().heading};
  }
  return {top->first, nullptr};
}

class Assembler {
 public:
  Assembler(int chapter_level, const Heading* title_heading)
      : chapter_level_(chapter_level), title_heading_(title_heading) {}

  void Add(const Item& item) {
    if (!item.heading) return AddParagraph(internal::JoinLines(item.block->lines), item.block->line);
    const Heading& h = *item.heading;
    if (&h == title_heading_) return;
    if (h.markdown_level == 0 || h.markdown_level <= chapter_level_) {
      StartChapter(h, item.block->line);
    } else {
      AddParagraph(h.spoken, item.block->line);  // a section heading inside a chapter
    }
    AddParagraph(internal::JoinLines(h.rest), item.block->line + 1);
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
    target.paragraphs.push_back(Paragraph{std::move(text), line, scene_break_});
    scene_break_ = false;
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
  std::optional<Chapter> pending;
  for (Chapter& c : chapters_) {
    if (pending) {
      c.title = pending->title + " — " + c.title;
      c.spoken_title = pending->spoken_title + " " + c.spoken_title;
      c.line = pending->line;
      pending.reset();
    }
    if (c.paragraphs.empty()) pending = c;
    else out.push_back(std::move(c));
  }
  return out;
}

std::vector<Item> Classify(const std::vector<Block>& blocks, bool markdown) {
  std::vector<Item> items;
  for (const Block& b : blocks) items.push_back(Item{internal::FindHeading(b, markdown), &b});
  return items;
}

std::string Pick(const std::string& a, const std::string& b) { return a.empty() ? b : a; }

}  // namespace

Result<Book> ParseBook(std::string_view content, const std::string& path, const ReadOptions& options) {
  Result<std::string> text = internal::CheckText(content, path);
  if (!text.ok()) return text.status();
  std::vector<Block> blocks = internal::SplitBlocks(*text);
  internal::FrontMatter fm = internal::TakeFrontMatter(blocks);
  std::vector<Item> items = Classify(blocks, IsMarkdownPath(path));
  auto [level, title_heading] = ChapterLevel(items);

  Book book;
  book.path = path;
  std::string declared = Pick(options.title, Pick(fm.title, title_heading ? title_heading->title : ""));
  book.title = Pick(declared, TitleFromPath(path));
  book.author = Pick(options.author, fm.author);

  Assembler assembler(level, title_heading);
  for (const Item& item : items) {
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
  if (book.chapters.empty()) return Status::Error(path + ": the book has no text to read");
  return book;
}

std::size_t CountWords(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false, has_alnum = false;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    bool space = i == text.size() || std::isspace(static_cast<unsigned char>(text[i]));
    if (!space) {
      in_word = true;
      has_alnum = has_alnum || HasWord(text.substr(i, 1));
    } else if (in_word) {
      words += has_alnum ? 1 : 0;
      in_word = has_alnum = false;
    }
  }
  return words;
}

std::size_t CountWords(const Chapter& chapter) {
  std::size_t words = 0;
  for (const Paragraph& p : chapter.paragraphs) words += CountWords(p.text);
  return words;
}

}  // namespace narrate::source
