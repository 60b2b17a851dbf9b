#include <filesystem>

#include "common/atomic_file.h"
#include "output/encode/encoder.h"
#include "output/package/package.h"
#include "pipeline/narrator.h"
#include "pipeline/pipeline.h"
#include "pipeline/render.h"
#include "pipeline/worker.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {
namespace {

struct ChapterJob {
  const source::Chapter* chapter;
  std::string path;
  package::TrackTags tags;
};

// Runs in a fresh worker: speak, encode, tag, then rename into place.
// "samples rate_hz": what a worker reports for a finished file.
struct Rendered {
  std::int64_t samples = 0;
  int rate_hz = 0;
  std::string Encode() const { return std::to_string(samples) + " " + std::to_string(rate_hz); }
  static Rendered Decode(const std::string& s) {
    std::size_t space = s.find(' ');
    return Rendered{std::stoll(s.substr(0, space)), std::stoi(s.substr(space + 1))};
  }
};

Result<Rendered> RenderChapterFile(const ChapterJob& job, const BuildOptions& options,
                                       const TextPreparer& preparer) {
  auto engine = synth::OpenEspeak(options.speech.voice);
  if (!engine.ok()) return engine.status();
  AtomicFile file(job.path);
  encode::Mp3Settings mp3{(*engine)->sample_rate_hz(), options.bitrate_kbps};
  auto encoder = encode::OpenMp3(file.temp_path(), mp3);
  if (!encoder.ok()) return encoder.status();
  auto samples = RenderSegments(ChapterScript(*job.chapter, options.pacing, preparer), **engine, **encoder);
  if (!samples.ok()) return samples.status();
  NARRATE_RETURN_IF_ERROR((*encoder)->Flush());
  NARRATE_RETURN_IF_ERROR(package::WriteMp3Tags(file.temp_path(), job.tags));
  NARRATE_RETURN_IF_ERROR(file.Commit());
  return Rendered{*samples, (*engine)->sample_rate_hz()};
}

std::vector<ChapterJob> PlanJobs(const source::Book& book, const std::string& dir) {
  std::vector<ChapterJob> jobs;
  const int total = static_cast<int>(book.chapters.size());
  for (int i = 0; i < total; ++i) {
    const source::Chapter& c = book.chapters[i];
    std::string name = package::TrackFileName(i + 1, total, c.title, "mp3");
    package::TrackTags tags{c.title, book.title, book.author, "Audiobook", i + 1, total};
    jobs.push_back(ChapterJob{&c, (std::filesystem::path(dir) / name).string(), tags});
  }
  return jobs;
}

Status Validate(const BuildOptions& options) {
  NARRATE_RETURN_IF_ERROR(voices::Validate(options.speech.voice));
  NARRATE_RETURN_IF_ERROR(encode::ValidateMp3Settings(encode::Mp3Settings{22050, options.bitrate_kbps}));
  if (options.jobs < 1) return Status::Error("--jobs must be at least 1");
  return Status::Ok();
}

Status WritePlaylist(const BuildReport& report, const source::Book& book) {
  std::vector<package::PlaylistEntry> entries;
  for (const ChapterResult& c : report.chapters) {
    std::string name = std::filesystem::path(c.file).filename().string();
    std::string title = book.author.empty() ? c.title : book.author + " - " + c.title;
    entries.push_back(package::PlaylistEntry{name, title, c.seconds()});
  }
  return WriteFileAtomically(report.playlist, package::M3u8(entries));
}

}  // namespace

std::string DefaultOutputDir(const source::Book& book) {
  return (std::filesystem::path("audiobooks") / package::SafeFileName(book.title)).string();
}

Result<BuildReport> BuildBook(const source::Book& book, const BuildOptions& options,
                              const TextPreparer& preparer, const ChapterDone& on_done) {
  NARRATE_RETURN_IF_ERROR(Validate(options));
  BuildReport report;
  report.output_dir = options.output_dir.empty() ? DefaultOutputDir(book) : options.output_dir;
  NARRATE_RETURN_IF_ERROR(MakeDirectories(report.output_dir));
  std::vector<ChapterJob> jobs = PlanJobs(book, report.output_dir);
  std::vector<Task> tasks;
  for (const ChapterJob& job : jobs) {
    tasks.push_back([&job, &options, &preparer]() -> Result<std::string> {
      auto samples = RenderChapterFile(job, options, preparer);
      if (!samples.ok()) return samples.status();
      return samples->Encode();
    });
  }
  report.chapters.resize(jobs.size());
  Status status = RunInWorkers(tasks, options.jobs, [&](std::size_t i, const std::string& payload) {
    Rendered r = Rendered::Decode(payload);
    report.chapters[i] = ChapterResult{static_cast<int>(i + 1), jobs[i].tags.title, jobs[i].path,
                                       r.samples, r.rate_hz};
    if (on_done) on_done(report.chapters[i]);
  });
  if (!status.ok()) return status;
  report.playlist = (std::filesystem::path(report.output_dir) /
                     (package::SafeFileName(book.title) + ".m3u8")).string();
  NARRATE_RETURN_IF_ERROR(WritePlaylist(report, book));
  return report;
}

}  // namespace narrate::pipeline
