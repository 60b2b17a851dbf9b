#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <thread>

#include <unistd.h>

#include "app/app.h"
#include "app/batch.h"
#include "app/cast.h"
#include "app/session.h"
#include "cli/errors.h"
#include "cli/progress.h"
#include "common/interrupt.h"
#include "common/process.h"
#include "common/suggest.h"
#include "studio/launcher.h"
#include "studio/server.h"

#ifndef NARRATE_VERSION
#define NARRATE_VERSION "unknown"
#endif

namespace narrate::cli {
namespace {

// ---- Option groups shared by several commands ---------------------------------

struct BookArgs {
  std::string path;
  source::ReadOptions reading;
};

struct VoiceArgs {
  pipeline::SpeechOptions speech;
  bool voice_given = false;  // else a book's language picks the voice
  bool quiet = false;        // build --quiet: no notes on stderr
  std::string voices_path;   // --voices (build, preview); "" = <book>.voices.toml when present
};

struct ReadAlongArgs {
  std::vector<std::string> subtitles;  // "vtt", "srt"
  std::vector<std::string> timings;    // "json"
  pipeline::ReadAlong Get() const {
    auto has = [](const std::vector<std::string>& v, const char* name) {
      return std::find(v.begin(), v.end(), name) != v.end();
    };
    return pipeline::ReadAlong{has(subtitles, "vtt"), has(subtitles, "srt"), has(timings, "json")};
  }
};

// An option whose words map to an enum: help lists the words, and only they are accepted.
template <typename Enum>
void EnumOption(CLI::Option* option, const std::vector<std::pair<std::string, Enum>>& words,
                const std::string& default_word) {
  std::vector<std::string> names;
  for (const auto& [name, value] : words) names.push_back(name);
  // transform() puts each validator first: the word is checked, then mapped.
  option->transform(CLI::Transformer(words).description(""))
      ->transform(CLI::IsMember(names))
      ->type_name("TEXT")
      ->default_str(default_word);
}

// How books are read.
void AddReading(CLI::App& app, source::ReadOptions& r) {
  app.add_flag("--include-front-matter", r.include_front_matter,
               "Also read cover, title page, copyright, colophon, index, transcriber's notes, "
               "Gutenberg header and licence (EPUB/HTML: also the contents)");
  EnumOption<source::Footnotes>(
      app.add_option("--footnotes", r.footnotes,
                     "EPUB/HTML/Markdown notes: skip, or read at the end-of-chapter"),
      {{"skip", source::Footnotes::kSkip}, {"end-of-chapter", source::Footnotes::kEndOfChapter}},
      "skip");
  app.add_flag("--alt-text", r.alt_text,
               "Read images' alt text (plain text: [Illustration: …] captions)");
}

void AddBook(CLI::App& app, BookArgs& b) {
  app.add_option("BOOK", b.path, "Book file: EPUB, HTML, Markdown or plain text")->required();
  app.add_option("--title", b.reading.title,
                 "Book title (default: the book's metadata or front matter, else file name)");
  app.add_option("--author", b.reading.author,
                 "Author (default: the book's metadata or front matter)");
  AddReading(app, b.reading);
}

// --voice's default is chosen when the command runs, so help shows it in words, not "=en".
void AddVoice(CLI::App& app, VoiceArgs& a, bool reads_books = true) {
  voices::VoiceSettings& v = a.speech.voice;
  app.add_option("--voice", v.name,
                 "eSpeak NG voice (see 'narrate voices'), e.g. en-us+f2; default: " +
                     std::string(reads_books ? "the book's language, else " : "") + v.name)
      ->each([&a](const std::string&) { a.voice_given = true; })
      ->default_str("");
  app.add_option("--rate", v.rate_wpm, "Speaking rate, words per minute")
      ->check(CLI::Range(voices::kMinRateWpm, voices::kMaxRateWpm));
  app.add_option("--pitch", v.pitch, "Base pitch")
      ->check(CLI::Range(voices::kMinPitch, voices::kMaxPitch));
  app.add_option("--lexicon", a.speech.lexicons,
                 "Pronunciation lexicon file (repeatable; later wins)")
      ->allow_extra_args(false);
}

void AddVoicesFile(CLI::App& app, VoiceArgs& a) {
  app.add_option("--voices", a.voices_path,
                 "Voices per character (a voices.toml; see README); default: <book>.voices.toml "
                 "beside the book when present, else none");
}

void AddReadAlong(CLI::App& app, ReadAlongArgs& r) {
  app.add_option("--subtitles", r.subtitles,
                 "Subtitles beside the audio, one cue per sentence: vtt,srt")
      ->delimiter(',')
      ->check(CLI::IsMember({"vtt", "srt"}));
  app.add_option("--timings", r.timings, "Word timings beside the audio: json")
      ->delimiter(',')
      ->check(CLI::IsMember({"json"}));
}

// ---- Calls shared by several commands ------------------------------------------

// The voice for a book (its language, unless --voice), saying so when it has none;
// *chosen (when given) says how it was chosen: "en-gb (the book's language)".
Result<pipeline::SpeechOptions> SpeechFor(const VoiceArgs& a, const source::Book* book,
                                          app::Speaker& speaker, std::string* chosen = nullptr) {
  auto choice = app::ChooseVoice(a.speech.voice, a.voice_given, book, speaker);
  if (!choice.ok()) return choice.status();
  if (!choice->note.empty() && !a.quiet) std::cerr << "narrate: " << choice->note << "\n";
  if (chosen != nullptr) *chosen = app::DescribeVoice(*choice);
  pipeline::SpeechOptions speech = a.speech;
  speech.voice = choice->voice;
  return speech;
}

// The same, with a speaker of its own that stops once the voice is chosen.
Result<pipeline::SpeechOptions> SpeechFor(const VoiceArgs& a, const source::Book* book,
                                          std::string* chosen = nullptr) {
  app::Speaker speaker;
  return SpeechFor(a, book, speaker, chosen);
}

// The book's cast (--voices, or the voices.toml beside it) as the speech's
// voicing; warnings about corrections on stderr.
Status AddVoicing(const VoiceArgs& a, const source::Book& book, pipeline::SpeechOptions& speech) {
  std::vector<std::string> warnings;
  NARRATE_RETURN_IF_ERROR(app::ApplyCast(book, a.voices_path, speech, &warnings));
  for (const std::string& w : warnings)
    if (!a.quiet) std::cerr << "narrate: " << w << "\n";
  return Status::Ok();
}

// Normaliser and lexicons; says on stderr which lexicons it loaded.
Result<pipeline::TextPreparer> Preparer(const pipeline::SpeechOptions& speech, const VoiceArgs& a,
                                        const std::string& book_path, const source::Book* book) {
  auto preparer = app::LoadPreparer(speech, book_path, book);
  if (!preparer.ok()) return preparer.status();
  for (const pipeline::LoadedLexicon& l : preparer->lexicons()) {
    if (a.quiet) break;
    std::cerr << "loaded lexicon " << l.path << " (" << l.entries
              << (l.entries == 1 ? " entry)\n" : " entries)\n");
  }
  return preparer;
}

// The book, with its notices (the encoding a non-UTF-8 file was read in) on
// stderr unless quiet.
Result<source::Book> Open(const std::string& path, const source::ReadOptions& reading,
                          bool quiet = false) {
  auto book = app::OpenBook(path, reading);
  if (!book.ok() || quiet) return book;
  for (const std::string& notice : book->notices) std::cerr << "narrate: " << notice << "\n";
  return book;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// -o -: the audio goes to standard output, so everything else goes to stderr.
constexpr const char* kStandardOutput = "-";

ExitCode Wrote(const std::string& path, const Result<double>& seconds) {
  if (!seconds.ok()) return Fail(seconds.status());
  std::cout << "Wrote " << path << " (" << Clock(*seconds) << ")\n";
  return ExitCode::kOk;
}

// Checked before anything is printed or spoken.
Status CheckOutput(const std::string& path, int bitrate_kbps,
                   const pipeline::ReadAlong& read_along = {}) {
  if (path != kStandardOutput) return app::CheckOutputFile(path, bitrate_kbps);
  if (read_along.any())
    return Status::Usage("--subtitles and --timings need a file name for -o, not -");
  return Status::Ok();
}

// Speaks text into path, or as WAV to standard output for "-".
ExitCode Speak(const std::string& text, const pipeline::SpeechOptions& speech,
               const pipeline::TextPreparer& preparer, const std::string& path, int bitrate_kbps,
               const pipeline::ReadAlong& read_along = {}) {
  InstallInterruptHandlers();
  if (path != kStandardOutput)
    return Wrote(path, app::SpeakToFile(text, speech, preparer, path, bitrate_kbps, read_along,
                                        app::SpeakIn::kThisProcess));
  auto wav = app::SpeakToWav(text, speech, preparer, app::SpeakIn::kThisProcess);
  if (!wav.ok()) return Fail(wav.status());
  if (!std::cout.write(wav->bytes.data(), static_cast<std::streamsize>(wav->bytes.size())).flush())
    return Fail(Status::Io("cannot write to standard output"));
  std::cerr << "Wrote WAV to standard output (" << Clock(wav->seconds) << ")\n";
  return ExitCode::kOk;
}

// ---- build, plan, render: one book or a catalogue ------------------------------------

struct BuildArgs {
  std::vector<std::string> books;  // book files, folders of books, catalogue files
  source::ReadOptions reading;
  VoiceArgs voice;
  ReadAlongArgs read_along;
  app::TagOptions tags;
  app::Layout layout = app::Layout::kFlat;
  std::string output;
  std::string chapters;  // "3-7,12"; empty = all
  pipeline::BuildOptions build;
  bool bitrate_given = false;  // --bitrate on the command line
  std::string shard;           // plan/render --shard K/N
  std::vector<std::string> tasks;  // render --task
  bool json = false;               // plan --json
};

app::BatchSettings SettingsOf(const BuildArgs& a) {
  app::BatchSettings s;
  s.reading = a.reading;
  s.build = a.build;
  s.build.speech = a.voice.speech;
  s.build.read_along = a.read_along.Get();
  s.voice_given = a.voice.voice_given;
  s.voices_path = a.voice.voices_path;
  s.tags = a.tags;
  s.layout = a.layout;
  s.output = a.output;
  s.chapters = a.chapters;
  return s;
}

Progress::Mode ProgressMode(bool quiet) {
  if (quiet) return Progress::Mode::kQuiet;
  return ::isatty(STDOUT_FILENO) ? Progress::Mode::kBar : Progress::Mode::kLines;
}

// The books the command line names; --title and --author name one book.
Result<std::vector<app::CatalogueEntry>> BooksOf(const BuildArgs& a) {
  auto entries = app::ExpandBooks(a.books);
  if (!entries.ok()) return entries.status();
  const bool one = entries->size() == 1 && !app::IsCatalogueFile(a.books[0]);
  if (!one && (!a.reading.title.empty() || !a.reading.author.empty()))
    return Status::Usage("--title and --author name one book; give each book's in a catalogue");
  return entries;
}

// What a batch tells the user on stderr: notes and each failure as it
// happens, the last one kept in *last (its exit code when there is one book).
app::BatchEvents Reporting(const BuildArgs& a, Status* last) {
  app::BatchEvents events;
  const bool quiet = a.voice.quiet;
  events.on_note = [quiet](const app::CatalogueEntry&, const std::string& note) {
    if (!quiet) std::cerr << "narrate: " << note << "\n";
  };
  events.on_failed = [last](const app::CatalogueEntry& entry, const Status& status) {
    *last = status;
    std::fflush(stdout);  // a progress line ends before the message
    if (status.code() == StatusCode::kInterrupted) {
      std::fprintf(stderr, "\nnarrate: %s\n", status.message().c_str());
      return;
    }
    // A catalogue's row is named first: "shelf.csv:3: books/x.txt: no such file".
    const std::size_t colon = entry.origin.rfind(':');
    const bool row = colon != std::string::npos &&
                     app::IsCatalogueFile(std::string_view(entry.origin).substr(0, colon));
    Fail(row ? Status::InFile(status.code(), "", 0, entry.origin + ": " + status.message())
             : status);
  };
  return events;
}

void PrintLexicons(const app::PreparedBook& p, bool quiet) {
  for (const pipeline::LoadedLexicon& l : p.preparer->lexicons()) {
    if (quiet) break;
    std::cerr << "loaded lexicon " << l.path << " (" << l.entries
              << (l.entries == 1 ? " entry)\n" : " entries)\n");
  }
}

// The exit code of a batch: one book's own failure as it was; several: 1
// when any failed, 130 when interrupted; a summary line for several.
ExitCode Ended(const app::BatchSummary& s, std::size_t books, const Status& last,
               const char* done_verb, bool quiet) {
  if (books == 1) return s.failed == 0 ? ExitCode::kOk : ExitCodeFor(last);
  if (quiet)
    return s.interrupted   ? ExitCode::kInterrupted
           : s.failed == 0 ? ExitCode::kOk
                           : ExitCode::kFailure;
  std::printf("%s %zu of %zu books", done_verb, s.succeeded, books);
  if (s.failed > 0) std::printf("; %zu failed (see above)", s.failed);
  if (s.interrupted) std::printf("; interrupted, the rest not begun");
  std::printf("\n");
  if (s.interrupted) return ExitCode::kInterrupted;
  return s.failed == 0 ? ExitCode::kOk : ExitCode::kFailure;
}

// Refuses a bad command line before any book is opened.
Status CheckArgs(const BuildArgs& a) {
  NARRATE_RETURN_IF_ERROR(app::CheckBuildOptions(a.build, a.chapters));
  for (const std::string& note : app::IgnoredOptions(a.build, a.bitrate_given)) {
    if (!a.voice.quiet) std::cerr << "narrate: " << note << "\n";
  }
  return Status::Ok();
}

ExitCode RunBuild(const BuildArgs& a) {
  if (Status s = CheckArgs(a); !s.ok()) return Fail(s);
  auto entries = BooksOf(a);
  if (!entries.ok()) return Fail(entries.status());
  const std::size_t count = entries->size();
  Status last;
  app::BatchEvents events = Reporting(a, &last);
  std::unique_ptr<Progress> progress;
  events.on_prepared = [&](const app::PreparedBook& p, std::size_t i) {
    PrintLexicons(p, a.voice.quiet);
    const std::string of =
        count > 1 ? "book " + std::to_string(i + 1) + "/" + std::to_string(count) : "";
    if (!a.voice.quiet)
      std::cout << "Voice: " << p.voice << (of.empty() ? "" : " [" + of + "]") << "\n";
    progress =
        std::make_unique<Progress>(p.book, p.options, ProgressMode(a.voice.quiet), stdout, of);
  };
  events.on_chapter = [&](const pipeline::ChapterResult& c) { progress->OnChapter(c); };
  events.on_built = [&](const app::PreparedBook&, const pipeline::BuildReport& report) {
    progress->Finish(report);
  };
  InstallInterruptHandlers();
  return Ended(app::BuildBooks(*entries, SettingsOf(a), events), count, last, "Built",
               a.voice.quiet);
}

void AddBooks(CLI::App& app, BuildArgs& a) {
  app.add_option("BOOK", a.books,
                 "Books: EPUB, HTML, Markdown or plain text files, folders of them, or "
                 "catalogue files (.csv/.tsv: book,title,author,narrator,lexicons,voices,output)")
      ->required();
  app.add_option("--title", a.reading.title,
                 "Book title (default: the book's metadata or front matter, else file name)");
  app.add_option("--author", a.reading.author,
                 "Author (default: the book's metadata or front matter)");
  AddReading(app, a.reading);
}

void AddFormats(CLI::App& app, BuildArgs& a) {
  pipeline::BuildOptions& b = a.build;
  app.add_option("--format", b.format, "Audio format: " + app::OutputFormatHelp())
      ->check(CLI::IsMember(app::OutputFormatNames()));
  app.add_flag("--acx", b.acx,
               "ACX-grade files: 44.1 kHz 192 kbps CBR, RMS -23..-18 dB, peaks under -3 dB, room "
               "tone, <= 120 min");
  app.add_flag("--credits", b.credits,
               "Add opening and closing credits (title, author, narrator) as their own files");
  EnumOption<pipeline::RenderOrder>(
      app.add_option("--order", b.order,
                     "Render order: longest = longest chapters first (the shortest build), "
                     "book = book order (listen to the first chapters while the rest render)"),
      {{"longest", pipeline::RenderOrder::kLongestFirst}, {"book", pipeline::RenderOrder::kBook}},
      "longest");
  app.add_option("--part-bytes", b.part_bytes,
                 "Chapters with more text than this are rendered in parts by several workers")
      ->check(CLI::Range(std::size_t{100}, std::size_t{100000000}));
}

void AddTagOptions(CLI::App& app, app::TagOptions& tags) {
  app.add_option(
      "--cover", tags.cover_path,
      "Cover image (JPEG, PNG or SVG): scaled, embedded in every file, saved as cover.jpg");
  app.add_option("--narrator", tags.narrator, "Narrator credited in the tags");
  app.add_option("--year", tags.year, "Publication year for the tags");
  app.add_option("--description", tags.description, "Book description for the tags");
}

void AddTags(CLI::App& app, BuildArgs& a) {
  AddTagOptions(app, a.tags);
  EnumOption<app::Layout>(
      app.add_option("--layout", a.layout,
                     "Folders: flat = <output>/, author-title = <output>/<author>/<title>/"),
      {{"flat", app::Layout::kFlat}, {"author-title", app::Layout::kAuthorTitle}}, "flat");
}

void AddCache(CLI::App& app, BuildArgs& a, bool required) {
  auto* option = app.add_option(
      "--cache", a.build.cache_dir,
      "Shared cache folder of rendered parts (a volume every machine mounts): parts are taken "
      "from it and rendered into it" +
          std::string(required ? "" : "; default: none"));
  if (required) option->required();
}

// Every option that shapes what is rendered, shared by build, plan and render.
void AddBuildOptions(CLI::App& app, BuildArgs& a) {
  a.build.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  AddBooks(app, a);
  app.add_option("-o,--output", a.output,
                 "Output folder (default: audiobooks/<title>); with several books, or --layout "
                 "author-title, the base folder of each book's");
  AddVoice(app, a.voice);
  AddVoicesFile(app, a.voice);
  app.add_option("--bitrate", a.build.bitrate_kbps,
                 "Bit rate, kbps: MP3 constant, M4B AAC (not with --acx)")
      ->each([&a](const std::string&) { a.bitrate_given = true; });
  app.add_option("--jobs", a.build.jobs, "Chapters rendered at once (worker processes)")
      ->check(CLI::Range(1, 256));
  app.add_flag("--force", a.build.force,
               "Render every chapter, even those up to date; also into a folder holding another "
               "book's audiobook (replacing it)");
  AddReadAlong(app, a.read_along);
  app.add_flag("--read-along-epub", a.build.read_along_epub,
               "Also write <title>.epub: the text and the audio, each sentence highlighted as it "
               "is read (EPUB 3 Media Overlays; MP3 or M4B)");
  app.add_flag("--single-file", a.build.single_file,
               "One MP3 for the whole book, with ID3 chapter marks (an M4B always is one)");
  AddTags(app, a);
  AddFormats(app, a);
  app.add_option("--chapters", a.chapters,
                 "Render only these chapters, e.g. 3-7,12, 5- (5 to the last) or -3 (1 to 3); "
                 "numbers as 'narrate chapters' shows");
  app.add_flag("-q,--quiet", a.voice.quiet, "Print nothing but errors");
}

CommandRun SetUpBuild(CLI::App& app) {
  auto a = std::make_shared<BuildArgs>();
  AddBuildOptions(app, *a);
  AddCache(app, *a, false);
  return [a] { return RunBuild(*a); };
}

// The catalogue's tasks, planned as a build with these options would; notes
// and failures reported on stderr.
struct Planned {
  std::vector<app::CatalogueEntry> entries;
  app::CataloguePlan plan;
  Status last;  // the last book's failure
};
Result<Planned> PlanBooks(const BuildArgs& a) {
  if (Status s = CheckArgs(a); !s.ok()) return s;
  auto entries = BooksOf(a);
  if (!entries.ok()) return entries.status();
  Planned planned{std::move(*entries), {}, Status::Ok()};
  app::BatchEvents events = Reporting(a, &planned.last);
  InstallInterruptHandlers();
  planned.plan = app::PlanCatalogue(planned.entries, SettingsOf(a), events);
  return planned;
}

void PrintPlan(const app::CataloguePlan& plan, const std::vector<std::size_t>& shown) {
  double cost_s = 0;
  for (std::size_t t : shown) {
    const pipeline::RenderTask& task = plan.tasks[t].task;
    cost_s += task.cost_s;
    std::printf("%s  %7.1f s  %s  %s (part %zu of %zu)\n", task.id.c_str(), task.cost_s,
                plan.titles[plan.tasks[t].book].c_str(), task.file_name.c_str(), task.part,
                task.parts);
  }
  std::printf("%zu task(s), about %s of CPU\n", shown.size(), Clock(cost_s).c_str());
}

ExitCode RunPlan(const BuildArgs& a) {
  std::optional<app::Shard> shard;
  if (!a.shard.empty()) {
    auto parsed = app::ParseShard(a.shard);
    if (!parsed.ok()) return Fail(parsed.status());
    shard = *parsed;
  }
  auto planned = PlanBooks(a);
  if (!planned.ok()) return Fail(planned.status());
  const app::CataloguePlan& plan = planned->plan;
  if (plan.summary.interrupted) return ExitCode::kInterrupted;
  if (a.json) {
    std::cout << app::PlanJson(plan, planned->entries, shard ? shard->count : 0);
  } else {
    std::vector<std::size_t> shown(plan.tasks.size());
    for (std::size_t t = 0; t < shown.size(); ++t) shown[t] = t;
    PrintPlan(plan, shard ? app::ShardOf(plan, *shard) : shown);
  }
  if (plan.summary.failed == 0) return ExitCode::kOk;
  return planned->entries.size() == 1 ? ExitCodeFor(planned->last) : ExitCode::kFailure;
}

CommandRun SetUpPlan(CLI::App& app) {
  auto a = std::make_shared<BuildArgs>();
  AddBuildOptions(app, *a);
  app.add_flag("--json", a->json, "Print the plan as JSON (books, tasks, shards)");
  app.add_option("--shard", a->shard,
                 "Only the tasks of shard K of N (K from 1), e.g. 2/4; with --json, every task's "
                 "shard and each shard's total");
  return [a] { return RunPlan(*a); };
}

// The ids render is asked for: --task ids (each must be planned), or a shard's.
Result<std::vector<std::string>> IdsToRender(const BuildArgs& a, const app::CataloguePlan& plan) {
  std::vector<std::string> ids;
  if (!a.shard.empty()) {
    auto shard = app::ParseShard(a.shard);
    if (!shard.ok()) return shard.status();
    for (std::size_t t : app::ShardOf(plan, *shard)) ids.push_back(plan.tasks[t].task.id);
    return ids;
  }
  for (const std::string& id : a.tasks) {
    const bool known = std::any_of(plan.tasks.begin(), plan.tasks.end(),
                                   [&](const app::CatalogueTask& t) { return t.task.id == id; });
    if (!known)
      return Status::Usage("--task " + id +
                           ": no such task in these books (see "
                           "'narrate plan' with the same books and options)");
    ids.push_back(id);
  }
  return ids;
}

ExitCode RunRender(const BuildArgs& a) {
  if (a.shard.empty() == a.tasks.empty()) return Usage("give --shard K/N or --task ID (not both)");
  if (!a.shard.empty()) {
    if (auto shard = app::ParseShard(a.shard); !shard.ok()) return Fail(shard.status());
  }
  auto planned = PlanBooks(a);
  if (!planned.ok()) return Fail(planned.status());
  if (planned->plan.summary.interrupted) return ExitCode::kInterrupted;
  auto ids = IdsToRender(a, planned->plan);
  if (!ids.ok()) return Fail(ids.status());
  Status last = planned->last;
  app::BatchEvents events = Reporting(a, &last);
  std::size_t done = 0;
  const bool lines = !a.voice.quiet;
  events.on_task = [&](const pipeline::RenderTask& task, bool fresh) {
    ++done;
    if (lines)
      std::printf("  [%zu/%zu] %s %s%s\n", done, ids->size(), task.id.c_str(),
                  task.file_name.c_str(), fresh ? "" : " (in the cache)");
    std::fflush(stdout);
  };
  app::BatchSummary s =
      app::RenderCatalogue(planned->entries, SettingsOf(a), planned->plan, *ids, events);
  if (lines)
    std::printf("Rendered %zu task(s), %zu already in the cache, into %s\n", s.rendered, s.cached,
                a.build.cache_dir.c_str());
  if (s.interrupted) return ExitCode::kInterrupted;
  if (s.failed == 0 && planned->plan.summary.failed == 0) return ExitCode::kOk;
  return planned->entries.size() == 1 ? ExitCodeFor(last) : ExitCode::kFailure;
}

CommandRun SetUpRender(CLI::App& app) {
  auto a = std::make_shared<BuildArgs>();
  AddBuildOptions(app, *a);
  AddCache(app, *a, true);
  app.add_option("--shard", a->shard,
                 "Render shard K of N (K from 1), e.g. 2/4: a balanced share of the tasks, the "
                 "same in every process given the same books and options");
  app.add_option("--task", a->tasks, "Render these tasks (ids as 'narrate plan' lists them)");
  return [a] { return RunRender(*a); };
}

// ---- chapters ----------------------------------------------------------------------

struct ChaptersArgs {
  BookArgs book;
  bool json = false;
};

ExitCode RunChapters(const ChaptersArgs& a) {
  auto book = Open(a.book.path, a.book.reading);
  if (!book.ok()) return Fail(book.status());
  if (a.json) {
    std::cout << app::ChaptersJson(*book) << "\n";
    return ExitCode::kOk;
  }
  std::cout << book->title << (book->author.empty() ? "" : " by " + book->author) << "\n";
  for (const app::ChapterSummary& c : app::SummarizeChapters(*book)) {
    std::printf("%3d  %s  (%zu paragraphs, %zu words)\n", c.number, c.title.c_str(), c.paragraphs,
                c.words);
  }
  return ExitCode::kOk;
}

CommandRun SetUpChapters(CLI::App& app) {
  auto a = std::make_shared<ChaptersArgs>();
  AddBook(app, a->book);
  app.add_flag("--json", a->json,
               "Print one JSON object: title, author, language (the book's own; \"\" when none) "
               "and chapters (number, title, paragraphs, words)");
  return [a] { return RunChapters(*a); };
}

// ---- cast -------------------------------------------------------------------------

struct CastArgs {
  BookArgs book;
  VoiceArgs voice;
  bool json = false;
  bool suggest = false;
};

ExitCode RunCast(const CastArgs& a) {
  auto book = Open(a.book.path, a.book.reading);
  if (!book.ok()) return Fail(book.status());
  if (a.suggest) {
    std::cout << app::SuggestCastToml(*book);
    return ExitCode::kOk;
  }
  auto speech = SpeechFor(a.voice, &*book);
  if (!speech.ok()) return Fail(speech.status());
  auto cast = app::CastBook(*book, a.voice.voices_path, speech->voice);
  if (!cast.ok()) return Fail(cast.status());
  for (const std::string& w : cast->warnings) std::cerr << "narrate: " << w << "\n";
  std::cout << (a.json ? app::CastJson(*cast) + "\n" : app::CastListing(*cast));
  return ExitCode::kOk;
}

CommandRun SetUpCast(CLI::App& app) {
  auto a = std::make_shared<CastArgs>();
  AddBook(app, a->book);
  AddVoicesFile(app, a->voice);
  app.add_flag("--json", a->json,
               "Print one JSON object: cast (path or null), quotations (chapter, paragraph, "
               "text, speaker, rule), speakers (id: count), unattributed (count)");
  app.add_flag("--suggest", a->suggest,
               "Print a voices.toml proposing a character per frequent speaker, to edit");
  return [a] { return RunCast(*a); };
}

// ---- preview and say -------------------------------------------------------------

struct PreviewArgs {
  BookArgs book;
  VoiceArgs voice;
  int chapter = 0;    // 1-based
  int paragraph = 0;  // 1-based
  std::string output = "preview.wav";
  int bitrate_kbps = 64;
};

ExitCode RunPreview(const PreviewArgs& a) {
  if (Status s = CheckOutput(a.output, a.bitrate_kbps); !s.ok()) return Fail(s);
  auto book = Open(a.book.path, a.book.reading);
  if (!book.ok()) return Fail(book.status());
  auto paragraph = app::FindParagraph(*book, a.chapter, a.paragraph);
  if (!paragraph.ok()) return Fail(paragraph.status());
  auto speech = SpeechFor(a.voice, &*book);
  if (!speech.ok()) return Fail(speech.status());
  if (Status s = AddVoicing(a.voice, *book, *speech); !s.ok()) return Fail(s);
  speech->voicing = app::ParagraphVoicing(speech->voicing.get(), a.chapter, a.paragraph);
  auto preparer = Preparer(*speech, a.voice, a.book.path, &*book);
  if (!preparer.ok()) return Fail(preparer.status());
  const std::string& text = (*paragraph)->text;
  (a.output == kStandardOutput ? std::cerr : std::cout)
      << text << "\nSpoken: " << preparer->Normalize(text) << "\n"
      << std::flush;
  return Speak(text, *speech, *preparer, a.output, a.bitrate_kbps);
}

CommandRun SetUpPreview(CLI::App& app) {
  auto a = std::make_shared<PreviewArgs>();
  AddBook(app, a->book);
  app.add_option("--chapter", a->chapter, "Chapter number, as 'narrate chapters' shows it")
      ->required();
  app.add_option("--paragraph", a->paragraph, "Paragraph number within the chapter, from 1")
      ->required();
  app.add_option("-o,--output", a->output, "Audio file to write; " + app::OutputFileHelp());
  AddVoice(app, a->voice);
  AddVoicesFile(app, a->voice);
  return [a] { return RunPreview(*a); };
}

struct SayArgs {
  std::vector<std::string> text;
  VoiceArgs voice;
  ReadAlongArgs read_along;
  std::string output = "say.wav";
  int bitrate_kbps = 64;
};

// TEXT, else the whole of standard input (not a terminal: it would wait unseen).
Result<std::string> SayText(const std::vector<std::string>& words) {
  if (!words.empty()) return JoinWords(words);
  if (::isatty(STDIN_FILENO))
    return Status::Usage("give the TEXT to speak, or pipe it into standard input");
  std::string text(std::istreambuf_iterator<char>(std::cin), {});
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Usage("standard input holds no text to speak");
  return text;
}

ExitCode RunSay(const SayArgs& a) {
  if (Status s = CheckOutput(a.output, a.bitrate_kbps, a.read_along.Get()); !s.ok()) return Fail(s);
  auto text = SayText(a.text);
  if (!text.ok()) return Fail(text.status());
  auto speech = SpeechFor(a.voice, nullptr);
  if (!speech.ok()) return Fail(speech.status());
  auto preparer = Preparer(*speech, a.voice, "", nullptr);
  if (!preparer.ok()) return Fail(preparer.status());
  return Speak(*text, *speech, *preparer, a.output, a.bitrate_kbps, a.read_along.Get());
}

CommandRun SetUpSay(CLI::App& app) {
  auto a = std::make_shared<SayArgs>();
  app.add_option("TEXT", a->text, "Text to speak (default: read all of standard input)");
  app.add_option("-o,--output", a->output, "Audio file to write; " + app::OutputFileHelp());
  AddVoice(app, a->voice, false);
  AddReadAlong(app, a->read_along);
  return [a] { return RunSay(*a); };
}

// ---- normalize and phonemes --------------------------------------------------------

struct NormalizeArgs {
  std::vector<std::string> text;
  BookArgs book;  // -f BOOK instead of TEXT
  VoiceArgs voice;
};

// The whole book as it will be spoken, in the voice a build would choose.
ExitCode NormalizeBook(const NormalizeArgs& a) {
  auto book = Open(a.book.path, a.book.reading);
  if (!book.ok()) return Fail(book.status());
  app::Speaker speaker;  // started only for a book in a language other than English
  auto choice = app::ChooseTextVoice(a.voice.speech.voice, a.voice.voice_given, &*book, speaker);
  if (!choice.ok()) return Fail(choice.status());
  if (!choice->note.empty() && !a.voice.quiet) std::cerr << "narrate: " << choice->note << "\n";
  std::cout << app::SpokenBookText(*book, choice->voice);
  return ExitCode::kOk;
}

// One output line per input line, so a file of cases can be checked at once.
ExitCode RunNormalize(const NormalizeArgs& a) {
  if (!a.book.path.empty() && !a.text.empty())
    return Fail(Status::Usage("give either TEXT or -f BOOK"));
  if (!a.book.path.empty()) return NormalizeBook(a);
  auto speech = SpeechFor(a.voice, nullptr);  // a --voice checked (eSpeak asked only then)
  if (!speech.ok()) return Fail(speech.status());
  auto normalize = app::NormalizerFor(speech->voice);
  if (!normalize.ok()) return Fail(normalize.status());
  if (!a.text.empty()) {
    std::cout << (*normalize)(JoinWords(a.text)) << "\n";
    return ExitCode::kOk;
  }
  for (std::string line; std::getline(std::cin, line);) std::cout << (*normalize)(line) << "\n";
  return ExitCode::kOk;
}

CommandRun SetUpNormalize(CLI::App& app) {
  auto a = std::make_shared<NormalizeArgs>();
  app.add_option("TEXT", a->text, "Text to normalise (default: read standard input, line by line)");
  app.add_option("-f,--file", a->book.path,
                 "Print a book's whole spoken text instead: '# N. Title' per chapter, then its "
                 "spoken title and paragraphs (verse lines one a line), blank lines between");
  app.add_option("--voice", a->voice.speech.voice.name,
                 "Voice whose language's rules apply (see 'narrate voices'); default: en, with -f "
                 "the book's language")
      ->each([a](const std::string&) { a->voice.voice_given = true; })
      ->default_str("");
  AddReading(app, a->book.reading);
  return [a] { return RunNormalize(*a); };
}

struct PhonemesArgs {
  std::vector<std::string> text;
  BookArgs book;  // -f BOOK instead of TEXT
  VoiceArgs voice;
  bool ipa = false;
};

// TEXT's phonemes on one line, or (book given) the book's, numbered as preview takes them.
ExitCode PrintPhonemes(const PhonemesArgs& a, const source::Book* book) {
  app::Speaker speaker;
  auto speech = SpeechFor(a.voice, book, speaker);
  if (!speech.ok()) return Fail(speech.status());
  auto preparer = Preparer(*speech, a.voice, a.book.path, book);
  if (!preparer.ok()) return Fail(preparer.status());
  if (book != nullptr) {
    auto text = app::BookPhonemes(*book, *preparer, speech->voice, a.ipa, speaker);
    if (!text.ok()) return Fail(text.status());
    std::cout << *text;
    return ExitCode::kOk;
  }
  auto paragraph = app::ParagraphOfText(JoinWords(a.text));  // [[…]] as say speaks it
  if (!paragraph.ok()) return Fail(paragraph.status());
  auto phonemes = speaker.Phonemes({preparer->PrepareParagraph(*paragraph)}, speech->voice, a.ipa);
  if (!phonemes.ok()) return Fail(phonemes.status());
  std::cout << phonemes->front() << "\n";
  return ExitCode::kOk;
}

ExitCode RunPhonemes(const PhonemesArgs& a) {
  if (a.book.path.empty() == a.text.empty())
    return Fail(Status::Usage("give either TEXT or -f BOOK"));
  if (a.book.path.empty()) return PrintPhonemes(a, nullptr);
  auto book = Open(a.book.path, a.book.reading);
  if (!book.ok()) return Fail(book.status());
  return PrintPhonemes(a, &*book);
}

CommandRun SetUpPhonemes(CLI::App& app) {
  auto a = std::make_shared<PhonemesArgs>();
  app.add_option("TEXT", a->text, "Text to transcribe");
  app.add_option("-f,--file", a->book.path,
                 "Transcribe a book instead: '# N. Title' per chapter, then 'title: ...' for its "
                 "spoken title and 'M: ...' per paragraph (preview --chapter N --paragraph M)");
  app.add_flag("--ipa", a->ipa, "Print IPA instead of eSpeak mnemonics");
  AddVoice(app, a->voice);
  AddReading(app, a->book.reading);
  return [a] { return RunPhonemes(*a); };
}

// ---- lexicon -------------------------------------------------------------------------

enum class LexiconAction { kCheck, kSuggest, kAdd, kReplace, kRemove };

const std::vector<std::pair<std::string, LexiconAction>> kLexiconActions = {
    {"check", LexiconAction::kCheck},
    {"suggest", LexiconAction::kSuggest},
    {"add", LexiconAction::kAdd},
    {"replace", LexiconAction::kReplace},
    {"remove", LexiconAction::kRemove}};

std::string NameOf(LexiconAction action) {
  for (const auto& [name, value] : kLexiconActions) {
    if (value == action) return name;
  }
  return "";
}

struct LexiconArgs {
  LexiconAction action = LexiconAction::kCheck;
  BookArgs book;  // the lexicon (check, add, replace, remove) or the book (suggest)
  VoiceArgs voice;
  std::string word;           // add, replace, remove
  std::string pronunciation;  // add, replace
  bool case_sensitive = false;
  std::string report_book;  // --book: say which of its chapters the edit changes
};

ExitCode CheckLexicon(const std::string& path) {
  std::vector<Status> problems = app::CheckLexicon(path);
  for (const Status& p : problems) std::cerr << p.message() << "\n";
  if (!problems.empty()) return ExitCode::kFailure;
  std::cout << path << ": ok\n";
  return ExitCode::kOk;
}

ExitCode SuggestLexicon(const LexiconArgs& a) {
  auto book = Open(a.book.path, a.book.reading);
  if (!book.ok()) return Fail(book.status());
  app::Speaker speaker;
  auto speech = SpeechFor(a.voice, &*book, speaker);
  if (!speech.ok()) return Fail(speech.status());
  auto preparer = Preparer(*speech, a.voice, a.book.path, &*book);
  if (!preparer.ok()) return Fail(preparer.status());
  auto text = app::SuggestLexiconEntries(*book, *preparer, a.voice.speech.voice, speaker);
  if (!text.ok()) return Fail(text.status());
  std::cout << *text;
  return ExitCode::kOk;
}

// The chapters an edit changes, as "1, 3".
std::string NumberList(const std::vector<int>& numbers) {
  std::string out;
  for (int n : numbers) out += (out.empty() ? "" : ", ") + std::to_string(n);
  return out;
}

void PrintEdit(const std::string& path, const app::LexiconEditReport& r, const source::Book* book) {
  const auto& o = r.outcome;
  if (o.new_line.empty())
    std::cout << path << ":" << o.line << ": removed " << o.old_line << "\n";
  else
    std::cout << path << ":" << o.line << ": " << o.new_line << "\n";
  if (book == nullptr) return;
  std::cout << "the next build of \"" << book->title << "\" re-renders "
            << (r.chapters.empty() ? "nothing" : "chapter(s) " + NumberList(r.chapters)) << "\n";
}

ExitCode EditLexicon(const LexiconArgs& a, pronunciation::EditKind kind) {
  if (a.word.empty())
    return Fail(Status::Usage("lexicon " + NameOf(a.action) + ": give the WORD to edit"));
  if (kind != pronunciation::EditKind::kRemove && a.pronunciation.empty()) {
    return Fail(
        Status::Usage("lexicon " + NameOf(a.action) + ": give the WORD and its PRONUNCIATION"));
  }
  std::optional<source::Book> book;
  pipeline::BuildOptions options;
  if (!a.report_book.empty()) {
    auto opened = Open(a.report_book, a.book.reading);
    if (!opened.ok()) return Fail(opened.status());
    book = std::move(*opened);
    auto speech = SpeechFor(a.voice, &*book);
    if (!speech.ok()) return Fail(speech.status());
    options.speech = *speech;
  }
  pronunciation::LexiconEdit edit{kind, a.word, a.pronunciation, a.case_sensitive};
  auto report = app::EditLexicon(a.book.path, edit, book ? &*book : nullptr, options);
  if (!report.ok()) return Fail(report.status());
  PrintEdit(a.book.path, *report, book ? &*book : nullptr);
  return ExitCode::kOk;
}

ExitCode RunLexicon(const LexiconArgs& a) {
  switch (a.action) {
    case LexiconAction::kCheck:
      return CheckLexicon(a.book.path);
    case LexiconAction::kSuggest:
      return SuggestLexicon(a);
    case LexiconAction::kAdd:
      return EditLexicon(a, pronunciation::EditKind::kAdd);
    case LexiconAction::kReplace:
      return EditLexicon(a, pronunciation::EditKind::kReplace);
    case LexiconAction::kRemove:
      return EditLexicon(a, pronunciation::EditKind::kRemove);
  }
  return ExitCode::kUsage;
}

CommandRun SetUpLexicon(CLI::App& app) {
  auto a = std::make_shared<LexiconArgs>();
  EnumOption(app.add_option("ACTION", a->action,
                            "check FILE: validate a lexicon; suggest BOOK: list names to add; "
                            "add|replace FILE WORD PRONUNCIATION, remove FILE WORD: edit one entry")
                 ->required(),
             kLexiconActions, "");
  app.add_option("FILE", a->book.path,
                 "The lexicon (check, add, replace, remove) or the book (suggest)")
      ->required();
  app.add_option("WORD", a->word, "add/replace/remove: the word or phrase");
  app.add_option("PRONUNCIATION", a->pronunciation,
                 "add/replace: /IPA/, [[eSpeak mnemonics]] or a respelling");
  app.add_flag("--case-sensitive", a->case_sensitive, "add/replace/remove: the entry matches case");
  app.add_option("--book", a->report_book,
                 "add/replace/remove: say which of this book's chapters change");
  AddReading(app, a->book.reading);
  app.add_option(
         "--lexicon", a->voice.speech.lexicons,
         "suggest: names these lexicons cover are left out; edits: the other lexicons --book "
         "is built with")
      ->allow_extra_args(false);
  return [a] { return RunLexicon(*a); };
}

// ---- voices and check-acx ------------------------------------------------------------

// One row a voice: name, gender, description; the default voice says so.
void PrintVoiceRows(const std::vector<app::VoiceInfo>& rows, const std::string& default_name) {
  for (const app::VoiceInfo& v : rows) {
    const std::string description = v.description + (v.name == default_name ? ", the default" : "");
    std::printf("%-18s %-7s %s\n", v.name.c_str(), v.gender.c_str(), description.c_str());
  }
}

ExitCode PrintVoiceList() {
  app::Speaker speaker;
  auto list = app::ListVoices(speaker);
  if (!list.ok()) return Fail(list.status());
  std::printf("Voices (--voice NAME):\n");
  PrintVoiceRows(list->voices, list->default_name);
  std::printf("\nVariants (--voice NAME+VARIANT, e.g. en-us+f2):\n");
  PrintVoiceRows(list->variants, "");
  return ExitCode::kOk;
}

enum class VoicesAction { kList, kCheck, kAudition };

// The actions' words; a typo is offered the nearest (common/suggest.h).
const std::vector<std::pair<std::string, VoicesAction>> kVoicesActions = {
    {"check", VoicesAction::kCheck}, {"audition", VoicesAction::kAudition}};

struct VoicesArgs {
  std::string action;  // "" = list
  std::string file;    // voices.toml
  std::string output;  // audition's folder
  voices::VoiceSettings voice;
};

// Errors one a line (exit 1), then warnings (exit 0), then "F: ok, N profiles".
ExitCode CheckCastFile(const VoicesArgs& a) {
  app::Speaker speaker;
  auto list = app::ListVoices(speaker);
  if (!list.ok()) return Fail(list.status());
  const app::CastCheck check = app::CheckCast(a.file, *list, a.voice);
  const bool usage = !check.ok() && check.errors[0].code() == StatusCode::kUsage;
  if (usage) return Fail(check.errors[0]);  // --voice, not the file
  for (const Status& e : check.errors) std::cerr << e.message() << "\n";
  if (!check.ok()) return ExitCode::kFailure;
  for (const std::string& w : check.warnings) std::cerr << w << "\n";
  std::cout << a.file << ": ok, " << check.cast.characters.size() + 2 << " profiles\n";
  return ExitCode::kOk;
}

ExitCode AuditionCastFile(const VoicesArgs& a) {
  if (a.output.empty())
    return Fail(Status::Usage("voices audition: give the folder to write with -o DIR"));
  InstallInterruptHandlers();
  app::Speaker speaker;
  auto files = app::AuditionCast(a.file, a.output, a.voice, speaker);
  if (!files.ok()) return Fail(files.status());
  for (const std::string& f : *files) std::cout << f << "\n";
  return ExitCode::kOk;
}

Result<VoicesAction> VoicesActionOf(const VoicesArgs& a) {
  if (a.action.empty()) return VoicesAction::kList;
  std::vector<std::string> words;
  for (const auto& [word, action] : kVoicesActions) {
    if (word == a.action) return action;
    words.push_back(word);
  }
  const std::string near = ClosestMatch(a.action, words);
  return Status::Usage("unknown voices action '" + a.action + "' (check or audition)" +
                       (near.empty() ? "" : "; did you mean '" + near + "'?"));
}

ExitCode RunVoices(const VoicesArgs& a) {
  auto action = VoicesActionOf(a);
  if (!action.ok()) return Fail(action.status());
  if (*action != VoicesAction::kList && a.file.empty())
    return Fail(Status::Usage("voices " + a.action + ": give the voices.toml FILE"));
  if (*action == VoicesAction::kList && !a.file.empty())
    return Fail(Status::Usage("voices: FILE needs an action (check or audition)"));
  switch (*action) {
    case VoicesAction::kList:
      return PrintVoiceList();
    case VoicesAction::kCheck:
      return CheckCastFile(a);
    case VoicesAction::kAudition:
      return AuditionCastFile(a);
  }
  return ExitCode::kUsage;
}

CommandRun SetUpVoices(CLI::App& app) {
  auto a = std::make_shared<VoicesArgs>();
  app.add_option("ACTION", a->action,
                 "None: list the voices; check FILE: validate a cast (voices.toml); "
                 "audition FILE -o DIR: speak a sample line per profile into DIR");
  app.add_option("FILE", a->file, "check, audition: the cast file (voices.toml)");
  app.add_option("-o,--output", a->output, "audition: the folder for the MP3s");
  app.add_option("--voice", a->voice.name,
                 "check, audition: the voice the narrator's unset keys come from");
  app.add_option("--rate", a->voice.rate_wpm, "check, audition: the narrator's default rate")
      ->check(CLI::Range(voices::kMinRateWpm, voices::kMaxRateWpm));
  app.add_option("--pitch", a->voice.pitch, "check, audition: the narrator's default pitch")
      ->check(CLI::Range(voices::kMinPitch, voices::kMaxPitch));
  return [a] { return RunVoices(*a); };
}

// Prints the table; 0 when every MP3 passes, 1 when one fails, cannot be
// read, or there is no MP3 to check.
ExitCode RunCheckAcx(const std::string& path) {
  auto check = app::CheckAcx(path);
  if (!check.ok()) return Fail(check.status());
  for (const std::string& e : check->errors) std::cerr << "narrate: " << e << "\n";
  std::cout << check->table;
  return check->passed ? ExitCode::kOk : ExitCode::kFailure;
}

CommandRun SetUpCheckAcx(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  app.add_option("PATH", *path, "Folder of MP3s (or one MP3 file)")->required();
  return [path] { return RunCheckAcx(*path); };
}

// ---- studio --------------------------------------------------------------------------

struct StudioArgs {
  BookArgs book;
  VoiceArgs voice;
  std::string output;  // the build's folder; "" = audiobooks/<title>
  app::TagOptions tags;
  int port = 0;  // 0: any free port
  bool no_browser = false;
};

app::SessionOptions SessionOptionsFor(const StudioArgs& a) {
  app::SessionOptions options;
  options.book_path = a.book.path;
  options.reading = a.book.reading;
  options.build.speech = a.voice.speech;
  options.build.output_dir = a.output;
  options.tags = a.tags;
  options.build.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.voice_given = a.voice.voice_given;
  options.voices_path = a.voice.voices_path;
  return options;
}

// A browser opened on the studio; when none opens, a note, not an error.
void OpenBrowser(const std::string& url) {
  auto note = [](const std::string& why) {
    std::cerr << "narrate: " << why << "; open the address above in a browser\n" << std::flush;
  };
  auto launcher = studio::WriteLauncherPage(url);  // the token stays out of command lines
  if (!launcher.ok()) return note(launcher.status().message());
  const Status started = StartDetached({"xdg-open", *launcher}, [note](int exit_status) {
    if (exit_status != 0)
      note("xdg-open opened no browser (exit " + std::to_string(exit_status) + ")");
  });
  if (!started.ok()) note(started.message());
}

ExitCode RunStudio(const StudioArgs& a) {
  std::vector<std::string> warnings;  // the book's own cover, when it cannot be used
  auto session = app::OpenSession(SessionOptionsFor(a), &warnings);
  if (!session.ok()) return Fail(session.status());
  for (const std::string& w : warnings) std::cerr << "narrate: " << w << "\n";
  auto on_listening = [&a](const std::string& url, int) {
    std::cout << "Studio: " << url << std::endl;  // flushed: the one line a script waits for
    if (!a.no_browser) OpenBrowser(url);
  };
  const Status served = studio::Serve(**session, {a.port, studio::RandomToken(), on_listening});
  if (served.code() == StatusCode::kInterrupted) std::cerr << "\nnarrate: studio stopped\n";
  return served.ok() ? ExitCode::kOk : Fail(served);
}

CommandRun SetUpStudio(CLI::App& app) {
  auto a = std::make_shared<StudioArgs>();
  AddBook(app, a->book);
  AddVoice(app, a->voice);
  app.add_option("-o,--output", a->output,
                 "Folder the page's Build button writes (default: audiobooks/<title>)");
  AddTagOptions(app, a->tags);
  app.add_option("--port", a->port, "Port on 127.0.0.1 (default: any free port)")
      ->check(CLI::Range(0, 65535));
  app.add_flag("--no-browser", a->no_browser, "Only print the address; open no browser");
  AddVoicesFile(app, a->voice);
  return [a] { return RunStudio(*a); };
}

}  // namespace

std::string VersionText() { return std::string("narrate ") + NARRATE_VERSION; }

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"build",
       "Render books (files, folders, catalogues) into chaptered, tagged MP3s and playlists",
       SetUpBuild},
      {"plan", "List the render tasks of a build of books (--json), for machines to share out",
       SetUpPlan},
      {"render", "Render tasks (--shard K/N or --task ID) into a shared cache folder (--cache)",
       SetUpRender},
      {"chapters", "List a book's chapters: number, title, paragraphs, words (--json)",
       SetUpChapters},
      {"preview", "Render one paragraph of a book and print its text and spoken form",
       SetUpPreview},
      {"cast", "List who speaks each quotation of a book (--json), or suggest a voices.toml",
       SetUpCast},
      {"say", "Speak text (or standard input) into a WAV, FLAC or MP3 file, or WAV to stdout",
       SetUpSay},
      {"normalize", "Print the spoken form of text, or of a whole book (-f), as narration says it",
       SetUpNormalize},
      {"phonemes", "Print the phonemes eSpeak will speak, after normalisation and lexicons",
       SetUpPhonemes},
      {"lexicon", "Check or edit a lexicon file, or suggest the names a book needs in one",
       SetUpLexicon},
      {"voices", "List the eSpeak NG voices and variants, or check or audition a voices.toml",
       SetUpVoices},
      {"check-acx", "Measure MP3s (a folder or one file) against the ACX requirements",
       SetUpCheckAcx},
      {"studio", "Open a book in the browser: hear any paragraph, fix a name, hear it again",
       SetUpStudio},
  };
  return kCommands;
}

}  // namespace narrate::cli
