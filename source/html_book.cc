// A single HTML/XHTML file as a book. ParseHtml has marked Project
// Gutenberg's header and licence; here the title page, tables of contents,
// lists of illustrations and transcriber's notes are set aside, the heading
// level that divides the body into chapters is found (not a lone title
// heading, not part headings that only group chapters, not subtitles), and
// the blocks go to a ChapterBuilder.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string_view>

#include "source/epub.h"
#include "source/gutenberg.h"
#include "source/html.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kMaxListLineBytes = 80;  // an entry of a contents list without a link
constexpr std::size_t kMaxCaptionBytes = 80;   // a heading under a picture that is its caption
constexpr int kMinDeeperRatio = 2;             // chapters under parts outnumber them at least twice
constexpr std::size_t kMinProseWords = 20;     // title pages hold shorter paragraphs
constexpr long kMinChapters = 2;  // fewer heading elements: chapters may be set as lines

using Blocks = std::vector<TextBlock>;

bool IsHeading(const TextBlock& b) { return b.kind == TextBlock::Kind::kHeading; }

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// Letters and digits only, lower case: "D R A C U L A" → "dracula".
std::string Letters(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

// Fragment ids the block links to: "#chap01" → "chap01".
std::vector<std::string> Targets(const TextBlock& b) {
  std::vector<std::string> out;
  for (const std::string& href : b.links) {
    std::size_t hash = href.find('#');
    if (hash != std::string::npos) out.push_back(PercentDecode(href.substr(hash + 1)));
  }
  return out;
}

// A transcriber's note set as a paragraph: "[Transcriber's Note: …]",
// "Typographical errors corrected by the etext transcriber:".
bool IsTranscriberNote(const std::string& text) {
  static const std::regex kNote(
      R"(^\W{0,3}(original |etext |e-text )?transcriber(['’]?s|s['’]?)? notes?\b|)"
      R"(corrected by the (e-?text )?transcriber)",
      std::regex::icase);
  return text.size() < 200 && PatternSearch(text, kNote);
}

// What the book says about itself, to know its title page when it is seen.
struct BookMeta {
  std::string title;
  std::string author;
  std::string language;
};

// Whether a run of digits, '?' and '-' is years: groups of 3 or 4 digits
// (so a run of n digits with n >= 3 and n != 5), each maybe followed by '?',
// and hyphens: "1866-1946", "1801?-1890", "-1946"; not "12-1946", "1?".
bool IsYearsRun(std::string_view run) {
  std::size_t digits = 0;
  for (std::size_t i = 0; i <= run.size(); ++i) {
    const bool digit = i < run.size() && std::isdigit(static_cast<unsigned char>(run[i]));
    if (digit) {
      ++digits;
      continue;
    }
    if (digits != 0 && (digits < 3 || digits == 5)) return false;
    if (i < run.size() && run[i] == '?' && digits == 0) return false;
    digits = 0;
  }
  return true;
}

// The name without life dates at its end, scanned from the end (a regular
// expression for this backtracks exponentially on a long run of digits):
// "Wells, H. G., 1866-1946" → "Wells, H. G."; "Plato, 428-348 BCE" → "Plato".
std::string WithoutTrailingDates(const std::string& s) {
  std::size_t end = s.size();
  auto skip_space = [&] {
    while (end > 0 && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
  };
  skip_space();
  for (std::string_view era : {"BCE", "BC", "AD"}) {
    if (std::string_view(s).substr(0, end).ends_with(era)) {
      end -= era.size();
      break;
    }
  }
  skip_space();
  const std::size_t run_end = end;
  while (end > 0 && (std::isdigit(static_cast<unsigned char>(s[end - 1])) || s[end - 1] == '?' ||
                     s[end - 1] == '-')) {
    --end;
  }
  if (end == run_end || !IsYearsRun(std::string_view(s).substr(end, run_end - end))) return s;
  skip_space();
  if (end > 0 && s[end - 1] == ',') --end;
  return s.substr(0, end);
}

// "Wells, H. G. (Herbert George), 1866-1946" → "H. G. Wells".
std::string CreatorName(std::string s) {
  static const std::regex kParen(R"(\s*\([^)]*\))");
  s = PatternReplace(s, kParen, "");
  s = WithoutTrailingDates(s);
  std::size_t comma = s.find(", ");
  if (comma != std::string::npos && s.find(", ", comma + 1) == std::string::npos) {
    s = s.substr(comma + 2) + " " + s.substr(0, comma);
  }
  return Trim(s, " ,");
}

// Title and author from <title>: "The Project Gutenberg eBook of X, by Y",
// "X | Project Gutenberg", "X, by Y—A Project Gutenberg eBook".
BookMeta FromTitleElement(const std::string& title) {
  static const std::regex kSuffix(
      R"(\s*(\||—|–|-)\s*(a )?project gutenberg( e-?book| e-?text)?\.?\s*$)", std::regex::icase);
  static const std::regex kBy(R"(^(.+?),?\s+by\s+(.+?)\.?$)", std::regex::icase);
  BookMeta meta;
  GutenbergMeta g = ParseGutenbergHeader({title});
  std::string rest = !g.title.empty() ? g.title : PatternReplace(title, kSuffix, "");
  meta.author = g.author;
  std::smatch m;
  if (meta.author.empty() && PatternMatch(rest, kBy, &m)) {
    meta.author = m[2].str();  // before rest changes: m points into it
    rest = m[1].str();
  }
  meta.title = Trim(rest, " .");
  // "Jane Eyre" alone may be the file's own name for itself, not the book's.
  if (Lower(title).find("gutenberg") == std::string::npos && g.title.empty()) meta.title.clear();
  return meta;
}

BookMeta MetaOf(const HtmlMeta& html) {
  GutenbergMeta g = ParseGutenbergHeader(html.gutenberg_header);
  BookMeta from_title = FromTitleElement(html.title);
  BookMeta meta;
  meta.title = !g.title.empty()         ? g.title
               : !html.dc_title.empty() ? html.dc_title
                                        : from_title.title;
  std::string creators;
  for (const std::string& c : html.dc_creators)
    creators += (creators.empty() ? "" : ", ") + CreatorName(c);
  meta.author = !g.author.empty() ? g.author : !creators.empty() ? creators : from_title.author;
  meta.language = !html.dc_language.empty() ? html.dc_language
                  : !g.language.empty()     ? g.language
                                            : html.language;
  return meta;
}

// Heading statistics of the body, per level.
struct LevelStats {
  int count = 0;           // headings
  int parts = 0;           // "PART ONE", "BOOK TWO", "Erster Teil."
  int chapters = 0;        // "CHAPTER I", "Letter 2"
  int above_numbered = 0;  // directly followed by a deeper numbered heading ("I.")
};

// The shape of the book's blocks: what is not read and where chapters start.
class Layout {
 public:
  Layout(const Blocks& blocks, const BookMeta& meta, const ReadOptions& options)
      : blocks_(blocks), meta_(meta), options_(options), skip_(blocks.size(), false) {
    for (std::size_t i = 0; i < blocks.size(); ++i) skip_[i] = blocks[i].gutenberg;
    if (!options_.include_front_matter) {
      MarkLists();
      MarkFrontSections();
    }
    MarkCaptionCandidates();
    FindTitlePage();
    FindChapterLevel();
    if (untitled_start_ != std::string::npos && SkipToHalfTitle(untitled_start_))
      FindChapterLevel();
    FindFlatParts();
    if (!options_.alt_text) DropCaptions();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (blocks[i].gutenberg) skip_[i] = false;  // front matter: read, as chapters of their own
    }
  }

  bool Skipped(std::size_t i) const { return skip_[i]; }
  // Read as front matter: the title page (with Gutenberg's header) is one chapter.
  bool InTitlePage(std::size_t i) const { return i < title_end_; }
  bool StartsChapter(std::size_t i) const;
  // A heading above the chapters: "Erster Teil.", "BOOK ONE".
  bool IsPart(std::size_t i) const;
  // A chapter's heading that is only its number, with text right under it: "2." in "Erster Teil.".
  bool IsNumberOnly(std::size_t i) const;
  const std::string& title_heading() const { return title_heading_; }
  const std::string& byline() const { return byline_; }

 private:
  bool ListLike(std::size_t i) const;
  bool ListStart(std::size_t i) const;
  void MarkLists();
  void MarkList(std::size_t first);
  void MarkFrontSections();
  bool OpensFrontSection(const TextBlock& b) const;
  std::size_t SkipSection(std::size_t i);
  void MarkCaptionCandidates();
  bool IsTitleOrAuthor(std::size_t i);
  bool IsProse(std::size_t i) const;
  std::size_t FirstText() const;
  std::size_t OpeningOf(std::size_t first);
  std::size_t HeadingBefore(std::size_t i) const;
  void FindTitlePage();
  bool SkipToHalfTitle(std::size_t from);
  void FindChapterLevel();
  bool ShouldDescend(int level, int deeper) const;
  void FindFlatParts();
  void DropCaptions();
  std::size_t Previous(std::size_t i) const;  // the block before i that is read, or npos
  std::size_t Next(std::size_t i) const;      // the block after i that is read, or size

  const Blocks& blocks_;
  const BookMeta& meta_;
  const ReadOptions& options_;
  std::vector<bool> skip_;
  std::vector<bool> caption_;  // a short heading right under a picture
  std::map<int, LevelStats> stats_;
  int chapter_level_ = 0;
  bool flat_parts_ = false;  // part headings at the chapter level group unnumbered sections (poems)
  std::string title_heading_;
  std::string byline_;
  // Where text before the first chapter begins when it has no heading of its own.
  std::size_t untitled_start_ = std::string::npos;
  std::size_t title_end_ = 0;  // the title page is the blocks before it
};

std::size_t Layout::Previous(std::size_t i) const {
  while (i-- > 0) {
    if (!skip_[i]) return i;
  }
  return std::string::npos;
}

std::size_t Layout::Next(std::size_t i) const {
  while (++i < blocks_.size() && skip_[i]) {
  }
  return i;
}

// A line of a table of contents or of a list of illustrations: a link, or a
// short entry ("STAVE I", "Artist.", "PAGE").
bool Layout::ListLike(std::size_t i) const {
  const TextBlock& b = blocks_[i];
  if (b.links_only || !b.links.empty()) return true;
  if (IsHeading(b)) return IsListTitle(b.text);
  return b.text.size() <= kMaxListLineBytes;
}

// "CONTENTS" as a heading, or as a paragraph followed by lines of links.
bool Layout::ListStart(std::size_t i) const {
  const TextBlock& b = blocks_[i];
  if (!IsListTitle(FirstLine(b.text))) return false;
  if (IsHeading(b)) return true;
  return i + 1 < blocks_.size() && (blocks_[i + 1].links_only || !blocks_[i + 1].links.empty());
}

void Layout::MarkLists() {
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (ListStart(i)) MarkList(i);
  }
}

