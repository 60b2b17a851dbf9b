#include "voices/voice.h"

#include <cctype>

namespace narrate::voices {

namespace {
Status CheckRange(const char* what, int value, int low, int high) {
  if (value >= low && value <= high) return Status::Ok();
  return Status::Error(std::string(what) + " " + std::to_string(value) + " is out of range " +
                       std::to_string(low) + ".." + std::to_string(high));
}
}  // namespace

std::string LanguageOf(const VoiceSettings& settings) {
  return settings.name.substr(0, settings.name.find_first_of("-_+"));
}

std::string LocaleOf(const VoiceSettings& settings) {
  std::string name = settings.name.substr(0, settings.name.find('+'));
  std::string language = LanguageOf(settings);
  size_t start = language.size() + 1;
  if (start >= name.size()) return language;
  std::string region = name.substr(start, name.find_first_of("-_", start) - start);
  bool letters = region.size() == 2 && std::isalpha(static_cast<unsigned char>(region[0])) &&
                 std::isalpha(static_cast<unsigned char>(region[1]));
  bool digits = region.size() == 3 && std::isdigit(static_cast<unsigned char>(region[0]));
  if (!letters && !digits) return language;
  for (char& c : region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return language + "-" + region;
}

Status Validate(const VoiceSettings& settings) {
  if (settings.name.empty()) return Status::Error("voice name is empty");
  NARRATE_RETURN_IF_ERROR(CheckRange("--rate", settings.rate_wpm, kMinRateWpm, kMaxRateWpm));
  NARRATE_RETURN_IF_ERROR(CheckRange("--pitch", settings.pitch, kMinPitch, kMaxPitch));
  return CheckRange("range", settings.range, kMinRange, kMaxRange);
}

}  // namespace narrate::voices
