// A studio session: one book held open for a front end that asks about it
// many times (the studio's HTTP server): its chapters and spoken text, a
// paragraph's audio and word timings, speech of any text with trial
// pronunciations, the book's lexicon file edited entry by entry, the names
// worth checking, and a background build with progress.
//
// Contracts:
// - Threading: every call is safe from any thread at any time. Calls that
//   need the engine share one long-lived worker (app::Speaker) and wait for
//   it in turn; Book(), Chapter(), Lexicon() and Progress() never wait for
//   the engine or a build.
// - Failure: Status/Result as the rest of app/: kNotFound for a chapter,
//   paragraph or lexicon entry the book or file does not have, kInvalidInput
//   for a pronunciation or text that cannot be used (the message says why, as
//   `narrate lexicon check` would), kAlreadyExists when a build is already
//   running, kIo when a file cannot be written.
// - Files: the session reads the book once (at OpenSession) and the lexicon
//   files whenever they change on disk (another program's edit is picked up
//   before the next call that uses them, and an edit is applied to the file
//   as it is now, never to an older copy). It writes only the target lexicon
//   file (atomically, comments and order kept: app::EditLexicon), the
//   kept-names file, and the build's output folder. No argument of any call
//   becomes a file path.
// - Memory: rendered paragraphs are cached by content (text as prepared,
//   voice, the voiced spans of its quotations), up to a fixed budget; the
//   oldest are dropped first.
// - Casts: the cast (SessionOptions::voices_path) and the corrections file
//   beside the book are read at OpenSession (a bad file is its error); the
//   session writes the corrections file (CorrectSpeaker) and speaks each
//   quotation in its speaker's voice, as `narrate build` does.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "common/status.h"
#include "pipeline/pipeline.h"
#include "source/book.h"

