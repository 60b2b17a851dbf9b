// Symbols between and around numbers: "/" as "per", inch and foot marks, "x" as "by",
// "~" as "about" or "to", a leading "+".
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

bool IsPlainNumber(std::string_view s) {
  if (s.empty() || !IsAsciiDigit(s[0]) || s.size() > 12) return false;
  for (char c : s)
    if (!IsAsciiDigit(c) && c != '.' && c != ',') return false;
  return IsAsciiDigit(s.back());
}

// An inch mark, not a closing quotation mark: no quotation is open before it, or the
// paragraph's marks do not pair up without it.
bool InchMarkAt(const Context& ctx) {
  if (ctx.scan) {
    const size_t before = ctx.scan->quotes_before[ctx.i] + CountQuotes(ctx.Cur().lead);
    return before % 2 == 0 || ctx.scan->quotes_before.back() % 2 == 1;
  }
  size_t before = 0, total = 0;
  for (size_t k = 0; k < ctx.chunks.size(); ++k) {
    const Chunk& c = ctx.At(k);
    size_t n = CountQuotes(c.lead) + CountQuotes(c.core) + CountQuotes(c.trail);
    if (k < ctx.i) before += n;
    if (k == ctx.i) before += CountQuotes(c.lead);
    total += n;
  }
  return before % 2 == 0 || total % 2 == 1;
}

const Unit& UnitNamed(const Context& ctx, const char* key) { return ctx.rules.units.at(key); }

std::string Count(const Context& ctx, std::string_view number, const Unit& u) {
  auto n = ctx.speller.Number(number);
  return (n ? *n : std::string(number)) + " " + (number == "1" ? u.singular : u.plural);
}

// After a degree ("62° 17′ 20″", old print "62o"), the marks are minutes and seconds of arc.
bool AfterDegrees(const Context& ctx) {
  if (ctx.i == 0) return false;
  const std::string& prev = ctx.At(ctx.i - 1).core;
  if (prev.find("°") != std::string::npos) return true;
  return prev.size() > 1 && prev.back() == 'o' && IsDigits(prev.substr(0, prev.size() - 1));
}

// The big and small unit of a ′ ″ pair: feet and inches, or minutes and seconds of arc.
std::pair<const Unit*, const Unit*> TickUnits(const Context& ctx) {
  if (AfterDegrees(ctx)) return {&UnitNamed(ctx, "min"), &UnitNamed(ctx, "sec")};
  return {&UnitNamed(ctx, "ft"), &UnitNamed(ctx, "in.")};
}

// "5'11" -> "five feet eleven inches"
std::optional<std::string> SpeakFeetInches(const Context& ctx, std::string_view core) {
  size_t tick = core.find('\'');
  if (tick == std::string_view::npos) return std::nullopt;
  std::string_view feet = core.substr(0, tick), inches = core.substr(tick + 1);
  if (!IsDigits(feet) || feet.size() > 2 || !IsPlainNumber(inches) || inches.size() > 4) {
    return std::nullopt;
  }
  auto [big, small] = TickUnits(ctx);
  return Count(ctx, feet, *big) + " " + Count(ctx, inches, *small);
}

// "by" between dimensions, "times" in a sum: "3 x 4" -> "three by four", "2 × 3 = 6" -> "times"
std::string ByWord(const Context& ctx) {
  for (const Chunk& c : ctx.chunks) {
    if (c.core == "=") return ctx.rules.Word("times");
  }
  return ctx.rules.Word("by");
}

// "10x faster", "3x more", "2x as": the "x" is "times"; "10x zoom" stays a letter.
bool ComparisonFollows(const Context& ctx) {
  if (!ctx.Has(ctx.i + 1) || !ctx.Cur().trail.empty()) return false;
  const std::string& next = ctx.At(ctx.i + 1).core;
  static const std::set<std::string> kWords = {"more", "less", "as", "the", "fewer", "over"};
  return kWords.count(next) || (IsLowerLetters(next) && next.size() > 4 && next.ends_with("er"));
}

bool IsTimesSign(std::string_view s) { return s == "x" || s == "X" || s == "×"; }

