// Rules and tables for languages other than English: years, ordinals, regnal numbers, money
// and percentages with the locale's separators. Numbers come from ICU's own rule sets for the
// locale (%spellout-numbering-year, %spellout-ordinal-n, ...); month, currency and percent
// names come from ICU; each language adds only the small table ICU has no data for.
#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/numberformatter.h>
#include <unicode/uchar.h>
#include <unicode/ucurr.h>
#include <unicode/unistr.h>

#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// "août" -> "Août"
std::string Capitalize(const std::string& word) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
  if (u.isEmpty()) return word;
  UChar32 first = u.char32At(0);
  icu::UnicodeString head(static_cast<UChar32>(u_toupper(first)));
  return Utf8(head + u.tempSubString(U16_LENGTH(first)));
}

// Month names from ICU, wide and abbreviated: de "Oktober", "Okt." -> 10.
void AddIcuMonths(LocaleRules& r, const icu::Locale& loc) {
  UErrorCode status = U_ZERO_ERROR;
  icu::DateFormatSymbols symbols(loc, status);
  if (U_FAILURE(status)) return;
  using S = icu::DateFormatSymbols;
  for (auto context : {S::FORMAT, S::STANDALONE}) {
    for (auto width : {S::WIDE, S::ABBREVIATED}) {
      int32_t count = 0;
      const icu::UnicodeString* names = symbols.getMonths(count, context, width);
      for (int32_t k = 0; k < count && k < 12; ++k) {
        std::string name = Utf8(names[k]);
        if (width == S::ABBREVIATED && !name.ends_with(".")) name += '.';  // "ene" only as "ene."
        if (context == S::FORMAT && width == S::WIDE) r.month_names.push_back(name);
        r.months.emplace(name, k + 1);
        r.months.emplace(Capitalize(name), k + 1);
      }
    }
  }
}

// ICU's name for a currency: ("EUR", "de", "other") -> "Euro"; ("EUR", "fr", "other") -> "euros".
std::string IcuCurrencyName(const char16_t* iso, const std::string& language, const char* count) {
  UErrorCode status = U_ZERO_ERROR;
  UBool is_choice = false;
  int32_t len = 0;
  const UChar* name = ucurr_getPluralName(iso, language.c_str(), &is_choice, count, &len, &status);
  if (U_FAILURE(status) || !name) return "";
  return Utf8(icu::UnicodeString(name, len));
}

// "€", "EUR" -> ICU's singular and plural names for the euro in the language.
void AddIcuCurrencies(LocaleRules& r) {
  static constexpr struct {
    const char* symbol;
    const char16_t* iso;
  } kSymbols[] = {{"€", u"EUR"},   {"EUR", u"EUR"}, {"$", u"USD"}, {"USD", u"USD"}, {"£", u"GBP"},
                  {"GBP", u"GBP"}, {"CHF", u"CHF"}, {"¥", u"JPY"}, {"JPY", u"JPY"}};
  for (const auto& s : kSymbols) {
    std::string one = IcuCurrencyName(s.iso, r.language, "one");
    std::string other = IcuCurrencyName(s.iso, r.language, "other");
    if (!one.empty() && !other.empty()) r.currencies[s.symbol] = {one, other, "", ""};
  }
}

// ICU's full unit name for percent: de "Prozent", fr "pour cent", es "por ciento".
std::string IcuPercentWord(const icu::Locale& loc) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text = icu::number::NumberFormatter::withLocale(loc)
                                .unit(icu::MeasureUnit::getPercent())
                                .unitWidth(UNUM_UNIT_WIDTH_FULL_NAME)
                                .formatDouble(5, status)
                                .toString(status);
  if (U_FAILURE(status)) return "";
  std::string out = Utf8(text);
  size_t five = out.find('5');
  if (five == std::string::npos) return "";
  out.erase(five, 1);
  while (!out.empty() && out.front() == ' ') out.erase(0, 1);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.find_first_of("0123456789") == std::string::npos ? out : "";
}

