#include "pipeline/plan.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>

#include "common/interrupt.h"
#include "output/encode/encoder.h"
#include "pipeline/acx_parts.h"
#include "pipeline/audio_out.h"
#include "pipeline/manifest.h"
#include "pipeline/narrator.h"
#include "tts/synth/engine.h"

#ifndef NARRATE_VERSION
#define NARRATE_VERSION "unknown"
#endif

namespace narrate::pipeline {
namespace {

namespace fs = std::filesystem;

std::size_t Weight(const Segment& segment) {
  std::size_t bytes = 0;
  for (const SpeechPiece& p : segment.utterance) bytes += p.content.size();
  return bytes;
}


// Everything that shapes a file: its parts and its tags.
std::string FileHash(const FileJob& file, const BookPlan& plan) {
  Hasher h;
  for (std::size_t p : file.parts) h.Add(plan.parts[p].hash);
  const package::TrackTags& t = file.tags;
  h.Add(t.title).Add(t.album).Add(t.artist).Add(t.genre).Add(t.track).Add(t.track_total);
  h.Add(t.narrator).Add(t.year).Add(t.description).Add(t.cover.mime_type).Add(t.cover.bytes);
  // Only when present, so the files of a book without them keep their hashes.
  if (!t.publisher.empty() || !t.series.empty() || !t.subjects.empty()) {
    h.Add("book-metadata").Add(t.publisher).Add(t.series).Add(t.series_part);
    for (const std::string& subject : t.subjects) h.Add(subject);
  }
  // A file of several chapters starts them on the chapter grid (JoinMp3).
  if (file.chapters.size() > 1) h.Add("chapter-grid");
  // Chapter marks and timings carry titles and numbers the audio may not say.
  for (const FileChapter& c : file.chapters) {
    h.Add(static_cast<std::int64_t>(c.part_count)).Add(c.number).Add(c.chapter->title);
  }
  return h.Hex();
}

package::TrackTags BaseTags(const source::Book& book, const BookTags& extra) {
  package::TrackTags tags;
  tags.album = book.title;
  tags.artist = book.author;
  tags.narrator = extra.narrator;
  tags.year = extra.year;
  tags.description = extra.description;
  tags.cover = extra.cover;
  tags.publisher = extra.publisher;
  tags.series = extra.series;
  tags.series_part = extra.series_part;
  tags.subjects = extra.subjects;
  return tags;
}

// Adds a chapter (or, for ACX, a slice of one) to file as parts of at most
// part_bytes of text; cached parts are named by hash.
void AddChapter(const source::Chapter& source, int number, const std::vector<Segment>& script,
                const std::string& dir, const BuildOptions& options, BookPlan& plan, FileJob& file) {
  FileChapter chapter{&source, number, file.parts.size(), 0};
  // MP3 frames under 56 kbps carry no LAME tag, so their parts could not be
  // joined exactly. ACX files of several parts are mastered in parts with one
  // gain (acx_parts.h).
  const bool whole = !JoinsExactly(options);
  const std::size_t part_bytes = whole ? SIZE_MAX : options.part_bytes;
  for (auto [begin, end] : SplitScript(script, part_bytes)) {
    PartJob part;
    part.script.assign(script.begin() + static_cast<std::ptrdiff_t>(begin),
                       script.begin() + static_cast<std::ptrdiff_t>(end));
    part.hash = PartHash(part.script, options);
    for (const Segment& s : part.script) part.weight += Weight(s);
    part.path =
        (fs::path(dir) / kCacheFolder / (part.hash + "." + PartExtension(options))).string();
    file.parts.push_back(plan.parts.size());
    plan.parts.push_back(std::move(part));
    ++chapter.part_count;
  }
  file.chapters.push_back(chapter);
}

// The voiced spans of book chapter `number` (1-based; 0, the credits: none).
const std::vector<std::vector<VoicedSpan>>* SpansOf(const BuildOptions& options, int number) {
  const BookVoicing* voicing = options.speech.voicing.get();
  if (voicing == nullptr || number < 1) return nullptr;
  const auto index = static_cast<std::size_t>(number - 1);
  return index < voicing->spans.size() ? &voicing->spans[index] : nullptr;
}

bool Selected(const BuildOptions& options, std::size_t index) {
  return options.chapters.empty() ||
         std::find(options.chapters.begin(), options.chapters.end(), static_cast<int>(index + 1)) !=
             options.chapters.end();
}

// ACX allows at most 120 minutes per file: slices of about 90 minutes at the
// nominal speaking rate (about 6 bytes of text per word), at paragraph breaks.
std::size_t AcxFileBytes(const BuildOptions& options) {
  return static_cast<std::size_t>(options.speech.voice.rate_wpm) * 90 * 6;
}

// The chapter's script in the slices that become files: one, unless ACX must split it.
std::vector<std::vector<Segment>> FileSlices(const std::vector<Segment>& script, const BuildOptions& options) {
  if (!options.acx) return {script};
  std::vector<std::vector<Segment>> slices;
  for (auto [begin, end] : SplitScript(script, AcxFileBytes(options))) {
    slices.emplace_back(script.begin() + static_cast<std::ptrdiff_t>(begin),
                        script.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return slices;
}

// The files of one chapter (several only when ACX must split it). track is
// its place in the file names and tags (opening credits 0, chapters 1..N as
// the book numbers them, closing credits N+1, the total the highest of them);
// number its place in the book (0 for credits).
void AddChapterFiles(const source::Book& book, const source::Chapter& chapter, int track,
                     int number, const std::string& dir, const BuildOptions& options,
                     const TextPreparer& preparer, BookPlan& plan) {
  std::vector<Segment> script = ChapterScript(chapter, BuildPacing(options), preparer,
                                              options.read_along.any(), SpansOf(options, number));
  const int name_total = NameTotal(book, options);
  std::vector<std::vector<Segment>> slices = FileSlices(script, options);
  for (std::size_t k = 0; k < slices.size(); ++k) {
    std::string title = chapter.title;
    if (slices.size() > 1) title += " (part " + std::to_string(k + 1) + " of " + std::to_string(slices.size()) + ")";
    FileJob file;
    file.file_name = package::TrackFileName(track, name_total, title, Extension(options));
    file.path = (fs::path(dir) / file.file_name).string();
    file.tags = BaseTags(book, options.tags);
    file.tags.title = title;
    file.tags.track = track;
    file.tags.track_total = name_total;
    AddChapter(chapter, number, slices[k], dir, options, plan, file);
    file.direct = file.parts.size() == 1;
    if (file.direct) plan.parts[file.parts[0]].path = file.path;
    plan.files.push_back(std::move(file));
  }
}

// Opening and closing credits, as ACX asks for them: title, author, narrator.
void AddCredits(const source::Book& book, const BookTags& tags, BookPlan& plan) {
  const std::string by = book.author.empty() ? "" : ", written by " + book.author;
  const std::string read = ", narrated by " + (tags.narrator.empty() ? std::string("eSpeak NG") : tags.narrator);
  plan.credits.reserve(2);  // FileChapter points into it
  plan.credits.push_back(source::Chapter{"Opening Credits", "", 0, {{book.title + by + read + ".", 0, false}}});
  plan.credits.push_back(
      source::Chapter{"Closing Credits", "", 0, {{"This has been " + book.title + by + read + ". The end.", 0, false}}});
}

void PlanChapterFiles(const source::Book& book, const std::string& dir, const BuildOptions& options,
                      const TextPreparer& preparer, BookPlan& plan) {
  const int total = static_cast<int>(book.chapters.size());
  if (options.credits) {
    AddCredits(book, options.tags, plan);
    AddChapterFiles(book, plan.credits[0], 0, 0, dir, options, preparer, plan);
  }
  for (int i = 0; i < total && !Interrupted(); ++i) {
    if (!Selected(options, static_cast<std::size_t>(i))) continue;
    AddChapterFiles(book, book.chapters[i], i + 1, i + 1, dir, options, preparer, plan);
  }
  if (options.credits) AddChapterFiles(book, plan.credits[1], total + 1, 0, dir, options, preparer, plan);
}

void PlanSingleFile(const source::Book& book, const std::string& dir, const BuildOptions& options,
                    const TextPreparer& preparer, BookPlan& plan) {
  FileJob file;
  file.file_name = package::SafeFileName(book.title) + "." + Extension(options);
  file.path = (fs::path(dir) / file.file_name).string();
  file.tags = BaseTags(book, options.tags);
  file.tags.title = book.title;
  const Pacing pacing = BuildPacing(options);
  auto add = [&](const source::Chapter& chapter, int number) {
    AddChapter(chapter, number,
               ChapterScript(chapter, pacing, preparer, options.read_along.any(),
                             SpansOf(options, number)),
               dir, options, plan, file);
  };
  if (options.credits) AddCredits(book, options.tags, plan);
  if (options.credits) add(plan.credits[0], 0);
  for (std::size_t i = 0; i < book.chapters.size() && !Interrupted(); ++i) {
    add(book.chapters[i], static_cast<int>(i + 1));
  }
  if (options.credits) add(plan.credits[1], 0);
  plan.files.push_back(std::move(file));
}

// The parts of an ACX file of several become raw speech (acx_parts.h).
void MarkRaw(const FileJob& file, BookPlan& plan) {
  for (std::size_t p : file.parts) {
    PartJob& part = plan.parts[p];
    part.raw = true;
    part.path = fs::path(part.path).replace_extension(kRawPartExtension).string();
  }
}

}  // namespace

bool MasteredInParts(const FileJob& file, const BookPlan& plan) {
  return !file.parts.empty() && plan.parts[file.parts[0]].raw;
}

std::string PartHash(const std::vector<Segment>& script, const BuildOptions& options) {
  Hasher h;
  h.Add(NARRATE_VERSION).Add(synth::EngineVersion()).Add(encode::EncoderVersion());
  const voices::VoiceSettings& v = options.speech.voice;
  h.Add(v.name).Add(v.rate_wpm).Add(v.pitch);
  if (v.range != voices::kDefaultRange) h.Add("range").Add(v.range);
  h.Add(options.bitrate_kbps).Add(encode::Mp3Settings{}.quality);
  h.Add(options.format).Add(options.acx ? "acx" : "");
  for (const Segment& s : script) {
    h.Add(s.pause_before_ms).Add(s.pause_after_ms);
    for (const SpeechPiece& p : s.utterance) {
      h.Add(static_cast<int>(p.kind)).Add(p.content);
      // A piece in the engine's own voice (v) adds nothing, so a one-voice
      // book keeps the hashes its earlier builds recorded.
      if (p.voice && !(*p.voice == v)) {
        h.Add("voice").Add(p.voice->name).Add(p.voice->rate_wpm).Add(p.voice->pitch);
        if (p.voice->range != voices::kDefaultRange) h.Add("range").Add(p.voice->range);
      }
    }
  }
  return h.Hex();
}

int NameTotal(const source::Book& book, const BuildOptions& options) {
  return static_cast<int>(book.chapters.size()) + (options.credits ? 1 : 0);
}

std::string FilePrefix(int number, const source::Book& book, const BuildOptions& options) {
  std::string any = package::TrackFileName(number, NameTotal(book, options), "x", Extension(options));
  return any.substr(0, any.find(" - ") + 3);
}

namespace {

// Cuts cumulative (text before each unit, then the total) into at most about
// max_bytes each: [begin, end) ranges of units, balanced.
std::vector<std::pair<std::size_t, std::size_t>> BalancedRanges(
    const std::vector<std::size_t>& cumulative, std::size_t max_bytes) {
  const std::size_t count = cumulative.size() - 1;
  const std::size_t total = cumulative.back();
  const std::size_t parts = std::max<std::size_t>(1, (total + max_bytes - 1) / std::max<std::size_t>(max_bytes, 1));
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::size_t begin = 0;
  for (std::size_t k = 1; k < parts; ++k) {
    // The unit boundary closest to k/parts of the text, leaving no part empty.
    const double goal = double(total) * double(k) / double(parts);
    std::size_t cut = begin + 1;
    while (cut + 1 < count && double(cumulative[cut + 1]) <= goal) ++cut;
    if (cut + 1 < count && goal - double(cumulative[cut]) > double(cumulative[cut + 1]) - goal)
      ++cut;
    if (cut >= count) break;
    ranges.emplace_back(begin, cut);
    begin = cut;
  }
  if (begin < count || ranges.empty()) ranges.emplace_back(begin, count);
  return ranges;
}

}  // namespace

// Whole paragraphs are the units: a verse paragraph's lines stay together.
std::vector<std::pair<std::size_t, std::size_t>> SplitScript(const std::vector<Segment>& script,
                                                             std::size_t max_bytes) {
  std::vector<std::size_t> starts;         // the segment each paragraph starts at
  std::vector<std::size_t> cumulative{0};  // text before paragraph i
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (i == 0 || !script[i - 1].joins_next) {
      starts.push_back(i);
      cumulative.push_back(cumulative.back());
    }
    cumulative.back() += Weight(script[i]);
  }
  auto segment_at = [&](std::size_t unit) {
    return unit < starts.size() ? starts[unit] : script.size();
  };
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (auto [begin, end] : BalancedRanges(cumulative, max_bytes)) {
    ranges.emplace_back(segment_at(begin), segment_at(end));
  }
  return ranges;
}

BookPlan PlanBook(const source::Book& book, const std::string& dir, const BuildOptions& options,
                  const TextPreparer& preparer) {
  BookPlan plan;
  if (SingleFile(options))
    PlanSingleFile(book, dir, options, preparer, plan);
  else PlanChapterFiles(book, dir, options, preparer, plan);
  for (FileJob& file : plan.files) {
    file.hash = FileHash(file, plan);
    if (options.acx && file.parts.size() > 1) MarkRaw(file, plan);
  }
  return plan;
}

}  // namespace narrate::pipeline
