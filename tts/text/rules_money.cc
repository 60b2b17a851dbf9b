// Pre-decimal British money, shilling prices and old ordinals:
// "£1 1s. 6d." -> "one pound one shilling and sixpence"; "paid 2/6" -> "paid two and six";
// "the 2d of May" -> "the second of May".
#include <numeric>
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

enum class Denom { kPounds = 3, kShillings = 2, kPence = 1 };

// One amount of a pounds-shillings-pence sum: "10s." -> {kShillings, "10"}; "½d." -> quarters 2.
struct LsdPart {
  Denom denom = Denom::kPence;
  std::string number;        // "10", "1,000"; empty for a bare fraction of a penny
  int quarters = 0;          // 2 for "½d.", 1 for "¼d.", 3 for "¾d."
  size_t chunks = 1;         // chunks the part spans
  bool abbrev = false;       // ends in "s.", "d." or "l." whose period is not a full stop
  bool bare_pounds = false;  // "L1" (ASCII pound sign): only money when a part follows
};

bool IsAmount(std::string_view s) {
  if (s.empty() || !IsAsciiDigit(s[0]) || s.size() > 9) return false;
  for (char c : s)
    if (!IsAsciiDigit(c) && c != ',') return false;
  return s.back() != ',';
}

// "1/2d" -> 2 quarters; "3/4d" -> 3; else 0
int PennyQuarters(std::string_view core) {
  if (core == "1/2d") return 2;
  if (core == "1/4d") return 1;
  if (core == "3/4d") return 3;
  return 0;
}

std::optional<Denom> MarkDenom(char mark) {
  if (mark == 'l') return Denom::kPounds;
  if (mark == 's') return Denom::kShillings;
  if (mark == 'd') return Denom::kPence;
  return std::nullopt;
}

// "10_s" -> "10s", "_." -> "." (Gutenberg's italics marks around the "s." of a sum)
std::string WithoutItalics(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_') out += c;
  return out;
}

// "£27" -> pounds; "1,000l." -> pounds; "l.100" -> pounds; "L1" -> bare pounds.
std::optional<LsdPart> ParsePounds(const Chunk& c) {
  LsdPart p;
  p.denom = Denom::kPounds;
  std::string_view core = c.core;
  if (core.starts_with("£") && IsAmount(core.substr(2))) {
    p.number = core.substr(2);
    return p;
  }
  if (core.starts_with("l.") && IsAmount(core.substr(2))) {
    p.number = core.substr(2);
    return p;
  }
  if (core.size() > 1 && core[0] == 'L' && IsDigits(core.substr(1)) && core.size() <= 5) {
    p.number = core.substr(1);
    p.bare_pounds = true;
    return p;
  }
  return std::nullopt;
}

// "10s." -> shillings 10; "6d." -> pence 6; "5 l." -> pounds 5 (two chunks); "1 ½d." -> 1½d.
std::optional<LsdPart> ParsePart(const Context& ctx, size_t k) {
  const Chunk& c = ctx.At(k);
  if (auto p = ParsePounds(c)) return p;
  if (c.core == "£" && c.trail.empty() && ctx.Has(k + 1) && IsAmount(ctx.At(k + 1).core)) {
    LsdPart p;  // "£ 27" (a space after the sign, as in some HTML editions)
    p.denom = Denom::kPounds;
    p.number = ctx.At(k + 1).core;
    p.chunks = 2;
    return p;
  }
  LsdPart p;
  if (int q = PennyQuarters(c.core)) {
    p.quarters = q;
    p.abbrev = true;
    return p;
  }
  std::string core = WithoutItalics(c.core);
  if (core.size() >= 2 && IsAmount(std::string_view(core).substr(0, core.size() - 1))) {
    auto d = MarkDenom(core.back());
    if (!d) return std::nullopt;
    p.denom = *d;
    p.number = core.substr(0, core.size() - 1);
    p.abbrev = WithoutItalics(c.trail).starts_with(".");
    return p;
  }
  if (!IsAmount(core) || !c.trail.empty() || !ctx.Has(k + 1) || !ctx.At(k + 1).lead.empty()) {
    return std::nullopt;
  }
  const Chunk& next = ctx.At(k + 1);
  p.number = core;
  p.chunks = 2;
  if (int q = PennyQuarters(next.core)) {
    p.quarters = q;
    p.abbrev = true;
    return p;
  }
  auto d = next.core.size() == 1 ? MarkDenom(next.core[0]) : std::nullopt;
  if (!d || !next.trail.starts_with(".")) return std::nullopt;
  p.denom = *d;
  p.abbrev = true;
  return p;
}

