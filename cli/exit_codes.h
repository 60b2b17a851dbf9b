#pragma once

namespace narrate::cli {

// Every way narrate ends. Never 0 on bad input.
enum class ExitCode : int {
  kOk = 0,
  kFailure = 1,      // bad input, failed render, unwritable output
  kUsage = 2,        // wrong command line
  kInterrupted = 130,  // SIGINT
};

}  // namespace narrate::cli