// The list runs while its lines look like entries, up to the first block an entry points to.
void Layout::MarkList(std::size_t first) {
  std::set<std::string> targets;
  skip_[first] = true;
  for (std::size_t i = first + 1; i < blocks_.size(); ++i) {
    const TextBlock& b = blocks_[i];
    bool target = std::any_of(b.anchors.begin(), b.anchors.end(),
                              [&](const std::string& a) { return targets.contains(a); });
    if (target || !ListLike(i)) return;
    for (std::string& t : Targets(b)) targets.insert(std::move(t));
    skip_[i] = true;
  }
}

// "Transcriber's Notes", "Copyright", "Index": the heading and what is under it,
// up to the next heading as high.
void Layout::MarkFrontSections() {
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (!skip_[i] && OpensFrontSection(blocks_[i])) i = SkipSection(i) - 1;
  }
}

// "Transcriber's Notes", "Copyright", "Index", "Footnotes" (read through the footnotes option),
// or a paragraph "Typographical errors corrected by the etext transcriber:".
bool Layout::OpensFrontSection(const TextBlock& b) const {
  if (IsTranscriberNote(b.text)) return true;
  if (!IsHeading(b) || IsListTitle(b.text)) return false;
  return IsFrontMatterTitle(FirstLine(b.text)) || IsNotesTitle(FirstLine(b.text));
}