// "3x4" -> {"3", "4"}; "3×4m" -> {"3", "4m"}; "2*3" -> {"2", "3"}
std::optional<std::pair<std::string, std::string>> SplitDimensions(const std::string& core) {
  size_t k = 0;
  while (k < core.size() && (IsAsciiDigit(core[k]) || core[k] == '.')) ++k;
  if (k == 0 || k == core.size()) return std::nullopt;
  size_t sign = core.compare(k, 2, "×") == 0                           ? 2
                : (core[k] == 'x' || core[k] == 'X' || core[k] == '*') ? 1
                                                                       : 0;
  if (sign == 0 || k + sign >= core.size() || !IsAsciiDigit(core[k + sign])) return std::nullopt;
  return std::make_pair(core.substr(0, k), core.substr(k + sign));
}
}  // namespace

// "12/kg" -> "twelve per kilogram"; "words/minute" -> "words per minute"; "$20 / month" -> "per"
std::optional<Rewrite> RulePer(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core == "/" && ctx.i > 0 && ctx.Has(ctx.i + 1) && ctx.Cur().lead.empty()) {  // "$20 / month"
    const std::string& prev = ctx.At(ctx.i - 1).core;
    auto per = PerUnit(ctx.rules, ctx.At(ctx.i + 1).core);
    bool amount = !prev.empty() && (IsAsciiDigit(prev.back()) || ctx.rules.units.count(prev));
    if (!per || !amount) return std::nullopt;
    Rewrite r{ctx.rules.Word("per") + " " + *per};
    r.consumed = 2;
    return r;
  }
  size_t slash = core.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= core.size()) return std::nullopt;
  std::string left = core.substr(0, slash), right = core.substr(slash + 1);
  if (IsPlainNumber(left)) {
    auto per = PerUnit(ctx.rules, right);
    auto n = ctx.speller.Number(left);
    if (!per || !n) return std::nullopt;
    return Rewrite{*n + " " + ctx.rules.Word("per") + " " + *per};
  }
  auto per = ctx.rules.per_units.find(right);
  bool plural_noun = IsLowerLetters(left) && left.size() > 3 && left.back() == 's';
  if (!plural_noun || per == ctx.rules.per_units.end()) return std::nullopt;
  return Rewrite{left + " " + ctx.rules.Word("per") + " " + per->second};
}

// Old print's degree sign before minutes of arc: "62o 17′" -> "sixty two degrees seventeen minutes"
std::optional<Rewrite> OldDegreeSign(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core.size() < 2 || core.back() != 'o' || !IsDigits(core.substr(0, core.size() - 1)))
    return std::nullopt;
  if (!ctx.Cur().trail.empty() || !ctx.Has(ctx.i + 1)) return std::nullopt;
  const Chunk& next = ctx.At(ctx.i + 1);
  bool minutes = next.core.find('\'') != std::string::npos || next.trail.starts_with("'");
  if (!minutes || next.core.empty() || !IsAsciiDigit(next.core[0])) return std::nullopt;
  return Rewrite{Count(ctx, core.substr(0, core.size() - 1), UnitNamed(ctx, "°"))};
}

// `12"` -> "twelve inches"; `5'11"` -> "five feet eleven inches"; `5' 11"` likewise
std::optional<Rewrite> RuleInches(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (auto deg = OldDegreeSign(ctx)) return deg;
  if (auto fi = SpeakFeetInches(ctx, cur.core)) {
    Rewrite r{*fi};
    if (cur.trail.starts_with("\"") && InchMarkAt(ctx)) r.trail = cur.trail.substr(1);
    return r;
  }
  if (!IsPlainNumber(cur.core)) return std::nullopt;
  if (cur.trail == "'" && ctx.Has(ctx.i + 1) && IsDigits(ctx.At(ctx.i + 1).core) &&
      ctx.At(ctx.i + 1).trail.starts_with("\"")) {
    const Chunk& next = ctx.At(ctx.i + 1);
    auto [big, small] = TickUnits(ctx);
    Rewrite r{Count(ctx, cur.core, *big) + " " + Count(ctx, next.core, *small)};
    r.consumed = 2;
    r.trail = next.trail.substr(1);
    return r;
  }
  if (!cur.trail.starts_with("\"") || !InchMarkAt(ctx) || AfterDegrees(ctx)) return std::nullopt;
  const Unit& inch = UnitNamed(ctx, "in.");
  std::string prev = ctx.i > 0 ? ToLower(ctx.At(ctx.i - 1).core) : "";
  bool attributive = prev == "a" || prev == "an";
  auto n = ctx.speller.Number(cur.core);
  if (!n) return std::nullopt;
  Rewrite r{*n + " " + (cur.core == "1" || attributive ? inch.singular : inch.plural)};
  r.trail = cur.trail.substr(1);
  return r;
}

