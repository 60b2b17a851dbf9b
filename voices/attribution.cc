// Attributing quotations to a cast's characters, precision first (the rules
// are in quotations.h). One pass over the chapter's tokens, then two passes
// over its paragraphs: linear in the chapter's size.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <unordered_map>

#include "voices/quotation_text.h"

namespace narrate::voices {
namespace {

using internal::Found;
using internal::Token;

constexpr int kNone = -1;       // no speaker known
constexpr int kAmbiguous = -2;  // a name two characters share
constexpr int kStranger = -3;   // someone outside the cast ("said the stranger")

// A cast's names as token sequences, looked up by their first word.
class NameIndex {
 public:
  explicit NameIndex(const Cast& cast);
  // The longest name starting at token i (within one quotation or narration
  // run): its length in tokens (0: none) and its character (or kAmbiguous).
  // For a shared description ("the doctor"), `owners` (when given) is whom it may be.
  std::size_t Match(std::string_view text, const std::vector<Token>& tokens, std::size_t i,
                    int& speaker, const std::set<int>** owners = nullptr) const;

 private:
  struct Alias {
    std::vector<std::string> words;
    std::vector<std::string> lower;  // the words in lower case ("the Mariner": "the mariner")
    int speaker = kNone;
    bool shared = false;  // "The Doctor" when another is "Doctor Losberne": "the doctor" is either
    std::set<int> owners;  // when shared: whom it may be
  };
  void MarkShared(const Cast& cast);
  void AddOwnWords(const Cast& cast);
  bool HasAlias(const std::string& word) const {
    auto it = by_first_.find(word);
    return it != by_first_.end() && std::any_of(it->second.begin(), it->second.end(),
                                                [](const Alias& a) { return a.words.size() == 1; });
  }
  void Add(const std::string& name, int speaker);
  std::unordered_map<std::string, std::vector<Alias>> by_first_;
};

std::string_view Text(std::string_view s, const Token& t) {
  return s.substr(t.begin, t.end - t.begin);
}

void NameIndex::Add(const std::string& name, int speaker) {
  std::vector<std::string> words;
  for (const Token& t : internal::Tokenize(name, {})) words.emplace_back(Text(name, t));
  if (words.empty()) return;
  std::vector<std::string> keys = {words[0]};
  if (words[0] == "The") keys.push_back("the");                 // "The Hatter": "said the Hatter"
  if (std::islower(static_cast<unsigned char>(words[0][0]))) {  // "the captain": "The captain"
    keys.push_back(words[0]);
    keys.back()[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0][0])));
  }
  std::vector<std::string> lower;
  for (const std::string& w : words) lower.push_back(internal::Lower(w));
  for (const std::string& key : keys) {
    std::vector<Alias>& list = by_first_[key];
    auto same = std::find_if(list.begin(), list.end(), [&](const Alias& a) {
      return std::equal(a.lower.begin() + 1, a.lower.end(), lower.begin() + 1, lower.end());
    });
    if (same != list.end()) {
      if (same->speaker != speaker) same->speaker = kAmbiguous;
      continue;
    }
    list.push_back({words, lower, speaker, false, {}});
    std::stable_sort(list.begin(), list.end(), [](const Alias& a, const Alias& b) {
      return a.words.size() > b.words.size();
    });
  }
}

NameIndex::NameIndex(const Cast& cast) {
  for (std::size_t c = 0; c < cast.characters.size(); ++c)
    for (const std::string& name : cast.characters[c].names) Add(name, static_cast<int>(c));
  MarkShared(cast);
  AddOwnWords(cast);
}

// Which characters' names hold each word, in lower case.
std::map<std::string, std::set<int>> WordOwners(const Cast& cast) {
  std::map<std::string, std::set<int>> owners;
  for (std::size_t c = 0; c < cast.characters.size(); ++c)
    for (const std::string& name : cast.characters[c].names)
      for (const Token& t : internal::Tokenize(name, {}))
        if (t.word) owners[internal::Lower(Text(name, t))].insert(static_cast<int>(c));
  return owners;
}

// Words no name stands on alone: titles and epithets ("Mr.", "Colonel", "Young").
bool IsTitleWord(const std::string& lower) {
  static const std::set<std::string> kWords = {
      "mr",        "mrs",      "miss",      "ms",       "sir",   "lady",       "lord",
      "dr",        "doctor",   "captain",   "colonel",  "major", "general",    "inspector",
      "professor", "father",   "mother",    "aunt",     "uncle", "old",        "young",
      "little",    "madame",   "monsieur",  "mme",      "the",   "saint",      "st",
      "rev",       "reverend", "master",    "mistress", "king",  "queen",      "prince",
      "princess",  "count",    "countess",  "baron",    "duke",  "duchess",    "de",
      "van",       "von",      "der",       "la",       "le",    "lieutenant", "sergeant",
      "corporal",  "admiral",  "commander", "judge",    "nurse", "mister",     "yeoman",
      "private",   "officer"};
  return kWords.count(lower) > 0;
}

// A family name alone, among a man and women of the family, is the man's:
// "said Bounderby" beside Josiah and Mrs. Bounderby. The man, or -1 when
// the owners are not one man and women.
int SurnameOfTheMan(const Cast& cast, const std::set<int>& owners) {
  int man = -1;
  for (int c : owners) {
    Gender g = cast.characters[c].gender;
    if (g == Gender::kUnknown || (g == Gender::kMale && man >= 0)) return -1;
    if (g == Gender::kMale) man = c;
  }
  return man;
}

// A word of a character's names that no other character's names hold, and that
// is not a title, stands for them alone: "Inspector Ratcliffe" → "Ratcliffe",
// "Sissy Jupe" → "Sissy", "Jupe"; so does a family name that one man and
// women of the family hold, for the man (SurnameOfTheMan).
void NameIndex::AddOwnWords(const Cast& cast) {
  std::map<std::string, std::set<int>> owners = WordOwners(cast);
  for (std::size_t c = 0; c < cast.characters.size(); ++c)
    for (const std::string& name : cast.characters[c].names)
      for (const Token& t : internal::Tokenize(name, {})) {
        std::string word(Text(name, t));
        std::string lower = internal::Lower(word);
        bool capital = std::isupper(static_cast<unsigned char>(word[0])) != 0;
        if (!t.word || !capital || word.size() < 3 || IsTitleWord(lower) || HasAlias(word) ||
            (owners[lower].size() != 1 &&
             SurnameOfTheMan(cast, owners[lower]) != static_cast<int>(c)))
          continue;
        Add(word, static_cast<int>(c));
      }
}

void NameIndex::MarkShared(const Cast& cast) {
  std::map<std::string, std::set<int>> owners = WordOwners(cast);
  for (auto& [key, list] : by_first_)
    for (Alias& a : list) {
      if (a.lower[0] != "the") continue;
      std::set<int> all;  // those whose names hold every word after "the"
      for (std::size_t k = 1; k < a.lower.size(); ++k) {
        auto it = owners.find(a.lower[k]);
        if (it != owners.end() && it->second.size() > 1) a.shared = true;
        std::set<int> both;
        if (it != owners.end())
          std::set_intersection(all.begin(), all.end(), it->second.begin(), it->second.end(),
                                std::inserter(both, both.begin()));
        all = k == 1 && it != owners.end() ? it->second : both;
      }
      if (!a.shared) continue;
      a.owners = all;
      if (a.speaker >= 0) a.owners.insert(a.speaker);
    }
}

std::size_t NameIndex::Match(std::string_view text, const std::vector<Token>& tokens, std::size_t i,
                             int& speaker, const std::set<int>** owners) const {
  auto it = by_first_.find(std::string(Text(text, tokens[i])));
  if (it == by_first_.end()) return 0;
  for (const Alias& a : it->second) {
    if (i + a.words.size() > tokens.size()) continue;
    bool ok = true;
    bool exact = true;
    for (std::size_t k = 1; k < a.words.size() && ok; ++k) {
      std::string_view w = Text(text, tokens[i + k]);
      ok = tokens[i + k].quote == tokens[i].quote && internal::Lower(w) == a.lower[k];
      exact = exact && w == a.words[k];
    }
    if (ok) {
      speaker = exact || !a.shared ? a.speaker : kAmbiguous;
      if (speaker == kAmbiguous && owners != nullptr && !a.owners.empty()) *owners = &a.owners;
      return a.words.size();
    }
  }
  return 0;
}

enum class Kind { kWord, kPunct, kName, kPronoun, kVerb, kInvertedVerb };

// A token, or a name of several tokens, classified.
struct Item {
  Kind kind = Kind::kWord;
  int quote = -1;         // index within the paragraph; -1: narration
  int speaker = kNone;    // for names and resolved pronouns
  int local = kNone;      // for pronouns: Context::ResolveLocal
  int chain = kNone;      // for pronouns: Context::Chain
  bool capital = false;   // a word starting with a capital
  bool vocative = false;  // a name inside a quotation set off by punctuation
  std::string lower;      // the word in lower case, or the punctuation mark
  std::string described;  // for a description: its words after the determiner ("old lady")
};

