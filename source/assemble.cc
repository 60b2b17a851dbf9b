// Text blocks of HTML/EPUB documents → chapters.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <regex>
#include <set>

#include "source/html.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kMaxSubtitleBytes = 100;
constexpr std::size_t kMaxOpeningParts = 3;
constexpr std::size_t kMaxJoinedOpeningWords = 300;

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += std::strchr(".:;!?", out.back()) ? " " : separator;
    out += p;
  }
  return out;
}

// A paragraph that only repeats (part of) the chapter's title, as books
// without heading elements set it (<p class="chapter-title">CHAPTER 1</p>).
bool RepeatsTitle(const std::string& paragraph, const std::string& title) {
  static const std::regex kNumberWord("[0-9]+|[ivxlc]+");
  if (paragraph.size() > 120) return false;
  std::vector<std::string> p = LowerWords(paragraph), t = LowerWords(title);
  if (p.empty() || p.size() > t.size()) return false;
  bool telling = p.size() == t.size() || p.size() >= 2 || IsBareNumber(paragraph) ||
                 PatternMatch(p[0], kNumberWord);
  if (!telling) return false;
  return std::search(t.begin(), t.end(), p.begin(), p.end()) != t.end();
}

Paragraph ToParagraph(const TextBlock& block) {
  return Paragraph{block.text, 0, block.after_scene_break, block.pronunciations};
}

// A heading inside a chapter is read as a paragraph: its parts as sentences,
// a Roman section number as digits ("II." → "2.", which eSpeak says as a number).
Paragraph HeadingParagraph(const TextBlock& block) {
  std::vector<std::string> lines = SplitLines(SpokenText(block));
  for (std::string& line : lines) {
    std::string bare = line.ends_with('.') ? line.substr(0, line.size() - 1) : line;
    int value = IsBareNumber(line) ? RomanNumeralValue(bare) : 0;
    if (value > 0) line = std::to_string(value) + (line.ends_with('.') ? "." : "");
  }
  Paragraph p = ToParagraph(block);
  p.text = Join(lines, ". ");
  if (p.text != block.text) p.pronunciations.clear();
  return p;
}

}  // namespace

void ChapterBuilder::SetLanguage(const std::string& language) {
  english_ = language.empty() || Lower(language).starts_with("en");
}

void ChapterBuilder::Start(std::string title) {
  CloseChapter();
  Chapter chapter;
  chapter.title = std::move(title);
  chapters_.push_back(std::move(chapter));
  in_opening_headings_ = true;
  heading_texts_.clear();
  spoken_parts_.clear();
}

void ChapterBuilder::Add(const TextBlock& block, const std::string& doc) {
  if (chapters_.empty()) Start("");
  if (block.links_only && !options_.include_front_matter) return;
  if (options_.footnotes == Footnotes::kEndOfChapter) {
    for (const std::string& href : block.noterefs) noterefs_.emplace_back(doc, href);
  }
  if (block.kind == TextBlock::Kind::kHeading && TakesHeading(block)) return TakeHeading(block);
  AddParagraph(block);
}

// Opening headings: "Chapter 1" then "The Beginning" are one title, and so are
// a heading and a deeper subtitle ("ETYMOLOGY." then "(Supplied by a Late
// Consumptive Usher …)"); "Introduction" then "Overview" are not.
bool ChapterBuilder::TakesHeading(const TextBlock& block) const {
  if (!in_opening_headings_) return false;
  if (heading_texts_.empty()) return true;
  if (IsLabel(Join(heading_texts_, " ")) || RepeatsTitle(block.text, chapters_.back().title))
    return true;
  return block.heading_level > opening_level_ && heading_texts_.size() < kMaxOpeningParts &&
         block.text.size() <= kMaxSubtitleBytes && !IsNumbered(SplitLines(block.text).front());
}

void ChapterBuilder::TakeHeading(const TextBlock& block) {
  if (heading_texts_.empty()) opening_level_ = block.heading_level;
  for (std::string& line : SplitLines(block.text)) heading_texts_.push_back(std::move(line));
  for (std::string& line : SplitLines(SpokenText(block))) spoken_parts_.push_back(std::move(line));
}

void ChapterBuilder::AddParagraph(const TextBlock& block) {
  Chapter& chapter = chapters_.back();
  if (in_opening_headings_ && heading_texts_.size() < 2 &&
      RepeatsTitle(block.text, chapter.title)) {
    heading_texts_.push_back(block.text);
    spoken_parts_.push_back(SpokenText(block));
    return;
  }
  if (in_opening_headings_) SetTitles(chapter);
  chapter.paragraphs.push_back(block.kind == TextBlock::Kind::kHeading ? HeadingParagraph(block)
                                                                       : ToParagraph(block));
}