// The parts of a sum starting at chunk i, in falling order: "£5 5s. 0d." -> three parts.
std::vector<LsdPart> ParseSum(const Context& ctx) {
  std::vector<LsdPart> parts;
  size_t k = ctx.i;
  while (ctx.Has(k) && parts.size() < 3) {
    auto p = ParsePart(ctx, k);
    if (!p || (!parts.empty() && p->denom >= parts.back().denom)) break;
    parts.push_back(*p);
    size_t last = k + p->chunks - 1;
    k += p->chunks;
    std::string t = WithoutItalics(ctx.At(last).trail);
    if (!t.empty() && t != ".") break;
  }
  return parts;
}

bool PrevIn(const Context& ctx, const std::set<std::string>& words) {
  if (ctx.i == 0) return false;
  const Chunk& p = ctx.At(ctx.i - 1);
  return (p.trail.empty() || p.trail == ",") && words.count(p.core);
}

bool PrevIsMonthOrThe(const Context& ctx) {
  if (ctx.i == 0) return false;
  const std::string& p = ctx.At(ctx.i - 1).core;
  return ToLower(p) == ctx.rules.Word("the") || ctx.rules.months.count(p);
}

// "2d", "23d" can be old-style ordinals ("the 2d of May"); "4d" and "11d" cannot.
bool OrdinalLike(std::string_view digits) {
  char last = digits.back();
  bool teen = digits.size() >= 2 && digits[digits.size() - 2] == '1';
  return (last == '2' || last == '3') && !teen;
}

// A lone part is money only when its shape or context says so: "10s." but not "her 20s.".
bool LoneIsMoney(const Context& ctx, const LsdPart& p) {
  if (p.quarters) return true;
  if (ctx.At(ctx.i).core == "£") return true;  // "£ 27"
  if (p.chunks > 1) return false;              // "5 l." alone may be litres, "10 s." seconds
  if (p.bare_pounds || ctx.At(ctx.i).core.starts_with("£")) return false;  // RuleMoney's
  bool cue = PrevIn(ctx, ctx.rules.money_cues);
  std::string digits = p.number;
  switch (p.denom) {
    case Denom::kPounds:
      return p.abbrev || ctx.At(ctx.i).core.starts_with("l.");
    case Denom::kShillings: {
      bool decade =
          digits.size() == 2 && digits.back() == '0' && PrevIn(ctx, ctx.rules.decade_context);
      return (p.abbrev || cue) && digits.size() <= 3 && !decade;
    }
    case Denom::kPence:
      if (digits.find(',') != std::string::npos || PrevIsMonthOrThe(ctx)) return false;
      return cue || p.abbrev;  // "paid 3d." but not "the 3d of May" (RuleOldOrdinal)
  }
  return false;
}

bool AcceptSum(const Context& ctx, const std::vector<LsdPart>& parts) {
  if (parts.empty()) return false;
  if (parts.size() == 1) return LoneIsMoney(ctx, parts[0]);
  for (const LsdPart& p : parts)
    if (p.denom != Denom::kShillings) return true;
  return false;
}

std::string PenceWord(const Context& ctx, int64_t n) {
  if (n == 1) return ctx.rules.Word("a penny");
  auto it = ctx.rules.pence_words.find(static_cast<int>(n));
  if (it != ctx.rules.pence_words.end()) return it->second;
  return ctx.speller.Cardinal(n) + " " + ctx.rules.Word("pence");
}

// 6 -> "sixpence"; 1 with a half -> "three halfpence"; 2 with a half -> "twopence halfpenny"
std::string SpeakPence(const Context& ctx, int64_t n, int quarters) {
  const LocaleRules& r = ctx.rules;
  if (quarters == 0) return PenceWord(ctx, n);
  if (n == 1 && quarters == 2) return r.Word("three halfpence");
  std::string frac = quarters == 2   ? r.Word("halfpenny")
                     : quarters == 1 ? r.Word("farthing")
                                     : r.Word("three farthings");
  if (n == 0) return quarters == 3 ? frac : r.Word("a") + " " + frac;
  return PenceWord(ctx, n) + " " + frac;
}

int64_t PartValue(const LsdPart& p) {
  std::string digits;
  for (char c : p.number)
    if (c != ',') digits += c;
  return digits.empty() ? 0 : ParseSmallInt(digits).value_or(0);
}