// The chapter's state while reading it in order: whom its narration named
// last, by gender, and the one of that gender named before them. A pronoun
// resolves to the last named unless the one before was named within the last
// kRivalParagraphs paragraphs too: then "he" is a guess.
constexpr std::size_t kRivalParagraphs = 6;
constexpr std::size_t kRecentParagraphs = 10;
struct Context {
  struct Named {
    int who = kNone;
    std::size_t paragraph = 0;
  };
  std::size_t paragraph = 0;
  int storyteller = kNone;  // the character "I" is in the narration
  Named last[3], rival[3];  // by Gender
  Named subject[3];         // by Gender: who a name opening a sentence of narration named last
  bool open = true;         // the next word of narration opens a sentence
  std::vector<std::pair<std::size_t, Gender>> strangers;  // titled names outside the cast
  std::map<int, std::size_t> named_at;  // the paragraph each character was named in last
  void Name(int who, Gender g) {
    if (who >= 0) named_at[who] = paragraph;
    auto i = static_cast<int>(g);
    if (last[i].who != who) rival[i] = last[i];
    last[i] = {who, paragraph};
  }
  // The one of `owners` named within kRivalParagraphs, when no other of them
  // was: whom a shared description ("the doctor") goes on about.
  int Recent(const std::set<int>& owners) const {
    int who = kNone;
    for (int c : owners) {
      auto it = named_at.find(c);
      if (it == named_at.end() || it->second + kRivalParagraphs < paragraph) continue;
      if (who >= 0) return kNone;
      who = c;
    }
    return who;
  }
  int Resolve(Gender g) const {
    auto i = static_cast<int>(g);
    bool rivalled = rival[i].who >= 0 && rival[i].paragraph + kRivalParagraphs >= paragraph;
    bool recent = last[i].paragraph + kRecentParagraphs >= paragraph;
    return rivalled || !recent ? kNone : last[i].who;
  }
  // Follows the sentences of the narration through item `it`: a name
  // opening one becomes the subject of its gender.
  void Opens(const Item& it, const Cast& cast) {
    if (it.kind == Kind::kPunct) {
      open = open || it.lower == "." || it.lower == "!" || it.lower == "?";
      return;
    }
    if (it.quote >= 0) return;
    if (open && it.kind == Kind::kName && it.speaker >= 0)
      subject[static_cast<int>(cast.characters[it.speaker].gender)] = {it.speaker, paragraph};
    open = false;
  }
  // The one of that gender a sentence of the narration opened with last,
  // recently: the one a "she" in a chain of sentences goes on speaking of
  // ("Miss Bingley saw it. She often tried to provoke Darcy. "…," said she).
  int Chain(Gender g) const {
    const Named& n = subject[static_cast<int>(g)];
    return n.who >= 0 && n.paragraph + kRecentParagraphs >= paragraph ? n.who : kNone;
  }
  // The one of that gender named in this paragraph's narration or the one
  // before, with no other of that gender named in the same paragraph.
  int ResolveLocal(Gender g) const {
    auto i = static_cast<int>(g);
    bool near = last[i].who >= 0 && last[i].paragraph + 1 >= paragraph;
    bool alone = rival[i].who < 0 || rival[i].paragraph < last[i].paragraph;
    return near && alone ? last[i].who : kNone;
  }
};

bool IsSentenceEnd(const Item& it) {
  return it.kind == Kind::kPunct && (it.lower == "." || it.lower == "!" || it.lower == "?");
}
bool IsSubject(const Item& it) { return it.kind == Kind::kName || it.kind == Kind::kPronoun; }
bool IsFiller(const Item& it) {
  return it.kind == Kind::kWord && internal::IsAttributionFiller(it.lower);
}
bool IsDashMark(const Item& it) {
  return it.kind == Kind::kPunct &&
         (it.lower == "\xE2\x80\x94" || it.lower == "\xE2\x80\x95" || it.lower == "-");
}

// The gender a title gives ("Mrs." female), kUnknown when the word is none.
Gender TitleGender(std::string_view lower) {
  static const std::set<std::string_view> kMale = {"mr", "sir", "lord", "monsieur", "mister"};
  static const std::set<std::string_view> kFemale = {"mrs", "miss",  "lady", "madame",
                                                     "mme", "madam", "ms"};
  return kMale.count(lower)     ? Gender::kMale
         : kFemale.count(lower) ? Gender::kFemale
                                : Gender::kUnknown;
}

// Whether tokens at i are a title and a capitalised name outside the cast ("Mrs. Pegler").
bool IsTitledStranger(std::string_view text, const std::vector<Token>& tokens, std::size_t i) {
  std::size_t k = i + 1;
  if (k < tokens.size() && Text(text, tokens[k]) == ".") ++k;
  return k < tokens.size() && tokens[k].word && tokens[k].quote == tokens[i].quote &&
         std::isupper(static_cast<unsigned char>(text[tokens[k].begin])) != 0;
}

// A description of a person by gender in the narration, outside the cast's
// names: "the girl", "the old gentleman", "her mother". Its length in tokens
// (0: none). Who it is, the conversation may tell ("Mrs. Kirk and Spock
// talked." "…," said the old lady. is Mrs. Kirk's when turn-taking says so).
constexpr std::size_t kMaxDescriptionAdjectives = 2;
std::size_t Description(std::string_view text, const std::vector<Token>& tokens, std::size_t i,
                        Gender& g, std::string& described) {
  static const std::set<std::string> kDeterminers = {"the", "her", "his", "their"};
  static const std::set<std::string> kAdjectives = {"young",   "old",     "little", "elder",
                                                    "elderly", "younger", "poor"};
  static const std::map<std::string, Gender> kPeople = {
      {"girl", Gender::kFemale},    {"woman", Gender::kFemale},  {"lady", Gender::kFemale},
      {"mother", Gender::kFemale},  {"sister", Gender::kFemale}, {"daughter", Gender::kFemale},
      {"wife", Gender::kFemale},    {"aunt", Gender::kFemale},   {"man", Gender::kMale},
      {"gentleman", Gender::kMale}, {"boy", Gender::kMale},      {"fellow", Gender::kMale},
      {"lad", Gender::kMale},       {"father", Gender::kMale},   {"brother", Gender::kMale},
      {"son", Gender::kMale},       {"husband", Gender::kMale},  {"uncle", Gender::kMale},
      {"other", Gender::kUnknown}};  // "said the other" (last): whoever the exchange's other is
  if (tokens[i].quote >= 0 || kDeterminers.count(internal::Lower(Text(text, tokens[i]))) == 0)
    return 0;
  for (std::size_t k = i + 1; k < tokens.size() && k <= i + 1 + kMaxDescriptionAdjectives; ++k) {
    if (!tokens[k].word || tokens[k].quote >= 0) return 0;
    std::string w(Text(text, tokens[k]));
    described += (described.empty() ? "" : " ") + w;
    bool more = k + 1 < tokens.size() && tokens[k + 1].word && tokens[k + 1].quote < 0 &&
                !internal::IsSpeechVerb(internal::Lower(Text(text, tokens[k + 1])));
    if (w == "other" && more) continue;  // "the other girl", not "said the other"
    if (auto p = kPeople.find(w); p != kPeople.end()) {
      g = p->second;
      return k + 1 - i;
    }
    if (kAdjectives.count(w) == 0) return 0;
  }
  return 0;
}

// The gender a word of address inside a quotation gives its addressee:
// "Yes, sir." a man, "Yes, madam." a woman.
Gender AddressedGender(const std::string& lower) {
  if (lower == "sir") return Gender::kMale;
  bool madam = lower == "madam" || lower == "ma'am" || lower == "madame";
  return madam ? Gender::kFemale : Gender::kUnknown;
}

// Words that address anyone, whatever a cast calls someone: "Yes, sir."
bool IsFormOfAddress(const std::string& lower) {
  static const std::set<std::string> kWords = {"sir",      "madam",  "madame", "ma'am",
                                               "monsieur", "mister", "miss",   "mademoiselle"};
  return kWords.count(lower) > 0;
}

