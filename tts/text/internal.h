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
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <unicode/rbnf.h>

namespace narrate::text::internal {

// Hashed string tables that a std::string_view looks up without building a string.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
// Ordered ones, for the tables that rules walk in key order.
template <class V>
using OrderedStringMap = std::map<std::string, V, std::less<>>;
using OrderedStringSet = std::set<std::string, std::less<>>;

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
  // Any of the locale's own ICU rule sets: (3, "%spellout-ordinal-n") -> "dritten" (de).
  std::string Spell(int64_t value, const std::string& rule_set) const;
  bool HasRuleSet(const std::string& rule_set) const;
  // The locale's ASCII separators ("1.250,75" in de); ' ' when ICU groups with a (no-break) space.
  char GroupSeparator() const { return group_; }
  char DecimalSeparator() const { return decimal_; }

 private:
  Speller() = default;
  std::string Format(int64_t value, int which) const;
  void LearnWords();
  void LearnSeparators(const std::string& locale);
  std::string Clean(std::string spelled) const;
  char group_ = ',', decimal_ = '.';
  bool keep_hyphens_ = false;  // fr: eSpeak links "dix-sept" only when hyphenated
  std::string minus_ = "minus ", point_ = " point ";
  std::vector<std::string> rule_sets_;  // cardinal, ordinal, year
  std::unique_ptr<icu::RuleBasedNumberFormat> rbnf_;
};

struct Unit { std::string singular, plural; };

// Language data for the non-English rules (rules_intl.cc); ICU rule-set names are the
// locale's own ("%spellout-ordinal-n"). Empty fields switch a rule off.
struct IntlTables {
  OrderedStringMap<std::string> ordinal_suffixes;  // fr "er" -> "%spellout-ordinal-masculine"
  bool roman_suffixes = false;            // fr "XVIIIe", "Ier": Roman stems take the suffixes
  StringMap<std::string> ordinal_after;                 // de "am" -> "%spellout-ordinal-n" ("am 3.")
  std::string dotted_ordinal;     // de "%spellout-ordinal-r": "3. Oktober" -> "dritter Oktober"
  StringSet dotted_links;                 // de "und", "bis": "am 3. und 4. Mai"
  StringSet date_links;                   // es "de": "3 de mayo de 1990" (year after a month)
  std::string regnal_article;             // de "der": "Ludwig XIV." -> "Ludwig der Vierzehnte"
  std::string regnal_rule_set;            // ordinal for regnal numbers; "" = cardinal
  StringSet regnal_dative_after;              // de "unter": "unter Karl V." -> "dem Fünften"
  std::string regnal_dative_article, regnal_dative_rule_set;  // de "dem", "%spellout-ordinal-n"
  int regnal_ordinal_max = 1 << 30;       // es 10: "Carlos V" quinto, "Alfonso XIII" trece
  std::string regnal_first;               // fr "%spellout-ordinal-masculine": "François Ier" premier
  OrderedStringSet quantity_suffixes;  // fr "s": "1500 hommes" is a quantity, not a year
  std::string minor_singular, minor_plural;  // "Cent", "Cent"
  std::string money_link;                 // es "con": "doce euros con cincuenta"
  std::string percent;                    // from ICU: "Prozent", "pour cent"
};
struct Currency {
  std::string singular, plural, minor_singular, minor_plural;
  bool bare_minor = false;  // "£2.50" -> "two pounds fifty" (no "and", no minor unit word)
};