// {kShillings, 10} -> "ten shillings"; zero amounts -> ""
std::string SpeakPart(const Context& ctx, const LsdPart& p) {
  int64_t n = PartValue(p);
  if (n == 0 && p.quarters == 0) return "";
  if (p.denom == Denom::kPence) return SpeakPence(ctx, n, p.quarters);
  if (p.denom == Denom::kShillings) {
    return ctx.speller.Cardinal(n) + " " + ctx.rules.Word(n == 1 ? "shilling" : "shillings");
  }
  const Currency& pound = ctx.rules.currencies.at("£");
  return ctx.speller.Cardinal(n) + " " + (n == 1 ? pound.singular : pound.plural);
}

// "£1 1s. 6d." parts -> "one pound one shilling and sixpence"
std::string SpeakSum(const Context& ctx, const std::vector<LsdPart>& parts) {
  std::string out;
  for (const LsdPart& p : parts) {
    std::string words = SpeakPart(ctx, p);
    if (words.empty()) continue;
    if (!out.empty()) out += p.denom == Denom::kPence ? " " + ctx.rules.Word("and") + " " : " ";
    out += words;
  }
  if (out.empty()) out = ctx.speller.Cardinal(0) + " " + ctx.rules.currencies.at("£").plural;
  return out;
}

// "a 3d. stamp": a determiner before, and the period is no full stop (a lowercase word follows).
bool AttributivePence(const Context& ctx, size_t consumed) {
  size_t last = ctx.i + consumed - 1;
  if (ctx.i == 0 || !ctx.Has(last + 1) || ctx.At(last).trail != ".") return false;
  const std::string& next = ctx.At(last + 1).core;
  return ctx.rules.determiners.count(ctx.At(ctx.i - 1).core) && IsLowerLetters(next) &&
         !ctx.rules.attributive_stop.count(next);
}

// "threepence" -> "threepenny"; "a halfpenny" -> "halfpenny"; "a penny" -> "penny"
std::string PennyAdjective(const Context& ctx, std::string words) {
  const std::string a = ctx.rules.Word("a") + " ";
  if (words.starts_with(a)) words.erase(0, a.size());
  const std::string pence = "pence", penny = "penny";
  if (words.ends_with(pence)) words.replace(words.size() - pence.size(), pence.size(), penny);
  return words;
}

// The period of "6d." stays only where the sentence ends: "6d. Then" keeps it, "6d. for" not.
std::string SumTrail(const Context& ctx, size_t last) {
  std::string t = WithoutItalics(ctx.At(last).trail);
  if (!t.starts_with(".") || ctx.NextCapitalOrEnd(last)) return t;
  return t.substr(1);
}

// A lone amount before a noun: "a 3d. stamp" -> "a threepenny stamp"; "fifty £ 1000 notes" ->
// "fifty one thousand pound notes".
std::string AsModifier(const Context& ctx, const LsdPart& p, size_t consumed, std::string words) {
  if (p.denom == Denom::kPence) {
    return AttributivePence(ctx, consumed) ? PennyAdjective(ctx, words) : words;
  }
  const Currency& pound = ctx.rules.currencies.at("£");
  if (p.denom != Denom::kPounds || !words.ends_with(pound.plural)) return words;
  if (!AttributiveAmount(ctx, ctx.i + consumed - 1)) return words;
  return words.replace(words.size() - pound.plural.size(), pound.plural.size(), pound.singular);
}

// "2/6" -> {2, 6}; "2/-" -> {2, 0}; "7/6d" -> {7, 6}
std::optional<std::pair<int64_t, int64_t>> ParseShillingSlash(std::string_view core, bool* marked) {
  size_t slash = core.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash > 2) return std::nullopt;
  std::string_view right = core.substr(slash + 1);
  *marked = right == "-" || right.ends_with("d");
  if (right.ends_with("d")) right.remove_suffix(1);
  auto a = ParseSmallInt(core.substr(0, slash));
  if (!a || *a == 0) return std::nullopt;
  if (right == "-") return std::make_pair(*a, int64_t{0});
  auto b = right.size() <= 2 ? ParseSmallInt(right) : std::nullopt;
  if (!b || *b == 0 || *b > 11) return std::nullopt;
  return std::make_pair(*a, *b);
}

