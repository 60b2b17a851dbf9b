// The subcommand table. Each entry adds its options to its CLI11 subcommand,
// bound to an option struct of its own, and returns the call that runs the
// command with the parsed values. Commands parse, call app/, and print.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/exit_codes.h"

namespace CLI {
class App;
}

namespace narrate::cli {

using CommandRun = std::function<ExitCode()>;

struct Command {
  std::string name;
  std::string help;  // one line
  // Adds the command's options to its subcommand; the returned call runs it.
  std::function<CommandRun(CLI::App&)> setup;
};

const std::vector<Command>& Commands();
std::string VersionText();

}  // namespace narrate::cli
