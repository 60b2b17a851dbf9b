// The structure of a plain-text book as printed books set it: tables of
// contents, headings the table confirms, bare numbers heading chapters,
// titles on the line after a heading, sections inside chapters, verse.
#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

using Words = std::vector<std::string>;

constexpr std::size_t kMaxTitleBytes = 80;
constexpr std::size_t kMaxCapsWords = 8;
constexpr int kHeadingGap = 2;  // blank lines before a heading the text alone suggests
constexpr int kCapsGap = 3;     // … before an all-caps line taken as a heading
constexpr std::size_t kProseLookahead = 3;
constexpr std::size_t kMaxTitlePageWords = 60;  // blocks after a repeated entry searched for prose

Words WordsOf(std::string_view s) { return LowerWords(s); }

std::string Line(const Block& b, std::size_t i) { return Trim(StripInlineMarkup(b.lines[i])); }

std::string Joined(const Block& b) {
  std::string out;
  for (std::size_t i = 0; i < b.lines.size(); ++i) out += (i ? " " : "") + Line(b, i);
  return out;
}

// "CONTENTS", "Table of Contents.", "LIST OF ILLUSTRATIONS".
bool IsTocTitle(const std::string& line) {
  static const std::regex kToc(
      R"(^((table of )?contents|(list of )?(illustrations|plates|maps))\.?:?$)", std::regex::icase);
  return line.size() < 40 && PatternMatch(line, kToc);
}

// "Chapter I. The Period .......... 1" → "Chapter I. The Period".
std::string WithoutPageNumber(const std::string& entry) {
  static const std::regex kPage(R"((\s*\.(\s*\.)+\s*|\s{2,})\d{1,4}$)");
  return PatternReplace(entry, kPage, "");
}

// Hard-wrapped paragraph text: three lines, two of them long; or one very long
// line. Lines of capitals and contents entries ("IX. POWDER AND ARMS . . . 59") are short.
bool IsProse(const Block& b) {
  std::size_t long_lines = 0, very_long = 0;
  for (std::size_t i = 0; i < b.lines.size(); ++i) {
    std::string line = WithoutPageNumber(Line(b, i));
    bool lower =
        std::any_of(line.begin(), line.end(), [](unsigned char c) { return std::islower(c); });
    std::size_t n = lower ? line.size() : 0;
    long_lines += n >= 45;
    very_long += n >= 100;
  }
  if (very_long > 0) return true;
  return b.lines.size() >= 3 ? long_lines >= 2 : b.lines.size() == 2 && long_lines == 2;
}

bool StartsWith(const Words& whole, const Words& part) {
  return !part.empty() && part.size() <= whole.size() &&
         std::equal(part.begin(), part.end(), whole.begin());
}

// {chapter, one} → {one}.
Words WithoutKeyword(const Words& w) {
  static const std::set<std::string> kKeywords = {"chapter", "stave",  "letter", "book",
                                                  "part",    "volume", "canto",  "adventure"};
  if (w.size() < 2 || !kKeywords.count(w[0])) return w;
  return Words(w.begin() + 1, w.end());
}

class Toc {
 public:
  void AddBlock(const Block& b, std::size_t from) {
    for (std::size_t i = from; i < b.lines.size(); ++i) Add(WordsOf(WithoutPageNumber(Line(b, i))));
    if (b.lines.size() - from > 1) Add(WordsOf(WithoutPageNumber(Joined(b))));
  }
  // The book's text repeats an entry ("I" for "I Introduction", "CHAPTER ONE"
  // for "ONE  PLAYING PILGRIMS"): the contents have ended.
  bool Repeats(const Words& w) const {
    Words bare = WithoutKeyword(w);
    return std::any_of(entries_.begin(), entries_.end(), [&](const Words& e) {
      return StartsWith(e, w) || StartsWith(WithoutKeyword(e), bare);
    });
  }
  bool Lists(const Words& w) const {
    return !w.empty() && std::find(entries_.begin(), entries_.end(), w) != entries_.end();
  }
  bool empty() const { return entries_.empty(); }

 private:
  void Add(Words w) {
    if (!w.empty()) entries_.push_back(std::move(w));
  }
  std::vector<Words> entries_;
};

