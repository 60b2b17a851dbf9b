// Lexicon::Apply and Lexicon::Matches: whole-word, longest-first matching with
// inflected endings.
#include <algorithm>
#include <cctype>
#include <optional>

#include "pronunciation/internal.h"
#include "pronunciation/ipa.h"
#include "pronunciation/text_util.h"

namespace narrate::pronunciation {
namespace {

using internal::CodePoint;
using Text = std::vector<CodePoint>;

enum class Ending { kNone, kS, kBareApostrophe };

struct Found {
  const Entry* entry = nullptr;
  std::size_t grapheme_end = 0;  // code point index after the grapheme
  std::size_t end = 0;           // after the ending
  Ending ending = Ending::kNone;
};

char32_t FoldedAt(const Text& t, std::size_t i) {
  return i < t.size() ? internal::FoldCase(t[i].cp) : 0;
}

// True where a word cannot continue at i.
bool Boundary(const Text& t, std::size_t i) {
  if (i >= t.size()) return true;
  if (internal::IsWordChar(t[i].cp)) return false;
  return !(internal::IsApostrophe(t[i].cp) && i + 1 < t.size() && internal::IsWordChar(t[i + 1].cp));
}

bool WordStart(const Text& t, std::size_t pos) {
  if (!internal::IsWordChar(t[pos].cp)) return false;
  if (pos == 0) return true;
  if (internal::IsWordChar(t[pos - 1].cp)) return false;
  return !(internal::IsApostrophe(t[pos - 1].cp) && pos >= 2 && internal::IsWordChar(t[pos - 2].cp));
}

enum class Mode { kFolded, kExact, kUpper };

bool SameChar(char32_t text, char32_t key, Mode mode) {
  if (mode == Mode::kFolded) return internal::FoldCase(text) == key;
  const char32_t c = internal::IsApostrophe(text) ? U'\'' : text;
  return c == (mode == Mode::kExact ? key : internal::ToUpper(key));
}

// Index after key matched at pos, or nullopt.
std::optional<std::size_t> MatchKey(const Text& t, std::size_t pos, const std::u32string& key, Mode mode) {
  std::size_t i = pos;
  for (char32_t k : key) {
    if (k == U' ') {
      if (i >= t.size() || !internal::IsSpace(t[i].cp)) return std::nullopt;
      while (i < t.size() && internal::IsSpace(t[i].cp)) ++i;
    } else if (i >= t.size() || !SameChar(t[i].cp, k, mode)) {
      return std::nullopt;
    } else {
      ++i;
    }
  }
  return i;
}

bool EndsInSibilant(const Entry& e) {
  return !e.espeak.empty() && SEnding(e.espeak) == "I2z";
}

bool EndsInSLetter(const std::u32string& key) {
  const char32_t last = key.empty() ? 0 : key.back();
  return last == U's' || last == U'z' || last == U'x';
}

// Reads an inflection after the grapheme ending at e; false when the grapheme
// ends inside a longer word.
bool ReadEnding(const Text& t, std::size_t e, const Entry& entry, const std::u32string& key, Found& f) {
  const char32_t c0 = FoldedAt(t, e), c1 = FoldedAt(t, e + 1), c2 = FoldedAt(t, e + 2);
  auto set = [&](Ending ending, std::size_t end) {
    f.ending = ending;
    f.end = end;
    return true;
  };
  if (c0 == U'\'' && c1 == U's' && Boundary(t, e + 2)) return set(Ending::kS, e + 2);
  if (c0 == U's' && c1 == U'\'' && Boundary(t, e + 2)) return set(Ending::kS, e + 2);
  if (c0 == U's' && Boundary(t, e + 1)) return set(Ending::kS, e + 1);
  if (c0 == U'e' && c1 == U's' && EndsInSibilant(entry)) {
    if (c2 == U'\'' && Boundary(t, e + 3)) return set(Ending::kS, e + 3);
    if (Boundary(t, e + 2)) return set(Ending::kS, e + 2);
  }
  if (c0 == U'\'' && Boundary(t, e + 1) && EndsInSLetter(key)) return set(Ending::kBareApostrophe, e + 1);
  return Boundary(t, e) && set(Ending::kNone, e);
}

bool TryEntry(const Text& t, std::size_t pos, const Entry& entry, const std::u32string& key, Found& found) {
  std::optional<std::size_t> end;
  if (!entry.case_sensitive) {
    end = MatchKey(t, pos, key, Mode::kFolded);
  } else {
    end = MatchKey(t, pos, key, Mode::kExact);
    if (!end) end = MatchKey(t, pos, key, Mode::kUpper);
  }
  if (!end || !ReadEnding(t, *end, entry, key, found)) return false;
  found.entry = &entry;
  found.grapheme_end = *end;
  return true;
}

std::string FirstWordAt(const Text& t, std::size_t pos) {
  std::u32string word;
  for (std::size_t i = pos; i < t.size() && internal::IsWordChar(t[i].cp); ++i) word.push_back(t[i].cp);
  return internal::FirstWordKey(word);
}

// The first-word keys an entry matching at pos could have: the word itself,
// and without a plural -s or -es.
std::vector<std::string> LookupKeys(const Text& t, std::size_t pos) {
  std::vector<std::string> keys{FirstWordAt(t, pos)};
  for (std::string_view suffix : {"s", "es"}) {
    const std::string& word = keys.front();
    if (word.size() > suffix.size() && word.ends_with(suffix)) {
      keys.push_back(word.substr(0, word.size() - suffix.size()));
    }
  }
  return keys;
}

// The best match at pos: candidates come longest grapheme first per key; across
// keys the match covering more text wins.
std::optional<Found> FindAt(const Lexicon& lexicon, const Text& t, std::size_t pos) {
  if (!WordStart(t, pos)) return std::nullopt;
  const auto& entries = internal::LexiconAccess::entries(lexicon);
  const auto& keys = internal::LexiconAccess::keys(lexicon);
  std::optional<Found> best;
  for (const std::string& key : LookupKeys(t, pos)) {
    const auto* candidates = internal::LexiconAccess::Candidates(lexicon, key);
    if (!candidates) continue;
    Found found;
    for (std::size_t index : *candidates) {
      if (!TryEntry(t, pos, entries[index], keys[index], found)) continue;
      if (!best || found.grapheme_end > best->grapheme_end) best = found;
      break;
    }
  }
  return best;
}

// Calls on_match for each match, left to right, without overlaps.
template <typename F>
void Scan(const Lexicon& lexicon, const Text& t, F on_match) {
  for (std::size_t pos = 0; pos < t.size();) {
    std::optional<Found> found = FindAt(lexicon, t, pos);
    if (!found) {
      ++pos;
      continue;
    }
    on_match(pos, *found);
    pos = found->end;
  }
}

std::size_t ByteAt(const Text& t, std::size_t i, std::size_t total) {
  return i < t.size() ? t[i].byte : total;
}

// The inflection as written, except that after a syllable in capitals it is
// in capitals too, so that the syllable stays stressed: "nuh-WEE" + "s" →
// "nuh-WEES", "WEE-nuh" + "'S" → "WEE-nuh's".
std::string Ending(std::string_view written, std::string_view respelling, bool syllables) {
  std::string ending(written);
  if (!syllables || ending.empty()) return ending;
  const std::size_t last = respelling.find_last_of(" -");
  const std::size_t start = last == std::string_view::npos ? 0 : last + 1;
  const auto syllable = internal::ToU32(respelling.substr(start));
  const bool capitals = syllable && internal::AllCapitals(*syllable);
  for (char& c : ending)
    c = static_cast<char>(capitals ? std::toupper(static_cast<unsigned char>(c))
                                   : std::tolower(static_cast<unsigned char>(c)));
  return ending;
}

SpeechPiece MatchPiece(std::string_view paragraph, const Text& t, std::size_t pos, const Found& f) {
  const Entry& e = *f.entry;
  SpeechPiece piece;
  piece.source_offset = t[pos].byte;
  if (!e.espeak.empty()) {
    piece.kind = SpeechPiece::Kind::kPhonemes;
    piece.content = f.ending == Ending::kS ? JoinEspeak(e.espeak, SEnding(e.espeak)) : e.espeak;
    return piece;
  }
  const std::size_t from = ByteAt(t, f.grapheme_end, paragraph.size());
  const std::size_t to = ByteAt(t, f.end, paragraph.size());
  const auto respelling = internal::ToU32(e.respelling);
  const bool syllables = !e.alias && respelling && internal::ReadBySyllables(*respelling);
  piece.kind = syllables ? SpeechPiece::Kind::kRespelling : SpeechPiece::Kind::kText;
  piece.content = e.respelling + Ending(paragraph.substr(from, to - from), e.respelling, syllables);
  return piece;
}

}  // namespace

Utterance Lexicon::Apply(std::string_view paragraph) const {
  Utterance out;
  if (paragraph.empty()) return out;
  // Nothing to find (most books): the text as it is, without decoding it.
  if (entries_.empty()) return PlainUtterance(std::string(paragraph));
  const auto text = internal::Decode(paragraph);
  if (!text) return PlainUtterance(std::string(paragraph));
  std::size_t done = 0;  // bytes already in out
  Scan(*this, *text, [&](std::size_t pos, const Found& f) {
    const std::size_t start = (*text)[pos].byte;
    if (start > done) {
      out.push_back(
          {SpeechPiece::Kind::kText, std::string(paragraph.substr(done, start - done)), done, {}});
    }
    out.push_back(MatchPiece(paragraph, *text, pos, f));
    done = ByteAt(*text, f.end, paragraph.size());
  });
  if (done < paragraph.size()) {
    out.push_back({SpeechPiece::Kind::kText, std::string(paragraph.substr(done)), done, {}});
  }
  return out;
}

std::vector<const Entry*> Lexicon::Matches(std::string_view text) const {
  std::vector<const Entry*> out;
  for (const Match& m : Find(text)) {
    if (std::find(out.begin(), out.end(), m.entry) == out.end()) out.push_back(m.entry);
  }
  return out;
}

std::vector<Lexicon::Match> Lexicon::Find(std::string_view text) const {
  std::vector<Match> out;
  if (entries_.empty()) return out;  // nothing to find, as in Apply
  const auto decoded = internal::Decode(text);
  if (!decoded) return out;
  Scan(*this, *decoded, [&](std::size_t pos, const Found& f) {
    out.push_back({f.entry, (*decoded)[pos].byte, ByteAt(*decoded, f.grapheme_end, text.size())});
  });
  return out;
}

}  // namespace narrate::pronunciation
