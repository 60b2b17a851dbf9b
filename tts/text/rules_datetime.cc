// Dates, times, telephone numbers, e-mail addresses and URLs.
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

// "2024-03-03" -> {"2024", "03", "03"}
std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t k = 0; k <= s.size(); ++k) {
    if (k == s.size() || s[k] == sep) { parts.emplace_back(s.substr(start, k - start)); start = k + 1; }
  }
  return parts;
}

// "3" or "3rd" -> 3 when it can be a day of the month.
std::optional<int> ParseDay(std::string_view s) {
  std::string low = ToLower(s);
  if (low.ends_with("st") || low.ends_with("nd") || low.ends_with("rd") || low.ends_with("th")) s = s.substr(0, s.size() - 2);
  if (s.empty() || s.size() > 2 || !IsDigits(s)) return std::nullopt;
  int d = static_cast<int>(*ParseSmallInt(s));
  if (d < 1 || d > 31) return std::nullopt;
  return d;
}

// "March" or "Mar." -> 3
std::optional<int> ParseMonth(const Context& ctx, const Chunk& c) {
  auto it = ctx.rules.months.find(c.core);
  if (it == ctx.rules.months.end() && c.trail.starts_with(".")) it = ctx.rules.months.find(c.core + ".");
  if (it == ctx.rules.months.end()) return std::nullopt;
  return it->second;
}

// (3, 3, 2024) -> "March third, twenty twenty four"
std::string SpeakMonthDayYear(const Context& ctx, int month, int day, std::optional<int64_t> year) {
  std::string out = ctx.rules.month_names[month - 1] + " " + ctx.speller.Ordinal(day);
  if (year) out += ", " + ctx.speller.Year(*year);
  return out;
}

bool IsAmPm(std::string_view s) {
  std::string low = ToLower(s);
  return low == "am" || low == "pm" || low == "a.m" || low == "p.m";
}

std::string SpeakAmPm(std::string_view s) {
  return SpellLetters(std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])))) + "M");
}

// ("3", "45") -> "three forty five"; ("10", "00") -> "ten o'clock"; ("3", "05") -> "three oh five"
std::string SpeakClock(const Context& ctx, int64_t h, int64_t m, bool has_ampm) {
  const Speller& sp = ctx.speller;
  if (m == 0) return has_ampm ? sp.Cardinal(h) : sp.Cardinal(h) + " " + ctx.rules.Word("oclock");
  if (m < 10) return sp.Cardinal(h) + " " + ctx.rules.Word("oh") + " " + sp.Cardinal(m);
  return sp.Cardinal(h) + " " + sp.Cardinal(m);
}

// "555-123-4567" -> {"555", "123", "4567"}; nullopt unless it has the shape of a phone number.
std::optional<std::vector<std::string>> PhoneGroups(std::string_view core) {
  if (core.size() > 40) return std::nullopt;
  char sep = core.find('-') != std::string_view::npos ? '-' : '.';
  auto groups = SplitOn(core, sep);
  if (groups.size() < 2) return std::nullopt;
  size_t digits = 0;
  for (const auto& g : groups) { if (!IsDigits(g) || g.size() > 4) return std::nullopt; digits += g.size(); }
  bool tail = groups.back().size() == 4 && groups[groups.size() - 2].size() == 3;
  if (!tail || digits < 7 || (groups.size() == 2 && groups[0].size() != 3)) return std::nullopt;
  return groups;
}

std::string SpeakGroups(const Speller& sp, const std::vector<std::string>& groups) {
  std::string out;
  for (const auto& g : groups) out += (out.empty() ? "" : ", ") + sp.Digits(g);
  return out;
}

bool LooksLikeUrl(std::string_view s) {
  if (s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")) return true;
  for (std::string_view tld : {".com", ".org", ".net", ".edu", ".gov", ".io", ".uk", ".de", ".info"}) {
    size_t at = s.find(tld);
    if (at != std::string_view::npos && at > 0 && (at + tld.size() == s.size() || s[at + tld.size()] == '/')) return true;
  }
  return false;
}

// "a-b" piece of a URL: "www" -> "W W W", "123" -> "one two three", words stay.
std::string SpeakUrlPiece(const Context& ctx, std::string_view piece) {
  if (piece == "www") return "W W W";
  if (IsDigits(piece)) return ctx.speller.Digits(piece);
  return std::string(piece);
}

std::string SeparatorWord(const Context& ctx, char c) {
  switch (c) {
    case '.': return ctx.rules.Word("dot");
    case '@': return ctx.rules.Word("at");
    case '/': return ctx.rules.Word("slash");
    case '-': return ctx.rules.Word("dash");
    case '_': return ctx.rules.Word("underscore");
    case ':': return ctx.rules.Word("colon");
    default: return "";
  }
}
}  // namespace

