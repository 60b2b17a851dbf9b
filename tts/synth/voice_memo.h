// Which eSpeak NG voice file a voice name stands for, remembered across runs.
// eSpeak finds "en" by reading the head of every voice file it has (about
// 400 files, ~5 ms: a tenth of a short `preview`), while a file's own name
// ("gmw/en") opens it at once; so the file a name resolved to is kept in the
// user cache (common/user_cache.h: losing it is never an error, and
// NARRATE_CACHE=off turns it off).
//
// `engine` names the eSpeak installation (its version, data folder and the
// state of its voice folders): a memo is kept per engine and per narrate
// build. Names and files are letters, digits, '-', '_' and inner '/' only
// ("gmw/en-US"), under 40 bytes (eSpeak's own limit); others are neither
// remembered nor read back. Threading: safe to call from any thread.
#pragma once

#include <string>

namespace narrate::synth {

// Whether the memo of engine is kept across runs (a user cache folder, not
// NARRATE_CACHE=off): a caller need not work out a file it cannot keep.
bool KeepsVoiceFiles(const std::string& engine);

// The file remembered for name ("en" → "gmw/en"), else "".
std::string RememberedVoiceFile(const std::string& engine, const std::string& name);

// Remembers file for name, in this process and (atomically) in the user cache.
void RememberVoiceFile(const std::string& engine, const std::string& name, const std::string& file);

}  // namespace narrate::synth
