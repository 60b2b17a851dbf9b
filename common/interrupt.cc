#include "common/interrupt.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <initializer_list>
#include <mutex>

namespace narrate {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
// The self-pipe: written by the handler, polled by whoever blocks. Set once.
volatile std::sig_atomic_t g_wake_write_fd = -1;
volatile std::sig_atomic_t g_wake_owner = 0;  // pid that made the pipe
int g_wake_read_fd = -1;

// Async-signal-safe: a non-blocking write of one byte (a full pipe already wakes).
void Wake() {
  int fd = g_wake_write_fd;
  if (fd < 0 || ::getpid() != g_wake_owner) return;
  const int saved = errno;
  const char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(fd, &byte, 1);
  errno = saved;
}

extern "C" void OnSignal(int) {
  g_interrupted = 1;
  Wake();
}

void MakeWakePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return;
  g_wake_read_fd = fds[0];
  g_wake_owner = static_cast<std::sig_atomic_t>(::getpid());
  g_wake_write_fd = fds[1];
}

}  // namespace

void InstallInterruptHandlers() {
  InterruptWakeFd();  // the pipe exists before a signal can want it
  struct sigaction action{};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking poll() or waitpid() returns EINTR
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

bool Interrupted() { return g_interrupted != 0; }

void RequestInterrupt() {
  g_interrupted = 1;
  Wake();
}

int InterruptWakeFd() {
  static std::once_flag once;
  std::call_once(once, MakeWakePipe);
  if (g_interrupted) Wake();  // a flag set before the pipe existed still wakes
  return g_wake_read_fd;
}

}  // namespace narrate
