// voices.toml (voices::ParseCast) as anyone may write it. Parsing never
// crashes; an error names the file; what parses has lines inside the text,
// characters with names and ids as the header promises, and resolves to
// voices that pass voices::Validate.
#include <algorithm>
#include <string>

#include "fuzz/fuzz.h"
#include "voices/cast.h"

namespace {

using narrate::fuzz::Require;

void CheckProfile(const narrate::voices::Profile& p, int lines) {
  for (int line : {p.line, p.voice_line, p.variant_line, p.rate_line, p.pitch_line, p.range_line})
    Require(line >= 0 && line <= lines, "profile lines inside the file");
  Require(!p.voice || p.voice->find('+') == std::string::npos, "voice without a variant");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = narrate::fuzz::AsText(data, size);
  auto cast = narrate::voices::ParseCast(text, "fuzz.toml");
  if (!cast.ok()) {
    Require(cast.status().message().starts_with("fuzz.toml"), "error names the file");
    return 0;
  }
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  CheckProfile(cast->narrator, lines);
  CheckProfile(cast->dialogue, lines);
  for (const auto& c : cast->characters) {
    CheckProfile(c.profile, lines);
    Require(!c.names.empty() && !c.id.empty(), "a character has an id and names");
    Require(cast->Find(c.id) != nullptr, "every character is found by its id");
  }
  const auto voices = narrate::voices::ResolveCast(*cast, narrate::voices::VoiceSettings{});
  Require(voices.characters.size() == cast->characters.size(), "a voice per character");
  Require(narrate::voices::Validate(voices.narrator).ok(), "narrator's voice is valid");
  for (const auto& v : voices.characters) Require(narrate::voices::Validate(v).ok(), "valid voice");
  return 0;
}
