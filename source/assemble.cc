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

bool EndsWithPunctuation(const std::string& s) {
  return !s.empty() && std::strchr(".:;!?", s.back()) != nullptr;
}

// "I", "12", "XLII": a bare number that needs "Chapter" in front to be heard as one.
bool IsBareNumber(const std::string& s) {
  static const std::regex kNumber(R"(^([0-9]{1,4}|[IVXLC]{1,8})\.?$)");
  return std::regex_match(s, kNumber);
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += EndsWithPunctuation(out) ? " " : separator;
    out += p;
  }
  return out;
}

std::string SpokenForm(std::string title) {
  if (title.empty()) return title;
  if (IsBareNumber(title)) title = "Chapter " + title;
  if (!EndsWithPunctuation(title)) title += '.';
  return title;
}

// A paragraph that only repeats (part of) the chapter's title, as books
// without heading elements set it (<p class="chapter-title">CHAPTER 1</p>).
bool RepeatsTitle(const std::string& paragraph, const std::string& title) {
  if (paragraph.size() > 120) return false;
  std::vector<std::string> p = LowerWords(paragraph), t = LowerWords(title);
  if (p.empty() || p.size() > t.size()) return false;
  bool telling = p.size() == t.size() || p.size() >= 2 || IsBareNumber(paragraph) ||
                 std::regex_match(p[0], std::regex("[0-9]+|[ivxlc]+"));
  if (!telling) return false;
  return std::search(t.begin(), t.end(), p.begin(), p.end()) != t.end();
}

// "Chapter 12", "PART II", "Book One", "7": a heading that needs the one after it.
bool IsLabel(const std::string& heading) {
  static const std::regex kLabel(
      R"(^((chapter|part|book|volume|section|letter|stave|canto|act|scene|kapitel|chapitre|cap[ií]tulo)\s+)?)"
      R"(([0-9]+|[ivxlcdm]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|the \w+)[.:]?$)",
      std::regex::icase);
  return heading.size() < 40 && std::regex_match(heading, kLabel);
}

Paragraph ToParagraph(const TextBlock& block) {
  return Paragraph{block.text, 0, block.after_scene_break, block.pronunciations};
}

}  // namespace

void ChapterBuilder::Start(std::string title) {
  CloseChapter();
  Chapter chapter;
  chapter.title = std::move(title);
  chapters_.push_back(std::move(chapter));
  in_opening_headings_ = true;
  heading_texts_.clear();
}

void ChapterBuilder::Add(const TextBlock& block, const std::string& doc) {
  if (chapters_.empty()) Start("");
  if (options_.footnotes == Footnotes::kEndOfChapter) {
    for (const std::string& href : block.noterefs) noterefs_.emplace_back(doc, href);
  }
  // Opening headings: "Chapter 1" then "The Beginning" are one title; "Introduction" then "Overview" are not.
  if (block.kind == TextBlock::Kind::kHeading && in_opening_headings_ &&
      (heading_texts_.empty() || IsLabel(Join(heading_texts_, " ")) ||
       RepeatsTitle(block.text, chapters_.back().title))) {
    heading_texts_.push_back(block.text);
    return;
  }
  AddParagraph(block);
}

void ChapterBuilder::AddParagraph(const TextBlock& block) {
  Chapter& chapter = chapters_.back();
  if (in_opening_headings_ && heading_texts_.size() < 2 && RepeatsTitle(block.text, chapter.title)) {
    heading_texts_.push_back(block.text);
    return;
  }
  if (in_opening_headings_) SetTitles(chapter);
  chapter.paragraphs.push_back(ToParagraph(block));
}

// The chapter's own opening headings are what is said; the table of
// contents' title is shown. A bare number heading ("190", "IV") is said with
// the title it stands for ("190 A Four-Leaved Clover"), else as "Chapter IV".
void ChapterBuilder::SetTitles(Chapter& chapter) {
  in_opening_headings_ = false;
  if (chapter.title.empty()) chapter.title = Join(heading_texts_, ": ");
  std::string headings = Join(heading_texts_, ". ");
  bool bare = IsBareNumber(headings);
  if (headings.empty() || (bare && chapter.title.size() > headings.size() && chapter.title.starts_with(headings))) {
    headings = chapter.title;
  }
  chapter.spoken_title = SpokenForm(headings);
}

// Ends the open chapter: a chapter of headings only gets its titles; notes it refers to follow its text.
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

// A chapter with nothing under it ("Part Two") joins the next; a trailing one is dropped.
std::vector<Chapter> ChapterBuilder::Finish() {
  CloseChapter();
  std::vector<Chapter> out;
  std::vector<Chapter> pending;
  for (Chapter& c : chapters_) {
    if (c.paragraphs.empty()) {
      // "Contents" left empty once its lines of links are gone is no part of the next title.
      if (!options_.include_front_matter && IsFrontMatterTitle(c.title)) continue;
      pending.push_back(std::move(c));
      continue;
    }
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
      if (!it->title.empty() && c.title != it->title) c.title = it->title + " — " + c.title;
      if (!it->spoken_title.empty()) c.spoken_title = it->spoken_title + " " + c.spoken_title;
    }
    pending.clear();
    if (c.title.empty()) c.title = "Chapter " + std::to_string(out.size() + 1);
    out.push_back(std::move(c));
  }
  chapters_.clear();
  return out;
}

}  // namespace narrate::source::internal
