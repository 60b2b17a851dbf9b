// Process ids in the files narrate leaves in an output folder: the owner in a
// temporary's name (".x.narrate-1234.tmp") and the holder in the lock file.
#pragma once

#include <sys/types.h>

#include <string_view>

namespace narrate {

// "1234" → 1234; 0 unless text is a plain positive decimal without a leading
// zero or sign that fits a pid_t ("0123", "+5", "99999999999999999999" → 0).
pid_t ParsePid(std::string_view text);

// Whether process pid runs. One that has ended but is not yet reaped (a
// zombie, as a killed build's workers are for a moment) does not: its files
// and locks are already let go.
bool IsRunning(pid_t pid);

}  // namespace narrate
