// The application layer: the calls every front end makes (the `narrate`
// command line, the studio). Each is a plain call that returns a value or a
// Status; none prints, reads the terminal or exits. Front ends parse their
// input, call these, and show the result.
//
// Contracts:
// - Failure: every call returns Status/Result; codes say what kind of failure
//   it is (kUsage for options that conflict or ask for what the book lacks,
//   kNotFound for a missing file, kInterrupted when cancelled, ...), and messages are one
//   line naming the file at fault.
// - eSpeak is never opened in the calling process: speech, phonemes and the
//   voice list come from worker processes (a Speaker's long-lived worker, or
//   a fresh worker per chapter for builds).
// - Threading: free functions are safe to call from any thread on distinct
//   arguments; a Speaker serves one call at a time (callers serialise).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/speech.h"
#include "common/status.h"
#include "pipeline/pipeline.h"
#include "pronunciation/lexicon_edit.h"
#include "source/book.h"
#include "voices/voice.h"

namespace narrate::app {

// ---- Books ------------------------------------------------------------------

// Reads a book (source::ReadBook) with reading options (title and author
// overrides, front matter, footnotes, alt text). The book's notices (one line
// each, e.g. "old.txt: not UTF-8; read as windows-1252") are for the front end
// to show; UTF-8 books have none.
Result<source::Book> OpenBook(const std::string& path, const source::ReadOptions& reading);

// One item of a --chapters list: chapters first..last, both included.
struct ChapterRange {
  int first = 1;
  int last = 0;  // 0: to the book's last chapter ("5-")
};

// A --chapters list as written, items in the order given: "3-7,12" →
// {3,7},{12,12}; "5-" (5 to the last) → {5,0}; "-3" (1 to 3) → {1,3}; "1,5-" →
// {1,1},{5,0}. Fails on anything else ("", "0", "7-3", "a", "-", "1,,2") with
// a one-line kUsage message.
Result<std::vector<ChapterRange>> ParseChapterList(std::string_view spec);

// --chapters for a book: the list's chapters, sorted, without repeats, open
// ends reaching the book's last chapter; a number past it is a kUsage
// error naming the book's range ("5-" of a 3-chapter book: "--chapters 5 is
// not in 1..3 (see 'narrate chapters')"). An empty spec selects all (an empty
// list).
Result<std::vector<int>> SelectChapters(const source::Book& book, std::string_view spec);

// The paragraph `number` (1-based) of chapter `chapter` (1-based), or a
// kUsage error naming the valid range.
Result<const source::Paragraph*> FindParagraph(const source::Book& book, int chapter, int number);

// What `narrate chapters` lists for each chapter, in reading order.
struct ChapterSummary {
  int number = 0;  // 1-based, as --chapters and --chapter take it
  std::string title;
  std::size_t paragraphs = 0;
  std::size_t words = 0;  // source::CountWords
};
std::vector<ChapterSummary> SummarizeChapters(const source::Book& book);

// The chapters a build with `options` renders (options.chapters; empty: all),
// in book order, as SummarizeChapters lists them: what its progress counts.
std::vector<ChapterSummary> ChaptersToBuild(const source::Book& book,
                                            const pipeline::BuildOptions& options);

// `chapters --json`: one JSON object, keys in this order, numbers as JSON
// numbers: {"title", "author", "language" (as the book declares it; "" when
// it does not), "chapters": [{"number", "title", "paragraphs", "words"}]}.
// Text that is not UTF-8 is replaced (U+FFFD), never an error.
std::string ChaptersJson(const source::Book& book);

// ---- Voices -----------------------------------------------------------------

struct VoiceInfo {
  std::string name;         // what --voice accepts: "en-us", or a variant "+f2"
  std::string description;  // eSpeak's own name, e.g. "English_(America)"
  std::string gender;       // "male", "female" or ""
  std::string identifier;   // eSpeak's file: "roa/fr" (--voice also takes "fr"), "!v/f2"
};

// The voices as `narrate voices` shows them: base voices sorted by name, the
// default among them; variants by name without the "+" ("f2", "Alex"),
// sorted case aside.
struct VoiceList {
  std::vector<VoiceInfo> voices;
  std::vector<VoiceInfo> variants;
  std::string default_name;  // voices::VoiceSettings{}.name: "en"
};
// Splits eSpeak's listing (Speaker::Voices()) into voices and variants, and
// adds the default voice, which eSpeak lists under its first language
// ("en-gb"), under its own name ("en", described as that voice).
VoiceList SortVoices(const std::vector<VoiceInfo>& listed);

// Ok when eSpeak speaks `name` as asked: the base voice as listed or by its
// eSpeak file ("en-US", "fr", case aside), the variant as listed (its case
// counts: "+Alex", not "+alex") or by number ("+3" = "+m3", "+12" = "+f2").
// Else a kUsage error naming what is unknown, with the nearest listed name
// when one is near: "unknown voice 'en-uk' (see 'narrate voices'); did you
// mean 'en-gb'?", "unknown variant 'nonexistent' in 'en-us+nonexistent' (see
// 'narrate voices')".
Status CheckVoiceName(const std::string& name, const VoiceList& list);

// A name CheckVoiceName accepts, spelled one way, so that builds asked for
// the same voice in other spellings share their files: "EN-US+12" →
// "en-us+f2", "en+0" → "en", "GMW/EN" → "gmw/en".
std::string SpelledAsListed(const std::string& name, const VoiceList& list);

// A BCP 47 language tag as eSpeak spells voice names: "en_GB" → "en-gb".
std::string VoiceTag(std::string_view language);

// The eSpeak voice for a BCP 47 language tag among the names `narrate voices`
// lists: the whole tag ("en-GB" → "en-gb"), else the language itself ("fr"),
// else its main regional voice ("fr" → "fr-fr"). English without a listed
// region stays "en", the default. "" when no voice speaks the language.
std::string VoiceForLanguage(std::string_view language,
                             const std::vector<std::string>& voice_names);

// ---- Tags, cover, layout, output folder -----------------------------------

struct TagOptions {
  std::string narrator;
  std::string year;
  std::string description;
  std::string cover_path;  // JPEG, PNG or SVG; empty = the book's own cover, if any
};

// The metadata written into every file: the options, else what the book says
// (EPUB description, year, publisher, series, subjects). The cover (--cover,
// else the book's own) becomes package::FitCover's JPEG: at most 1400 px and
// about 500 KB, the original untouched. A --cover that is missing, not a
// JPEG/PNG/SVG or cannot be decoded is an error naming it; the book's own
// cover that cannot be used is left out, with one line naming it added to
// *warnings (when not null).
Result<pipeline::BookTags> BookTagsFor(const source::Book& book, const TagOptions& options,
                                       std::vector<std::string>* warnings = nullptr);

enum class Layout {
  kFlat,         // <output or audiobooks/<title>>/
  kAuthorTitle,  // <output or audiobooks>/<author>/<title>/, as audiobook servers scan
};

// The folder a build writes into; "" means pipeline's default
// (audiobooks/<title>).
std::string OutputDirFor(const source::Book& book, const std::string& output, Layout layout);

// ---- Speech in a worker -------------------------------------------------------

// One word of rendered speech.
struct SpokenWord {
  std::string word;      // what was said ("nineteen")
  std::string phonemes;  // eSpeak mnemonics as spoken
  std::int64_t start_sample = 0;
  std::int64_t end_sample = 0;
  std::size_t char_start = 0;  // code points into the text given
  std::size_t char_end = 0;
  bool exact = true;  // false: normalisation rewrote it; the range is the written stretch
};

// A paragraph (or any text) rendered to memory.
struct RenderedSpeech {
  std::vector<std::int16_t> pcm;  // mono
  int sample_rate_hz = 0;
  std::string spoken_text;  // what eSpeak was given: normalised, lexicon words as [[phonemes]]
  std::vector<SpokenWord> words;
  double seconds() const { return sample_rate_hz ? double(pcm.size()) / sample_rate_hz : 0; }
};

// Speech that needs the engine, served by one long-lived worker process that
// keeps eSpeak loaded (started on first use, restarted after it dies). Each
// result depends on its input alone. Not thread-safe: one call at a time.
class Speaker {
 public:
  Speaker();
  ~Speaker();
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;