// Everything language-specific. Rules consult these tables; a new locale supplies its own.
struct LocaleRules {
  std::string language;
  StringMap<std::string> title_abbrevs;               // "Mr." -> "Mister" (before a name)
  StringMap<std::string> abbrevs;                     // "e.g." -> "for example"
  StringSet never_final;                              // "vs." never ends a sentence
  StringMap<Unit> units;                              // "km" -> kilometer(s)
  OrderedStringMap<Currency> currencies;         // "$" -> dollar(s)
  OrderedStringMap<std::string> scales;          // "million", "k" -> "thousand"
  StringMap<int> months;                              // "March", "Mar." -> 3
  std::vector<std::string> month_names;               // 1-based via index-1
  StringSet initialisms, acronyms, caps_words, regnal_names, numeral_keywords;
  StringSet letter_keywords, year_context, plural_stop, irregular_plurals;
  StringSet pronoun_followers;
  StringSet regnal_titles;                            // "King" Henry I: always the numeral
  StringSet label_keywords;                           // "chapter iv", "scene ii": lowercase numerals
  StringSet title_small_words;                        // "of", "the" in "V In the Golden Age"
  StringSet letter_determiners;                       // "the A team": "A" is the letter
  StringSet letter_joiners;                           // "A and B", "from A to Z"
  StringSet sentence_openers;                         // "Then": an abbreviation before it ends a sentence
  StringMap<std::string> symbols;                     // "&" -> "and"
  StringMap<std::string> words;                       // "point", "minus", "to", "and", ...
  IntlTables intl;                                    // non-English rules only
  // Money and number context (rules_money.cc, rules_symbols.cc).
  StringMap<std::string> per_units;                   // "mo" -> "month": "$20/mo"
  std::map<int, std::string> pence_words;             // 6 -> "sixpence"
  std::set<std::string> money_cues;                   // "cost", "paid": "cost 2/6" is money
  StringSet money_words;                              // "price": "the price ... was 7/6"
  StringSet money_nouns;                              // "note": "a £5 note" (attributive)
  StringSet determiners;                              // "a", "his": "a $5 tip" (attributive)
  StringSet attributive_stop;                         // "each", "more": "a $5 each" is not
  std::set<std::string> decade_context;               // "her", "the": "in her 20s." is a decade
  StringSet number_prefixes;                          // "mid": "mid-1980s"
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
  // Letters, years and designations (rules_caps.cc).
  std::set<std::string> common_short_words;           // "not", "help": "NOT" is emphasis
  std::set<std::string> page_keywords;                // "page", "p": "page xiv" -> fourteen
  std::set<std::string> designation_keywords;         // "room": "Room 101" -> one oh one
  std::set<std::string> verb_objects;                 // "him": "of 1851 lists him" (a verb)
  std::set<std::string> year_only_context;            // "since": "since 1998 prices" is a year
  // Measures (rules_units.cc); two-word units ("sq ft") live in `units` under "sq ft".
  std::map<std::string, Unit> spaced_units;           // "st" -> stone: only "11 st", not "21st"
  std::map<std::string, Unit> compound_units;         // "ft in" -> inch: "6 ft 2 in"
  std::vector<std::string> measure_signs;             // "±": "±3 mm" (word from `symbols`)
  std::string Word(const std::string& key) const;
};

// Counts over the whole paragraph, made once so that no rule rescans the paragraph for each
// chunk (that made a 1 MB paragraph quadratic). Index k: the chunks before chunk k.
struct ParagraphScan {
  std::vector<size_t> quotes_before;  // '"' marks; one more entry: the paragraph's total
  std::vector<int> open_single;       // quotations opened by ' and not yet closed
  static ParagraphScan Of(const std::vector<Chunk>& chunks);
};

// The view a rule gets: all chunks of the paragraph and the index being rewritten.
struct Context {
  const std::vector<Chunk>& chunks;
  size_t i;
  const LocaleRules& rules;
  const Speller& speller;
  bool shouting = false;  // the whole paragraph is in capitals (a heading)
  bool day_first = false;  // numeric dates put the day first ("1/4/1901" = 1 April), en-GB
  const ParagraphScan* scan = nullptr;  // of `chunks`; nullptr: rules count for themselves
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
size_t CountQuotes(std::string_view s);  // '"' marks: "say \"hi\"" -> 2
// The single-quote nesting after chunk c, given the nesting before it: "'Tis" opens one.
int OpenSingleAfter(const Chunk& c, int open);
std::vector<Chunk> SplitChunks(std::string_view text);
bool IsDigits(std::string_view s);
bool IsUpperLetters(std::string_view s);
bool IsLowerLetters(std::string_view s);
bool IsCapitalized(std::string_view s);  // "Kirk", "McCoy"
bool IsAsciiAlpha(char c);
bool IsAsciiDigit(char c);
std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);  // "xiv" -> "XIV"
std::string SpellLetter(char c);                // "A" -> "A-" (eSpeak's letter, not "uh")
std::string SpellLetters(std::string_view s);  // "FBI" -> "F B I"; "DNA" -> "D N A-"
std::string SpelledWithSuffix(std::string spelled, std::string_view suffix);  // "D N A's"
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
std::optional<Rewrite> RuleRomanHeading(const Context&);
std::optional<Rewrite> RuleRomanLabel(const Context&);
std::optional<Rewrite> RuleLetterA(const Context&);

