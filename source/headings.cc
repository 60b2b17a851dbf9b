#include <algorithm>
#include <cctype>
#include <regex>

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kMaxHeadingBytes = 100;
constexpr std::size_t kMaxSubtitleBytes = 80;
constexpr int kMaxRomanChapter = 399;

const char* kNumberWords =
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred";

// "CHAPTER" → "Chapter"; "chapter" stays as written.
std::string TidyKeyword(std::string word) {
  bool all_caps = std::none_of(word.begin(), word.end(), [](unsigned char c) { return std::islower(c); });
  if (!all_caps) return word;
  std::transform(word.begin() + 1, word.end(), word.begin() + 1,
                 [](unsigned char c) { return std::tolower(c); });
  return word;
}

// "XII" → 12; 0 when not a well-formed Roman numeral.
int RomanValue(const std::string& text) {
  static const std::regex kRoman("^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$",
                                 std::regex::icase);
  if (text.empty() || !std::regex_match(text, kRoman)) return 0;
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

// Spoken form of a chapter number: Roman numerals become digits ("XII" → "12").
std::string SpokenNumber(const std::string& number) {
  int roman = RomanValue(number);
  return roman > 0 ? std::to_string(roman) : number;
}

// "The Spouter-Inn." → "The Spouter-Inn". Trims whole characters: the bytes
// of "—" and "–" also occur inside other characters ("“", "À").
std::string TidySubtitle(const std::string& s) {
  static const std::string_view kJunk[] = {" ", "\t", ".", ":", "-", "—", "–"};
  std::string_view v(s);
  for (bool again = true; again;) {
    again = false;
    for (std::string_view j : kJunk) {
      if (v.starts_with(j)) v.remove_prefix(j.size()), again = true;
      if (v.ends_with(j)) v.remove_suffix(j.size()), again = true;
    }
  }
  return std::string(v);
}

// A heading must have something to say: "# # #" is a scene break.
bool HasLetterOrDigit(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c >= 0x80; });
}

// "Chapter 3" + "Who Goes There?" → "Chapter 3. Who Goes There?"; a title
// that ends in its own ? or ! gets no extra full stop.
std::string SpokenLine(const std::string& head, const std::string& sub) {
  if (sub.empty()) return head + ".";
  bool ends = sub.back() == '?' || sub.back() == '!';
  return head + ". " + sub + (ends ? "" : ".");
}

// "TWO" → "Two" like the keyword; digits and Roman numerals stay as written.
std::string TidyNumber(const std::string& number) {
  if (std::isdigit(static_cast<unsigned char>(number[0])) || RomanValue(number) > 0) return number;
  return TidyKeyword(number);
}

Heading MakeHeading(const std::string& keyword, const std::string& number, const std::string& sub) {
  std::string key = TidyKeyword(keyword);
  std::string head = number.empty() ? key : key + " " + TidyNumber(number);
  std::string spoken_head = number.empty() ? key : key + " " + TidyNumber(SpokenNumber(number));
  Heading h;
  h.title = sub.empty() ? head : head + ": " + sub;
  h.spoken = SpokenLine(spoken_head, sub);
  return h;
}

// "Chapter 12. The Spouter-Inn", "CHAPTER XII", "Part Two", "Book 3: Return".
std::optional<Heading> NumberedHeading(const std::string& line) {
  static const std::regex kNumbered(
      std::string(R"(^(chapter|part|book|volume)\s+(\d{1,4}|[ivxlcdm]{1,8}|(?:)") + kNumberWords +
          R"()(?:[- ](?:)" + kNumberWords + R"())?)\b\s*(?:(?:[.:-]|—|–)\s*(.*)|\s*)$)",
      std::regex::icase);
  std::smatch m;
  if (!std::regex_match(line, m, kNumbered)) return {};
  std::string number = m[2].str();
  // "Part mix" (1009) or "Book dim" (501) are words; "CHAPTER MCMXCIV" is a number.
  bool roman_letters = std::regex_match(number, std::regex("^[ivxlcdm]+$", std::regex::icase));
  bool upper = std::none_of(number.begin(), number.end(), [](unsigned char c) { return std::islower(c); });
  int value = RomanValue(number);
  if (roman_letters && (value == 0 || (value > kMaxRomanChapter && !upper))) return {};
  return MakeHeading(m[1].str(), number, TidySubtitle(m[3].str()));
}

