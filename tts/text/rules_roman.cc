// Roman numerals that number things: a heading's numeral at the start of a paragraph and
// the numeral after a label word (chapter, book, stave, scene), in capitals or lowercase.
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

// "five" -> "Five"
std::string Capitalize(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// "V In the Golden Age", "II The Machine": a short title-cased line with no sentence inside.
bool TitleLine(const Context& ctx) {
  if (ctx.chunks.size() > 10) return false;
  for (size_t k = 1; k < ctx.chunks.size(); ++k) {
    const Chunk& c = ctx.At(k);
    if (c.core.empty()) continue;
    bool upper = c.core[0] >= 'A' && c.core[0] <= 'Z';
    if (!upper && !ctx.rules.title_small_words.count(c.core)) return false;
    if (k + 1 < ctx.chunks.size() && c.trail.find_first_of(".!?") != std::string::npos)
      return false;
  }
  const std::string& next = ctx.At(1).core;
  return IsCapitalized(next) && !ctx.rules.pronoun_followers.count(ToLower(next));
}

// "V. Advice" and "XIV" alone are headings; "I. M. Pei", "C. S. Lewis", "I went" are not.
bool HeadingShape(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  bool stop = cur.trail == "." || cur.trail == ":";
  if (!ctx.Has(1)) return cur.trail.empty() || stop;
  const std::string& next = ctx.At(1).core;
  if (next.empty() || next[0] < 'A' || next[0] > 'Z') return false;
  if (next.size() == 1 && (next != "A" || ctx.At(1).trail.starts_with(".")))
    return false;  // "I. M. Pei"
  if (stop) return true;
  return cur.trail.empty() && !ctx.rules.initialisms.count(cur.core) && TitleLine(ctx);
}

bool IsLabel(const Context& ctx, const Chunk& prev) {
  if (!ctx.rules.label_keywords.count(ToLower(prev.core))) return false;
  return prev.trail.empty() || (prev.trail == "." && ctx.rules.abbrevs.count(prev.core + "."));
}
}  // namespace

// "the folio whale; II. the Right Whale": a numeral after ";" or ":" numbers a list item.
bool ListItem(const Context& ctx) {
  if (ctx.i == 0 || !ctx.Cur().trail.starts_with(".") || !ctx.Has(ctx.i + 1)) return false;
  const std::string& t = ctx.At(ctx.i - 1).trail;
  const Chunk& next = ctx.At(ctx.i + 1);
  return !t.empty() && (t.back() == ';' || t.back() == ':') &&
         !(next.core.size() == 1 && next.trail.starts_with("."));
}

// "…smaller whales. II. The Algerine Porpoise.": a numeral that is a sentence of its own
// before a capitalised word numbers a list item too (as it would open a paragraph).
bool SentenceItem(const Context& ctx) {
  if (ctx.i == 0 || ctx.Cur().trail != "." || !ctx.Has(ctx.i + 1)) return false;
  const std::string& core = ctx.Cur().core;
  if (core.size() == 1 && core != "I" && core != "V" && core != "X") return false;
  const std::string& t = ctx.At(ctx.i - 1).trail;
  const std::string& next = ctx.At(ctx.i + 1).core;
  return !t.empty() && t.back() == '.' && next.size() > 1 && IsCapitalized(next);
}

// "V. Advice from a Caterpillar" -> "Five. Advice from a Caterpillar"; "XIV" -> "Fourteen"
std::optional<Rewrite> RuleRomanHeading(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (SentenceItem(ctx) && IsUpperLetters(cur.core) && cur.core.size() <= 8) {
    auto value = ParseRoman(cur.core);
    if (value && *value <= 150) return Rewrite{Capitalize(ctx.speller.Cardinal(*value))};
  }
  if (ListItem(ctx) && IsUpperLetters(cur.core) && cur.core.size() <= 8) {
    auto value = ParseRoman(cur.core);
    if (value && *value <= 150)
      return Rewrite{ctx.speller.Cardinal(*value)};  // "; III. the Fin-Back"
  }
  if (ctx.i != 0 || !cur.lead.empty() || !IsUpperLetters(cur.core) || cur.core.size() > 8)
    return std::nullopt;
  bool single = cur.core.size() == 1;
  if (single && cur.core != "I" && cur.core != "V" && cur.core != "X")
    return std::nullopt;  // "M. Defarge"
  auto value = ParseRoman(cur.core);
  if (!value || *value > 150 || !HeadingShape(ctx)) return std::nullopt;
  return Rewrite{Capitalize(ctx.speller.Cardinal(*value))};
}

// "Stave V. The End" -> "Stave five. The End"; "scene iii" -> "scene three"; "Vol. II" -> "two"
std::optional<Rewrite> RuleRomanLabel(const Context& ctx) {
  if (ctx.i == 0 || !IsLabel(ctx, ctx.At(ctx.i - 1))) return std::nullopt;
  std::string core = ctx.Cur().core, suffix;
  if (core.ends_with("'s")) {
    suffix = "'s";
    core.resize(core.size() - 2);
  }
  bool lower = IsLowerLetters(core);
  if (!lower && !IsUpperLetters(core)) return std::nullopt;
  std::string upper = ToUpper(core);
  if (upper.size() == 1 && upper != "I" && upper != "V" && upper != "X")
    return std::nullopt;  // "Section C"
  auto value = ParseRoman(upper);
  if (!value || *value > (lower ? 50 : 400)) return std::nullopt;
  if (upper == "I" && !LabelNumeralI(ctx)) return std::nullopt;  // "the part I played"
  return Rewrite{ctx.speller.Cardinal(*value) + suffix};
}

}  // namespace narrate::text::internal