// "VIII" -> 8; "MIX" -> 1009; "IIII", "DID", "CIVIL" -> nullopt (rules_words.cc)
std::optional<int> ParseRoman(std::string_view s);
// "I" after a label word: the numeral in "Part I", "in book I."; the pronoun in "the world I love".
bool LabelNumeralI(const Context& ctx);
// After "I" (the pronoun): "James I think" (rules_words.cc).
bool PronounI(const Context& ctx);

// Other languages (rules_intl.cc).
std::optional<Rewrite> RuleIntlMoney(const Context&);
std::optional<Rewrite> RuleIntlPercent(const Context&);
std::optional<Rewrite> RuleIntlSuffixOrdinal(const Context&);
std::optional<Rewrite> RuleIntlDottedOrdinal(const Context&);
std::optional<Rewrite> RuleIntlRegnal(const Context&);
std::optional<Rewrite> RuleIntlYear(const Context&);
std::optional<Rewrite> RuleIntlNumber(const Context&);
// Money, ranges and symbols (rules_money.cc, rules_symbols.cc).
std::optional<Rewrite> RulePreDecimalMoney(const Context&);
std::optional<Rewrite> RuleShillingSlash(const Context&);
std::optional<Rewrite> RuleDecimalPence(const Context&);
std::optional<Rewrite> RuleOldOrdinal(const Context&);
std::optional<Rewrite> RuleNumberPrefix(const Context&);
std::optional<Rewrite> RulePer(const Context&);
std::optional<Rewrite> RuleInches(const Context&);
std::optional<Rewrite> RuleBy(const Context&);
std::optional<Rewrite> RuleTilde(const Context&);
std::optional<Rewrite> RulePlusSign(const Context&);
// Letters, years and designations (rules_caps.cc).
std::optional<Rewrite> RuleEraYear(const Context&);
std::optional<Rewrite> RuleRomanYear(const Context&);
std::optional<Rewrite> RuleRomanPage(const Context&);
std::optional<Rewrite> RuleDesignationNumber(const Context&);
std::optional<Rewrite> RuleYearBeforeVerb(const Context&);
void AddCommonShortWords(LocaleRules& r);  // fills common_short_words
// "FAA", "EPA" outside a shouting paragraph: short capitals that are not a common word.
bool UnknownCapsAreLetters(const Context& ctx, std::string_view base);
bool PageNumeral(std::string_view core);  // "xiv", "xii-xv" (after "p." or "pp.")
// Measures and fractions before nouns (rules_units.cc).
std::optional<Rewrite> RuleMeasureWords(const Context&);
std::optional<Rewrite> RuleSignedMeasure(const Context&);
std::optional<Rewrite> RuleFeetMark(const Context&);
std::optional<Rewrite> RulePencePer(const Context&);
std::optional<Rewrite> RuleFractionNoun(const Context&);
std::optional<Rewrite> RuleHyphenMeasure(const Context&);

// Shared by several rules (rules_numbers.cc).
std::optional<std::string> SpeakYearIfYear(const Context& ctx, std::string_view core);
std::string SpeakDesignationDigits(const Speller& sp, std::string_view digits);
bool IsYearShape(std::string_view core);
// Speaks one token on its own with the locale's rules: "5pm" -> "five P M"; nullopt if no rule
// changes it. Used for the sides of "2pm-5pm" and the tail of "mid-1980s".
std::optional<std::string> SpeakToken(const Context& ctx, std::string_view token);
// "mo" -> "month", "kg" -> "kilogram": the word after "per" in "$20/mo", "12/kg".
std::optional<std::string> PerUnit(const LocaleRules& r, std::string_view key);
// "mg/day" -> {"milligram per day", "milligrams per day"}; plain table units too.
std::optional<Unit> FindUnit(const LocaleRules& r, std::string_view key);
// Whether the amount at chunk k reads as a modifier: "a $5 note" -> "a five dollar note".
bool AttributiveAmount(const Context& ctx, size_t k);
// Shared by the phone and address rules (rules_datetime.cc): "0958" -> "oh nine five eight".
std::string SpeakPhoneDigits(const Context& ctx, std::string_view digits);

// --- locale tables (rules_en.cc) ---
const LocaleRules& EnglishRules();
const LocaleRules& GenericRules(const std::string& language);
// A non-English language's table: ICU month, currency and percent names plus rules_intl.cc data.
std::unique_ptr<LocaleRules> MakeIntlRules(const std::string& language);
const std::vector<Rule>& RulesFor(const LocaleRules& rules);
// The subset of RulesFor that can match a core of lowercase ASCII letters only ("whale").
const std::vector<Rule>& WordRulesFor(const LocaleRules& rules);

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
