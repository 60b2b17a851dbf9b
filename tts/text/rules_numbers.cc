// Number rules: years, decades, ordinals, money, percentages, fractions, measures, ranges.
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

// "nineteen ninety" -> "nineteen nineties"; "eighteen hundred" -> "eighteen hundreds"
std::string PluralizeLastWord(std::string words) {
  if (!words.empty() && words.back() == 'y') return words.substr(0, words.size() - 1) + "ies";
  if (words.size() > 1 && words.ends_with("x")) return words + "es";
  return words + "s";
}

// "ships" -> true (a counted noun follows, so 1987 is a quantity); "was" -> false
bool NextIsCountedNoun(const Context& ctx, size_t k) {
  if (!ctx.Has(k + 1) || !ctx.At(k).trail.empty()) return false;
  const Chunk& n = ctx.At(k + 1);
  if (!n.lead.empty()) return false;
  if (ctx.rules.units.count(n.core) || ctx.rules.irregular_plurals.count(n.core)) return true;
  if (!IsLowerLetters(n.core) || n.core.size() < 3 || ctx.rules.plural_stop.count(n.core)) return false;
  return n.core.back() == 's' && !n.core.ends_with("ss") && !n.core.ends_with("us") &&
         !n.core.ends_with("is");
}

const Currency* CurrencyPrefix(const LocaleRules& r, std::string_view core, size_t* len) {
  for (const auto& [sym, cur] : r.currencies) {
    if (core.starts_with(sym)) { *len = sym.size(); return &cur; }
  }
  return nullptr;
}

// "7.-" -> "7", "7.–" -> "7" (a dash for no minor units: "£7.-" is seven pounds); else as is.
std::string_view WithoutDashedMinor(std::string_view n) {
  for (std::string_view dash : {".-", ".–", ".—"}) {
    if (n.size() > dash.size() && n.ends_with(dash)) return n.substr(0, n.size() - dash.size());
  }
  return n;
}

// "5.50" -> "five dollars and fifty cents"; "0.99" -> "ninety nine cents"; with `attributive`,
// "5" -> "five dollar" ("a five dollar bill").
// "7.-" -> "seven dollars"; ".50" -> "fifty cents"; "5.x" -> nullopt.
std::optional<std::string> SpeakAmount(const Context& ctx, const Currency& c, std::string_view n,
                                       bool attributive = false) {
  const Speller& sp = ctx.speller;
  n = WithoutDashedMinor(n);
  size_t dot = n.find('.');
  if (dot != std::string_view::npos && n.size() - dot - 1 <= 2 && n.size() - dot - 1 >= 1) {
    std::string cents_text(n.substr(dot + 1));
    if (cents_text.size() == 1) cents_text += '0';
    auto cents_value = ParseSmallInt(cents_text);  // "$.He", "$5.x": no digits after the point
    if (!cents_value) return std::nullopt;
    int64_t cents = *cents_value;
    std::string minor = sp.Cardinal(cents) + " " + (cents == 1 ? c.minor_singular : c.minor_plural);
    std::string_view whole = n.substr(0, dot);
    if (whole == "0" || whole.empty()) return minor;  // "$.50" -> "fifty cents"
    auto major = sp.Number(whole);
    if (!major) return std::nullopt;
    std::string unit = whole == "1" ? c.singular : c.plural;
    if (c.bare_minor) {  // "£2.50" -> "two pounds fifty"; "a £2.50 ticket" -> "two pound fifty"
      if (attributive) unit = c.singular;
      return cents == 0 ? *major + " " + unit : *major + " " + unit + " " + sp.Cardinal(cents);
    }
    return cents == 0 ? *major + " " + unit : *major + " " + unit + " " + ctx.rules.Word("and") + " " + minor;
  }
  auto words = sp.Number(n);
  if (!words) return std::nullopt;
  return *words + " " + (n == "1" || attributive ? c.singular : c.plural);
}

// "1/2" -> {1, 2}
std::optional<std::pair<int64_t, int64_t>> ParseFraction(std::string_view core) {
  size_t slash = core.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto a = ParseSmallInt(core.substr(0, slash)), b = ParseSmallInt(core.substr(slash + 1));
  if (!a || !b || core.substr(0, slash).size() > 6 || core.substr(slash + 1).size() > 6) return std::nullopt;
  return std::make_pair(*a, *b);
}