// The symbol's everyday name where ICU's is formal ("US-Dollar"): de "$" -> "Dollar".
void SetCurrency(LocaleRules& r, const std::string& symbol, const std::string& one,
                 const std::string& other) {
  r.currencies[symbol] = {one, other, "", ""};
}

void AddGerman(LocaleRules& r) {
  IntlTables& t = r.intl;
  // "am 3. Oktober" -> "am dritten Oktober"; "der 3. Band" -> "der dritte Band"
  for (const char* w : {"am", "vom", "zum", "im", "beim", "dem", "den", "des", "zur", "einem",
                        "einen", "einer", "seit", "ab", "bis"})
    t.ordinal_after[w] = "%spellout-ordinal-n";
  for (const char* w : {"der", "die", "das", "eine"}) t.ordinal_after[w] = "%spellout-ordinal";
  t.ordinal_after["ein"] = "%spellout-ordinal-r";
  t.dotted_ordinal = "%spellout-ordinal-r";
  t.dotted_links = {"und", "oder", "bis", "-", "–"};
  t.regnal_article = "der";
  t.regnal_rule_set = "%spellout-ordinal";
  t.regnal_dative_after = {"unter", "Unter", "mit",  "Mit",  "von", "Von", "bei",  "Bei",
                           "zu",    "nach",  "seit", "Seit", "vor", "Vor", "gegen"};
  t.regnal_dative_article = "dem";
  t.regnal_dative_rule_set = "%spellout-ordinal-n";
  t.minor_singular = t.minor_plural = "Cent";
  SetCurrency(r, "$", "Dollar", "Dollar");
  SetCurrency(r, "£", "Pfund", "Pfund");
  r.numeral_keywords = {"kapitel", "band", "teil", "buch", "akt", "szene", "abschnitt"};
  r.year_context = {"im",     "Jahr",   "Jahre",    "Jahres",   "seit",   "bis",  "von",  "um",
                    "ab",     "Im",     "Seit",     "Bis",      "Von",    "Um",   "Ab",   "Sommer",
                    "Winter", "Herbst", "Frühjahr", "Frühling", "Anfang", "Ende", "Mitte"};
  r.regnal_names.insert({"Heinrich", "Friedrich", "Wilhelm", "Maximilian", "Franz", "Konrad",
                         "Albrecht", "Sigmund", "Johannes", "Innozenz", "Gregor", "Klemens", "Pius",
                         "Benedikt", "Leo", "Papst", "Kaiser", "König", "Ludwig"});
}

void AddFrench(LocaleRules& r) {
  IntlTables& t = r.intl;
  // "1er" -> "premier", "2e" -> "deuxième", "XVIIIe siècle" -> "dix-huitième siècle"
  for (const char* s : {"e", "è", "ème", "eme", "er", "ᵉ", "ᵉʳ", "nd", "d"})
    t.ordinal_suffixes[s] = "%spellout-ordinal-masculine";
  for (const char* s : {"re", "ère", "ʳᵉ", "nde", "de"})
    t.ordinal_suffixes[s] = "%spellout-ordinal-feminine";
  t.ordinal_suffixes["es"] = t.ordinal_suffixes["èmes"] = "%spellout-ordinal-masculine-plural";
  t.roman_suffixes = true;
  t.regnal_first = "%spellout-ordinal-masculine";  // "François I" -> "François premier"
  t.quantity_suffixes = {"s", "x"};                // "1500 hommes" counts men
  t.minor_singular = "centime";
  t.minor_plural = "centimes";
  SetCurrency(r, "$", "dollar", "dollars");
  SetCurrency(r, "£", "livre", "livres");
  r.numeral_keywords = {"chapitre", "tome", "livre", "acte", "scène", "partie", "volume"};
  r.year_context = {"en",       "En",  "depuis", "Depuis",    "année", "an",      "vers", "Vers",
                    "jusqu'en", "dès", "Dès",    "printemps", "été",   "automne", "hiver"};
  r.regnal_names.insert({"Louis", "Henri", "Charles", "François", "Philippe", "Napoléon", "Jean",
                         "Léon", "Pie", "Benoît", "Grégoire", "Clément", "Innocent", "Guillaume",
                         "Frédéric", "Édouard", "Jacques", "Pierre", "Paul"});
}