// Skips block i and what is under it, up to the next heading as high; returns that heading's index.
std::size_t Layout::SkipSection(std::size_t i) {
  const int level = IsHeading(blocks_[i]) ? blocks_[i].heading_level : 6;
  skip_[i] = true;
  for (++i; i < blocks_.size() && !(IsHeading(blocks_[i]) && blocks_[i].heading_level <= level);
       ++i) {
    skip_[i] = true;
  }
  return i;
}

void Layout::MarkCaptionCandidates() {
  caption_.assign(blocks_.size(), false);
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    const TextBlock& b = blocks_[i];
    caption_[i] = IsHeading(b) && b.after_image && b.text.size() <= kMaxCaptionBytes &&
                  !IsNumbered(FirstLine(b.text));
  }
}

// The book's title ("D R A C U L A" for "Dracula", "A Ghost Story of Christmas"
// for "A Christmas Carol: A Ghost Story of Christmas"), its author, "by", "By Herman Melville".
bool Layout::IsTitleOrAuthor(std::size_t i) {
  const TextBlock& b = blocks_[i];
  const std::string text = Letters(b.text);
  const std::string title = Letters(meta_.title), author = Letters(meta_.author);
  if (text.empty()) return false;
  if (text == "by" || (!author.empty() && text == author)) return true;
  std::size_t by = 0;  // "By John Smith" (regex "^\s*by\s", any case)
  while (by < b.text.size() && IsRegexSpace(b.text[by])) ++by;
  if (Lower(b.text.substr(by, 2)) == "by" && by + 2 < b.text.size() &&
      IsRegexSpace(b.text[by + 2])) {
    if (byline_.empty()) byline_ = Trim(b.text.substr(b.text.find_first_of(" \t\n") + 1), " \t\n");
    return true;
  }
  if (text.size() >= 4 && !title.empty() && title.find(text) != std::string::npos) return true;
  if (!title_heading_.empty() && text == Letters(title_heading_)) return true;
  const std::size_t before = Previous(i);  // "by", then the author's name
  if (before == std::string::npos || Letters(blocks_[before].text) != "by") return false;
  if (byline_.empty()) byline_ = CollapseSpace(b.text);
  return true;
}

