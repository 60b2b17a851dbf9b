// `lexicon suggest`: names in a book that no English word list knows.
#include <algorithm>
#include <fstream>
#include <map>
#include <unordered_set>

#include "pronunciation/lexicon.h"
#include "pronunciation/text_util.h"

namespace narrate::pronunciation {
namespace {

using internal::CodePoint;

struct Token {
  std::u32string base;        // without possessive 's / s' / '
  bool sentence_start = false;
  bool possessive = false;    // an apostrophe ending was removed
  bool joins_next = false;    // only white space before the next token
};

struct WordStats {
  std::string display;
  int count = 0;
  std::size_t first_seen = 0;
  bool seen_lower = false;
  bool inner_apostrophe = false;
};

bool SentenceEnd(char32_t c) { return c == U'.' || c == U'!' || c == U'?' || c == U'…'; }

bool IsSentenceStart(const std::vector<CodePoint>& t, std::size_t pos) {
  while (pos > 0) {
    const char32_t c = t[--pos].cp;
    if (internal::IsWordChar(c)) return false;
    if (SentenceEnd(c)) return true;
  }
  return true;
}

std::u32string StripApostropheEnding(std::u32string word, bool& stripped) {
  auto apostrophe_at = [&](std::size_t from_end) {
    return word.size() > from_end && internal::IsApostrophe(word[word.size() - 1 - from_end]);
  };
  stripped = true;
  if (apostrophe_at(1) && (word.back() == U's' || word.back() == U'S')) word.resize(word.size() - 2);
  else if (apostrophe_at(0)) word.pop_back();
  else stripped = false;
  return word;
}

// Words of a paragraph: letters/digits with inner apostrophes; a trailing
// apostrophe is kept (s').
std::vector<Token> Tokenize(const std::vector<CodePoint>& t) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < t.size();) {
    if (!internal::IsWordChar(t[i].cp)) {
      if (!out.empty() && !internal::IsSpace(t[i].cp)) out.back().joins_next = false;
      ++i;
      continue;
    }
    std::u32string word;
    const std::size_t start = i;
    while (i < t.size() && (internal::IsWordChar(t[i].cp) ||
                            (internal::IsApostrophe(t[i].cp) && !word.empty()))) {
      word.push_back(t[i++].cp);
    }
    Token token;
    token.base = StripApostropheEnding(word, token.possessive);
    token.sentence_start = IsSentenceStart(t, start);
    token.joins_next = true;
    if (!token.base.empty()) out.push_back(std::move(token));
  }
  if (!out.empty()) out.back().joins_next = false;
  return out;
}

std::string Fold(std::u32string_view word) {
  std::string out;
  for (char32_t c : word) internal::AppendUtf8(out, internal::FoldCase(c));
  return out;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class WordList {
 public:
  Status Load(const std::vector<std::string>& paths);
  bool Knows(const std::string& folded) const;

 private:
  bool Has(const std::string& w) const { return words_.count(w) > 0; }
  std::unordered_set<std::string> words_;
};

Status WordList::Load(const std::vector<std::string>& paths) {
  bool any = false;
  for (const std::string& path : paths) {
    std::ifstream in(path);
    if (!in) continue;
    any = true;
    for (std::string line; std::getline(in, line);) words_.insert(internal::FoldWord(internal::Trim(line)));
  }
  if (any) return Status::Ok();
  return Status::Error("no English word list found (install the Debian package wamerican or wbritish)");
}

bool WordList::Knows(const std::string& w) const {
  if (Has(w)) return true;
  for (std::string_view contraction : {"n't", "'d", "'ve", "'ll", "'re", "'m"}) {
    if (EndsWith(w, contraction) && Has(w.substr(0, w.size() - contraction.size()))) return true;
  }
  if (EndsWith(w, "ies") && Has(w.substr(0, w.size() - 3) + "y")) return true;
  if (EndsWith(w, "es") && Has(w.substr(0, w.size() - 2))) return true;
  return EndsWith(w, "s") && Has(w.substr(0, w.size() - 1));
}

bool HasDigit(std::u32string_view w) {
  return std::any_of(w.begin(), w.end(), [](char32_t c) { return internal::IsDigit(c); });
}

bool RomanNumeral(std::u32string_view w) {
  return std::all_of(w.begin(), w.end(), [](char32_t c) { return std::u32string_view(U"IVXLCDM").find(c) != std::u32string_view::npos; });
}

bool InnerApostrophe(std::u32string_view w) {
  return std::any_of(w.begin(), w.end(), [](char32_t c) { return internal::IsApostrophe(c); });
}

// Could this word be a name worth a lexicon entry (before counting)?
bool Unknown(const Token& token, const WordList& words) {
  const std::u32string& w = token.base;
  if (w.size() < 2 || HasDigit(w) || RomanNumeral(w)) return false;
  return !words.Knows(Fold(w));
}

struct Counter {
  std::map<std::string, WordStats> stats;
  std::size_t order = 0;

  void Add(const std::string& key, const std::string& display, bool lower, bool apostrophe) {
    WordStats& s = stats[key];
    if (s.count++ == 0) {
      s.display = display;
      s.first_seen = order++;
    }
    s.seen_lower |= lower;
    s.inner_apostrophe |= apostrophe;
  }
};

// Pass 1: every unknown word, with how it is written.
Counter CountWords(const std::vector<std::vector<Token>>& paragraphs, const WordList& words) {
  Counter counter;
  for (const auto& tokens : paragraphs) {
    for (const Token& token : tokens) {
      if (!Unknown(token, words)) continue;
      const bool lower = !internal::IsUpper(token.base.front());
      counter.Add(Fold(token.base), internal::ToUtf8(token.base), lower, InnerApostrophe(token.base));
    }
  }
  return counter;
}

bool NameLike(const WordStats& s) { return s.inner_apostrophe || !s.seen_lower; }

// Pass 2: names and runs of adjacent capitalised names as phrases.
Counter CountNames(const std::vector<std::vector<Token>>& paragraphs, const Counter& words) {
  Counter names;
  auto is_name = [&](const Token& t) {
    auto it = words.stats.find(Fold(t.base));
    return it != words.stats.end() && NameLike(it->second);
  };
  for (const auto& tokens : paragraphs) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!is_name(tokens[i])) continue;
      std::u32string phrase = tokens[i].base;
      while (tokens[i].joins_next && !tokens[i].possessive && i + 1 < tokens.size() &&
             is_name(tokens[i + 1]) && internal::IsUpper(tokens[i + 1].base.front())) {
        phrase += U' ' + tokens[++i].base;
      }
      names.Add(Fold(phrase), internal::ToUtf8(phrase), false, false);
    }
  }
  return names;
}

