#include "pipeline/task_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <exception>
#include <map>

#include "common/interrupt.h"
#include "common/status_wire.h"

namespace narrate::pipeline {
namespace {

struct Child {
  std::size_t task = 0;
  int read_fd = -1;
  std::string report;  // what the child has written so far
};

constexpr int kCancelPollMs = 50;

bool IsCancelled(const CancelCheck& cancelled) { return cancelled ? cancelled() : Interrupted(); }

// How long a wait may block: for ever when only signals cancel (they wake
// it), else a short while, so that a front end's own cancel is seen soon.
int WaitTimeoutMs(const CancelCheck& cancelled) {
  if (!cancelled) return -1;
  bool (*const* function)() = cancelled.target<bool (*)()>();
  return function != nullptr && *function == &Interrupted ? -1 : kCancelPollMs;
}

void WriteAll(int fd, const std::string& data) {
  for (std::size_t done = 0; done < data.size();) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// "+payload", or "-" and the Status as it was (common/status_wire.h).
std::string EncodeReport(const Result<std::string>& r) {
  return r.ok() ? "+" + *r : "-" + EncodeStatus(r.status());
}

Result<std::string> DecodeReport(const std::string& report) {
  if (report[0] == '+') return report.substr(1);
  return DecodeStatus(std::string_view(report).substr(1));
}

// The task's result. An exception (none should leave a task) is an error
// like any other: "internal error in a worker: std::bad_alloc".
Result<std::string> RunCaught(const Task& task) {
  try {
    return task();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("internal error in a worker: ") + e.what());
  } catch (...) {
    return Status::Internal("internal error in a worker");
  }
}

// In the child: run, report, exit without unwinding the parent's state (no
// atexit handlers, no destructors: the parent's folder lock, say, is not
// the child's to release). Nothing thrown here may leave: it would unwind
// through the parent's frames, in the child. Output is flushed before the
// report, so a closed pipe means the child is exiting.
[[noreturn]] void RunChild(const Task& task, int write_fd) {
  int exit_code = 1;
  try {
    Result<std::string> r = RunCaught(task);
    std::fflush(nullptr);
    WriteAll(write_fd, EncodeReport(r));
    exit_code = r.ok() ? 0 : 1;
  } catch (...) {  // no memory left to report with: the parent sees no result
  }
  ::close(write_fd);
  ::_exit(exit_code);
}

// Starts tasks[i] in a child that reports through a pipe.
Status Spawn(const Task& task, std::size_t i, std::map<pid_t, Child>& running) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::Internal("cannot create a pipe for a worker");
  std::fflush(nullptr);
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::Internal("cannot start a worker process");
  }
  if (pid == 0) {
    // A worker dies with the build (kill -9 included); if the build died
    // before prctl took effect, the worker is an orphan already and stops.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    ::close(fds[0]);
    RunChild(task, fds[1]);
  }
  ::close(fds[1]);
  running.emplace(pid, Child{i, fds[0], {}});
  return Status::Ok();
}

// The child's verdict: its report, or how it died. A report counts only
// from a child that ended as it says (0 after a result, 1 after an error),
// so one killed while writing is not taken for a success.
Result<std::string> Verdict(const std::string& report, int wait_status) {
  const bool exited = WIFEXITED(wait_status);
  if (!report.empty() && exited && WEXITSTATUS(wait_status) == (report[0] == '+' ? 0 : 1)) {
    return DecodeReport(report);
  }
  if (WIFSIGNALED(wait_status)) {
    return Status::Internal("worker killed by signal " + std::to_string(WTERMSIG(wait_status)));
  }
  return Status::Internal("worker exited without a result");
}

int WaitFor(pid_t pid) {
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) continue;
  return wait_status;
}

// Reads what the child has sent. Returns false once its pipe is closed.
bool ReadSome(Child& child) {
  char buf[65536];
  ssize_t n = ::read(child.read_fd, buf, sizeof(buf));
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  child.report.append(buf, static_cast<std::size_t>(n));
  return n > 0;
}

