#include "common/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

extern char** environ;

namespace narrate {

pid_t ParsePid(std::string_view text) {
  if (text.empty() || text.front() < '1' || text.front() > '9') return 0;
  pid_t pid = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), pid);
  return error == std::errc() && end == text.data() + text.size() && pid > 0 ? pid : 0;
}

bool IsRunning(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno != EPERM) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;  // no /proc: believe kill
  const std::size_t close = line.rfind(')');   // "pid (name) S ..."
  return close == std::string::npos || line.compare(close, 3, ") Z") != 0;
}

namespace {

// Streams on /dev/null, a session (or at least a process group) of its own.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    for (int fd : {0, 1, 2})
      posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    posix_spawnattr_init(&attributes);
#ifdef POSIX_SPAWN_SETSID
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
#else
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
#endif
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
};

}  // namespace

Status StartDetached(const std::vector<std::string>& argv, std::function<void(int)> on_exit) {
  if (argv.empty()) return Status::Internal("StartDetached: no program");
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  SpawnSetup setup;
  pid_t pid = 0;
  const int error =
      posix_spawnp(&pid, args[0], &setup.actions, &setup.attributes, args.data(), environ);
  if (error != 0) return Status::Io("cannot start " + argv[0] + ": " + std::strerror(error));
  std::thread([pid, on_exit = std::move(on_exit)] {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (on_exit) on_exit(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }).detach();
  return Status::Ok();
}

}  // namespace narrate
