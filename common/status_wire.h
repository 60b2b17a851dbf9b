// A Status as bytes, for a worker process to hand an error to its parent
// with its code, file and line intact (the forking task runner and the
// render worker both use it). Not a file format: both ends are the same
// build of narrate.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "common/status.h"

namespace narrate {

// An error as "code line:file" NUL detail, e.g. "1 12:names.lexicon\0bad IPA".
inline std::string EncodeStatus(const Status& s) {
  return std::to_string(static_cast<int>(s.code())) + " " + std::to_string(s.line()) + ":" +
         s.file() + '\0' + s.detail();
}

// The error EncodeStatus wrote; kInternal "worker sent an unreadable result"
// for anything else (an ok code included).
inline Status DecodeStatus(std::string_view bytes) {
  const std::string text(bytes);
  int code = 0, line = 0, used = 0;
  const std::size_t nul = text.find('\0');
  if (std::sscanf(text.c_str(), "%d %d:%n", &code, &line, &used) < 2 || nul == std::string::npos ||
      code <= 0 || code > static_cast<int>(StatusCode::kInternal) ||
      static_cast<std::size_t>(used) > nul) {
    return Status::Internal("worker sent an unreadable result");
  }
  return Status::InFile(static_cast<StatusCode>(code), text.substr(used, nul - used), line,
                        text.substr(nul + 1));
}

}  // namespace narrate