// "Organians" counts as "Organian" when both occur.
void FoldPlurals(Counter& names) {
  for (auto it = names.stats.begin(); it != names.stats.end();) {
    auto base = EndsWith(it->first, "s") ? names.stats.find(it->first.substr(0, it->first.size() - 1))
                                         : names.stats.end();
    if (base == names.stats.end()) {
      ++it;
      continue;
    }
    base->second.count += it->second.count;
    base->second.first_seen = std::min(base->second.first_seen, it->second.first_seen);
    it = names.stats.erase(it);
  }
}

}  // namespace

std::vector<std::string> DefaultWordLists() {
  std::vector<std::string> out;
  for (const char* path : {"/usr/share/dict/words", "/usr/share/dict/american-english",
                           "/usr/share/dict/british-english"}) {
    if (std::ifstream(path)) out.push_back(path);
  }
  return out;
}

Result<std::vector<Suggestion>> Suggest(const std::vector<std::string>& paragraphs,
                                        const SuggestOptions& options) {
  WordList words;
  NARRATE_RETURN_IF_ERROR(words.Load(options.word_lists.empty() ? DefaultWordLists() : options.word_lists));
  std::vector<std::vector<Token>> tokens;
  for (const std::string& p : paragraphs) {
    if (auto decoded = internal::Decode(p)) tokens.push_back(Tokenize(*decoded));
  }
  Counter names = CountNames(tokens, CountWords(tokens, words));
  FoldPlurals(names);
  std::vector<std::pair<std::size_t, Suggestion>> ranked;
  for (const auto& [key, s] : names.stats) {
    if (options.known && !options.known->Matches(s.display).empty()) continue;
    ranked.push_back({s.first_seen, {s.display, s.count}});
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second.count != b.second.count ? a.second.count > b.second.count : a.first < b.first;
  });
  std::vector<Suggestion> out;
  for (auto& [order, s] : ranked) {
    if (options.limit && out.size() == options.limit) break;
    out.push_back(std::move(s));
  }
  return out;
}

std::string FormatSuggestions(const std::vector<Suggestion>& suggestions,
                              const std::function<std::string(const std::string&)>& default_phonemes) {
  std::string out;
  for (const Suggestion& s : suggestions) {
    std::string phonemes = default_phonemes ? default_phonemes(s.text) : std::string();
    phonemes = std::string(internal::Trim(phonemes));
    while (!phonemes.empty() && (phonemes.back() == '\n' || phonemes.back() == '\r')) phonemes.pop_back();
    out += s.text + "\t[[" + phonemes + "]]\t# " + std::to_string(s.count) +
           (s.count == 1 ? " time\n" : " times\n");
  }
  return out;
}

}  // namespace narrate::pronunciation
