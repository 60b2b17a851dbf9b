// Chapter titles from the headings of HTML and EPUB books: runs of capitals
// title-cased, a label and its title joined with ": ", and the spoken form
// with Roman numbers as digits.
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <regex>
#include <set>

#include "source/html.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kMaxLabelBytes = 40;
constexpr int kMinLoneCapsLetters =
    5;  // "EXTRACTS" in a mixed-case title is title-cased; "BBC" is kept

const char* kKeywords =
    "chapter|part|book|volume|section|letter|stave|canto|act|scene|kapitel|teil|buch|band|"
    "chapitre|livre|partie|cap[ií]tulo|libro|parte";
const char* kNumberWords =
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last";
const char* kOrdinalsBefore =  // "Erster Teil", "First Part"
    "first|second|third|fourth|fifth|sixth|erster|zweiter|dritter|vierter|f[üu]nfter|sechster|"
    "premi[eè]re|deuxi[eè]me|troisi[eè]me";

std::string Number() {
  return std::string(R"((?:[0-9]{1,4}|[ivxlcdm]{1,8}|(?:)") + kNumberWords + R"()(?:-(?:)" +
         kNumberWords + R"())?|the (?:)" + kNumberWords + "))";
}

// "CHAPTER 1" + ". " + "Loomings.": label, separator, rest.
const std::regex& LabelPrefix() {
  static const std::regex re(std::string("^((?:") + kKeywords + R"()\s+)" + Number() +
                                 R"()\b\.?(\s*(?:[.:]|—|–|--?)\s*|\s+)(.+)$)",
                             std::regex::icase);
  return re;
}

// "I. The Period" → "I", "The Period". The Roman numeral must be upper case.
const std::regex& NumberPrefix() {
  static const std::regex re(R"(^([0-9]{1,4}|[IVXLCDM]{1,8})(\s*(?:\.|:|—|–)\s*)(.+)$)");
  return re;
}

std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    UChar32 c;
    U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
    out += c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
  }
  return out;
}

std::string Encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    char buf[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(c));
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

bool HasLower(const std::u32string& word) {
  return std::any_of(word.begin(), word.end(),
                     [](char32_t c) { return u_islower(static_cast<UChar32>(c)); });
}

int Letters(const std::u32string& word) {
  return static_cast<int>(std::count_if(
      word.begin(), word.end(), [](char32_t c) { return u_isalpha(static_cast<UChar32>(c)); }));
}

bool IsSmallWord(const std::string& lower) {
  static const std::set<std::string, std::less<>> kSmall = {
      "a",    "an",  "and", "as",  "at",  "but", "by", "for",  "from", "in",
      "into", "nor", "of",  "on",  "or",  "the", "to", "upon", "with", "o'er",
      "vs",   "der", "die", "das", "und", "le",  "la", "les",  "de"};
  return kSmall.contains(lower);
}

// "MARLEY’S" → "Marley’s", "SEA-DOG" → "Sea-Dog", "OF" → "of" (not first), "XIV" stays.
std::string CapitalizeWord(const std::u32string& word, bool first) {
  std::string letters;
  for (char32_t c : word) {
    if (c < 0x80 && std::isalpha(static_cast<int>(c))) letters += static_cast<char>(c);
  }
  if (RomanNumeralValue(letters) > 0 && letters.size() == static_cast<std::size_t>(Letters(word)))
    return Encode(word);
  std::u32string out;
  bool start = true;
  for (char32_t c : word) {
    UChar32 u = static_cast<UChar32>(c);
    out += static_cast<char32_t>(start && u_isalpha(u) ? u_totitle(u) : u_tolower(u));
    if (u_isalpha(u)) start = false;
    if (c == U'-') start = true;
  }
  std::string lower = Lower(Encode(out));
  if (!first && IsSmallWord(lower)) return lower;
  return Encode(out);
}

