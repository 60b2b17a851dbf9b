// Word rules: abbreviations and titles, initials, Roman numerals, letter-digit
// designations, initialisms vs acronyms vs all-caps emphasis, possessives, symbols.
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {

// "VIII" -> 8; "MIX" -> 1009; "IIII", "DID", "CIVIL" -> nullopt (not canonical)
std::optional<int> ParseRoman(std::string_view s) {
  static constexpr struct { const char* sym; int val; } kTable[] = {
      {"M", 1000}, {"CM", 900}, {"D", 500}, {"CD", 400}, {"C", 100}, {"XC", 90}, {"L", 50},
      {"XL", 40}, {"X", 10}, {"IX", 9}, {"V", 5}, {"IV", 4}, {"I", 1}};
  if (s.empty() || s.size() > 15) return std::nullopt;
  int value = 0;
  size_t pos = 0;
  for (const auto& e : kTable) {
    std::string_view sym(e.sym);
    int repeats = 0;
    while (s.substr(pos).starts_with(sym) && repeats < 3) { value += e.val; pos += sym.size(); ++repeats; }
  }
  if (pos != s.size() || value == 0) return std::nullopt;
  return value;
}

namespace {

bool IsUpperInitial(std::string_view s) { return s.size() == 1 && s[0] >= 'A' && s[0] <= 'Z'; }

// Lowercase word with a legal English onset and coda: "that" yes, "fbi" no, "ncc" no.
bool Pronounceable(std::string_view w) {
  static const std::set<std::string> kOnsets = {
      "bl", "br", "ch", "cl", "cr", "dr", "dw", "fl", "fr", "gl", "gn", "gr", "kl", "kn", "kr",
      "ph", "pl", "pr", "qu", "sc", "sch", "scr", "sh", "shr", "sk", "sl", "sm", "sn", "sp", "spl",
      "spr", "st", "str", "sw", "th", "thr", "tr", "tw", "wh", "wr", "squ", "sq"};
  static const std::set<std::string> kCodas = {
      "ck", "ct", "ft", "ld", "lf", "lk", "ll", "lm", "lp", "lt", "mb", "mp", "nd", "ng", "nk",
      "ns", "nt", "ps", "pt", "rb", "rc", "rd", "rf", "rg", "rk", "rl", "rm", "rn", "rp", "rs",
      "rt", "sh", "sk", "sp", "ss", "st", "th", "tch", "ch", "ght", "nch", "nds", "nts", "rst",
      "rth", "ts", "ds", "gs", "ks", "ms", "ls", "ws", "lls", "nks", "ngs", "ff", "zz", "wn",
      "xt", "mps", "nst", "rts", "cts", "lts", "sts", "rds", "wl", "ws", "rch", "lch", "nth"};
  auto vowel = [&](size_t k) { char c = w[k]; return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || (c == 'y' && k > 0); };
  size_t first = 0, last = w.size();
  while (first < w.size() && !vowel(first)) ++first;
  if (first == w.size() || (first == 0 && w.find_first_not_of("aeiouy") == std::string::npos)) return false;  // "aaa"
  while (last > 0 && !vowel(last - 1)) --last;
  std::string onset(w.substr(0, first)), coda(w.substr(last));
  size_t run = 0;
  for (size_t k = first; k < last; ++k) { run = vowel(k) ? 0 : run + 1; if (run > 3) return false; }
  return (onset.size() <= 1 || kOnsets.count(onset)) && (coda.size() <= 1 || kCodas.count(coda));
}

// "St." between a capitalised word and the rest: "Baker St." -> Street, "St. Paul" -> Saint.
std::string StreetOrSaint(const Context& ctx, const std::string& title_word, const std::string& place_word) {
  size_t i = ctx.i;
  bool prev_name = i > 0 && !ctx.SentenceStart(i - 1) && ctx.At(i - 1).trail.empty() &&
                   (IsCapitalized(ctx.At(i - 1).core) || IsDigits(ctx.At(i - 1).core.substr(0, 1)));
  bool next_name = ctx.Has(i + 1) && IsCapitalized(ctx.At(i + 1).core);
  return (prev_name || !next_name) ? place_word : title_word;
}

std::optional<Rewrite> TitleAbbreviation(const Context& ctx, const std::string& key, const std::string& word) {
  const Chunk& cur = ctx.Cur();
  bool dotted = cur.trail.starts_with(".");
  bool next_name = ctx.Has(ctx.i + 1) && (IsCapitalized(ctx.At(ctx.i + 1).core) || IsUpperInitial(ctx.At(ctx.i + 1).core));
  if (!dotted && !next_name) return std::nullopt;  // "Dr" alone is not expanded
  Rewrite r{word};
  if (key == "St." || key == "Dr.") {
    r.spoken = StreetOrSaint(ctx, word, key == "St." ? "Street" : "Drive");
    if (r.spoken != word) { r.trail = AbbrevTrail(ctx, ctx.i); return r; }
  }
  if (dotted) r.trail = TrailWithoutPeriod(cur.trail);
  return r;
}

// "No. 5", "p. 12", "chap. xii" (lowercase "a chap." is a man, not a chapter)
bool NeedsNumberAfter(const std::string& key) {
  return key == "No." || key == "no." || key == "p." || key == "pp." || key == "Nos." ||
         key == "chap.";
}

// How the word before a Roman numeral reads it: cardinal, ordinal ("the eighth") or not at all.
enum class RomanUse { kNone, kCardinal, kRegnal };

bool IsNumeralKeyword(const Context& ctx, const Chunk& prev) {
  std::string low = ToLower(prev.core);
  if (!ctx.rules.numeral_keywords.count(low)) return false;
  if (prev.trail.empty()) return true;
  return prev.trail == "." && ctx.rules.label_keywords.count(low) && ctx.rules.abbrevs.count(prev.core + ".");  // "Vol. II"
}

// "Henry V." before "The" or at the end is the king; "George W. Bush" is an initial.
bool InitialNotNumeral(const Context& ctx, bool regnal) {
  if (ctx.Cur().trail != "." || !ctx.NextCapitalOrEnd(ctx.i) || !ctx.Has(ctx.i + 1)) return false;
  return !(regnal && ctx.rules.sentence_openers.count(ctx.At(ctx.i + 1).core));
}

// "King Henry I was" and "Henry I was crowned" (a sentence start) are the numeral.
bool RegnalI(const Context& ctx) {
  if (!PronounI(ctx)) return true;
  if (ctx.i > 1 && ctx.At(ctx.i - 2).trail.empty() && ctx.rules.regnal_titles.count(ctx.At(ctx.i - 2).core)) return true;
  const std::string& next = ctx.At(ctx.i + 1).core;
  bool told = next == "was" || next == "had" || !ctx.rules.pronoun_followers.count(next);  // "ruled"
  return ctx.SentenceStart(ctx.i - 1) && told;
}

RomanUse ClassifyRoman(const Context& ctx, const std::string& numeral, int value) {
  if (ctx.i == 0) return RomanUse::kNone;
  const Chunk& p = ctx.At(ctx.i - 1);
  const std::string& prev = p.core;
  bool single = numeral.size() == 1;
  bool keyword = IsNumeralKeyword(ctx, p);
  if (!p.trail.empty() && !keyword) return RomanUse::kNone;
  bool vix = numeral == "I" || numeral == "V" || numeral == "X";
  if (single && ctx.rules.letter_keywords.count(prev) && !(keyword && vix)) return RomanUse::kNone;
  if (keyword) return (numeral != "I" || LabelNumeralI(ctx)) ? RomanUse::kCardinal : RomanUse::kNone;
  bool regnal = ctx.rules.regnal_names.count(prev) > 0;
  if (single && InitialNotNumeral(ctx, regnal)) return RomanUse::kNone;  // "George W. Bush"
  bool two_back = ctx.i > 1 && IsCapitalized(prev) && ctx.At(ctx.i - 2).trail.empty() && ctx.rules.regnal_names.count(ctx.At(ctx.i - 2).core);
  if (numeral == "I") return (regnal && RegnalI(ctx)) ? RomanUse::kRegnal : RomanUse::kNone;
  if (single && numeral != "V" && numeral != "X") return RomanUse::kNone;
  if (ctx.rules.initialisms.count(numeral) || ctx.rules.acronyms.count(numeral)) return RomanUse::kNone;
  if (regnal || two_back) return value <= 40 ? RomanUse::kRegnal : RomanUse::kNone;
  return (IsCapitalized(prev) && value <= 39) ? RomanUse::kCardinal : RomanUse::kNone;
}

// "NCC" -> "N C C"; "COVID" -> "COVID"; "Win" -> "Win"
std::string SpeakLetterRun(const LocaleRules& r, const std::string& run) {
  if (!IsUpperLetters(run)) return run;
  if (r.acronyms.count(run)) return run;
  if (run.size() > 4 && !r.initialisms.count(run)) return run;
  return SpellLetters(run);
}

// Splits "NCC-1701-D" into {"NCC", "1701", "D"} and "R2" into {"R", "2"}.
std::vector<std::string> AlnumRuns(const std::string& core) {
  std::vector<std::string> runs;
  for (char c : core) {
    if (c == '-') { runs.emplace_back(); continue; }
    bool digit = IsAsciiDigit(c);
    if (runs.empty() || runs.back().empty() || IsAsciiDigit(runs.back().back()) != digit) runs.emplace_back();
    runs.back() += c;
  }
  std::erase_if(runs, [](const std::string& r) { return r.empty(); });
  return runs;
}

bool IsShoutWord(const Context& ctx, const std::string& base) {
  if (ctx.rules.caps_words.count(base)) return true;
  if (base.find('\'') != std::string::npos) return true;  // "DON'T"
  if (base.size() < 3) return false;
  if (ctx.rules.common_short_words.count(ToLower(base))) return true;  // "JOHN", "HELP"
  return ctx.shouting || (Pronounceable(ToLower(base)) && !UnknownCapsAreLetters(ctx, base));
}
}  // namespace

// "I" is the pronoun when a verb or an adverb follows: "James I think", "Mary I loved".
bool PronounI(const Context& ctx) {
  if (!ctx.Has(ctx.i + 1) || !ctx.Cur().trail.empty()) return false;
  const std::string& next = ctx.At(ctx.i + 1).core;
  if (next.starts_with("'")) return true;
  if (ctx.rules.pronoun_followers.count(next)) return true;
  return next.size() > 4 && next.ends_with("ed") && IsLowerLetters(next);  // "loved", "wanted"
}

// "Part I", "BOOK I", "in chapter I." -> numeral; "the world I love", "part I was" -> pronoun.
bool LabelNumeralI(const Context& ctx) {
  const std::string& label = ctx.At(ctx.i - 1).core;
  if (IsCapitalized(label) || IsUpperLetters(label)) {
    return !(ctx.SentenceStart(ctx.i - 1) && PronounI(ctx));  // "Book I think is best"
  }
  return !ctx.Has(ctx.i + 1) || (!ctx.Cur().trail.empty() && ctx.Cur().trail[0] != '\'');
}

// "Mr." -> "Mister"; "St. Paul" -> "Saint Paul"; "Baker St." -> "Baker Street"; "e.g." -> "for example"
std::optional<Rewrite> RuleAbbreviation(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  bool dotted = cur.trail.starts_with(".");
  std::string key = cur.core + (dotted ? "." : "");
  auto title = ctx.rules.title_abbrevs.find(dotted ? key : cur.core + ".");
  if (title != ctx.rules.title_abbrevs.end()) return TitleAbbreviation(ctx, title->first, title->second);
  auto it = ctx.rules.abbrevs.find(key);
  bool letter = key.size() == 2 && IsUpperLetters(key.substr(0, 1));  // "Henry V." is not "v."
  if (it == ctx.rules.abbrevs.end() && !letter) it = ctx.rules.abbrevs.find(ToLower(key));
  if (it == ctx.rules.abbrevs.end()) return std::nullopt;
  bool number_next = ctx.Has(ctx.i + 1) && !ctx.At(ctx.i + 1).core.empty() &&
                     (IsAsciiDigit(ctx.At(ctx.i + 1).core[0]) || PageNumeral(ctx.At(ctx.i + 1).core));
  if (NeedsNumberAfter(it->first) && !number_next) return std::nullopt;
  Rewrite r{it->second};
  r.trail = ctx.rules.never_final.count(it->first) ? TrailWithoutPeriod(cur.trail) : AbbrevTrail(ctx, ctx.i);
  return r;
}

// "U.S.A." -> "U S A"; "a.m." -> "A M"
std::optional<Rewrite> RuleDottedInitialism(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core.size() < 3 || core.size() > 40) return std::nullopt;
  for (size_t k = 0; k < core.size(); ++k) {
    bool ok = (k % 2 == 0) ? IsAsciiAlpha(core[k]) : core[k] == '.';
    if (!ok) return std::nullopt;
  }
  Rewrite r{SpellLetters(ToUpper(core))};
  r.trail = AbbrevTrail(ctx, ctx.i);
  return r;
}

