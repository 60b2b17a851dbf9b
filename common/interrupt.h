// Ctrl-C and SIGTERM as a flag. After InstallInterruptHandlers(), SIGINT,
// SIGTERM and SIGHUP set the flag instead of killing the process; forked
// workers inherit the handlers. Long loops poll Interrupted() and unwind
// normally, so temporary files are removed and finished files stay valid.
// Code that blocks (a task runner waiting for its workers) also polls
// InterruptWakeFd(), so it wakes the moment the flag is set.
//
// Threading: Interrupted() and RequestInterrupt() are async-signal-safe and
// may be called from any thread. The flag is never cleared.
#pragma once

namespace narrate {

void InstallInterruptHandlers();
bool Interrupted();

// Sets the flag as a signal would (a front end's cancel button, tests).
void RequestInterrupt();

// The read end of a self-pipe that becomes readable whenever the flag is
// set, by a signal or RequestInterrupt(), in this process (not in a forked
// child: a worker that is told to stop does not wake its parent). Made on
// first use; owned by this module, never closed. Readers may drain it
// (it is non-blocking); the flag stays set. -1 if no pipe can be made.
int InterruptWakeFd();

}  // namespace narrate