namespace narrate::app {

struct SessionOptions {
  std::string book_path;
  source::ReadOptions reading;
  // What the studio's build writes and how it speaks: the same options as
  // `narrate build BOOK` with them, so its files are the ones that command
  // writes. build.speech.lexicons are the --lexicon files, later winning.
  pipeline::BuildOptions build;
  // The files' tags and cover (build.tags is made from them, as `narrate
  // build` makes its own): --cover, --narrator, --year, --description.
  TagOptions tags;
  bool voice_given = false;  // build.speech.voice was asked for (else: the book's language)
  // The lexicon file edits go to: "" = the last --lexicon when one is given,
  // else <book>.lexicon beside the book (created by the first edit).
  std::string lexicon_path;
  // Names the user chose to keep as eSpeak says them: "" = <book>.kept-names
  // beside the book (one name a line; '#' comments).
  std::string kept_names_path;
  // The cast (voices.toml, `--voices`): "" = <book>.voices.toml beside the
  // book when it exists (app::CastPathFor), else none.
  std::string voices_path;
};

// A name marked in a paragraph's text.
enum class NameKind { kLexicon, kSuggested };
struct MarkedName {
  std::size_t char_start = 0;  // code points into Paragraph::text
  std::size_t char_end = 0;
  std::string word;  // as written in the text
  NameKind kind = NameKind::kLexicon;
};

// A quotation of a paragraph and who speaks it (app::CastBook's attribution,
// the user's corrections included).
struct QuotationView {
  std::size_t char_start = 0;  // code points into Paragraph::text, marks excluded
  std::size_t char_end = 0;
  std::string text;     // as written, without its marks
  std::string speaker;  // character id; "" = none (spoken in the dialogue voice)
  std::string rule;     // voices/quotations.h: "explicit", "correction", ...; "" = none
};
// The quotations of a chapter, a vector per paragraph (paragraph 1 first).
using ChapterQuotations = std::vector<std::vector<QuotationView>>;

struct ParagraphView {
  int index = 0;       // 1-based, as `preview --paragraph` takes it
  std::string text;    // written
  std::string spoken;  // normalised (TextPreparer::Normalize), what eSpeak reads before lexicons
  std::vector<MarkedName> names;  // in text order, not overlapping
  std::vector<QuotationView> quotations;  // in text order
};

// The book's cast as the session speaks it.
struct CastCharacterView {
  std::string id;
  std::vector<std::string> names;
  std::string gender;  // "male", "female", "unknown"
  std::string voice;   // the resolved eSpeak voice: "en-us+m1"
};
struct CastView {
  std::string file;                           // the voices.toml in use; "" when the book has none
  std::string corrections_file;               // <book>.speakers.toml (it may not exist yet)
  std::vector<CastCharacterView> characters;  // in the file's order
};

struct ChapterView {
  int number = 0;
  std::string title;
  std::vector<ParagraphView> paragraphs;
  // False while the book's names are still being found (Chapter waits for
  // them a moment only): the names marked are older ones, or the lexicons'
  // alone. NamesToCheck waits for them; a chapter asked for after it has them.
  bool names_ready = true;
};

struct BookView {
  std::string title;
  std::string author;
  std::string language;  // as the book declares it; "" when it does not
  // DescribeVoice of the voice it is read with: "en-gb (the book's language)";
  // "en-gb+m3 (the cast's narrator)" when the cast's [narrator] changes it.
  std::string voice;
  std::string lexicon_file;  // the target lexicon's file name (no folder)
  std::vector<ChapterSummary> chapters;
};

// A paragraph or text spoken: a whole WAV file (16-bit mono PCM, header
// included) and the words' timings. Shared: cached results are not copied.
struct Spoken {
  std::string wav;
  RenderedSpeech speech;  // pcm is empty here (it is in wav); words, spoken_text, rate
};
using SpokenPtr = std::shared_ptr<const Spoken>;

// A pronunciation as the lexicon file would take it, checked without the
// engine: kind "ipa" (/…/), "espeak" ([[…]]) or "respelling"; espeak is what
// eSpeak is given for it (IPA converted; a respelling as it is read).
struct PronunciationCheck {
  bool valid = false;
  std::string kind;
  std::string espeak;
  std::string error;  // why not valid: "unknown IPA symbol "ʘ" (U+0298) in /ˈkroʊnɒʘs/"
};

struct LexiconEntryView {
  std::string word;           // as the file writes it
  std::string pronunciation;  // as the file writes it
  bool case_sensitive = false;
  std::string file;  // file name (no folder) it comes from
  int line = 0;
  bool editable = false;  // in the target file
};

struct LexiconView {
  std::string file;     // target file name (no folder)
  std::string version;  // changes whenever any loaded lexicon file's content changes
  std::vector<LexiconEntryView> entries;  // every loaded entry, later files winning
  // Why the files as they are now do not load (another program broke one):
  // the last lexicons that loaded stay in use. "" when they load.
  std::string error;
};

struct LexiconChange {
  std::optional<LexiconEntryView> before;  // empty when the word had no entry in the file
  std::optional<LexiconEntryView> after;   // empty when removed
  std::vector<int> chapters;               // chapters whose audio the edit changes
  std::vector<int> stale_chapters;         // all chapters the next build re-renders
  std::string version;                     // LexiconView::version after the edit
};

struct NameToCheck {
  std::string word;
  int count = 0;
  int chapter = 0;  // where the example sentence is
  int paragraph = 0;
  std::string sentence;  // a sentence it occurs in, as written
  std::string phonemes;  // eSpeak's own reading (mnemonics)
  bool kept = false;     // the user chose "keep as is"
};

enum class BuildState { kIdle, kRunning, kDone, kFailed, kCancelled };
struct BuildProgress {
  BuildState state = BuildState::kIdle;
  int chapters_done = 0;
  int chapters_total = 0;
  double elapsed_seconds = 0;
  double eta_seconds = -1;    // -1: not known yet
  std::string message;        // the error when failed; the output folder when done
  std::uint64_t version = 0;  // grows with every change
};

class Session {
 public:
  virtual ~Session() = default;