bool IsFractionDenominator(int64_t b) { return (b >= 2 && b <= 10) || b == 12 || b == 16 || b == 32 || b == 64 || b == 100; }

// (3, 4) -> "three quarters"; (1, 2) -> "one half"; with `a_for_one`, (1, 2) -> "a half"
std::string SpeakFraction(const Context& ctx, int64_t a, int64_t b, bool a_for_one) {
  const LocaleRules& r = ctx.rules;
  std::string denom = b == 2 ? (a == 1 ? r.Word("half") : r.Word("halves"))
                    : b == 4 ? (a == 1 ? r.Word("quarter") : r.Word("quarters"))
                    : (a == 1 ? ctx.speller.Ordinal(b) : ctx.speller.Ordinal(b) + "s");
  std::string num = (a == 1 && a_for_one) ? r.Word("a") : ctx.speller.Cardinal(a);
  return num + " " + denom;
}

bool IsOrdinalToken(std::string_view s) {
  if (s.size() < 3 || !IsDigits(s.substr(0, s.size() - 2))) return false;
  std::string suffix = ToLower(s.substr(s.size() - 2));
  return suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
}

// "1/4th" -> "one fourth"; "3/8ths" -> "three eighths"
std::optional<std::string> SpeakOrdinalFraction(const Context& ctx, std::string_view core) {
  size_t slash = core.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view den = core.substr(slash + 1);
  bool plural = den.ends_with("s");
  if (plural) den.remove_suffix(1);
  if (!IsOrdinalToken(den)) return std::nullopt;
  auto a = ParseSmallInt(core.substr(0, slash)), b = ParseSmallInt(den.substr(0, den.size() - 2));
  if (!a || !b || core.substr(0, slash).size() > 6 || den.size() > 8) return std::nullopt;
  std::string ordinal = ctx.speller.Ordinal(*b);
  return ctx.speller.Cardinal(*a) + " " + (*a == 1 ? ordinal : PluralizeLastWord(ordinal));
}

// "5km" -> {"5", kilometer(s)}; "50mg/day" -> {"50", milligram(s) per day}.
std::optional<std::pair<std::string, Unit>> SplitAttachedUnit(const LocaleRules& r,
                                                              const std::string& core) {
  size_t k = 0;
  while (k < core.size() && (IsAsciiDigit(core[k]) || core[k] == '.' || core[k] == ',' || (k == 0 && core[k] == '-'))) ++k;
  if (k == 0 || k == core.size()) return std::nullopt;
  auto unit = FindUnit(r, core.substr(k));
  if (!unit) return std::nullopt;
  return std::make_pair(core.substr(0, k), *unit);
}

// "5 km" -> "kilometers", "1 km" -> "kilometer", "a 2.5 kg bag" -> "kilogram" (attributive)
std::string UnitWord(const Context& ctx, const Unit& u, std::string_view number) {
  std::string prev = ctx.i > 0 ? ToLower(ctx.At(ctx.i - 1).core) : "";
  bool attributive = prev == "a" || prev == "an";
  return (number == "1" || number == "-1" || attributive) ? u.singular : u.plural;
}

// "20/mo" -> {"20", " per month"}; "20" -> {"20", ""}
std::pair<std::string, std::string> SplitPer(const LocaleRules& r, const std::string& amount) {
  size_t slash = amount.find('/');
  if (slash == std::string::npos || slash == 0) return {amount, ""};
  auto per = PerUnit(r, std::string_view(amount).substr(slash + 1));
  if (!per) return {amount, ""};
  return {amount.substr(0, slash), " " + r.Word("per") + " " + *per};
}

// "$5m" -> "thousand"-style scale word and "$5"; "" when there is none.
std::string StripScale(const LocaleRules& r, std::string_view* amount) {
  for (const auto& [key, word] : r.scales) {
    size_t n = amount->size();
    if (n > key.size() && amount->ends_with(key) && IsAsciiDigit((*amount)[n - key.size() - 1])) {
      amount->remove_suffix(key.size());
      return word;
    }
  }
  return "";
}