// "James T. Kirk" -> "James T Kirk" (no false sentence end); "A. A. Milne" -> "A- A- Milne"
std::optional<Rewrite> RuleInitial(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (!IsUpperInitial(cur.core) || !cur.trail.starts_with(".") || !ctx.Has(ctx.i + 1)) return std::nullopt;
  const std::string& next = ctx.At(ctx.i + 1).core;
  if (!IsCapitalized(next) && !IsUpperInitial(next)) return std::nullopt;
  bool prev_ok = ctx.SentenceStart(ctx.i) || IsCapitalized(ctx.At(ctx.i - 1).core) ||
                 IsUpperInitial(ctx.At(ctx.i - 1).core);
  if (!prev_ok) return std::nullopt;
  Rewrite r{SpellLetters(cur.core)};
  r.trail = TrailWithoutPeriod(cur.trail);
  return r;
}

// "Capella IV" -> "Capella four"; "Henry VIII" -> "Henry the eighth"; "Chapter XII" -> "Chapter twelve"
std::optional<Rewrite> RuleRoman(const Context& ctx) {
  if (std::string_view("MDCLXVI").find(ctx.Cur().core[0]) == std::string_view::npos)
    return std::nullopt;  // "whale": not a numeral's first letter
  std::string core = ctx.Cur().core;
  std::string suffix;
  if (core.ends_with("'s")) { suffix = "'s"; core.resize(core.size() - 2); }
  auto value = ParseRoman(core);
  if (!value) return std::nullopt;
  RomanUse use = ClassifyRoman(ctx, core, *value);
  if (use == RomanUse::kNone) return std::nullopt;
  std::string spoken = use == RomanUse::kRegnal
                           ? ctx.rules.Word("the") + " " + ctx.speller.Ordinal(*value)
                           : ctx.speller.Cardinal(*value);
  return Rewrite{spoken + suffix};
}