// The items of one paragraph, names resolved and pronouns resolved with `ctx`
// (which the narration's names update as they pass).
std::vector<Item> Classify(std::string_view text, const std::vector<Token>& tokens,
                           const NameIndex& names, const Cast& cast, Context& ctx) {
  std::vector<Item> items;
  for (std::size_t i = 0; i < tokens.size();) {
    Item it;
    it.quote = tokens[i].quote;
    std::string_view word = Text(text, tokens[i]);
    int speaker = kNone;
    const std::set<int>* owners = nullptr;
    std::size_t n = tokens[i].word ? names.Match(text, tokens, i, speaker, &owners) : 0;
    if (owners != nullptr) speaker = ctx.Recent(*owners);  // "the doctor": the doctor just named
    it.lower = internal::Lower(word);
    if (n == 1 && it.quote >= 0 && IsFormOfAddress(it.lower)) n = 0;  // "Yes, sir": anyone
    it.capital = std::isupper(static_cast<unsigned char>(word[0])) != 0;
    Gender dg = Gender::kUnknown;
    std::size_t d = n == 0 && tokens[i].word ? Description(text, tokens, i, dg, it.described) : 0;
    if (d > 0) {  // "said the girl": as "said she" resolving to nobody
      n = d;
      it.kind = Kind::kPronoun;
      it.lower = dg == Gender::kMale ? "he" : dg == Gender::kFemale ? "she" : "other";
    } else if (n > 0) {
      it.kind = Kind::kName;
      it.speaker = speaker;
      if (it.quote < 0 && speaker >= 0) ctx.Name(speaker, cast.characters[speaker].gender);
    } else if (word == "I" && it.quote < 0 && ctx.storyteller >= 0) {
      it.kind = Kind::kName;  // the narrator telling the story: "I said"
      it.speaker = ctx.storyteller;
    } else if (!tokens[i].word) {
      it.kind = Kind::kPunct;
    } else if (Gender g = TitleGender(it.lower); it.capital && g != Gender::kUnknown &&
                                                 it.quote < 0 &&
                                                 IsTitledStranger(text, tokens, i)) {
      ctx.Name(kStranger, g);  // "Mrs. Pegler" may be the "she" that follows
      ctx.strangers.emplace_back(ctx.paragraph, g);
    } else if (it.lower == "he" || it.lower == "she") {
      it.kind = Kind::kPronoun;
      Gender g = it.lower == "he" ? Gender::kMale : Gender::kFemale;
      it.speaker = ctx.Resolve(g);
      it.local = ctx.ResolveLocal(g);
      it.chain = ctx.Chain(g);
    } else if (internal::IsSpeechVerb(it.lower)) {
      it.kind = Kind::kVerb;
    } else if (internal::IsInvertedSpeechVerb(it.lower)) {
      it.kind = Kind::kInvertedVerb;
    } else if ((it.lower == "went" || it.lower == "goes" || it.lower == "put") &&
               i + 1 < tokens.size() &&
               Text(text, tokens[i + 1]) == (it.lower == "put" ? "in" : "on")) {
      it.kind = Kind::kVerb;  // "went on", "put in"
    }
    ctx.Opens(it, cast);
    items.push_back(std::move(it));
    i += n > 0 ? n : 1;
  }
  return items;
}

// Marks names inside quotations that address someone: "Well, Kirk, ..." .
void MarkVocatives(std::vector<Item>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    Item& it = items[i];
    if (it.kind != Kind::kName || it.quote < 0) continue;
    bool opens = i == 0 || items[i - 1].quote != it.quote;
    bool comma = !opens && items[i - 1].kind == Kind::kPunct && items[i - 1].lower == ",";
    bool closes = i + 1 == items.size() || items[i + 1].quote != it.quote;
    bool mark = !closes && items[i + 1].kind == Kind::kPunct;
    bool stop = mark && items[i + 1].lower == ".";
    // "Kirk, ...", "..., Kirk!", "..., Kirk." address Kirk; "Kirk." answers a question
    it.vocative = (opens || comma) && (mark || closes) && (comma || !(stop || closes));
    // "My dear Kirk," addresses Kirk too
    bool dear = !opens && items[i - 1].lower == "dear";
    it.vocative = it.vocative || (dear && mark && !stop);
  }
}

// What the narration beside a quotation says of its speaker.
struct Evidence {
  int speaker = kNone;  // a character, kStranger, or kNone (nothing said)
  std::string rule;
  int local = kNone;  // for a pronoun: whom the narration just before names
  int chain = kNone;  // for a pronoun: whom the sentences before go on about
  std::string described = "";  // for a description: Item::described
};

Evidence FromSubject(const Item& subject) {
  if (subject.kind == Kind::kPronoun)  // unresolved: the conversation may tell (Converse)
    return {subject.speaker, subject.lower, subject.local, subject.chain, subject.described};
  return {subject.speaker >= 0 ? subject.speaker : kStranger, "explicit"};
}

// A determiner or pronoun that opens a subject outside the cast: "the man said".
bool OpensOtherSubject(const Item& it) {
  static const std::set<std::string> kWords = {"the", "a",    "an",   "his", "her",  "their",
                                               "my",  "our",  "your", "its", "one",  "i",
                                               "we",  "they", "you",  "it",  "this", "that"};
  return it.kind == Kind::kWord && (kWords.count(it.lower) > 0 || it.capital);
}

// After the quotation: `said Kirk`, `Kirk said`, `Kirk quietly said`, `— Kirk`.
bool IsVerbItem(const Item& it) { return it.kind == Kind::kVerb || it.kind == Kind::kInvertedVerb; }

// The subject right after an inverted speech verb [from, to): `said Kirk`,
// `said the Hatter`, `said poor Kirk`, `said the still waiting Kirk`, `said he`.
// Anything else after it is someone outside the cast ("said the stranger").
constexpr std::size_t kMaxEpithetWords = 2;
Evidence AfterVerb(const std::vector<Item>& items, std::size_t from, std::size_t to) {
  static const std::set<std::string> kStops = {"to",  "at", "with", "in",   "of",  "for", "on",
                                               "and", "as", "but",  "from", "who", "when"};
  if (from >= to) return {};
  std::size_t k = from + (items[from].kind == Kind::kWord && items[from].lower == "the" ? 1 : 0);
  for (std::size_t skipped = 0; k < to && skipped <= kMaxEpithetWords; ++k, ++skipped) {
    const Item& x = items[k];
    if (IsSubject(x)) return FromSubject(x);
    if (x.kind != Kind::kWord || x.capital || kStops.count(x.lower) > 0) break;
  }
  return {items[from].kind == Kind::kWord ? kStranger : kNone, ""};
}

Evidence After(const std::vector<Item>& items, std::size_t from, std::size_t to) {
  bool dash = false;
  while (from < to && items[from].kind == Kind::kPunct) dash |= IsDashMark(items[from++]);
  if (from + 1 < to && IsFiller(items[from]) && IsVerbItem(items[from + 1]))
    ++from;  // "eagerly rejoined Mrs. Elton"
  auto at = [&](std::size_t k) -> const Item* {
    return from + k < to ? &items[from + k] : nullptr;
  };
  const Item* a = at(0);
  const Item* b = at(1);
  const Item* c = at(2);
  if (a == nullptr) return {};
  if (IsVerbItem(*a)) {
    bool went_on = (a->lower == "went" || a->lower == "goes") && b != nullptr && b->lower == "on";
    went_on = went_on || (a->lower == "put" && b != nullptr && b->lower == "in");
    return AfterVerb(items, from + (went_on ? 2 : 1), to);
  }
  if (a->lower == "the" && b != nullptr && b->kind == Kind::kName) {
    a = b;
    b = c;
    c = at(3);
  }
  if (IsSubject(*a)) {
    if (b != nullptr && b->kind == Kind::kVerb) return FromSubject(*a);
    if (b != nullptr && IsFiller(*b) && c != nullptr && c->kind == Kind::kVerb)
      return FromSubject(*a);
    if (dash && a->kind == Kind::kName && (b == nullptr || b->kind == Kind::kPunct))
      return FromSubject(*a);
    return {};
  }
  if (OpensOtherSubject(*a)) {  // "the man said", "Tom said", "I said"
    for (std::size_t k = 1; k <= 3; ++k) {
      const Item* x = at(k);
      if (x == nullptr || x->kind == Kind::kPunct || IsSubject(*x)) break;
      if (x->kind == Kind::kVerb) return {kStranger, ""};
    }
  }
  return {};
}

// The subject opening the clause of a speech verb far from it, when no other
// subject comes between: `Kirk turned and said,`, `Kirk, seeing the danger,
// at once shouted:` (not `Kirk looked at Spock, who said`).
constexpr std::size_t kMaxClauseItems = 40;
Evidence ClauseSubject(const std::vector<Item>& items, std::size_t clause, std::size_t verb) {
  while (clause < verb && (items[clause].kind == Kind::kPunct || items[clause].lower == "and" ||
                           items[clause].lower == "but" || items[clause].lower == "then"))
    ++clause;
  if (verb <= clause + 1 || verb - clause > kMaxClauseItems || !IsSubject(items[clause])) return {};
  static const std::set<std::string> kRelative = {"who", "which", "that", "whom"};
  std::size_t k = clause + 1;
  if (k < verb && items[k].lower == ",") ++k;
  if (k < verb && items[k].lower == "who") ++k;  // "Kirk, who saw it all, said": Kirk's clause
  for (; k < verb; ++k)
    if (IsSubject(items[k]) || kRelative.count(items[k].lower) > 0) return {};
  return FromSubject(items[clause]);
}