// The chapter's own opening headings are what is said; the table of
// contents' title is shown. A bare number heading ("190", "IV") is said with
// the title it stands for ("190 A Four-Leaved Clover"), else as "Chapter IV".
void ChapterBuilder::SetTitles(Chapter& chapter) {
  in_opening_headings_ = false;
  parts_.resize(chapters_.size());
  parts_.back() = !heading_texts_.empty() && IsPartLabel(heading_texts_.front());
  if (chapter.title.empty()) chapter.title = DisplayTitle(heading_texts_);
  const std::string headings = Join(heading_texts_, " ");
  const bool bare = IsBareNumber(headings);
  if (headings.empty() ||
      (bare && chapter.title.size() > headings.size() && chapter.title.starts_with(headings))) {
    chapter.spoken_title = SpokenTitle({chapter.title}, english_);
  } else {
    chapter.spoken_title = SpokenTitle(spoken_parts_, english_);
  }
}

// Ends the open chapter: a chapter of headings only gets its titles; the
// notes it refers to follow its text.
void ChapterBuilder::CloseChapter() {
  if (chapters_.empty()) return;
  Chapter& chapter = chapters_.back();
  if (in_opening_headings_) SetTitles(chapter);
  std::set<const Note*> seen;
  std::vector<const Note*> notes;
  for (const auto& [doc, href] : noterefs_) {
    const Note* note = lookup_ ? lookup_(doc, href) : nullptr;
    if (note && seen.insert(note).second) notes.push_back(note);
  }
  noterefs_.clear();
  if (notes.empty() || chapter.paragraphs.empty()) return;
  chapter.paragraphs.push_back(Paragraph{"Notes.", 0, true, {}});
  for (const Note* note : notes) {
    for (const TextBlock& b : note->blocks) chapter.paragraphs.push_back(ToParagraph(b));
  }
}

// A chapter with nothing under it ("Part Two", or a part and a few lines)
// joins the next; a trailing one is dropped. With an untitled name, a short opening without a
// heading (an epigraph, a dedicatory poem) is read at the start of the chapter after it.
std::vector<Chapter> ChapterBuilder::Finish() {
  CloseChapter();
  std::vector<Chapter> out;
  std::vector<Chapter> pending;
  std::vector<Paragraph> opening;
  for (std::size_t i = 0; i < chapters_.size(); ++i) {
    Chapter& c = chapters_[i];
    // "PART 2" and a few lines of introduction open the chapter after it.
    const bool part_opening = parts_[i] && i + 1 < chapters_.size() && !parts_[i + 1] &&
                              CountWords(c) < kMaxJoinedOpeningWords;
    if (c.paragraphs.empty() || part_opening) {
      // "Contents" left empty once its lines of links are gone is no part of the next title; nor
      // are "Notes".
      if (!options_.include_front_matter && IsFrontMatterTitle(c.title)) continue;
      if (IsNotesTitle(c.title)) continue;
      pending.push_back(std::move(c));
      continue;
    }
    if (out.empty() && pending.empty() && c.title.empty() && !untitled_name_.empty() &&
        i + 1 < chapters_.size() && CountWords(c) < kMaxJoinedOpeningWords) {
      opening = std::move(c.paragraphs);
      continue;
    }
    for (const Chapter& p : pending)
      opening.insert(opening.end(), p.paragraphs.begin(), p.paragraphs.end());
    if (!opening.empty()) {
      c.paragraphs.front().after_scene_break = true;
      c.paragraphs.insert(c.paragraphs.begin(), opening.begin(), opening.end());
      opening.clear();
    }
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
      if (!it->title.empty() && !c.title.starts_with(it->title) &&
          !c.title.starts_with(TidyTitlePart(it->title))) {
        c.title = c.title.empty() ? it->title : it->title + " — " + c.title;
      }
      if (!it->spoken_title.empty()) c.spoken_title = it->spoken_title + " " + c.spoken_title;
    }
    pending.clear();
    if (c.title.empty() && out.empty() && !untitled_name_.empty()) {
      c.title = untitled_name_;
      if (c.spoken_title.empty()) c.spoken_title = SpokenTitle({untitled_name_}, false);
    }
    if (c.title.empty()) c.title = "Chapter " + std::to_string(out.size() + 1);
    out.push_back(std::move(c));
  }
  chapters_.clear();
  parts_.clear();
  return out;
}

}  // namespace narrate::source::internal
