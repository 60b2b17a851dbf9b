// Orchestration: book → chapter files. Incremental: a manifest in the output
// folder records a hash of everything that shapes each chapter file (its
// spoken text after normalisation and lexicons, pacing, voice, bitrate, tags,
// and narrate's, eSpeak's and LAME's versions); chapters whose hash is
// unchanged and whose file exists are not rendered again. The manifest is
// updated as each chapter finishes, so an interrupted build resumes.
// Every chapter (or part) is rendered as a task of the BuildEnv's runner:
// by default in a fresh worker process (eSpeak keeps global state; a fresh
// process makes each chapter's audio a pure function of its inputs), up to
// `jobs` at a time. Everything the build reaches outside itself goes
// through its BuildEnv (build_env.h).
//
// Contract: options are validated before anything is written; a failed build
// leaves no partial file under a final name (finished chapters stay valid).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/speech.h"
#include "common/status.h"
#include "output/package/package.h"
#include "pipeline/build_env.h"
#include "source/book.h"
#include "voices/voice.h"


namespace narrate::text { class Normalizer; }
namespace narrate::pronunciation { class Lexicon; }

namespace narrate::pipeline {

// How the narration is paced. Pauses are exact digital silence, in samples
// computed from these at the engine's rate.
struct Pacing {
  int title_pause_ms = 1000;      // after a spoken chapter title
  int paragraph_pause_ms = 500;   // between paragraphs (added to eSpeak's own)
  int scene_break_pause_ms = 1500;
  int chapter_head_ms = 500;      // silence opening each chapter file
  int chapter_tail_ms = 2000;     // silence closing it: the pause between chapters
  int verse_line_pause_ms = 350;  // between the lines of a verse paragraph (SpokenLines)
};

// One line of a paragraph as the narrator reads it, with its byte offset in
// the paragraph's text.
struct SpokenLine {
  std::string_view text;
  std::size_t offset = 0;
  bool verse = false;  // a line of verse (split at '\n'), not a paragraph of prose
};

// The lines a paragraph is read as, each spoken on its own with
// Pacing::verse_line_pause_ms between them. Prose (no '\n') is one line, the
// text as it is; verse is split at each '\n', every line trimmed of spaces
// and tabs, blank lines dropped (text of blanks only stays one line).
// "Roses are red,\n  Violets are blue" → {"Roses are red,", 0}, {"Violets are blue", 17}
std::vector<SpokenLine> SpokenLines(std::string_view paragraph);

// A verse line's spoken form keeps the comma that ends it, which
// normalisation drops at the end of a text, so the engine says the line as a
// clause that goes on rather than a sentence's end; prose is left alone.
// ("The tide is full," verse, "The tide is full") → "The tide is full,"
std::string KeepClosingComma(const SpokenLine& line, std::string spoken);

// Who speaks which stretch of a paragraph other than the narrator: the
// book's quotations as its cast attributes them (app::CastBook). A span is
// bytes [begin, end) of the paragraph's text (source::Paragraph::text),
// quotation marks excluded; spans of a paragraph are sorted and apart.
struct VoicedSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  voices::VoiceSettings voice;
};
// spans[chapter][paragraph] with 0-based indices of source::Book::chapters
// and their paragraphs; shorter vectors (or none) mean no voiced span.
struct BookVoicing {
  std::vector<std::vector<std::vector<VoicedSpan>>> spans;
  // The spans of a paragraph; empty when there are none.
  const std::vector<VoicedSpan>& Of(std::size_t chapter, std::size_t paragraph) const;
};

struct SpeechOptions {
  voices::VoiceSettings voice;
  std::vector<std::string> lexicons;  // --lexicon files, later wins
  // Quotations in their speakers' voices (null: the whole book in `voice`,
  // exactly as before casts existed). Each piece of a voiced span is stamped
  // with the span's voice; the narration around it keeps `voice`.
  std::shared_ptr<const BookVoicing> voicing;
};

struct LoadedLexicon {
  std::string path;
  std::size_t entries = 0;
};

class LazyNormalizer;  // pipeline/narrator.cc
class SpokenMemo;      // pipeline/spoken_memo.h