// "$250", "300" -> "two hundred fifty to three hundred dollars"; "$2.50-$3" spells both;
// "$1-2 million" and "$5m-$10m" -> "one to two million dollars"
std::optional<Rewrite> SpeakMoneyRange(const Context& ctx, std::string_view a, std::string_view b,
                                       const std::string& to) {
  size_t la = 0, lb = 0;
  const Currency* ca = CurrencyPrefix(ctx.rules, a, &la);
  const Currency* cb = CurrencyPrefix(ctx.rules, b, &lb);
  if (!ca) ca = cb;  // "5-£10"
  if (!ca || (cb && cb != ca)) return std::nullopt;
  a.remove_prefix(la);
  b.remove_prefix(lb);
  Rewrite r;
  std::string scale_a = StripScale(ctx.rules, &a), scale = StripScale(ctx.rules, &b);
  if (scale.empty() && ctx.Cur().trail.empty() && ctx.Has(ctx.i + 1)) {
    auto it = ctx.rules.scales.find(ctx.At(ctx.i + 1).core);
    if (it != ctx.rules.scales.end() && IsLowerLetters(it->first)) {
      scale = it->second;
      r.consumed = 2;
    }
  }
  bool decimals = a.find('.') != std::string_view::npos || b.find('.') != std::string_view::npos;
  if (decimals && scale.empty()) {
    auto sa = SpeakAmount(ctx, *ca, a), sb = SpeakAmount(ctx, *ca, b);
    if (!sa || !sb) return std::nullopt;
    r.spoken = *sa + to + *sb;
    return r;
  }
  auto na = ctx.speller.Number(a), nb = ctx.speller.Number(b);
  if (!na || !nb || b.empty() || !IsAsciiDigit(b[0])) return std::nullopt;
  if (!scale_a.empty() && scale_a != scale) *na += " " + scale_a;  // "$500k-$1m"
  std::string unit = b == "1" && scale.empty() ? ca->singular : ca->plural;
  r.spoken = *na + to + *nb + (scale.empty() ? "" : " " + scale) + " " + unit;
  return r;
}

// "10", "15%" -> "ten to fifteen percent"
std::optional<std::string> SpeakPercentRange(const Context& ctx, std::string_view a,
                                             std::string_view b, const std::string& to) {
  if (!b.ends_with("%")) return std::nullopt;
  b.remove_suffix(1);
  if (a.ends_with("%")) a.remove_suffix(1);
  auto na = ctx.speller.Number(a), nb = ctx.speller.Number(b);
  if (!na || !nb || b.empty() || !IsAsciiDigit(b[0])) return std::nullopt;
  return *na + to + *nb + " " + ctx.rules.Word("percent");
}

// "2nd-5th April" -> "the second to the fifth of April" (the month and a year are consumed)
std::optional<Rewrite> OrdinalRangeWithMonth(const Context& ctx, std::string_view a,
                                             std::string_view b) {
  if (!IsOrdinalToken(a) || !IsOrdinalToken(b) || !ctx.Cur().trail.empty() || !ctx.Has(ctx.i + 1)) {
    return std::nullopt;
  }
  const Chunk& m = ctx.At(ctx.i + 1);
  auto it = ctx.rules.months.find(m.core);
  if (it == ctx.rules.months.end() && m.trail.starts_with("."))
    it = ctx.rules.months.find(m.core + ".");
  if (it == ctx.rules.months.end() || !m.lead.empty()) return std::nullopt;
  const LocaleRules& r = ctx.rules;
  const Speller& sp = ctx.speller;
  bool after_the = ctx.i > 0 && ToLower(ctx.At(ctx.i - 1).core) == r.Word("the");
  std::string the = r.Word("the") + " ";
  Rewrite out{(after_the ? "" : the) + sp.Ordinal(*ParseSmallInt(a.substr(0, a.size() - 2))) + " " +
              r.Word("to") + " " + the + sp.Ordinal(*ParseSmallInt(b.substr(0, b.size() - 2))) +
              " " + r.Word("of") + " " + r.month_names[it->second - 1]};
  out.consumed = 2;
  if ((m.trail.empty() || m.trail == ",") && ctx.Has(ctx.i + 2) &&
      IsYearShape(ctx.At(ctx.i + 2).core)) {
    out.spoken += " " + sp.Year(*ParseSmallInt(ctx.At(ctx.i + 2).core));
    out.consumed = 3;
  } else if (m.trail.starts_with(".") && m.core.size() <= 4) {
    out.trail = AbbrevTrail(ctx, ctx.i + 1);
  }
  return out;
}

