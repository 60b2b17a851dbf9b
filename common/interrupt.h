// Ctrl-C and SIGTERM as a flag. After InstallInterruptHandlers(), SIGINT,
// SIGTERM and SIGHUP set the flag instead of killing the process; forked
// workers inherit the handlers. Long loops poll Interrupted() and unwind
// normally, so temporary files are removed and finished files stay valid.
#pragma once

namespace narrate {

void InstallInterruptHandlers();
bool Interrupted();

}  // namespace narrate
