#include <algorithm>
#include <filesystem>
#include <set>

#include "common/atomic_file.h"
#include "output/encode/encoder.h"
#include "output/package/package.h"
#include "pipeline/manifest.h"
#include "pipeline/narrator.h"
#include "pipeline/pipeline.h"
#include "pipeline/render.h"
#include "pipeline/worker.h"
#include "tts/synth/engine.h"

#ifndef NARRATE_VERSION
#define NARRATE_VERSION "unknown"
#endif

namespace narrate::pipeline {
namespace {

namespace fs = std::filesystem;

struct ChapterJob {
  std::string path;
  std::string file_name;
  package::TrackTags tags;
  std::vector<Segment> script;  // prepared in the parent, spoken in a worker
  std::string hash;
  std::size_t weight = 0;  // bytes of text to speak: how long it will take
};

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

// Speaks, encodes and tags one chapter into path.
Result<Rendered> WriteChapter(const ChapterJob& job, const BuildOptions& options, const std::string& path) {
  auto engine = synth::OpenEspeak(options.speech.voice);
  if (!engine.ok()) return engine.status();
  encode::Mp3Settings mp3{(*engine)->sample_rate_hz(), options.bitrate_kbps};
  auto encoder = encode::OpenMp3(path, mp3);
  if (!encoder.ok()) return encoder.status();
  auto samples = RenderSegments(job.script, **engine, **encoder);
  if (!samples.ok()) return samples.status();
  NARRATE_RETURN_IF_ERROR((*encoder)->Flush());
  NARRATE_RETURN_IF_ERROR(package::WriteMp3Tags(path, job.tags));
  return Rendered{*samples, (*engine)->sample_rate_hz()};
}

// Runs in a fresh worker: writes a temporary file, then renames it into place.
Result<Rendered> RenderChapterFile(const ChapterJob& job, const BuildOptions& options) {
  AtomicFile file(job.path);
  Result<Rendered> rendered = WriteChapter(job, options, file.temp_path());
  if (!rendered.ok()) return file.Explain(rendered.status());
  NARRATE_RETURN_IF_ERROR(file.Commit());
  return rendered;
}

// Everything that shapes a chapter's file.
std::string ChapterHash(const ChapterJob& job, const BuildOptions& options) {
  Hasher h;
  h.Add(NARRATE_VERSION).Add(synth::EngineVersion()).Add(encode::EncoderVersion());
  const voices::VoiceSettings& v = options.speech.voice;
  h.Add(v.name).Add(v.rate_wpm).Add(v.pitch).Add(options.bitrate_kbps).Add(encode::Mp3Settings{}.quality);
  const package::TrackTags& t = job.tags;
  h.Add(t.title).Add(t.album).Add(t.artist).Add(t.genre).Add(t.track).Add(t.track_total);
  for (const Segment& s : job.script) {
    h.Add(s.pause_before_ms).Add(s.pause_after_ms);
    for (const SpeechPiece& p : s.utterance) h.Add(static_cast<int>(p.kind)).Add(p.content);
  }
  return h.Hex();
}

std::vector<ChapterJob> PlanJobs(const source::Book& book, const std::string& dir,
                                 const BuildOptions& options, const TextPreparer& preparer) {
  std::vector<ChapterJob> jobs;
  const int total = static_cast<int>(book.chapters.size());
  for (int i = 0; i < total; ++i) {
    const source::Chapter& c = book.chapters[i];
    ChapterJob job;
    job.file_name = package::TrackFileName(i + 1, total, c.title, "mp3");
    job.path = (fs::path(dir) / job.file_name).string();
    job.tags = package::TrackTags{c.title, book.title, book.author, "Audiobook", i + 1, total};
    job.script = ChapterScript(c, options.pacing, preparer);
    job.hash = ChapterHash(job, options);
    for (const Segment& seg : job.script) {
      for (const SpeechPiece& p : seg.utterance) job.weight += p.content.size();
    }
    jobs.push_back(std::move(job));
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
    std::string name = fs::path(c.file).filename().string();
    std::string title = book.author.empty() ? c.title : book.author + " - " + c.title;
    entries.push_back(package::PlaylistEntry{name, title, c.seconds()});
  }
  return WriteFileAtomically(report.playlist, package::M3u8(entries));
}

// Chapter files an earlier build wrote that this book no longer has: removed
// from disk, then from the manifest (kept there until then, so a build that
// stops early still knows about them).
void RemoveDroppedChapters(const std::string& dir, const std::vector<ChapterJob>& jobs, Manifest& now) {
  std::set<std::string> planned;
  for (const ChapterJob& job : jobs) planned.insert(job.file_name);
  std::error_code ec;
  for (auto it = now.begin(); it != now.end();) {
    if (planned.contains(it->first)) { ++it; continue; }
    fs::remove(fs::path(dir) / it->first, ec);
    it = now.erase(it);
  }
}

ChapterResult ResultFor(std::size_t i, const ChapterJob& job, const ManifestEntry& e, bool up_to_date) {
  return ChapterResult{static_cast<int>(i + 1), job.tags.title, job.path, e.samples, e.rate_hz, up_to_date};
}

// Reports up-to-date chapters; returns the indices of the others.
std::vector<std::size_t> Outdated(const std::vector<ChapterJob>& jobs, const Manifest& old, bool force,
                                  BuildReport& report, const ChapterDone& on_done) {
  std::vector<std::size_t> outdated;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto it = old.find(jobs[i].file_name);
    bool fresh = !force && it != old.end() && it->second.hash == jobs[i].hash && fs::exists(jobs[i].path);
    if (!fresh) {
      outdated.push_back(i);
      continue;
    }
    report.chapters[i] = ResultFor(i, jobs[i], it->second, true);
    if (on_done) on_done(report.chapters[i]);
  }
  return outdated;
}

// --chapters: chapters not selected are not rendered; their files from an
// earlier build are kept and listed as they are.
void KeepSelected(const std::vector<int>& selected, const std::vector<ChapterJob>& jobs, const Manifest& old,
                  std::vector<std::size_t>& outdated, BuildReport& report) {
  if (selected.empty()) return;
  std::erase_if(outdated, [&](std::size_t i) {
    if (std::binary_search(selected.begin(), selected.end(), static_cast<int>(i + 1))) return false;
    auto it = old.find(jobs[i].file_name);
    if (it != old.end() && fs::exists(jobs[i].path)) report.chapters[i] = ResultFor(i, jobs[i], it->second, true);
    return true;
  });
}

}  // namespace