// Before the quotation, ending its clause: `Kirk said,`, `Kirk said to Spock:`,
// `Kirk turned and said,`, `Kirk said with a frown`: the verb among the
// clause's last kVerbFromEnd items.
constexpr std::size_t kVerbFromEnd = 4;
Evidence Before(const std::vector<Item>& items, std::size_t from, std::size_t to) {
  while (to > from && items[to - 1].kind == Kind::kPunct) {
    if (IsSentenceEnd(items[to - 1])) return {};
    --to;
  }
  std::size_t clause = to;
  while (clause > from && !IsSentenceEnd(items[clause - 1]) &&
         !(items[clause - 1].kind == Kind::kPunct && items[clause - 1].lower == ";"))
    --clause;
  std::size_t verb = to;
  for (std::size_t k = to; k > clause && k + kVerbFromEnd >= to; --k)
    if (items[k - 1].kind == Kind::kVerb) {
      verb = k - 1;
      break;
    }
  if (verb == to) return {};
  if (verb > clause && IsSubject(items[verb - 1])) return FromSubject(items[verb - 1]);
  if (verb > clause + 1 && IsFiller(items[verb - 1]) && IsSubject(items[verb - 2]))
    return FromSubject(items[verb - 2]);
  return ClauseSubject(items, clause, verb);
}

std::size_t WordCount(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    n += text[i] != ' ' && (i == 0 || text[i - 1] == ' ');
  return n;
}

struct Attributed {
  std::vector<Quotation> quotes;
  std::vector<bool> continues;  // parallel: continues the previous paragraph's
  std::vector<int> stranger;    // parallel: 1 when narration names someone outside the cast
  std::vector<std::set<int>> addressed;  // parallel: characters the quotation addresses
  std::vector<std::set<int>> mentioned;  // parallel: characters the quotation names
  std::vector<int> subject;  // parallel: the one character opening a sentence of the narration
                             // beside it, or kNone
  std::vector<std::string> described;    // parallel: the description attributing it, or ""
  std::vector<int> pronoun;              // parallel: the Gender of "he"/"she" attributing it, or -1
  std::vector<int> guess;  // parallel: whom that pronoun names by the narration, or kNone
  std::vector<int> local;  // parallel: whom it names by the narration just before, or kNone
  std::vector<int> chain;  // parallel: whom it names by the sentences before (Context::Chain)
  std::vector<bool> replies;  // parallel: its speech verb answers ("replied"): another spoke last
  std::vector<unsigned> addressee;     // parallel: bit g, "sir"/"madam" addresses one of Gender g
  std::vector<std::size_t> narration;  // parallel: words of narration in its paragraph
  std::vector<bool> linked;            // parallel: follows the one before in its paragraph, only a
                                       // short stretch of narration naming nobody else between
  std::vector<std::vector<int>> named;  // per paragraph: whom its narration names, in order,
                                        // once per mention
  std::vector<unsigned> strangers;      // per paragraph: bit g, a titled stranger of Gender g
};

// Narration between two quotations of a paragraph short enough to be their
// attribution alone ("said Kirk, turning").
constexpr std::size_t kMaxLinkItems = 12;

bool Links(const std::vector<Item>& items, std::size_t from, std::size_t to) {
  if (to - from > kMaxLinkItems) return false;
  int who = kNone;
  for (std::size_t i = from; i < to; ++i) {
    if (!IsSubject(items[i])) continue;
    if (items[i].speaker < 0 || (who >= 0 && who != items[i].speaker)) return false;
    who = items[i].speaker;
  }
  return true;
}

void Set(Quotation& q, int speaker, const char* rule) {
  q.speaker = speaker;
  q.rule = rule;
}

bool OnlyPunct(const std::vector<Item>& items, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i)
    if (items[i].kind != Kind::kPunct) return false;
  return true;
}

// The character opening the last sentence of the narration [from, to) when
// it is a name ("Kirk turned.") and the sentence has no speech verb, else kNone.
constexpr std::size_t kMaxSubjectItems = 16;
int SentenceSubject(const std::vector<Item>& items, std::size_t from, std::size_t to) {
  int who = kNone;
  bool open = true;
  for (std::size_t i = from; i < to; ++i) {
    const Item& it = items[i];
    if (open && it.kind != Kind::kPunct) {
      who = it.kind == Kind::kName ? it.speaker : kNone;
      open = false;
    }
    if (it.kind == Kind::kVerb) who = kNone;  // "Kirk saw the man who said": the verb's subject
    if (IsSentenceEnd(it)) open = true;
  }
  return who;
}

// The "he"/"she" (or description) opening the last sentence of the narration
// [from, to) when that sentence has no speech verb ("She looked up."): its
// index, or `to`.
std::size_t SentencePronoun(const std::vector<Item>& items, std::size_t from, std::size_t to) {
  std::size_t at = to;
  bool open = true;
  for (std::size_t i = from; i < to; ++i) {
    const Item& it = items[i];
    if (open && it.kind != Kind::kPunct) {
      at = it.kind == Kind::kPronoun ? i : to;
      open = false;
    }
    if (it.kind == Kind::kVerb) at = to;
    if (IsSentenceEnd(it)) open = true;
  }
  return at;
}

// The character a speech verb of the narration addresses with the name at i:
// `said Spock to Kirk`, `Spock said to Kirk` (Kirk), else kNone.
constexpr std::size_t kMaxVerbToAddressee = 3;
int SpokenTo(const std::vector<Item>& items, std::size_t i) {
  if (i < 2 || items[i].quote >= 0 || items[i].kind != Kind::kName || items[i].speaker < 0 ||
      items[i - 1].lower != "to" || items[i - 1].quote >= 0)
    return kNone;
  for (std::size_t k = i - 1; k-- > 0 && k + kMaxVerbToAddressee + 1 >= i;)
    if (IsVerbItem(items[k])) return items[i].speaker;
  return kNone;
}

// Whether the items [from, to) hold a speech verb of answering: `he replied`.
bool Replies(const std::vector<Item>& items, std::size_t from, std::size_t to) {
  static const std::set<std::string> kVerbs = {"replied",  "answered", "returned",
                                               "rejoined", "retorted", "responded"};
  for (std::size_t i = from; i < to; ++i)
    if (IsVerbItem(items[i]) && kVerbs.count(items[i].lower) > 0) return true;
  return false;
}

// Whether the narration beside quotation [start, stop) answers: a verb of
// answering among the first few items after it (`"…," he replied`) or the
// last few before it (`He replied: "…"`); `prev` and `next` bound that
// narration (the quotations before and after).
constexpr std::size_t kReplyVerbItems = 3;
bool Answers(const std::vector<Item>& items, std::size_t prev, std::size_t start, std::size_t stop,
             std::size_t next) {
  return Replies(items, stop, std::min(next, stop + kReplyVerbItems)) ||
         Replies(items, std::max(prev, start > kReplyVerbItems ? start - kReplyVerbItems : 0),
                 start);
}

// The narration ending a paragraph in a speech verb and a comma or colon
// (`Kirk turned and said,`), or in no mark at all (`Kirk said with a frown`):
// what it says of the quotation opening the next.
Evidence Introduces(const std::vector<Item>& items, std::size_t from) {
  if (items.empty() || items.back().quote >= 0) return {};
  if (items.back().kind != Kind::kPunct) return Before(items, from, items.size());
  const std::string& mark = items.back().lower;
  if (mark != "," && mark != ":" && !IsDashMark(items.back())) return {};
  return Before(items, from, items.size());
}