// Running text: prose, or a wrapped line of it ("\"Christmas won't be Christmas
// without any presents,\" grumbled Jo, lying" / "on the rug.").
bool IsText(const Block& b) {
  if (IsProse(b)) return true;
  std::string first = Line(b, 0);
  bool lower =
      std::any_of(first.begin(), first.end(), [](unsigned char c) { return std::islower(c); });
  return b.lines.size() >= 2 && lower && first.size() >= 60 && WithoutPageNumber(first) == first;
}

bool ProseFollows(const std::vector<Item>& items, std::size_t i) {
  for (std::size_t j = i + 1; j < items.size() && j <= i + kProseLookahead; ++j) {
    if (!items[j].heading && IsText(*items[j].block)) return true;
  }
  return false;
}

// Marks each table of contents (a "CONTENTS" line and the entries after it, up
// to the first prose or the text repeating an entry) as skipped, and collects
// its entries.
void MarkContents(std::vector<Item>& items, Toc& toc) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Block& b = *items[i].block;
    if (items[i].heading || !IsTocTitle(Line(b, 0))) continue;
    items[i].skip = true;
    toc.AddBlock(b, 1);
    std::size_t j = i + 1;
    for (; j < items.size() && !IsProse(*items[j].block); ++j) {
      const Block& e = *items[j].block;
      bool repeat = e.lines.size() <= 2 && toc.Repeats(WordsOf(Joined(e)));
      if (repeat && ProseFollows(items, j)) break;
      items[j].skip = true;
      items[j].heading.reset();
      toc.AddBlock(e, 0);
    }
    i = j - 1;
  }
}

// "XII", "12.", "I": a number alone on its line.
std::optional<int> BareNumber(const std::string& line) {
  static const std::regex kNumber(R"(^([IVXLC]{1,8}|\d{1,3})\.?$)");
  std::smatch m;
  if (!PatternMatch(line, kNumber, &m)) return {};
  int value = std::isdigit(static_cast<unsigned char>(line[0])) ? std::stoi(m[1].str())
                                                                : RomanValue(m[1].str());
  if (value <= 0) return {};
  return value;
}

bool IsAllCaps(const std::string& line) {
  bool lower =
      std::any_of(line.begin(), line.end(), [](unsigned char c) { return std::islower(c); });
  int letters = static_cast<int>(
      std::count_if(line.begin(), line.end(), [](unsigned char c) { return std::isalpha(c); }));
  return !lower && letters >= 3 && WordsOf(line).size() <= kMaxCapsWords && line.size() <= 60;
}

// A line that can be a chapter's title: short, title-like, no dialogue.
bool IsQuoted(const std::string& line) {
  return line.starts_with("\"") || line.starts_with("“") || line.starts_with("'") ||
         line.starts_with("‘");
}

bool IsTitleLine(const Block& b, bool quoted_ok = false) {
  if (b.lines.size() != 1) return false;
  std::string line = Line(b, 0);
  if (line.empty() || line.size() > kMaxTitleBytes) return false;
  if ((IsQuoted(line) && !quoted_ok) || line.starts_with("[") || line.starts_with("("))
    return false;
  char last = line.back();
  if (last == ',' || last == ';' || last == ':') return false;
  return IsAllCaps(line) || LooksLikeTitle(line);
}

Heading NumeralHeading(const std::string& number, int value, const std::string& title) {
  Heading h;
  h.kind = HeadingKind::kNumeral;
  std::string sub = TitleCase(TidySubtitle(title));
  h.title = sub.empty() ? number : number + ". " + sub;
  h.spoken = SpokenLine("Chapter " + std::to_string(value), sub);
  h.has_subtitle = !sub.empty();
  return h;
}

Heading OtherHeading(const std::string& text) {
  if (auto numbered = LineHeading(text)) return *numbered;  // "CHAPTER 73. Stubb and … over Him."
  Heading h;
  h.kind = HeadingKind::kOther;
  h.title = TitleCase(TidySubtitle(text));
  h.spoken = SpokenLine(h.title, "");
  if (h.spoken.size() >= 2 && h.spoken[h.spoken.size() - 2] == '?') h.spoken.pop_back();
  h.has_subtitle = true;
  return h;
}

struct Candidate {
  std::size_t item = 0;
  int value = 0;
  std::string number;  // as written: "XII"
  std::string title;   // "The Period"; empty for a bare number
};

