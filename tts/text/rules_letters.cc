// Letters said as letters: a lone "A" that names the letter (grades, plans, points, lists)
// is written "A-" so that eSpeak says /eI/ and not the article "uh".
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

bool IsCapitalLetter(std::string_view s) { return s.size() == 1 && s[0] >= 'A' && s[0] <= 'Z'; }

// "grade A", "Plan A", "the A team", "an A": the word before makes it the letter.
bool LetterByWordBefore(const Context& ctx) {
  if (ctx.i == 0 || !ctx.At(ctx.i - 1).trail.empty()) return false;
  std::string prev = ToLower(ctx.At(ctx.i - 1).core);
  if (ctx.rules.letter_determiners.count(prev)) return true;
  if (prev.empty()) return false;
  prev[0] = static_cast<char>(prev[0] - 'a' + 'A');
  return ctx.rules.letter_keywords.count(prev) > 0;
}

// "A and B", "from A to Z", "B or A": another letter alongside.
bool LetterByLetters(const Context& ctx) {
  size_t i = ctx.i;
  const auto& joiners = ctx.rules.letter_joiners;
  bool after = ctx.Has(i + 2) && ctx.Cur().trail.empty() && ctx.At(i + 1).trail.empty() &&
               joiners.count(ctx.At(i + 1).core) && IsCapitalLetter(ctx.At(i + 2).core);
  bool before = i >= 2 && ctx.At(i - 1).trail.empty() && joiners.count(ctx.At(i - 1).core) &&
                IsCapitalLetter(ctx.At(i - 2).core);
  return after || before;
}

// The article always has its noun right after it: "A," "A." "A)" are the letter.
bool LetterByPunctuation(const Context& ctx) {
  const std::string& t = ctx.Cur().trail;
  if (t.starts_with("'") && ctx.Cur().lead.find('\'') == std::string::npos)
    return false;  // "A' flourishin'"
  return !t.empty() && !t.starts_with("..") && (ctx.i > 0 || !ctx.Has(ctx.i + 1) || t != ".");
}
}  // namespace

// "grade A student" -> "grade A- student"; "Plan A was" -> "Plan A- was"; "A and B" -> "A- and B"
std::optional<Rewrite> RuleLetterA(const Context& ctx) {
  if (ctx.Cur().core != "A" || ctx.shouting) return std::nullopt;
  if (!LetterByWordBefore(ctx) && !LetterByLetters(ctx) && !LetterByPunctuation(ctx))
    return std::nullopt;
  return Rewrite{SpellLetter('A')};
}

}  // namespace narrate::text::internal
