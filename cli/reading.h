// Book-reading choices made on the command line: which chapters to build and
// which voice reads a book that declares its language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate::cli {

// "3-7,12" → {3,4,5,6,7,12}: sorted, without repeats. Fails on anything else
// ("", "0", "7-3", "a", "3-") with a one-line message.
Result<std::vector<int>> ParseChapterList(std::string_view spec);

// The eSpeak voice for a BCP 47 language tag among the names `narrate voices`
// lists: the whole tag ("en-GB" → "en-gb"), else the language itself ("fr"),
// else its main regional voice ("fr" → "fr-fr"). English without a listed
// region stays "en", the default. "" when no voice speaks the language.
std::string VoiceForLanguage(std::string_view language, const std::vector<std::string>& voice_names);

}  // namespace narrate::cli