// "I. The Period", "XII THE WHITE SPHINX", "3. Loomings": a number and a title.
std::optional<Candidate> NumberAndTitle(const std::string& line) {
  static const std::regex kNumbered(R"(^([IVXLC]{1,8}|\d{1,3})(\.\s*|\s+)(.+)$)");
  std::smatch m;
  if (line.size() > kMaxTitleBytes || !PatternMatch(line, kNumbered, &m)) return {};
  auto value = BareNumber(m[1].str());
  std::string title = m[3].str();
  if (!value || !(IsAllCaps(title) || LooksLikeTitle(title))) return {};
  if (m[2].str().find('.') == std::string::npos && !IsAllCaps(title) && m[1].str() == "I") {
    return {};  // "I Know" is a sentence
  }
  return Candidate{0, *value, m[1].str(), title};
}

// Mostly 1, 2, 3 … (a new part may start again at 1).
bool IsSeries(const std::vector<Candidate>& found) {
  if (found.size() < 2) return false;
  std::size_t steps = 0;
  for (std::size_t i = 1; i < found.size(); ++i) {
    int v = found[i].value, before = found[i - 1].value;
    steps += v == before + 1 || (v == 1 && before > 1);
  }
  return 2 * steps >= found.size() - 1 && found.front().value <= 2;
}

class Shaper {
 public:
  Shaper(std::vector<Item>& items, bool keep, bool alt_text)
      : items_(items), keep_(keep), alt_text_(alt_text) {}

  TitlePage Run() {
    MarkIllustrations();
    MarkContents(items_, toc_);
    bool chapter_series = CountKind(HeadingKind::kChapter) >= 2;
    FindNumerals(chapter_series);
    FindTocAndCapsHeadings();
    AttachTitles();
    if (!keep_) SkipTranscriberNotes();
    MarkVerse();
    return keep_ ? TitlePage{} : SkipTitlePage();
  }

 private:
  bool Open(std::size_t i) const { return !items_[i].skip && !items_[i].heading; }

  int CountKind(HeadingKind kind) const {
    return static_cast<int>(std::count_if(items_.begin(), items_.end(), [&](const Item& it) {
      return !it.skip && it.heading && it.heading->kind == kind;
    }));
  }