void AddSpanish(LocaleRules& r) {
  IntlTables& t = r.intl;
  // "1.º" -> "primero", "2.ª" -> "segunda", "3er" -> "tercer"
  for (const char* s : {".º", "º", ".o", "o", "ro", "do", "to", "vo", "no", "mo"})
    t.ordinal_suffixes[s] = "%spellout-ordinal-masculine";
  for (const char* s : {".ª", "ª", ".a", "a", "ra", "da", "ta", "va", "na", "ma"})
    t.ordinal_suffixes[s] = "%spellout-ordinal-feminine";
  t.ordinal_suffixes["er"] = "%spellout-ordinal-masculine-adjective";
  t.date_links = {"de", "del"};
  t.regnal_rule_set = "%spellout-ordinal-masculine";
  t.regnal_ordinal_max = 10;  // "Carlos V" -> "Carlos quinto"; "Alfonso XIII" -> "Alfonso trece"
  t.quantity_suffixes = {"s"};
  t.minor_singular = "céntimo";
  t.minor_plural = "céntimos";
  t.money_link = "con";
  SetCurrency(r, "$", "dólar", "dólares");
  SetCurrency(r, "£", "libra", "libras");
  r.numeral_keywords = {"siglo", "capítulo", "tomo", "libro", "acto", "escena", "parte"};
  r.year_context = {"en", "En", "desde", "Desde", "año", "hasta", "Hasta", "hacia", "Hacia"};
  r.regnal_names.insert({"Carlos", "Felipe", "Alfonso", "Fernando", "Juan", "Pedro", "Enrique",
                         "Jaime", "Sancho", "Pío", "Benedicto", "Gregorio", "León", "Luis",
                         "Clemente", "Inocencio", "Pablo", "Ramiro", "Ordoño"});
}

void AddItalian(LocaleRules& r) {
  IntlTables& t = r.intl;
  for (const char* s : {"º", ".º", "°"}) t.ordinal_suffixes[s] = "%spellout-ordinal-masculine";
  for (const char* s : {"ª", ".ª"}) t.ordinal_suffixes[s] = "%spellout-ordinal-feminine";
  t.regnal_rule_set = "%spellout-ordinal-masculine";  // "Vittorio Emanuele II" -> "secondo"
  t.quantity_suffixes = {"i", "e"};
  t.minor_singular = "centesimo";
  t.minor_plural = "centesimi";
  t.money_link = "e";
  SetCurrency(r, "$", "dollaro", "dollari");
  SetCurrency(r, "£", "sterlina", "sterline");
  r.numeral_keywords = {"capitolo", "libro", "atto", "scena", "parte", "volume"};
  r.year_context = {"nel", "Nel", "dal", "Dal", "al", "anno", "fino", "verso", "Verso"};
  r.regnal_names.insert({"Luigi", "Carlo", "Vittorio", "Emanuele", "Umberto", "Pio", "Giovanni",
                         "Paolo", "Leone", "Benedetto", "Gregorio", "Federico", "Enrico",
                         "Clemente", "Innocenzo", "Ferdinando", "Filippo"});
}

void AddDutch(LocaleRules& r) {
  IntlTables& t = r.intl;
  for (const char* s : {"e", "ste", "de"}) t.ordinal_suffixes[s] = "%spellout-ordinal";
  t.roman_suffixes = true;
  t.regnal_article = "de";
  t.regnal_rule_set = "%spellout-ordinal";  // "Willem III" -> "Willem de Derde"
  t.minor_singular = t.minor_plural = "cent";
  SetCurrency(r, "$", "dollar", "dollar");
  SetCurrency(r, "£", "pond", "pond");
  r.numeral_keywords = {"hoofdstuk", "deel", "boek", "bedrijf", "scène"};
  r.year_context = {"in", "In", "sinds", "Sinds", "jaar", "tot", "vanaf", "Vanaf", "rond"};
  r.regnal_names.insert({"Willem", "Lodewijk", "Karel", "Filips", "Hendrik", "Frederik"});
}

