// The user's corrections of who speaks a quotation, kept beside the book as
// "<book>.speakers.toml" (the studio writes it; `cast` and `build` honour it):
//
//   [[speaker]]
//   chapter = 3              # 1-based, as `narrate chapters` numbers them
//   paragraph = 12           # 1-based within the chapter
//   quote = "Hello, there"   # the quotation's text as written, its first
//                            # 40 characters at most, to find it in the paragraph
//   who = "kirk"             # a character id, or "" for nobody (the dialogue voice)
//
// Pure data and parsing; LoadCorrections and SaveCorrections do the file's
// I/O (SaveCorrections writes atomically: a temporary file renamed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate::voices {

struct SpeakerCorrection {
  int chapter = 0;    // 1-based
  int paragraph = 0;  // 1-based
  std::string quote;  // the beginning of the quotation's text, as written
  std::string who;    // character id; "" = nobody
  int line = 0;       // where it was read, for messages
};

// "<book>.speakers.toml" for "<book>" (book path "b/moby.txt" → "b/moby.txt.speakers.toml").
std::string CorrectionsPathFor(const std::string& book_path);

// Parses the file's text. Fails with "<path>:<line>: <what>" on a syntax
// error, an unknown key, a missing or mistyped key, or a chapter or
// paragraph under 1. Whether the chapter, paragraph, quotation and
// character exist is the caller's check (they depend on the book and cast).
Result<std::vector<SpeakerCorrection>> ParseCorrections(std::string_view toml_text,
                                                        const std::string& path);
// A missing file is no corrections (not an error); an unreadable one is.
Result<std::vector<SpeakerCorrection>> LoadCorrections(const std::string& path);

// The corrections as a file's text, sorted by chapter, paragraph and quote;
// ParseCorrections reads it back equal.
std::string FormatCorrections(const std::vector<SpeakerCorrection>& corrections);
// Replaces the correction of the same chapter, paragraph and quote (or adds
// it) and writes the file atomically.
Status SaveCorrection(const std::string& path, const SpeakerCorrection& correction);

}  // namespace narrate::voices
