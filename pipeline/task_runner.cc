#include "pipeline/worker.h"

#include "common/interrupt.h"

#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <cstdio>
#include <algorithm>
#include <map>

namespace narrate::pipeline {
namespace {

struct Child {
  std::size_t task;
  int read_fd;
};

void WriteAll(int fd, const std::string& data) {
  for (std::size_t done = 0; done < data.size();) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof(buf))) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

// In the child: run, report "+payload" or "-message", exit without
// unwinding the parent's state (no atexit handlers, no destructors).
[[noreturn]] void RunChild(const Task& task, int write_fd) {
  Result<std::string> r = task();
  WriteAll(write_fd, r.ok() ? "+" + *r : "-" + r.status().message());
  ::close(write_fd);
  std::fflush(nullptr);
  ::_exit(r.ok() ? 0 : 1);
}

// Starts tasks[i] in a child; returns the child's pid.
Result<pid_t> Spawn(const Task& task, std::map<pid_t, Child>& running, std::size_t i) {
  int fds[2];
  if (::pipe(fds) != 0) return Status::Error("cannot create a pipe for a worker");
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::Error("cannot start a worker process");
  }
  if (pid == 0) {
    ::close(fds[0]);
    RunChild(task, fds[1]);
  }
  ::close(fds[1]);
  running.emplace(pid, Child{i, fds[0]});
  return pid;
}

// The child's verdict: its report, or how it died.
Result<std::string> Verdict(const std::string& report, int wait_status) {
  if (!report.empty() && report[0] == '+') return report.substr(1);
  if (!report.empty() && report[0] == '-') return Status::Error(report.substr(1));
  if (WIFSIGNALED(wait_status)) {
    return Status::Error("worker killed by signal " + std::to_string(WTERMSIG(wait_status)));
  }
  return Status::Error("worker exited without a result");
}

// The next child to end, or 0 after a short while (so a signal that arrives
// between two checks is seen within 50 ms), or -1 when there are none.
pid_t WaitForAnyChild(int* wait_status) {
  pid_t pid = ::waitpid(-1, wait_status, WNOHANG);
  if (pid != 0) return pid < 0 && errno == EINTR ? 0 : pid;
  struct timespec pause{0, 50'000'000};
  ::nanosleep(&pause, nullptr);
  return 0;
}

// Asks running workers to stop (once) and starts no more.
void StopAll(std::map<pid_t, Child>& running, Status& first_error) {
  if (!first_error.ok()) return;
  first_error = Status::Error("interrupted");
  for (const auto& [pid, child] : running) ::kill(pid, SIGTERM);
}

}  // namespace

Status RunInWorkers(const std::vector<Task>& tasks, int jobs,
                    const std::function<void(std::size_t, const std::string&)>& on_result) {
  const std::size_t capacity = static_cast<std::size_t>(std::max(jobs, 1));
  std::map<pid_t, Child> running;
  Status first_error;
  for (std::size_t next = 0; next < tasks.size() || !running.empty();) {
    if (Interrupted()) StopAll(running, first_error);
    while (first_error.ok() && next < tasks.size() && running.size() < capacity) {
      Result<pid_t> pid = Spawn(tasks[next], running, next);
      if (!pid.ok()) first_error = pid.status();
      ++next;
    }
    if (!first_error.ok()) next = tasks.size();
    if (running.empty()) break;
    int wait_status = 0;
    pid_t pid = WaitForAnyChild(&wait_status);
    if (pid < 0) return Status::Error("lost track of worker processes");
    auto it = running.find(pid);
    if (it == running.end()) continue;  // interrupted, or not ours
    Child child = it->second;
    running.erase(it);
    // A finished child's report is already in the pipe (it is far smaller than the pipe buffer).
    Result<std::string> result = Verdict(ReadAll(child.read_fd), wait_status);
    if (result.ok()) on_result(child.task, *result);
    else if (first_error.ok()) first_error = result.status();
  }
  return first_error;
}

}  // namespace narrate::pipeline