namespace {
Result<BuildReport> BuildInto(const source::Book& book, const BuildOptions& options,
                              const TextPreparer& preparer, const ChapterDone& on_done,
                              BuildReport report);
}  // namespace

std::string DefaultOutputDir(const source::Book& book) {
  return (fs::path("audiobooks") / package::SafeFileName(book.title)).string();
}

Result<BuildReport> BuildBook(const source::Book& book, const BuildOptions& options,
                              const TextPreparer& preparer, const ChapterDone& on_done) {
  NARRATE_RETURN_IF_ERROR(Validate(options));
  BuildReport report;
  report.output_dir = options.output_dir.empty() ? DefaultOutputDir(book) : options.output_dir;
  const bool created = !fs::exists(report.output_dir);
  NARRATE_RETURN_IF_ERROR(MakeDirectories(report.output_dir));
  Result<BuildReport> result = BuildInto(book, options, preparer, on_done, report);
  std::error_code ec;
  if (!result.ok() && created && fs::is_empty(report.output_dir, ec)) fs::remove(report.output_dir, ec);
  return result;
}

namespace {

Result<BuildReport> BuildInto(const source::Book& book, const BuildOptions& options,
                              const TextPreparer& preparer, const ChapterDone& on_done,
                              BuildReport report) {
  RemoveAbandonedTemporaries(report.output_dir);
  const std::vector<ChapterJob> jobs = PlanJobs(book, report.output_dir, options, preparer);
  const Manifest old = LoadManifest(report.output_dir);
  Manifest now = old;  // updated as chapters finish
  report.chapters.resize(jobs.size());
  std::vector<std::size_t> outdated = Outdated(jobs, old, options.force, report, on_done);
  KeepSelected(options.chapters, jobs, old, outdated, report);
  // Longest first, so a long chapter does not start last and become the tail.
  std::stable_sort(outdated.begin(), outdated.end(), [&](std::size_t a, std::size_t b) {
    return jobs[a].weight > jobs[b].weight;
  });
  std::vector<Task> tasks;
  for (std::size_t i : outdated) {
    tasks.push_back([&jobs, &options, i]() -> Result<std::string> {
      auto rendered = RenderChapterFile(jobs[i], options);
      if (!rendered.ok()) return rendered.status();
      return rendered->Encode();
    });
  }
  Status status = RunInWorkers(tasks, options.jobs, [&](std::size_t t, const std::string& payload) {
    std::size_t i = outdated[t];
    Rendered r = Rendered::Decode(payload);
    now[jobs[i].file_name] = ManifestEntry{jobs[i].hash, r.samples, r.rate_hz};
    report.chapters[i] = ResultFor(i, jobs[i], now[jobs[i].file_name], false);
    SaveManifest(report.output_dir, now);  // best effort: a lost manifest only costs a re-render
    if (on_done) on_done(report.chapters[i]);
  });
  if (!status.ok()) return status;
  RemoveDroppedChapters(report.output_dir, jobs, now);
  std::erase_if(report.chapters, [](const ChapterResult& c) { return c.file.empty(); });  // not selected, never built
  NARRATE_RETURN_IF_ERROR(SaveManifest(report.output_dir, now));
  report.playlist = (fs::path(report.output_dir) / (package::SafeFileName(book.title) + ".m3u8")).string();
  NARRATE_RETURN_IF_ERROR(WritePlaylist(report, book));
  return report;
}

}  // namespace

}  // namespace narrate::pipeline
