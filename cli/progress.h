// What `build` shows while it works: on a terminal one progress line
// (chapters done, audio rendered, speed as a multiple of real time, ETA);
// otherwise one plain line per chapter (its file, or its title in a
// single-file build); nothing with --quiet. Counts, hours and ETA are over the
// chapters the build renders (--chapters), not the whole book.
#pragma once

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/app.h"
#include "pipeline/pipeline.h"
#include "source/book.h"

namespace narrate::cli {

// "4:05", "1:02:03".
std::string Clock(double seconds);

class Progress {
 public:
  enum class Mode { kQuiet, kLines, kBar };
  // For a build of `book` with `options` (its chapters and single_file);
  // `book_of` ("book 2/5", for a catalogue) opens the bar and the first line.
  Progress(const source::Book& book, const pipeline::BuildOptions& options, Mode mode,
           std::FILE* out, std::string book_of = "");
  void OnChapter(const pipeline::ChapterResult& chapter);
  void Finish(const pipeline::BuildReport& report);
  // The line the bar shows now; exposed for tests.
  std::string BarLine() const;

 private:
  double ElapsedSeconds() const;
  Mode mode_;
  std::FILE* out_;
  std::string book_of_;
  std::chrono::steady_clock::time_point start_;
  std::map<int, std::size_t> words_;  // chapter number → words, for the chapters built
  bool by_title_ = false;             // lines name chapters by title (single-file builds)
  std::set<int> counted_;           // chapter numbers reported
  std::size_t total_words_ = 0;
  std::size_t rendered_words_ = 0;  // chapters rendered this run
  std::size_t pending_words_ = 0;   // chapters still to render
  std::size_t done_ = 0;
  std::size_t reused_ = 0;
  double rendered_audio_s_ = 0;
  double audio_s_ = 0;
};

}  // namespace narrate::cli