// "2024-03-03" -> "March third, twenty twenty four"
std::optional<Rewrite> RuleIsoDate(const Context& ctx) {
  auto p = SplitOn(ctx.Cur().core, '-');
  if (p.size() != 3 || !IsYearShape(p[0]) || p[1].size() != 2 || p[2].size() != 2) return std::nullopt;
  auto day = ParseDay(p[2]);
  if (!IsDigits(p[1]) || !day) return std::nullopt;
  int month = static_cast<int>(*ParseSmallInt(p[1]));
  if (month < 1 || month > 12) return std::nullopt;
  return Rewrite{SpeakMonthDayYear(ctx, month, *day, *ParseSmallInt(p[0]))};
}

// "3/4/2024" -> "March fourth, twenty twenty four" (day first when the first part exceeds 12)
std::optional<Rewrite> RuleSlashDate(const Context& ctx) {
  auto p = SplitOn(ctx.Cur().core, '/');
  if (p.size() != 3 || !IsDigits(p[0]) || !IsDigits(p[1]) || !IsDigits(p[2])) return std::nullopt;
  if (p[0].size() > 2 || p[1].size() > 2 || (p[2].size() != 4 && p[2].size() != 2)) return std::nullopt;
  int a = static_cast<int>(*ParseSmallInt(p[0])), b = static_cast<int>(*ParseSmallInt(p[1]));
  int64_t year = *ParseSmallInt(p[2]);
  if (p[2].size() == 2) year += year < 50 ? 2000 : 1900;
  int month = a > 12 ? b : a, day = a > 12 ? a : b;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return Rewrite{SpeakMonthDayYear(ctx, month, day, year)};
}

// "March 3, 2024" -> "March third, twenty twenty four"; "March 2024" -> "March twenty twenty four"
std::optional<Rewrite> RuleMonthDay(const Context& ctx) {
  auto month = ParseMonth(ctx, ctx.Cur());
  if (!month || !ctx.Has(ctx.i + 1) || !ctx.At(ctx.i + 1).lead.empty()) return std::nullopt;
  const Chunk& next = ctx.At(ctx.i + 1);
  std::string name = ctx.rules.month_names[*month - 1];
  if (IsYearShape(next.core) && ctx.Cur().trail.find(',') == std::string::npos) {
    Rewrite r{name + " " + ctx.speller.Year(*ParseSmallInt(next.core))};
    r.consumed = 2;
    return r;
  }
  auto day = ParseDay(next.core);
  if (!day) return std::nullopt;
  Rewrite r{SpeakMonthDayYear(ctx, *month, *day, std::nullopt)};
  r.consumed = 2;
  bool comma = next.trail == ",";
  if ((next.trail.empty() || comma) && ctx.Has(ctx.i + 2) && IsYearShape(ctx.At(ctx.i + 2).core)) {
    r.spoken = SpeakMonthDayYear(ctx, *month, *day, *ParseSmallInt(ctx.At(ctx.i + 2).core));
    r.consumed = 3;
  }
  return r;
}

// "3 March 2024" -> "the third of March twenty twenty four"
std::optional<Rewrite> RuleDayMonth(const Context& ctx) {
  auto day = ParseDay(ctx.Cur().core);
  if (!day || !ctx.Cur().trail.empty() || !ctx.Has(ctx.i + 1)) return std::nullopt;
  auto month = ParseMonth(ctx, ctx.At(ctx.i + 1));
  if (!month || !ctx.At(ctx.i + 1).lead.empty()) return std::nullopt;
  bool after_the = ctx.i > 0 && ToLower(ctx.At(ctx.i - 1).core) == "the";
  std::string the = after_the ? "" : ctx.rules.Word("the") + " ";
  Rewrite r{the + ctx.speller.Ordinal(*day) + " " + ctx.rules.Word("of") + " " + ctx.rules.month_names[*month - 1]};
  r.consumed = 2;
  const Chunk& m = ctx.At(ctx.i + 1);
  if ((m.trail.empty() || m.trail == ",") && ctx.Has(ctx.i + 2) && IsYearShape(ctx.At(ctx.i + 2).core)) {
    r.spoken += " " + ctx.speller.Year(*ParseSmallInt(ctx.At(ctx.i + 2).core));
    r.consumed = 3;
  } else if (m.core.size() == 3 && m.trail.starts_with(".")) {
    r.trail = AbbrevTrail(ctx, ctx.i + 1);
  }
  return r;
}