void AddPortuguese(LocaleRules& r) {
  IntlTables& t = r.intl;
  for (const char* s : {".º", "º", ".o"}) t.ordinal_suffixes[s] = "%spellout-ordinal-masculine";
  for (const char* s : {".ª", "ª", ".a"}) t.ordinal_suffixes[s] = "%spellout-ordinal-feminine";
  t.date_links = {"de"};
  t.regnal_rule_set = "%spellout-ordinal-masculine";
  t.regnal_ordinal_max = 10;  // "D. João VI" -> "sexto"; "Bento XVI" -> "dezesseis"
  t.quantity_suffixes = {"s"};
  t.minor_singular = "cêntimo";
  t.minor_plural = "cêntimos";
  t.money_link = "e";
  SetCurrency(r, "$", "dólar", "dólares");
  SetCurrency(r, "£", "libra", "libras");
  r.numeral_keywords = {"século", "capítulo", "livro", "ato", "cena", "parte", "tomo"};
  r.year_context = {"em", "Em", "desde", "Desde", "ano", "até", "Até"};
  r.regnal_names.insert({"João", "Pedro", "Afonso", "Manuel", "Sebastião", "Filipe", "José", "Luís",
                         "Carlos", "Bento", "Pio", "Gregório", "Leão", "Paulo"});
}

// Sentences whose language has no table here still get ICU's months, money and years.
void AddLanguageTable(LocaleRules& r) {
  static constexpr struct {
    const char* language;
    void (*add)(LocaleRules&);
  } kTables[] = {{"de", AddGerman},  {"fr", AddFrench}, {"es", AddSpanish},
                 {"it", AddItalian}, {"nl", AddDutch},  {"pt", AddPortuguese}};
  for (const auto& t : kTables)
    if (r.language == t.language) t.add(r);
}

// --- rule helpers ---

bool IsUpperRoman(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (std::string_view("IVXLCDM").find(c) == std::string_view::npos) return false;
  return true;
}

bool StartsUpper(std::string_view s) {
  if (s.empty()) return false;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s.substr(0, 4));
  return u_isupper(u.char32At(0));
}

// A month name at chunk k: "Oktober", "Okt." -> true
bool IsMonthAt(const Context& ctx, size_t k) {
  if (!ctx.Has(k)) return false;
  const Chunk& c = ctx.At(k);
  if (ctx.rules.months.count(c.core)) return true;
  return c.trail.starts_with(".") && ctx.rules.months.count(c.core + ".");
}

// fr "1 250,75" over two chunks -> "1250,75" and *used = 2; one chunk otherwise.
std::string JoinedNumber(const Context& ctx, size_t k, size_t* used) {
  std::string text = ctx.At(k).core;
  *used = 1;
  if (ctx.speller.GroupSeparator() != ' ' || !IsDigits(text) || text.size() > 3) return text;
  while (ctx.At(k + *used - 1).trail.empty() && ctx.Has(k + *used)) {
    const Chunk& next = ctx.At(k + *used);
    std::string_view head = std::string_view(next.core).substr(0, 3);
    if (!next.lead.empty() || next.core.size() < 3 || !IsDigits(head)) break;  // "42 c"
    if (next.core.size() > 3 && next.core[3] != ctx.speller.DecimalSeparator()) break;
    text += next.core;
    ++*used;
    if (next.core.size() > 3) break;
  }
  return text;
}

// "1.250" -> 1250 (de), "1250" -> 1250; nullopt for "1,5" or text.
std::optional<int64_t> WholeValue(const Speller& sp, std::string_view text) {
  std::string digits;
  for (size_t k = 0; k < text.size(); ++k) {
    if (IsAsciiDigit(text[k]))
      digits += text[k];
    else if (text[k] != sp.GroupSeparator() || k == 0)
      return std::nullopt;
  }
  return ParseSmallInt(digits);
}

