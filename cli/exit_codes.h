#pragma once

#include "common/status.h"

namespace narrate::cli {

// Every way narrate ends. Never 0 on bad input.
enum class ExitCode : int {
  kOk = 0,
  kFailure = 1,        // bad input, failed render, unwritable output
  kUsage = 2,          // wrong command line, options that cannot be combined
  kInterrupted = 130,  // SIGINT
};

// The exit code for a status: its code decides, never its message.
inline ExitCode ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return ExitCode::kOk;
    case StatusCode::kUsage:
      return ExitCode::kUsage;
    case StatusCode::kInterrupted:
      return ExitCode::kInterrupted;
    default:
      return ExitCode::kFailure;
  }
}

}  // namespace narrate::cli