// A money word before ("cost 2/6", "a price of 2/6"), earlier in the sentence ("the price of
// the print was 7/6") or after ("2/6 each").
bool ShillingContext(const Context& ctx) {
  static const std::set<std::string> kBridges = {"of", "only", "just", "about", "but", "nearly"};
  const auto& cues = ctx.rules.money_cues;
  if (PrevIn(ctx, cues)) return true;
  if (ctx.i >= 2 && PrevIn(ctx, kBridges) && ctx.At(ctx.i - 2).trail.empty() &&
      cues.count(ToLower(ctx.At(ctx.i - 2).core))) {
    return true;
  }
  for (size_t back = 1; back <= 8 && back <= ctx.i; ++back) {
    const Chunk& c = ctx.At(ctx.i - back);
    if (c.trail.find_first_of(".!?;") != std::string::npos) break;
    if (ctx.rules.money_words.count(ToLower(c.core))) return true;
  }
  if (!ctx.Cur().trail.empty() || !ctx.Has(ctx.i + 1)) return false;
  const std::string& next = ctx.At(ctx.i + 1).core;
  return next == "each" || next == "apiece" || next == "per" || next == "a";
}
}  // namespace

// "£27 10s." -> "twenty seven pounds ten shillings"; "26s. 4d." -> "twenty six shillings and
// fourpence"; "½d." -> "a halfpenny"; "1,000l." -> "one thousand pounds"; "a 3d. stamp" ->
// "a threepenny stamp"
std::optional<Rewrite> RulePreDecimalMoney(const Context& ctx) {
  std::vector<LsdPart> parts = ParseSum(ctx);
  if (!AcceptSum(ctx, parts)) return std::nullopt;
  Rewrite r{SpeakSum(ctx, parts)};
  r.consumed = 0;
  for (const LsdPart& p : parts) r.consumed += p.chunks;
  if (parts.size() == 1) r.spoken = AsModifier(ctx, parts[0], r.consumed, r.spoken);
  if (parts.back().abbrev) r.trail = SumTrail(ctx, ctx.i + r.consumed - 1);
  return r;
}

// "10p" -> "ten pence"; "1p" -> "one penny" (decimal pence, written on the number)
std::optional<Rewrite> RuleDecimalPence(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core.size() < 2 || core.size() > 4 || core.back() != 'p') return std::nullopt;
  auto n = ParseSmallInt(std::string_view(core).substr(0, core.size() - 1));
  if (!n) return std::nullopt;
  const Currency& pound = ctx.rules.currencies.at("£");
  return Rewrite{ctx.speller.Cardinal(*n) + " " +
                 (*n == 1 ? pound.minor_singular : pound.minor_plural)};
}

// "cost 2/6" -> "cost two and six"; "2/-" -> "two shillings"; "for 7/6 each" -> "seven and six"
std::optional<Rewrite> RuleShillingSlash(const Context& ctx) {
  bool marked = false;
  auto v = ParseShillingSlash(ctx.Cur().core, &marked);
  if (!v) return std::nullopt;
  auto [a, b] = *v;
  if (b == 0)
    return Rewrite{ctx.speller.Cardinal(a) + " " +
                   ctx.rules.Word(a == 1 ? "shilling" : "shillings")};
  bool not_a_fraction = a >= b || std::gcd(a, b) > 1;
  if (!marked && !(not_a_fraction && ShillingContext(ctx))) return std::nullopt;
  return Rewrite{ctx.speller.Cardinal(a) + " " + ctx.rules.Word("and") + " " +
                 ctx.speller.Cardinal(b)};
}

// "the 2d of May" -> "the second of May"; "September 23d" -> "September twenty third";
// "73d Years" -> "seventy third Years"
std::optional<Rewrite> RuleOldOrdinal(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core.size() < 2 || core.back() != 'd') return std::nullopt;
  std::string digits = core.substr(0, core.size() - 1);
  if (!IsDigits(digits) || digits.size() > 4 || !OrdinalLike(digits)) return std::nullopt;
  bool next_says = false;  // "2d of May", "2d May", "3d Regiment"
  if (ctx.Has(ctx.i + 1) && ctx.Cur().trail.empty()) {
    const std::string& next = ctx.At(ctx.i + 1).core;
    next_says = ctx.rules.months.count(next) || next == ctx.rules.Word("of") || IsCapitalized(next);
  }
  if (!PrevIsMonthOrThe(ctx) && !next_says) return std::nullopt;
  return Rewrite{ctx.speller.Ordinal(*ParseSmallInt(digits))};
}

}  // namespace narrate::text::internal