// 1 -> de "ein", fr "un", es "un" (the masculine form before a noun); 21 -> es "veintiún".
std::string CountWord(const Speller& sp, int64_t v) {
  static const std::string kMasculine = "%spellout-cardinal-masculine";
  return sp.HasRuleSet(kMasculine) ? sp.Spell(v, kMasculine) : sp.Cardinal(v);
}

// A number before a noun: "1.250" -> "eintausendzweihundertfünfzig"; "3,5" -> "drei Komma fünf".
std::optional<std::string> CountPhrase(const Speller& sp, std::string_view text) {
  if (auto v = WholeValue(sp, text)) return CountWord(sp, *v);
  return sp.Number(text);
}

// ("1.250,75", euro) -> de "eintausendzweihundertfünfzig Euro fünfundsiebzig";
// ("0,50", euro) -> "fünfzig Cent"; ("12,–", euro) -> "zwölf Euro".
std::optional<std::string> SpeakAmount(const Context& ctx, std::string_view text,
                                       const Currency& c) {
  const Speller& sp = ctx.speller;
  const IntlTables& t = ctx.rules.intl;
  size_t sep = text.rfind(sp.DecimalSeparator());
  std::string_view whole = text.substr(0, sep), minor;
  if (sep != std::string_view::npos) minor = text.substr(sep + 1);
  if (minor == "-" || minor == "–" || minor == "—" || minor == "00") minor = {};
  if (!minor.empty() && (minor.size() > 2 || !IsDigits(minor))) return std::nullopt;
  auto major = whole.empty() ? std::optional<int64_t>(0) : WholeValue(sp, whole);
  if (!major) return std::nullopt;
  int64_t cents = minor.empty() ? 0 : *ParseSmallInt(minor) * (minor.size() == 1 ? 10 : 1);
  if (*major == 0 && cents > 0 && !t.minor_plural.empty())
    return CountWord(sp, cents) + " " + (cents == 1 ? t.minor_singular : t.minor_plural);
  std::string out = CountWord(sp, *major) + " " + (*major == 1 ? c.singular : c.plural);
  if (cents > 0)
    out += " " + (t.money_link.empty() ? "" : t.money_link + " ") + CountWord(sp, cents);
  return out;
}

const Currency* FindCurrency(const LocaleRules& r, const std::string& symbol) {
  auto it = r.currencies.find(symbol);
  return it == r.currencies.end() ? nullptr : &it->second;
}

// "12,50€" -> {"12,50", euro}; "€12,50" -> the same; "€" alone -> nullopt
std::optional<std::pair<std::string, const Currency*>> AttachedAmount(const LocaleRules& r,
                                                                      const std::string& core) {
  for (const auto& [sym, cur] : r.currencies) {
    if (core.size() <= sym.size()) continue;
    if (core.starts_with(sym) && IsAsciiDigit(core[sym.size()]))
      return std::make_pair(core.substr(sym.size()), &cur);
    if (core.ends_with(sym) && IsAsciiDigit(core[core.size() - sym.size() - 1]))
      return std::make_pair(core.substr(0, core.size() - sym.size()), &cur);
  }
  return std::nullopt;
}

// The regnal number as said: de "der Vierzehnte" ("unter Karl dem Fünften"), es "quinto" /
// "trece", fr "quatorze".
std::string SpeakRegnal(const Context& ctx, int value) {
  const IntlTables& t = ctx.rules.intl;
  const Speller& sp = ctx.speller;
  if (value == 1 && !t.regnal_first.empty()) return sp.Spell(1, t.regnal_first);
  if (t.regnal_rule_set.empty() || value > t.regnal_ordinal_max) return sp.Cardinal(value);
  bool dative = ctx.i > 1 && ctx.At(ctx.i - 2).trail.empty() &&
                t.regnal_dative_after.count(ctx.At(ctx.i - 2).core);
  std::string ordinal = sp.Spell(value, dative ? t.regnal_dative_rule_set : t.regnal_rule_set);
  if (t.regnal_article.empty()) return ordinal;
  if (!ordinal.empty() && ordinal[0] >= 'a' && ordinal[0] <= 'z') ordinal[0] -= 'a' - 'A';
  return (dative ? t.regnal_dative_article : t.regnal_article) + " " + ordinal;
}

