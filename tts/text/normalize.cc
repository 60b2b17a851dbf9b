// The normaliser: clean Unicode, split into chunks, rewrite each with the locale's
// ordered rule list (first match wins), then tidy spacing into one line.
#include "tts/text/normalize.h"

#include <algorithm>

#include <unicode/locid.h>

#include "tts/text/internal.h"

namespace narrate::text {
using internal::Chunk;
using internal::Context;
using internal::Rewrite;

struct Normalizer::Impl {
  std::unique_ptr<internal::Speller> speller;
  std::unique_ptr<internal::Sanitizer> sanitizer;
  const internal::LocaleRules* rules = nullptr;
  bool day_first = false;  // numeric dates read day first ("1/4" = 1 April), from the region
};

namespace {
// A heading such as "CHAPTER XII THE RETURN": most letters are capitals.
bool IsShouting(const std::vector<Chunk>& chunks) {
  size_t upper = 0, lower = 0;
  for (const Chunk& c : chunks) {
    for (char ch : c.core) {
      if (ch >= 'A' && ch <= 'Z') ++upper;
      if (ch >= 'a' && ch <= 'z') ++lower;
    }
  }
  return chunks.size() >= 3 && upper >= 8 && lower * 5 < upper;
}

Rewrite RewriteAt(const Context& ctx) {
  if (!ctx.Cur().core.empty()) {
    // Most words of a book are plain lowercase words, which few rules can rewrite.
    const bool plain = internal::IsLowerLetters(ctx.Cur().core);
    for (internal::Rule rule : plain ? internal::WordRulesFor(ctx.rules)
                                     : internal::RulesFor(ctx.rules)) {
      if (auto r = rule(ctx)) return *r;
    }
  }
  return Rewrite{ctx.Cur().core};
}

bool IsClosingPunct(char c) {
  return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?';
}

// Footnote and omission marks, which eSpeak would read out as "asterisk".
// Asterisks after a word or its punctuation go ("the sea.* Hence" -> "the sea.
// Hence"), and before a word ("*See below" -> "See below"); a chunk of
// asterisks alone goes at the paragraph's ends, beside another such chunk or
// after punctuation ("WHALE. * * * Sw." -> "WHALE. Sw."), and stays between
// words ("Press * to go": eSpeak says "asterisk"). "5 * 3" is RuleBy's.
bool AsterisksOnly(const Chunk& c) {
  return c.core.empty() && c.trail.empty() && !c.lead.empty() &&
         c.lead.find_first_not_of('*') == std::string::npos;
}

bool IsOmissionMark(const std::vector<Chunk>& chunks, size_t i) {
  if (!AsterisksOnly(chunks[i])) return false;
  if (i == 0 || i + 1 == chunks.size() || AsterisksOnly(chunks[i + 1])) return true;
  const Chunk& before = chunks[i - 1];
  if (AsterisksOnly(before)) return true;
  return !before.trail.empty() &&
         (IsClosingPunct(before.trail.back()) || before.trail.back() == '*');
}

// Appends s to out without its asterisks: "sea.*" -> "sea.".
void AppendWithoutAsterisks(std::string& out, std::string_view s) {
  for (char c : s)
    if (c != '*') out += c;
}

// "for , what ?" -> "for, what?"; ", ," -> ","; "Stop! , he" -> "Stop! he"; no leading comma.
std::string Tidy(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    if (IsClosingPunct(c) && !out.empty() && out.back() == ' ') out.pop_back();
    if (c == ',' && !out.empty() && IsClosingPunct(out.back())) continue;
    if (c == ',' && out.empty()) continue;
    out += c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ',')) out.pop_back();
  return out;
}
}  // namespace

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::Normalizer(Normalizer&&) noexcept = default;
Normalizer& Normalizer::operator=(Normalizer&&) noexcept = default;
Normalizer::~Normalizer() = default;

Result<Normalizer> Normalizer::Create(const NormalizeOptions& options) {
  std::string error;
  auto impl = std::make_unique<Impl>();
  icu::Locale locale(options.locale.c_str());
  std::string language = locale.getLanguage();
  impl->speller = internal::Speller::Create(language.empty() ? options.locale : language, &error);
  if (!impl->speller) return Status::Error(error);
  impl->sanitizer = internal::Sanitizer::Create(&error);
  if (!impl->sanitizer) return Status::Error(error);
  impl->rules = language == "en" ? &internal::EnglishRules() : &internal::GenericRules(language);
  impl->day_first = !impl->rules->month_first_regions.count(locale.getCountry());
  return Normalizer(std::move(impl));
}

// "Capt. Kirk reached Capella IV in 2267." -> "Captain Kirk reached Capella four in twenty two sixty seven."
std::string Normalizer::Normalize(std::string_view paragraph) const {
  if (!impl_) return "";
  std::string clean = impl_->sanitizer->Clean(paragraph);
  std::vector<Chunk> chunks = internal::SplitChunks(clean);
  bool shouting = IsShouting(chunks);
  const internal::ParagraphScan scan = internal::ParagraphScan::Of(chunks);
  std::string out;
  out.reserve(clean.size() + clean.size() / 4);
  for (size_t i = 0; i < chunks.size();) {
    if (IsOmissionMark(chunks, i)) {
      ++i;
      continue;
    }
    Context ctx{chunks, i, *impl_->rules, *impl_->speller, shouting, impl_->day_first, &scan};
    Rewrite r = RewriteAt(ctx);
    size_t n = std::max<size_t>(1, std::min(r.consumed, chunks.size() - i));
    const std::string& lead = r.lead ? *r.lead : chunks[i].lead;
    if (chunks[i].core.empty()) {
      out += lead;
    } else {
      AppendWithoutAsterisks(out, lead);
    }
    out += r.spoken;
    AppendWithoutAsterisks(out, r.trail ? *r.trail : chunks[i + n - 1].trail);
    out += ' ';
    i += n;
  }
  return Tidy(out);
}

}  // namespace narrate::text