// "25 x 7 m" -> "twenty five by seven meters"; "3x4" -> "three by four"; "10x faster" -> "ten
// times faster"; "5 * 3" and "2*3" -> "five times three", "two times three"
std::optional<Rewrite> RuleBy(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (auto dims = SplitDimensions(cur.core)) {
    auto a = ctx.speller.Number(dims->first);
    auto b = SpeakToken(ctx, dims->second);
    if (!a || !b) return std::nullopt;
    const bool star = cur.core[dims->first.size()] == '*';
    return Rewrite{*a + " " + (star ? ctx.rules.Word("times") : ByWord(ctx)) + " " + *b};
  }
  if (cur.core.size() > 1 && cur.core.back() == 'x' &&
      IsPlainNumber(cur.core.substr(0, cur.core.size() - 1)) && ComparisonFollows(ctx)) {
    auto n = ctx.speller.Number(cur.core.substr(0, cur.core.size() - 1));
    if (n) return Rewrite{*n + " " + ctx.rules.Word("times")};
  }
  if (!IsPlainNumber(cur.core) || !cur.trail.empty() || !ctx.Has(ctx.i + 2)) return std::nullopt;
  const Chunk& sign = ctx.At(ctx.i + 1);
  const bool asterisk = sign.core.empty() && sign.lead == "*" && sign.trail.empty();
  if (!asterisk && (!IsTimesSign(sign.core) || !sign.lead.empty() || !sign.trail.empty()))
    return std::nullopt;
  if (!IsAsciiDigit(ctx.At(ctx.i + 2).core.empty() ? ' ' : ctx.At(ctx.i + 2).core[0]))
    return std::nullopt;
  auto n = ctx.speller.Number(cur.core);
  if (!n) return std::nullopt;
  Rewrite r{*n + " " + (asterisk ? ctx.rules.Word("times") : ByWord(ctx))};
  r.consumed = 2;
  return r;
}

// "3~4" -> "three to four"; "~50" -> "about fifty"; "~$5" -> "about five dollars"
std::optional<Rewrite> RuleTilde(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  size_t tilde = core.find('~');
  if (tilde == std::string::npos || tilde + 1 >= core.size()) return std::nullopt;
  std::string right = core.substr(tilde + 1);
  auto rs = SpeakToken(ctx, right);
  if (tilde == 0) return Rewrite{ctx.rules.Word("about") + " " + rs.value_or(right)};
  auto ls = SpeakToken(ctx, core.substr(0, tilde));
  if (!ls || !rs || !IsAsciiDigit(core[0])) return std::nullopt;
  return Rewrite{*ls + " " + ctx.rules.Word("to") + " " + *rs};
}

// "+5" -> "plus five"; "+/-2" -> "plus or minus two"; "+/-" -> "plus or minus"
std::optional<Rewrite> RulePlusSign(const Context& ctx) {
  std::string_view core = ctx.Cur().core;
  if (!core.starts_with("+") || core.size() < 2) return std::nullopt;
  std::string words = ctx.rules.Word("plus");
  core.remove_prefix(1);
  if (core.starts_with("/-")) {
    words += " " + ctx.rules.Word("or") + " " + ctx.speller.MinusWord();
    core.remove_prefix(2);
  }
  if (core.empty()) return Rewrite{words};
  auto rest = SpeakToken(ctx, core);
  if (!rest || !IsAsciiDigit(core[0])) return std::nullopt;
  std::string out = words.ends_with(" ") ? words + *rest : words + " " + *rest;
  return Rewrite{out};
}

}  // namespace narrate::text::internal
