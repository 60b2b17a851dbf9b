// Private to app/: the parts a studio session (app/session.h) is made of,
// each with its own lock: the cache of spoken paragraphs, the watch on the
// lexicon files, the names worth checking, and the background build.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "app/app.h"
#include "app/cast.h"
#include "app/session.h"
#include "common/fork_host.h"
#include "pipeline/pipeline.h"
#include "pronunciation/lexicon.h"
#include "source/book.h"

namespace narrate::app::session {

// ---- Spoken paragraphs (session_speech.cc) ------------------------------------

// Everything a paragraph's render depends on: its text and pronunciations,
// each spoken line as prepared (normalised, lexicon words as phonemes) and
// the voice. A lexicon edit changes it only for the paragraphs it touches.
// The spans' edges and voices are part of it: a correction changes it.
std::string SpeechKey(const source::Paragraph& paragraph, const pipeline::TextPreparer& preparer,
                      const std::vector<pipeline::VoicedSpan>& spans = {});

// A render as the session hands it out: the PCM moved into a WAV file.
SpokenPtr ToSpoken(RenderedSpeech speech);

// Spoken results by SpeechKey, up to budget_bytes (WAV and key bytes); the
// least recently used go first. Thread-safe.
class SpeechCache {
 public:
  explicit SpeechCache(std::size_t budget_bytes) : budget_bytes_(budget_bytes) {}
  SpokenPtr Find(const std::string& key);  // null when not cached
  void Add(const std::string& key, SpokenPtr spoken);
  void Remove(const std::string& key);  // nothing when not cached
  std::size_t bytes();

 private:
  using Item = std::pair<std::string, SpokenPtr>;
  std::mutex mu_;
  std::list<Item> items_;  // most recently used first
  std::unordered_map<std::string, std::list<Item>::iterator> index_;
  std::size_t bytes_ = 0;
  const std::size_t budget_bytes_;
};

// A paragraph's render under way, for every call that wants it meanwhile:
// the samples so far, then the result. Thread-safe.
class Rendering {
 public:
  void Append(int rate_hz, std::span<const std::int16_t> samples);
  void Finish(const Result<SpokenPtr>& result);
  // Calls on_audio (when given) with the samples from the first, as they
  // come, outside the lock; returns the result once all are passed on.
  Result<SpokenPtr> Follow(const Speaker::AudioChunkFn& on_audio);

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int rate_hz_ = 0;
  std::vector<std::int16_t> pcm_;
  std::optional<Result<SpokenPtr>> result_;
};

// Passes a cached result's samples (its WAV's data) to on_audio in one call.
void Replay(const Spoken& spoken, const Speaker::AudioChunkFn& on_audio);

// ---- The cast (session_cast.cc) ----------------------------------------------

// The book's cast and what it speaks with, as read at one moment; replaced
// whole when a correction changes it.
struct CastState {
  BookCast cast;
  std::shared_ptr<const pipeline::BookVoicing> voicing;  // null: no cast
  std::uint64_t generation = 0;                          // grows with every correction
  // The spans of chapter c, paragraph p (1-based); empty when none.
  const std::vector<pipeline::VoicedSpan>& SpansOf(int chapter, int paragraph) const;
};
// CastBook and VoicingFor of the book.
Result<std::shared_ptr<const CastState>> ReadCast(const source::Book& book,
                                                  const std::string& voices_path,
                                                  const voices::VoiceSettings& voice,
                                                  std::uint64_t generation);
// The voice the narration is read in: the cast's [narrator] over `chosen`
// (app::ApplyCast's), `chosen` itself without a cast.
voices::VoiceSettings NarratorVoice(const CastState& state, const voices::VoiceSettings& chosen);
CastView CastViewOf(const CastState& state);
// Chapter `chapter`'s quotations (1-based), a vector per paragraph of it.
ChapterQuotations QuotationsOf(const source::Book& book, const CastState& state, int chapter);
// The byte of text at code point `char_index`; nullopt past its end.
std::optional<std::size_t> ByteOfCodePoint(std::string_view text, std::size_t char_index);
// The (chapter, paragraph) pairs, 1-based, whose spans differ between a and b.
std::vector<std::pair<int, int>> ChangedParagraphs(const source::Book& book, const CastState& a,
                                                   const CastState& b);

// ---- Lexicon files (session_lexicon.cc) ---------------------------------------

// The lexicons as the files were when last looked at.
struct LexiconState {
  std::shared_ptr<const pipeline::TextPreparer> preparer;
  std::string version;  // changes with any watched file's content
  std::string error;    // why the files as they are now do not load; "" when they do
};

// Identity, size and times of a file (all zero when there is none).
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t modified_ns = 0;
  std::int64_t changed_ns = 0;
  bool operator==(const FileStamp&) const = default;
};
FileStamp StampOf(const std::string& path);

