// SuggestCast: a first cast from the names that speak in a book, read from
// the same attributions as the "explicit" rule but with capitalised words in
// place of cast names.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "voices/quotation_text.h"

namespace narrate::voices {
namespace {

using internal::Token;

bool IsTitle(std::string_view w) {
  static const std::set<std::string_view> kTitles = {
      "Mr",      "Mrs",    "Miss",   "Ms",       "Dr",        "Sir",  "Lady",  "Lord",   "Captain",
      "Colonel", "Mister", "Madame", "Monsieur", "Professor", "Aunt", "Uncle", "Father", "Mother"};
  return kTitles.count(w) > 0;
}
Gender TitleGender(std::string_view w) {
  static const std::set<std::string_view> kMale = {"Mr",       "Sir",   "Lord",  "Mister",
                                                   "Monsieur", "Uncle", "Father"};
  static const std::set<std::string_view> kFemale = {"Mrs",    "Miss", "Ms",    "Lady",
                                                     "Madame", "Aunt", "Mother"};
  return kMale.count(w) ? Gender::kMale : kFemale.count(w) ? Gender::kFemale : Gender::kUnknown;
}

struct Reader {
  std::string_view text;
  const std::vector<Token>& tokens;
  std::string_view At(std::size_t i) const {
    return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  }
  bool Capital(std::size_t i) const {
    return i < tokens.size() && tokens[i].quote < 0 && tokens[i].word &&
           std::isupper(static_cast<unsigned char>(text[tokens[i].begin])) != 0;
  }
  // The capitalised name starting at i ("Mr. Darcy", "Elizabeth Bennet"): its end, or i.
  std::size_t Name(std::size_t i) const {
    std::size_t j = i;
    if (Capital(j) && IsTitle(At(j))) {
      ++j;
      if (j < tokens.size() && At(j) == ".") ++j;
    }
    while (Capital(j) && !internal::IsSpeechVerb(internal::Lower(At(j)))) {
      if (Possessive(At(j))) return i;  // "Scrooge's nephew said": the nephew speaks
      ++j;
    }
    if (j == i || (j == i + 1 && At(i) == "I")) return i;
    // "And Scrooge said", "He said": no name starts there ("The Hatter" does).
    if (SentenceWord(At(i)) && !(At(i) == "The" && j > i + 1)) return i;
    return j;
  }
  // "Scrooge's" → true, "Scrooge" → false (straight or curly apostrophe).
  static bool Possessive(std::string_view w) {
    return w.ends_with("'s") || w.ends_with("\u2019s") || w.ends_with("'S");
  }
  // A capitalised word that opens sentences, never a name: "And" → true, "Kirk" → false.
  static bool SentenceWord(std::string_view w) {
    static const std::set<std::string_view> kWords = {
        "A",    "An",   "And",   "As",    "At",   "But",   "For",  "He",   "Her", "His",
        "How",  "If",   "In",    "It",    "Its",  "Now",   "Of",   "Oh",   "On",  "Or",
        "She",  "So",   "That",  "The",   "Then", "There", "They", "This", "To",  "Well",
        "What", "When", "Where", "While", "Who",  "Why",   "With", "Yes",  "Yet", "You"};
    return kWords.contains(w);
  }
  std::string Text(std::size_t b, std::size_t e) const {
    return std::string(text.substr(tokens[b].begin, tokens[e - 1].end - tokens[b].begin));
  }
  bool Verb(std::size_t i) const {
    return i < tokens.size() && tokens[i].quote < 0 &&
           internal::IsSpeechVerb(internal::Lower(At(i)));
  }
};

struct Tally {
  int quotations = 0;
  int male = 0, female = 0;
  Gender title = Gender::kUnknown;
};

// "said Kirk" / "Kirk said" right after a quotation's closing mark.
void CountSpeakers(const Reader& r, std::map<std::string, Tally>& tally) {
  for (std::size_t i = 1; i < r.tokens.size(); ++i) {
    if (r.tokens[i].quote >= 0 || r.tokens[i - 1].quote < 0) continue;
    std::size_t j = i;
    while (j < r.tokens.size() && !r.tokens[j].word && r.tokens[j].quote < 0) ++j;
    std::size_t b = r.Verb(j) ? j + 1 : j;
    std::size_t e = r.Name(b);
    if (e == b || (b == j && !r.Verb(e))) continue;
    Tally& t = tally[r.Text(b, e)];
    ++t.quotations;
    t.title = TitleGender(r.At(b));
  }
}

// The pronoun after each mention of a known name: "Kirk ... he".
void CountPronouns(const Reader& r, std::map<std::string, Tally>& tally) {
  for (std::size_t i = 0; i < r.tokens.size(); ++i) {
    std::size_t e = r.Name(i);
    if (e == i) continue;
    auto it = tally.find(r.Text(i, e));
    if (it == tally.end()) continue;
    for (std::size_t k = e; k < r.tokens.size() && k < e + 12; ++k) {
      std::string w = internal::Lower(r.At(k));
      if (w == "he" || w == "his" || w == "him") ++it->second.male;
      if (w == "she" || w == "her") ++it->second.female;
      if (w == "he" || w == "his" || w == "him" || w == "she" || w == "her") break;
    }
    i = e - 1;
  }
}

template <typename F>
void EachParagraph(const std::vector<std::vector<std::string_view>>& chapters, F f) {
  for (const auto& chapter : chapters) {
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> ranges(chapter.size());
    for (const Quotation& q : FindQuotations(chapter))
      ranges[q.paragraph].emplace_back(q.begin, q.end);
    for (std::size_t p = 0; p < chapter.size(); ++p) {
      std::vector<Token> tokens = internal::Tokenize(chapter[p], ranges[p]);
      f(Reader{chapter[p], tokens});
    }
  }
}

std::string LastWord(const std::string& name) {
  std::size_t s = name.find_last_of(" .");
  return s == std::string::npos ? name : name.substr(s + 1);
}

// The longer name that `name` is short for ("Darcy" for "Mr. Darcy"), if one.
// A titled name is its own person ("Mr. Weston" is not "Mrs. Weston").
const std::string* LongerForm(const std::string& name, const std::map<std::string, Tally>& t) {
  std::size_t space = name.find_first_of(" .");
  if (space != std::string::npos && IsTitle(name.substr(0, space))) return nullptr;
  const std::string* found = nullptr;
  for (const auto& [other, tally] : t) {
    if (other.size() <= name.size()) continue;
    bool same = LastWord(other) == LastWord(name) || other.rfind(name + " ", 0) == 0;
    if (!same) continue;
    if (found != nullptr) return nullptr;  // two candidates: leave it
    found = &other;
  }
  return found;
}

std::string MakeId(const std::string& name, std::set<std::string>& used) {
  std::string id;
  for (char c : LastWord(name))
    if (std::isalnum(static_cast<unsigned char>(c)))
      id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (id.empty()) id = "character";
  std::string unique = id;
  for (int n = 2; used.count(unique) > 0; ++n) unique = id + "-" + std::to_string(n);
  used.insert(unique);
  return unique;
}

}  // namespace

std::vector<Character> SuggestCast(const std::vector<std::vector<std::string_view>>& chapters,
                                   int min_quotations) {
  std::map<std::string, Tally> tally;
  EachParagraph(chapters, [&](const Reader& r) { CountSpeakers(r, tally); });
  EachParagraph(chapters, [&](const Reader& r) { CountPronouns(r, tally); });
  std::map<std::string, std::vector<std::string>> aliases;  // longest form → shorter ones
  std::map<std::string, Tally> merged;
  for (const auto& [name, t] : tally) {
    const std::string* longer = LongerForm(name, tally);
    const std::string& key = longer != nullptr ? *longer : name;
    Tally& m = merged[key];
    m.quotations += t.quotations;
    m.male += t.male;
    m.female += t.female;
    if (t.title != Gender::kUnknown) m.title = t.title;
    if (longer != nullptr) aliases[key].push_back(name);
  }
  std::vector<std::pair<std::string, Tally>> order(merged.begin(), merged.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second.quotations > b.second.quotations;
  });
  std::vector<Character> out;
  std::set<std::string> used;
  for (const auto& [name, t] : order) {
    if (t.quotations < min_quotations) break;
    Character c;
    c.id = MakeId(name, used);
    c.names = {name};
    for (const std::string& a : aliases[name]) c.names.push_back(a);
    c.gender = t.title != Gender::kUnknown ? t.title
               : t.male > 2 * t.female     ? Gender::kMale
               : t.female > 2 * t.male     ? Gender::kFemale
                                           : Gender::kUnknown;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace narrate::voices