// "K7" -> "K seven"; "NCC-1701" -> "N C C seventeen oh one"; "R2-D2" -> "R two D two"
std::optional<Rewrite> RuleDesignation(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  bool letter = false, digit = false;
  for (char c : core) {
    if (IsAsciiDigit(c)) digit = true;
    else if (IsAsciiAlpha(c)) letter = true;
    else if (c != '-') return std::nullopt;
  }
  if (!letter || !digit || core.size() > 64) return std::nullopt;
  std::string out;
  bool after_digits = false;
  for (const std::string& run : AlnumRuns(core)) {
    bool meridiem = after_digits && (ToLower(run) == "am" || ToLower(run) == "pm");  // "9am-5pm"
    std::string piece = IsAsciiDigit(run[0]) ? SpeakDesignationDigits(ctx.speller, run)
                        : meridiem           ? SpellLetters(ToLower(run) == "am" ? "AM" : "PM")
                                             : SpeakLetterRun(ctx.rules, run);
    after_digits = IsAsciiDigit(run[0]);
    out += (out.empty() ? "" : " ") + piece;
  }
  return Rewrite{out};
}

// "FBI" -> "F B I"; "NASA" stays; "THAT" -> "that"; "CDs" -> "C Ds"; "OK" -> "okay"
std::optional<Rewrite> RuleAllCaps(const Context& ctx) {
  std::string base = ctx.Cur().core, suffix;
  if (base.ends_with("'s")) { suffix = "'s"; base.resize(base.size() - 2); }
  else if (base.size() > 2 && base.ends_with("s")) { suffix = "s"; base.pop_back(); }
  std::string letters_only;
  for (char c : base) if (c != '\'') letters_only += c;
  if (!IsUpperLetters(letters_only) || base.front() == '\'' || base.size() > 256) return std::nullopt;
  if (base.size() < 2 && suffix.empty()) return std::nullopt;
  if (base == "OK" && suffix.empty()) return Rewrite{"okay"};
  if (suffix == "s" && !ctx.rules.initialisms.count(base)) { base += 's'; suffix.clear(); }
  if (ctx.rules.initialisms.count(base)) return Rewrite{SpelledWithSuffix(SpellLetters(base), suffix)};
  if (ctx.rules.acronyms.count(base)) return Rewrite{base + suffix};
  if (IsShoutWord(ctx, base)) return Rewrite{ToLower(base) + suffix};
  if (base.size() <= 1) return std::nullopt;
  return Rewrite{SpelledWithSuffix(SpellLetters(base), suffix)};
}