  // The voices eSpeak offers (cached after the first call).
  Result<std::vector<VoiceInfo>> Voices();
  // The phonemes the engine speaks for each utterance (IPA or eSpeak
  // mnemonics), one string per utterance; pieces without a voice of their
  // own are spoken in `voice`.
  Result<std::vector<std::string>> Phonemes(const std::vector<Utterance>& utterances,
                                            const voices::VoiceSettings& voice, bool ipa);
  // Renders a paragraph to memory exactly as a build speaks it: prepared by
  // `preparer`, in its voice (pieces carry the voice they are spoken in);
  // verse lines ('\n') one after another with the default Pacing's
  // verse_line_pause_ms of silence between them, spoken_text one line each.
  // on_audio (when given) hears the samples as they are synthesised, in
  // order, about every 200 ms of audio, with the sample rate: all of them
  // concatenated are the result's pcm. Called on this thread, before Render
  // returns; the samples are valid during the call only.
  using AudioChunkFn =
      std::function<void(int sample_rate_hz, std::span<const std::int16_t> samples)>;
  // spans: the paragraph's quotations in their speakers' voices
  // (pipeline::BookVoicing::Of), spoken as a build with that voicing speaks them.
  Result<RenderedSpeech> Render(const source::Paragraph& paragraph,
                                const pipeline::TextPreparer& preparer,
                                const AudioChunkFn& on_audio = {},
                                const std::vector<pipeline::VoicedSpan>& spans = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// SortVoices of the speaker's listing.
Result<VoiceList> ListVoices(Speaker& speaker);

// The voice a book is read with: `asked` as given when name_given, checked
// with CheckVoiceName (kUsage when eSpeak has no such voice or variant); else
// the voice for the book's declared language when eSpeak has one (note
// empty), or `asked` with a note saying the language has no voice.
enum class VoiceSource { kGiven, kBookLanguage, kDefault };
struct VoiceChoice {
  voices::VoiceSettings voice;
  std::string note;  // for the user; empty when nothing is worth saying
  VoiceSource source = VoiceSource::kDefault;
};
// The choice in words: "en-us+f2", "en-gb (the book's language)", "en (default)".
std::string DescribeVoice(const VoiceChoice& choice);
Result<VoiceChoice> ChooseVoice(const voices::VoiceSettings& asked, bool name_given,
                                const source::Book* book, Speaker& speaker);
// ChooseVoice for the text rules alone (normalize): an English book is read by the voice its
// tag names ("en-GB" -> "en-gb") without starting eSpeak to list voices; other languages ask.
Result<VoiceChoice> ChooseTextVoice(const voices::VoiceSettings& asked, bool name_given,
                                    const source::Book* book, Speaker& speaker);

// ---- Text preparation, phonemes, suggestions ----------------------------------

// Normaliser and lexicons for speech (the book's own PLS lexicons too, when
// book is given). preparer.lexicons() says which files were loaded.
Result<pipeline::TextPreparer> LoadPreparer(const pipeline::SpeechOptions& speech,
                                            const std::string& book_path,
                                            const source::Book* book = nullptr);

// `phonemes -f`: the phonemes eSpeak speaks for the book, prepared as a build
// prepares it, numbered as `preview --chapter N --paragraph M` takes them: per
// chapter a "# N. Title" line (as `normalize -f`), then "title: ..." for its
// spoken title (when it has one) and "M: ..." for paragraph M, one a line; a
// blank line between chapters. "# 1. Dawn\ntitle: d'O:n\n1: m'i@r@ w'O:kt\n"
Result<std::string> BookPhonemes(const source::Book& book, const pipeline::TextPreparer& preparer,
                                 const voices::VoiceSettings& voice, bool ipa, Speaker& speaker);

// `lexicon suggest`: the book's rare and invented names with eSpeak's own
// reading, as lines ready to paste into a lexicon.
Result<std::string> SuggestLexiconEntries(const source::Book& book,
                                          const pipeline::TextPreparer& preparer,
                                          const voices::VoiceSettings& voice, Speaker& speaker);

// ---- Normalisation, lexicon checks, ACX checks ---------------------------------

// The spoken form of text under the rules of the voice's language. Fails when
// ICU has no spell-out rules for it.
using NormalizeFn = std::function<std::string(std::string_view)>;
Result<NormalizeFn> NormalizerFor(const voices::VoiceSettings& voice);

// `normalize -f`: the book's spoken text as a build of it with `voice` says
// it: normalised under the rules of the voice's language (as written when ICU
// has none; lexicons are not applied), each chapter opened by "# N. Title"
// (N as `chapters` shows it), then its spoken title and paragraphs, verse
// lines (pipeline::SpokenLines) one a line; blank lines between paragraphs
// and chapters. "# Chapter 1" / "It cost $5." → "# 1. Chapter 1\n\nChapter
// one.\n\nIt cost five dollars.\n"
std::string SpokenBookText(const source::Book& book, const voices::VoiceSettings& voice);

// Every problem of a lexicon file, each with its file and line (message():
// "file:line: detail"); empty when the file is good.
std::vector<Status> CheckLexicon(const std::string& path);

// `check-acx`: measures one MP3, or every .mp3 directly in a folder, against
// the ACX requirements.
struct AcxCheck {
  std::string table;                // one row per measured file; "" when none was
  std::vector<std::string> errors;  // files that could not be measured
  bool passed = false;              // every file measured and passed
};
Result<AcxCheck> CheckAcx(const std::string& path);

// ---- Lexicon editing ---------------------------------------------------------------

// What one lexicon edit did, and what it changes in a book.
struct LexiconEditReport {
  pronunciation::EditOutcome outcome;  // the line before and after
  std::vector<int> chapters;           // chapters (1-based) whose files' hashes changed
  std::vector<std::string> files;      // those files, as a build names them
};

// Adds, replaces or removes one entry of the native lexicon file at
// lexicon_path, keeping its comments and order, written atomically
// (pronunciation::EditLexiconFile). With a book, also reports which of the
// files a build with `options` and this lexicon would write the edit
// changes: the next build re-renders exactly those. The lexicon counts where
// that build loads it (user-wide, <book>.lexicon, options.speech.lexicons),
// else as one more --lexicon after the others. When the book's lexicons do
// not load after the edit (another file or line is broken), the file is put
// back as it was and the error returned. Not thread-safe per file.
Result<LexiconEditReport> EditLexicon(const std::string& lexicon_path,
                                      const pronunciation::LexiconEdit& edit,
                                      const source::Book* book,
                                      const pipeline::BuildOptions& options);

// ---- Output formats --------------------------------------------------------------

// The formats a build can write, from the output format table ("mp3", ...),
// and a one-line description of them for --format's help.
std::vector<std::string> OutputFormatNames();
std::string OutputFormatHelp();
// For say/preview -o: "the extension picks the format: .mp3, .m4b, .m4a, .flac or .wav; - writes
// WAV to standard output".
std::string OutputFileHelp();
// What SpeakToFile checks of its file name before it speaks
// (pipeline::CheckTextOutput): an extension of the format table (case aside:
// "x.MP3"), else a kUsage error naming the formats ("x.ogg: unknown audio
// format; use .mp3, .m4b, .m4a, .flac or .wav"); a bitrate the format carries; not a
// folder, in an existing folder.
Status CheckOutputFile(const std::string& path, int bitrate_kbps);

// ---- Builds --------------------------------------------------------------------

struct BuildCallbacks {
  pipeline::ChapterDone on_chapter;  // once per finished or up-to-date chapter
  // Polled; true stops the build: workers are stopped, finished chapters
  // kept, and Build returns kInterrupted. Empty: Ctrl-C/SIGTERM (after
  // InstallInterruptHandlers).
  std::function<bool()> cancelled;
};

// What a build checks before it writes anything (pipeline::CheckBuildOptions):
// kUsage for options that cannot be combined and, with the book, for a
// chapter it does not have. Without the book, `chapters_spec` is the
// --chapters list as written (ParseChapterList; "" for all), checked for
// its form and against the other options.
Status CheckBuildOptions(const pipeline::BuildOptions& options, std::string_view chapters_spec);
Status CheckBuildOptions(const source::Book& book, const pipeline::BuildOptions& options);

// Options that were given but have no effect, one line each for the front end
// to show (empty: none): with --acx, a bitrate the user gave
// (bitrate_given) is replaced by ACX's 192 kbps CBR.
std::vector<std::string> IgnoredOptions(const pipeline::BuildOptions& options, bool bitrate_given);

// Renders a book (pipeline::BuildBook): options are checked first, nothing is
// written on a usage error, finished chapters stay valid when cancelled.
Result<pipeline::BuildReport> Build(const source::Book& book, const pipeline::BuildOptions& options,
                                    const pipeline::TextPreparer& preparer,
                                    const BuildCallbacks& callbacks = {});

// Speaks text (as one paragraph; verse lines split at '\n' with a pause
// between them, as a build reads them; [[…]] spans as ParagraphOfText reads
// them) into an audio file (its extension picks the
// format: OutputFileHelp()), with read-along files beside it. Returns the
// audio length in seconds.
// Fails (nothing written) when CheckOutputFile refuses the name, or
// ParagraphOfText the text.
//
// Where eSpeak runs: kWorker, a fresh worker process, as builds do (for
// programs that speak more than once: eSpeak keeps global state); or
// kThisProcess, for a program that speaks once and exits (the CLI's say and
// preview, in a process that has not opened eSpeak): the same audio without
// the fork, the worker's copy-on-write faults and its exit. Interrupted the
// same way either way (common/interrupt.h: the temporary file is removed).
enum class SpeakIn { kWorker, kThisProcess };
Result<double> SpeakToFile(const std::string& text, const pipeline::SpeechOptions& speech,
                           const pipeline::TextPreparer& preparer, const std::string& output_path,
                           int bitrate_kbps, const pipeline::ReadAlong& read_along = {},
                           SpeakIn where = SpeakIn::kWorker);

// Text typed by a user (say, the studio) as a paragraph to speak: verse lines
// kept, and each `[[…]]` span spoken as the eSpeak mnemonics inside it (a
// pronunciation of the paragraph's own, as EPUB ssml:ph gives one), its
// word timings kept. "I saw [[w'i:n@]] go" → text "I saw w'i:n@ go" with
// one x-espeak pronunciation over "w'i:n@". kInvalidInput naming the bad
// symbol when a span is not valid mnemonics, or for an unclosed "[[".
Result<source::Paragraph> ParagraphOfText(const std::string& text);

// SpeakToFile into memory: the bytes of a whole WAV file (header included,
// for a pipe), and the audio length. Rendered into a private temporary folder,
// removed afterwards.
struct SpokenWav {
  std::string bytes;
  double seconds = 0;
};
Result<SpokenWav> SpeakToWav(const std::string& text, const pipeline::SpeechOptions& speech,
                             const pipeline::TextPreparer& preparer,
                             SpeakIn where = SpeakIn::kWorker);

}  // namespace narrate::app