// "Prologue", "EPILOGUE: After", "Preface".
std::optional<Heading> NamedHeading(const std::string& line) {
  static const std::regex kNamed(
      R"(^(prologue|epilogue|preface|foreword|introduction|afterword|interlude|prelude)\s*(?:(?:[.:-]|—|–)\s*(.*))?$)",
      std::regex::icase);
  std::smatch m;
  if (!std::regex_match(line, m, kNamed)) return {};
  return MakeHeading(m[1].str(), "", TidySubtitle(m[2].str()));
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

// "## The Harbour" → level 2, "The Harbour". A closing "#" run needs a space
// before it: "## Learning C#" keeps its "#".
std::optional<Heading> MarkdownHeading(const std::string& line) {
  static const std::regex kAtx(R"(^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$)");
  std::smatch m;
  if (!std::regex_match(line, m, kAtx)) return {};
  std::string text = TidySubtitle(StripInlineMarkup(m[2].str()));
  if (!HasLetterOrDigit(text)) return {};
  Heading h = TextHeading(text);
  h.markdown_level = static_cast<int>(m[1].length());
  return h;
}

// "Title\n=====" (level 1) or "Title\n-----" (level 2), Markdown only.
std::optional<Heading> SetextHeading(const Block& block) {
  if (block.lines.size() < 2) return {};
  static const std::regex kUnderline(R"(^\s{0,3}(=+|-+)\s*$)");
  std::smatch m;
  if (!std::regex_match(block.lines[1], m, kUnderline)) return {};
  std::string text = TidySubtitle(StripInlineMarkup(block.lines[0]));
  if (!HasLetterOrDigit(text)) return {};
  Heading h = TextHeading(text);
  h.markdown_level = m[1].str()[0] == '=' ? 1 : 2;
  h.rest.assign(block.lines.begin() + 2, block.lines.end());
  return h;
}

std::optional<Heading> LineHeading(const std::string& raw) {
  std::string line = Trim(raw);
  if (line.empty() || line.size() > kMaxHeadingBytes) return {};
  if (auto h = NumberedHeading(line)) return h;
  return NamedHeading(line);
}

// "The Whiteness of the Whale" yes, "He woke up." no: every longer word capitalised.
// "It Was" yes, "It was." no: short words must then all be capitalised.
bool LooksLikeTitle(const std::string& s) {
  static const std::regex kWord(R"([A-Za-z][A-Za-z'’-]*)");
  bool long_word = false, all_capitalised = true;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kWord); it != std::sregex_iterator(); ++it) {
    std::string w = it->str();
    bool lower = std::islower(static_cast<unsigned char>(w[0]));
    if (w.size() > 3 && lower) return false;
    long_word = long_word || w.size() > 3;
    all_capitalised = all_capitalised && !lower;
  }
  return long_word || all_capitalised;
}

// "CHAPTER 1" followed by a short title line ("Loomings.") in the same block.
bool TakeSubtitleLine(const Block& block, Heading& h) {
  if (block.lines.size() != 2 || h.title.find(':') != std::string::npos) return false;
  std::string sub = TidySubtitle(StripInlineMarkup(block.lines[1]));
  if (sub.empty() || sub.size() > kMaxSubtitleBytes || !LooksLikeTitle(sub)) return false;
  h.title += ": " + sub;
  h.spoken.pop_back();  // the final "."
  h.spoken = SpokenLine(h.spoken, sub);
  return true;
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
  if (!TakeSubtitleLine(block, *h)) h->rest.assign(block.lines.begin() + 1, block.lines.end());
  return h;
}

}  // namespace narrate::source::internal