// The title page: what comes before the headings of the first paragraph's
// chapter. Those headings are its last heading, with the headings before it
// that label it ("I" before "Introduction") or stand above it ("ETYMOLOGY."
// above its subtitle, "PART ONE" above "CHAPTER I"); the book's title and its
// author are never among them.
void Layout::FindTitlePage() {
  const std::size_t first = FirstText();
  if (first == blocks_.size()) return;
  const std::size_t open = OpeningOf(first);
  int title_level = 7;  // without a lone top heading, the title page's highest heading is the title
  for (std::size_t i = 0; i < open; ++i) {
    if (skip_[i]) continue;
    if (IsHeading(blocks_[i])) title_level = std::min(title_level, blocks_[i].heading_level);
    if (!options_.include_front_matter) skip_[i] = true;
  }
  for (std::size_t i = 0; i < open && title_heading_.empty(); ++i) {
    if (IsHeading(blocks_[i]) && blocks_[i].heading_level == title_level)
      title_heading_ = blocks_[i].text;
  }
  for (std::size_t i = 0; i < open; ++i) IsTitleOrAuthor(i);  // for the "by" line
  if (open == first) untitled_start_ = first;
  title_end_ = open;
}

// The first paragraph of the book's text (no prose: the first block read, not a heading).
std::size_t Layout::FirstText() const {
  std::size_t first = 0;
  while (first < blocks_.size() && !IsProse(first)) ++first;
  if (first == blocks_.size()) first = Next(std::string::npos);
  while (first < blocks_.size() && IsHeading(blocks_[first])) first = Next(first);
  return first;
}

