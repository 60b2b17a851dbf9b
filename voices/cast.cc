// voices.toml read with toml++ (exceptions caught here, never let out), checked
// key by key so that every message names the line at fault.
#include "voices/cast.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "common/atomic_file.h"
#include "voices/toml_internal.h"

namespace narrate::voices {
namespace {

using Checker = internal::TomlFile;
using internal::LineOf;
using internal::ParseToml;

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number with a fraction";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

Status WrongType(const Checker& c, std::string_view key, const toml::node& value,
                 std::string_view wanted) {
  return c.Fail(LineOf(value), "'" + std::string(key) + "' must be " + std::string(wanted) +
                                   ", not " + std::string(TypeName(value)));
}

Status ReadInt(const Checker& c, std::string_view key, const toml::node& value, int low, int high,
               std::optional<int>& out, int& line) {
  const auto* number = value.as_integer();
  if (number == nullptr) return WrongType(c, key, value, "a whole number");
  const std::int64_t n = number->get();
  line = LineOf(value);
  if (n < low || n > high) {
    return c.Fail(line, "'" + std::string(key) + "' " + std::to_string(n) + " is out of range " +
                            std::to_string(low) + ".." + std::to_string(high));
  }
  out = static_cast<int>(n);
  return Status::Ok();
}

Status ReadString(const Checker& c, std::string_view key, const toml::node& value,
                  std::optional<std::string>& out, int& line) {
  const auto* text = value.as_string();
  if (text == nullptr) return WrongType(c, key, value, "a string");
  out = text->get();
  line = LineOf(value);
  return Status::Ok();
}

Status ReadVoice(const Checker& c, const toml::node& value, Profile& p) {
  if (Status s = ReadString(c, "voice", value, p.voice, p.voice_line); !s.ok()) return s;
  if (p.voice->empty()) return c.Fail(p.voice_line, "'voice' is empty");
  if (p.voice->find('+') != std::string::npos) {
    return c.Fail(p.voice_line, "'voice' \"" + *p.voice +
                                    "\" names a variant; give it as its own key (variant = \"" +
                                    p.voice->substr(p.voice->find('+') + 1) + "\")");
  }
  return Status::Ok();
}

// One key of a profile; kNotFound (no message) when the key is not a profile's.
Status ReadProfileKey(const Checker& c, std::string_view key, const toml::node& value, Profile& p) {
  if (key == "voice") return ReadVoice(c, value, p);
  if (key == "variant") return ReadString(c, key, value, p.variant, p.variant_line);
  if (key == "rate")
    return ReadInt(c, key, value, kMinRateWpm, kMaxRateWpm, p.rate_wpm, p.rate_line);
  if (key == "pitch") return ReadInt(c, key, value, kMinPitch, kMaxPitch, p.pitch, p.pitch_line);
  if (key == "range") return ReadInt(c, key, value, kMinRange, kMaxRange, p.range, p.range_line);
  return Status::NotFound("");
}

Status UnknownKey(const Checker& c, const toml::key& key, const std::string& table) {
  return c.Fail(LineOf(key), "unknown key '" + std::string(key.str()) + "' in " + table);
}

const toml::table* TableOrNull(const toml::node& node) { return node.as_table(); }

Status ReadProfileTable(const Checker& c, const toml::table& table, const std::string& label,
                        Profile& p) {
  p.line = LineOf(table);
  for (const auto& [key, value] : table) {
    Status s = ReadProfileKey(c, key.str(), value, p);
    if (s.code() == StatusCode::kNotFound) return UnknownKey(c, key, label);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status ReadNames(const Checker& c, const toml::node& value, Character& character) {
  const auto* names = value.as_array();
  if (names == nullptr) return WrongType(c, "names", value, "an array of strings");
  for (const toml::node& name : *names) {
    const auto* text = name.as_string();
    if (text == nullptr) return WrongType(c, "names", name, "an array of strings");
    if (text->get().empty()) return c.Fail(LineOf(name), "'names' has an empty name");
    character.names.push_back(text->get());
  }
  return Status::Ok();
}

Status ReadGender(const Checker& c, const toml::node& value, Character& character) {
  const auto* word = value.as_string();
  if (word == nullptr) return WrongType(c, "gender", value, "a string");
  auto gender = ParseGender(word->get());
  if (!gender) {
    return c.Fail(LineOf(value), "'gender' \"" + word->get() +
                                     "\" is not one of \"male\", \"female\", \"unknown\"");
  }
  character.gender = *gender;
  return Status::Ok();
}

Status ReadTellsTheStory(const Checker& c, const toml::node& value, Character& character) {
  const auto* flag = value.as_boolean();
  if (flag == nullptr) return WrongType(c, "tells_the_story", value, "true or false");
  character.tells_the_story = flag->get();
  character.tells_the_story_line = LineOf(value);
  return Status::Ok();
}

bool IsCharacterId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
  });
}

Status ReadCharacterKey(const Checker& c, const toml::key& key, const toml::node& value,
                        Character& character) {
  if (key.str() == "names") return ReadNames(c, value, character);
  if (key.str() == "gender") return ReadGender(c, value, character);
  if (key.str() == "tells_the_story") return ReadTellsTheStory(c, value, character);
  Status s = ReadProfileKey(c, key.str(), value, character.profile);
  if (s.code() == StatusCode::kNotFound)
    return UnknownKey(c, key, "[character." + character.id + "]");
  return s;
}

Status ReadCharacter(const Checker& c, const toml::key& id, const toml::node& node,
                     Character& character) {
  character.id = std::string(id.str());
  const std::string label = "[character." + character.id + "]";
  if (!IsCharacterId(character.id)) {
    return c.Fail(LineOf(id), "character id '" + character.id +
                                  "' must be letters a-z or A-Z, digits, '_' or '-'");
  }
  const toml::table* table = TableOrNull(node);
  if (table == nullptr) return WrongType(c, "character." + character.id, node, "a table");
  character.profile.line = LineOf(*table);
  for (const auto& [key, value] : *table) {
    if (Status s = ReadCharacterKey(c, key, value, character); !s.ok()) return s;
  }
  if (character.names.empty())
    return c.Fail(character.profile.line, label + " has no names (names = [\"...\"])");
  return Status::Ok();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// A name (case aside) may belong to one character only.
Status CheckNamesUnique(const Checker& c, const std::vector<Character>& characters) {
  std::map<std::string, const Character*> owner;
  for (const Character& character : characters) {
    for (const std::string& name : character.names) {
      auto [at, added] = owner.emplace(Lower(name), &character);
      if (added || at->second == &character) continue;
      return c.Fail(character.profile.line, "name \"" + name + "\" is given to [character." +
                                                at->second->id + "] and [character." +
                                                character.id + "]");
    }
  }
  return Status::Ok();
}

// One character at most tells the story ("I said" is theirs).
Status CheckOneStoryteller(const Checker& c, const std::vector<Character>& characters) {
  const Character* teller = nullptr;
  for (const Character& character : characters) {
    if (!character.tells_the_story) continue;
    if (teller != nullptr) {
      return c.Fail(character.tells_the_story_line, "[character." + character.id +
                                                        "] and [character." + teller->id +
                                                        "] both have tells_the_story = true");
    }
    teller = &character;
  }
  return Status::Ok();
}

// toml++ gives file order for nothing: its tables are sorted by key. Characters keep the
// order of their header lines.
void SortByLine(std::vector<Character>& characters) {
  std::stable_sort(
      characters.begin(), characters.end(),
      [](const Character& a, const Character& b) { return a.profile.line < b.profile.line; });
}

Status ReadCharacters(const Checker& c, const toml::node& node, Cast& cast) {
  const toml::table* table = TableOrNull(node);
  if (table == nullptr) return WrongType(c, "character", node, "a table of [character.<id>]");
  for (const auto& [id, value] : *table) {
    Character character;
    if (Status s = ReadCharacter(c, id, value, character); !s.ok()) return s;
    cast.characters.push_back(std::move(character));
  }
  SortByLine(cast.characters);
  if (Status s = CheckOneStoryteller(c, cast.characters); !s.ok()) return s;
  return CheckNamesUnique(c, cast.characters);
}

Status ReadTopLevel(const Checker& c, const toml::key& key, const toml::node& value, Cast& cast) {
  const std::string_view name = key.str();
  if (name == "character") return ReadCharacters(c, value, cast);
  if (name != "narrator" && name != "dialogue")
    return c.Fail(LineOf(key), "unknown table [" + std::string(name) + "]");
  const toml::table* table = TableOrNull(value);
  if (table == nullptr) return WrongType(c, name, value, "a table");
  Profile& profile = name == "narrator" ? cast.narrator : cast.dialogue;
  return ReadProfileTable(c, *table, "[" + std::string(name) + "]", profile);
}

// "en-us+f2" → {"en-us", "f2"}; no '+' → variant "".
std::pair<std::string, std::string> SplitName(const std::string& name) {
  const std::size_t plus = name.find('+');
  if (plus == std::string::npos) return {name, ""};
  return {name.substr(0, plus), name.substr(plus + 1)};
}

}  // namespace

std::optional<Gender> ParseGender(std::string_view word) {
  if (word == "male") return Gender::kMale;
  if (word == "female") return Gender::kFemale;
  if (word == "unknown") return Gender::kUnknown;
  return std::nullopt;
}

std::string_view GenderName(Gender gender) {
  switch (gender) {
    case Gender::kMale:
      return "male";
    case Gender::kFemale:
      return "female";
    case Gender::kUnknown:
      break;
  }
  return "unknown";
}

const Character* Cast::Find(std::string_view id) const {
  for (const Character& c : characters)
    if (c.id == id) return &c;
  return nullptr;
}

int Cast::Storyteller() const {
  for (std::size_t i = 0; i < characters.size(); ++i)
    if (characters[i].tells_the_story) return static_cast<int>(i);
  return -1;
}

Result<Cast> ParseCast(std::string_view toml_text, const std::string& path) {
  auto document = ParseToml(toml_text, path);
  if (!document.ok()) return document.status();
  const Checker checker{path};
  Cast cast;
  cast.path = path;
  for (const auto& [key, value] : *document) {
    if (Status s = ReadTopLevel(checker, key, value, cast); !s.ok()) return s;
  }
  return cast;
}

Result<Cast> LoadCast(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseCast(*text, path);
}

VoiceSettings Resolve(const Profile& profile, const VoiceSettings& base) {
  VoiceSettings out = base;
  auto [voice, variant] = SplitName(base.name);
  if (profile.voice) voice = *profile.voice;
  if (profile.variant) variant = *profile.variant;
  out.name = variant.empty() ? voice : voice + "+" + variant;
  if (profile.rate_wpm) out.rate_wpm = *profile.rate_wpm;
  if (profile.pitch) out.pitch = *profile.pitch;
  if (profile.range) out.range = *profile.range;
  return out;
}

CastVoices ResolveCast(const Cast& cast, const VoiceSettings& command_line) {
  CastVoices out;
  out.narrator = Resolve(cast.narrator, command_line);
  out.dialogue = Resolve(cast.dialogue, out.narrator);
  for (const Character& c : cast.characters)
    out.characters.push_back(Resolve(c.profile, out.narrator));
  return out;
}

bool TooAlike(const VoiceSettings& a, const VoiceSettings& b) {
  if (a.name != b.name) return false;
  const int slower = std::min(a.rate_wpm, b.rate_wpm);
  return std::abs(a.rate_wpm - b.rate_wpm) * 10 <= slower && std::abs(a.pitch - b.pitch) <= 10;
}

}  // namespace narrate::voices
