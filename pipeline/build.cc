#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>

#include "common/atomic_file.h"
#include "common/file_system.h"
#include "common/folder_lock.h"
#include "common/interrupt.h"
#include "output/encode/encoder.h"
#include "output/package/package.h"
#include "pipeline/acx_parts.h"
#include "pipeline/audio_out.h"
#include "pipeline/book_files.h"
#include "pipeline/caption_text.h"
#include "pipeline/captions.h"
#include "pipeline/manifest.h"
#include "pipeline/narrator.h"
#include "pipeline/part_render.h"
#include "pipeline/pipeline.h"
#include "pipeline/plan.h"
#include "pipeline/read_along_epub.h"
#include "pipeline/render.h"
#include "pipeline/shared_cache.h"
#include "pipeline/task_runner.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {
namespace {

namespace fs = std::filesystem;

// Whether a finished file is on disk whole: the size the manifest recorded
// (0 bytes or a different size is never up to date).
bool HasRecordedSize(FileSystem& disk, const std::string& path, std::int64_t bytes) {
  if (bytes <= 0) return false;
  auto size = disk.FileSize(path);
  return size.ok() && *size == bytes;
}

// Removes x.vtt, x.srt and x.json beside the audio file x.*.
void RemoveReadAlong(FileSystem& disk, const fs::path& audio) {
  for (const char* ext : {".vtt", ".srt", ".json"}) {
    disk.Remove(fs::path(audio).replace_extension(ext).string());
  }
  disk.Remove(ClipsPath(audio.string()));
}

// --read-along-epub needs audio EPUB readers play, and the whole book.
Status CheckReadAlongEpub(const BuildOptions& options) {
  if (!options.read_along_epub) return Status::Ok();
  const formats::OutputFormat& format = OutputFormatOf(options);
  if (format.epub_media_type.empty()) {
    std::string playable;
    for (const formats::OutputFormat& f : formats::All()) {
      if (f.epub_media_type.empty()) continue;
      playable += (playable.empty() ? "" : "/") + std::string(f.display_name);
    }
    return Status::Usage("--read-along-epub needs audio that EPUB readers play (" + playable +
                         "); " + std::string(format.display_name) + " is not");
  }
  if (!options.chapters.empty()) {
    return Status::Usage(
        "--read-along-epub cannot be combined with --chapters: the EPUB holds the whole book");
  }
  return Status::Ok();
}

}  // namespace

Status CheckBuildOptions(const BuildOptions& options) {
  NARRATE_RETURN_IF_ERROR(voices::Validate(options.speech.voice));
  NARRATE_RETURN_IF_ERROR(ValidateFormat(options));
  if (options.jobs < 1) return Status::Usage("--jobs must be at least 1");
  if (SingleFile(options) && !options.chapters.empty()) {
    const std::string whole = options.single_file
                                  ? "--single-file"
                                  : "--format " + options.format + " (one file for the whole book)";
    return Status::Usage("--chapters cannot be combined with " + whole);
  }
  if (SingleFile(options) && !JoinsExactly(options)) {
    const int kbps = OutputFormatOf(options).min_exact_join_kbps;
    return Status::Usage("--single-file needs --bitrate " + std::to_string(kbps) +
                         " or more: smaller MP3 frames cannot hold the tag "
                         "that keeps chapter times exact");
  }
  return CheckReadAlongEpub(options);
}

