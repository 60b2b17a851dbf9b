// A book's cast: the narrator's profile, the dialogue voice for quotations
// whose speaker is not known, and a profile per character, read from a
// voices.toml (toml++ inside; no TOML type appears here):
//
//   [narrator]
//   voice = "en-gb"          # eSpeak voice (a language tag as `narrate voices` lists)
//   rate = 170               # words per minute
//   [dialogue]
//   variant = "m3"
//   [character.kirk]
//   names = ["Kirk", "James T. Kirk", "the captain"]   # aliases and titles
//   gender = "male"          # "male", "female" or "unknown": for pronouns
//   voice = "en-us"
//   variant = "m1"           # eSpeak variant (`narrate voices` lists them); "" = none
//   pitch = 40               # 0..99
//   range = 60               # 0..100, pitch range
//   tells_the_story = true   # the book's first-person narrator: "I said" is
//                            # theirs (one character at most; default false)
//
// Unset keys inherit from the narrator; the narrator's unset keys from the
// voice the command line asks for (--voice, --rate, --pitch). Plain data and
// pure functions: thread-compatible, no I/O except LoadCast.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "voices/voice.h"

namespace narrate::voices {

enum class Gender { kUnknown, kMale, kFemale };

// "male" → kMale, "female" → kFemale, "unknown" → kUnknown; nullopt otherwise.
std::optional<Gender> ParseGender(std::string_view word);
std::string_view GenderName(Gender gender);  // kMale → "male"

// A profile as written: each key set or not, with the 1-based line of the
// file it was set on (0 when unset or when not read from a file).
struct Profile {
  std::optional<std::string> voice;    // "en-us"; no '+' (the variant has its own key)
  std::optional<std::string> variant;  // "f2", "klatt"; "" = explicitly none
  std::optional<int> rate_wpm;         // key "rate"
  std::optional<int> pitch;
  std::optional<int> range;
  int line = 0;        // the table's header line
  int voice_line = 0;  // lines of the keys, for messages
  int variant_line = 0;
  int rate_line = 0;
  int pitch_line = 0;
  int range_line = 0;
};

struct Character {
  std::string id;                  // the table's key: [character.kirk] → "kirk"
  std::vector<std::string> names;  // as written; the id itself is not a name unless listed
  Gender gender = Gender::kUnknown;
  bool tells_the_story = false;  // the first-person narrator: "I" in narration is them
  int tells_the_story_line = 0;  // its key's line, for messages
  Profile profile;
};

struct Cast {
  std::string path;  // for messages
  Profile narrator;
  Profile dialogue;
  std::vector<Character> characters;  // in file order
  bool empty() const { return characters.empty(); }
  // The character with this id, or nullptr.
  const Character* Find(std::string_view id) const;
  // The index of the character with tells_the_story, or -1.
  int Storyteller() const;
};

// Parses a voices.toml. Fails (kInvalidInput) with "<path>:<line>: <what>"
// on a TOML syntax error, an unknown table or key, a value of the wrong type
// (rate "fast"), a value out of range (rate 500, pitch 120, range -1), a
// gender other than the three words, a character without names, a name given
// to two characters, tells_the_story on two characters, or a character id that
// is not [A-Za-z0-9_-]+. Whether a
// voice or variant exists is the caller's check (CheckCast, against eSpeak's
// list).
Result<Cast> ParseCast(std::string_view toml_text, const std::string& path);
// Reads and parses the file; a missing or unreadable file is an error naming it.
Result<Cast> LoadCast(const std::string& path);

// The settings a profile speaks with over `base`: set keys replace base's
// ("en-us" + variant "f2" → name "en-us+f2"; a variant alone keeps base's
// voice: base "en-gb+m3", variant "f1" → "en-gb+f1"; variant "" drops it).
VoiceSettings Resolve(const Profile& profile, const VoiceSettings& base);

// The voices a cast speaks with, over the command line's voice:
// narrator = Resolve(cast.narrator, command_line); dialogue and every
// character = Resolve(their profile, narrator).
struct CastVoices {
  VoiceSettings narrator;
  VoiceSettings dialogue;
  std::vector<VoiceSettings> characters;  // parallel to Cast::characters
};
CastVoices ResolveCast(const Cast& cast, const VoiceSettings& command_line);

// Whether two resolved voices are too alike for a listener to tell apart:
// the same voice and variant with rates within 10% and pitches within 10.
bool TooAlike(const VoiceSettings& a, const VoiceSettings& b);

}  // namespace narrate::voices
