// Street addresses: house numbers, street words, compass points, US states and ZIP codes, PO boxes.
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

// "St" / "St." / "ST" -> "Street" (with `any_case`, also "st"); nullptr when not a street word.
const std::string* StreetWord(const LocaleRules& r, const Chunk& c, bool any_case) {
  std::string key = c.core;
  if (any_case && !key.empty())
    key = std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(key[0])))) +
          ToLower(key.substr(1));
  auto it = r.street_suffixes.find(key);
  return it == r.street_suffixes.end() ? nullptr : &it->second;
}

bool IsOrdinalCore(std::string_view s) {
  if (s.size() < 3 || !IsDigits(s.substr(0, s.size() - 2))) return false;
  std::string suffix = ToLower(s.substr(s.size() - 2));
  return suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
}

// A compass point before a street name: "N", "S.", "NE".
bool IsCompass(const LocaleRules& r, const Chunk& c) {
  return r.compass_points.count(c.core) && (c.trail.empty() || c.trail == ".");
}

// A word of a street name: "Main", "Pennsylvania", "5th", "N".
bool IsStreetNamePart(const LocaleRules& r, const Chunk& c) {
  return c.lead.empty() && (IsCapitalized(c.core) || IsOrdinalCore(c.core) || IsCompass(r, c));
}

// From chunk k, the index of a street word after one to three name words ("Main St"), or 0.
size_t StreetWordAfter(const Context& ctx, size_t k, bool any_case) {
  for (size_t j = k; ctx.Has(j) && j < k + 4; ++j) {
    const Chunk& c = ctx.At(j);
    if (j > k && StreetWord(ctx.rules, c, any_case) && c.lead.empty()) return j;
    if (!IsStreetNamePart(ctx.rules, c)) return 0;
    if (!c.trail.empty() && !IsCompass(ctx.rules, c)) return 0;
  }
  return 0;
}

// A house number: up to five digits, or digits and one letter ("221B").
bool IsHouseNumber(std::string_view s) {
  if (!s.empty() && IsAsciiAlpha(s.back()) && s.size() > 1) s.remove_suffix(1);
  return IsDigits(s) && s.size() <= 5 && s[0] != '0';
}

// "1600" -> "sixteen hundred"; "123" -> "one twenty three"; "221B" -> "two twenty one B"
std::string SpeakHouseNumber(const Context& ctx, std::string_view s) {
  std::string letter;
  if (IsAsciiAlpha(s.back())) {
    letter = " " + SpellLetters(s.substr(s.size() - 1));
    s.remove_suffix(1);
  }
  if (s.size() == 5) return SpeakPhoneDigits(ctx, s) + letter;
  return SpeakDesignationDigits(ctx.speller, s) + letter;
}

// True when chunk k (a street word such as "St.") sits where an address goes: "Elm St. It was".
bool EndsAddress(const Context& ctx, size_t k) {
  const Chunk& c = ctx.At(k);
  if (!ctx.Has(k + 1) || (!c.trail.empty() && c.trail != ".")) return true;
  const std::string& next = ctx.At(k + 1).core;
  if (!IsCapitalized(next)) return true;
  return c.trail == "." && ctx.rules.sentence_openers.count(next);
}
}  // namespace

// "1600 Pennsylvania Ave" -> "sixteen hundred Pennsylvania Ave" (the street word follows on its
// own)
std::optional<Rewrite> RuleHouseNumber(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (!cur.trail.empty() || !IsHouseNumber(cur.core) || !StreetWordAfter(ctx, ctx.i + 1, true))
    return std::nullopt;
  return Rewrite{SpeakHouseNumber(ctx, cur.core)};
}