// Keeps the preparer in step with the lexicon files: each Current() stats
// the files (cheap); when a stamp changed it hashes their contents, and when
// the contents changed it loads them again. Files that do not load keep the
// last good preparer (and say why). Thread-safe.
class LexiconWatch {
 public:
  using Loader = std::function<Result<pipeline::TextPreparer>()>;
  // files: every path the loader may read, those that do not exist included.
  LexiconWatch(std::vector<std::string> files, Loader load, pipeline::TextPreparer loaded);
  LexiconState Current();

 private:
  std::size_t ContentHash() const;
  std::vector<FileStamp> Stamps() const;

  const std::vector<std::string> files_;
  const Loader load_;
  std::mutex mu_;
  std::vector<FileStamp> stamps_;
  std::size_t loaded_hash_ = 0;  // contents the preparer was loaded from
  std::size_t failed_hash_ = 0;  // contents that did not load (0: none)
  LexiconState state_;
};

// An entry as the studio shows it; editable when it comes from `target`.
LexiconEntryView EntryView(const pronunciation::Entry& entry, bool editable);
// The entry a lexicon line holds (a line EditLexicon wrote), at `line` of file.
std::optional<LexiconEntryView> LineEntry(const std::string& line_text, const std::string& file,
                                          int line);
// Whether two paths name the same file (after links; either may not exist).
bool SameFile(const std::string& a, const std::string& b);

// The edit PutEntry makes of the target file's text: kReplace when it has
// the word (with that case option), else kAdd; kInvalidInput for a
// pronunciation the loader refuses (its detail), the file untouched.
Result<pronunciation::LexiconEdit> PutEdit(const std::string& target_text, const std::string& word,
                                           const std::string& pronunciation, bool case_sensitive);
// The edit removing the word: the entry without the case option, else the
// case-sensitive one; kNotFound when the file has neither.
Result<pronunciation::LexiconEdit> RemoveEdit(const std::string& target_text,
                                              const std::string& target, const std::string& word);

// ---- Names to check (session_names.cc) ----------------------------------------

// The names to check for the lexicons as they are (word and count only),
// and a lexicon to find them, and the lexicons' own words, in written text.
struct NameIndex {
  std::vector<NameToCheck> names;
  pronunciation::Lexicon finder;  // the names (kind kSuggested), then the lexicons' entries
};
NameIndex IndexNames(const std::vector<pronunciation::Suggestion>& names,
                     const pronunciation::Lexicon& lexicon);
// Fills in each name's first chapter and paragraph in the book and its
// sentence there (left 0 and "" for a name not found as written).
void PlaceNames(const source::Book& book, const std::string& language,
                std::vector<NameToCheck>& names);
// Where finder's entries occur in text, as code-point ranges.
std::vector<MarkedName> MarkNames(std::string_view text, const pronunciation::Lexicon& finder);
// The sentence of paragraph holding byte `at`, as written (trimmed):
// ("He ran. Worf came.", 9) → "Worf came."
std::string SentenceAt(std::string_view paragraph, std::size_t at, const std::string& language);

// The names the user keeps as eSpeak says them: a file of one name a line,
// '#' comments, rewritten atomically with its other lines kept. Not
// thread-safe.
class KeptNames {
 public:
  explicit KeptNames(std::string path);
  bool Has(const std::string& word) const;
  Status Set(const std::string& word, bool kept);  // reads the file as it is now first

 private:
  Status Read();  // an error, and no lines, when the file is there but unreadable
  std::string path_;
  std::vector<std::string> lines_;
};

// ---- The build in the background (session_build.cc) ---------------------------

// One build at a time, in a process of its own made from the session as it
// was when it opened (common/fork_host.h: a threaded process must not fork
// its builds' workers itself), followed by a thread of its own. Progress is
// counted from on_chapter and weighted by words. Thread-safe but for Open;
// the destructor cancels the build and waits for it.
class BuildRunner {
 public:
  using Run = std::function<Result<pipeline::BuildReport>(const BuildCallbacks&)>;
  // Makes the process the builds run from. Call while the process has one
  // thread. `run` runs in a child of it, in the program as it is now: it
  // must read what changes since (the lexicons) from the files.
  Status Open(Run run);
  ~BuildRunner();
  // words: for each chapter to render (1-based; 0 for credits), its words;
  // a chapter rendered as several files is listed once per file.
  Status Start(std::vector<std::pair<int, std::size_t>> words);
  void Cancel();
  BuildProgress Progress();
  BuildProgress Wait(std::uint64_t after_version, int timeout_ms);

 private:
  void Follow();  // on thread_: the build's messages until it ends
  void OnChapter(int number);
  void Finish(const Result<pipeline::BuildReport>& result);
  BuildProgress Snapshot() const;  // mu_ held

  std::unique_ptr<ForkHost> host_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::thread thread_;
  std::atomic<bool> cancel_{false};
  BuildProgress progress_;
  std::chrono::steady_clock::time_point started_;
  std::multimap<int, std::size_t> words_left_;
  std::size_t words_total_ = 0;
  std::size_t words_done_ = 0;
};

}  // namespace narrate::app::session
