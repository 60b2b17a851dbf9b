#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <string_view>

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kMaxHeadingBytes = 100;
constexpr std::size_t kMaxSubtitleBytes = 80;
constexpr std::size_t kMinWrappedBytes = 50;
constexpr int kMaxRomanChapter = 399;

const char* kNumberWords =
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    "eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
    "nineteenth|twentieth|last";

// The words of s as std::regex "[A-Za-z][A-Za-z'’-]*" (with_dash) or
// "[A-Za-z][A-Za-z'’]*" found them: bytewise, so each byte of "’" counts.
// "Marley's ghost—" → {"Marley's", "ghost\xE2\x80"}.
std::vector<std::string_view> AsciiWords(const std::string& s, bool with_dash) {
  auto inside = [with_dash](char c) {
    return IsAsciiLetter(c) || c == '\'' || c == '\xE2' || c == '\x80' || c == '\x99' ||
           (with_dash && c == '-');
  };
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < s.size();) {
    if (!IsAsciiLetter(s[i])) { ++i; continue; }
    std::size_t end = i + 1;
    while (end < s.size() && inside(s[end])) ++end;
    words.push_back(std::string_view(s).substr(i, end - i));
    i = end;
  }
  return words;
}

// "CHAPTER" → "Chapter"; "chapter" stays as written.
std::string TidyKeyword(std::string word) {
  bool all_caps = std::none_of(word.begin(), word.end(), [](unsigned char c) { return std::islower(c); });
  if (!all_caps) return word;
  std::transform(word.begin() + 1, word.end(), word.begin() + 1,
                 [](unsigned char c) { return std::tolower(c); });
  return word;
}

}  // namespace

// "XII" → 12; 0 when not a well-formed Roman numeral.
int RomanValue(const std::string& text) {
  static const std::regex kRoman("^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$",
                                 std::regex::icase);
  if (text.empty() || !PatternMatch(text, kRoman)) return 0;
  auto value = [](char c) {
    switch (std::toupper(static_cast<unsigned char>(c))) {
      case 'I': return 1; case 'V': return 5; case 'X': return 10; case 'L': return 50;
      case 'C': return 100; case 'D': return 500; default: return 1000;
    }
  };
  int total = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int v = value(text[i]);
    total += (i + 1 < text.size() && v < value(text[i + 1])) ? -v : v;
  }
  return total;
}

namespace {

// Spoken form of a chapter number: Roman numerals become digits ("XII" → "12").
std::string SpokenNumber(const std::string& number) {
  int roman = RomanValue(number);
  return roman > 0 ? std::to_string(roman) : number;
}

}  // namespace

// "The Spouter-Inn." → "The Spouter-Inn". Trims whole characters: the bytes
// of "—" and "–" also occur inside other characters ("“", "À").
std::string TidySubtitle(const std::string& s) {
  return TrimStrings(s, {" ", "\t", ".", ":", "-", "—", "–"});
}

std::string TrimStrings(std::string_view v, std::initializer_list<std::string_view> junk) {
  for (bool again = true; again;) {
    again = false;
    for (std::string_view j : junk) {
      if (v.starts_with(j)) v.remove_prefix(j.size()), again = true;
      if (v.ends_with(j)) v.remove_suffix(j.size()), again = true;
    }
  }
  return std::string(v);
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    out.push_back(text.substr(start, nl - start));
  }
  out.push_back(text.substr(start));
  return out;
}

namespace {

// A heading must have something to say: "# # #" is a scene break.
bool HasLetterOrDigit(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c >= 0x80; });
}

}  // namespace

// "Chapter 3" + "Who Goes There?" → "Chapter 3. Who Goes There?"; a title
// that ends in its own ? or ! gets no extra full stop.
std::string SpokenLine(const std::string& head, const std::string& sub) {
  if (sub.empty()) return head + ".";
  bool ends = sub.back() == '?' || sub.back() == '!';
  return head + ". " + sub + (ends ? "" : ".");
}

namespace {

// "TWO" → "Two" like the keyword; digits and Roman numerals stay as written.
std::string TidyNumber(const std::string& number) {
  if (std::isdigit(static_cast<unsigned char>(number[0])) || RomanValue(number) > 0) return number;
  return TidyKeyword(number);
}

// "the FIRST" → "the First".
std::string TidyNumberWords(const std::string& number) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= number.size(); ++i) {
    if (i < number.size() && number[i] != ' ') continue;
    std::string word = number.substr(start, i - start);
    if (!out.empty()) out += ' ';
    out += Lower(word) == "the" ? Lower(word) : TidyNumber(word);
    start = i + 1;
  }
  return out;
}

