// Orchestration: book → chapter files. Incremental: a manifest in the output
// folder records a hash of everything that shapes each chapter file (its
// spoken text after normalisation and lexicons, pacing, voice, bitrate, tags,
// and narrate's, eSpeak's and LAME's versions); chapters whose hash is
// unchanged and whose file exists are not rendered again. The manifest is
// updated as each chapter finishes, so an interrupted build resumes.
// Every chapter is rendered in a fresh
// worker process (eSpeak keeps global state; a fresh process makes each
// chapter's audio a pure function of its inputs), up to `jobs` at a time.
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
};

struct SpeechOptions {
  voices::VoiceSettings voice;
  std::vector<std::string> lexicons;  // --lexicon files, later wins
};

struct LoadedLexicon {
  std::string path;
  std::size_t entries = 0;
};

// Written text → what eSpeak is given: normalisation with the rules of the
// voice's language (text passes through as written when ICU has none), then
// the pronunciation lexicons. Cheap to copy; immutable.
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
  const std::vector<LoadedLexicon>& lexicons() const { return loaded_; }
  // All loaded entries merged, later files winning.
  const pronunciation::Lexicon& lexicon() const { return *lexicon_; }

 private:
  TextPreparer() = default;
  std::shared_ptr<const text::Normalizer> normalizer_;
  std::shared_ptr<const pronunciation::Lexicon> lexicon_;
  std::vector<LoadedLexicon> loaded_;
};

struct BuildOptions {
  SpeechOptions speech;
  std::string output_dir;  // empty = audiobooks/<title>/
  int bitrate_kbps = 64;
  int jobs = 1;            // worker processes at once
  bool force = false;      // re-render chapters even when up to date
  Pacing pacing;
  // 1-based chapter numbers to render, sorted; empty = all. Other chapters'
  // files and manifest entries are kept as they are (not removed), and
  // track numbers stay the book's.
  std::vector<int> chapters;
};

struct ChapterResult {
  int number = 0;
  std::string title;
  std::string file;          // path of the written file
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

Result<BuildReport> BuildBook(const source::Book& book, const BuildOptions& options,
                              const TextPreparer& preparer, const ChapterDone& on_done = {});

// The default output folder for a book: "audiobooks/<safe title>".
std::string DefaultOutputDir(const source::Book& book);

// Renders text (spoken as one paragraph) to a .wav or .mp3 file, in a fresh
// worker process. Returns the audio length in seconds.
Result<double> RenderText(const std::string& text, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps = 64);

}  // namespace narrate::pipeline
