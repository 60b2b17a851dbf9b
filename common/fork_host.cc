// The fork host (fork_host.h). Three processes:
//   owner (ForkHost) ──socket── host: loops: read a run request, fork a
//     child, wait for it, say how it ended.
//   child: runs the job, writing its pid first and then its messages to the
//     owner over the inherited socket.
// Only one writer uses the socket at a time (the child, then the host once it
// has reaped the child), so frames never interleave.
#include "common/fork_host.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

#include "common/frame_io.h"

namespace narrate {
namespace {

enum Tag : std::uint32_t { kRun = 1, kPid = 2, kMessage = 3, kExited = 4 };
constexpr const char* kNotStarted = "not started";

int WaitFor(pid_t pid) {
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) continue;
  return wait_status;
}

// Dies when `parent` does; false if it already has.
bool DieWithParent(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  return ::getppid() == parent;
}

[[noreturn]] void RunJob(int fd, pid_t host, const ForkHost::Job& job) {
  if (!DieWithParent(host)) ::_exit(1);
  for (int signal : {SIGINT, SIGHUP, SIGTERM}) std::signal(signal, SIG_DFL);
  int exit_code = 0;
  try {
    SendFrame(fd, Frame{kPid, std::to_string(::getpid())});
    job([fd](std::string_view message) { SendFrame(fd, Frame{kMessage, std::string(message)}); });
    std::fflush(nullptr);
  } catch (...) {  // nothing thrown may unwind into the host's frames
    exit_code = 2;
  }
  ::_exit(exit_code);
}

[[noreturn]] void ServeAsHost(int fd, const ForkHost::Job& job) {
  for (int signal : {SIGINT, SIGHUP}) std::signal(signal, SIG_IGN);
  const pid_t host = ::getpid();
  for (Frame request; RecvFrame(fd, request) == Io::kOk;) {
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child == 0) RunJob(fd, host, job);
    const std::string how = child < 0 ? kNotStarted : std::to_string(WaitFor(child));
    if (SendFrame(fd, Frame{kExited, how}) != Io::kOk) break;
  }
  ::_exit(0);
}

}  // namespace

Result<std::unique_ptr<ForkHost>> ForkHost::Start(Job job) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    return Status::Internal("cannot create a socket for a fork host");
  }
  std::fflush(nullptr);
  const pid_t owner = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (!DieWithParent(owner)) ::_exit(1);
    ::close(sv[0]);
    ServeAsHost(sv[1], job);
  }
  ::close(sv[1]);
  if (pid < 0) {
    ::close(sv[0]);
    return Status::Internal("cannot start a fork host process");
  }
  return std::unique_ptr<ForkHost>(new ForkHost(pid, sv[0]));
}

ForkHost::~ForkHost() {
  Cancel();
  ::close(fd_);  // the host reads the end once its child has ended, and exits
  WaitFor(host_);
}

Status ForkHost::Run() {
  cancel_ = false;
  child_ = 0;
  if (SendFrame(fd_, Frame{kRun, ""}) != Io::kOk) return Status::Internal("the fork host is gone");
  return Status::Ok();
}

Result<ForkHost::Message> ForkHost::Next() {
  for (Frame frame;;) {
    const Io io = RecvFrame(fd_, frame);
    if (io == Io::kInterrupted) {  // the child is told to stop; its end is still to read
      Cancel();
      continue;
    }
    if (io != Io::kOk) return Status::Internal("the fork host is gone");
    if (frame.tag == kMessage) return Message{false, std::move(frame.payload), 0};
    if (frame.tag == kExited) {
      child_ = 0;
      if (frame.payload == kNotStarted) return Status::Internal("cannot start a process for a job");
      return Message{true, "", std::atoi(frame.payload.c_str())};
    }
    if (frame.tag == kPid) {
      child_ = static_cast<pid_t>(std::atoi(frame.payload.c_str()));
      if (cancel_) Cancel();
    }
  }
}

void ForkHost::Cancel() {
  cancel_ = true;
  const pid_t child = child_;
  if (child > 0) ::kill(child, SIGTERM);
}

}  // namespace narrate