// The ICU rule set an "N." ordinal takes from the words before it: de "am 3." -> "-n".
std::optional<std::string> DottedOrdinalSet(const Context& ctx) {
  const IntlTables& t = ctx.rules.intl;
  size_t k = ctx.i;
  while (k > 0) {
    const Chunk& p = ctx.At(k - 1);
    bool dotted_number = IsDigits(p.core) && p.trail == ".";
    if (!dotted_number && !(t.dotted_links.count(p.core) && p.trail.empty())) break;
    --k;
  }
  if (k > 0 && ctx.At(k - 1).trail.empty()) {
    auto it = t.ordinal_after.find(ToLower(ctx.At(k - 1).core));
    if (it != t.ordinal_after.end()) return it->second;
  }
  return std::nullopt;
}

// True when a month follows chunk i across "und 4." links: de "3. und 4. Mai".
bool MonthFollows(const Context& ctx) {
  size_t k = ctx.i + 1;
  while (ctx.Has(k) && (ctx.rules.intl.dotted_links.count(ctx.At(k).core) ||
                        (IsDigits(ctx.At(k).core) && ctx.At(k).trail == ".")))
    ++k;
  return IsMonthAt(ctx, k);
}
}  // namespace

std::unique_ptr<LocaleRules> MakeIntlRules(const std::string& language) {
  auto r = std::make_unique<LocaleRules>();
  r->language = language;
  icu::Locale loc(language.c_str());
  AddIcuMonths(*r, loc);
  AddIcuCurrencies(*r);
  r->intl.percent = IcuPercentWord(loc);
  r->regnal_names = EnglishRules().regnal_names;
  AddLanguageTable(*r);
  return r;
}

// de "1.250,75 €" -> "eintausendzweihundertfünfzig Euro fünfundsiebzig"; fr "1 250 €"
std::optional<Rewrite> RuleIntlMoney(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (!IsAsciiDigit(cur.core[0]) && !ctx.rules.currencies.count(cur.core) &&
      !ctx.rules.currencies.count(cur.core.substr(0, 1)) && !cur.core.starts_with("€") &&
      !cur.core.starts_with("£") && !cur.core.starts_with("¥"))
    return std::nullopt;
  if (auto attached = AttachedAmount(ctx.rules, cur.core)) {
    if (auto s = SpeakAmount(ctx, attached->first, *attached->second)) return Rewrite{*s};
  }
  Rewrite r;
  if (const Currency* c = FindCurrency(ctx.rules, cur.core);
      c && cur.trail.empty() && ctx.Has(ctx.i + 1)) {
    size_t used = 0;
    std::string amount = JoinedNumber(ctx, ctx.i + 1, &used);
    auto s = SpeakAmount(ctx, amount, *c);
    if (!s) return std::nullopt;
    r.spoken = *s;
    r.consumed = used + 1;
    return r;
  }
  size_t used = 0;
  std::string amount = JoinedNumber(ctx, ctx.i, &used);
  if (!ctx.At(ctx.i + used - 1).trail.empty() || !ctx.Has(ctx.i + used)) return std::nullopt;
  const Currency* c = FindCurrency(ctx.rules, ctx.At(ctx.i + used).core);
  if (!c || !ctx.At(ctx.i + used).lead.empty()) return std::nullopt;
  auto s = SpeakAmount(ctx, amount, *c);
  if (!s) return std::nullopt;
  r.spoken = *s;
  r.consumed = used + 1;
  return r;
}

