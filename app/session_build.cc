// The session's build: app::Build on a thread of its own, with progress.
#include "app/session_parts.h"

namespace narrate::app::session {

BuildRunner::~BuildRunner() {
  Cancel();
  if (thread_.joinable()) thread_.join();
}

namespace {

// The build's result; an exception escaping it (a file system error, no
// memory) is a failed build, not the end of the process.
Result<pipeline::BuildReport> RunCaught(const BuildRunner::Run& run,
                                        const BuildCallbacks& callbacks) {
  try {
    return run(callbacks);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("the build stopped: ") + e.what());
  }
}

}  // namespace

Status BuildRunner::Start(Run run, std::vector<std::pair<int, std::size_t>> words) {
  std::lock_guard lock(mu_);
  if (progress_.state == BuildState::kRunning)
    return Status::AlreadyExists("a build is already running");
  if (thread_.joinable()) thread_.join();  // the last one has finished
  cancel_ = false;
  words_left_ = {words.begin(), words.end()};
  words_total_ = words_done_ = 0;
  for (const auto& [chapter, count] : words) words_total_ += count;
  progress_ = BuildProgress{BuildState::kRunning, 0, static_cast<int>(words.size()), 0, -1, "",
                            progress_.version + 1};
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this, run = std::move(run)] {
    BuildCallbacks callbacks{[this](const pipeline::ChapterResult& c) { OnChapter(c); },
                             [this] { return cancel_.load(); }};
    Finish(RunCaught(run, callbacks));
  });
  changed_.notify_all();
  return Status::Ok();
}

void BuildRunner::Cancel() { cancel_ = true; }

BuildProgress BuildRunner::Snapshot() const {
  BuildProgress now = progress_;
  if (now.state == BuildState::kRunning) {
    now.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }
  return now;
}

BuildProgress BuildRunner::Progress() {
  std::lock_guard lock(mu_);
  return Snapshot();
}

BuildProgress BuildRunner::Wait(std::uint64_t after_version, int timeout_ms) {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, std::chrono::milliseconds(std::max(0, timeout_ms)),
                    [&] { return progress_.version > after_version; });
  return Snapshot();
}

// ETA: the time per word so far, times the words left.
void BuildRunner::OnChapter(const pipeline::ChapterResult& chapter) {
  if (chapter.up_to_date) return;
  std::lock_guard lock(mu_);
  auto it = words_left_.find(chapter.number);
  if (it != words_left_.end()) {
    words_done_ += it->second;
    words_left_.erase(it);
  }
  progress_ = Snapshot();
  ++progress_.chapters_done;
  if (words_done_ > 0 && words_total_ >= words_done_) {
    progress_.eta_seconds =
        progress_.elapsed_seconds * static_cast<double>(words_total_ - words_done_) / words_done_;
  }
  ++progress_.version;
  changed_.notify_all();
}

void BuildRunner::Finish(const Result<pipeline::BuildReport>& result) {
  std::lock_guard lock(mu_);
  progress_ = Snapshot();
  if (result.ok()) {
    progress_.state = BuildState::kDone;
    progress_.message = result->output_dir;
    progress_.eta_seconds = 0;
  } else {
    const bool cancelled = result.status().code() == StatusCode::kInterrupted;
    progress_.state = cancelled ? BuildState::kCancelled : BuildState::kFailed;
    progress_.message = result.status().message();
  }
  ++progress_.version;
  changed_.notify_all();
}

}  // namespace narrate::app::session