namespace {

std::string PlaylistTitle(const source::Book& book, const std::string& title) {
  return book.author.empty() ? title : book.author + " - " + title;
}

Status WritePlaylist(FileSystem& disk, const BuildReport& report, const source::Book& book,
                     bool single_file) {
  std::vector<package::PlaylistEntry> entries;
  for (const ChapterResult& c : report.chapters) {
    std::string name = fs::path(c.file).filename().string();
    if (single_file && !entries.empty()) {
      entries.back().duration_s += c.seconds();
      continue;
    }
    entries.push_back(package::PlaylistEntry{
        name, PlaylistTitle(book, single_file ? book.title : c.title), c.seconds()});
  }
  return disk.WriteFileAtomically(report.playlist, package::M3u8(entries));
}

// Files an earlier build wrote that this build does not plan: removed from
// disk, then from the manifest (kept there until then, so a build that stops
// early still knows about them). Chapters left out by --chapters are kept.
void RemoveDroppedFiles(FileSystem& disk, const std::string& dir, const BookPlan& plan,
                        const std::set<std::string>& keep, Manifest& now) {
  std::set<std::string> planned = keep;
  for (const FileJob& file : plan.files) planned.insert(file.file_name);
  for (auto it = now.begin(); it != now.end();) {
    if (planned.contains(it->first)) {
      ++it;
      continue;
    }
    disk.Remove((fs::path(dir) / it->first).string());
    RemoveReadAlong(disk, fs::path(dir) / it->first);
    it = now.erase(it);
  }
}

// The folder in the cache a join keeps its work in (M4B's encoded chapters).
std::string JoinFolder(const BuildOptions& options) { return "join-" + Extension(options); }

// Cached parts no planned file uses any more; all of them unless the book is
// one file (chapters' parts are only needed until they are joined).
void RemoveUnusedParts(FileSystem& disk, const std::string& dir, const BookPlan& plan,
                       bool keep_used, const std::string& work_folder) {
  std::set<fs::path> used;
  for (const PartJob& part : plan.parts) {
    if (!keep_used) break;
    used.insert(fs::path(part.path));
    used.insert(fs::path(SidecarPath(part)));
  }
  const fs::path cache = fs::path(dir) / kCacheFolder;
  // The join's work folder (M4B's encoded chapters), which the join tidies.
  if (keep_used) used.insert(cache / work_folder);
  auto names = disk.ListDirectory(cache.string());
  for (const std::string& name : names.ok() ? *names : std::vector<std::string>{}) {
    if (used.contains(cache / name)) continue;
    auto inner = disk.ListDirectory((cache / name).string());  // another format's work folder
    for (const std::string& n : inner.ok() ? *inner : std::vector<std::string>{})
      disk.Remove((cache / name / n).string());
    disk.Remove((cache / name).string());
  }
  disk.Remove(cache.string());  // only when empty
}

// Files an earlier build made for chapter `number`, by name.
std::vector<std::string> FilesOfChapter(const Manifest& manifest, int number,
                                        const source::Book& book, const BuildOptions& options) {
  const std::string prefix = FilePrefix(number, book, options);
  const std::string ext = "." + Extension(options);
  std::vector<std::string> names;
  for (const auto& [name, entry] : manifest) {
    if (name.starts_with(prefix) && name.ends_with(ext)) names.push_back(name);
  }
  return names;
}

// File names of the book's chapters that --chapters leaves out.
std::set<std::string> Unselected(const source::Book& book, const BuildOptions& options,
                                 const Manifest& manifest) {
  std::set<std::string> names;
  if (options.chapters.empty() || SingleFile(options)) return names;
  for (int n = 1; n <= static_cast<int>(book.chapters.size()); ++n) {
    if (std::binary_search(options.chapters.begin(), options.chapters.end(), n)) continue;
    for (std::string& name : FilesOfChapter(manifest, n, book, options))
      names.insert(std::move(name));
  }
  return names;
}

// Whether the read-along files asked for are beside the audio file. They are
// not part of a file's hash: asking for them renders what is missing, no
// longer asking only removes them.
bool HasReadAlong(FileSystem& disk, const std::string& audio_path, const ReadAlong& wanted) {
  fs::path audio(audio_path);
  auto has = [&](bool want, const char* ext) {
    return !want || disk.Exists(fs::path(audio).replace_extension(ext).string());
  };
  return has(wanted.vtt, ".vtt") && has(wanted.srt, ".srt") && has(wanted.timings_json, ".json") &&
         (!wanted.clips || disk.Exists(ClipsPath(audio_path)));
}

// Whether entry describes the file at path, holding chapter_count chapters,
// as it is on disk, whole (its hash aside).
bool OnDiskAsRecorded(FileSystem& disk, const std::string& path, std::size_t chapter_count,
                      const ManifestEntry& entry) {
  return HasRecordedSize(disk, path, entry.bytes) &&
         entry.starts.size() == (chapter_count > 1 ? chapter_count : 0);
}

// Whether a build keeps the file as it is: recorded with this hash, whole on
// disk, with the read-along files asked for beside it.
bool UpToDate(FileSystem& disk, const Manifest& manifest, const std::string& file_name,
              const std::string& path, const std::string& hash, std::size_t chapter_count,
              const BuildOptions& options) {
  auto it = manifest.find(file_name);
  return !options.force && it != manifest.end() && it->second.hash == hash &&
         OnDiskAsRecorded(disk, path, chapter_count, it->second) &&
         HasReadAlong(disk, path, options.read_along);
}

// Read-along files beside planned files that this build did not ask for.
void RemoveUnrequestedReadAlong(FileSystem& disk, const BookPlan& plan, const ReadAlong& wanted) {
  for (const FileJob& file : plan.files) {
    fs::path audio(file.path);
    if (!wanted.vtt) disk.Remove(fs::path(audio).replace_extension(".vtt").string());
    if (!wanted.srt) disk.Remove(fs::path(audio).replace_extension(".srt").string());
    if (!wanted.timings_json) disk.Remove(fs::path(audio).replace_extension(".json").string());
    // The clips sidecar stays (a file made again without it loses it): the
    // next --read-along-epub build needs no rendering.
  }
}

// The folders of the shared cache the parts to render go into.
Status MakeFoldersOf(FileSystem& disk, const BookPlan& plan,
                     const std::vector<std::size_t>& parts) {
  std::vector<std::string> paths;
  for (std::size_t p : parts)
    if (plan.parts[p].shared) paths.push_back(plan.parts[p].path);
  return MakeCacheFolders(disk, paths);
}

std::int64_t MsOf(std::int64_t samples, int rate_hz) {
  return rate_hz ? samples * 1000 / rate_hz : 0;
}

// Phase 2 of a file mastered in parts (acx_parts.h): one part to master.
struct MasterJob {
  std::size_t file = 0;
  std::size_t local = 0;  // its place in the file
  std::string raw_path;   // phase 1's speech
  double gain_db = 0;     // the file's
  AcxPartLength length;
  std::string path;  // the MP3 part it becomes, in the folder's cache
};

// The build in progress: plan, manifests, results, and what is left to do.
class Build {
 public:
  Build(const source::Book& book, const BuildOptions& options, const ChapterDone& on_done,
        BuildReport report, const BuildEnv& env)
      : book_(book),
        options_(options),
        on_done_(on_done),
        report_(std::move(report)),
        env_(env),
        disk_(*env.fs) {}

  Result<BuildReport> Run(const TextPreparer& preparer);