  // Bare numbers ("IV") and numbered titles ("IV. The Period") head chapters
  // when the book has no "Chapter" headings of its own and they count up;
  // inside "Chapter" (or "Adventure") chapters a bare number starts a section.
  void FindNumerals(bool chapter_series) {
    std::vector<Candidate> bare, titled;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (!Open(i)) continue;
      if (auto c = NumeralCandidate(i)) (c->title.empty() ? bare : titled).push_back(*c);
    }
    // "I. A SCANDAL IN BOHEMIA" heads a chapter and "I." alone a section of it.
    bool titled_chapters = !chapter_series && IsSeries(titled);
    if (chapter_series || titled_chapters) {
      for (const Candidate& c : bare) MarkSection(c.item);
    }
    if (chapter_series) return;
    const std::vector<Candidate>& use = titled_chapters ? titled : bare;
    if (!IsSeries(use)) return;
    for (const Candidate& c : use) {
      items_[c.item].heading = NumeralHeading(c.number, c.value, c.title);
    }
  }

  // "XII" (set apart), "I" / "The Old Sea-dog …" (one block), "I. The Period" (set apart).
  std::optional<Candidate> NumeralCandidate(std::size_t i) const {
    const Block& b = *items_[i].block;
    if (b.lines.size() > 2) return {};
    std::string line = Line(b, 0);
    auto number = BareNumber(line);
    bool apart = b.blank_before >= kHeadingGap;
    if (b.lines.size() == 2) {
      Block second{{b.lines[1]}, 0, 0};
      if (!number || !IsTitleLine(second, true)) return {};
      return Candidate{i, *number, TidySubtitle(line), Line(b, 1)};
    }
    if (number && apart) return Candidate{i, *number, TidySubtitle(line), ""};
    auto numbered = NumberAndTitle(line);
    if (!numbered || !apart) return {};
    return numbered->item = i, *numbered;
  }

  void MarkSection(std::size_t i) {
    items_[i].skip = true;
    items_[i].scene_break = true;
  }

  // A line the table of contents lists ("EXTRACTS (Supplied by a
  // Sub-Sub-Librarian).") or an all-caps line set apart like the chapter
  // headings ("ETYMOLOGY.") heads a chapter.
  void FindTocAndCapsHeadings() {
    int gap = std::max(kCapsGap, ChapterGap());
    // Without contents to confirm them, all-caps lines head chapters only
    // outside the run of numbered chapters ("ETYMOLOGY.", a closing "NOTE"):
    // "HINTS" inside a chapter is not one.
    auto [first, last] = NumberedRun();
    for (std::size_t i = 0; i < items_.size(); ++i) {
      const Block& b = *items_[i].block;
      if (!Open(i) || b.lines.size() > 2 || IsProse(b)) continue;
      std::string text = Joined(b);
      bool apart = b.blank_before >= kHeadingGap && !IsQuoted(text);  // not "“DRACULA.”"
      bool listed = apart && toc_.Lists(WordsOf(text));
      bool outside = i < first || i > last;
      bool caps = outside && b.lines.size() == 1 && IsAllCaps(text) && b.blank_before >= gap;
      if (listed || caps) items_[i].heading = OtherHeading(text);
    }
    FindCentredHeadings(first, last);
  }

  // "                         Story of the Door": centred title lines set apart
  // head chapters in books without numbered ones, when there are several.
  void FindCentredHeadings(std::size_t first, std::size_t last) {
    constexpr std::size_t kMinCentreIndent = 8;
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      const Block& b = *items_[i].block;
      if (!Open(i) || (i >= first && i <= last) || b.lines.size() != 1) continue;
      std::size_t indent = b.lines[0].find_first_not_of(" \t");
      if (indent < kMinCentreIndent || b.blank_before < kHeadingGap || !IsTitleLine(b)) continue;
      found.push_back(i);
    }
    if (found.size() < 2) return;
    for (std::size_t i : found) items_[i].heading = OtherHeading(Joined(*items_[i].block));
  }

  // Where the numbered chapters (or parts) start and end; {size, size} without two.
  std::pair<std::size_t, std::size_t> NumberedRun() const {
    std::size_t first = items_.size(), last = 0, count = 0;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      const Item& it = items_[i];
      if (it.skip || !it.heading) continue;
      HeadingKind kind = it.heading->kind;
      if (kind != HeadingKind::kChapter && kind != HeadingKind::kNumeral &&
          kind != HeadingKind::kGroup) {
        continue;
      }
      first = std::min(first, i), last = i, ++count;
    }
    if (count < 2) return {items_.size(), items_.size()};
    return {first, last};
  }

  // The fewest blank lines before a chapter heading; 0 when there are none.
  int ChapterGap() const {
    int gap = 0;
    for (const Item& it : items_) {
      if (it.skip || !it.heading || it.heading->kind == HeadingKind::kMarkdown) continue;
      gap = gap == 0 ? it.block->blank_before : std::min(gap, it.block->blank_before);
    }
    return gap;
  }

  // "CHAPTER I." or "IV" with the chapter's title on the next line: taken when
  // the contents list the pair, or when most such headings have one.
  void AttachTitles() {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;  // heading, title line
    std::size_t bare = 0;
    for (std::size_t i = 0; i + 1 < items_.size(); ++i) {
      const Item& it = items_[i];
      if (it.skip || !it.heading || it.heading->has_subtitle || !it.heading->rest.empty()) continue;
      if (it.heading->kind == HeadingKind::kMarkdown || it.heading->kind == HeadingKind::kNamed) {
        continue;
      }
      ++bare;
      std::size_t next = i + 1;
      const Item& t = items_[next];
      bool named = t.heading && t.heading->kind == HeadingKind::kNamed;
      // The title is followed by the chapter's text: "Text." then "Chapter 2" is no title.
      // A part's title may be followed by its first chapter's heading.
      bool group = it.heading->kind == HeadingKind::kGroup;
      bool text_follows = next + 1 < items_.size() && (group || !items_[next + 1].heading);
      if (!t.skip && (!t.heading || named) && IsTitleLine(*t.block) && text_follows) {
        pairs.push_back({i, next});
      }
    }
    bool style = pairs.size() >= 2 && 2 * pairs.size() >= bare;
    for (auto [h, t] : pairs) {
      Words both = WordsOf(items_[h].heading->title + " " + Joined(*items_[t].block));
      if (style || toc_.Lists(both)) TakeTitle(*items_[h].heading, items_[t]);
    }
  }

  void TakeTitle(Heading& h, Item& title_item) {
    std::string sub = TitleCase(TidySubtitle(Joined(*title_item.block)));
    bool numeral = h.kind == HeadingKind::kNumeral;
    h.title += (numeral ? ". " : ": ") + sub;
    h.spoken.pop_back();  // the final "."
    h.spoken = SpokenLine(h.spoken, sub);
    h.has_subtitle = true;
    title_item.skip = true;
    title_item.heading.reset();
  }

  // "Transcriber's Notes" (a heading line and its section, or a note paragraph).
  void SkipTranscriberNotes() {
    static const std::regex kNote(R"(^\W*(original )?transcriber(?:'|’)?s(?:'|’)? notes?\b)",
                                  std::regex::icase);
    static const std::regex kBracketNote(R"(^\[\W*(transcriber|editor)(?:'|’)?s)",
                                         std::regex::icase);
    for (std::size_t i = 0; i < items_.size(); ++i) {
      const Block& b = *items_[i].block;
      std::string text = Joined(b);
      bool bracketed = text.starts_with("[") && text.ends_with("]") &&
                       (text.find("Gutenberg") != std::string::npos ||
                        PatternSearch(text.substr(0, kMaxPatternBytes),
                                      kBracketNote));  // "[Transcriber's Note: …]"
      if (bracketed) items_[i].skip = true;
      if (bracketed || !PatternSearch(b.lines[0].substr(0, kMaxPatternBytes), kNote)) continue;
      items_[i].skip = true;
      items_[i].heading.reset();
      if (b.lines.size() > 1) continue;
      for (std::size_t j = i + 1; j < items_.size() && !items_[j].heading; ++j) {
        items_[j].skip = true;
      }
    }
  }

  // Short lines each starting with a capital — or all indented — are verse.
  void MarkVerse() {
    std::size_t width = WrapWidth();
    for (Item& it : items_) {
      if (it.skip || it.heading || it.block->lines.size() < 2) continue;
      it.verse = IsVerse(*it.block, width);
    }
  }

  // The length most long lines reach: the book's hard-wrap width.
  std::size_t WrapWidth() const {
    std::vector<std::size_t> lengths;
    for (const Item& it : items_) {
      if (it.skip || it.block->lines.size() < 2) continue;
      for (const std::string& l : it.block->lines) lengths.push_back(Trim(l, " \t\r").size());
    }
    if (lengths.empty()) return 0;
    std::size_t at = lengths.size() * 9 / 10;
    std::nth_element(lengths.begin(), lengths.begin() + static_cast<long>(at), lengths.end());
    return lengths[at];
  }

  static bool IsVerse(const Block& b, std::size_t width) {
    std::size_t capital = 0, short_lines = 0, indented = 0;
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
      const std::string& raw = b.lines[i];
      std::string line = Trim(raw, " \t\r");
      std::size_t letter = line.find_first_not_of("\"'“‘([_*");
      letter = letter == std::string::npos ? 0 : letter;
      capital +=
          i > 0 && letter < line.size() && std::isupper(static_cast<unsigned char>(line[letter]));
      short_lines += 10 * line.size() < 8 * width;
      indented += raw.starts_with("  ") || raw.starts_with("\t");
    }
    std::size_t n = b.lines.size();
    bool capitals = 4 * capital >= 3 * (n - 1);
    return capitals && (short_lines == n || indented == n);
  }

  // "[Illustration: A map]" is not read (images' text is not read unless asked
  // for); a chapter heading set inside one ("… Chapter I.]") still counts.
  void MarkIllustrations() {
    bool open = false;  // inside an illustration that spans blocks
    for (Item& it : items_) {
      const Block& b = *it.block;
      std::string first = Line(b, 0), last = Line(b, b.lines.size() - 1);
      if (!open && !first.starts_with("[Illustration")) continue;
      open = !last.ends_with("]");
      it.skip = !alt_text_;
      it.heading.reset();
      if (open || (b.lines.size() < 2 && first.starts_with("[Illustration"))) continue;
      if (auto h = LineHeading(last.substr(0, last.size() - 1))) it.heading = h, it.skip = false;
    }
  }

  // The lines before the first chapter with text, when they are few and short:
  // "Alice's Adventures in Wonderland / by Lewis Carroll / THE MILLENNIUM
  // FULCRUM EDITION 3.0". Returns the title and author a by-line names.
  TitlePage SkipTitlePage() {
    std::size_t end = 0;
    while (end < items_.size() && !StartsBook(end)) ++end;
    if (end == items_.size()) return {};
    std::size_t words = 0;
    for (std::size_t i = 0; i < end; ++i) {
      if (items_[i].skip) continue;
      if (IsProse(*items_[i].block)) return {};
      words += WordsOf(Joined(*items_[i].block)).size();
    }
    if (words > kMaxTitlePageWords) return {};
    TitlePage page = ReadByLine(end);
    for (std::size_t i = 0; i < end; ++i) items_[i].skip = true;
    return page;
  }

  // A chapter or part heading, or an all-caps line with text under it ("ETYMOLOGY.").
  bool StartsBook(std::size_t i) const {
    const Item& it = items_[i];
    if (it.skip || !it.heading) return false;
    return it.heading->kind != HeadingKind::kOther || SectionHasProse(i);
  }

  bool SectionHasProse(std::size_t heading) const {
    for (std::size_t j = heading + 1; j < items_.size() && !items_[j].heading; ++j) {
      if (!items_[j].skip && IsText(*items_[j].block)) return true;
    }
    return false;
  }

  // "Heart of Darkness" / "by Joseph Conrad"; "DIE VERWANDLUNG" / "VON" / "FRANZ
  // KAFKA"; "PRIDE." / "and" / "PREJUDICE" / "by" / "Jane Austen,".
  TitlePage ReadByLine(std::size_t end) const {
    static const std::regex kBy(R"(^(by|von|par|por|di|door|af|av)(\s+(.+))?$)", std::regex::icase);
    std::vector<std::string> lines;  // "" where something not read comes between
    for (std::size_t i = 0; i < end; ++i) {
      if (items_[i].skip && !items_[i].heading) {
        lines.emplace_back();
        continue;
      }
      for (std::size_t k = 0; k < items_[i].block->lines.size(); ++k) {
        lines.push_back(Line(*items_[i].block, k));
      }
    }
    for (std::size_t i = 1; i < lines.size(); ++i) {
      std::smatch m;
      if (!PatternMatch(lines[i], kBy, &m)) continue;
      std::string author = m[3].matched ? m[3].str() : i + 1 < lines.size() ? lines[i + 1] : "";
      std::string title = TitleBefore(lines, i);
      if (author.empty() || title.empty()) return {};
      return TitlePage{title, TitleCase(Trim(TidySubtitle(author), " ,;"))};
    }
    return {};
  }

  // Up to three title lines right above the by-line, joined.
  static std::string TitleBefore(const std::vector<std::string>& lines, std::size_t by) {
    constexpr std::size_t kMaxTitleLines = 3;
    std::size_t from = by;
    while (from > 0 && by - from < kMaxTitleLines && !lines[from - 1].empty() &&
           !lines[from - 1].starts_with("[")) {
      --from;
    }
    std::string title;
    for (std::size_t i = from; i < by; ++i) {
      std::string line = TitleCase(lines[i]);
      bool lower_next = i + 1 < by && std::islower(static_cast<unsigned char>(lines[i + 1][0]));
      if (lower_next && line.ends_with(".")) line.pop_back();
      title += (title.empty() ? "" : " ") + line;
    }
    return TidySubtitle(title);
  }

  std::vector<Item>& items_;
  bool keep_;
  bool alt_text_;
  Toc toc_;
};

}  // namespace

std::vector<std::string> LowerWords(std::string_view s) {
  std::vector<std::string> words(1);
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80)
      words.back() += static_cast<char>(std::tolower(u));
    else if (!words.back().empty())
      words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

TitlePage ShapePlainText(std::vector<Item>& items, bool keep_front_matter, bool alt_text) {
  return Shaper(items, keep_front_matter, alt_text).Run();
}

}  // namespace narrate::source::internal