  virtual BookView Book() = 0;
  virtual Result<ChapterView> Chapter(int number) = 0;
  // The paragraph as a build speaks it (Speaker::Render), cached.
  virtual Result<SpokenPtr> Paragraph(int chapter, int paragraph) = 0;
  // Paragraph, with on_audio hearing its samples, in order, as they come: as
  // the engine makes them when the paragraph is being rendered (for this
  // call, another one's or the read-ahead's: one render for them all),
  // all in one call when it is cached. The samples passed, concatenated, are
  // those of the result's WAV; on_audio blocking delays this call only,
  // never the render. (This default: Paragraph, then all in one call.)
  virtual Result<SpokenPtr> Paragraph(int chapter, int paragraph,
                                      const Speaker::AudioChunkFn& on_audio);
  // The paragraph's audio when it is cached (or can otherwise be had at
  // once), else null; kNotFound as Paragraph. Never waits for the engine.
  // (This default: Paragraph's.)
  virtual Result<SpokenPtr> CachedParagraph(int chapter, int paragraph);
  // Text spoken as one paragraph with the book's voice and lexicons, `[[…]]`
  // in the text spoken as eSpeak mnemonics, and the trial entries (word →
  // pronunciation, as a lexicon file writes it) winning over the files' for
  // this call only. kInvalidInput for an empty text or a bad trial entry.
  virtual Result<SpokenPtr> Say(const std::string& text,
                                const std::vector<std::pair<std::string, std::string>>& trial) = 0;
  // The phonemes eSpeak speaks for the text (mnemonics), with the same
  // lexicons and trial entries as Say.
  virtual Result<std::string> Phonemes(
      const std::string& text, const std::vector<std::pair<std::string, std::string>>& trial) = 0;
  virtual PronunciationCheck CheckPronunciation(const std::string& pronunciation) = 0;

  virtual LexiconView Lexicon() = 0;
  // Adds or replaces the word's entry in the target file.
  virtual Result<LexiconChange> PutEntry(const std::string& word, const std::string& pronunciation,
                                         bool case_sensitive) = 0;
  virtual Result<LexiconChange> RemoveEntry(const std::string& word) = 0;
  // Chapters whose files are missing or out of date in the build's folder.
  virtual std::vector<int> StaleChapters() = 0;

  // `lexicon suggest`'s names, most frequent first, without those the
  // lexicons now cover; kept names stay in the list, marked.
  virtual Result<std::vector<NameToCheck>> NamesToCheck() = 0;
  virtual Status KeepName(const std::string& word, bool kept) = 0;

  // The cast the book is spoken with (this default: none).
  virtual CastView Cast();
  // Records that the quotation of the paragraph beginning at code point
  // char_start is spoken by `who` (a character id of the cast, "" for
  // nobody: the dialogue voice) in the corrections file beside the book
  // (app::CorrectSpeaker), attributes the book again (a correction changes
  // later turn-taking) and drops the audio of the paragraphs whose voices
  // changed. Returns the chapter's quotations as they are now. kNotFound for
  // an unknown chapter, paragraph or quotation; kInvalidInput for an unknown
  // character. (This default: kNotFound, no quotations.)
  virtual Result<ChapterQuotations> CorrectSpeaker(int chapter, int paragraph,
                                                   std::size_t char_start, const std::string& who);

  // Starts the incremental build of the stale chapters in the background.
  virtual Status StartBuild() = 0;
  virtual void CancelBuild() = 0;
  virtual BuildProgress Progress() = 0;
  // Blocks until Progress().version > after_version or timeout_ms passed;
  // returns Progress().
  virtual BuildProgress WaitForProgress(std::uint64_t after_version, int timeout_ms) = 0;
};

// Opens the book, its lexicons and its cast (the same errors as `narrate
// build` gives for them; the corrections that no longer match are added to
// *warnings), chooses the voice as `narrate build` does, and starts the
// engine's worker in that voice (so the first paragraph pays no eSpeak
// start), and starts finding the names to check on a thread of its own (the
// whole book's text: seconds for a long book); no build starts until asked.
// The build's tags come from BookTagsFor(book, options.tags): its errors are
// OpenSession's, and a line naming the book's own cover that cannot be used
// is added to *warnings (when not null).
Result<std::unique_ptr<Session>> OpenSession(const SessionOptions& options,
                                             std::vector<std::string>* warnings = nullptr);

// The WAV file bytes (RIFF, 16-bit PCM, mono) of samples at rate_hz.
std::string WavBytes(const std::vector<std::int16_t>& pcm, int rate_hz);
// The header of a WAV file of unknown length, to stream its samples after
// it: WavBytes' 44 bytes with the RIFF and data sizes 0xFFFFFFFF.
std::string StreamingWavHeader(int rate_hz);

}  // namespace narrate::app