// Written text → what eSpeak is given: normalisation with the rules of the
// voice's language (text passes through as written when ICU has none), then
// the pronunciation lexicons; every piece carries the voice. Cheap to copy;
// immutable.
class TextPreparer {
 public:
  // Loads, later winning: the user-wide lexicon, the book's own PLS
  // lexicons (EPUB), <book>.lexicon/.pls beside book_path (may be empty),
  // then speech.lexicons in order. Fails naming the file and line of the
  // first problem.
  static Result<TextPreparer> Create(const SpeechOptions& speech, const std::string& book_path,
                                     const std::vector<source::BookLexicon>& book_lexicons = {});
  std::string Normalize(std::string_view paragraph) const;
  Utterance Prepare(std::string_view paragraph) const;
  // Prepare, except that the paragraph's own pronunciations (EPUB ssml:ph)
  // are spoken as given: IPA converted, x-espeak validated; one that cannot
  // be converted is spoken as written. (pipeline/overrides.cc)
  Utterance PrepareParagraph(const source::Paragraph& paragraph) const;
  // PrepareParagraph with every piece inside a span (VoicedSpan, offsets into
  // paragraph.text) in the span's voice, pieces split at the spans' edges;
  // the rest in voice(). Each span, widened over the marks touching it (its
  // quotation marks), is normalised on its own, as is each stretch of
  // narration between (pipeline/overrides.h SpeakStretch). No spans:
  // PrepareParagraph(paragraph) exactly.
  Utterance PrepareParagraph(const source::Paragraph& paragraph,
                             const std::vector<VoicedSpan>& spans) const;
  const std::vector<LoadedLexicon>& lexicons() const { return loaded_; }
  // This preparer with the entries of lexicon_text (the native format;
  // `name` in messages) added last, winning over the loaded ones: trial
  // pronunciations for one call. Fails as loading that text would.
  Result<TextPreparer> WithEntries(std::string_view lexicon_text, const std::string& name) const;
  // All loaded entries merged, later files winning.
  const pronunciation::Lexicon& lexicon() const { return *lexicon_; }
  // The voice every piece Prepare and PrepareParagraph make is stamped with
  // (SpeechOptions::voice at Create).
  const voices::VoiceSettings& voice() const { return voice_; }

 private:
  TextPreparer() = default;
  voices::VoiceSettings voice_;
  std::shared_ptr<const LazyNormalizer> normalizer_;  // made on first use (narrator.cc)
  std::shared_ptr<const pronunciation::Lexicon> lexicon_;
  std::vector<LoadedLexicon> loaded_;
  std::shared_ptr<SpokenMemo> memo_;  // the book's normalised text from earlier runs
};

// Read-along files written beside an audio file, named like it: x.mp3 →
// x.vtt, x.srt (one cue per sentence, long ones split at clauses) and x.json
// (word timings with offsets into the text; output/package/subtitles.h).
// Timed from the synthesiser's own word events and the exact pauses.
struct ReadAlong {
  bool vtt = false;
  bool srt = false;
  bool timings_json = false;
  // A hidden ".x.clips.json" of whole sentences' clips, which the read-along
  // EPUB is made from; set by the build itself for read_along_epub.
  bool clips = false;
  bool any() const { return vtt || srt || timings_json || clips; }
};

// Metadata written into every file's ID3 tag besides title, author and track.
// The build also writes, beside the audio files, cover.jpg (the cover's bytes;
// app::BookTagsFor makes it a scaled JPEG), desc.txt (the description) and
// reader.txt (the narrator), each only when there is something to write.
struct BookTags {
  std::string narrator;
  std::string year;
  std::string description;
  package::Cover cover;  // empty = none
  std::string publisher;
  std::string series;
  std::string series_part;            // "2"; only with a series
  std::vector<std::string> subjects;  // genres after "Audiobook"
};

// The order a build renders its parts in (the files are the same either way).
enum class RenderOrder {
  kLongestFirst,  // the longest parts first, so no long one starts last: the shortest build
  kBook,          // book order, so the first chapters are ready to listen to first
};