 private:
  std::vector<std::size_t> StaleFiles();
  std::vector<std::size_t> PartsToRender(const std::vector<std::size_t>& stale);
  std::vector<Task> TasksFor(const std::vector<std::size_t>& parts) const;
  std::vector<Task> TasksFor(const std::vector<MasterJob>& jobs) const;
  Status MasterInParts(const CancelCheck& stop);
  Status PlanMastering(std::size_t f, std::vector<MasterJob>& jobs);
  void OnMastered(const MasterJob& job);
  void AllPartsDone(std::size_t f);
  const std::string& JoinPath(std::size_t part) const;
  Status Tidy();
  Status WriteBookPlaylist();
  Status Stopped();
  std::size_t CachedParts() const;
  void ReportEntry(const FileJob& file, const ManifestEntry& entry);
  void ReportFresh(const FileJob& file, const ManifestEntry& entry);
  bool OnDiskAsRecorded(const FileJob& file, const ManifestEntry& entry) const;
  void ReportEarlierFiles();
  void OnPartDone(std::size_t part, const Rendered& rendered);
  Status Assemble(const FileJob& file);
  formats::JoinInput JoinInputFor(const FileJob& file, const package::TrackTags& tags) const;
  Result<encode::JoinedMp3> JoinInto(const FileJob& file, const std::string& path);
  Result<encode::JoinedMp3> CopyOut(const FileJob& file, const std::string& path);
  bool PartCached(const PartJob& part) const;
  void Finish(const FileJob& file, const ManifestEntry& entry,
              const std::vector<std::int64_t>& starts);
  ChapterResult ResultFor(const FileJob& file, const FileChapter& c) const;
  package::TimingsChapter TimingsFor(const FileChapter& c) const;
  void ListUnselected();
  Status WriteFileReadAlong(const FileJob& file, const encode::JoinedMp3& joined) const;
  std::int64_t PartBytes(const PartJob& part) const;
  std::int64_t RecordedBytes(const std::string& path) const;
  void KeepOnlyPartsOnDisk();
  void Save();

