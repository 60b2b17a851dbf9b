// How the command line reports failure: one line "narrate: <message>" on
// stderr, and for a usage error (a wrong command line, options that cannot be
// combined, a value out of range) a second line naming the help to read.
// Single-threaded: the command line runs one command per process.
#pragma once

#include <string>

#include "cli/exit_codes.h"
#include "common/status.h"

namespace narrate::cli {

// The command being run ("build"), named in the usage hint; "" for none.
void SetCommandName(const std::string& name);

// "Run 'narrate build --help' for usage." (or 'narrate --help' with no command).
std::string UsageHint();

// Prints a usage error with its hint; returns ExitCode::kUsage.
ExitCode Usage(const std::string& message);

// Prints a failed status (nothing for kInterrupted: the caller says so) and
// returns its exit code; kUsage gets the hint line.
ExitCode Fail(const Status& status);

}  // namespace narrate::cli
