// What the browser is opened with: not the studio's address itself, whose
// token any local user could read in the browser's and xdg-open's command
// lines (/proc/*/cmdline), but a file only this user can read that sends the
// browser on to it.
#pragma once

#include <string>

#include "common/status.h"

namespace narrate::studio {

// Writes a page redirecting to url into a new folder of the system's
// temporary folder, readable by this user alone (folder 0700, file 0600),
// and returns its file:// address. kIo when it cannot be written. The
// folder is left for the browser to read; the system's temporary folder
// cleaning removes it.
Result<std::string> WriteLauncherPage(const std::string& url);

}  // namespace narrate::studio