// "Praxis' destruction" -> "Praxis's destruction" (a name ending in a vowel + s, or ss)
std::optional<Rewrite> RulePossessive(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (!IsCapitalized(cur.core) || !cur.trail.starts_with("'") || cur.lead.find('\'') != std::string::npos) return std::nullopt;
  const std::string& c = cur.core;
  if (c.size() < 3 || c.back() != 's') return std::nullopt;
  char before = c[c.size() - 2];
  if (std::string_view("aeious").find(before) == std::string_view::npos) return std::nullopt;
  Rewrite r{c + "'s"};
  r.trail = cur.trail.substr(1);
  return r;
}

// "Qo'noS" -> "Qo'nos" (a lone final capital would be spelled as a letter); "PhD" -> "P h D"
std::optional<Rewrite> RuleTrailingCapital(const Context& ctx) {
  const std::string& c = ctx.Cur().core;
  if (ctx.rules.initialisms.count(c)) return Rewrite{SpellLetters(c)};
  if (c.size() < 3 || c[0] < 'A' || c[0] > 'Z' || IsUpperLetters(c)) return std::nullopt;
  char last = c.back(), before = c[c.size() - 2];
  if (last < 'A' || last > 'Z' || !((before >= 'a' && before <= 'z') || before == '\'')) return std::nullopt;
  std::string out = c;
  out.back() = static_cast<char>(last - 'A' + 'a');
  return Rewrite{out};
}