// de "3,5 %" -> "drei Komma fünf Prozent"; fr "12,5 %" -> "douze virgule cinq pour cent"
std::optional<Rewrite> RuleIntlPercent(const Context& ctx) {
  const std::string& percent = ctx.rules.intl.percent;
  const Chunk& cur = ctx.Cur();
  if (percent.empty() || !IsAsciiDigit(cur.core[0])) return std::nullopt;
  Rewrite r;
  std::string amount;
  if (cur.core.size() > 1 && cur.core.back() == '%') {
    amount = cur.core.substr(0, cur.core.size() - 1);
  } else {
    size_t used = 0;
    amount = JoinedNumber(ctx, ctx.i, &used);
    size_t sign = ctx.i + used;
    if (!ctx.At(sign - 1).trail.empty() || !ctx.Has(sign) || ctx.At(sign).core != "%")
      return std::nullopt;
    r.consumed = used + 1;
  }
  auto n = CountPhrase(ctx.speller, amount);
  if (!n) return std::nullopt;
  r.spoken = *n + " " + percent;
  return r;
}

// fr "1er" -> "premier", "XVIIIe siècle" -> "dix-huitième siècle"; es "3er" -> "tercer"
std::optional<Rewrite> RuleIntlSuffixOrdinal(const Context& ctx) {
  const IntlTables& t = ctx.rules.intl;
  const std::string& core = ctx.Cur().core;
  if (t.ordinal_suffixes.empty() || ctx.shouting || core.size() < 2) return std::nullopt;
  const std::string* best_suffix = nullptr;
  const std::string* best_set = nullptr;
  for (const auto& [suffix, set] : t.ordinal_suffixes) {
    if (core.size() > suffix.size() && core.ends_with(suffix) &&
        (!best_suffix || suffix.size() > best_suffix->size())) {
      best_suffix = &suffix;
      best_set = &set;
    }
  }
  if (!best_suffix) return std::nullopt;
  std::string stem = core.substr(0, core.size() - best_suffix->size());
  std::optional<int64_t> value;
  if (IsDigits(stem) && stem.size() <= 6) {
    value = ParseSmallInt(stem);
  } else if (t.roman_suffixes && IsUpperRoman(stem)) {
    // "Ier", "XIVe", "Ve"; never "Le", "De", "Ce", "Me" (words) nor "Ver".
    bool short_ok = stem.size() > 1 || stem == "I" || stem == "V" || stem == "X";
    bool first_only = best_suffix->find('r') != std::string::npos;
    if (short_ok && (!first_only || stem == "I")) value = ParseRoman(stem);
  }
  if (!value || *value == 0) return std::nullopt;
  return Rewrite{ctx.speller.Spell(*value, *best_set)};
}

// de "am 3. Oktober" -> "am dritten Oktober"; "3. Oktober" -> "dritter Oktober";
// "im 19. Jahrhundert" -> "im neunzehnten Jahrhundert"
std::optional<Rewrite> RuleIntlDottedOrdinal(const Context& ctx) {
  const IntlTables& t = ctx.rules.intl;
  const Chunk& cur = ctx.Cur();
  if (t.dotted_ordinal.empty() || cur.trail != "." || !IsDigits(cur.core) || cur.core.size() > 4 ||
      !ctx.Has(ctx.i + 1))
    return std::nullopt;
  auto set = DottedOrdinalSet(ctx);
  bool month = MonthFollows(ctx);
  const Chunk& next = ctx.At(ctx.i + 1);
  bool noun_or_link = StartsUpper(next.core) || t.dotted_links.count(next.core) ||
                      (IsDigits(next.core) && next.trail == ".");
  if (!(month || (set && noun_or_link))) return std::nullopt;
  Rewrite r{ctx.speller.Spell(*ParseSmallInt(cur.core), set.value_or(t.dotted_ordinal))};
  r.trail = "";
  return r;
}

