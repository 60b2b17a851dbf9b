// Chunking of cleaned text and small character helpers shared by the rules.
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {
constexpr std::string_view kLeadPunct = "\"'([{<*_";
constexpr std::string_view kTrailPunct = ".,;:!?\"')]}>*_";

// "(555)" -> {"(", "555", ")"}; "Praxis'" -> {"", "Praxis", "'"}
Chunk SplitOne(std::string_view word) {
  Chunk c;
  size_t b = 0, e = word.size();
  while (b < e && kLeadPunct.find(word[b]) != std::string_view::npos) ++b;
  while (e > b && kTrailPunct.find(word[e - 1]) != std::string_view::npos) --e;
  c.lead = std::string(word.substr(0, b));
  c.core = std::string(word.substr(b, e - b));
  c.trail = std::string(word.substr(e));
  return c;
}
}  // namespace

// "Mr. Kirk (retired)" -> [{"", "Mr", "."}, {"", "Kirk", ""}, {"(", "retired", ")"}]
std::vector<Chunk> SplitChunks(std::string_view text) {
  std::vector<Chunk> out;
  out.reserve(text.size() / 5 + 1);  // about one chunk per five bytes of prose
  size_t k = 0;
  while (k < text.size()) {
    while (k < text.size() && text[k] == ' ') ++k;
    size_t start = k;
    while (k < text.size() && text[k] != ' ') ++k;
    if (k > start) out.push_back(SplitOne(text.substr(start, k - start)));
  }
  return out;
}

size_t CountQuotes(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += c == '"';
  return n;
}

// A lead ' opens a quotation unless a number follows ("'80s"); a trail ' closes one.
int OpenSingleAfter(const Chunk& c, int open) {
  if (c.lead.ends_with("'") && !(!c.core.empty() && IsAsciiDigit(c.core[0]))) ++open;
  if (open > 0 && c.trail.find('\'') != std::string::npos) --open;
  return open;
}

ParagraphScan ParagraphScan::Of(const std::vector<Chunk>& chunks) {
  ParagraphScan s;
  s.quotes_before.reserve(chunks.size() + 1);
  s.open_single.reserve(chunks.size() + 1);
  s.quotes_before.push_back(0);
  s.open_single.push_back(0);
  for (const Chunk& c : chunks) {
    const size_t n = CountQuotes(c.lead) + CountQuotes(c.core) + CountQuotes(c.trail);
    s.quotes_before.push_back(s.quotes_before.back() + n);
    s.open_single.push_back(OpenSingleAfter(c, s.open_single.back()));
  }
  return s;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) if (!IsAsciiDigit(c)) return false;
  return true;
}
bool IsUpperLetters(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) if (c < 'A' || c > 'Z') return false;
  return true;
}
bool IsLowerLetters(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) if (c < 'a' || c > 'z') return false;
  return true;
}
// "Kirk" -> true; "KIRK", "kirk", "K" -> false
bool IsCapitalized(std::string_view s) {
  if (s.size() < 2 || s[0] < 'A' || s[0] > 'Z') return false;
  for (char c : s.substr(1)) if (c >= 'a' && c <= 'z') return true;
  return false;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "https" -> "HTTPS"; "xiv" -> "XIV" (ASCII letters only)
std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// "A" -> "A-": eSpeak reads a lone "A" as the article "uh" but "A-" as the letter /eI/
// in every position ("D N A- test", "A- D ten", "the A- team"); other letters read as letters.
std::string SpellLetter(char c) {
  if (c == 'A' || c == 'a') return "A-";
  return std::string(1, c);
}

// "FBI" -> "F.B.I"; "DNA" -> "D.N.A"; "A" -> "A-". eSpeak says dotted letters as one
// initialism, stressed on the last ("d,i:,En'eI"), with every "A" the letter /eI/ and no
// pause; the final dot is left off so that a capital after it does not end a sentence.
std::string SpellLetters(std::string_view s) {
  std::string out;
  size_t letters = 0;
  for (char c : s) {
    if (!IsAsciiAlpha(c)) continue;
    if (letters++ > 0) out += '.';
    out += c;
  }
  return letters == 1 ? SpellLetter(out[0]) : out;
}

// ("D.N.A", "s") -> "D N A's"; ("F.B.I", "'s") -> "F B I's": eSpeak reads "C.D's" as "C dot
// D's", so a suffix takes spaced letters ("As" would be the word "as").
std::string SpelledWithSuffix(std::string spelled, std::string_view suffix) {
  if (suffix.empty()) return spelled;
  std::string spaced;
  for (char c : spelled) {
    if (!IsAsciiAlpha(c)) continue;
    if (!spaced.empty()) spaced += ' ';
    spaced += SpellLetter(c);
  }
  if (!spaced.ends_with("A-")) return spaced + std::string(suffix);
  spaced.pop_back();
  return spaced + "'s";
}

// "twenty-two" -> "twenty two"; ICU's German soft hyphens (U+00AD) are removed.
std::string StripHyphens(std::string s) {
  for (size_t p; (p = s.find("\xC2\xAD")) != std::string::npos;) s.erase(p, 2);
  for (char& c : s) if (c == '-') c = ' ';
  return s;
}

// "1987" -> 1987; longer than 15 digits -> nullopt
std::optional<int64_t> ParseSmallInt(std::string_view digits) {
  if (!IsDigits(digits) || digits.size() > 15) return std::nullopt;
  int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// ".," -> ","
std::string TrailWithoutPeriod(const std::string& trail) {
  return (!trail.empty() && trail[0] == '.') ? trail.substr(1) : trail;
}

// "etc." at the end of a paragraph or before "Then" keeps its period; "U.S. Army" loses it.
std::string AbbrevTrail(const Context& ctx, size_t last) {
  const std::string& t = ctx.At(last).trail;
  if (t.empty() || t[0] != '.') return t;
  if (t.size() > 1) return t.substr(1);
  if (last + 1 >= ctx.chunks.size()) return t;
  return ctx.rules.sentence_openers.count(ctx.At(last + 1).core) ? t : "";
}

bool Context::SentenceStart(size_t k) const {
  if (k == 0) return true;
  const Chunk& p = chunks[k - 1];
  if (p.trail.find_first_of(".!?") == std::string::npos) return false;
  if (p.core.size() == 1 && p.core[0] >= 'A' && p.core[0] <= 'Z') return false;  // "T."
  if (p.core.size() >= 32) return !rules.title_abbrevs.count(p.core + ".");
  char dotted[32];  // p.core + "." without a heap string
  p.core.copy(dotted, p.core.size());
  dotted[p.core.size()] = '.';
  return !rules.title_abbrevs.count(std::string_view(dotted, p.core.size() + 1));
}

bool Context::NextCapitalOrEnd(size_t k) const {
  if (k + 1 >= chunks.size()) return true;
  const std::string& c = chunks[k + 1].core;
  return !c.empty() && c[0] >= 'A' && c[0] <= 'Z';
}

std::string LocaleRules::Word(const std::string& key) const {
  auto it = words.find(key);
  return it == words.end() ? key : it->second;
}

}  // namespace narrate::text::internal