// The first of the headings that open the chapter of block `first`; `first` when there are none.
std::size_t Layout::OpeningOf(std::size_t first) {
  std::map<int, int> counts;  // a lone top-level heading is the book's title
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (!skip_[i] && IsHeading(blocks_[i])) ++counts[blocks_[i].heading_level];
  }
  std::size_t open = first;
  for (std::size_t i = HeadingBefore(first); i != std::string::npos; i = HeadingBefore(i)) {
    const TextBlock& b = blocks_[i];
    if (counts.size() > 1 && counts.begin()->first == b.heading_level &&
        counts.begin()->second == 1) {
      title_heading_ = b.text;
    }
    if (caption_[i] || IsTitleOrAuthor(i)) break;
    const std::string line = FirstLine(b.text);
    const bool above =
        IsLabel(line) || IsPartLabel(line) || b.heading_level < blocks_[open].heading_level;
    if (open < first && !above) break;
    open = i;
  }
  return open;
}

// Text with no heading of its own before the first chapter ("To S.L.O., … dedicated")
// is front matter too when the book's title is set again after it, before the text begins.
bool Layout::SkipToHalfTitle(std::size_t from) {
  std::size_t half_title = std::string::npos;  // the last one before the first chapter
  for (std::size_t i = from; i < blocks_.size(); ++i) {
    if (skip_[i] || !IsHeading(blocks_[i])) continue;
    const bool title = IsTitleOrAuthor(i);
    if (!title && blocks_[i].heading_level <= chapter_level_) break;
    if (title) half_title = i;
  }
  if (half_title == std::string::npos || options_.include_front_matter) return false;
  for (std::size_t k = from; k <= half_title; ++k) skip_[k] = true;
  return true;
}

// The heading before block i, across short paragraphs only ("Erster Teil." over an epigraph).
std::size_t Layout::HeadingBefore(std::size_t i) const {
  while (i-- > 0) {
    if (skip_[i]) return std::string::npos;
    if (IsHeading(blocks_[i])) return i;
    if (CountWords(blocks_[i].text) >= kMinProseWords) return std::string::npos;
  }
  return std::string::npos;
}

// A paragraph of some length: where the book's text begins, after the title page.
bool Layout::IsProse(std::size_t i) const {
  const TextBlock& b = blocks_[i];
  return !skip_[i] && !IsHeading(b) && !b.links_only && CountWords(b.text) >= kMinProseWords;
}

// The chapter level: the highest level with headings, unless those are parts
// ("PART ONE", or headings right above numbered ones) over more chapters.
void Layout::FindChapterLevel() {
  std::map<int, LevelStats> stats;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    const TextBlock& b = blocks_[i];
    if (skip_[i] || caption_[i] || !IsHeading(b)) continue;
    LevelStats& s = stats[b.heading_level];
    const std::string line = FirstLine(b.text);
    ++s.count;
    s.parts += IsPartLabel(line);
    s.chapters += IsChapterLabel(line);
    std::size_t next = Next(i);
    if (next < blocks_.size() && IsHeading(blocks_[next]) &&
        blocks_[next].heading_level > b.heading_level &&
        IsNumbered(FirstLine(blocks_[next].text))) {
      ++s.above_numbered;
    }
  }
  std::vector<int> levels;
  for (const auto& [level, s] : stats) levels.push_back(level);
  if (levels.empty()) return;
  stats_ = std::move(stats);
  chapter_level_ = levels.front();
  for (std::size_t k = 1; k < levels.size() && ShouldDescend(chapter_level_, levels[k]); ++k) {
    chapter_level_ = levels[k];
  }
}

bool Layout::ShouldDescend(int level, int deeper) const {
  const LevelStats& up = stats_.at(level);
  const LevelStats& down = stats_.at(deeper);
  if (2 * up.chapters >= up.count) return false;
  if (2 * up.parts >= up.count) return down.count > up.count;
  if (down.count < kMinDeeperRatio * up.count) return false;
  return 2 * up.above_numbered >= up.count || 2 * down.chapters >= down.count;
}

