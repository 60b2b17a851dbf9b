// Number spelling through ICU RuleBasedNumberFormat spell-out rule sets.
#include <unicode/dcfmtsym.h>
#include <unicode/locid.h>
#include <unicode/rbnf.h>
#include <unicode/unistr.h>

#include <vector>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {
// Preferred ICU rule sets for cardinal, ordinal and year, first available wins
// (German, for one, has only gendered cardinals and ordinals).
const std::vector<std::vector<const char*>> kRuleSetChoices = {
    {"%spellout-cardinal", "%spellout-numbering", "%spellout-cardinal-masculine"},
    {"%spellout-ordinal", "%spellout-ordinal-masculine", "%spellout-ordinal-neuter"},
    {"%spellout-numbering-year", "%spellout-numbering", "%spellout-cardinal"}};
constexpr size_t kMaxSpelledDigits = 15;  // beyond this, numbers are read digit by digit


bool RuleSetExists(const icu::RuleBasedNumberFormat& f, const char* name) {
  for (int32_t k = 0; k < f.getNumberOfRuleSetNames(); ++k)
    if (f.getRuleSetName(k) == icu::UnicodeString(name)) return true;
  return false;
}
}  // namespace

Speller::~Speller() = default;

std::unique_ptr<Speller> Speller::Create(const std::string& locale, std::string* error) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc(locale.c_str());
  auto f = std::make_unique<icu::RuleBasedNumberFormat>(icu::URBNF_SPELLOUT, loc, status);
  std::string valid = U_SUCCESS(status) ? f->getLocale(ULOC_VALID_LOCALE, status).getLanguage() : "";
  if (U_FAILURE(status) || valid != loc.getLanguage()) {
    *error = "ICU has no spell-out rules for locale '" + locale + "'";
    return nullptr;
  }
  std::unique_ptr<Speller> sp(new Speller());
  for (const auto& choices : kRuleSetChoices) {
    std::string found;
    for (const char* rs : choices) if (found.empty() && RuleSetExists(*f, rs)) found = rs;
    if (found.empty()) {
      *error = "ICU spell-out rules for locale '" + locale + "' lack " + choices[0];
      return nullptr;
    }
    sp->rule_sets_.push_back(found);
  }
  sp->rbnf_ = std::move(f);
  sp->LearnWords();
  sp->LearnSeparators(locale);
  sp->keep_hyphens_ = loc.getLanguage() == std::string("fr");
  return sp;
}

std::string Speller::Format(int64_t value, int which) const {
  icu::UnicodeString out;
  icu::FieldPosition pos;
  UErrorCode status = U_ZERO_ERROR;
  rbnf_->format(value, icu::UnicodeString::fromUTF8(rule_sets_[which]), out, pos, status);
  std::string utf8;
  out.toUTF8String(utf8);
  return Clean(utf8);
}

// ICU's "twenty-two" -> "twenty two"; French keeps "dix-sept" (eSpeak reads "dix sept" as "di sept").
std::string Speller::Clean(std::string spelled) const {
  if (!keep_hyphens_) return StripHyphens(std::move(spelled));
  for (size_t p; (p = spelled.find("\xC2\xAD")) != std::string::npos;) spelled.erase(p, 2);
  return spelled;
}

// (3, "%spellout-ordinal-n") -> "dritten"; an unknown rule set falls back to the ordinal.
std::string Speller::Spell(int64_t value, const std::string& rule_set) const {
  if (!HasRuleSet(rule_set)) return Ordinal(value);
  icu::UnicodeString out;
  icu::FieldPosition pos;
  UErrorCode status = U_ZERO_ERROR;
  rbnf_->format(value, icu::UnicodeString::fromUTF8(rule_set), out, pos, status);
  std::string utf8;
  out.toUTF8String(utf8);
  return Clean(utf8);
}

bool Speller::HasRuleSet(const std::string& rule_set) const {
  return !rule_set.empty() && RuleSetExists(*rbnf_, rule_set.c_str());
}

