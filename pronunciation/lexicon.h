// Pronunciation lexicons: how a word or phrase is spoken, applied to a
// normalised paragraph to give the Utterance that synthesis speaks.
//
// Native lexicon format (UTF-8, extension .lexicon or any but .pls):
//
//   # comment (a line whose first non-blank character is #)
//   grapheme<TAB>pronunciation[<TAB>options][<TAB># comment]
//
//   Qo'noS        [[q'oU?noUS]]          eSpeak phoneme mnemonics
//   Kronos        /ˈkroʊnɒs/             IPA, converted to eSpeak mnemonics
//   Azetbur       AZ-et-bur              a sounds-like respelling, read as text
//   US            [[j'u:'Es]]  case-sensitive
//
// - grapheme: a word or phrase ("Rura Penthe"); runs of spaces match any run
//   of white space. Matching is case-insensitive, whole words only, with
//   ' ’ ʼ equal; the longest grapheme wins. Possessive 's / s' and plural -s
//   (and -es after a sibilant) follow the entry, their ending ("z", "s" or
//   "I2z") put inside the phonemes.
// - options: `case-sensitive` makes the entry match only as written or in
//   all capitals ("US" matches "US", not "us").
// - respelling: letters, spaces, hyphens and apostrophes; syllables apart at
//   hyphens. One written with a hyphen or in capitals is read syllable by
//   syllable (SpeechPiece::Kind::kRespelling) with one stress a word: on the
//   syllable in capitals ("AZ-et-bur", "nuh-WEE"), else where eSpeak stresses
//   the word read whole ("kroh-nohs"); the others are unstressed. One without
//   either ("Kore", "Gill Bates") is read as text.
// - A second entry for the same grapheme (same case option) with a different
//   pronunciation is an error.
//
// W3C PLS 1.0 (.pls): <lexeme> with one or more <grapheme> and a <phoneme>
// (alphabet "ipa", or "x-espeak"/"espeak" for mnemonics; on <lexicon> or on
// the <phoneme>) or an <alias> (read as text). With several, the one marked
// prefer="true", else the first, is used. PLS entries are case-insensitive.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/speech.h"
#include "common/status.h"

namespace narrate::pronunciation {

namespace internal {
struct LexiconAccess;
}

struct Entry {
  std::string grapheme;      // as written in the file
  std::string espeak;        // mnemonics; empty when the entry is a respelling
  std::string respelling;    // as written, capitals marking stress; empty when espeak is set
  bool case_sensitive = false;
  std::string file;          // where the entry came from
  int line = 0;
  bool alias = false;  // a PLS <alias>: the respelling is read as text, never by syllables
  // The pronunciation in the native format's notation, as the file writes it
  // ("/ˈkroʊnɒs/", "[[kr'oUn0s]]", "KROH-nohs"; a PLS phoneme as "/…/" or "[[…]]").
  std::string written;
};

class Lexicon {
 public:
  // Native or PLS (by extension .pls/.xml, else by content starting with '<').
  // Fails with the first problem CheckLexiconFile would report, its file and
  // line set and " (and N more; see narrate lexicon check)" added to its
  // detail when there are others; the same codes.
  static Result<Lexicon> LoadFile(const std::string& path);
  // Parses lexicon text; `name` is used in messages (and as the problem's file).
  static Result<Lexicon> Parse(std::string_view content, const std::string& name);

  // Adds later's entries; an entry of later replaces one with the same
  // grapheme and case option.
  void Merge(const Lexicon& later);
  std::size_t size() const { return entries_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }

  // Splits the paragraph into text pieces (unchanged, as in the input) and a
  // piece per match: phonemes, or a respelling (a kRespelling piece, or text:
  // see above), its inflection added as written. source_offset is the
  // byte offset of the piece in the paragraph. An empty paragraph gives an
  // empty utterance; a paragraph without matches gives one text piece.
  Utterance Apply(std::string_view normalized_paragraph) const;
  // The entries Apply would use on text, each once, in order of first use.
  std::vector<const Entry*> Matches(std::string_view text) const;
  // Where Apply matches in text, left to right, not overlapping: the entry
  // and the bytes of the grapheme as written (an inflection after it left
  // out). "Worf's ship" with Worf → {Worf, 0, 4}.
  struct Match {
    const Entry* entry = nullptr;
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::vector<Match> Find(std::string_view text) const;

 private:
  friend struct internal::LexiconAccess;
  void Reindex();

