#include "voices/voice.h"

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

Status Validate(const VoiceSettings& settings) {
  if (settings.name.empty()) return Status::Error("voice name is empty");
  NARRATE_RETURN_IF_ERROR(CheckRange("--rate", settings.rate_wpm, kMinRateWpm, kMaxRateWpm));
  return CheckRange("--pitch", settings.pitch, kMinPitch, kMaxPitch);
}

}  // namespace narrate::voices
