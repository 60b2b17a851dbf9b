// The voice list as `narrate voices` shows it, and the check of a --voice
// name against it (eSpeak itself would speak an unknown variant in the base
// voice without a word).
#include <unicode/locid.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "app/app.h"
#include "common/suggest.h"

namespace narrate::app {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool SameIgnoringCase(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

// "roa/fr" → "fr", "!v/f2" → "f2".
std::string FileName(const std::string& identifier) {
  return identifier.substr(identifier.find_last_of('/') + 1);
}

// The candidate nearest to word with case aside ("ALEX" → "Alex", "f3x" → "f3"); "" if none is
// near (common/suggest.h's ClosestMatch).
std::string Nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<std::string> lowered;
  for (const std::string& c : candidates) lowered.push_back(Lower(c));
  const std::string near = ClosestMatch(Lower(word), lowered);
  if (near.empty()) return "";
  return candidates[std::find(lowered.begin(), lowered.end(), near) - lowered.begin()];
}

// The tag as ICU canonicalises it, lower case, deprecated regions replaced:
// "en-UK" → "en-gb", "fr-FX" → "fr-fr"; "" when ICU cannot read it.
std::string CanonicalTag(const std::string& tag) {
  UErrorCode error = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(tag, error);
  if (U_FAILURE(error)) return "";
  locale.canonicalize(error);
  std::string canonical = locale.toLanguageTag<std::string>(error);
  return U_FAILURE(error) ? "" : Lower(canonical);
}

std::vector<std::string> NamesOf(const std::vector<VoiceInfo>& voices) {
  std::vector<std::string> names;
  for (const VoiceInfo& v : voices) names.push_back(v.name);
  return names;
}

// A base voice is named as listed or by eSpeak's file for it, case aside: "en-US", "fr", "gmw/en".
bool IsBaseVoice(const std::string& base, const VoiceList& list) {
  return std::any_of(list.voices.begin(), list.voices.end(), [&](const VoiceInfo& v) {
    return SameIgnoringCase(base, v.name) ||
           (!v.identifier.empty() && (SameIgnoringCase(base, v.identifier) ||
                                      SameIgnoringCase(base, FileName(v.identifier))));
  });
}

// The listed voice a wrong name most likely means: its canonical tag ("en-uk" → "en-gb"), else
// the nearest name.
std::string SuggestVoice(const std::string& base, const VoiceList& list) {
  const std::string canonical = CanonicalTag(base);
  if (!canonical.empty() && IsBaseVoice(canonical, list)) {
    for (const VoiceInfo& v : list.voices)
      if (SameIgnoringCase(v.name, canonical)) return v.name;
  }
  return Nearest(base, NamesOf(list.voices));
}

// eSpeak's numbered variants: "3" → "m3", "12" → "f2", "0" → "" (none); the word itself otherwise.
std::string VariantFileName(const std::string& variant) {
  int number = 0;
  const char* end = variant.data() + variant.size();
  auto [at, error] = std::from_chars(variant.data(), end, number);
  if (variant.empty() || error != std::errc() || at != end) return variant;
  if (number == 0) return "";
  return number < 10 ? "m" + std::to_string(number) : "f" + std::to_string(number - 10);
}

// eSpeak finds variants by file name, so their case counts ("Alex", not "alex").
bool IsVariant(const std::string& variant, const VoiceList& list) {
  const std::string file = VariantFileName(variant);
  if (file.empty() && !variant.empty()) return true;  // "+0": no variant
  return std::any_of(list.variants.begin(), list.variants.end(),
                     [&](const VoiceInfo& v) { return v.name == file; });
}

std::string DidYouMean(const std::string& near) {
  return near.empty() ? "" : "; did you mean '" + near + "'?";
}

}  // namespace

VoiceList SortVoices(const std::vector<VoiceInfo>& listed) {
  VoiceList list;
  list.default_name = voices::VoiceSettings{}.name;
  VoiceInfo default_voice{list.default_name, "English", "", ""};
  for (const VoiceInfo& v : listed) {
    if (v.name.starts_with("+")) {
      list.variants.push_back(v);
      list.variants.back().name = v.name.substr(1);
      continue;
    }
    if (!v.identifier.empty() && FileName(v.identifier) == list.default_name)
      default_voice = VoiceInfo{list.default_name, v.description, v.gender, v.identifier};
    if (v.name != list.default_name) list.voices.push_back(v);
  }
  list.voices.push_back(default_voice);
  std::stable_sort(list.voices.begin(), list.voices.end(),
                   [](const VoiceInfo& a, const VoiceInfo& b) { return a.name < b.name; });
  std::stable_sort(
      list.variants.begin(), list.variants.end(),
      [](const VoiceInfo& a, const VoiceInfo& b) { return Lower(a.name) < Lower(b.name); });
  return list;
}

Result<VoiceList> ListVoices(Speaker& speaker) {
  auto listed = speaker.Voices();
  if (!listed.ok()) return listed.status();
  return SortVoices(*listed);
}

Status CheckVoiceName(const std::string& name, const VoiceList& list) {
  const std::size_t plus = name.find('+');
  const std::string base = name.substr(0, plus);
  if (!IsBaseVoice(base, list)) {
    return Status::Usage("unknown voice '" + base + "' (see 'narrate voices')" +
                         DidYouMean(SuggestVoice(base, list)));
  }
  if (plus == std::string::npos) return Status::Ok();
  const std::string variant = name.substr(plus + 1);
  if (IsVariant(variant, list)) return Status::Ok();
  return Status::Usage("unknown variant '" + variant + "' in '" + name +
                       "' (see 'narrate voices')" +
                       DidYouMean(Nearest(VariantFileName(variant), NamesOf(list.variants))));
}

std::string SpelledAsListed(const std::string& name, const VoiceList& list) {
  const std::size_t plus = name.find('+');
  std::string base = Lower(name.substr(0, plus));
  for (const VoiceInfo& v : list.voices)
    if (SameIgnoringCase(base, v.name)) base = v.name;
  if (plus == std::string::npos) return base;
  const std::string variant = VariantFileName(name.substr(plus + 1));
  return variant.empty() ? base : base + "+" + variant;
}

std::string DescribeVoice(const VoiceChoice& choice) {
  switch (choice.source) {
    case VoiceSource::kGiven:
      return choice.voice.name;
    case VoiceSource::kBookLanguage:
      return choice.voice.name + " (the book's language)";
    case VoiceSource::kDefault:
      break;
  }
  return choice.voice.name + " (default)";
}

}  // namespace narrate::app
