// The session's build: app::Build in a child of the session's fork host,
// followed by a thread that turns its messages into progress.
//
// The child sends "c<chapter>" as each chapter is rendered, then
// "+<output folder>" or "-<encoded Status>" (common/status_wire.h).
#include <sys/wait.h>

#include <csignal>
#include <cstdlib>

#include "app/session_parts.h"
#include "common/interrupt.h"
#include "common/status_wire.h"

namespace narrate::app::session {

BuildRunner::~BuildRunner() {
  Cancel();
  if (thread_.joinable()) thread_.join();
}

namespace {

// The build's result; an exception escaping it (a file system error, no
// memory) is a failed build.
Result<pipeline::BuildReport> RunCaught(const BuildRunner::Run& run,
                                        const BuildCallbacks& callbacks) {
  try {
    return run(callbacks);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("the build stopped: ") + e.what());
  }
}

// In the child: the build, stopped by SIGTERM (Cancel) or Ctrl-C.
void RunInChild(const BuildRunner::Run& run, const ForkHost::Send& send) {
  InstallInterruptHandlers();
  BuildCallbacks callbacks{[&](const pipeline::ChapterResult& c) {
                             if (!c.up_to_date) send("c" + std::to_string(c.number));
                           },
                           [] { return Interrupted(); }};
  const Result<pipeline::BuildReport> result = RunCaught(run, callbacks);
  send(result.ok() ? "+" + result->output_dir : "-" + EncodeStatus(result.status()));
}

// A child that ended without saying how the build went.
Status Ended(int wait_status, bool cancelled) {
  if (WIFSIGNALED(wait_status) && cancelled) return Status::Interrupted();
  if (WIFSIGNALED(wait_status))
    return Status::Internal("the build stopped: signal " + std::to_string(WTERMSIG(wait_status)));
  return Status::Internal("the build stopped without a result");
}

pipeline::BuildReport Built(std::string output_dir) {
  pipeline::BuildReport report;
  report.output_dir = std::move(output_dir);
  return report;
}

}  // namespace

Status BuildRunner::Open(Run run) {
  auto host = ForkHost::Start(
      [run = std::move(run)](const ForkHost::Send& send) { RunInChild(run, send); });
  if (!host.ok()) return host.status();
  host_ = std::move(*host);
  return Status::Ok();
}

Status BuildRunner::Start(std::vector<std::pair<int, std::size_t>> words) {
  std::lock_guard lock(mu_);
  if (progress_.state == BuildState::kRunning)
    return Status::AlreadyExists("a build is already running");
  if (!host_) return Status::Internal("the session has no process to build in");
  if (thread_.joinable()) thread_.join();  // the last one has finished
  cancel_ = false;
  NARRATE_RETURN_IF_ERROR(host_->Run());
  words_left_ = {words.begin(), words.end()};
  words_total_ = words_done_ = 0;
  for (const auto& [chapter, count] : words) words_total_ += count;
  progress_ = BuildProgress{BuildState::kRunning, 0, static_cast<int>(words.size()), 0, -1, "",
                            progress_.version + 1};
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { Follow(); });
  changed_.notify_all();
  return Status::Ok();
}

void BuildRunner::Follow() {
  std::optional<Result<pipeline::BuildReport>> result;
  for (;;) {
    auto message = host_->Next();
    if (!message.ok()) result = message.status();
    if (!message.ok()) break;
    if (message->ended && !result) result = Ended(message->wait_status, cancel_);
    if (message->ended) break;
    const std::string& text = message->text;
    if (text.starts_with('c')) OnChapter(std::atoi(text.c_str() + 1));
    if (text.starts_with('+')) result = Built(text.substr(1));
    if (text.starts_with('-')) result = DecodeStatus(std::string_view(text).substr(1));
  }
  Finish(*result);
}

void BuildRunner::Cancel() {
  cancel_ = true;
  if (host_) host_->Cancel();
}

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
void BuildRunner::OnChapter(int number) {
  std::lock_guard lock(mu_);
  auto it = words_left_.find(number);
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
