// Private building blocks of the normaliser: chunks, the rule context, the
// locale rule table and the ICU-backed number speller. Not part of the API.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/rbnf.h>

namespace narrate::text::internal {

// One whitespace-separated piece of text: leading punctuation, core, trailing punctuation.
struct Chunk {
  std::string lead, core, trail;
};

// Spells numbers with ICU RuleBasedNumberFormat (no hand-written number tables).
class Speller {
 public:
  // Returns nullptr and sets *error when ICU has no spell-out rules for the locale.
  static std::unique_ptr<Speller> Create(const std::string& locale, std::string* error);
  ~Speller();
  std::string Cardinal(int64_t value) const;   // 1701 -> "one thousand seven hundred one"
  std::string Ordinal(int64_t value) const;    // 22 -> "twenty second"
  std::string Year(int64_t value) const;       // 1701 -> "seventeen oh one"
  std::string Digits(std::string_view digits) const;  // "105" -> "one zero five"
  // Any written number: "1,000,000", "-5", "3.14", ".5", 500 digits (read digit by digit).
  std::optional<std::string> Number(std::string_view text) const;
  const std::string& MinusWord() const { return minus_; }  // "minus " (with trailing space)

 private:
  Speller() = default;
  std::string Format(int64_t value, int which) const;
  void LearnWords();
  std::string minus_ = "minus ", point_ = " point ";
  std::vector<std::string> rule_sets_;  // cardinal, ordinal, year
  std::unique_ptr<icu::RuleBasedNumberFormat> rbnf_;
};

struct Unit { std::string singular, plural; };
struct Currency { std::string singular, plural, minor_singular, minor_plural; };

// Everything language-specific. Rules consult these tables; a new locale supplies its own.
struct LocaleRules {
  std::string language;
  std::map<std::string, std::string> title_abbrevs;   // "Mr." -> "Mister" (before a name)
  std::map<std::string, std::string> abbrevs;         // "e.g." -> "for example"
  std::set<std::string> never_final;                  // "vs." never ends a sentence
  std::map<std::string, Unit> units;                  // "km" -> kilometer(s)
  std::map<std::string, Currency> currencies;         // "$" -> dollar(s)
  std::map<std::string, std::string> scales;          // "million", "k" -> "thousand"
  std::map<std::string, int> months;                  // "March", "Mar." -> 3
  std::vector<std::string> month_names;               // 1-based via index-1
  std::set<std::string> initialisms, acronyms, caps_words, regnal_names, numeral_keywords;
  std::set<std::string> letter_keywords, year_context, plural_stop, irregular_plurals;
  std::set<std::string> pronoun_followers;
  std::set<std::string> sentence_openers;             // "Then": an abbreviation before it ends a sentence
  std::map<std::string, std::string> symbols;         // "&" -> "and"
  std::map<std::string, std::string> words;           // "point", "minus", "to", "and", ...
  // Dates, times and addresses (rules_datetime.cc, rules_address.cc).
  std::set<std::string> month_first_regions;           // "US": "1/4/1901" is January fourth
  std::map<std::string, std::string> weekdays;         // "Mon." -> "Monday"
  std::set<std::string> time_zones;                    // "EST", "GMT": spelled after a time
  std::set<std::string> time_context;                  // "at 6.30": a dotted time after these
  std::set<std::string> not_time_followers;            // "at 2.50 each": a price, not a time
  std::map<std::string, std::string> street_suffixes;  // "St" -> "Street", "Ave" -> "Avenue"
  std::map<std::string, std::string> compass_points;   // "NE" -> "Northeast"
  std::map<std::string, std::string> address_units;    // "Apt" -> "Apartment", "Ste" -> "Suite"
  std::map<std::string, std::string> us_states;        // "TX" -> "Texas"
  std::string Word(const std::string& key) const;
};

// The view a rule gets: all chunks of the paragraph and the index being rewritten.
struct Context {
  const std::vector<Chunk>& chunks;
  size_t i;
  const LocaleRules& rules;
  const Speller& speller;
  bool shouting = false;  // the whole paragraph is in capitals (a heading)
  bool day_first = false;  // numeric dates put the day first ("1/4/1901" = 1 April), en-GB
  bool Has(size_t k) const { return k < chunks.size(); }
  const Chunk& At(size_t k) const { return chunks[k]; }
  const Chunk& Cur() const { return chunks[i]; }
  // True when chunk k starts a sentence (first, or after . ! ? that is not an abbreviation).
  bool SentenceStart(size_t k) const;
  // True when chunk k is followed by a capitalised word or ends the paragraph.
  bool NextCapitalOrEnd(size_t k) const;
};

// A rule's result: spoken words replacing `consumed` chunks starting at ctx.i.
struct Rewrite {
  Rewrite() = default;
  Rewrite(std::string words) : spoken(std::move(words)) {}  // NOLINT: implicit by design
  std::string spoken;
  size_t consumed = 1;
  std::optional<std::string> lead, trail;  // override the kept punctuation
};
using Rule = std::optional<Rewrite> (*)(const Context&);

// --- helpers (chunk.cc) ---
std::vector<Chunk> SplitChunks(std::string_view text);
bool IsDigits(std::string_view s);
bool IsUpperLetters(std::string_view s);
bool IsLowerLetters(std::string_view s);
bool IsCapitalized(std::string_view s);  // "Kirk", "McCoy"
bool IsAsciiAlpha(char c);
bool IsAsciiDigit(char c);
std::string ToLower(std::string_view s);
std::string SpellLetters(std::string_view s);  // "FBI" -> "F B I"
std::string StripHyphens(std::string s);       // ICU "twenty-two" -> "twenty two"
std::optional<int64_t> ParseSmallInt(std::string_view digits);  // up to 15 digits
std::string TrailWithoutPeriod(const std::string& trail);
// Keeps the abbreviation's period only where a sentence really ends.
std::string AbbrevTrail(const Context& ctx, size_t last);

// --- rule families ---
std::optional<Rewrite> RuleUrlEmail(const Context&);
std::optional<Rewrite> RulePhone(const Context&);
std::optional<Rewrite> RuleIsoDate(const Context&);
std::optional<Rewrite> RuleSlashDate(const Context&);
std::optional<Rewrite> RuleMonthDay(const Context&);
std::optional<Rewrite> RuleDayMonth(const Context&);
std::optional<Rewrite> RuleTime(const Context&);
std::optional<Rewrite> RuleWeekday(const Context&);
std::optional<Rewrite> RuleDashedMonthDate(const Context&);
std::optional<Rewrite> RuleOrdinalOfMonth(const Context&);
std::optional<Rewrite> RuleDottedTime(const Context&);
std::optional<Rewrite> RuleClockRange(const Context&);
std::optional<Rewrite> RuleMilitaryTime(const Context&);
std::optional<Rewrite> RuleHouseNumber(const Context&);
std::optional<Rewrite> RuleStreetWord(const Context&);
std::optional<Rewrite> RuleStateZip(const Context&);
std::optional<Rewrite> RulePoBox(const Context&);
std::optional<Rewrite> RuleMoney(const Context&);
std::optional<Rewrite> RulePercent(const Context&);
std::optional<Rewrite> RuleRange(const Context&);
std::optional<Rewrite> RuleDecade(const Context&);
std::optional<Rewrite> RuleOrdinal(const Context&);
std::optional<Rewrite> RuleFraction(const Context&);
std::optional<Rewrite> RuleMeasure(const Context&);
std::optional<Rewrite> RuleYear(const Context&);
std::optional<Rewrite> RuleNumberSign(const Context&);
std::optional<Rewrite> RuleNumber(const Context&);
std::optional<Rewrite> RuleAbbreviation(const Context&);
std::optional<Rewrite> RuleDottedInitialism(const Context&);
std::optional<Rewrite> RuleInitial(const Context&);
std::optional<Rewrite> RuleRoman(const Context&);
std::optional<Rewrite> RuleDesignation(const Context&);
std::optional<Rewrite> RuleAllCaps(const Context&);
std::optional<Rewrite> RulePossessive(const Context&);
std::optional<Rewrite> RuleTrailingCapital(const Context&);
std::optional<Rewrite> RuleSymbols(const Context&);

// Shared by several rules (rules_numbers.cc).
std::optional<std::string> SpeakYearIfYear(const Context& ctx, std::string_view core);
std::string SpeakDesignationDigits(const Speller& sp, std::string_view digits);
bool IsYearShape(std::string_view core);
// Shared by the phone and address rules (rules_datetime.cc): "0958" -> "oh nine five eight".
std::string SpeakPhoneDigits(const Context& ctx, std::string_view digits);

// --- locale tables (rules_en.cc) ---
const LocaleRules& EnglishRules();
const LocaleRules& GenericRules(const std::string& language);
const std::vector<Rule>& RulesFor(const LocaleRules& rules);

// --- Unicode clean-up (sanitize.cc) ---
class Sanitizer {
 public:
  static std::unique_ptr<Sanitizer> Create(std::string* error);
  ~Sanitizer();
  std::string Clean(std::string_view utf8) const;  // valid, folded, one line
 private:
  struct Icu;
  std::unique_ptr<Icu> icu_;
};

}  // namespace narrate::text::internal
