// A process that forks for a threaded one.
//
// fork(2) copies only the calling thread. A lock that another thread holds at
// that moment stays locked in the child for ever: the allocator's under
// AddressSanitizer (seen: a studio build's worker hung in malloc while the
// page's threads allocated), or a library's. A ForkHost is forked while its
// owner still has one thread; later, each Run() makes it fork a child from
// that unchanged single-threaded state, so the children of a threaded program
// start as those of a single-threaded one, and may fork again safely.
//
// The job runs in that child, in the program as it was when the host was
// made: memory written since is not there, files are. It reports with `send`
// (one message per call; the calls block while the owner does not read), and
// the child exits when the job returns. The owner reads the messages with
// Next(), then one last saying how the child ended.
//
// Failure: kInternal when no process can be made or the host is gone.
// Threading: Run and Next from one thread at a time, one run at a time;
// Cancel from any thread. The host dies (SIGKILL) when the thread that called
// Start ends, or its process (kill -9 included); the child dies with the
// host. The host ignores SIGINT and SIGHUP (its owner decides when it ends);
// the child starts with them and SIGTERM at their defaults.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace narrate {

class ForkHost {
 public:
  using Send = std::function<void(std::string_view message)>;
  using Job = std::function<void(const Send& send)>;

  // Forks the host. Call while this process has one thread.
  static Result<std::unique_ptr<ForkHost>> Start(Job job);
  // Stops a running child (SIGTERM) and the host, and waits for both.
  ~ForkHost();
  ForkHost(const ForkHost&) = delete;
  ForkHost& operator=(const ForkHost&) = delete;

  // Starts the job in a new child.
  Status Run();

  struct Message {
    bool ended = false;   // the child has ended: this run sends no more
    std::string text;     // what it sent; empty when ended
    int wait_status = 0;  // waitpid(2)'s status, when ended
  };
  // The running child's next message; blocks until there is one.
  Result<Message> Next();

  // SIGTERM to the running child, now or as soon as it has started.
  void Cancel();

 private:
  ForkHost(pid_t host, int fd) : host_(host), fd_(fd) {}

  const pid_t host_;
  const int fd_;
  std::atomic<pid_t> child_{0};
  std::atomic<bool> cancel_{false};
};

}  // namespace narrate
