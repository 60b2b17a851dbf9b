// Process ids in the files narrate leaves in an output folder: the owner in a
// temporary's name (".x.narrate-1234.tmp") and the holder in the lock file;
// and programs started without waiting for them (a browser for the studio).
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate {

// "1234" → 1234; 0 unless text is a plain positive decimal without a leading
// zero or sign that fits a pid_t ("0123", "+5", "99999999999999999999" → 0).
pid_t ParsePid(std::string_view text);

// Whether process pid runs. One that has ended but is not yet reaped (a
// zombie, as a killed build's workers are for a moment) does not: its files
// and locks are already let go.
bool IsRunning(pid_t pid);

// Starts argv[0] (looked up in PATH) with argv, without waiting for it: its
// standard streams on /dev/null, in a session of its own (Ctrl-C in
// narrate's terminal does not reach it, nor a browser it opens). A thread
// reaps it and then calls on_exit (when given) with its exit status (-1 when
// a signal ended it). kIo naming the program when it cannot be started:
// "cannot start xdg-open: No such file or directory".
Status StartDetached(const std::vector<std::string>& argv,
                     std::function<void(int exit_status)> on_exit = {});

}  // namespace narrate