struct BuildOptions {
  SpeechOptions speech;
  std::string output_dir;  // empty = audiobooks/<title>/
  int bitrate_kbps = 64;
  int jobs = 1;            // worker processes at once
  bool force = false;      // re-render chapters even when up to date; build over another book
  Pacing pacing;
  BookTags tags;
  // One MP3 for the whole book with ID3 chapter frames (CHAP + CTOC) instead
  // of one file per chapter. Needs a bitrate whose frames carry LAME's tag.
  // M4B is always one file (SingleFile).
  bool single_file = false;
  // 1-based chapter numbers to render, sorted; empty = all. Other chapters'
  // files and manifest entries are kept as they are (not removed), and
  // track numbers stay the book's. Not with single_file.
  std::vector<int> chapters;
  // A chapter with more text than this (bytes, after normalisation) is
  // rendered in parts at paragraph breaks, by separate workers, and the parts
  // joined: no single long chapter makes the others wait. Depends on the text
  // only (never on jobs), so the output does not depend on the machine.
  std::size_t part_bytes = 24000;
  RenderOrder order = RenderOrder::kLongestFirst;
  std::string format = "mp3";  // mp3 | flac | wav (libsndfile; no ID3 tags)
  // ACX-grade mastering: 44.1 kHz, 192 kbps CBR MP3, loudness normalised
  // (RMS about -20 dBFS), true peak under -3 dBFS, room tone at head and tail,
  // no file over 120 minutes. Overrides bitrate_kbps, pacing head and tail.
  bool acx = false;
  ReadAlong read_along;  // subtitles and word timings beside every file
  // Opening and closing credits (title, author, narrator) as their own files
  // ("00 - Opening Credits", "NN - Closing Credits"), or chapters of a single file.
  bool credits = false;
  // A read-along EPUB 3, "<title>.epub" beside the audio: the chapters'
  // text as XHTML with an id on every sentence and one SMIL Media Overlay per
  // chapter clipping each sentence from the chapter's audio (inside the
  // EPUB), timed by the synthesiser as the subtitles are. Rewritten by every
  // build that asks for it. Needs a format with an EPUB media type (MP3) and
  // the whole book (not with chapters).
  bool read_along_epub = false;
  // A shared content-addressed cache of rendered parts (`--cache DIR`; "" =
  // none): parts are rendered into it (when not there already) and files
  // assembled from it, so builds on several machines that share only this
  // folder render each part once. Files come out byte-identical to a build
  // without it. Entries are never removed (shared_cache.h tells the layout).
  std::string cache_dir;
};

struct ChapterResult {
  int number = 0;
  std::string title;
  std::string file;          // path of the written file
  std::int64_t start_samples = 0;  // where the chapter starts in file (single-file books)
  std::int64_t samples = 0;  // exact length at sample_rate_hz
  int sample_rate_hz = 0;
  bool up_to_date = false;   // reused from an earlier build, not rendered
  double seconds() const { return sample_rate_hz ? double(samples) / sample_rate_hz : 0; }
};

struct BuildReport {
  std::string output_dir;
  std::string playlist;
  std::vector<ChapterResult> chapters;
};

// Called once per finished or up-to-date chapter, in completion order.
using ChapterDone = std::function<void(const ChapterResult&)>;

// Whether the build makes one file of the whole book: --single-file, or a
// format that always does (M4B).
bool SingleFile(const BuildOptions& options);

// What BuildBook checks before it writes anything: a one-line error naming
// the option at fault (kUsage for options that cannot be combined or a value
// out of range, or a chapter the book does not have).
Status CheckBuildOptions(const source::Book& book, const BuildOptions& options);
// The same checks, except those that need the book (chapter numbers): for a
// front end to refuse a bad command line before it opens the book.
Status CheckBuildOptions(const BuildOptions& options);

// Builds the book through env (build_env.h): files through env.fs, parts
// rendered as env.runner tasks, each speaking with an engine from
// env.engines. Returns Status::Interrupted() when env.cancelled says stop.
Result<BuildReport> BuildBook(const source::Book& book, const BuildOptions& options,
                              const TextPreparer& preparer, const ChapterDone& on_done,
                              const BuildEnv& env);
// The same with the real BuildEnv.
Result<BuildReport> BuildBook(const source::Book& book, const BuildOptions& options,
                              const TextPreparer& preparer, const ChapterDone& on_done = {});

// A file a build of the book would write, and the hash its manifest entry
// would record: a change that alters a file's hash re-renders that file.
struct PlannedFile {
  std::string file_name;      // within the output folder
  std::string hash;
  std::vector<int> chapters;  // 1-based book chapters it holds (0: credits)
};

// What BuildBook would plan, without rendering or writing anything.
std::vector<PlannedFile> PlanFiles(const source::Book& book, const BuildOptions& options,
                                   const TextPreparer& preparer);

// The planned files a build with `options` would render again rather than
// keep, as BuildBook decides: all with options.force; else those the output
// folder's manifest does not record with the same hash, or whose file (or a
// read-along file asked for) is not on disk whole. Takes no lock.
std::vector<PlannedFile> FilesToRender(const source::Book& book, const BuildOptions& options,
                                       const std::vector<PlannedFile>& planned);

// ---- The work as data: render tasks, for builds spread over machines ----------

