// Dates, times, telephone numbers, e-mail addresses and URLs.
#include <set>
#include <cctype>
#include <algorithm>
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

// "March", "MARCH", "Mar." -> 3; with `bare`, also "Mar" (only before a day or a year).
std::optional<int> ParseMonth(const Context& ctx, const Chunk& c, bool bare = false) {
  std::string key = c.core;
  if (key.size() >= 3 && IsUpperLetters(key)) key = key.substr(0, 1) + ToLower(key.substr(1));
  auto it = ctx.rules.months.find(key);
  if (it == ctx.rules.months.end() && (bare || c.trail.starts_with(".")))
    it = ctx.rules.months.find(key + ".");
  if (it == ctx.rules.months.end()) return std::nullopt;
  return it->second;
}

// True when the chunk after k starts with a digit: "Jan 15" -> the month may be bare.
bool DigitFollows(const Context& ctx, size_t k) {
  return ctx.Has(k + 1) && !ctx.At(k + 1).core.empty() && IsAsciiDigit(ctx.At(k + 1).core[0]);
}

// (4, 1, 1901) -> "the first of April nineteen oh one"; "the" is left out after "the".
std::string SpeakDayMonthYear(const Context& ctx, int month, int day, std::optional<int64_t> year) {
  bool after_the = ctx.i > 0 && ToLower(ctx.At(ctx.i - 1).core) == ctx.rules.Word("the");
  std::string out = after_the ? "" : ctx.rules.Word("the") + " ";
  out += ctx.speller.Ordinal(day) + " " + ctx.rules.Word("of") + " " +
         ctx.rules.month_names[month - 1];
  if (year) out += " " + ctx.speller.Year(*year);
  return out;
}

// "05" -> "oh five"; "98" -> "ninety eight"; "1998" -> "nineteen ninety eight"
std::string SpeakYearDigits(const Context& ctx, std::string_view digits) {
  int64_t v = *ParseSmallInt(digits);
  if (digits.size() != 2 || v == 0) return ctx.speller.Year(digits.size() == 2 ? 2000 : v);
  return v < 10 ? ctx.rules.Word("oh") + " " + ctx.speller.Cardinal(v) : ctx.speller.Cardinal(v);
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

// "am" -> "A M"; "p.m" -> "P M" (letters, as eSpeak must say them)
std::string SpeakAmPm(std::string_view s) {
  std::string up;
  for (char c : s)
    if (IsAsciiAlpha(c)) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return SpellLetters(up);
}

// "6pm" -> 2, "10:30a.m" -> 3, "630" -> 0: length of an attached am/pm.
size_t AttachedAmPm(std::string_view core) {
  for (size_t len : {3u, 2u}) {
    if (core.size() > len && IsAmPm(core.substr(core.size() - len)) &&
        IsAsciiDigit(core[core.size() - len - 1]))
      return len;
  }
  return 0;
}

// ("3", "45") -> "three forty five"; ("10", "00") -> "ten o'clock"; ("3", "05") -> "three oh five"
std::string SpeakClock(const Context& ctx, int64_t h, int64_t m, bool has_ampm) {
  const Speller& sp = ctx.speller;
  if (m == 0) return has_ampm ? sp.Cardinal(h) : sp.Cardinal(h) + " " + ctx.rules.Word("oclock");
  if (m < 10) return sp.Cardinal(h) + " " + ctx.rules.Word("oh") + " " + sp.Cardinal(m);
  return sp.Cardinal(h) + " " + sp.Cardinal(m);
}

// (14, "hour") -> "fourteen hours"; (1, "minute") -> "one minute"
std::string CountOf(const Context& ctx, int64_t n, const std::string& unit) {
  return ctx.speller.Cardinal(n) + " " + ctx.rules.Word(n == 1 ? unit : unit + "s");
}

// (14, 10, 30) -> "fourteen hours ten minutes and thirty seconds"
std::string SpeakClockSeconds(const Context& ctx, int64_t h, int64_t m, int64_t s) {
  return CountOf(ctx, h, "hour") + " " + CountOf(ctx, m, "minute") + " " + ctx.rules.Word("and") +
         " " + CountOf(ctx, s, "second");
}

// "10:30" -> {10, 30}; "14:10:30" -> {14, 10, 30}; "6.30" with sep '.' -> {6, 30}
struct Clock {
  int64_t h = 0, m = 0;
  std::optional<int64_t> s;
};
std::optional<Clock> ParseClock(std::string_view t, char sep) {
  auto parts = SplitOn(t, sep);
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[0].size() > 2)
    return std::nullopt;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (!IsDigits(parts[k]) || (k > 0 && parts[k].size() != 2)) return std::nullopt;
  }
  Clock c{*ParseSmallInt(parts[0]), *ParseSmallInt(parts[1]), std::nullopt};
  if (parts.size() == 3) c.s = *ParseSmallInt(parts[2]);
  if (c.h > 24 || c.m > 59 || (c.s && *c.s > 59)) return std::nullopt;
  return c;
}