  std::vector<Entry> entries_;
  std::vector<std::u32string> keys_;  // each entry's grapheme as matched
  // Folded first word of each grapheme -> indices into entries_, longest grapheme first.
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_word_;
};

// Validates a lexicon file: every problem, in line order, as a failed Status
// with file() and line() set and message() "file:line: detail". A problem with
// the content (bad IPA or eSpeak symbol, empty pronunciation, malformed line,
// duplicate grapheme with a different pronunciation, XML error) is
// kInvalidInput. A file that cannot be read is the only problem, line 0:
// kNotFound when it does not exist, kIo otherwise ("is a directory, not a
// lexicon file", "cannot read file"). Empty when the file is good.
std::vector<Status> CheckLexiconFile(const std::string& path);

// The user-wide lexicon: $XDG_CONFIG_HOME/narrate/lexicon, else
// ~/.config/narrate/lexicon ("" when neither variable is set).
std::string DefaultUserLexiconPath();

// A pronunciation as a native lexicon file writes it, checked as loading
// checks it, without the engine: an entry for grapheme with espeak (IPA
// converted) or respelling, and written, set; else kInvalidInput with the
// loader's detail ("unknown IPA symbol "ʘ" (U+0298) in /ˈkroʊnɒʘs/"). A tab
// or line break is refused, as no file line can hold one, and so is '#',
// which a file would read as the start of a comment ("x # y" → "x").
Result<Entry> ParsePronunciation(std::string_view grapheme, std::string_view written);

// <book>.lexicon beside the book: the book's own lexicon, loaded after the
// user-wide one. "books/emma.txt" → "books/emma.lexicon".
std::string BookLexiconPath(const std::string& book_path);

// The files LoadLexicons looks at, in its order, those that do not exist
// included (the embedded lexicons are not files, so not listed).
std::vector<std::string> LexiconFiles(const std::string& book_path,
                                      const std::vector<std::string>& explicit_files,
                                      const std::string& user_lexicon = DefaultUserLexiconPath());

struct LoadedLexicon {
  std::string path;
  std::size_t entries = 0;
};

struct LexiconSet {
  Lexicon lexicon;                     // merged, later files winning
  std::vector<LoadedLexicon> loaded;   // in load order, for "loaded lexicon FILE (N entries)"
};

// A lexicon held in memory (a PLS document shipped inside an EPUB).
struct LexiconText {
  std::string name;     // for messages and "loaded lexicon NAME"
  std::string content;
};

// Loads, in this order (later wins): the user-wide lexicon (user_lexicon, and
// user_lexicon + ".pls", if they exist), the book's own lexicons (embedded, in
// order), <book>.lexicon and <book>.pls beside the book (book path with its
// extension replaced; skipped when book_path is empty or they do not exist),
// then every explicit file in order. A missing explicit file (kNotFound, "FILE:
// no such lexicon file") or any invalid file (as LoadFile) is an error. In an embedded lexicon, a lexeme with a problem is left
// out (a book's PLS is not the reader's to fix); one that is not a valid
// PLS document at all is an error.
Result<LexiconSet> LoadLexicons(const std::string& book_path,
                                const std::vector<std::string>& explicit_files,
                                const std::string& user_lexicon = DefaultUserLexiconPath(),
                                const std::vector<LexiconText>& embedded = {});

// `lexicon suggest`: names a listener would likely hear mispronounced.
struct Suggestion {
  std::string text;   // word or phrase as it appears in the book ("Rura Penthe")
  int count = 0;      // occurrences, inflected forms included
};

struct SuggestOptions {
  // English word lists, one word a line (Debian's wamerican / wbritish). Words
  // found in any of them are ordinary English. Empty: the system lists.
  std::vector<std::string> word_lists;
  const Lexicon* known = nullptr;  // names this lexicon already covers are left out
  std::size_t limit = 0;           // 0: all
};

// /usr/share/dict/words, american-english and british-english, those that exist.
std::vector<std::string> DefaultWordLists();

// Capitalised words (or words with an inner apostrophe, like Qo'noS) that no
// word list knows, with possessive and plural forms counted under the base;
// adjacent unknown capitalised words as one phrase. Most frequent first (ties:
// first seen first). Fails when no word list can be read.
Result<std::vector<Suggestion>> Suggest(const std::vector<std::string>& paragraphs,
                                        const SuggestOptions& options = {});

// Lines ready to paste into a lexicon: "Name<TAB>[[phonemes]]<TAB># N times",
// with phonemes from default_phonemes (eSpeak's own reading of the name).
std::string FormatSuggestions(const std::vector<Suggestion>& suggestions,
                              const std::function<std::string(const std::string&)>& default_phonemes);

}  // namespace narrate::pronunciation