// A range of plain numbers with a unit after it or on its right side: "5-10 km", "5-10km".
std::optional<Rewrite> NumberRangeWithUnit(const Context& ctx, const std::string& na,
                                           std::string_view b, const std::string& to) {
  if (auto split = SplitAttachedUnit(ctx.rules, std::string(b))) {
    auto nb = ctx.speller.Number(split->first);
    if (nb) return Rewrite{na + to + *nb + " " + split->second.plural};
  }
  auto nb = ctx.speller.Number(b);
  if (!nb || b.empty() || b[0] == '-' || b[0] == '+') return std::nullopt;
  Rewrite r{na + to + *nb};
  if (!ctx.Cur().trail.empty() || !ctx.Has(ctx.i + 1) || !ctx.At(ctx.i + 1).lead.empty()) return r;
  const Chunk& next = ctx.At(ctx.i + 1);
  auto unit = FindUnit(ctx.rules, next.core);
  if (!unit && next.trail.starts_with(".")) unit = FindUnit(ctx.rules, next.core + ".");
  if (!unit) return r;
  r.spoken += " " + unit->plural;
  r.consumed = 2;
  if (next.trail.starts_with(".") && next.core.size() <= 3) r.trail = AbbrevTrail(ctx, ctx.i + 1);
  return r;
}

bool StartsLikeNumber(std::string_view s) {
  if (s.empty()) return false;
  if (IsAsciiDigit(s[0])) return true;
  return (s[0] == '\'' || s[0] == '.') && s.size() > 1 && IsAsciiDigit(s[1]);
}
}  // namespace

bool IsYearShape(std::string_view core) { return core.size() == 4 && IsDigits(core) && core[0] != '0'; }

std::optional<std::string> SpeakToken(const Context& ctx, std::string_view token) {
  std::vector<Chunk> chunks = SplitChunks(token);
  if (chunks.size() != 1 || chunks[0].core.empty()) return std::nullopt;
  Context sub{chunks, 0, ctx.rules, ctx.speller, ctx.shouting};
  for (Rule rule : RulesFor(ctx.rules)) {
    auto r = rule(sub);
    if (!r) continue;
    if (r->spoken == chunks[0].core) return std::nullopt;
    return r->spoken;
  }
  return std::nullopt;
}

std::optional<std::string> PerUnit(const LocaleRules& r, std::string_view key) {
  auto per = r.per_units.find(std::string(key));
  if (per != r.per_units.end()) return per->second;
  auto unit = r.units.find(std::string(key));
  if (unit != r.units.end()) return unit->second.singular;
  return std::nullopt;
}

std::optional<Unit> FindUnit(const LocaleRules& r, std::string_view key) {
  auto it = r.units.find(std::string(key));
  if (it != r.units.end()) return it->second;
  size_t slash = key.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  auto left = r.units.find(std::string(key.substr(0, slash)));
  auto per = PerUnit(r, key.substr(slash + 1));
  if (left == r.units.end() || !per) return std::nullopt;
  std::string tail = " " + r.Word("per") + " " + *per;
  return Unit{left->second.singular + tail, left->second.plural + tail};
}

bool AttributiveAmount(const Context& ctx, size_t last) {
  if (!ctx.At(last).trail.empty() || !ctx.Has(last + 1)) return false;
  const Chunk& next = ctx.At(last + 1);
  if (!next.lead.empty() || !IsLowerLetters(next.core)) return false;
  if (ctx.rules.money_nouns.count(next.core)) return true;
  if (ctx.i == 0 || !ctx.At(ctx.i - 1).trail.empty()) return false;
  return ctx.rules.determiners.count(ctx.At(ctx.i - 1).core) &&
         !ctx.rules.attributive_stop.count(next.core) && !ctx.rules.plural_stop.count(next.core) &&
         !ctx.rules.scales.count(next.core);
}