// de "Ludwig XIV." -> "Ludwig der Vierzehnte"; es "Carlos V" -> "Carlos quinto";
// fr "Louis XIV" -> "Louis quatorze"; es "siglo XIX" -> "siglo diecinueve"
std::optional<Rewrite> RuleIntlRegnal(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (ctx.i == 0 || !IsUpperRoman(cur.core) || !ctx.At(ctx.i - 1).trail.empty())
    return std::nullopt;
  const std::string& prev = ctx.At(ctx.i - 1).core;
  auto value = ParseRoman(cur.core);
  if (!value) return std::nullopt;
  if (ctx.rules.numeral_keywords.count(ToLower(prev))) return Rewrite{ctx.speller.Cardinal(*value)};
  if (!ctx.rules.regnal_names.count(prev) || *value > 40) return std::nullopt;
  Rewrite r{SpeakRegnal(ctx, *value)};
  // The German ordinal dot goes unless the sentence ends there: "Karl V. starb" -> "Karl der Fünfte
  // starb".
  bool dotted = !ctx.rules.intl.dotted_ordinal.empty() && cur.trail == ".";
  if (dotted && ctx.Has(ctx.i + 1) && !StartsUpper(ctx.At(ctx.i + 1).core)) r.trail = "";
  return r;
}

// de "1990" -> "neunzehnhundertneunzig"; "im Jahr 1066" -> "im Jahr tausendsechsundsechzig";
// "1990er" -> "neunzehnhundertneunziger"
std::optional<Rewrite> RuleIntlYear(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  const Speller& sp = ctx.speller;
  if (core.size() < 4 || !IsAsciiDigit(core[0]) || !IsYearShape(core.substr(0, 4)))
    return std::nullopt;
  int64_t v = *ParseSmallInt(core.substr(0, 4));
  if (sp.Year(1) != sp.Cardinal(1)) return std::nullopt;  // ru: the year set is an ordinal
  if (core.size() > 4) {
    // "1990er" and "1920er-Jahre" (de): the decade adjective
    if (ctx.rules.language != "de" || core.substr(4, 2) != "er") return std::nullopt;
    std::string rest = core.substr(6);
    if (!rest.empty() && rest[0] != '-') return std::nullopt;
    return Rewrite{sp.Year(v) + "er" + (rest.empty() ? "" : " " + rest.substr(1))};
  }
  bool context = false;
  if (ctx.i > 0 && (ctx.At(ctx.i - 1).trail.empty() || ctx.At(ctx.i - 1).trail == "," ||
                    ctx.At(ctx.i - 1).trail == ".")) {
    const std::string& prev = ctx.At(ctx.i - 1).core;
    bool linked = ctx.rules.intl.date_links.count(prev) && ctx.i > 1 && IsMonthAt(ctx, ctx.i - 2);
    context = (ctx.rules.year_context.count(prev) && ctx.At(ctx.i - 1).trail.empty()) ||
              IsMonthAt(ctx, ctx.i - 1) || linked;
  }
  bool plain = v >= 1100 && v <= 2099;
  if (!context && plain && ctx.Cur().trail.empty() && ctx.Has(ctx.i + 1)) {
    const std::string& next = ctx.At(ctx.i + 1).core;  // fr "1500 hommes" counts men
    for (const auto& s : ctx.rules.intl.quantity_suffixes)
      if (next.size() > 2 && next.ends_with(s) && !StartsUpper(next)) return std::nullopt;
  }
  if (!(plain || (context && v >= 1000 && v <= 2999))) return std::nullopt;
  return Rewrite{sp.Year(v)};
}

// fr "3 000 soldats" -> "trois mille soldats" (groups joined across the space)
std::optional<Rewrite> RuleIntlNumber(const Context& ctx) {
  size_t used = 0;
  std::string joined = JoinedNumber(ctx, ctx.i, &used);
  if (used < 2) return std::nullopt;
  auto n = ctx.speller.Number(joined);
  if (!n) return std::nullopt;
  Rewrite r{*n};
  r.consumed = used;
  return r;
}

}  // namespace narrate::text::internal