// "&" -> "and"; "AT&T" -> "A T and T"; "and/or" -> "and or"; "x²" -> "x squared"
std::optional<Rewrite> RuleSymbols(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  auto plain = [](char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '\''; };
  size_t plain_end = 0;
  while (plain_end < core.size() && plain(core[plain_end])) ++plain_end;
  if (plain_end == core.size()) return std::nullopt;  // "don't", "1851": no symbol in them
  auto whole = ctx.rules.symbols.find(core);
  if (whole != ctx.rules.symbols.end()) return Rewrite{core == "/" ? "" : whole->second};
  if (core.size() > 256) return std::nullopt;
  std::string out;
  bool changed = false;
  for (size_t k = 0; k < core.size();) {
    size_t len = 1;
    while (k + len < core.size() && (static_cast<unsigned char>(core[k + len]) & 0xC0) == 0x80) ++len;
    std::string_view ch = std::string_view(core).substr(k, len);
    auto it = ctx.rules.symbols.find(ch);
    bool inner = it != ctx.rules.symbols.end() && (ch != "/" || (k > 0 && k + 1 < core.size()));
    if (inner) { out += " " + (ch == "/" && core.starts_with("and/") ? std::string() : it->second) + " "; changed = true; }
    else out += ch;
    k += len;
  }
  if (!changed) return std::nullopt;
  Rewrite r;
  for (const Chunk& c : SplitChunks(out)) {
    std::string part = IsUpperLetters(c.core) && c.core.size() <= 3 && !ctx.rules.acronyms.count(c.core) ? SpellLetters(c.core) : c.core;
    if (auto n = ctx.speller.Number(c.core)) part = *n;
    r.spoken += (r.spoken.empty() ? "" : " ") + c.lead + part + c.trail;
  }
  return r;
}

}  // namespace narrate::text::internal
