#include "common/process.h"

#include <signal.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <string>

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

}  // namespace narrate