// One part of a planned file: a task a machine renders into the shared cache
// (BuildOptions::cache_dir), a pure function of its id.
struct RenderTask {
  // "<hash>.<ext>": the content address of what it renders (its name in the
  // shared cache): the same in every process given the same book, options
  // and versions of narrate, eSpeak and LAME.
  std::string id;
  std::string file_name;      // the planned file it is (part of), in the output folder
  std::vector<int> chapters;  // 1-based book chapters of that file (0: credits)
  std::size_t part = 1;       // its place among the file's parts, 1-based
  std::size_t parts = 1;
  std::size_t text_bytes = 0;  // what it speaks, after normalisation
  double cost_s = 0;           // estimated CPU seconds to render it (EstimatedCostS)
};

// The CPU seconds a part of text_bytes is estimated to take: a worker's start
// plus a rate per byte measured for eSpeak and LAME on this kind of machine
// (ACX mastering about twice as much). Only ratios matter: shares are
// balanced by it.
double EstimatedCostS(std::size_t text_bytes, const BuildOptions& options);

// Every render task of a build of the book with options, in book order
// (files in order, parts in order); ids repeat when two parts say the same.
// options.cache_dir is not needed.
std::vector<RenderTask> PlanTasks(const source::Book& book, const BuildOptions& options,
                                  const TextPreparer& preparer);

struct TasksReport {
  std::vector<std::string> rendered;  // ids rendered by this call
  std::vector<std::string> cached;    // ids that were in the cache already
};
// Called once per task, as it finishes or is found in the cache.
using RenderTaskDone = std::function<void(const RenderTask& task, bool rendered)>;

// Renders the book's tasks whose ids are in `ids` (each once, however often it
// is planned; unknown ids are ignored: the caller checks them) into
// options.cache_dir, longest first, options.jobs at a time through env's
// runner, skipping those the cache holds whole. Each is written atomically
// for many machines at once (shared_cache.h), so a render killed halfway
// loses only the tasks it was speaking. kUsage without a cache_dir;
// Status::Interrupted() when env.cancelled says stop.
Result<TasksReport> RenderTasks(const source::Book& book, const BuildOptions& options,
                                const TextPreparer& preparer, const std::vector<std::string>& ids,
                                const RenderTaskDone& on_done, const BuildEnv& env = {});

// Shares of tasks for `shard_count` machines, balanced by cost and the same
// in every process: the longest first, each to the share whose total is the
// smallest so far (ties: the lower share; equal costs: the earlier task).
// Returns the 0-based share of each task.
std::vector<int> AssignShards(const std::vector<double>& costs_s, int shard_count);

// The default output folder for a book: "audiobooks/<safe title>".
std::string DefaultOutputDir(const source::Book& book);

// Whose audiobook a folder holds, as its manifest records it: "Title by
// Author" ("Title" without an author). BuildBook refuses a folder recording
// another book ("<dir>/: holds the audiobook of <other>; use --force to
// replace it", kInvalidInput) unless options.force, and takes the folder's
// lock (common/folder_lock.h) for the whole build ("<dir>/: another build
// (PID n) is writing this folder").
std::string BookIdentity(const source::Book& book);

// What RenderText checks of its file name before it speaks: not empty, not a
// folder, in an existing folder, and an extension of the format table (case
// aside) that carries bitrate_kbps. An unknown or missing extension is a
// kUsage error naming the formats ("x.ogg: unknown audio format; use .mp3,
// .m4b, .m4a, .flac or .wav"), as is a bitrate the format cannot carry.
Status CheckTextOutput(const std::string& path, int bitrate_kbps);

// Renders a paragraph (verse lines, split at '\n', with the default Pacing's
// verse_line_pause_ms between them; its own pronunciations spoken as given,
// every word timed) to an audio file whose extension picks the format
// (formats::ByExtension; CheckTextOutput first), in a fresh worker process,
// and the read-along files asked for beside it (offsets into its text).
// speech.voicing, when set, gives the paragraph's voiced spans as those of
// chapter 0, paragraph 0 (a preview of one paragraph of a cast book).
// Returns the audio length in seconds.
Result<double> RenderText(const source::Paragraph& paragraph, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps = 64, const ReadAlong& read_along = {});
// The same as one task of env.runner, speaking with env.engines; the
// read-along files go through env.fs.
Result<double> RenderText(const source::Paragraph& paragraph, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps, const ReadAlong& read_along, const BuildEnv& env);
// RenderText of text as a paragraph without pronunciations of its own.
Result<double> RenderText(const std::string& text, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps = 64, const ReadAlong& read_along = {});
Result<double> RenderText(const std::string& text, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps, const ReadAlong& read_along, const BuildEnv& env);

}  // namespace narrate::pipeline