  const source::Book& book_;
  const BuildOptions& options_;
  const ChapterDone& on_done_;
  BuildReport report_;
  const BuildEnv& env_;  // every field set (WithDefaults)
  FileSystem& disk_;
  BookPlan plan_;
  Manifest now_;
  ManifestExtras extras_;  // the book's identity and the cached parts' sizes
  bool same_book_ = true;  // the folder held this book (or nothing) before; false after --force
  std::vector<std::size_t> file_of_part_;
  std::vector<std::size_t> parts_left_;    // per file
  std::vector<std::size_t> report_index_;  // per file: first index in report_.chapters
  std::vector<std::size_t> to_master_;     // files mastered in parts, their raw parts done
  std::vector<std::string> mastered_path_;  // per part mastered in parts: its MP3 part
  std::vector<std::int64_t> lead_samples_;  // per part: zeros before its speech (engine rate)
  Status assemble_error_;
};

Result<BuildReport> Build::Run(const TextPreparer& preparer) {
  const std::string& dir = report_.output_dir;
  RemoveAbandonedTemporaries(dir, disk_);
  RemoveAbandonedTemporaries((fs::path(dir) / kCacheFolder).string(), disk_);
  plan_ = PlanBook(book_, dir, options_, preparer);
  if (env_.cancelled() || Interrupted()) return Status::Interrupted();  // the plan may be partial
  if (!options_.cache_dir.empty()) UseSharedCache(plan_, options_);
  now_ = LoadManifest(dir, disk_, &extras_);
  same_book_ = extras_.book.empty() || extras_.book == BookIdentity(book_);
  extras_.book = BookIdentity(book_);
  for (const FileJob& file : plan_.files) {
    report_index_.push_back(report_.chapters.size());
    for (const FileChapter& c : file.chapters) report_.chapters.push_back(ResultFor(file, c));
  }
  std::vector<std::size_t> parts = PartsToRender(StaleFiles());
  NARRATE_RETURN_IF_ERROR(disk_.MakeDirectories((fs::path(dir) / kCacheFolder).string()));
  NARRATE_RETURN_IF_ERROR(MakeFoldersOf(disk_, plan_, parts));
  auto on_task_done = [&](std::size_t t, const std::string& payload) {
    OnPartDone(parts[t], Rendered::Decode(payload));
  };
  // A file that cannot be joined or recorded (a full disk) stops the build.
  auto stop = [&] { return !assemble_error_.ok() || env_.cancelled(); };
  Status status = env_.runner->Run(TasksFor(parts), options_.jobs, on_task_done, stop);
  if (status.ok() && !stop()) status = MasterInParts(stop);
  if (!assemble_error_.ok() && (status.ok() || status.code() == StatusCode::kInterrupted))
    status = assemble_error_;
  if (status.ok() && env_.cancelled()) status = Status::Interrupted();
  if (status.code() == StatusCode::kInterrupted) return Stopped();
  if (!status.ok()) return status;
  KillPoint("before-tidy");
  NARRATE_RETURN_IF_ERROR(Tidy());
  if (options_.read_along_epub) {
    NARRATE_RETURN_IF_ERROR(WriteBookEpub(book_, plan_, dir, options_, disk_));
  }
  return report_;
}

// One task per part: renders it (in a worker, with the forking runner) and
// reports its length.
std::vector<Task> Build::TasksFor(const std::vector<std::size_t>& parts) const {
  std::vector<Task> tasks;
  for (std::size_t p : parts) {
    const FileJob& file = plan_.files[file_of_part_[p]];
    const FileJob* direct = file.direct ? &file : nullptr;
    tasks.push_back([this, p, direct]() -> Result<std::string> {
      auto timings = TimingsFor(plan_.files[file_of_part_[p]].chapters[0]);
      auto rendered = RenderPartFile(plan_.parts[p], direct, options_, std::move(timings), env_);
      if (!rendered.ok()) return rendered.status();
      return rendered->Encode();
    });
  }
  return tasks;
}

// Phase 2 of the files mastered in parts (acx_parts.h): each file's gain from
// all its raw parts, then its parts mastered and encoded as tasks (those not
// cached yet), each file joined when its last part is done.
Status Build::MasterInParts(const CancelCheck& stop) {
  mastered_path_.resize(plan_.parts.size());
  lead_samples_.resize(plan_.parts.size());
  std::vector<MasterJob> jobs;
  for (std::size_t f : to_master_) {
    NARRATE_RETURN_IF_ERROR(PlanMastering(f, jobs));
    if (!assemble_error_.ok()) return assemble_error_;
  }
  if (options_.order == RenderOrder::kLongestFirst) {
    std::stable_sort(jobs.begin(), jobs.end(), [](const MasterJob& a, const MasterJob& b) {
      return a.length.samples > b.length.samples;
    });
  }
  auto on_done = [&](std::size_t t, const std::string&) { OnMastered(jobs[t]); };
  return env_.runner->Run(TasksFor(jobs), options_.jobs, on_done, stop);
}

Status Build::PlanMastering(std::size_t f, std::vector<MasterJob>& jobs) {
  const FileJob& file = plan_.files[f];
  std::vector<std::string> raw;
  for (std::size_t p : file.parts) raw.push_back(plan_.parts[p].path);
  std::vector<std::size_t> chapter_first_parts;
  for (const FileChapter& c : file.chapters) chapter_first_parts.push_back(c.first_part);
  auto acx = PlanAcxFile(raw, chapter_first_parts, kEngineRateHz);
  if (!acx.ok()) return acx.status();
  const fs::path cache = fs::path(report_.output_dir) / kCacheFolder;
  parts_left_[f] = 0;
  for (std::size_t local = 0; local < file.parts.size(); ++local) {
    const std::size_t p = file.parts[local];
    const AcxPartLength& length = acx->parts[local];
    const std::string hash = MasteredPartHash(plan_.parts[p].hash, acx->gain_db, local, length);
    lead_samples_[p] = length.lead_samples;
    mastered_path_[p] = (cache / (hash + "." + PartExtension(options_))).string();
    if (!options_.force &&
        HasRecordedSize(disk_, mastered_path_[p], RecordedBytes(mastered_path_[p])))
      continue;
    jobs.push_back(MasterJob{f, local, raw[local], acx->gain_db, length, mastered_path_[p]});
    ++parts_left_[f];
  }
  if (parts_left_[f] == 0 && assemble_error_.ok()) assemble_error_ = Assemble(file);
  return Status::Ok();
}

std::vector<Task> Build::TasksFor(const std::vector<MasterJob>& jobs) const {
  std::vector<Task> tasks;
  for (const MasterJob& job : jobs) {
    tasks.push_back([this, &job]() -> Result<std::string> {
      AtomicFile out(job.path, disk_);
      auto samples = MasterAcxPart(job.raw_path, kEngineRateHz, job.gain_db, job.local, job.length,
                                   out.temp_path());
      if (!samples.ok()) return out.Explain(samples.status());
      NARRATE_RETURN_IF_ERROR(out.Commit());
      return Rendered{*samples, OutputRateHz(options_)}.Encode();
    });
  }
  return tasks;
}

// Recorded at once, as a part is, so that it is reused only when whole.
void Build::OnMastered(const MasterJob& job) {
  auto bytes = disk_.FileSize(job.path);
  extras_.part_bytes[fs::path(job.path).filename().string()] = bytes.ok() ? *bytes : 0;
  Save();
  KillPoint("after-part");
  if (--parts_left_[job.file] == 0 && assemble_error_.ok())
    assemble_error_ = Assemble(plan_.files[job.file]);
}

// A file's parts are all rendered: joined, or (in parts) mastered next.
void Build::AllPartsDone(std::size_t f) {
  if (MasteredInParts(plan_.files[f], plan_))
    to_master_.push_back(f);
  else if (assemble_error_.ok())
    assemble_error_ = Assemble(plan_.files[f]);
}

// What the join takes for a part: its MP3 part when mastered in parts.
const std::string& Build::JoinPath(std::size_t part) const {
  if (part < mastered_path_.size() && !mastered_path_[part].empty()) return mastered_path_[part];
  return plan_.parts[part].path;
}

// After every file is made: what is no longer planned goes, then the
// manifest and the playlist are written.
Status Build::Tidy() {
  const std::string& dir = report_.output_dir;
  RemoveDroppedFiles(disk_, dir, plan_, Unselected(book_, options_, now_), now_);
  RemoveUnrequestedReadAlong(disk_, plan_, options_.read_along);
  ListUnselected();
  RemoveUnusedParts(disk_, dir, plan_, SingleFile(options_), JoinFolder(options_));
  KeepOnlyPartsOnDisk();
  // Again at the end: a worker of a killed build may still have been dying
  // (its parent-death signal not yet handled) when this build began.
  RemoveAbandonedTemporaries(dir, disk_);
  // The cover, description and narrator beside the files (recorded in the manifest).
  NARRATE_RETURN_IF_ERROR(WriteBookFiles(disk_, dir, options_.tags, extras_.book_files));
  return WriteBookPlaylist();
}

// The playlist of report_.chapters, and the manifest naming it.
Status Build::WriteBookPlaylist() {
  const std::string& dir = report_.output_dir;
  const std::string earlier = extras_.playlist;  // another title's, after --force
  extras_.playlist = package::SafeFileName(book_.title) + ".m3u8";
  report_.playlist = (fs::path(dir) / extras_.playlist).string();
  NARRATE_RETURN_IF_ERROR(SaveManifest(dir, now_, disk_, extras_));
  NARRATE_RETURN_IF_ERROR(WritePlaylist(disk_, report_, book_, SingleFile(options_)));
  if (!earlier.empty() && earlier != extras_.playlist)
    disk_.Remove((fs::path(dir) / earlier).string());
  return Status::Ok();
}

// Parts finished in the cache for files not yet made: the next build joins
// them instead of rendering them. Before ListUnselected (uses report_index_).
std::size_t Build::CachedParts() const {
  std::size_t cached = 0;
  for (std::size_t f = 0; f < plan_.files.size(); ++f) {
    const FileJob& file = plan_.files[f];
    if (file.direct || report_.chapters[report_index_[f]].sample_rate_hz != 0) continue;
    for (std::size_t p : file.parts) {
      if (PartCached(plan_.parts[p])) ++cached;
    }
  }
  return cached;
}

// After an interrupt: everything finished stays (files, cached parts, the
// manifest), the playlist lists the chapters whose files are whole on disk
// (this build's and earlier ones'; a later build rewrites it), and the
// status says what was kept: "interrupted; kept 2
// finished chapter(s), listed in out/Book.m3u8, and 3 rendered part(s) in
// out/.narrate-cache; run again to continue".
Status Build::Stopped() {
  const std::size_t parts = CachedParts();
  ReportEarlierFiles();
  ListUnselected();
  std::erase_if(report_.chapters, [](const ChapterResult& c) { return c.sample_rate_hz == 0; });
  std::set<std::pair<int, std::string>> chapters;  // an ACX-split chapter counts once
  for (const ChapterResult& c : report_.chapters) {
    chapters.insert({c.number, c.number > 0 ? "" : c.title});  // credits: by title
  }
  std::vector<std::string> kept;
  if (!report_.chapters.empty()) {
    // Still an interrupt when the playlist cannot be written (a full disk).
    const bool listed = WriteBookPlaylist().ok();
    kept.push_back(std::to_string(chapters.size()) + " finished chapter(s)" +
                   (listed ? ", listed in " + report_.playlist : ""));
  }
  if (parts > 0) {
    kept.push_back(std::to_string(parts) + " rendered part(s) in " +
                   (options_.cache_dir.empty()
                        ? (fs::path(report_.output_dir) / kCacheFolder).string()
                        : options_.cache_dir));
  }
  if (kept.empty()) return Status::Interrupted("interrupted before anything was finished");
  const std::string what = kept.size() == 1 ? kept[0] : kept[0] + ", and " + kept[1];
  return Status::Interrupted("interrupted; kept " + what + "; run again to continue");
}

// Files to make again; reports the others as up to date.
std::vector<std::size_t> Build::StaleFiles() {
  std::vector<std::size_t> stale;
  const Manifest old = now_;
  for (std::size_t f = 0; f < plan_.files.size(); ++f) {
    const FileJob& file = plan_.files[f];
    for (std::size_t p : file.parts) {
      file_of_part_.resize(std::max(file_of_part_.size(), p + 1));
      file_of_part_[p] = f;
    }
    if (UpToDate(disk_, old, file.file_name, file.path, file.hash, file.chapters.size(), options_))
      ReportFresh(file, old.at(file.file_name));
    else
      stale.push_back(f);
  }
  return stale;
}

// Parts of stale files not already in the cache, in book order or longest
// first (so a long part does not start last and become the tail).
std::vector<std::size_t> Build::PartsToRender(const std::vector<std::size_t>& stale) {
  parts_left_.assign(plan_.files.size(), 0);
  std::vector<std::size_t> parts;
  for (std::size_t f : stale) {
    for (std::size_t p : plan_.files[f].parts) {
      if (!options_.force && !plan_.files[f].direct && PartCached(plan_.parts[p])) continue;
      parts.push_back(p);
      ++parts_left_[f];
    }
  }
  if (options_.order == RenderOrder::kLongestFirst) {
    std::stable_sort(parts.begin(), parts.end(), [&](std::size_t a, std::size_t b) {
      return plan_.parts[a].weight > plan_.parts[b].weight;
    });
  }
  for (std::size_t f : stale) {
    if (parts_left_[f] == 0) AllPartsDone(f);
  }
  return parts;
}

ChapterResult Build::ResultFor(const FileJob& file, const FileChapter& c) const {
  ChapterResult r;
  r.number = c.number;
  r.title = c.chapter->title;
  r.file = file.path;
  return r;
}

// Chapters --chapters left out whose files an earlier build made: listed (in
// book order) so the playlist still holds the whole book.
void Build::ListUnselected() {
  if (options_.chapters.empty() || SingleFile(options_) || !same_book_) return;
  std::vector<ChapterResult> all;
  const int total = static_cast<int>(book_.chapters.size());
  std::size_t next = 0;
  for (int i = 0; i < total; ++i) {
    auto before = [&](const ChapterResult& c) {
      return c.number <= i + 1 && (c.number > 0 || next == 0);
    };
    while (next < report_.chapters.size() && before(report_.chapters[next]))
      all.push_back(report_.chapters[next++]);
    if (std::binary_search(options_.chapters.begin(), options_.chapters.end(), i + 1)) continue;
    for (const std::string& name : FilesOfChapter(now_, i + 1, book_, options_)) {
      std::string path = (fs::path(report_.output_dir) / name).string();
      if (!disk_.Exists(path)) continue;
      const ManifestEntry& e = now_.at(name);
      all.push_back(
          ChapterResult{i + 1, book_.chapters[i].title, path, 0, e.samples, e.rate_hz, true});
    }
  }
  all.insert(all.end(), report_.chapters.begin() + static_cast<std::ptrdiff_t>(next),
             report_.chapters.end());
  report_.chapters = std::move(all);
}

package::TimingsChapter Build::TimingsFor(const FileChapter& c) const {
  return package::TimingsChapter{c.number, c.chapter->title, ChapterText(*c.chapter), {}};
}

// The joined file's subtitles and timings, from its parts' sidecars.
Status Build::WriteFileReadAlong(const FileJob& file, const encode::JoinedMp3& joined) const {
  std::vector<package::Cue> cues;
  std::vector<package::TimingsChapter> chapters;
  std::vector<std::vector<TimedSentence>> clips;  // per chapter, for the read-along EPUB
  int engine_rate_hz = kEngineRateHz;             // the parts' own, once one is read
  for (const FileChapter& c : file.chapters) {
    Captions chapter;
    for (std::size_t local = c.first_part; local < c.first_part + c.part_count; ++local) {
      const std::string sidecar = SidecarPath(plan_.parts[file.parts[local]]);
      auto json = disk_.ReadFile(sidecar);
      if (!json.ok()) return json.status();
      auto part = CaptionsFromJson(*json, sidecar);
      if (!part.ok()) return part.status();
      if (part->rate_hz == 0) part->rate_hz = kEngineRateHz;  // cached by an older narrate
      // Part offsets are at the file's rate; captions count at the engine's.
      const int rate_hz = part->rate_hz;
      const std::size_t p = file.parts[local];
      const std::int64_t offset =
          joined.part_start_samples[local] * rate_hz / OutputRateHz(options_, rate_hz) +
          (p < lead_samples_.size() ? lead_samples_[p] : 0);
      AppendCaptions(chapter, *part, offset);
      engine_rate_hz = rate_hz;
    }
    cues.insert(cues.end(), chapter.cues.begin(), chapter.cues.end());
    chapters.push_back(TimingsFor(c));
    chapters.back().words = std::move(chapter.words);
    clips.push_back(std::move(chapter.sentences));
  }
  NARRATE_RETURN_IF_ERROR(
      WriteReadAlong(file.path, options_.read_along, cues, chapters, engine_rate_hz, disk_));
  if (!options_.read_along.clips) return Status::Ok();
  return WriteClips(file.path, clips, engine_rate_hz, disk_);
}

// Fills the results of file's chapters from its manifest entry.
void Build::ReportEntry(const FileJob& file, const ManifestEntry& entry) {
  std::size_t f = static_cast<std::size_t>(&file - plan_.files.data());
  for (std::size_t i = 0; i < file.chapters.size(); ++i) {
    ChapterResult& r = report_.chapters[report_index_[f] + i];
    std::int64_t start = entry.starts.empty() ? 0 : entry.starts[i];
    std::int64_t end = i + 1 < entry.starts.size() ? entry.starts[i + 1] : entry.samples;
    r.start_samples = start;
    r.samples = end - start;
    r.sample_rate_hz = entry.rate_hz;
  }
}

void Build::ReportFresh(const FileJob& file, const ManifestEntry& entry) {
  ReportEntry(file, entry);
  std::size_t f = static_cast<std::size_t>(&file - plan_.files.data());
  for (std::size_t i = 0; i < file.chapters.size(); ++i) {
    ChapterResult& r = report_.chapters[report_index_[f] + i];
    r.up_to_date = true;
    if (on_done_) on_done_(r);
  }
}

bool Build::OnDiskAsRecorded(const FileJob& file, const ManifestEntry& entry) const {
  return pipeline::OnDiskAsRecorded(disk_, file.path, file.chapters.size(), entry);
}

// Files this build was to make again but had not yet: an earlier build's,
// still whole on disk, so an interrupted build's playlist lists them too.
void Build::ReportEarlierFiles() {
  if (!same_book_) return;  // after --force the files on disk are another book's
  for (std::size_t f = 0; f < plan_.files.size(); ++f) {
    const FileJob& file = plan_.files[f];
    auto it = now_.find(file.file_name);
    if (report_.chapters[report_index_[f]].sample_rate_hz != 0 || it == now_.end()) continue;
    if (OnDiskAsRecorded(file, it->second)) ReportEntry(file, it->second);
  }
}

void Build::OnPartDone(std::size_t part, const Rendered& rendered) {
  const std::size_t f = file_of_part_[part];
  const FileJob& file = plan_.files[f];
  if (file.direct) {
    Finish(file, ManifestEntry{file.hash, rendered.samples, rendered.rate_hz, {}, -1}, {0});
    return;
  }
  if (plan_.parts[part].shared) {  // the entry records itself (shared_cache.h)
    if (--parts_left_[f] == 0) AllPartsDone(f);
    return;
  }
  // Recorded at once, so that a part is reused only when it is there whole.
  auto bytes = disk_.FileSize(plan_.parts[part].path);
  const std::string name = fs::path(plan_.parts[part].path).filename().string();
  extras_.part_bytes[name] = bytes.ok() ? *bytes : 0;
  Save();
  KillPoint("after-part");
  if (--parts_left_[f] == 0) AllPartsDone(f);
}

// The size a cached part had when it was finished; 0 when none is recorded.
std::int64_t Build::PartBytes(const PartJob& part) const { return RecordedBytes(part.path); }

std::int64_t Build::RecordedBytes(const std::string& path) const {
  auto it = extras_.part_bytes.find(fs::path(path).filename().string());
  return it == extras_.part_bytes.end() ? 0 : it->second;
}

// Forgets the sizes of parts no longer in the cache.
void Build::KeepOnlyPartsOnDisk() {
  const fs::path cache = fs::path(report_.output_dir) / kCacheFolder;
  std::erase_if(extras_.part_bytes,
                [&](const auto& item) { return !disk_.Exists((cache / item.first).string()); });
}

// Writes the manifest as it is now. A failure (a full disk) stops the build:
// what is on disk stays as the last saved manifest describes it.
void Build::Save() {
  Status saved = SaveManifest(report_.output_dir, now_, disk_, extras_);
  if (!saved.ok() && assemble_error_.ok()) assemble_error_ = saved;
}

// Whether a part need not be rendered: whole in the shared cache, or in the
// folder's own with the size the manifest recorded; with its captions when
// they are asked for.
bool Build::PartCached(const PartJob& part) const {
  if (part.shared) return InSharedCache(disk_, part, options_.read_along);
  return HasRecordedSize(disk_, part.path, PartBytes(part)) &&
         SidecarServes(disk_, part, options_.read_along);
}

// A whole file's audio in the shared cache, copied to path and tagged there:
// the same bytes a worker rendering it in place writes.
Result<encode::JoinedMp3> Build::CopyOut(const FileJob& file, const std::string& path) {
  const PartJob& part = plan_.parts[file.parts[0]];
  auto entry = FindEntry(disk_, part.path);
  if (!entry.ok()) return entry.status();
  NARRATE_RETURN_IF_ERROR(disk_.CopyFile(part.path, path));
  const formats::OutputFormat& format = OutputFormatOf(options_);
  if (format.write_tags != nullptr) NARRATE_RETURN_IF_ERROR(format.write_tags(path, file.tags));
  return encode::JoinedMp3{{0}, entry->samples};
}

// Joins a file's parts into place, with tags and chapter marks.
Status Build::Assemble(const FileJob& file) {
  AtomicFile out(file.path, disk_);
  Result<encode::JoinedMp3> joined =
      file.from_cache ? CopyOut(file, out.temp_path()) : JoinInto(file, out.temp_path());
  if (!joined.ok()) return out.Explain(joined.status());
  KillPoint("before-commit");
  NARRATE_RETURN_IF_ERROR(out.Commit());
  if (!options_.read_along.clips) disk_.Remove(ClipsPath(file.path));  // of the older audio
  if (options_.read_along.any()) NARRATE_RETURN_IF_ERROR(WriteFileReadAlong(file, *joined));
  std::vector<std::int64_t> starts;
  for (const FileChapter& c : file.chapters)
    starts.push_back(joined->part_start_samples[c.first_part]);
  const int rate_hz = OutputRateHz(options_);
  Finish(file,
         ManifestEntry{file.hash, joined->samples, rate_hz,
                       file.chapters.size() > 1 ? starts : std::vector<std::int64_t>{}, -1},
         starts);
  return Status::Ok();  // parts are removed at the end: another file may share one
}

// What the format's join is given for file: its parts, its chapters, the
// tags when the join writes them, a work folder in the cache.
formats::JoinInput Build::JoinInputFor(const FileJob& file, const package::TrackTags& tags) const {
  const formats::OutputFormat& format = OutputFormatOf(options_);
  formats::JoinInput in;
  for (std::size_t p : file.parts) in.part_paths.push_back(JoinPath(p));
  in.chapter_first_parts.clear();
  for (const FileChapter& c : file.chapters) in.chapter_first_parts.push_back(c.first_part);
  in.bitrate_kbps = options_.bitrate_kbps;
  in.jobs = options_.jobs;
  in.work_dir = (fs::path(report_.output_dir) / kCacheFolder / JoinFolder(options_)).string();
  if (format.tags_in_join) in.tags = &tags;
  return in;
}

Result<encode::JoinedMp3> Build::JoinInto(const FileJob& file, const std::string& path) {
  const formats::OutputFormat& format = OutputFormatOf(options_);
  package::TrackTags titled = file.tags;
  for (const FileChapter& c : file.chapters) titled.chapters.push_back({c.chapter->title, 0, 0});
  if (file.chapters.size() < 2) titled.chapters.clear();
  auto joined = format.join(JoinInputFor(file, titled), path);
  if (!joined.ok()) return joined.status();
  if (format.write_tags == nullptr) return joined;
  package::TrackTags tags = file.tags;
  const bool marks = format.has_chapters() && file.chapters.size() > 1;
  for (std::size_t i = 0; marks && i < file.chapters.size(); ++i) {
    std::int64_t start = joined->part_start_samples[file.chapters[i].first_part];
    std::int64_t end = i + 1 < file.chapters.size()
                           ? joined->part_start_samples[file.chapters[i + 1].first_part]
                           : joined->samples;
    const int rate_hz = OutputRateHz(options_);
    tags.chapters.push_back(
        {file.chapters[i].chapter->title, MsOf(start, rate_hz), MsOf(end, rate_hz)});
  }
  KillPoint("before-tags");
  NARRATE_RETURN_IF_ERROR(format.write_tags(path, tags));
  return joined;
}

// Records a finished file and reports its chapters.
void Build::Finish(const FileJob& file, const ManifestEntry& entry,
                   const std::vector<std::int64_t>& starts) {
  now_[file.file_name] = entry;
  auto bytes = disk_.FileSize(file.path);
  now_[file.file_name].bytes = bytes.ok() ? *bytes : -1;
  KillPoint("before-manifest");
  Save();
  std::size_t f = static_cast<std::size_t>(&file - plan_.files.data());
  for (std::size_t i = 0; i < file.chapters.size(); ++i) {
    ChapterResult& r = report_.chapters[report_index_[f] + i];
    r.start_samples = starts[i];
    r.samples = (i + 1 < starts.size() ? starts[i + 1] : entry.samples) - starts[i];
    r.sample_rate_hz = entry.rate_hz;
    if (on_done_) on_done_(r);
  }
  KillPoint("after-chapter");
}

}  // namespace