// Leaves of Grass: "BOOK I. INSCRIPTIONS" and the poems under it are all <h2>;
// the books are the chapters when the other headings carry no numbers.
void Layout::FindFlatParts() {
  int parts = 0, numbered = 0, others = 0;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    const TextBlock& b = blocks_[i];
    if (skip_[i] || caption_[i] || !IsHeading(b) || b.heading_level != chapter_level_) continue;
    const std::string line = FirstLine(b.text);
    if (IsPartLabel(line))
      ++parts;
    else if (IsNumbered(line))
      ++numbered;
    else
      ++others;
  }
  flat_parts_ = parts >= 2 && others > parts && numbered * 5 < others;
}

void Layout::DropCaptions() {
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (caption_[i] && blocks_[i].heading_level > chapter_level_) skip_[i] = true;
  }
}

// A heading at or above the chapter level starts a chapter, unless it titles
// the one the heading before it labels ("I" then "Introduction").
bool Layout::StartsChapter(std::size_t i) const {
  const TextBlock& b = blocks_[i];
  if (!IsHeading(b) || chapter_level_ == 0 || b.heading_level > chapter_level_ || caption_[i])
    return false;
  if (InTitlePage(i) || b.gutenberg) return false;
  if (flat_parts_ && b.heading_level == chapter_level_ && !IsPartLabel(FirstLine(b.text)))
    return false;
  std::size_t prev = Previous(i);
  if (prev == std::string::npos || !IsHeading(blocks_[prev])) return true;
  const TextBlock& p = blocks_[prev];
  return !(p.heading_level == b.heading_level && IsLabel(p.text) && !IsLabel(FirstLine(b.text)));
}

bool Layout::IsPart(std::size_t i) const {
  const TextBlock& b = blocks_[i];
  return IsHeading(b) && (b.heading_level < chapter_level_ || IsPartLabel(FirstLine(b.text)));
}

bool Layout::IsNumberOnly(std::size_t i) const {
  std::size_t next = Next(i);
  return IsBareNumber(blocks_[i].text) && next < blocks_.size() && !IsHeading(blocks_[next]);
}

// Books set without heading elements: "<p class="chapter">CHAPTER I.</p>" lines are headings.
void PromoteHeadingLines(Blocks& blocks) {
  const auto headings = std::count_if(blocks.begin(), blocks.end(), IsHeading);
  if (headings >= kMinChapters) return;
  std::vector<TextBlock*> lines;
  for (TextBlock& b : blocks) {
    if (IsHeading(b) || b.text.size() > kMaxListLineBytes || b.text.find('\n') != std::string::npos)
      continue;
    if (FindHeading(Block{{b.text}, 0}, false)) lines.push_back(&b);
  }
  if (lines.size() < kMinChapters) return;
  for (TextBlock* b : lines) {
    b->kind = TextBlock::Kind::kHeading;
    b->heading_level = 2;
  }
}

// The note an href points to: a note body, else the block holding the id (a plain list of notes).
class NoteFinder {
 public:
  explicit NoteFinder(const HtmlDocument& doc) : doc_(doc) {}

  const Note* operator()(const std::string& href) {
    std::size_t hash = href.find('#');
    if (hash == std::string::npos) return nullptr;
    const std::string id = PercentDecode(href.substr(hash + 1));
    for (const Note& note : doc_.notes) {
      if (std::find(note.ids.begin(), note.ids.end(), id) != note.ids.end()) return &note;
    }
    for (const TextBlock& b : doc_.blocks) {
      if (std::find(b.anchors.begin(), b.anchors.end(), id) == b.anchors.end()) continue;
      Note& note = loose_[id];
      note.ids = {id};
      note.blocks = {b};
      return &note;
    }
    return nullptr;
  }

 private:
  const HtmlDocument& doc_;
  std::map<std::string, Note> loose_;
};

// The title a reader would give the book: the title heading, its capitals title-cased.
std::string HeadingTitle(const std::string& heading) {
  std::string joined;
  for (char c : heading) joined += c == '\n' ? ' ' : c;
  return TitleCaseCapitals(CollapseSpace(joined));
}

// Hands the blocks that are read to a ChapterBuilder, starting chapters where
// the layout says. Read as front matter, Gutenberg's header, the title page
// and Gutenberg's licence are chapters of their own.
class Feed {
 public:
  Feed(const Blocks& blocks, const Layout& layout, ChapterBuilder& builder, const std::string& path)
      : blocks_(blocks), layout_(layout), builder_(builder), path_(path) {}

