#include "cli/progress.h"

#include <cmath>

namespace narrate::cli {

std::string Clock(double seconds) {
  long s = std::lround(std::max(0.0, seconds));
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof(text), "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(text, sizeof(text), "%ld:%02ld", s / 60, s % 60);
  return text;
}

Progress::Progress(const source::Book& book, const pipeline::BuildOptions& options, Mode mode,
                   std::FILE* out, std::string book_of)
    : mode_(mode),
      out_(out),
      book_of_(std::move(book_of)),
      start_(std::chrono::steady_clock::now()),
      by_title_(pipeline::SingleFile(options)) {
  for (const app::ChapterSummary& c : app::ChaptersToBuild(book, options)) {
    words_[c.number] = c.words;
    total_words_ += c.words;
  }
  pending_words_ = total_words_;
  if (mode_ == Mode::kLines) {
    const std::string of = book_of_.empty() ? "" : " (" + book_of_ + ")";
    std::fprintf(out_, "Building \"%s\"%s: %zu chapter(s)\n", book.title.c_str(), of.c_str(),
                 words_.size());
  }
}

double Progress::ElapsedSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::OnChapter(const pipeline::ChapterResult& c) {
  auto built = words_.find(c.number);
  if (built == words_.end()) {  // credits: a line of their own, not counted as a chapter
    if (mode_ == Mode::kLines) {
      std::fprintf(out_, "  [credits] %s (%s)%s\n", c.file.c_str(), Clock(c.seconds()).c_str(),
                   c.up_to_date ? " up to date" : "");
      std::fflush(out_);
    }
    return;
  }
  // A chapter ACX split into several files counts once.
  if (counted_.insert(c.number).second) {
    std::size_t words = built->second;
    ++done_;
    pending_words_ -= words;
    if (c.up_to_date)
      ++reused_;
    else
      rendered_words_ += words;
  }
  audio_s_ += c.seconds();
  if (!c.up_to_date) rendered_audio_s_ += c.seconds();
  if (mode_ == Mode::kLines) {
    const std::string name = !by_title_        ? c.file
                             : c.title.empty() ? "Chapter " + std::to_string(c.number)
                                               : c.title;
    std::fprintf(out_, "  [%zu/%zu] %s (%s)%s\n", done_, words_.size(), name.c_str(),
                 Clock(c.seconds()).c_str(), c.up_to_date ? " up to date" : "");
  } else if (mode_ == Mode::kBar) {
    std::fprintf(out_, "\r\033[K%s", BarLine().c_str());
  }
  std::fflush(out_);
}

// "[#########-----------] 9/20 chapters  1.3 h audio  212x real time  ETA 0:41"
std::string Progress::BarLine() const {
  constexpr int kWidth = 20;
  double fraction = total_words_ ? 1.0 - double(pending_words_) / double(total_words_) : 1.0;
  int filled = static_cast<int>(fraction * kWidth);
  std::string bar = "[" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "] ";
  char text[160];
  double elapsed = std::max(ElapsedSeconds(), 1e-3);
  std::snprintf(text, sizeof(text), "%zu/%zu chapters  %.1f h audio  %.0fx real time", done_,
                words_.size(), audio_s_ / 3600, rendered_audio_s_ / elapsed);
  std::string line = (book_of_.empty() ? "" : "[" + book_of_ + "] ") + bar + text;
  if (rendered_words_ > 0 && pending_words_ > 0) {
    line += "  ETA " + Clock(elapsed * double(pending_words_) / double(rendered_words_));
  }
  return line;
}

void Progress::Finish(const pipeline::BuildReport& report) {
  if (mode_ == Mode::kQuiet) return;
  if (mode_ == Mode::kBar) std::fprintf(out_, "\n");
  std::fprintf(
      out_, "Wrote %zu chapter(s) (%zu rendered, %zu up to date), %s in all, to %s\nPlaylist: %s\n",
      done_, done_ - reused_, reused_, Clock(audio_s_).c_str(), report.output_dir.c_str(),
      report.playlist.c_str());
  std::fflush(out_);
}

}  // namespace narrate::cli
