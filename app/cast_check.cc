// Stub: replaced by the implementation (helper B).
#include "app/cast.h"

namespace narrate::app {

CastCheck CheckCast(const std::string& path, const VoiceList&, const voices::VoiceSettings&) {
  return CastCheck{{Status::Error(path + ": not checked yet")}, {}};
}
Result<std::vector<std::string>> AuditionCast(const std::string& path, const std::string&,
                                              const voices::VoiceSettings&, Speaker&) {
  return Status::Error(path + ": not auditioned yet");
}

}  // namespace narrate::app
