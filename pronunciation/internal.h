// Internal: what the lexicon's parsers, matcher and loaders share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pronunciation/lexicon.h"

namespace narrate::pronunciation::internal {

// A problem with a lexicon's content, found while parsing.
struct Problem {
  std::string file;
  int line = 0;
  std::string message;
  // As the public API reports it: kInvalidInput with file and line set.
  Status ToStatus() const { return Status::InFile(StatusCode::kInvalidInput, file, line, message); }
};

struct Parsed {
  std::vector<Entry> entries;
  std::vector<Problem> problems;
};

// Limits on one lexicon file, so a broken or hostile file fails with a one-line error
// instead of exhausting memory or time. Each message names the limit.
inline constexpr std::size_t kMaxLexiconBytes = std::size_t{64} << 20;  // 64 MiB
inline constexpr std::size_t kMaxLexiconEntries = 1'000'000;
inline constexpr std::size_t kMaxLexiconLineBytes = std::size_t{64} << 10;  // native format
// "larger than 64 MiB (limit)", "more than 1000000 entries (limit)",
// "line longer than 65536 bytes (limit)"
std::string SizeLimitMessage();
std::string EntryLimitMessage();
std::string LineLimitMessage();

// The whole file. Errors have the file set: kNotFound when it does not exist,
// kIo when it cannot be read (a directory, no permission), kInvalidInput when it is
// larger than kMaxLexiconBytes (found before reading it).
Result<std::string> ReadFile(const std::string& path);

Parsed ParseNative(std::string_view content, const std::string& name);
Parsed ParsePls(std::string_view content, const std::string& name);
// PLS when the name ends in .pls/.xml or the content starts with '<'.
Parsed ParseAny(std::string_view content, const std::string& name);

// The native format's only option.
inline constexpr std::string_view kCaseSensitiveOption = "case-sensitive";
// A native line's non-empty fields, trimmed, as views into `line`: grapheme,
// pronunciation, options; a trailing "# comment" field and those after it dropped.
std::vector<std::string_view> SplitFields(std::string_view line);
// Fills entry.espeak or entry.respelling from a pronunciation as written in a
// native file; "" on success, else the problem.
std::string SetPronunciation(std::string_view written, Entry& entry);
// Same for PLS: alphabet "ipa", "x-espeak"/"espeak" or "alias".
std::string SetPlsPronunciation(std::string_view text, std::string_view alphabet, Entry& entry);
// Problems common to every format: grapheme shape, duplicates.
void CheckEntries(const std::vector<Entry>& entries, std::vector<Problem>& problems);

// The grapheme as matched: apostrophes as ', white space as one space, trimmed,
// case-folded unless the entry is case-sensitive.
std::u32string GraphemeKey(std::string_view grapheme, bool case_sensitive);
// The folded first run of letters and digits ("hur" for "Hur'Q").
std::string FirstWordKey(std::u32string_view text);

struct LexiconAccess {
  static std::vector<Entry>& entries(Lexicon& l) { return l.entries_; }
  static const std::vector<Entry>& entries(const Lexicon& l) { return l.entries_; }
  static const std::vector<std::u32string>& keys(const Lexicon& l) { return l.keys_; }
  static const std::vector<std::size_t>* Candidates(const Lexicon& l, const std::string& key);
  static void Reindex(Lexicon& l) { l.Reindex(); }
};

}  // namespace narrate::pronunciation::internal