  void Run() {
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      if (!layout_.Skipped(i)) Block(i);
    }
  }

 private:
  void Block(std::size_t i) {
    const TextBlock& b = blocks_[i];
    const bool title_page = layout_.InTitlePage(i) && !b.gutenberg;
    FrontMatterChapters(i, title_page);
    if (layout_.StartsChapter(i)) StartChapter(i);
    if (!title_page || !IsHeading(b)) return builder_.Add(b, path_);
    TextBlock line = b;  // the title page's lines are its text
    line.kind = TextBlock::Kind::kParagraph;
    builder_.Add(line, path_);
  }

  void FrontMatterChapters(std::size_t i, bool title_page) {
    const TextBlock& b = blocks_[i];
    if (b.gutenberg && !in_gutenberg_)
      builder_.Start(read_text_ ? "Project Gutenberg Licence" : "Project Gutenberg");
    if (title_page && !in_title_page_) builder_.Start("Title Page");
    const bool text = !b.gutenberg && !title_page;
    if (text && (in_gutenberg_ || in_title_page_) && !layout_.StartsChapter(i)) builder_.Start("");
    in_gutenberg_ = b.gutenberg;
    in_title_page_ = title_page;
    read_text_ = read_text_ || text;
  }

  // "Erster Teil" › "2." is "Erster Teil — 2".
  void StartChapter(std::size_t i) {
    const std::string& text = blocks_[i].text;
    if (layout_.IsPart(i)) part_ = DisplayTitle({text});
    const bool numbered = !part_.empty() && layout_.IsNumberOnly(i);
    builder_.Start(numbered ? part_ + " — " + DisplayTitle({text}) : "");
  }

  const Blocks& blocks_;
  const Layout& layout_;
  ChapterBuilder& builder_;
  const std::string& path_;
  std::string part_;  // the part the chapters are in
  bool in_gutenberg_ = false, in_title_page_ = false, read_text_ = false;
};

// Title, author and language: the options, else the book's own word.
void NameBook(Book& book, const HtmlDocument& doc, const BookMeta& meta, const Layout& layout,
              const ReadOptions& options) {
  book.title = !options.title.empty() ? options.title : meta.title;
  if (book.title.empty() && !layout.title_heading().empty())
    book.title = HeadingTitle(layout.title_heading());
  if (book.title.empty()) book.title = doc.meta.title;
  if (book.title.empty()) book.title = std::filesystem::path(book.path).stem().string();
  book.author = !options.author.empty() ? options.author
                : !meta.author.empty()  ? meta.author
                                        : layout.byline();
  book.language = meta.language;
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

Result<Book> ParseHtmlBook(std::string_view content, const std::string& path,
                           const ReadOptions& options) {
  std::string notice;
  Result<std::string> bytes = HtmlBytes(content, path, notice);
  if (!bytes.ok()) return bytes.status();
  HtmlDocument doc = ParseHtml(*bytes, HtmlOptions{options.alt_text, options.include_front_matter});
  if (!doc.error.empty()) return Status::Error(path + ": " + doc.error);
  PromoteHeadingLines(doc.blocks);
  const BookMeta meta = MetaOf(doc.meta);
  Layout layout(doc.blocks, meta, options);
  Book book;
  book.path = path;
  NameBook(book, doc, meta, layout, options);
  NoteFinder notes(doc);
  ChapterBuilder builder(
      options, [&notes](const std::string&, const std::string& href) { return notes(href); });
  builder.SetLanguage(book.language);
  builder.SetUntitledName(book.title);
  Feed(doc.blocks, layout, builder, path).Run();
  book.chapters = builder.Finish();
  if (book.chapters.empty()) return Status::Error(path + ": the book has no text to read");
  if (Status s = CheckBookParagraphs(book, path); !s.ok()) return s;
  if (!notice.empty()) book.notices.push_back(notice);
  MakeBookTextValid(book);
  return book;
}

}  // namespace narrate::source::internal