// Words of s split at spaces, each with the space before it kept apart.
std::vector<std::u32string> Words(const std::u32string& s) {
  std::vector<std::u32string> out(1);
  for (char32_t c : s) {
    if (c == U' ') {
      if (!out.back().empty()) out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

bool OpensPhrase(const std::u32string& previous) {
  if (previous.empty()) return true;
  char32_t last = previous.back();
  return last == U':' || last == U'.' || last == U'—' || last == U'–' || last == U'(' ||
         last == U'!' || last == U'?';
}

// Trims " .:;,-—–" from both ends: "MARLEY'S GHOST." → "MARLEY'S GHOST".
std::string TrimJunk(const std::string& s) {
  return TrimStrings(s, {" ", ".", ":", ";", ",", "-", "—", "–", "\n"});
}

// "CHAPTERXXVII." → "CHAPTER XXVII.", "BOOKXXXV." → "BOOK XXXV." (misprints).
std::string Unglue(const std::string& text) {
  static const std::regex kGlued(R"(^(CHAPTER|BOOK|PART|VOLUME|STAVE)([IVXLCDM]+)\b)");
  return PatternReplace(text, kGlued, "$1 $2", true);
}

// "CHAPTER 1. Loomings" → {"CHAPTER 1", "Loomings"}; "I. The Period" → {"I", "The Period"};
// "Chapter 1 PETER BREAKS THROUGH" → {"Chapter 1", "PETER BREAKS THROUGH"}; "Chapter 1 is" stays.
std::vector<std::string> SplitLabel(const std::string& part) {
  std::smatch m;
  if (part.size() > kMaxLabelBytes * 4 || IsLabel(part)) return {part};
  if (!PatternMatch(part, LabelPrefix(), &m) && !PatternMatch(part, NumberPrefix(), &m))
    return {part};
  const std::string rest = TrimJunk(m[3].str());
  const bool spaced = Trim(m[2].str()).empty();
  if (rest.empty() || (spaced && std::islower(static_cast<unsigned char>(rest[0])))) return {part};
  return {TrimJunk(m[1].str()), rest};
}

// "Chapter XIV" → "Chapter 14", "XIV" → "14"; other text as it is ("I Go to Bristol").
std::string NumberAsDigits(const std::string& part) {
  static const std::regex kRomanLabel(
      std::string("^((?:(?:") + kKeywords + R"()\s+)?)([IVXLCDM]{1,8})(\.?)$)", std::regex::icase);
  std::smatch m;
  if (!PatternMatch(part, kRomanLabel, &m)) return part;
  const std::string numeral = m[2].str();
  const bool upper =
      std::none_of(numeral.begin(), numeral.end(), [](unsigned char c) { return std::islower(c); });
  int value = RomanNumeralValue(numeral);
  if (value == 0 || !upper) return part;
  return m[1].str() + std::to_string(value) + m[3].str();
}

// Tidied parts, labels split off: {"CHAPTER 1. Loomings."} → {"Chapter 1", "Loomings"}.
std::vector<std::string> TidyParts(const std::vector<std::string>& parts) {
  std::vector<std::string> out;
  for (const std::string& p : parts) {
    for (const std::string& s : SplitLabel(Unglue(TrimJunk(CollapseSpace(p))))) {
      if (!s.empty()) out.push_back(TitleCaseCapitals(s));
    }
  }
  return out;
}

// A title ends in its own punctuation, possibly inside brackets or quotes: "School.)", "Tarts?”".
bool EndsSentence(const std::string& s) {
  std::size_t end = s.size();
  while (end > 0 && std::strchr(")]\"'", s[end - 1])) --end;
  std::string_view v(s.data(), end);
  for (std::string_view close : {"”", "’"}) {
    while (v.ends_with(close)) v.remove_suffix(close.size());
  }
  return !v.empty() && std::strchr(".!?", v.back());
}

std::string JoinParts(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += EndsSentence(out) || out.back() == ':' ? " " : separator;
    out += p;
  }
  return out;
}

// One stretch between dashes: "JONATHAN HARKER’S JOURNAL" of "… JOURNAL—continued".
std::string TitleCaseStretch(const std::u32string& text, bool opens) {
  const std::vector<std::u32string> words = Words(text);
  const bool all_caps = std::none_of(words.begin(), words.end(), HasLower);
  std::string out;
  for (std::size_t i = 0; i < words.size();) {
    std::size_t j = i;  // a run of words without lower-case letters
    while (j < words.size() && !HasLower(words[j]) && Letters(words[j]) > 0) ++j;
    const bool title_case =
        j > i && (all_caps || j - i >= 2 || Letters(words[i]) >= kMinLoneCapsLetters);
    for (std::size_t k = i; k < std::max(j, i + 1); ++k) {
      if (!out.empty()) out += ' ';
      const bool first = k == 0 ? opens : OpensPhrase(words[k - 1]);
      out += title_case ? CapitalizeWord(words[k], first) : Encode(words[k]);
    }
    i = std::max(j, i + 1);
  }
  return out;
}

}  // namespace

std::string TitleCaseCapitals(const std::string& text) {
  const std::u32string all = Decode(text);
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= all.size(); ++i) {
    if (i < all.size() && all[i] != U'—' && all[i] != U'–') continue;
    const std::u32string stretch = all.substr(start, i - start);
    if (!stretch.empty() && stretch.front() == U' ') out += ' ';
    out += TitleCaseStretch(stretch, true);
    if (!stretch.empty() && stretch.back() == U' ') out += ' ';
    if (i < all.size()) out += Encode(all.substr(i, 1));
    start = i + 1;
  }
  return out;
}

