// Private to voices/: what the voices.toml and speaker-corrections readers share — a
// parse that returns its error as a Status naming file and line, and the lines of nodes.
#pragma once

#include <string>
#include <string_view>
#include <toml++/toml.h>

#include "common/status.h"

namespace narrate::voices::internal {

// What a parse step says: an error for the file at a line, or nothing.
struct TomlFile {
  const std::string& path;
  Status Fail(int line, const std::string& what) const {
    return Status::InFile(StatusCode::kInvalidInput, path, line, what);
  }
};

inline int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
inline int LineOf(const toml::key& key) { return static_cast<int>(key.source().begin.line); }

// toml::parse with its exception caught: "cast.toml:3: <toml++'s description>".
inline Result<toml::table> ParseToml(std::string_view text, const std::string& path) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return Status::InFile(StatusCode::kInvalidInput, path, static_cast<int>(e.source().begin.line),
                          std::string(e.description()));
  }
}

}  // namespace narrate::voices::internal
