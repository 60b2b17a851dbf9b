// Measures beyond one number and one unit word: two-word units ("850 sq ft"), spaced-only
// units ("11 st"), compounds ("6 ft 2 in"), a sign before a measure ("±3 mm"), the foot mark
// ("8' long"), pence per unit ("80p/kg") and fractions before a noun ("1/4 cup").
#include <algorithm>
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

// "sq." -> "sq"; "ft" -> "ft"
std::string WithoutDots(std::string_view s) {
  while (s.ends_with(".")) s.remove_suffix(1);
  return std::string(s);
}

bool StartsWithDigit(std::string_view s) { return !s.empty() && IsAsciiDigit(s[0]); }

// "5 km" -> "kilometers", "1 km" -> "kilometer", "a 850 sq ft flat" -> singular
const std::string& UnitFor(const Context& ctx, const Unit& u, std::string_view number) {
  std::string prev = ctx.i > 0 ? ToLower(ctx.At(ctx.i - 1).core) : "";
  bool one = number == "1" || prev == "a" || prev == "an";
  return one ? u.singular : u.plural;
}

// The trail after a unit abbreviation: its period stays only where a sentence ends.
std::string UnitTrail(const Context& ctx, size_t last) {
  const Chunk& c = ctx.At(last);
  if (!c.trail.starts_with(".") || c.core.size() > 4) return c.trail;
  return AbbrevTrail(ctx, last);
}

// Chunk k starts a unit of one or two words: "sq ft" (2), "sq. ft." (2), "st" (1, spaced only).
std::optional<std::pair<Unit, size_t>> SpacedUnitAt(const Context& ctx, size_t k) {
  if (!ctx.Has(k) || !ctx.At(k).lead.empty()) return std::nullopt;
  const Chunk& a = ctx.At(k);
  std::string first = WithoutDots(a.core);
  bool joined = a.trail.empty() || a.trail == ".";
  if (joined && ctx.Has(k + 1) && ctx.At(k + 1).lead.empty()) {
    auto two = ctx.rules.units.find(first + " " + WithoutDots(ctx.At(k + 1).core));
    if (two != ctx.rules.units.end()) return std::make_pair(two->second, size_t{2});
  }
  auto one = ctx.rules.spaced_units.find(first);
  if (one != ctx.rules.spaced_units.end()) return std::make_pair(one->second, size_t{1});
  return std::nullopt;
}

// "6ft" -> "ft"; "6" -> "" (the unit letters written on a number)
std::string_view AttachedUnitText(std::string_view core) {
  size_t k = 0;
  while (k < core.size() && (IsAsciiDigit(core[k]) || core[k] == '.')) ++k;
  return k == 0 ? std::string_view() : core.substr(k);
}

// "2in" after "6ft" -> {"2", inches}: the small unit of a compound written on its number.
std::optional<std::pair<std::string, Unit>> AttachedCompound(const Context& ctx) {
  if (ctx.i == 0) return std::nullopt;
  std::string_view core = ctx.Cur().core, small = AttachedUnitText(core);
  std::string_view big = AttachedUnitText(ctx.At(ctx.i - 1).core);
  if (small.empty() || big.empty() || !ctx.At(ctx.i - 1).trail.empty()) return std::nullopt;
  auto it = ctx.rules.compound_units.find(std::string(big) + " " + std::string(small));
  if (it == ctx.rules.compound_units.end()) return std::nullopt;
  return std::make_pair(std::string(core.substr(0, core.size() - small.size())), it->second);
}

// The small unit of a compound measure: "in" after "6 ft 2" -> inches.
std::optional<Unit> CompoundUnitAt(const Context& ctx) {
  if (ctx.i < 2 || !ctx.Has(ctx.i + 1) || !ctx.At(ctx.i + 1).lead.empty()) return std::nullopt;
  const Chunk& big = ctx.At(ctx.i - 1);
  if (!(big.trail.empty() || big.trail == ".") || !StartsWithDigit(ctx.At(ctx.i - 2).core)) {
    return std::nullopt;
  }
  auto it = ctx.rules.compound_units.find(WithoutDots(big.core) + " " + ctx.At(ctx.i + 1).core);
  if (it == ctx.rules.compound_units.end()) return std::nullopt;
  return it->second;
}

// Whether the single quote after chunk i closes a quotation opened earlier ('the 8' is a foot).
bool ClosesQuotation(const Context& ctx) {
  if (ctx.Cur().lead.find('\'') != std::string::npos) return true;
  if (ctx.scan) return ctx.scan->open_single[ctx.i] > 0;
  int open = 0;
  for (size_t k = 0; k < ctx.i; ++k) open = OpenSingleAfter(ctx.At(k), open);  // not "'80s"
  return open > 0;
}

// "½", "¼" as words before a noun: 2 -> "half", 4 -> "quarter", 3 -> "third"
std::string UnitFractionWord(const Context& ctx, int64_t b) {
  if (b == 2) return ctx.rules.Word("half");
  if (b == 4) return ctx.rules.Word("quarter");
  return ctx.speller.Ordinal(b);
}