std::string TidyTitlePart(const std::string& part) { return JoinParts(TidyParts({part}), ": "); }

std::string DisplayTitle(const std::vector<std::string>& parts) {
  return JoinParts(TidyParts(parts), ": ");
}

std::string SpokenTitle(const std::vector<std::string>& parts, bool english) {
  std::vector<std::string> tidy = TidyParts(parts);
  if (tidy.empty()) return "";
  for (std::string& p : tidy) p = NumberAsDigits(p);
  if (english && IsBareNumber(tidy.front())) tidy.front() = "Chapter " + tidy.front();
  std::string out = JoinParts(tidy, ". ");
  return EndsSentence(out) ? out : out + ".";
}

bool IsBareNumber(const std::string& s) {
  static const std::regex kNumber(R"(^([0-9]{1,4}|[IVXLCDM]{1,8})\.?$)");
  return PatternMatch(s, kNumber);
}

bool IsLabel(const std::string& heading) {
  static const std::regex kLabel(std::string(R"(^(((?:)") + kKeywords + R"()|(?:)" +
                                     kOrdinalsBefore + R"()\s+(?:)" + kKeywords + R"())\s+)?)" +
                                     Number() + R"([.:]?$|^(?:)" + kOrdinalsBefore + R"()\s+(?:)" +
                                     kKeywords + R"()\.?$)",
                                 std::regex::icase);
  return heading.size() < kMaxLabelBytes && PatternMatch(Unglue(heading), kLabel);
}

bool IsPartLabel(const std::string& heading) {
  static const std::regex kPart(
      std::string(R"(^(?:part|book|volume|teil|buch|band|livre|partie|libro|parte)\s+)") +
          Number() + R"(\b|^(?:)" + kOrdinalsBefore +
          R"()\s+(?:part|book|volume|teil|buch|band|livre|partie)\b|\b(?:part|book|volume)\s+)" +
          Number() + R"(\.?$)",
      std::regex::icase);
  return heading.size() < kMaxLabelBytes * 2 && PatternSearch(Unglue(heading), kPart);
}

bool IsChapterLabel(const std::string& heading) {
  static const std::regex kChapter(
      R"(^(chapter|kapitel|chapitre|cap[ií]tulo|letter)\s+)" + Number() + R"(\b)",
      std::regex::icase);
  return PatternSearch(Unglue(heading), kChapter);
}

bool IsNumbered(const std::string& heading) {
  std::smatch m;
  return IsLabel(heading) || IsChapterLabel(heading) || IsPartLabel(heading) ||
         PatternMatch(heading, NumberPrefix(), &m);
}

}  // namespace narrate::source::internal