Status CheckBuildOptions(const source::Book& book, const BuildOptions& options) {
  NARRATE_RETURN_IF_ERROR(CheckBuildOptions(options));
  for (int n : options.chapters) {
    if (n < 1 || n > static_cast<int>(book.chapters.size())) {
      return Status::Usage("--chapters: the book has no chapter " + std::to_string(n) +
                           " (it has 1.." + std::to_string(book.chapters.size()) + ")");
    }
  }
  return Status::Ok();
}

std::string BookIdentity(const source::Book& book) {
  return book.author.empty() ? book.title : book.title + " by " + book.author;
}

namespace {

// A folder whose manifest belongs to another book is not built into unless
// forced: "out/: holds the audiobook of Moby Dick by Herman Melville; use --force to replace it".
Status CheckOwner(const source::Book& book, const std::string& dir, const BuildOptions& options,
                  FileSystem& disk) {
  ManifestExtras recorded;
  LoadManifest(dir, disk, &recorded);
  if (options.force || recorded.book.empty() || recorded.book == BookIdentity(book))
    return Status::Ok();
  const std::string shown = dir.ends_with("/") ? dir : dir + "/";
  return Status::InvalidInput(shown + ": holds the audiobook of " + recorded.book +
                              "; use --force to replace it");
}

}  // namespace

