#include "cli/errors.h"

#include <iostream>

namespace narrate::cli {
namespace {

std::string& CommandName() {
  static std::string name;
  return name;
}

}  // namespace

void SetCommandName(const std::string& name) { CommandName() = name; }

std::string UsageHint() {
  const std::string& name = CommandName();
  return "Run 'narrate " + (name.empty() ? "" : name + " ") + "--help' for usage.";
}

ExitCode Usage(const std::string& message) {
  std::cerr << "narrate: " << message << "\n" << UsageHint() << "\n";
  return ExitCode::kUsage;
}

ExitCode Fail(const Status& status) {
  if (status.code() == StatusCode::kUsage) return Usage(status.message());
  if (status.code() != StatusCode::kInterrupted)
    std::cerr << "narrate: " << status.message() << "\n";
  return ExitCodeFor(status);
}

}  // namespace narrate::cli
