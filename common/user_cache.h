// Caches that only save time: what narrate worked out once (a parsed book, the
// spoken form of its paragraphs) kept for the next run. Losing one is never an
// error: a cache that cannot be read or written is ignored, and the work is
// done again. Entries are keyed by ProgramIdentity(), so a rebuilt or upgraded
// narrate never reads what another build wrote.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace narrate {

// $XDG_CACHE_HOME/narrate/<what>, else $HOME/.cache/narrate/<what>, created
// on demand; "" when there is neither variable, the folder cannot be made, or
// NARRATE_CACHE=off. "books" → "/home/ann/.cache/narrate/books".
std::string UserCacheDir(std::string_view what);

// 16 hex digits naming this executable: its path, size and modification time.
const std::string& ProgramIdentity();

// Keeps the newest `keep` regular files of dir (by modification time) and
// removes the rest; errors are ignored.
void PruneCacheDir(const std::string& dir, std::size_t keep);

}  // namespace narrate