// Explicit and pronoun evidence for one paragraph's quotations [first, last);
// `carry` is what the paragraph before said of the quotation opening this one,
// and becomes what this one says of the next.
void AttributeParagraph(std::string_view text, std::size_t first, std::size_t last,
                        const NameIndex& names, const Cast& cast, Context& ctx, Attributed& out,
                        Evidence& carry) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (std::size_t k = first; k < last; ++k)
    ranges.emplace_back(out.quotes[k].begin, out.quotes[k].end);
  std::vector<Token> tokens = internal::Tokenize(text, ranges);
  std::vector<Item> items = Classify(text, tokens, names, cast, ctx);
  MarkVocatives(items);
  std::vector<std::size_t> start(last - first, items.size()), stop(last - first, 0);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].quote < 0) continue;
    auto k = static_cast<std::size_t>(items[i].quote);
    start[k] = std::min(start[k], i);
    stop[k] = std::max(stop[k], i + 1);
    if (items[i].vocative && items[i].speaker >= 0)
      out.addressed[first + k].insert(items[i].speaker);
    if (items[i].kind == Kind::kName && items[i].speaker >= 0)
      out.mentioned[first + k].insert(items[i].speaker);
    if (Gender g = AddressedGender(items[i].lower); g != Gender::kUnknown)
      out.addressee[first + k] |= 1u << static_cast<int>(g);
  }
  std::size_t words = 0;
  for (const Item& it : items) {
    words += it.quote < 0 && it.kind != Kind::kPunct;
    if (it.quote < 0 && it.kind == Kind::kName && it.speaker >= 0)
      out.named[ctx.paragraph].push_back(it.speaker);
  }
  for (std::size_t i = 0; i < items.size(); ++i)  // `said Spock to Kirk`: Kirk is spoken to
    if (SpokenTo(items, i) >= 0)
      for (std::size_t k = first; k < last; ++k) out.addressed[k].insert(items[i].speaker);
  for (std::size_t k = first; k < last; ++k) out.narration[k] = words;
  for (std::size_t k = 0; k < last - first; ++k) {
    if (start[k] > stop[k]) start[k] = stop[k] = k == 0 ? 0 : stop[k - 1];
  }
  for (std::size_t k = 0; k < last - first; ++k) {
    std::size_t next = k + 1 < last - first ? start[k + 1] : items.size();
    std::size_t prev = k > 0 ? stop[k - 1] : 0;
    out.linked[first + k] = k > 0 && Links(items, prev, start[k]);
    out.replies[first + k] = Answers(items, prev, start[k], stop[k], next);
    if (k == 0 && start[0] <= kMaxSubjectItems)
      out.subject[first] = SentenceSubject(items, 0, start[0]);
    Evidence e = After(items, stop[k], next);
    if (e.speaker == kNone && e.rule.empty()) e = Before(items, prev, start[k]);
    if (e.speaker == kNone && e.rule.empty() && k == 0 && OnlyPunct(items, 0, start[0])) e = carry;
    if (std::size_t at = k == 0 && start[0] <= kMaxSubjectItems
                             ? SentencePronoun(items, 0, start[0])
                             : items.size();
        e.speaker == kNone && e.rule.empty() && at < start[0])
      e = FromSubject(items[at]);  // `She looked up. "…"` as `"…," she said`
    Quotation& q = out.quotes[first + k];
    if (e.rule == "he" || e.rule == "she")
      out.pronoun[first + k] = static_cast<int>(e.rule == "he" ? Gender::kMale : Gender::kFemale);
    if (e.rule != "explicit") {
      out.guess[first + k] = e.speaker;  // Converse decides
      out.local[first + k] = e.local;
      out.chain[first + k] = e.chain;
      out.described[first + k] = e.described;
    } else if (e.speaker >= 0 && out.addressed[first + k].count(e.speaker) == 0)
      Set(q, e.speaker, "explicit");
    if (e.speaker == kStranger) out.stranger[first + k] = 1;
  }
  carry = Introduces(items, last > first ? stop[last - first - 1] : 0);
}

// The chapter's quotations with the state the passes share.
struct Chapter {
  const Cast* cast = nullptr;
  Attributed a;
  std::vector<bool> locked;        // a correction decided it
  std::vector<std::size_t> words;  // per paragraph
  bool Open(std::size_t k) const { return !locked[k] && a.quotes[k].speaker < 0; }
};

// The one character among quotations [first, last) when no one else speaks there.
int SoleSpeaker(const Chapter& ch, const std::vector<std::size_t>& group) {
  int who = kNone;
  for (std::size_t k : group) {
    if (ch.a.stranger[k] != 0 || (ch.locked[k] && ch.a.quotes[k].speaker < 0)) return kStranger;
    int s = ch.a.quotes[k].speaker;
    if (s >= 0 && who >= 0 && s != who) return kAmbiguous;
    if (s >= 0) who = s;
  }
  return who;
}

// The sole speaker of quotations that run on (SoleSpeaker) when their
// opening paragraph or the next tells it: further in, a speech may tell a
// story with speakers of its own. kNone when those do not tell it.
int OpeningSpeaker(const Chapter& ch, const std::vector<std::size_t>& group) {
  int who = SoleSpeaker(ch, group);
  const std::size_t opens = ch.a.quotes[group.front()].paragraph;
  bool told = std::any_of(group.begin(), group.end(), [&](std::size_t k) {
    return ch.a.quotes[k].paragraph <= opens + 1 && ch.a.quotes[k].speaker == who;
  });
  return who >= 0 && !told ? kNone : who;
}

void Fill(Chapter& ch, const std::vector<std::size_t>& group, const char* rule) {
  int who = OpeningSpeaker(ch, group);
  if (who < 0) return;
  for (std::size_t k : group)
    if (ch.Open(k) && ch.a.addressed[k].count(who) == 0) Set(ch.a.quotes[k], who, rule);
}

// Groups of quotations: by paragraph, or by a quotation running on across paragraphs.
std::vector<std::vector<std::size_t>> Groups(const Chapter& ch, bool by_paragraph) {
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t k = 0; k < ch.a.quotes.size(); ++k) {
    bool same = by_paragraph ? ch.a.linked[k] : ch.a.continues[k];
    if (!same) groups.emplace_back();
    groups.back().push_back(k);
  }
  return groups;
}

// Turns of dialogue: a paragraph's quotations with those running on into it.
struct Turn {
  std::vector<std::size_t> quotes;
  int speaker = kNone;
};

// Whether the narration paragraphs [from, to) end an exchange: more than a
// few words ("He paused." does not).
constexpr std::size_t kPauseWords = 5;
bool Breaks(const Chapter& ch, std::size_t from, std::size_t to) {
  std::size_t words = 0;
  for (std::size_t p = from; p < to; ++p) words += ch.words[p];
  return words > kPauseWords;
}

std::vector<std::vector<Turn>> Runs(const Chapter& ch) {
  std::vector<std::vector<Turn>> runs;
  const std::vector<Quotation>& q = ch.a.quotes;
  for (std::size_t k = 0; k < q.size(); ++k) {
    bool new_paragraph = k == 0 || q[k].paragraph != q[k - 1].paragraph;
    bool gap = k == 0 || Breaks(ch, q[k - 1].paragraph + 1, q[k].paragraph);
    if (gap) runs.emplace_back();
    if (new_paragraph && !ch.a.continues[k]) runs.back().emplace_back();
    runs.back().back().quotes.push_back(k);
  }
  for (auto& run : runs)
    for (Turn& t : run) t.speaker = OpeningSpeaker(ch, t.quotes);
  return runs;
}

// Who else speaks in a two-speaker run; kNone when the run is not one.
bool TwoSpeakers(const std::vector<Turn>& run) {
  std::set<int> who;
  for (const Turn& t : run) {
    if (t.speaker == kStranger || t.speaker == kAmbiguous) return false;
    if (t.speaker >= 0) who.insert(t.speaker);
  }
  return who.size() == 2;
}

bool Alternates(const std::vector<Turn>& run, std::size_t a, std::size_t b) {
  return run[a].speaker >= 0 && run[b].speaker >= 0 && run[a].speaker != run[b].speaker;
}

// Whether `who` may speak quotation k: not the one it addresses, and of the
// gender of the pronoun attributing it, if any.
bool Fits(const Chapter& ch, std::size_t k, int who) {
  if (ch.a.addressed[k].count(who) > 0 || ch.a.mentioned[k].count(who) > 0) return false;
  int g = ch.a.pronoun[k];
  return g < 0 || static_cast<int>(ch.cast->characters[who].gender) == g;
}

// "he said" in a conversation whose known speakers include one man.
void Converse(Chapter& ch, const std::vector<Turn>& run) {
  std::set<int> who;
  for (const Turn& t : run)
    if (t.speaker >= 0) who.insert(t.speaker);
  for (std::size_t i = 0; i < run.size(); ++i)
    for (std::size_t k : run[i].quotes) {
      if (!ch.Open(k) || ch.a.pronoun[k] < 0) continue;
      int previous = i > 0 ? run[i - 1].speaker : kNone;
      std::set<int> fit;
      for (int c : who)
        if (Fits(ch, k, c)) fit.insert(c);
      int local = ch.a.local[k];
      if (local >= 0 && local == previous) continue;  // "said Kirk." "…," he replied: not Kirk
      if (local >= 0 && Fits(ch, k, local)) {
        Set(ch.a.quotes[k], local, "pronoun");
        continue;
      }
      int guess = ch.a.guess[k];
      bool guess_fits = guess >= 0 && Fits(ch, k, guess);
      if (guess_fits && fit.size() == 1 && *fit.begin() == guess)
        Set(ch.a.quotes[k], guess, "pronoun");
    }
}

// A turn taken by alternation has at most this much narration: more, and it
// may bring in someone else.
constexpr std::size_t kTurnNarrationWords = 10;

// Whether quotation k's paragraph names someone other than `who` in its narration.
bool NamesOther(const Chapter& ch, std::size_t k, int who) {
  const std::vector<int>& named = ch.a.named[ch.a.quotes[k].paragraph];
  return std::any_of(named.begin(), named.end(), [who](int c) { return c != who; });
}

// The turn after one addressing a single character ("Well, Kirk?") is that
// character's answer.
void Answer(Chapter& ch, std::vector<Turn>& run) {
  for (std::size_t i = 1; i < run.size(); ++i) {
    std::set<int> to;
    for (std::size_t k : run[i - 1].quotes)
      to.insert(ch.a.addressed[k].begin(), ch.a.addressed[k].end());
    if (to.size() != 1 || run[i].speaker != kNone) continue;
    int who = *to.begin();
    bool fits = who != run[i - 1].speaker;
    for (std::size_t k : run[i].quotes)
      fits = fits && Fits(ch, k, who) && ch.a.narration[k] <= kTurnNarrationWords &&
             !NamesOther(ch, k, who) && ch.a.described[k].empty();  // "…," said the girl: a guess
    if (!fits) continue;
    run[i].speaker = who;
    for (std::size_t k : run[i].quotes)
      if (ch.Open(k)) Set(ch.a.quotes[k], who, "vocative");
  }
}

