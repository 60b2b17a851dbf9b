#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>

#include <unistd.h>

#include "cli/check_acx.h"
#include "cli/progress.h"
#include "cli/reading.h"
#include "common/interrupt.h"
#include "output/formats/formats.h"
#include "output/package/package.h"
#include "pronunciation/lexicon.h"
#include "source/book.h"
#include "tts/text/normalize.h"
#include "tts/synth/engine.h"

#ifndef NARRATE_VERSION
#define NARRATE_VERSION "unknown"
#endif

namespace narrate::cli {
namespace {

// Options that cannot be combined, or a value out of range, exit 2 (as a bad
// command line does); every other failure 1.
ExitCode Fail(const Status& status) {
  std::cerr << "narrate: " << status.message() << "\n";
  return status.code() == StatusCode::kUsage ? ExitCode::kUsage : ExitCode::kFailure;
}

// How EPUB and HTML books are read.
void AddReading(CLI::App& app, Options& o) {
  app.add_flag("--include-front-matter", o.include_front_matter,
               "EPUB/HTML: also read cover, title page, contents, copyright, colophon, index, Gutenberg licence");
  app.add_option("--footnotes", o.footnotes, "EPUB/HTML notes: skip, or read at the end-of-chapter")
      ->check(CLI::IsMember({"skip", "end-of-chapter"}));
  app.add_flag("--alt-text", o.alt_text, "EPUB/HTML: read images' alt text");
}

void AddBook(CLI::App& app, Options& o) {
  app.add_option("BOOK", o.book, "Book file: EPUB, HTML, Markdown or UTF-8 plain text")->required();
  app.add_option("--title", o.title, "Book title (default: the book's metadata or front matter, else file name)");
  app.add_option("--author", o.author, "Author (default: the book's metadata or front matter)");
  AddReading(app, o);
}

void AddVoice(CLI::App& app, Options& o) {
  voices::VoiceSettings& v = o.speech.voice;
  app.add_option("--voice", v.name, "eSpeak NG voice (see 'narrate voices'), e.g. en-us+f2; default: the book's language, else en")
      ->each([&o](const std::string&) { o.voice_given = true; });
  app.add_option("--rate", v.rate_wpm, "Speaking rate, words per minute")
      ->check(CLI::Range(voices::kMinRateWpm, voices::kMaxRateWpm));
  app.add_option("--pitch", v.pitch, "Base pitch")->check(CLI::Range(voices::kMinPitch, voices::kMaxPitch));
  app.add_option("--lexicon", o.speech.lexicons, "Pronunciation lexicon file (repeatable; later wins)")
      ->allow_extra_args(false);
}

Result<source::Book> LoadBook(const Options& o) {
  source::ReadOptions read{o.title, o.author};
  read.include_front_matter = o.include_front_matter;
  read.footnotes = o.footnotes == "end-of-chapter" ? source::Footnotes::kEndOfChapter : source::Footnotes::kSkip;
  read.alt_text = o.alt_text;
  return source::ReadBook(o.book, read);
}

// Without --voice, a book that declares its language (EPUB dc:language) is
// read by that language's voice, when eSpeak has one.
pipeline::SpeechOptions SpeechFor(const Options& o, const source::Book* book) {
  pipeline::SpeechOptions speech = o.speech;
  if (o.voice_given || !book || book->language.empty()) return speech;
  std::vector<std::string> names;
  {
    auto engine = synth::OpenEspeak(voices::VoiceSettings{});
    if (!engine.ok()) return speech;
    for (const synth::VoiceInfo& v : (*engine)->ListVoices()) names.push_back(v.name);
  }
  std::string voice = VoiceForLanguage(book->language, names);
  if (!voice.empty()) speech.voice.name = voice;
  else if (!o.quiet) std::cerr << "narrate: no voice for the book's language \"" << book->language << "\"; using " << speech.voice.name << "\n";
  return speech;
}

// Normaliser and lexicons (the book's own PLS lexicons too); says on stderr which lexicons it loaded.
Result<pipeline::TextPreparer> LoadPreparer(const Options& o, const std::string& book_path,
                                            const source::Book* book = nullptr) {
  auto preparer = pipeline::TextPreparer::Create(SpeechFor(o, book), book_path,
                                                 book ? book->lexicons : std::vector<source::BookLexicon>{});
  if (!preparer.ok()) return preparer.status();
  for (const pipeline::LoadedLexicon& l : preparer->lexicons()) {
    if (o.quiet) break;
    std::cerr << "loaded lexicon " << l.path << " (" << l.entries << (l.entries == 1 ? " entry)\n" : " entries)\n");
  }
  return preparer;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// "flat": <output or audiobooks>/<title>; "author-title": .../<author>/<title>,
// the folder layout audiobook servers scan.
std::string OutputDir(const Options& o, const source::Book& book) {
  if (o.layout == "flat") return o.output;
  std::string base = o.output.empty() ? "audiobooks" : o.output;
  std::string author = book.author.empty() ? "Unknown Author" : book.author;
  return base + "/" + package::SafeFileName(author) + "/" + package::SafeFileName(book.title);
}

// --cover, else the book's own cover (EPUB) when it is a JPEG or PNG.
Result<pipeline::BookTags> LoadBookTags(const Options& o, const source::Book& book) {
  pipeline::BookTags tags{o.narrator, o.year, o.description, {}};
  if (o.cover.empty()) {
    std::string mime = package::ImageMimeType(book.cover.bytes);
    if (!mime.empty()) tags.cover = package::Cover{mime, book.cover.bytes};
    return tags;
  }
  auto cover = package::LoadCover(o.cover);
  if (!cover.ok()) return cover.status();
  tags.cover = std::move(*cover);
  return tags;
}

pipeline::ReadAlong ReadAlongOf(const Options& o) {
  auto has = [](const std::vector<std::string>& v, const char* name) {
    return std::find(v.begin(), v.end(), name) != v.end();
  };
  return pipeline::ReadAlong{has(o.subtitles, "vtt"), has(o.subtitles, "srt"), has(o.timings, "json")};
}

// --chapters: the selected numbers, each within the book.
Result<std::vector<int>> SelectedChapters(const Options& o, const source::Book& book) {
  if (o.chapters.empty()) return std::vector<int>{};
  auto selected = ParseChapterList(o.chapters);
  if (!selected.ok()) return selected.status();
  if (selected->back() > static_cast<int>(book.chapters.size())) {
    return Status::Error("--chapters " + std::to_string(selected->back()) + " is not in 1.." +
                         std::to_string(book.chapters.size()) + " (see 'narrate chapters')");
  }
  return selected;
}

ExitCode RunBuild(const Options& o) {
  auto book = LoadBook(o);
  if (!book.ok()) return Fail(book.status());
  auto selected = SelectedChapters(o, *book);
  if (!selected.ok()) return Fail(selected.status());
  auto tags = LoadBookTags(o, *book);
  if (!tags.ok()) return Fail(tags.status());
  auto preparer = LoadPreparer(o, o.book, &*book);
  if (!preparer.ok()) return Fail(preparer.status());
  pipeline::BuildOptions options;
  options.speech = SpeechFor(o, &*book);
  options.chapters = *selected;
  options.output_dir = OutputDir(o, *book);
  options.bitrate_kbps = o.bitrate_kbps;
  options.jobs = o.jobs;
  options.force = o.force;
  options.tags = std::move(*tags);
  options.single_file = o.single_file;
  options.part_bytes = o.part_bytes;
  options.format = o.format;
  options.read_along = ReadAlongOf(o);
  options.acx = o.acx;
  options.credits = o.credits;
  if (Status s = pipeline::CheckBuildOptions(*book, options); !s.ok()) return Fail(s);
  Progress::Mode mode = o.quiet ? Progress::Mode::kQuiet
                        : ::isatty(STDOUT_FILENO) ? Progress::Mode::kBar : Progress::Mode::kLines;
  Progress progress(*book, mode, stdout);
  InstallInterruptHandlers();
  auto report = pipeline::BuildBook(*book, options, *preparer,
                                    [&](const pipeline::ChapterResult& c) { progress.OnChapter(c); });
  if (!report.ok() && Interrupted()) {
    std::fprintf(stderr, "\nnarrate: interrupted; finished chapters are kept, run again to continue\n");
    return ExitCode::kInterrupted;
  }
  if (!report.ok()) return Fail(report.status());
  progress.Finish(*report);
  return ExitCode::kOk;
}

ExitCode RunChapters(const Options& o) {
  auto book = LoadBook(o);
  if (!book.ok()) return Fail(book.status());
  std::cout << book->title << (book->author.empty() ? "" : " by " + book->author) << "\n";
  for (std::size_t i = 0; i < book->chapters.size(); ++i) {
    const source::Chapter& c = book->chapters[i];
    std::printf("%3zu  %s  (%zu paragraphs, %zu words)\n", i + 1, c.title.c_str(), c.paragraphs.size(),
                source::CountWords(c));
  }
  return ExitCode::kOk;
}

// The paragraph `preview` speaks, or an error naming the valid range.
Result<std::string> PickParagraph(const source::Book& book, int chapter, int paragraph) {
  if (chapter < 1 || chapter > static_cast<int>(book.chapters.size())) {
    return Status::Error("--chapter " + std::to_string(chapter) + " is not in 1.." +
                         std::to_string(book.chapters.size()));
  }
  const auto& paragraphs = book.chapters[chapter - 1].paragraphs;
  if (paragraph < 1 || paragraph > static_cast<int>(paragraphs.size())) {
    return Status::Error("--paragraph " + std::to_string(paragraph) + " is not in 1.." +
                         std::to_string(paragraphs.size()) + " for chapter " + std::to_string(chapter));
  }
  return paragraphs[paragraph - 1].text;
}

// Ctrl-C during say/preview: the worker stops and removes its temporary file.
ExitCode Interruptible(const Status& status) {
  if (status.ok()) return ExitCode::kOk;
  if (Interrupted()) return ExitCode::kInterrupted;
  return Fail(status);
}

ExitCode RunPreview(const Options& o) {
  auto book = LoadBook(o);
  if (!book.ok()) return Fail(book.status());
  auto text = PickParagraph(*book, o.chapter, o.paragraph);
  if (!text.ok()) return Fail(text.status());
  auto preparer = LoadPreparer(o, o.book, &*book);
  if (!preparer.ok()) return Fail(preparer.status());
  std::cout << *text << "\n" << std::flush;
  InstallInterruptHandlers();
  auto seconds = pipeline::RenderText(*text, SpeechFor(o, &*book), *preparer, o.output, o.bitrate_kbps);
  if (!seconds.ok()) return Interruptible(seconds.status());
  std::cout << "Wrote " << o.output << " (" << Clock(*seconds) << ")\n";
  return ExitCode::kOk;
}


ExitCode RunSay(const Options& o) {
  auto preparer = LoadPreparer(o, "");
  if (!preparer.ok()) return Fail(preparer.status());
  InstallInterruptHandlers();
  auto seconds = pipeline::RenderText(JoinWords(o.text), o.speech, *preparer, o.output, o.bitrate_kbps,
                                      ReadAlongOf(o));
  if (!seconds.ok()) return Interruptible(seconds.status());
  std::cout << "Wrote " << o.output << " (" << Clock(*seconds) << ")\n";
  return ExitCode::kOk;
}

// One output line per input line, so a file of cases can be checked at once.
ExitCode RunNormalize(const Options& o) {
  auto normalizer = text::Normalizer::Create(text::NormalizeOptions{voices::LanguageOf(o.speech.voice)});
  if (!normalizer.ok()) return Fail(normalizer.status());
  if (!o.text.empty()) {
    std::cout << normalizer->Normalize(JoinWords(o.text)) << "\n";
    return ExitCode::kOk;
  }
  for (std::string line; std::getline(std::cin, line);) std::cout << normalizer->Normalize(line) << "\n";
  return ExitCode::kOk;
}

void AddNormalize(CLI::App& app, Options& o) {
  app.add_option("TEXT", o.text, "Text to normalise (default: read standard input, line by line)");
  app.add_option("--voice", o.speech.voice.name, "Voice whose language's rules apply");
}

// What `phonemes` reads: the TEXT words as one paragraph, or a book's paragraphs.
struct PhonemeInput {
  std::optional<source::Book> book;
  std::vector<source::Paragraph> paragraphs;
};

Result<PhonemeInput> ReadPhonemeInput(const Options& o) {
  PhonemeInput input;
  if (o.book.empty()) {
    input.paragraphs.push_back(source::Paragraph{JoinWords(o.text), 0, false, {}});
    return input;
  }
  auto book = LoadBook(o);
  if (!book.ok()) return book.status();
  for (const source::Chapter& c : book->chapters) {
    if (!c.spoken_title.empty()) input.paragraphs.push_back(source::Paragraph{c.spoken_title, 0, false, {}});
    input.paragraphs.insert(input.paragraphs.end(), c.paragraphs.begin(), c.paragraphs.end());
  }
  input.book = std::move(*book);
  return input;
}

ExitCode RunPhonemes(const Options& o) {
  if (o.book.empty() == o.text.empty()) return Fail(Status::Error("give either TEXT or -f BOOK"));
  auto input = ReadPhonemeInput(o);
  if (!input.ok()) return Fail(input.status());
  const source::Book* book = input->book ? &*input->book : nullptr;
  auto preparer = LoadPreparer(o, o.book, book);
  if (!preparer.ok()) return Fail(preparer.status());
  auto engine = synth::OpenEspeak(SpeechFor(o, book).voice);
  if (!engine.ok()) return Fail(engine.status());
  auto alphabet = o.ipa ? synth::PhonemeAlphabet::kIpa : synth::PhonemeAlphabet::kEspeak;
  for (const source::Paragraph& p : input->paragraphs) {
    auto phonemes = (*engine)->ToPhonemes(preparer->PrepareParagraph(p), alphabet);
    if (!phonemes.ok()) return Fail(phonemes.status());
    std::cout << *phonemes << "\n";
  }
  return ExitCode::kOk;
}

ExitCode CheckLexicon(const std::string& path) {
  std::vector<std::string> problems = pronunciation::CheckLexiconFile(path);
  for (const std::string& p : problems) std::cerr << p << "\n";
  if (!problems.empty()) return ExitCode::kFailure;
  std::cout << path << ": ok\n";
  return ExitCode::kOk;
}

ExitCode SuggestLexicon(const Options& o) {
  auto book = LoadBook(o);
  if (!book.ok()) return Fail(book.status());
  // The lexicons only say which names are known; suggestions come from the spoken text.
  auto preparer = LoadPreparer(o, o.book, &*book);
  if (!preparer.ok()) return Fail(preparer.status());
  std::vector<std::string> paragraphs;
  for (const source::Chapter& c : book->chapters) {
    for (const source::Paragraph& p : c.paragraphs) paragraphs.push_back(preparer->Normalize(p.text));
  }
  auto suggestions = pronunciation::Suggest(paragraphs, {{}, &preparer->lexicon(), 0});
  if (!suggestions.ok()) return Fail(suggestions.status());
  auto engine = synth::OpenEspeak(o.speech.voice);
  if (!engine.ok()) return Fail(engine.status());
  std::cout << pronunciation::FormatSuggestions(*suggestions, [&](const std::string& name) {
    auto ph = (*engine)->ToPhonemes(PlainUtterance(name), synth::PhonemeAlphabet::kEspeak);
    return ph.ok() ? *ph : std::string();
  });
  return ExitCode::kOk;
}

ExitCode RunLexicon(const Options& o) {
  return o.action == "check" ? CheckLexicon(o.book) : SuggestLexicon(o);
}

void AddPhonemes(CLI::App& app, Options& o) {
  app.add_option("TEXT", o.text, "Text to transcribe");
  app.add_option("-f,--file", o.book, "Transcribe a book instead, one line per paragraph");
  app.add_flag("--ipa", o.ipa, "Print IPA instead of eSpeak mnemonics");
  AddVoice(app, o);
  AddReading(app, o);
}

void AddLexicon(CLI::App& app, Options& o) {
  app.add_option("ACTION", o.action, "check FILE: validate a lexicon; suggest BOOK: list names to add")
      ->required()->check(CLI::IsMember({"check", "suggest"}));
  app.add_option("FILE", o.book, "The lexicon (check) or the book (suggest)")->required();
  app.add_option("--lexicon", o.speech.lexicons, "suggest: names these lexicons cover are left out")
      ->allow_extra_args(false);
}

ExitCode RunVoices(const Options&) {
  auto engine = synth::OpenEspeak(voices::VoiceSettings{});
  if (!engine.ok()) return Fail(engine.status());
  for (const synth::VoiceInfo& v : (*engine)->ListVoices()) {
    std::printf("%-18s %-7s %s\n", v.name.c_str(), v.gender.c_str(), v.description.c_str());
  }
  return ExitCode::kOk;
}

void AddReadAlong(CLI::App& app, Options& o) {
  app.add_option("--subtitles", o.subtitles, "Subtitles beside the audio, one cue per sentence: vtt,srt")
      ->delimiter(',')
      ->check(CLI::IsMember({"vtt", "srt"}));
  app.add_option("--timings", o.timings, "Word timings beside the audio: json")
      ->delimiter(',')
      ->check(CLI::IsMember({"json"}));
}

void AddBuild(CLI::App& app, Options& o) {
  AddBook(app, o);
  app.add_option("-o,--output", o.output, "Output folder (default: audiobooks/<title>); the base folder with --layout author-title");
  AddVoice(app, o);
  app.add_option("--bitrate", o.bitrate_kbps, "MP3 constant bit rate, kbps");
  app.add_option("--jobs", o.jobs, "Chapters rendered at once (worker processes)")->check(CLI::Range(1, 256));
  app.add_flag("--force", o.force, "Render every chapter, even those already up to date");
  AddReadAlong(app, o);
  app.add_flag("--single-file", o.single_file, "One MP3 for the whole book, with ID3 chapter marks");
  app.add_option("--cover", o.cover, "Cover image (JPEG or PNG) embedded in every file");
  app.add_option("--narrator", o.narrator, "Narrator credited in the tags");
  app.add_option("--year", o.year, "Publication year for the tags");
  app.add_option("--description", o.description, "Book description for the tags");
  app.add_option("--layout", o.layout, "Folders: flat = <output>/, author-title = <output>/<author>/<title>/")
      ->check(CLI::IsMember({"flat", "author-title"}));
  app.add_option("--format", o.format, "Audio format: " + formats::FormatHelp())
      ->check(CLI::IsMember(formats::Names()));
  app.add_flag("--acx", o.acx,
               "ACX-grade files: 44.1 kHz 192 kbps CBR, RMS -23..-18 dB, peaks under -3 dB, room tone, <= 120 min");
  app.add_flag("--credits", o.credits, "Add opening and closing credits (title, author, narrator) as their own files");
  app.add_option("--part-bytes", o.part_bytes,
                 "Chapters with more text than this are rendered in parts by several workers")
      ->check(CLI::Range(std::size_t{100}, std::size_t{100000000}));
  app.add_option("--chapters", o.chapters, "Render only these chapters, e.g. 3-7,12 (numbers as 'narrate chapters' shows)");
  app.add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
}

void AddPreview(CLI::App& app, Options& o) {
  AddBook(app, o);
  app.add_option("--chapter", o.chapter, "Chapter number, as 'narrate chapters' shows it")->required();
  app.add_option("--paragraph", o.paragraph, "Paragraph number within the chapter, from 1")->required();
  o.output = "preview.wav";
  app.add_option("-o,--output", o.output, "Audio file to write (.wav or .mp3)");
  AddVoice(app, o);
}

// Read-along files beside the audio, timed by the synthesiser itself.

void AddSay(CLI::App& app, Options& o) {
  app.add_option("TEXT", o.text, "Text to speak")->required();
  o.output = "say.wav";
  app.add_option("-o,--output", o.output, "Audio file to write (.wav or .mp3)");
  AddVoice(app, o);
  AddReadAlong(app, o);
}

}  // namespace

std::string VersionText() { return std::string("narrate ") + NARRATE_VERSION; }

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"build", "Render a book into chaptered, tagged MP3s and a playlist", AddBuild, RunBuild},
      {"chapters", "List a book's chapters: number, title, paragraphs, words", AddBook, RunChapters},
      {"preview", "Render one paragraph of a book and print its text", AddPreview, RunPreview},
      {"say", "Speak a line of text into a WAV or MP3 file", AddSay, RunSay},
      {"normalize", "Print the spoken form of text, as narration will say it", AddNormalize, RunNormalize},
      {"phonemes", "Print the phonemes eSpeak will speak, after normalisation and lexicons", AddPhonemes, RunPhonemes},
      {"lexicon", "Check a lexicon file, or suggest names a book needs in one", AddLexicon, RunLexicon},
      {"voices", "List the eSpeak NG voices and variants available", [](CLI::App&, Options&) {}, RunVoices},
      {"check-acx", "Measure MP3s (a folder or one file) against the ACX requirements", AddCheckAcx, RunCheckAcx},
  };
  return kCommands;
}

}  // namespace narrate::cli