std::string DefaultOutputDir(const source::Book& book) {
  return (fs::path("audiobooks") / package::SafeFileName(book.title)).string();
}

Result<BuildReport> BuildBook(const source::Book& book, const BuildOptions& given_options,
                              const TextPreparer& preparer, const ChapterDone& on_done,
                              const BuildEnv& given_env) {
  NARRATE_RETURN_IF_ERROR(CheckBuildOptions(book, given_options));
  const BuildOptions options = WithClips(given_options);
  const BuildEnv env = WithDefaults(given_env);
  FileSystem& disk = *env.fs;
  BuildReport report;
  report.output_dir = options.output_dir.empty() ? DefaultOutputDir(book) : options.output_dir;
  const bool created = !disk.Exists(report.output_dir);
  NARRATE_RETURN_IF_ERROR(disk.MakeDirectories(report.output_dir));
  auto lock = FolderLock::Take(report.output_dir);  // held until the build returns
  if (!lock.ok()) return lock.status();
  Build build(book, options, on_done, report, env);
  Status owner = CheckOwner(book, report.output_dir, options, disk);
  Result<BuildReport> result = !owner.ok()       ? Result<BuildReport>(owner)
                               : env.cancelled() ? Result<BuildReport>(Status::Interrupted())
                                                 : build.Run(preparer);
  if (!result.ok() && created) {
    disk.Remove((fs::path(report.output_dir) / kCacheFolder).string());
    lock->reset();                   // its file goes first
    disk.Remove(report.output_dir);  // only when empty
  }
  return result;
}

Result<BuildReport> BuildBook(const source::Book& book, const BuildOptions& options,
                              const TextPreparer& preparer, const ChapterDone& on_done) {
  return BuildBook(book, options, preparer, on_done, BuildEnv{});
}

std::vector<PlannedFile> FilesToRender(const source::Book& book, const BuildOptions& given_options,
                                       const std::vector<PlannedFile>& planned) {
  const BuildOptions options = WithClips(given_options);
  const std::string dir = options.output_dir.empty() ? DefaultOutputDir(book) : options.output_dir;
  FileSystem& disk = RealFileSystem();
  const Manifest manifest = LoadManifest(dir, disk);
  std::vector<PlannedFile> stale;
  for (const PlannedFile& file : planned) {
    const std::string path = (fs::path(dir) / file.file_name).string();
    if (!UpToDate(disk, manifest, file.file_name, path, file.hash, file.chapters.size(), options))
      stale.push_back(file);
  }
  return stale;
}

}  // namespace narrate::pipeline