// The speaker alternation gives turn i, from the turns two before and after:
// kNone when neither tells or they disagree.
int Alternation(const std::vector<Turn>& run, std::size_t i) {
  int before = i >= 2 && Alternates(run, i - 2, i - 1) ? run[i - 2].speaker : kNone;
  int after = i + 2 < run.size() && Alternates(run, i + 2, i + 1) ? run[i + 2].speaker : kNone;
  if (before >= 0 && after >= 0 && before != after) return kNone;
  return before >= 0 ? before : after;
}

// Whether a quotation of the run addresses someone other than its speakers:
// a third person takes part.
bool AddressesAThird(const Chapter& ch, const std::vector<Turn>& run) {
  std::set<int> who;
  for (const Turn& t : run)
    if (t.speaker >= 0) who.insert(t.speaker);
  for (const Turn& t : run)
    for (std::size_t k : t.quotes)
      for (int c : ch.a.addressed[k])
        if (who.count(c) == 0) return true;
  return false;
}

int OneSide(const Chapter& ch, const std::vector<Turn>& run);
constexpr std::size_t kMinOneSideTurns = 2;

// An exchange of two where one side is known (`"…?" said Kirk.` "…" "…" "…"):
// its every other turn is theirs, each fitting as turn-taking's do.
void TakeOneSide(Chapter& ch, std::vector<Turn>& run) {
  int who = run.size() > 2 && !AddressesAThird(ch, run) ? OneSide(ch, run) : kNone;
  if (who < 0) return;
  std::size_t first = 0;
  while (run[first].speaker != who) ++first;
  for (std::size_t i = first % 2; i < run.size(); i += 2) {
    if (run[i].speaker != kNone) continue;
    bool fits = true;
    for (std::size_t k : run[i].quotes)
      fits = fits && Fits(ch, k, who) && ch.a.narration[k] <= kTurnNarrationWords &&
             !NamesOther(ch, k, who);
    if (!fits) continue;
    for (std::size_t k : run[i].quotes)
      if (ch.Open(k)) Set(ch.a.quotes[k], who, "one-side");
  }
}

// The one character known in an exchange whose other side nobody names: its
// turns all fall one in two, and the other side's "he"/"she" are of one gender.
int OneSide(const Chapter& ch, const std::vector<Turn>& run) {
  int who = kNone;
  std::size_t parity = 0, known = 0;
  int other_gender = -1;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const Turn& t = run[i];
    if (t.speaker < 0) continue;
    if (who >= 0 && (t.speaker != who || i % 2 != parity)) return kNone;
    who = t.speaker;
    parity = i % 2;
    ++known;
  }
  if (who < 0) return kNone;
  for (std::size_t i = 1 - parity; i < run.size(); i += 2)
    for (std::size_t k : run[i].quotes) {
      int g = ch.a.pronoun[k];
      if (g < 0) continue;
      if (other_gender >= 0 && g != other_gender) return kNone;
      other_gender = g;
    }
  bool other_sex =
      other_gender >= 0 && other_gender != static_cast<int>(ch.cast->characters[who].gender);
  return known >= kMinOneSideTurns || other_sex ? who : kNone;
}

// The turns between two known ones that strict alternation cannot join (Kirk
// two turns apart from Spock, or three from himself): someone spoke twice or a
// third came in there, and where is anyone's guess.
std::vector<bool> BrokenStretches(const std::vector<Turn>& run) {
  std::vector<bool> broken(run.size(), false);
  std::size_t last = run.size();  // the last known turn
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (run[i].speaker < 0) continue;
    bool even = last < run.size() && (i - last) % 2 == 0;
    if (last < run.size() && (run[i].speaker == run[last].speaker) != even)
      std::fill(broken.begin() + static_cast<std::ptrdiff_t>(last) + 1,
                broken.begin() + static_cast<std::ptrdiff_t>(i), true);
    last = i;
  }
  return broken;
}

void TakeTurnsIn(Chapter& ch, std::vector<Turn>& run) {
  if (!TwoSpeakers(run) || AddressesAThird(ch, run)) {
    TakeOneSide(ch, run);
    return;
  }
  auto assign = [&](std::size_t i, int who) {
    for (std::size_t k : run[i].quotes)
      if (!Fits(ch, k, who) || ch.a.narration[k] > kTurnNarrationWords || NamesOther(ch, k, who))
        return false;
    run[i].speaker = who;
    for (std::size_t k : run[i].quotes)
      if (ch.Open(k)) Set(ch.a.quotes[k], who, "turn-taking");
    return true;
  };
  std::vector<bool> broken = BrokenStretches(run);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < run.size(); ++i) {
      if (run[i].speaker != kNone || broken[i]) continue;
      int who = Alternation(run, i);
      if (who >= 0) changed = assign(i, who) || changed;
    }
  }
}

// An exchange is cut where someone outside the cast speaks and where a third
// speaker comes in; each piece with exactly two speakers takes turns.
void TakeTurns(Chapter& ch, std::vector<Turn>& run) {
  std::vector<Turn> piece;
  std::set<int> who;
  auto flush = [&] {
    TakeTurnsIn(ch, piece);
    piece.clear();
    who.clear();
  };
  for (const Turn& t : run) {
    if (t.speaker == kStranger || t.speaker == kAmbiguous) {
      flush();
      continue;
    }
    if (t.speaker >= 0 && who.count(t.speaker) == 0 && who.size() == 2) flush();
    if (t.speaker >= 0) who.insert(t.speaker);
    piece.push_back(t);
  }
  flush();
}

// A description the turns nearby gave to one character alone, twice ("said
// the girl" found Nancy's by turn-taking) names them where it attributes a
// quotation nothing else attributes.
constexpr int kMinDescribed = 2;
constexpr std::size_t kDescribedParagraphs = 80;
void Described(Chapter& ch) {
  const std::vector<Quotation>& q = ch.a.quotes;
  std::vector<std::size_t> known;
  for (std::size_t k = 0; k < q.size(); ++k)
    if (!ch.a.described[k].empty() && q[k].speaker >= 0) known.push_back(k);
  for (std::size_t k = 0; k < q.size(); ++k) {
    if (!ch.Open(k) || ch.a.described[k].empty() || ch.a.described[k] == "other") continue;
    std::set<int> who;
    int n = 0;
    for (std::size_t j : known)
      if (ch.a.described[j] == ch.a.described[k] &&
          q[j].paragraph + kDescribedParagraphs >= q[k].paragraph &&
          q[k].paragraph + kDescribedParagraphs >= q[j].paragraph) {
        who.insert(q[j].speaker);
        ++n;
      }
    if (who.size() == 1 && n >= kMinDescribed && Fits(ch, k, *who.begin()))
      Set(ch.a.quotes[k], *who.begin(), "described");
  }
}

// A paragraph whose narration names one character alone, beside quotations
// nothing else attributes, is that character's ("Kirk turned. \"No.\"").
void ParagraphSubject(Chapter& ch) {
  for (std::size_t k = 0; k < ch.a.quotes.size(); ++k) {
    int who = ch.a.subject[k];
    if (!ch.Open(k) || who < 0 || ch.a.stranger[k] != 0 || ch.a.pronoun[k] >= 0) continue;
    if (Fits(ch, k, who)) Set(ch.a.quotes[k], who, "paragraph");
  }
}

// "context": what the exchange around a turn nothing else attributes says of
// each character who could speak it, weighed by a logistic model fitted on
// the development novels (bench/attribution_train.py); the likeliest takes the
// turn only when the model is sure enough. A turn's candidates are the known
// speakers of the turns near it and the characters its narration or the
// narration before names, less those it could not be (Fits).

// The chapter's turns in order, across its runs.
std::vector<Turn> ChapterTurns(const Chapter& ch) {
  std::vector<Turn> turns;
  for (std::vector<Turn>& run : Runs(ch))
    for (Turn& t : run) turns.push_back(std::move(t));
  return turns;
}

constexpr std::size_t kContextFeatures = 39;
using ContextFeatures = std::array<double, kContextFeatures>;
#include "voices/context_weights.inc"  // kContextWeights, kContextThreshold

class ContextModel {
 public:
  explicit ContextModel(const Chapter& ch) : ch_(ch), turns_(ChapterTurns(ch)) {
    words_before_.push_back(0);
    for (std::size_t w : ch.words) words_before_.push_back(words_before_.back() + w);
    for (const Turn& t : turns_)
      if (t.speaker >= 0) {
        ++spoken_[t.speaker];
        ++known_;
      }
  }
  const std::vector<Turn>& turns() const { return turns_; }
  std::set<int> Candidates(std::size_t i) const;
  bool AddressesAThird(std::size_t i) const;
  // Whether a titled name outside the cast, of the gender of the turn's
  // "he"/"she", was named in its paragraph or the one before ("Mrs. Pegler").
  bool StrangerFits(std::size_t i) const {
    std::size_t k = turns_[i].quotes.front(), p = First(i);
    int g = ch_.a.pronoun[k];
    unsigned near = ch_.a.strangers[p] | (p > 0 ? ch_.a.strangers[p - 1] : 0u);
    return g >= 0 && (near >> g & 1u) != 0;
  }
  ContextFeatures Features(std::size_t i, int c, std::size_t candidate_count) const;
  // Whether turn i answers c, who spoke the turn before: "…," said Kirk. "…," he replied.
  bool Answers(std::size_t i, int c) const {
    return Near(i, -1) && SpeakerAt(i, -1) == c && ch_.a.replies[turns_[i].quotes.front()];
  }