// A lowercase noun after a fraction: "cup", "inch"; not "of", "the", "more" or a plural.
bool SingularNounAt(const Context& ctx, size_t k) {
  if (!ctx.Has(k) || !ctx.At(k).lead.empty()) return false;
  const std::string& w = ctx.At(k).core;
  const LocaleRules& r = ctx.rules;
  if (!IsLowerLetters(w) || w.size() < 3 || r.attributive_stop.count(w) || r.plural_stop.count(w))
    return false;
  return !w.ends_with("s") || w.ends_with("ss");
}

// "slices" after "½ inch": the fraction and noun modify it, so no article ("half inch slices").
bool PluralNounAt(const Context& ctx, size_t k) {
  if (!ctx.Has(k) || !ctx.At(k).lead.empty()) return false;
  const std::string& w = ctx.At(k).core;
  return IsLowerLetters(w) && w.size() > 3 && w.ends_with("s") && !w.ends_with("ss") &&
         !ctx.rules.plural_stop.count(w);
}

// "5/8" -> true; "5/8s", "1/2/3" -> false
bool IsFraction(std::string_view core) {
  size_t slash = core.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash > 3) return false;
  return IsDigits(core.substr(0, slash)) && IsDigits(core.substr(slash + 1)) &&
         core.size() - slash <= 4;
}

// "a " before "quarter cup", or nothing after a determiner ("a ½ inch gap" -> "a half inch gap")
std::string Article(const Context& ctx) {
  bool after_determiner = ctx.i > 0 && ctx.At(ctx.i - 1).trail.empty() &&
                          ctx.rules.determiners.count(ctx.At(ctx.i - 1).core);
  return after_determiner ? "" : ctx.rules.Word("a") + " ";
}

// "1/4" -> 4 when it is a unit fraction with a spoken denominator; 0 otherwise.
int64_t UnitFractionDenominator(std::string_view core) {
  if (!core.starts_with("1/") || core.size() > 5 || !IsDigits(core.substr(2))) return 0;
  int64_t b = *ParseSmallInt(core.substr(2));
  bool spoken = (b >= 2 && b <= 10) || b == 12 || b == 16 || b == 32 || b == 64 || b == 100;
  return spoken ? b : 0;
}
}  // namespace

// "850 sq ft" -> "eight hundred fifty square feet"; "11 st" -> "eleven stone"; "2 in" after
// "6 ft" -> "two inches"; "6ft 2in" -> "six feet two inches"
std::optional<Rewrite> RuleMeasureWords(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (!StartsWithDigit(cur.core)) return std::nullopt;
  if (auto attached = AttachedCompound(ctx)) {
    auto n = ctx.speller.Number(attached->first);
    if (n) return Rewrite{*n + " " + UnitFor(ctx, attached->second, attached->first)};
  }
  if (!cur.trail.empty()) return std::nullopt;
  std::optional<std::pair<Unit, size_t>> unit;
  if (auto small = CompoundUnitAt(ctx)) unit = std::make_pair(*small, size_t{1});
  if (!unit) unit = SpacedUnitAt(ctx, ctx.i + 1);
  if (!unit) return std::nullopt;
  auto n = ctx.speller.Number(cur.core);
  if (!n) return std::nullopt;
  Rewrite r{*n + " " + UnitFor(ctx, unit->first, cur.core)};
  r.consumed = 1 + unit->second;
  r.trail = UnitTrail(ctx, ctx.i + unit->second);
  return r;
}

constexpr size_t kMeasureReach = 16;  // chunks RuleSignedMeasure's sub-rules may look at

// "±3 mm" -> "plus or minus three millimeters"; "~5 km" -> "about five kilometers"
std::optional<Rewrite> RuleSignedMeasure(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  for (const std::string& sign : ctx.rules.measure_signs) {
    if (!core.starts_with(sign) || !StartsWithDigit(core.substr(sign.size()))) continue;
    auto word = ctx.rules.symbols.find(sign);
    if (word == ctx.rules.symbols.end()) return std::nullopt;
    // The measure rules look a few chunks either way: copy those, not the paragraph.
    const size_t from = ctx.i > kMeasureReach ? ctx.i - kMeasureReach : 0;
    const size_t to = std::min(ctx.chunks.size(), ctx.i + kMeasureReach + 1);
    std::vector<Chunk> chunks(ctx.chunks.begin() + from, ctx.chunks.begin() + to);
    chunks[ctx.i - from].core = core.substr(sign.size());
    Context sub{chunks, ctx.i - from, ctx.rules, ctx.speller, ctx.shouting};
    auto r = RuleMeasureWords(sub);
    if (!r) r = RuleMeasure(sub);
    if (!r) return std::nullopt;
    r->spoken = word->second + " " + r->spoken;
    return r;
  }
  return std::nullopt;
}

