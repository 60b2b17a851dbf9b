// Stub: replaced by the implementation (helper B).
#include "voices/cast.h"

namespace narrate::voices {

std::optional<Gender> ParseGender(std::string_view) { return std::nullopt; }
std::string_view GenderName(Gender) { return "unknown"; }
const Character* Cast::Find(std::string_view) const { return nullptr; }
Result<Cast> ParseCast(std::string_view, const std::string& path) {
  return Status::Error(path + ": voices files are not read yet");
}
Result<Cast> LoadCast(const std::string& path) { return ParseCast("", path); }
VoiceSettings Resolve(const Profile&, const VoiceSettings& base) { return base; }
CastVoices ResolveCast(const Cast& cast, const VoiceSettings& command_line) {
  return CastVoices{command_line, command_line,
                    std::vector<VoiceSettings>(cast.characters.size(), command_line)};
}
bool TooAlike(const VoiceSettings& a, const VoiceSettings& b) { return a == b; }

}  // namespace narrate::voices