// "mid-1980s" -> "mid nineteen eighties"; "pre-1914" -> "pre nineteen fourteen"
std::optional<Rewrite> RuleNumberPrefix(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  size_t dash = core.find('-');
  if (dash == std::string::npos || !ctx.rules.number_prefixes.count(core.substr(0, dash))) {
    return std::nullopt;
  }
  std::string rest = core.substr(dash + 1);
  if (!StartsLikeNumber(rest)) return std::nullopt;
  auto spoken = SpeakToken(ctx, rest);
  if (!spoken) return std::nullopt;
  return Rewrite{core.substr(0, dash) + " " + *spoken};
}

// "1987" -> "nineteen eighty seven" when it reads as a year (not "1987 ships").
std::optional<std::string> SpeakYearIfYear(const Context& ctx, std::string_view core) {
  if (!IsYearShape(core) || NextIsCountedNoun(ctx, ctx.i)) return std::nullopt;
  int64_t v = *ParseSmallInt(core);
  bool context = false;
  if (ctx.i > 0 && (ctx.At(ctx.i - 1).trail.empty() || ctx.At(ctx.i - 1).trail == ",")) {
    const std::string& prev = ctx.At(ctx.i - 1).core;
    context = ctx.rules.year_context.count(prev) || ctx.rules.months.count(prev);
  }
  if (ctx.Has(ctx.i + 1)) {
    const std::string& next = ctx.At(ctx.i + 1).core;
    context = context || next == "AD" || next == "BC" || next == "BCE" || next == "CE";
  }
  bool plain = v >= 1100 && v <= 2099;
  if (!(plain || (context && v >= 1000 && v <= 2999))) return std::nullopt;
  return ctx.speller.Year(v);
}

// "1701" -> "seventeen oh one"; "747" -> "seven forty seven"; "7" -> "seven"
std::string SpeakDesignationDigits(const Speller& sp, std::string_view digits) {
  if (digits.size() > 1 && digits[0] == '0') return sp.Digits(digits);
  if (digits.size() <= 2) return sp.Cardinal(*ParseSmallInt(digits));
  if (digits.size() == 4) return sp.Year(*ParseSmallInt(digits));
  if (digits.size() != 3) return sp.Digits(digits);
  int64_t v = *ParseSmallInt(digits), rest = v % 100;
  if (rest == 0) return sp.Cardinal(v);
  return sp.Cardinal(v / 100) + (rest < 10 ? " oh " : " ") + sp.Cardinal(rest);
}

// "in 1987" -> "in nineteen eighty seven"; "1066 AD" -> "ten sixty six A D"
std::optional<Rewrite> RuleYear(const Context& ctx) {
  auto year = SpeakYearIfYear(ctx, ctx.Cur().core);
  if (!year) return std::nullopt;
  return Rewrite{*year};
}

// "1980s" -> "nineteen eighties"; "'90s" -> "nineties"; "1800s" -> "eighteen hundreds";
// "5s and 6s" -> "fives and sixes"
std::optional<Rewrite> RuleDecade(const Context& ctx) {
  std::string core = ctx.Cur().core;
  if (core.ends_with("'s")) core.erase(core.size() - 2, 1);
  if (core.size() < 2 || core.back() != 's') return std::nullopt;
  std::string digits = core.substr(0, core.size() - 1);
  if (!IsDigits(digits) || (digits.back() != '0' && digits.size() > 2)) return std::nullopt;
  if (digits.size() == 2 && digits.back() != '0') return std::nullopt;
  Rewrite r;
  if (digits.size() == 4 && digits[0] != '0') {
    r.spoken = PluralizeLastWord(ctx.speller.Year(*ParseSmallInt(digits)));
  } else if (digits.size() == 1) {  // "6s" -> "sixes"
    r.spoken = PluralizeLastWord(ctx.speller.Cardinal(*ParseSmallInt(digits)));
  } else if (digits.size() == 2) {
    r.spoken = PluralizeLastWord(ctx.speller.Cardinal(*ParseSmallInt(digits)));
    const std::string& lead = ctx.Cur().lead;
    if (!lead.empty() && lead.back() == '\'') r.lead = lead.substr(0, lead.size() - 1);
  } else {
    return std::nullopt;
  }
  return r;
}