// de: '.' groups and ',' marks decimals ("1.250,75"); fr groups with a space (' ').
void Speller::LearnSeparators(const std::string& locale) {
  UErrorCode status = U_ZERO_ERROR;
  icu::DecimalFormatSymbols symbols(icu::Locale(locale.c_str()), status);
  if (U_FAILURE(status)) return;
  auto ascii = [&](icu::DecimalFormatSymbols::ENumberFormatSymbol which, char fallback) {
    const icu::UnicodeString& sym = symbols.getConstSymbol(which);
    return sym.length() == 1 && sym[0] < 0x80 ? static_cast<char>(sym[0]) : fallback;
  };
  decimal_ = ascii(icu::DecimalFormatSymbols::kDecimalSeparatorSymbol, '.');
  group_ = ascii(icu::DecimalFormatSymbols::kGroupingSeparatorSymbol, ' ');
  if (group_ == decimal_) group_ = ' ';
}

// 1701 -> "one thousand seven hundred one"
std::string Speller::Cardinal(int64_t value) const { return Format(value, 0); }
// 103 -> "one hundred third"
std::string Speller::Ordinal(int64_t value) const { return Format(value, 1); }
// 1987 -> "nineteen eighty seven"
std::string Speller::Year(int64_t value) const { return Format(value, 2); }

// "105" -> "one zero five"
std::string Speller::Digits(std::string_view digits) const {
  std::string out;
  for (char c : digits) {
    if (!IsAsciiDigit(c)) continue;
    if (!out.empty()) out += ' ';
    out += Cardinal(c - '0');
  }
  return out;
}

// Learns the locale's "minus" and "point" from ICU itself: -1 -> "minus one", 1.5 -> "one point five".
void Speller::LearnWords() {
  std::string one = Cardinal(1), five = Cardinal(5);
  std::string neg = Cardinal(-1);
  minus_ = neg.size() > one.size() ? neg.substr(0, neg.size() - one.size()) : "- ";
  icu::UnicodeString out;
  icu::FieldPosition pos;
  UErrorCode status = U_ZERO_ERROR;
  rbnf_->format(1.5, icu::UnicodeString::fromUTF8(rule_sets_[0]), out, pos, status);
  std::string mixed;
  out.toUTF8String(mixed);
  mixed = StripHyphens(mixed);
  bool shaped = mixed.size() > one.size() + five.size() && mixed.rfind(five) != std::string::npos;
  point_ = shaped ? mixed.substr(one.size(), mixed.size() - one.size() - five.size()) : " . ";
}

namespace {
struct NumberParts { bool negative = false; std::string integer, fraction; };

// "-1,000.25" -> {true, "1000", "25"}; rejects misplaced commas ("1,00").
// With de separators ('.', ','): "1.250,75" -> {false, "1250", "75"}.
std::optional<NumberParts> ParseNumber(std::string_view t, char sep = ',', char decimal = '.') {
  NumberParts p;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) { p.negative = t[0] == '-'; t.remove_prefix(1); }
  size_t dot = t.find(decimal);
  std::string_view ip = t.substr(0, dot);
  if (dot != std::string_view::npos) p.fraction = std::string(t.substr(dot + 1));
  if (ip.empty() && p.fraction.empty()) return std::nullopt;
  if (!IsDigits(p.fraction) && !p.fraction.empty()) return std::nullopt;
  size_t group = 0, first = ip.find(sep);
  for (size_t k = 0; k < ip.size(); ++k) {
    if (ip[k] == sep) {
      if ((k == first && (k == 0 || k > 3)) || (k != first && group != 3)) return std::nullopt;
      group = 0;
    } else if (IsAsciiDigit(ip[k])) { ++group; p.integer += ip[k]; } else return std::nullopt;
  }
  if (first != std::string_view::npos && group != 3) return std::nullopt;
  return p;
}
}  // namespace

// "3.14" -> "three point one four"; "-5" -> "minus five"; 500 digits -> digit by digit.
std::optional<std::string> Speller::Number(std::string_view text) const {
  auto p = ParseNumber(text, group_, decimal_);
  // "3.14" in a German book: the other convention, when the locale's own does not fit.
  if (!p && decimal_ != '.') p = ParseNumber(text, ',', '.');
  if (!p) return std::nullopt;
  std::string out = p->negative ? minus_ : "";
  bool leading_zero = p->integer.size() > 1 && p->integer[0] == '0';
  if (p->integer.size() > kMaxSpelledDigits || leading_zero) out += Digits(p->integer);
  else if (!p->integer.empty()) out += Cardinal(*ParseSmallInt(p->integer));
  if (!p->fraction.empty()) out += (p->integer.empty() ? point_.substr(1) : point_) + Digits(p->fraction);
  return out;
}

}  // namespace narrate::text::internal