Heading MakeHeading(const std::string& keyword, const std::string& number, const std::string& raw_sub) {
  std::string key = TidyKeyword(keyword);
  std::string sub = TitleCase(raw_sub);
  std::string head = number.empty() ? key : key + " " + TidyNumberWords(number);
  std::string spoken_head = number.empty() ? key : key + " " + TidyNumberWords(SpokenNumber(number));
  Heading h;
  h.title = sub.empty() ? head : head + ": " + sub;
  h.spoken = SpokenLine(spoken_head, sub);
  h.has_subtitle = !sub.empty();
  return h;
}

bool IsGroupKeyword(const std::string& keyword) {
  std::string k = Lower(keyword);
  return k == "part" || k == "book" || k == "volume";
}

// The first word of LINE in lower case, up to a space or a character outside [A-Za-z]:
// "CHAPTER XII" → "chapter", "Prologue." → "prologue".
std::string FirstWordLower(const std::string& line) {
  std::size_t end = 0;
  while (end < line.size() && std::isalpha(static_cast<unsigned char>(line[end]))) ++end;
  return Lower(line.substr(0, end));
}

// The keyword NumberedHeading's patterns start with, followed by a space: a cheap test
// that lets most lines skip the patterns (std::regex is slow even finding nothing).
bool StartsWithNumberedKeyword(const std::string& line) {
  static const std::set<std::string> kKeywords = {"chapter", "part",      "book",  "volume",
                                                  "stave",   "letter",    "adventure", "canto",
                                                  "fytte",   "episode"};
  std::string word = FirstWordLower(line);
  return word.size() < line.size() && std::isspace(static_cast<unsigned char>(line[word.size()])) &&
         kKeywords.count(word) > 0;
}

// "Chapter 12. The Spouter-Inn", "CHAPTER XII", "Part Two", "Book 3: Return".
std::optional<Heading> NumberedHeading(const std::string& line) {
  if (!StartsWithNumberedKeyword(line)) return {};
  static const std::regex kNumbered(
      std::string(R"(^(chapter|part|book|volume|stave|letter|adventure|canto|fytte|episode)\s+)"
                  R"((\d{1,4}|[ivxlcdm]{1,8}|(?:the\s+)?(?:)") +
          kNumberWords + R"()(?:[- ](?:)" + kNumberWords +
          R"())?)\b\s*(?:(?:[.:-]|—|–)\s*(.*)|\s*)$)",
      std::regex::icase);
  // "Chapter 1 PETER BREAKS THROUGH": a title in capitals needs no separator.
  static const std::regex kCapsTitle(
      R"(^(Chapter|CHAPTER|Stave|STAVE|Letter|LETTER|Part|PART|Book|BOOK)\s+)"
      R"((\d{1,4}|[IVXLCDM]{1,8})\s+([^a-z]*[A-Z][^a-z]*)$)");
  std::smatch m;
  if (!PatternMatch(line, kNumbered, &m) && !PatternMatch(line, kCapsTitle, &m)) return {};
  std::string number = m[2].str();
  // "Part mix" (1009) or "Book dim" (501) are words; "CHAPTER MCMXCIV" is a number.
  bool roman_letters = std::all_of(number.begin(), number.end(), [](char c) {
    return std::string_view("ivxlcdmIVXLCDM").find(c) != std::string_view::npos;
  });
  bool upper = std::none_of(number.begin(), number.end(), [](unsigned char c) { return std::islower(c); });
  int value = RomanValue(number);
  if (roman_letters && (value == 0 || (value > kMaxRomanChapter && !upper))) return {};
  Heading h = MakeHeading(m[1].str(), number, TidySubtitle(m[3].str()));
  h.kind = IsGroupKeyword(m[1].str()) ? HeadingKind::kGroup : HeadingKind::kChapter;
  return h;
}

// "Prologue", "EPILOGUE: After", "Preface".
std::optional<Heading> NamedHeading(const std::string& line) {
  static const std::regex kNamed(
      R"(^(prologue|epilogue|preface|foreword|introduction|afterword|interlude|prelude)\s*(?:(?:[.:-]|—|–)\s*(.*))?$)",
      std::regex::icase);
  static const std::set<std::string> kKeywords = {"prologue",  "epilogue",  "preface",
                                                  "foreword",  "introduction", "afterword",
                                                  "interlude", "prelude"};
  std::smatch m;
  if (!kKeywords.count(FirstWordLower(line)) || !PatternMatch(line, kNamed, &m)) return {};
  Heading h = MakeHeading(m[1].str(), "", TidySubtitle(m[2].str()));
  h.kind = HeadingKind::kNamed;
  return h;
}