// "He stood 6' tall." -> "six feet"; "45° 30'" -> "thirty minutes"; "'the 8'" stays a quote
std::optional<Rewrite> RuleFeetMark(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (!cur.trail.starts_with("'") || cur.core.size() > 6 || !IsDigits(cur.core)) {
    return std::nullopt;
  }
  if (ClosesQuotation(ctx)) return std::nullopt;
  bool arc = ctx.i > 0 && ctx.At(ctx.i - 1).core.find("°") != std::string::npos;
  auto unit = ctx.rules.units.find(arc ? "min" : "ft");
  auto n = ctx.speller.Number(cur.core);
  if (unit == ctx.rules.units.end() || !n) return std::nullopt;
  Rewrite r{*n + " " + UnitFor(ctx, unit->second, cur.core)};
  r.trail = cur.trail.substr(1);
  return r;
}

// "80p/kg" -> "eighty pence per kilogram"; "5p/min" -> "five pence per minute"
std::optional<Rewrite> RulePencePer(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  size_t slash = core.find('/');
  if (slash < 2 || slash == std::string::npos || core[slash - 1] != 'p') return std::nullopt;
  std::string_view digits = std::string_view(core).substr(0, slash - 1);
  auto per = PerUnit(ctx.rules, std::string_view(core).substr(slash + 1));
  if (!IsDigits(digits) || digits.size() > 4 || !per) return std::nullopt;
  int64_t n = *ParseSmallInt(digits);
  auto pound = ctx.rules.currencies.find("£");
  if (pound == ctx.rules.currencies.end()) return std::nullopt;
  const Currency& c = pound->second;
  return Rewrite{ctx.speller.Cardinal(n) + " " + (n == 1 ? c.minor_singular : c.minor_plural) +
                 " " + ctx.rules.Word("per") + " " + *per};
}

// "1/2 a cup" -> "half a cup"; "1/4 cup" -> "a quarter cup"; "½ inch slices" -> "half inch
// slices"; "1/2 lb" -> "a half pound"; "5/8 in." -> "five eighths inch"
std::optional<Rewrite> RuleFractionNoun(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (!cur.trail.empty() || !ctx.Has(ctx.i + 1) || !ctx.At(ctx.i + 1).lead.empty()) {
    return std::nullopt;
  }
  int64_t b = UnitFractionDenominator(cur.core);
  const Chunk& next = ctx.At(ctx.i + 1);
  auto unit = FindUnit(ctx.rules, next.core);
  if (!unit && next.trail.starts_with(".")) unit = FindUnit(ctx.rules, next.core + ".");
  if (unit && IsFraction(cur.core)) {
    auto spoken = SpeakToken(ctx, cur.core);  // "five eighths"
    if (!spoken) return std::nullopt;
    std::string words = !b ? *spoken : Article(ctx) + UnitFractionWord(ctx, b);
    Rewrite r{words + " " + unit->singular};
    r.consumed = 2;
    r.trail = UnitTrail(ctx, ctx.i + 1);
    return r;
  }
  if (b == 0) return std::nullopt;
  const std::string& w = next.core;
  if (ctx.rules.determiners.count(w)) {  // "half a cup", "half the time", "a quarter of a mile"
    if (b == 2) return Rewrite{UnitFractionWord(ctx, b)};
    return Rewrite{ctx.rules.Word("a") + " " + UnitFractionWord(ctx, b) + " " +
                   ctx.rules.Word("of")};
  }
  if (!SingularNounAt(ctx, ctx.i + 1)) return std::nullopt;
  bool modifier = next.trail.empty() && PluralNounAt(ctx, ctx.i + 2);
  std::string word = UnitFractionWord(ctx, b);
  return Rewrite{modifier ? word : Article(ctx) + word};
}

// "a 10-ft pole" -> "a ten foot pole"; "a 5-kg bag" -> "five kilogram"; "a 1/2-inch pipe" ->
// "a half inch pipe"; "a ¾-inch bolt" -> "a three quarter inch bolt"
std::optional<Rewrite> RuleHyphenMeasure(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  size_t dash = core.find('-', 1);
  if (dash == std::string::npos || !StartsWithDigit(core)) return std::nullopt;
  std::string left = core.substr(0, dash), right = core.substr(dash + 1);
  auto unit = FindUnit(ctx.rules, right);
  bool fraction = IsFraction(left);
  if (!unit && !(fraction && IsLowerLetters(right))) return std::nullopt;
  std::string word = unit ? unit->singular : right;
  if (fraction) {
    auto f = SpeakToken(ctx, left);  // "three quarters" -> "three quarter" (a modifier)
    int64_t b = UnitFractionDenominator(left);
    if (!f) return std::nullopt;
    std::string spoken = b ? UnitFractionWord(ctx, b) : *f;
    const std::string quarters = ctx.rules.Word("quarters");
    if (spoken.ends_with(quarters)) spoken.resize(spoken.size() - 1);  // "three quarter inch"
    return Rewrite{spoken + " " + word};
  }
  auto n = ctx.speller.Number(left);
  if (!n) return std::nullopt;
  return Rewrite{*n + " " + word};
}

}  // namespace narrate::text::internal