// "22nd" -> "twenty second"; "21st century" -> "twenty first century"
std::optional<Rewrite> RuleOrdinal(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core.size() < 3) return std::nullopt;
  std::string suffix = ToLower(core.substr(core.size() - 2));
  std::string digits = core.substr(0, core.size() - 2);
  if (!IsDigits(digits) || digits.size() > 15) return std::nullopt;
  if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return std::nullopt;
  return Rewrite{ctx.speller.Ordinal(*ParseSmallInt(digits))};
}

// "#1" -> "number one"
std::optional<Rewrite> RuleNumberSign(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core.size() < 2 || core[0] != '#') return std::nullopt;
  auto n = ctx.speller.Number(core.substr(1));
  if (!n) return std::nullopt;
  return Rewrite{ctx.rules.Word("number") + " " + *n};
}

// "1,000,000" -> "one million"; "-5" -> "minus five"; "3.14" -> "three point one four"
std::optional<Rewrite> RuleNumber(const Context& ctx) {
  auto n = ctx.speller.Number(ctx.Cur().core);
  if (!n) return std::nullopt;
  return Rewrite{*n};
}

// "$5.50" -> "five dollars and fifty cents"; "$1.2 million" -> "one point two million dollars";
// "$20/mo" -> "twenty dollars per month"; "a $5 note" -> "a five dollar note"
std::optional<Rewrite> RuleMoney(const Context& ctx) {
  std::string core = ctx.Cur().core;
  bool negative = core.starts_with("-");
  if (negative) core.erase(0, 1);
  size_t sym_len = 0;
  const Currency* cur = CurrencyPrefix(ctx.rules, core, &sym_len);
  if (!cur || sym_len == core.size()) return std::nullopt;
  auto [amount, per] = SplitPer(ctx.rules, core.substr(sym_len));
  std::string scale;
  Rewrite r;
  for (const auto& [key, word] : ctx.rules.scales) {
    if (amount.size() > key.size() && amount.ends_with(key) && IsAsciiDigit(amount[amount.size() - key.size() - 1])) {
      scale = word;
      amount.resize(amount.size() - key.size());
      break;
    }
  }
  if (scale.empty() && per.empty() && ctx.Has(ctx.i + 1) && ctx.Cur().trail.empty()) {
    auto it = ctx.rules.scales.find(ctx.At(ctx.i + 1).core);
    if (it != ctx.rules.scales.end() && IsLowerLetters(it->first)) { scale = it->second; r.consumed = 2; }
  }
  bool attributive = per.empty() && AttributiveAmount(ctx, ctx.i + r.consumed - 1);
  std::optional<std::string> spoken;
  if (scale.empty()) {
    spoken = SpeakAmount(ctx, *cur, amount, attributive);
  } else if (auto n = ctx.speller.Number(amount)) {
    spoken = *n + " " + scale + " " + (attributive ? cur->singular : cur->plural);
  }
  if (!spoken) return std::nullopt;
  r.spoken = (negative ? ctx.speller.MinusWord() : "") + *spoken + per;
  return r;
}

// "50%" -> "fifty percent"; "3.5 %" -> "three point five percent"
std::optional<Rewrite> RulePercent(const Context& ctx) {
  std::string core = ctx.Cur().core;
  Rewrite r;
  if (core.size() > 1 && core.back() == '%') {
    core.pop_back();
  } else if (ctx.Has(ctx.i + 1) && ctx.At(ctx.i + 1).core == "%" && ctx.Cur().trail.empty()) {
    r.consumed = 2;
  } else {
    return std::nullopt;
  }
  auto n = ctx.speller.Number(core);
  if (!n) return std::nullopt;
  r.spoken = *n + " " + ctx.rules.Word("percent");
  return r;
}