// "3:45 pm" -> "three forty five P M"; "10:00" -> "ten o'clock"; "3pm" -> "three P M"
std::optional<Rewrite> RuleTime(const Context& ctx) {
  size_t digit = 0;
  while (digit < ctx.Cur().core.size() && !IsAsciiDigit(ctx.Cur().core[digit])) ++digit;
  if (digit == ctx.Cur().core.size()) return std::nullopt;  // "whale": no digit to read
  std::string core = ctx.Cur().core;
  std::string ampm;
  if (core.size() > 2 && IsAmPm(core.substr(core.size() - 2)) && IsAsciiDigit(core[core.size() - 3])) {
    ampm = core.substr(core.size() - 2);
    core.resize(core.size() - 2);
  }
  Rewrite r;
  if (ampm.empty() && ctx.Cur().trail.empty() && ctx.Has(ctx.i + 1) && IsAmPm(ctx.At(ctx.i + 1).core)) {
    ampm = ctx.At(ctx.i + 1).core;
    r.consumed = 2;
    if (ampm.size() == 3) r.trail = AbbrevTrail(ctx, ctx.i + 1);
  }
  size_t colon = core.find(':');
  std::string hs = core.substr(0, colon), ms = colon == std::string::npos ? "00" : core.substr(colon + 1);
  if (!IsDigits(hs) || hs.size() > 2 || !IsDigits(ms) || ms.size() > 6) return std::nullopt;
  if (colon == std::string::npos && ampm.empty()) return std::nullopt;
  int64_t h = *ParseSmallInt(hs), m = *ParseSmallInt(ms);
  if (ms.size() != 2 || h > 24 || m > 59 || (!ampm.empty() && (h > 12 || h == 0))) {
    if (ampm.empty()) return Rewrite{ctx.speller.Cardinal(h) + " " + ctx.rules.Word("to") + " " + ctx.speller.Cardinal(m)};  // "3:1" -> "three to one"
    return std::nullopt;
  }
  r.spoken = SpeakClock(ctx, h, m, !ampm.empty()) + (ampm.empty() ? "" : " " + SpeakAmPm(ampm));
  return r;
}

// "555-123-4567" -> "five five five, one two three, four five six seven"; also "(555) 123-4567"
std::optional<Rewrite> RulePhone(const Context& ctx) {
  size_t digit = 0;
  while (digit < ctx.Cur().core.size() && !IsAsciiDigit(ctx.Cur().core[digit])) ++digit;
  if (digit == ctx.Cur().core.size()) return std::nullopt;  // "whale": no digit to read
  const Chunk& cur = ctx.Cur();
  std::string core = cur.core;
  bool plus = core.starts_with("+");
  if (plus) core.erase(0, 1);
  std::string prefix = plus ? ctx.rules.Word("plus") + " " : "";
  if (auto g = PhoneGroups(core)) return Rewrite{prefix + SpeakGroups(ctx.speller, *g)};
  if (!IsDigits(core) || core.size() > 4 || !ctx.Has(ctx.i + 1)) return std::nullopt;
  bool area = cur.lead == "(" && cur.trail == ")" && core.size() == 3;
  if (area) {
    auto g = PhoneGroups(ctx.At(ctx.i + 1).core);
    if (!g || g->size() != 2) return std::nullopt;
    g->insert(g->begin(), core);
    Rewrite r{SpeakGroups(ctx.speller, *g)};
    r.consumed = 2;
    r.lead = "";
    return r;
  }
  if (!plus) return std::nullopt;
  std::vector<std::string> groups{core};  // "+44 20 7946 0958"
  size_t k = ctx.i + 1;
  while (ctx.Has(k) && ctx.At(k - 1).trail.empty() && IsDigits(ctx.At(k).core) && ctx.At(k).core.size() <= 4) groups.push_back(ctx.At(k++).core);
  if (groups.size() < 3) return std::nullopt;
  Rewrite r{prefix + SpeakGroups(ctx.speller, groups)};
  r.consumed = k - ctx.i;
  return r;
}

// "john.doe@example.com" -> "john dot doe at example dot com"; "https://www.x.org/a" -> "W W W dot x dot org slash a"
std::optional<Rewrite> RuleUrlEmail(const Context& ctx) {
  std::string_view core = ctx.Cur().core;
  if (core.find('.') == std::string_view::npos && !core.starts_with("http")) return std::nullopt;
  size_t at = core.find('@');
  bool email = at != std::string_view::npos && at > 0 && core.find('.', at) != std::string_view::npos;
  if (!email && !LooksLikeUrl(core)) return std::nullopt;
  if (core.starts_with("http://")) core.remove_prefix(7);
  if (core.starts_with("https://")) core.remove_prefix(8);
  while (core.ends_with("/")) core.remove_suffix(1);
  std::string out, piece;
  for (char c : core) {
    std::string sep = SeparatorWord(ctx, c);
    if (sep.empty() && c != '?' && c != '=' && c != '&' && c != '#') { piece += c; continue; }
    if (!piece.empty()) out += SpeakUrlPiece(ctx, piece) + " ";
    out += sep.empty() ? "" : sep + " ";
    piece.clear();
  }
  if (!piece.empty()) out += SpeakUrlPiece(ctx, piece);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return Rewrite{out};
}

}  // namespace narrate::text::internal
