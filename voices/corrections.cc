// Stub: replaced by the implementation (helper B).
#include "voices/corrections.h"

namespace narrate::voices {

std::string CorrectionsPathFor(const std::string& book_path) {
  return book_path + ".speakers.toml";
}
Result<std::vector<SpeakerCorrection>> ParseCorrections(std::string_view, const std::string&) {
  return std::vector<SpeakerCorrection>{};
}
Result<std::vector<SpeakerCorrection>> LoadCorrections(const std::string&) {
  return std::vector<SpeakerCorrection>{};
}
std::string FormatCorrections(const std::vector<SpeakerCorrection>&) { return ""; }
Status SaveCorrection(const std::string& path, const SpeakerCorrection&) {
  return Status::Error(path + ": corrections are not written yet");
}

}  // namespace narrate::voices