// "1990-1995" -> "nineteen ninety to nineteen ninety five"; "10-12" -> "ten to twelve";
// "$250-$300" -> "two hundred fifty to three hundred dollars"; "10-15%" -> "ten to fifteen
// percent"; "5-10 km" -> "five to ten kilometers"; "1960s-80s" -> "nineteen sixties to eighties"
std::optional<Rewrite> RuleRange(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  size_t dash = core.find('-', 1);
  if (dash == std::string::npos || dash + 1 >= core.size()) return std::nullopt;
  std::string a = core.substr(0, dash), b = core.substr(dash + 1);
  if (b.find('-') != std::string::npos) return std::nullopt;
  const Speller& sp = ctx.speller;
  bool between = ctx.i > 0 && ToLower(ctx.At(ctx.i - 1).core) == ctx.rules.Word("between");
  std::string to = " " + ctx.rules.Word(between ? "and" : "to") + " ";  // "between 1990-95" -> "and"
  if (IsYearShape(a) && (IsYearShape(b) || (b.size() == 2 && IsDigits(b)))) {
    std::string right = IsYearShape(b) ? sp.Year(*ParseSmallInt(b)) : sp.Cardinal(*ParseSmallInt(b));
    return Rewrite{sp.Year(*ParseSmallInt(a)) + to + right};
  }
  if (auto m = SpeakMoneyRange(ctx, a, b, to)) return m;
  if (auto p = SpeakPercentRange(ctx, a, b, to)) return Rewrite{*p};
  if (auto o = OrdinalRangeWithMonth(ctx, a, b)) return o;
  if (auto na = sp.Number(a)) return NumberRangeWithUnit(ctx, *na, b, to);
  if (!StartsLikeNumber(a) || !StartsLikeNumber(b)) return std::nullopt;
  auto sa = SpeakToken(ctx, a), sb = SpeakToken(ctx, b);  // "2pm-5pm", "2nd-5th", "1960s-80s"
  if (!sa || !sb) return std::nullopt;
  return Rewrite{*sa + to + *sb};
}

// "3/4" -> "three quarters"; "2 1/2" -> "two and a half"; "24/7" -> "twenty four seven"
std::optional<Rewrite> RuleFraction(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (IsDigits(core) && core.size() <= 6 && ctx.Cur().trail.empty() && ctx.Has(ctx.i + 1)) {
    auto f = ParseFraction(ctx.At(ctx.i + 1).core);
    if (f && ctx.At(ctx.i + 1).lead.empty() && IsFractionDenominator(f->second) && f->first < f->second) {
      Rewrite r{ctx.speller.Cardinal(*ParseSmallInt(core)) + " " + ctx.rules.Word("and") + " " +
                SpeakFraction(ctx, f->first, f->second, true)};
      r.consumed = 2;
      return r;
    }
  }
  if (auto o = SpeakOrdinalFraction(ctx, core)) return Rewrite{*o};
  auto f = ParseFraction(core);
  if (!f) return std::nullopt;
  if (IsFractionDenominator(f->second) && f->first < f->second && f->first > 0)
    return Rewrite{SpeakFraction(ctx, f->first, f->second, false)};
  return Rewrite{ctx.speller.Cardinal(f->first) + " " + ctx.speller.Cardinal(f->second)};
}

// "5 km" -> "five kilometers"; "20°C" -> "twenty degrees Celsius"; "50 mg/day" -> "fifty
// milligrams per day"
std::optional<Rewrite> RuleMeasure(const Context& ctx) {
  size_t digit = 0;
  while (digit < ctx.Cur().core.size() && !IsAsciiDigit(ctx.Cur().core[digit])) ++digit;
  if (digit == ctx.Cur().core.size()) return std::nullopt;  // "whale": no digit to read
  const Chunk& cur = ctx.Cur();
  if (auto split = SplitAttachedUnit(ctx.rules, cur.core)) {
    auto n = ctx.speller.Number(split->first);
    if (n) return Rewrite{*n + " " + UnitWord(ctx, split->second, split->first)};
  }
  if (!cur.trail.empty() || !ctx.Has(ctx.i + 1)) return std::nullopt;
  const Chunk& next = ctx.At(ctx.i + 1);
  std::string key = next.core;
  auto unit = FindUnit(ctx.rules, key);
  if (!unit && next.trail.starts_with(".")) unit = FindUnit(ctx.rules, key + ".");
  if (!unit || !next.lead.empty()) return std::nullopt;
  auto n = ctx.speller.Number(cur.core);
  if (!n) return std::nullopt;
  Rewrite r{*n + " " + UnitWord(ctx, *unit, cur.core)};
  r.consumed = 2;
  if (key.size() <= 3 && next.trail.starts_with(".")) r.trail = AbbrevTrail(ctx, ctx.i + 1);
  return r;
}

}  // namespace narrate::text::internal