// The heading for a Markdown heading's text: "Chapter 12. X" is tidied like
// a plain line, anything else is used as written.
Heading TextHeading(const std::string& text) {
  std::optional<Heading> h = NumberedHeading(text);
  if (!h) h = NamedHeading(text);
  if (!h) return Heading{text, text + ".", 0, false, {}};
  h->named = true;
  return *h;
}

// "## The Harbour ##" → {2, "The Harbour"}: a Markdown heading's level and
// text (regex "^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$").
std::optional<std::pair<int, std::string>> AtxParts(const std::string& line) {
  std::size_t i = 0;
  while (i < 3 && i < line.size() && IsRegexSpace(line[i])) ++i;
  std::size_t hashes = i;
  while (i < line.size() && line[i] == '#') ++i;
  int level = static_cast<int>(i - hashes);
  if (level == 0 || level > 6 || i >= line.size() || !IsRegexSpace(line[i])) return {};
  std::size_t text = i;
  while (text < line.size() && IsRegexSpace(line[text])) ++text;
  std::size_t end = line.size();
  while (end > text && IsRegexSpace(line[end - 1])) --end;
  std::size_t closing = end;  // a closing "#" run after a space: "## Learning C#" keeps its "#"
  while (closing > text && line[closing - 1] == '#') --closing;
  if (closing < end && closing > text && IsRegexSpace(line[closing - 1])) {
    end = closing - 1;
    while (end > text && IsRegexSpace(line[end - 1])) --end;
  }
  std::string words = line.substr(text, end - text);
  if (words.find_first_of("\n\r") != std::string::npos) return {};
  return std::make_pair(level, std::move(words));
}

// "## The Harbour" → level 2, "The Harbour". A closing "#" run needs a space
// before it: "## Learning C#" keeps its "#".
std::optional<Heading> MarkdownHeading(const std::string& line) {
  auto parts = AtxParts(line);
  if (!parts) return {};
  std::string text = TidySubtitle(StripInlineMarkup(parts->second));
  if (!HasLetterOrDigit(text)) return {};
  Heading h = TextHeading(text);
  h.markdown_level = parts->first;
  h.kind = HeadingKind::kMarkdown;
  return h;
}

// "Title\n=====" (level 1) or "Title\n-----" (level 2), Markdown only.
std::optional<Heading> SetextHeading(const Block& block) {
  if (block.lines.size() < 2) return {};
  char underline = SetextUnderline(block.lines[1]);
  if (underline == 0) return {};
  std::string text = TidySubtitle(StripInlineMarkup(block.lines[0]));
  if (!HasLetterOrDigit(text)) return {};
  Heading h = TextHeading(text);
  h.markdown_level = underline == '=' ? 1 : 2;
  h.kind = HeadingKind::kMarkdown;
  h.rest.assign(block.lines.begin() + 2, block.lines.end());
  return h;
}

}  // namespace

std::optional<Heading> LineHeading(const std::string& raw) {
  std::string line = Trim(raw);
  if (line.empty() || line.size() > kMaxHeadingBytes) return {};
  if (auto h = NumberedHeading(line)) return h;
  return NamedHeading(line);
}

namespace {

}  // namespace

// "The Whiteness of the Whale" yes, "He woke up." no: every longer word capitalised.
// "It Was" yes, "It was." no: short words must then all be capitalised.
bool LooksLikeTitle(const std::string& s) {
  bool long_word = false, all_capitalised = true;
  for (std::string_view w : AsciiWords(s, true)) {
    bool lower = std::islower(static_cast<unsigned char>(w[0]));
    if (w.size() > 3 && lower) return false;
    long_word = long_word || w.size() > 3;
    all_capitalised = all_capitalised && !lower;
  }
  return long_word || all_capitalised;
}

namespace {

// The lines of a block after its first, joined: a title wrapped over them.
std::string JoinedTitle(const Block& block, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < block.lines.size(); ++i) {
    std::string line = Trim(StripInlineMarkup(block.lines[i]));
    if (!out.empty() && !line.empty()) out += ' ';
    out += line;
  }
  return TidySubtitle(out);
}

bool IsShortTitle(const std::string& s, std::size_t max_bytes) {
  return !s.empty() && s.size() <= max_bytes && LooksLikeTitle(s);
}

// A line long enough that its text may go on to the next: hard-wrapped.
bool IsWrapped(const std::string& line) { return Trim(line).size() >= kMinWrappedBytes; }