 private:
  // The paragraphs of turn i's first and last quotations.
  std::size_t First(std::size_t i) const {
    return ch_.a.quotes[turns_[i].quotes.front()].paragraph;
  }
  std::size_t Last(std::size_t i) const { return ch_.a.quotes[turns_[i].quotes.back()].paragraph; }
  // Turn i + d in `j`; false when there is none.
  bool Offset(std::size_t i, std::ptrdiff_t d, std::size_t& j) const {
    auto at = static_cast<std::ptrdiff_t>(i) + d;
    if (at < 0 || at >= static_cast<std::ptrdiff_t>(turns_.size())) return false;
    j = static_cast<std::size_t>(at);
    return true;
  }
  // Words of narration paragraphs between turns i and j, in either order.
  std::size_t Gap(std::size_t i, std::size_t j) const {
    std::size_t from = Last(std::min(i, j)) + 1, to = First(std::max(i, j));
    return to > from ? words_before_[to] - words_before_[from] : 0;
  }
  bool Near(std::size_t i, std::ptrdiff_t d) const;  // turn i + d within the exchange
  int SpeakerAt(std::size_t i, std::ptrdiff_t d) const {
    std::size_t j = 0;
    return Offset(i, d, j) ? turns_[j].speaker : kNone;
  }
  bool AddressedAt(std::size_t i, std::ptrdiff_t d, int c, bool addressed) const;
  int LastNamed(std::size_t paragraph, int gender) const;
  double Share(std::size_t i, int c) const;
  std::size_t SpeakersAround(std::size_t i) const;
  // Whether turn i + d says "sir" (or "madam") and c is a man (or a woman).
  bool AddressesGenderOf(std::size_t i, std::ptrdiff_t d, int c) const {
    std::size_t j = 0;
    if (!Offset(i, d, j)) return false;
    unsigned bit = 1u << static_cast<int>(ch_.cast->characters[c].gender);
    for (std::size_t k : turns_[j].quotes)
      if ((ch_.a.addressee[k] & bit) != 0) return true;
    return false;
  }
  double ChapterShare(int c) const {
    auto it = spoken_.find(c);
    return it == spoken_.end() || known_ == 0 ? 0 : static_cast<double>(it->second) / known_;
  }
  double SpokeRecently(std::size_t i, int c) const;
  double NamedRecently(std::size_t paragraph, int c) const;

  const Chapter& ch_;
  std::vector<Turn> turns_;
  std::vector<std::size_t> words_before_;  // per paragraph, prefix sums of ch.words
  std::map<int, int> spoken_;              // known turns per speaker in the chapter
  int known_ = 0;                          // known turns in the chapter
};

constexpr std::size_t kContextTurns = 10;        // candidates' turns either side
constexpr std::size_t kContextParagraphs = 6;    // candidates' naming paragraphs before
constexpr std::size_t kContextLooseWords = 200;  // narration a loose exchange allows
constexpr std::size_t kContextRecent = 10;      // turns or paragraphs "recently" spans

bool ContextModel::Near(std::size_t i, std::ptrdiff_t d) const {
  std::size_t j = 0;
  if (!Offset(i, d, j)) return false;
  for (std::size_t t = std::min(i, j); t < std::max(i, j); ++t)
    if (Gap(t, t + 1) > kPauseWords) return false;
  return true;
}

bool ContextModel::AddressedAt(std::size_t i, std::ptrdiff_t d, int c, bool addressed) const {
  std::size_t j = 0;
  if (!Offset(i, d, j) || !Near(i, d)) return false;
  for (std::size_t k : turns_[j].quotes)
    if ((addressed ? ch_.a.addressed[k] : ch_.a.mentioned[k]).count(c) > 0) return true;
  return false;
}

// The character the narration named last up to `paragraph` (of the gender, if >= 0).
int ContextModel::LastNamed(std::size_t paragraph, int gender) const {
  for (std::size_t p = paragraph + 1; p-- > 0 && p + kContextRecent >= paragraph;) {
    const std::vector<int>& named = ch_.a.named[p];
    for (auto it = named.rbegin(); it != named.rend(); ++it)
      if (gender < 0 || static_cast<int>(ch_.cast->characters[*it].gender) == gender) return *it;
  }
  return kNone;
}

double ContextModel::Share(std::size_t i, int c) const {
  int known = 0, theirs = 0;
  std::size_t from = i > kContextRecent ? i - kContextRecent : 0;
  for (std::size_t j = from; j < turns_.size() && j <= i + kContextRecent; ++j) {
    known += turns_[j].speaker >= 0;
    theirs += turns_[j].speaker == c;
  }
  return known > 0 ? static_cast<double>(theirs) / known : 0;
}

// Distinct known speakers of the turns within kAroundTurns of turn i.
constexpr std::size_t kAroundTurns = 6;
std::size_t ContextModel::SpeakersAround(std::size_t i) const {
  std::set<int> who;
  std::size_t from = i > kAroundTurns ? i - kAroundTurns : 0;
  for (std::size_t j = from; j < turns_.size() && j <= i + kAroundTurns; ++j)
    if (turns_[j].speaker >= 0) who.insert(turns_[j].speaker);
  return who.size();
}

double ContextModel::SpokeRecently(std::size_t i, int c) const {
  for (std::size_t d = 1; d <= kContextRecent && d <= i; ++d)
    if (turns_[i - d].speaker == c) return 1.0 / static_cast<double>(d);
  return 0;
}

double ContextModel::NamedRecently(std::size_t paragraph, int c) const {
  for (std::size_t d = 0; d <= kContextRecent && d <= paragraph; ++d) {
    const std::vector<int>& named = ch_.a.named[paragraph - d];
    if (std::find(named.begin(), named.end(), c) != named.end()) return 1.0 / (1.0 + d);
  }
  return 0;
}

std::set<int> ContextModel::Candidates(std::size_t i) const {
  std::set<int> out;
  const Turn& t = turns_[i];
  const auto reach = static_cast<std::ptrdiff_t>(kContextTurns);
  for (std::ptrdiff_t d = -reach; d <= reach; ++d) {
    std::size_t j = 0;
    if (d != 0 && Offset(i, d, j) && turns_[j].speaker >= 0 && Gap(i, j) <= kContextLooseWords)
      out.insert(turns_[j].speaker);
  }
  for (std::size_t p = First(i) + 1; p-- > 0 && p + kContextParagraphs >= First(i);)
    out.insert(ch_.a.named[p].begin(), ch_.a.named[p].end());
  for (std::size_t k : t.quotes)
    for (int c : {ch_.a.guess[k], ch_.a.local[k], ch_.a.subject[k], ch_.a.chain[k]})
      if (c >= 0) out.insert(c);
  for (auto it = out.begin(); it != out.end();) {
    bool fits = true;
    for (std::size_t k : t.quotes) fits = fits && Fits(ch_, k, *it);
    it = fits ? std::next(it) : out.erase(it);
  }
  return out;
}

// Whether turn i or a turn within two of it in the exchange addresses someone
// who has not spoken within kContextTurns: a third person takes part, and who
// speaks is a guess.
bool ContextModel::AddressesAThird(std::size_t i) const {
  std::set<int> speakers;
  for (std::size_t j = i > kContextTurns ? i - kContextTurns : 0;
       j < turns_.size() && j <= i + kContextTurns; ++j)
    if (turns_[j].speaker >= 0) speakers.insert(turns_[j].speaker);
  for (std::ptrdiff_t d = -2; d <= 2; ++d) {
    std::size_t j = 0;
    if (!Offset(i, d, j) || !Near(i, d)) continue;
    for (std::size_t k : turns_[j].quotes)
      for (int c : ch_.a.addressed[k])
        if (speakers.count(c) == 0) return true;
  }
  return false;
}