void Drain(int fd) {
  char buf[256];
  while (::read(fd, buf, sizeof(buf)) > 0) continue;
}

// The running tasks of one Run call.
class Pool {
 public:
  Pool(const std::vector<Task>& tasks, int jobs, const TaskDone& on_done,
       const CancelCheck& cancelled)
      : tasks_(tasks),
        capacity_(static_cast<std::size_t>(std::max(jobs, 1))),
        on_done_(on_done),
        cancelled_(cancelled) {}
  Status Run();

 private:
  void StartWhatFits();
  void StopAll();
  void WaitForActivity();
  void Reap(pid_t pid);

  const std::vector<Task>& tasks_;
  const std::size_t capacity_;
  const TaskDone& on_done_;
  const CancelCheck& cancelled_;
  std::map<pid_t, Child> running_;
  std::size_t next_ = 0;
  Status first_error_;
  bool stopping_ = false;  // workers were told to stop
  int wake_fd_ = InterruptWakeFd();
};

Status Pool::Run() {
  while (true) {
    if (IsCancelled(cancelled_)) StopAll();
    StartWhatFits();
    if (running_.empty()) break;
    WaitForActivity();
  }
  return first_error_;
}

void Pool::StartWhatFits() {
  while (first_error_.ok() && next_ < tasks_.size() && running_.size() < capacity_) {
    Status s = Spawn(tasks_[next_], next_, running_);
    if (!s.ok()) first_error_ = s;
    ++next_;
  }
}

// Asks running workers to stop (once, also after a failure) and starts no
// more. The first error stays the one reported.
void Pool::StopAll() {
  if (stopping_) return;
  stopping_ = true;
  if (first_error_.ok()) first_error_ = Status::Interrupted();
  for (const auto& [pid, child] : running_) ::kill(pid, SIGTERM);
}

// Blocks until a worker sends something or ends, or an interrupt arrives.
void Pool::WaitForActivity() {
  std::vector<pollfd> fds;
  std::vector<pid_t> pids;
  for (const auto& [pid, child] : running_) {
    fds.push_back(pollfd{child.read_fd, POLLIN, 0});
    pids.push_back(pid);
  }
  if (wake_fd_ >= 0) fds.push_back(pollfd{wake_fd_, POLLIN, 0});
  if (::poll(fds.data(), fds.size(), WaitTimeoutMs(cancelled_)) < 0)
    return;  // EINTR: a signal; the loop looks again
  if (wake_fd_ >= 0 && fds.back().revents != 0) Drain(wake_fd_);
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (fds[i].revents != 0 && !ReadSome(running_.at(pids[i]))) Reap(pids[i]);
  }
}

// The child closed its pipe: it is exiting. Collects it and its verdict.
void Pool::Reap(pid_t pid) {
  Child child = std::move(running_.at(pid));
  running_.erase(pid);
  ::close(child.read_fd);
  Result<std::string> result = Verdict(child.report, WaitFor(pid));
  // A result that arrives after a failure still counts: the work is done.
  if (result.ok())
    on_done_(child.task, *result);
  else if (first_error_.ok())
    first_error_ = result.status();
}

}  // namespace

Status ForkingRunner::Run(const std::vector<Task>& tasks, int jobs, const TaskDone& on_done,
                          const CancelCheck& cancelled) {
  return Pool(tasks, jobs, on_done, cancelled).Run();
}

Status InProcessRunner::Run(const std::vector<Task>& tasks, int /*jobs*/, const TaskDone& on_done,
                            const CancelCheck& cancelled) {
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (IsCancelled(cancelled)) return Status::Interrupted();
    Result<std::string> r = tasks[i]();
    if (!r.ok()) return r.status();
    on_done(i, *r);
  }
  return Status::Ok();
}

TaskRunner& DefaultTaskRunner() {
  static ForkingRunner* runner = new ForkingRunner();  // never destroyed
  return *runner;
}

}  // namespace narrate::pipeline