// "Main St." -> "Main Street"; "N Main St" -> "North Main Street"; "Apt 4B" -> "Apartment four B"
std::optional<Rewrite> RuleStreetWord(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  const LocaleRules& r = ctx.rules;
  bool numbered =
      ctx.i > 0 && IsHouseNumber(ctx.At(ctx.i - 1).core) && ctx.At(ctx.i - 1).trail.empty();
  if (IsCompass(r, cur) && ctx.Has(ctx.i + 1) && IsStreetNamePart(r, ctx.At(ctx.i + 1)) &&
      !IsCompass(r, ctx.At(ctx.i + 1))) {
    size_t end = StreetWordAfter(ctx, ctx.i + 1, numbered);
    if (end && EndsAddress(ctx, end)) {
      Rewrite rw{r.compass_points.at(cur.core)};
      rw.trail = "";
      return rw;
    }
  }
  if (auto unit = r.address_units.find(cur.core);
      unit != r.address_units.end() && ctx.Has(ctx.i + 1) &&
      (cur.trail.empty() || cur.trail == ".") && ctx.i > 0 &&
      ctx.At(ctx.i - 1).trail.ends_with(",")) {
    const std::string& n = ctx.At(ctx.i + 1).core;
    if (!n.empty() && IsAsciiDigit(n[0]) && IsHouseNumber(n)) {
      Rewrite rw{unit->second + " " + SpeakHouseNumber(ctx, n)};
      rw.consumed = 2;
      return rw;
    }
  }
  if (ctx.i == 0 || !IsStreetNamePart(r, ctx.At(ctx.i - 1)) || !ctx.At(ctx.i - 1).trail.empty())
    return std::nullopt;
  const std::string* word = StreetWord(r, cur, IsOrdinalCore(ctx.At(ctx.i - 1).core) || numbered);
  if (!word || !cur.lead.empty() || !EndsAddress(ctx, ctx.i)) return std::nullopt;
  Rewrite rw{*word};
  if (cur.trail.starts_with(".")) rw.trail = AbbrevTrail(ctx, ctx.i);
  return rw;
}

// "Austin, TX 78701" -> "Austin, Texas seven eight seven oh one"; ZIP+4 "78701-1234" too
std::optional<Rewrite> RuleStateZip(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  auto it = ctx.rules.us_states.find(cur.core);
  if (it == ctx.rules.us_states.end() || ctx.shouting || ctx.i == 0 || !cur.lead.empty())
    return std::nullopt;
  const Chunk& city = ctx.At(ctx.i - 1);
  if (city.trail != "," || !IsCapitalized(city.core)) return std::nullopt;
  Rewrite r{it->second};
  if (cur.trail.empty() && ctx.Has(ctx.i + 1)) {
    const std::string& zip = ctx.At(ctx.i + 1).core;
    bool five = zip.size() == 5 && IsDigits(zip);
    bool plus4 =
        zip.size() == 10 && zip[5] == '-' && IsDigits(zip.substr(0, 5)) && IsDigits(zip.substr(6));
    if (five || plus4) {
      r.spoken += " " + SpeakPhoneDigits(ctx, zip.substr(0, 5));
      if (plus4)
        r.spoken += " " + ctx.rules.Word("dash") + " " + SpeakPhoneDigits(ctx, zip.substr(6));
      r.consumed = 2;
      return r;
    }
  }
  bool ends = cur.trail.find_first_of(",.;") != std::string::npos || !ctx.Has(ctx.i + 1);
  if (!ends || IsUpperLetters(city.core)) return std::nullopt;
  return r;
}

// "P.O. Box 1234" / "PO Box 1234" -> "P O Box twelve thirty four"
std::optional<Rewrite> RulePoBox(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if ((cur.core != "PO" && cur.core != "P.O") || !ctx.Has(ctx.i + 2)) return std::nullopt;
  if (ctx.At(ctx.i + 1).core != "Box" || !ctx.At(ctx.i + 1).trail.empty()) return std::nullopt;
  const std::string& n = ctx.At(ctx.i + 2).core;
  if (!IsHouseNumber(n) || IsAsciiAlpha(n.back())) return std::nullopt;
  Rewrite r{SpellLetters("PO") + " Box " + SpeakHouseNumber(ctx, n)};
  r.consumed = 3;
  return r;
}

}  // namespace narrate::text::internal