// After a time: "P M" (attached or the next chunk) and a time zone ("EST"), consumed in r.
struct TimeTail {
  std::string ampm;
  Rewrite r;
};
TimeTail TakeTimeTail(const Context& ctx, std::string_view attached_ampm) {
  TimeTail t;
  size_t last = ctx.i;
  t.ampm = std::string(attached_ampm);
  if (t.ampm.empty() && ctx.Cur().trail.empty() && ctx.Has(ctx.i + 1) &&
      IsAmPm(ctx.At(ctx.i + 1).core) && ctx.At(ctx.i + 1).lead.empty()) {
    last = ctx.i + 1;
    t.ampm = ctx.At(last).core;
    if (t.ampm.size() == 3) t.r.trail = AbbrevTrail(ctx, last);
  }
  std::string_view between = ctx.At(last).trail;
  bool open = between.empty() || (between == "." && t.ampm.size() == 3);
  if (open && ctx.Has(last + 1) && ctx.rules.time_zones.count(ctx.At(last + 1).core)) {
    ++last;
    t.r.trail = std::nullopt;
  }
  t.r.consumed = last - ctx.i + 1;
  return t;
}

// Appends the am/pm and a time zone of `tail` to the clock words.
Rewrite FinishTime(const Context& ctx, TimeTail tail, std::string clock) {
  if (!tail.ampm.empty()) clock += " " + SpeakAmPm(tail.ampm);
  size_t last = ctx.i + tail.r.consumed - 1;
  if (ctx.rules.time_zones.count(ctx.At(last).core)) clock += " " + SpellLetters(ctx.At(last).core);
  tail.r.spoken = clock;
  return tail.r;
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

// {"1", "800", "555", "0199"} -> "one, eight hundred, five five five, oh one nine nine"
std::string SpeakPhoneGroups(const Context& ctx, const std::vector<std::string>& groups) {
  std::string out;
  for (size_t k = 0; k < groups.size(); ++k) {
    const std::string& g = groups[k];
    bool area = k == 0 || (k == 1 && groups[0] == "1");
    bool hundred = area && g.size() == 3 && g[0] != '0' && g.ends_with("00");  // toll-free "800"
    std::string words = hundred ? ctx.speller.Cardinal(g[0] - '0') + " " + ctx.rules.Word("hundred")
                                : SpeakPhoneDigits(ctx, g);
    out += (out.empty() ? "" : ", ") + words;
  }
  return out;
}

// Phone-number chunks from ctx.i: "+1 (555) 123-4567" -> {"1", "555", "123", "4567"}, 3 chunks.
struct PhoneMatch {
  std::vector<std::string> groups;
  size_t consumed = 0, digits = 0;
  bool plus = false, paren = false, dashed = false;
};

// Adds one chunk's digit groups to m; false when the chunk is not part of a phone number.
bool AddPhoneChunk(PhoneMatch& m, std::string core, bool first) {
  if (first && core.starts_with("+")) {
    core.erase(0, 1);
    m.plus = true;
  }
  std::vector<std::string> groups;
  if (auto g = PhoneGroups(core)) {
    groups = *g;
    m.dashed = true;
  } else if (IsDigits(core) && core.size() <= 6)
    groups = {core};
  else
    return false;
  for (const auto& g : groups) {
    m.groups.push_back(g);
    m.digits += g.size();
  }
  ++m.consumed;
  return true;
}

PhoneMatch CollectPhone(const Context& ctx) {
  PhoneMatch m;
  const std::string& first = ctx.Cur().core;
  if (first.empty() || (!IsAsciiDigit(first[0]) && first[0] != '+')) return m;
  for (size_t k = ctx.i; ctx.Has(k) && k < ctx.i + 6; ++k) {
    const Chunk& c = ctx.At(k);
    bool paren = c.lead == "(" && c.trail == ")" && c.core.size() == 3 && IsDigits(c.core);
    if (k > ctx.i && !c.lead.empty() && !paren) break;
    if (k > ctx.i && m.dashed) break;  // "555-1234 1990": a dashed number ends the phone
    if (k > ctx.i && c.core.starts_with("+")) break;
    if (!AddPhoneChunk(m, c.core, k == ctx.i)) break;
    m.paren = m.paren || paren;
    if (!c.trail.empty() && !paren) break;
  }
  return m;
}

// "020 7946 0958", "+44 20 7946 0958", "(555) 123-4567", "555-1234": yes; "1990 2000": no.
bool IsPhone(const PhoneMatch& m) {
  if (m.consumed == 0 || m.digits < 7 || m.digits > 15) return false;
  if (m.consumed == 1) return m.dashed;
  if (m.plus || m.paren) return true;
  const std::string& first = m.groups[0];
  bool trunk = first[0] == '0' && first.size() >= 2 && first.size() <= 5;  // UK "020", "0161"
  for (size_t k = 1; k < m.groups.size(); ++k)
    if (m.groups[k].size() < 3) return false;
  return trunk && !m.dashed && m.digits >= 10 && m.digits <= 11;
}

// After a phone number: "ext. 89", "x89", "extension 89" -> {"extension eight nine", chunks}
std::optional<std::pair<std::string, size_t>> SpeakExtension(const Context& ctx, size_t last) {
  const std::string& t = ctx.At(last).trail;
  if ((!t.empty() && t != ",") || !ctx.Has(last + 1)) return std::nullopt;
  std::string word = ToLower(ctx.At(last + 1).core);
  std::string ext = ctx.rules.Word("extension");
  for (std::string_view prefix : {"x", "ext", "ext."}) {
    if (word.size() > prefix.size() && word.starts_with(prefix) &&
        IsDigits(word.substr(prefix.size())))
      return std::make_pair(ext + " " + SpeakPhoneDigits(ctx, word.substr(prefix.size())), 1);
  }
  bool keyword = word == "x" || word == "ext" || word == "extension";
  if (!keyword || !ctx.Has(last + 2)) return std::nullopt;
  const std::string& n = ctx.At(last + 2).core;
  if (!IsDigits(n) || n.size() > 6) return std::nullopt;
  return std::make_pair(ext + " " + SpeakPhoneDigits(ctx, n), 2);
}

bool LooksLikeUrl(std::string_view s) {
  if (s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")) return true;
  for (std::string_view tld : {".com", ".org", ".net", ".edu", ".gov", ".io", ".uk", ".de", ".info"}) {
    size_t at = s.find(tld);
    if (at != std::string_view::npos && at > 0 && (at + tld.size() == s.size() || s[at + tld.size()] == '/')) return true;
  }
  return false;
}

// "a-b" piece of a URL: "www" -> "W W W", "123" -> "one two three", "bbc" -> "B B C", the
// country code "uk" (last label of a host) -> "U K"; words stay.
std::string SpeakUrlPiece(const Context& ctx, std::string_view piece, bool host_end) {
  if (IsDigits(piece)) return ctx.speller.Digits(piece);
  bool letters = piece.size() >= 2 && piece.size() <= 5;
  for (char c : piece) letters = letters && IsAsciiAlpha(c);
  bool vowel = piece.find_first_of(piece.size() <= 3 ? "aeiouAEIOU" : "aeiouyAEIOUY") !=
               std::string_view::npos;  // "nyt" -> "N Y T"
  if (!letters || (vowel && !(host_end && piece.size() == 2))) return std::string(piece);
  return SpellLetters(ToUpper(piece));
}

// "https://" -> "H T T P S colon slash slash"
std::string SpeakScheme(const Context& ctx, std::string_view scheme) {
  std::string slash = ctx.rules.Word("slash");
  return SpellLetters(ToUpper(scheme)) + " " + ctx.rules.Word("colon") + " " + slash + " " + slash + " ";
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
// "at 6.30 we dined": a dotted number after "at", "by", "until"... that no unit or price follows.
// "from 9.30 to 5.30": the second end of a range whose first is a dotted time in context.
bool SecondOfTimeRange(const Context& ctx) {
  if (ctx.i < 3) return false;
  std::string word = ToLower(ctx.At(ctx.i - 1).core);
  if ((word != ctx.rules.Word("to") && word != ctx.rules.Word("and")) ||
      !ctx.At(ctx.i - 2).trail.empty())
    return false;
  auto first = ParseClock(ctx.At(ctx.i - 2).core, '.');
  return first && !first->s && ctx.rules.time_context.count(ToLower(ctx.At(ctx.i - 3).core));
}

bool DottedTimeContext(const Context& ctx) {
  if (ctx.i == 0 || !ctx.At(ctx.i - 1).trail.empty()) return false;
  if (!ctx.rules.time_context.count(ToLower(ctx.At(ctx.i - 1).core)) && !SecondOfTimeRange(ctx))
    return false;
  if (!ctx.Has(ctx.i + 1) || !ctx.Cur().trail.empty()) return true;
  const std::string& next = ctx.At(ctx.i + 1).core;
  if (next == "o'clock") return true;
  bool dotted_unit = ctx.At(ctx.i + 1).trail.starts_with(".") && ctx.rules.units.count(next + ".");
  if (ctx.rules.units.count(next) || ctx.rules.scales.count(next) || dotted_unit) return false;
  bool range = next == ctx.rules.Word("to") || next == ctx.rules.Word("and");
  if (range && ctx.Has(ctx.i + 3) && ctx.rules.units.count(ctx.At(ctx.i + 3).core))
    return false;  // "1.25 to 2.50 kg"
  return !ctx.rules.not_time_followers.count(ToLower(next)) && !next.empty() &&
         !IsAsciiDigit(next[0]);
}

// One end of "9am-5pm": "9am" -> {"nine A M", true}; "10:30" -> {"ten thirty", false}
std::optional<std::pair<std::string, bool>> SpeakRangeEnd(const Context& ctx,
                                                          std::string_view piece) {
  size_t attached = AttachedAmPm(piece);
  std::string_view ampm = piece.substr(piece.size() - attached);
  piece.remove_suffix(attached);
  std::optional<Clock> clock;
  if (IsDigits(piece) && piece.size() <= 2)
    clock = Clock{*ParseSmallInt(piece), 0, std::nullopt};
  else if (piece.find(':') != std::string_view::npos)
    clock = ParseClock(piece, ':');
  if (!clock || clock->s || clock->h == 0 || clock->h > (ampm.empty() ? 24 : 12))
    return std::nullopt;
  std::string words = SpeakClock(ctx, clock->h, clock->m, true);
  if (!ampm.empty()) words += " " + SpeakAmPm(ampm);
  return std::make_pair(words, !ampm.empty());
}
}  // namespace

// "0958" -> "oh nine five eight"
std::string SpeakPhoneDigits(const Context& ctx, std::string_view digits) {
  std::string out;
  for (char c : digits) {
    if (!IsAsciiDigit(c)) continue;
    out += (out.empty() ? "" : " ") +
           (c == '0' ? ctx.rules.Word("oh") : ctx.speller.Cardinal(c - '0'));
  }
  return out;
}

// "3:45 pm" -> "three forty five P M"; "10:00" -> "ten o'clock"; "3pm EST" -> "three P M E S T";
// "14:10:30" -> "fourteen hours ten minutes and thirty seconds"
std::optional<Rewrite> RuleTime(const Context& ctx) {
  const std::string& written = ctx.Cur().core;
  if (std::none_of(written.begin(), written.end(), IsAsciiDigit)) return std::nullopt;  // "whale"
  std::string core = written;
  size_t attached = AttachedAmPm(core);
  std::string ampm = core.substr(core.size() - attached);
  core.resize(core.size() - attached);
  TimeTail tail = TakeTimeTail(ctx, ampm);
  bool has_ampm = !tail.ampm.empty();
  if (core.find(':') == std::string::npos) {
    if (!has_ampm || !IsDigits(core) || core.size() > 2) return std::nullopt;
    int64_t h = *ParseSmallInt(core);
    if (h == 0 || h > 12) return std::nullopt;
    return FinishTime(ctx, tail, ctx.speller.Cardinal(h));
  }
  auto clock = ParseClock(core, ':');
  if (!clock || (has_ampm && (clock->h > 12 || clock->h == 0))) {
    size_t colon = core.find(':');
    auto a = ParseSmallInt(core.substr(0, colon)), b = ParseSmallInt(core.substr(colon + 1));
    if (has_ampm || !a || !b || core.size() > 7) return std::nullopt;
    return Rewrite{ctx.speller.Cardinal(*a) + " " + ctx.rules.Word("to") + " " +
                   ctx.speller.Cardinal(*b)};  // "3:1" -> "three to one"
  }
  if (clock->s && *clock->s != 0)
    return FinishTime(ctx, tail, SpeakClockSeconds(ctx, clock->h, clock->m, *clock->s));
  return FinishTime(ctx, tail, SpeakClock(ctx, clock->h, clock->m, has_ampm));
}

// "6.30 p.m." -> "six thirty P M"; "at 6.30 we dined" -> "at six thirty we dined"; "6.30 kg" stays
std::optional<Rewrite> RuleDottedTime(const Context& ctx) {
  std::string core = ctx.Cur().core;
  size_t attached = AttachedAmPm(core);
  std::string ampm = core.substr(core.size() - attached);
  core.resize(core.size() - attached);
  if (core.find('.') == std::string::npos) return std::nullopt;
  auto clock = ParseClock(core, '.');
  if (!clock || clock->s || clock->h > 23) return std::nullopt;
  TimeTail tail = TakeTimeTail(ctx, ampm);
  bool has_ampm = !tail.ampm.empty();
  if (has_ampm && (clock->h == 0 || clock->h > 12)) return std::nullopt;
  if (!has_ampm && !DottedTimeContext(ctx)) return std::nullopt;
  return FinishTime(ctx, tail, SpeakClock(ctx, clock->h, clock->m, true));
}

// "9am-5pm" -> "nine A M to five P M"; "9-11am" -> "nine to eleven A M"; "10:30am-2pm"
std::optional<Rewrite> RuleClockRange(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  size_t dash = core.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= core.size()) return std::nullopt;
  auto a = SpeakRangeEnd(ctx, core.substr(0, dash)), b = SpeakRangeEnd(ctx, core.substr(dash + 1));
  if (!a || !b || (!a->second && !b->second)) return std::nullopt;
  return Rewrite{a->first + " " + ctx.rules.Word("to") + " " + b->first};
}

// "0600 hours" -> "oh six hundred hours"; "at 1330 hrs" -> "at thirteen thirty hours"
std::optional<Rewrite> RuleMilitaryTime(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (cur.core.size() != 4 || !IsDigits(cur.core) || !cur.trail.empty() || !ctx.Has(ctx.i + 1))
    return std::nullopt;
  const Chunk& next = ctx.At(ctx.i + 1);
  std::string unit = ToLower(next.core);
  if (unit != "hours" && unit != "hrs") return std::nullopt;
  bool context = ctx.i > 0 && ctx.rules.time_context.count(ToLower(ctx.At(ctx.i - 1).core));
  if (cur.core[0] != '0' && !context) return std::nullopt;
  int64_t h = *ParseSmallInt(cur.core.substr(0, 2)), m = *ParseSmallInt(cur.core.substr(2));
  if (h > 23 || m > 59) return std::nullopt;
  std::string out = cur.core[0] == '0' ? ctx.rules.Word("oh") + " " : "";
  out += ctx.speller.Cardinal(h) + " ";
  out += m == 0 ? ctx.rules.Word("hundred")
                : (m < 10 ? ctx.rules.Word("oh") + " " : "") + ctx.speller.Cardinal(m);
  Rewrite r{out + " " + ctx.rules.Word("hours")};
  r.consumed = 2;
  if (unit == "hrs" && next.trail.starts_with(".")) r.trail = AbbrevTrail(ctx, ctx.i + 1);
  return r;
}

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

// "3/4/2024" -> "March fourth, twenty twenty four" (en-GB: "the third of April twenty twenty
// four"); "25/12/2023", "15.01.2020" -> "the fifteenth of January..."; "2016/07/03" -> "July third,
// ..."
std::optional<Rewrite> RuleSlashDate(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  size_t at = core.find_first_of("/.-");
  if (at == std::string::npos) return std::nullopt;
  char sep = core[at];
  auto p = SplitOn(core, sep);
  if (p.size() != 3 || !IsDigits(p[0]) || !IsDigits(p[1]) || !IsDigits(p[2])) return std::nullopt;
  if (IsYearShape(p[0]) && p[1].size() <= 2 && p[2].size() <= 2) {
    int month = static_cast<int>(*ParseSmallInt(p[1])),
        day = static_cast<int>(*ParseSmallInt(p[2]));
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    return Rewrite{SpeakMonthDayYear(ctx, month, day, std::nullopt) + ", " +
                   SpeakYearDigits(ctx, p[0])};
  }
  bool short_year = p[2].size() == 2 && sep == '/';
  if (p[0].size() > 2 || p[1].size() > 2 || (!IsYearShape(p[2]) && !short_year))
    return std::nullopt;
  int a = static_cast<int>(*ParseSmallInt(p[0])), b = static_cast<int>(*ParseSmallInt(p[1]));
  bool day_first = a > 12 || (b <= 12 && ctx.day_first);
  int month = day_first ? b : a, day = day_first ? a : b;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  std::string year = SpeakYearDigits(ctx, p[2]);
  if (day_first) return Rewrite{SpeakDayMonthYear(ctx, month, day, std::nullopt) + " " + year};
  return Rewrite{SpeakMonthDayYear(ctx, month, day, std::nullopt) + ", " + year};
}

// "Jan-15-2020" -> "January fifteenth, twenty twenty"; "Sept-3" -> "September third"
std::optional<Rewrite> RuleDashedMonthDate(const Context& ctx) {
  auto p = SplitOn(ctx.Cur().core, '-');
  if (p.size() < 2 || p.size() > 3 || p[0].size() < 3 || !IsAsciiAlpha(p[0][0]))
    return std::nullopt;
  auto month = ParseMonth(ctx, Chunk{"", p[0], ""}, true);
  auto day = ParseDay(p[1]);
  if (!month || !day || (p.size() == 3 && !IsYearShape(p[2]))) return std::nullopt;
  std::optional<int64_t> year;
  if (p.size() == 3) year = *ParseSmallInt(p[2]);
  return Rewrite{SpeakMonthDayYear(ctx, *month, *day, year)};
}

// "March 3, 2024" -> "March third, twenty twenty four"; "March 2024" -> "March twenty twenty four"
std::optional<Rewrite> RuleMonthDay(const Context& ctx) {
  auto month = ParseMonth(ctx, ctx.Cur(), DigitFollows(ctx, ctx.i));
  if (!month || !ctx.Has(ctx.i + 1) || !ctx.At(ctx.i + 1).lead.empty()) return std::nullopt;
  const Chunk& next = ctx.At(ctx.i + 1);
  std::string name = ctx.rules.month_names[*month - 1];
  if (ctx.Cur().trail == "." && ctx.rules.months.count(ctx.Cur().core))
    return std::nullopt;  // "in May. 1990 was"
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
  const Chunk& mc = ctx.At(ctx.i + 1);
  bool bare =
      mc.core.size() == 3 && (mc.trail.empty() || mc.trail == ",") && DigitFollows(ctx, ctx.i + 1);
  auto month = ParseMonth(
      ctx, mc, bare || (mc.core.size() == 3 && IsCapitalized(mc.core) && mc.trail.empty()));
  if (!month || !mc.lead.empty()) return std::nullopt;
  Rewrite r{SpeakDayMonthYear(ctx, *month, *day, std::nullopt)};
  r.consumed = 2;
  const Chunk& m = ctx.At(ctx.i + 1);
  if ((m.trail.empty() || m.trail == ",") && ctx.Has(ctx.i + 2) && IsYearShape(ctx.At(ctx.i + 2).core)) {
    r.spoken += " " + ctx.speller.Year(*ParseSmallInt(ctx.At(ctx.i + 2).core));
    r.consumed = 3;
  } else if ((m.core.size() == 3 || !ctx.rules.months.count(m.core)) && m.trail.starts_with(".")) {
    r.trail = AbbrevTrail(ctx, ctx.i + 1);
  }
  return r;
}

// "Mon., Jan. 3" -> "Monday, January third"; "Fri. 13 May" -> "Friday the thirteenth of May"
std::optional<Rewrite> RuleWeekday(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (!cur.trail.starts_with(".") || !ctx.Has(ctx.i + 1)) return std::nullopt;
  auto it = ctx.rules.weekdays.find(cur.core + ".");
  if (it == ctx.rules.weekdays.end()) return std::nullopt;
  const Chunk& next = ctx.At(ctx.i + 1);
  if (!ParseMonth(ctx, next, DigitFollows(ctx, ctx.i + 1)) && !ParseDay(next.core))
    return std::nullopt;
  Rewrite r{it->second};
  r.trail = TrailWithoutPeriod(cur.trail);
  return r;
}

// "15th of March" -> "the fifteenth of March" (a day of the month takes "the")
std::optional<Rewrite> RuleOrdinalOfMonth(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (cur.core.size() < 3 || IsDigits(cur.core) || !cur.trail.empty() || !ctx.Has(ctx.i + 2))
    return std::nullopt;
  auto day = ParseDay(cur.core);
  if (!day || ToLower(ctx.At(ctx.i + 1).core) != ctx.rules.Word("of")) return std::nullopt;
  if (!ParseMonth(ctx, ctx.At(ctx.i + 2))) return std::nullopt;
  bool after_the = ctx.i > 0 && ToLower(ctx.At(ctx.i - 1).core) == ctx.rules.Word("the");
  return Rewrite{(after_the ? "" : ctx.rules.Word("the") + " ") + ctx.speller.Ordinal(*day)};
}

// "555-123-4567" -> "five five five, one two three, four five six seven"; "+44 20 7946 0958",
// "(555) 123-4567 ext. 89" -> "five five five, one two three, four five six seven, extension eight
// nine"
std::optional<Rewrite> RulePhone(const Context& ctx) {
  PhoneMatch m = CollectPhone(ctx);
  if (!IsPhone(m)) return std::nullopt;
  Rewrite r{SpeakPhoneGroups(ctx, m.groups)};
  r.consumed = m.consumed;
  if (ctx.Cur().lead == "(") r.lead = "";
  if (auto ext = SpeakExtension(ctx, ctx.i + m.consumed - 1)) {
    r.spoken += ", " + ext->first;
    r.consumed += ext->second;
  }
  return r;
}

// "john.doe@example.com" -> "john dot doe at example dot com"; "https://www.bbc.co.uk/a" ->
// "H T T P S colon slash slash W W W dot B B C dot co dot U K slash a"
std::optional<Rewrite> RuleUrlEmail(const Context& ctx) {
  std::string_view core = ctx.Cur().core;
  if (core.find('.') == std::string_view::npos && !core.starts_with("http")) return std::nullopt;
  size_t at = core.find('@');
  bool email = at != std::string_view::npos && at > 0 && core.find('.', at) != std::string_view::npos;
  if (!email && !LooksLikeUrl(core)) return std::nullopt;
  std::string out, piece;
  for (std::string_view scheme : {"http", "https", "ftp"}) {
    if (!core.starts_with(scheme) || core.substr(scheme.size()).substr(0, 3) != "://") continue;
    out = SpeakScheme(ctx, scheme);
    core.remove_prefix(scheme.size() + 3);
  }
  while (core.ends_with("/")) core.remove_suffix(1);
  bool in_host = true;
  for (char c : core) {
    std::string sep = SeparatorWord(ctx, c);
    if (sep.empty() && c != '?' && c != '=' && c != '&' && c != '#') { piece += c; continue; }
    bool host_end = in_host && c != '.' && c != '-' && c != '@';
    if (!piece.empty()) out += SpeakUrlPiece(ctx, piece, host_end) + " ";
    in_host = in_host && !host_end;
    out += sep.empty() ? "" : sep + " ";
    piece.clear();
  }
  if (!piece.empty()) out += SpeakUrlPiece(ctx, piece, in_host);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return Rewrite{out};
}

}  // namespace narrate::text::internal