ContextFeatures ContextModel::Features(std::size_t i, int c, std::size_t candidate_count) const {
  const Turn& t = turns_[i];
  const std::size_t k = t.quotes.front();
  const std::size_t p = First(i);
  auto is = [&](std::ptrdiff_t d) { return SpeakerAt(i, d) == c; };
  auto known_other = [&](std::ptrdiff_t d) { return SpeakerAt(i, d) >= 0 && SpeakerAt(i, d) != c; };
  auto unknown = [&](std::ptrdiff_t d) { return SpeakerAt(i, d) == kNone; };
  const std::vector<int>& named = ch_.a.named[p];
  bool named_here = std::find(named.begin(), named.end(), c) != named.end();
  bool only_here =
      named_here && std::all_of(named.begin(), named.end(), [&](int x) { return x == c; });
  bool named_before = p > 0 && std::find(ch_.a.named[p - 1].begin(), ch_.a.named[p - 1].end(), c) !=
                                   ch_.a.named[p - 1].end();
  int g = ch_.a.pronoun[k];
  bool gender_fits = g >= 0 && static_cast<int>(ch_.cast->characters[c].gender) == g;
  bool prev2 = Near(i, -2) && is(-2);
  ContextFeatures f{};
  f[0] = 1;
  f[1] = Near(i, -1) && is(-1);
  f[2] = prev2 && known_other(-1);
  f[3] = prev2 && unknown(-1);
  f[4] = Near(i, 1) && is(1);
  f[5] = Near(i, 2) && is(2) && known_other(1);
  f[6] = Near(i, 2) && is(2) && unknown(1);
  f[7] = !Near(i, -2) && is(-2);
  f[8] = !Near(i, 2) && is(2);
  f[9] = is(-3) || is(-4) || is(3) || is(4);
  f[10] = named_here;
  f[11] = only_here;
  f[12] = ch_.a.subject[k] == c;
  f[13] = named_before;
  f[14] = LastNamed(p, -1) == c;
  f[15] = gender_fits;
  f[16] = g >= 0 && LastNamed(p, g) == c;
  f[17] = ch_.a.guess[k] == c;
  f[18] = ch_.a.local[k] == c;
  f[19] = AddressedAt(i, -1, c, true);
  f[20] = AddressedAt(i, 1, c, true);
  f[21] = AddressedAt(i, -1, c, false);
  f[22] = std::log1p(static_cast<double>(ch_.a.narration[k])) / 3;  // about 1 at 20 words
  f[23] = 1.0 / static_cast<double>(candidate_count);
  f[24] = Share(i, c);
  f[25] = !ch_.a.described[k].empty();
  f[26] = SpokeRecently(i, c);
  f[27] = NamedRecently(p, c);
  f[28] = unknown(-1);
  f[29] = prev2 && gender_fits;
  f[30] = f[1] * named_here;
  f[31] = g >= 0 && ch_.a.chain[k] == c;
  auto near_is = [&](std::ptrdiff_t d) { return Near(i, d) && is(d); };
  f[32] = near_is(-4) || near_is(4) || near_is(-6) || near_is(6);  // alternation's side
  f[33] = near_is(-3) || near_is(3) || near_is(-5) || near_is(5);  // the other side
  f[34] = 1.0 / static_cast<double>(std::max<std::size_t>(1, SpeakersAround(i)));
  f[35] = ChapterShare(c);
  f[36] = AddressesGenderOf(i, 0, c);  // the turn's "sir" addresses the candidate's gender
  f[37] = Near(i, -1) && AddressesGenderOf(i, -1, c);
  f[38] = Near(i, 1) && AddressesGenderOf(i, 1, c);
  return f;
}

// The model's likelihood that the candidate with features f speaks: the
// logistic of a weighted sum of the features and of each pair's product.
double Likelihood(const ContextFeatures& f) {
  static_assert(kContextWeights.size() ==
                kContextFeatures + (kContextFeatures - 1) * (kContextFeatures - 2) / 2);
  double z = 0;
  std::size_t w = 0;
  for (std::size_t n = 0; n < kContextFeatures; ++n) z += kContextWeights[w++] * f[n];
  for (std::size_t a = 1; a < kContextFeatures; ++a)
    for (std::size_t b = a + 1; b < kContextFeatures; ++b) z += kContextWeights[w++] * f[a] * f[b];
  return 1 / (1 + std::exp(-z));
}

void WeighContext(Chapter& ch, internal::ContextTrace* trace) {
  ContextModel model(ch);
  std::vector<std::pair<std::size_t, int>> decided;
  for (std::size_t i = 0; i < model.turns().size(); ++i) {
    const Turn& t = model.turns()[i];
    bool open = t.speaker == kNone;
    for (std::size_t k : t.quotes) open = open && ch.Open(k);
    if (!open || model.AddressesAThird(i) || model.StrangerFits(i)) continue;
    std::set<int> candidates = model.Candidates(i);
    double best = 0, total = 0;
    int who = kNone;
    for (int c : candidates) {
      ContextFeatures f = model.Features(i, c, candidates.size());
      double p = Likelihood(f);
      if (trace != nullptr) trace->push_back({t.quotes.front(), c, {f.begin(), f.end()}, p});
      total += p;
      if (p > best) {
        best = p;
        who = c;
      }
    }
    if (who >= 0 && best >= kContextThreshold && best / total >= kContextShare &&
        !model.Answers(i, who))
      decided.emplace_back(i, who);
  }
  for (auto [i, who] : decided)
    for (std::size_t k : model.turns()[i].quotes) Set(ch.a.quotes[k], who, "context");
}

void ApplyCorrections(Chapter& ch, const std::vector<Correction>& corrections, const Cast& cast) {
  for (const Correction& c : corrections)
    for (std::size_t k = 0; k < ch.a.quotes.size(); ++k) {
      Quotation& q = ch.a.quotes[k];
      if (q.paragraph != c.paragraph || q.begin != c.begin) continue;
      bool valid = c.speaker >= 0 && static_cast<std::size_t>(c.speaker) < cast.characters.size();
      Set(q, valid ? c.speaker : -1, valid ? "correction" : "");
      ch.locked[k] = true;
    }
}

}  // namespace

namespace internal {

std::vector<Quotation> AttributeChapterTraced(const std::vector<std::string_view>& paragraphs,
                                              const Cast& cast,
                                              const std::vector<Correction>& corrections,
                                              ContextTrace* trace) {
  Chapter ch;
  ch.cast = &cast;
  for (const Found& f : internal::ScanQuotations(paragraphs)) {
    bool after = !ch.a.quotes.empty() && ch.a.quotes.back().paragraph + 1 == f.quotation.paragraph;
    ch.a.quotes.push_back(f.quotation);
    ch.a.continues.push_back(f.continues && after);
  }
  std::size_t n = ch.a.quotes.size();
  ch.a.stranger.assign(n, 0);
  ch.a.addressed.assign(n, {});
  ch.a.mentioned.assign(n, {});
  ch.a.subject.assign(n, kNone);
  ch.a.pronoun.assign(n, -1);
  ch.a.guess.assign(n, kNone);
  ch.a.local.assign(n, kNone);
  ch.a.chain.assign(n, kNone);
  ch.a.replies.assign(n, false);
  ch.a.addressee.assign(n, 0);
  ch.a.described.assign(n, {});
  ch.a.linked.assign(n, false);
  ch.a.narration.assign(n, 0);
  ch.locked.assign(n, false);
  NameIndex names(cast);
  Context ctx;
  ctx.storyteller = cast.Storyteller();
  Evidence carry;
  ch.a.named.assign(paragraphs.size(), {});
  for (std::string_view p : paragraphs) ch.words.push_back(WordCount(p));
  for (std::size_t k = 0, p = 0; p < paragraphs.size(); ++p) {
    ctx.paragraph = p;
    ctx.open = true;
    std::size_t first = k;
    while (k < n && ch.a.quotes[k].paragraph == p) ++k;
    AttributeParagraph(paragraphs[p], first, k, names, cast, ctx, ch.a, carry);
  }
  ch.a.strangers.assign(paragraphs.size(), 0);
  for (auto [p, g] : ctx.strangers) ch.a.strangers[p] |= 1u << static_cast<int>(g);
  ApplyCorrections(ch, corrections, cast);
  for (bool by_paragraph : {true, false, true})
    for (const auto& g : Groups(ch, by_paragraph)) Fill(ch, g, "continued");
  ParagraphSubject(ch);
  for (int pass = 0; pass < 2; ++pass) {
    for (auto& run : Runs(ch)) Answer(ch, run);
    for (auto& run : Runs(ch)) Converse(ch, run);
    for (auto& run : Runs(ch)) TakeTurns(ch, run);
  }
  Described(ch);
  for (auto& run : Runs(ch)) TakeTurns(ch, run);
  WeighContext(ch, trace);
  // The turns the model took anchor the rules and the model once more.
  for (auto& run : Runs(ch)) Answer(ch, run);
  for (auto& run : Runs(ch)) Converse(ch, run);
  for (auto& run : Runs(ch)) TakeTurns(ch, run);
  WeighContext(ch, nullptr);
  for (bool by_paragraph : {true, false})
    for (const auto& g : Groups(ch, by_paragraph)) Fill(ch, g, "continued");
  return ch.a.quotes;
}

}  // namespace internal

std::vector<Quotation> AttributeChapter(const std::vector<std::string_view>& paragraphs,
                                        const Cast& cast,
                                        const std::vector<Correction>& corrections) {
  return internal::AttributeChapterTraced(paragraphs, cast, corrections, nullptr);
}

}  // namespace narrate::voices