// "CHAPTER 1" followed by a short title line ("Loomings.") in the same block,
// or wrapped over two lines.
bool TakeSubtitleLines(const Block& block, Heading& h) {
  if (block.lines.size() < 2 || block.lines.size() > 3 || h.has_subtitle) return false;
  if (block.lines.size() == 3 && !IsWrapped(block.lines[1])) return false;
  std::string sub = TitleCase(JoinedTitle(block, 1));
  std::size_t limit = block.lines.size() == 2 ? kMaxSubtitleBytes : 2 * kMaxSubtitleBytes;
  if (!IsShortTitle(sub, limit)) return false;
  h.title += ": " + sub;
  h.spoken.pop_back();  // the final "."
  h.spoken = SpokenLine(h.spoken, sub);
  h.has_subtitle = true;
  return true;
}

// Plain text: "CHAPTER 56. Of the Less Erroneous Pictures of Whales, and the True" +
// "Pictures of Whaling Scenes." is one heading; a heading line whose subtitle
// is not title-like and runs on into the block is the start of a paragraph.
std::optional<Heading> CheckPlainHeading(const Block& block, Heading h) {
  if (block.lines.size() == 1) return h;
  if (!h.has_subtitle) {
    if (!TakeSubtitleLines(block, h)) h.rest.assign(block.lines.begin() + 1, block.lines.end());
    return h;
  }
  std::string first_sub = h.title.substr(h.title.find(": ") + 2);
  std::string wrapped = TitleCase(TidySubtitle(first_sub + " " + JoinedTitle(block, 1)));
  if (block.lines.size() <= 3 && IsWrapped(block.lines[0]) &&
      IsShortTitle(wrapped, 2 * kMaxSubtitleBytes)) {
    std::string head = h.title.substr(0, h.title.find(": "));
    std::string spoken_head = h.spoken.substr(0, h.spoken.find(". "));
    h.title = head + ": " + wrapped;
    h.spoken = SpokenLine(spoken_head, wrapped);
    return h;
  }
  // "BOOK III. (Duodecimo), CHAPTER 1. (Huzza Porpoise).—This is the" runs on: prose.
  const std::string line = Trim(block.lines[0]);
  bool ends = std::string(".!?:").find(line.back()) != std::string::npos;
  if (!LooksLikeTitle(first_sub) || (IsWrapped(line) && !ends)) return {};
  h.rest.assign(block.lines.begin() + 1, block.lines.end());
  return h;
}

}  // namespace

std::optional<Heading> FindHeading(const Block& block, bool markdown) {
  const std::string& first = block.lines.front();
  if (auto h = MarkdownHeading(first)) {
    h->rest.assign(block.lines.begin() + 1, block.lines.end());
    return h;
  }
  if (markdown) {
    if (auto h = SetextHeading(block)) return h;
  }
  auto h = LineHeading(first);
  if (!h) return {};
  if (!markdown) return CheckPlainHeading(block, *h);
  if (!TakeSubtitleLines(block, *h)) h->rest.assign(block.lines.begin() + 1, block.lines.end());
  return h;
}

// "MARLEY'S GHOST" → "Marley's Ghost"; "THE END OF IT" → "The End of It".
std::string TitleCase(const std::string& s) {
  bool has_lower = std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::islower(c); });
  int letters = static_cast<int>(std::count_if(s.begin(), s.end(), [](unsigned char c) {
    return std::isalpha(c);
  }));
  // Letters beyond ASCII ("VOILÀ") are left as written: their case needs ICU.
  bool other_letters = std::any_of(s.begin(), s.end(), [](unsigned char c) {
    return (c >= 0xC3 && c <= 0xE1) || c >= 0xE3;
  });
  if (has_lower || letters < 2 || other_letters) return s;
  static const std::set<std::string_view> kSmall = {"A",  "AN", "THE", "OF",   "AND",  "OR",
                                                     "IN", "ON", "AT",  "TO",   "BY",   "FOR",
                                                     "WITH", "FROM", "BUT", "NOR", "AS"};
  std::string out;
  std::size_t at = 0;
  bool first = true;
  for (std::string_view word_view : AsciiWords(s, false)) {
    std::string word(word_view);
    std::size_t position = static_cast<std::size_t>(word_view.data() - s.data());
    out += s.substr(at, position - at);
    at = position + word.size();
    bool after_dash = position > 0 && s[position - 1] == '-';
    bool after_stop = position >= 2 && std::string(".:").find(s[position - 2]) != std::string::npos;
    bool small = !first && !after_stop && kSmall.count(word) > 0;
    first = false;
    if (RomanValue(word) > 0 && word != "I" && word.size() > 1) { out += word; continue; }
    std::string lower = Lower(word);
    if (!small && !after_dash) lower[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(lower[0])));
    out += lower;
  }
  return out + s.substr(at);
}

}  // namespace narrate::source::internal
