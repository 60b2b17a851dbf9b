// narrate check-acx PATH: measures MP3s against the ACX requirements.
#pragma once

#include "cli/commands.h"

namespace narrate::cli {

void AddCheckAcx(CLI::App& app, Options& o);
// Prints the table; 0 when every MP3 passes, 1 when one fails, cannot be
// read, or there is no MP3 to check.
ExitCode RunCheckAcx(const Options& o);

}  // namespace narrate::cli
