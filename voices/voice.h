// A voice profile: which eSpeak NG voice speaks, how fast and how high.
// Plain data plus validation; no engine type appears here.
#pragma once

#include <string>

#include "common/status.h"

namespace narrate::voices {

struct VoiceSettings {
  std::string name = "en";  // eSpeak voice name, variants as "en-us+f2"
  int rate_wpm = 175;       // words per minute; eSpeak's range is 80..449 here
  int pitch = 50;           // 0..99, eSpeak's base pitch
  int range = 50;           // 0..100, eSpeak's pitch range: 0 monotone, 50 as the voice is
  bool operator==(const VoiceSettings&) const = default;
};

inline constexpr int kMinRateWpm = 80;
// At 450 wpm and above eSpeak switches on sonic speed-up and its event
// positions no longer match the audio, so narrate stops at 449.
inline constexpr int kMaxRateWpm = 449;
inline constexpr int kMinPitch = 0;
inline constexpr int kMaxPitch = 99;
inline constexpr int kMinRange = 0;
inline constexpr int kMaxRange = 100;
inline constexpr int kDefaultRange = 50;

// The language a voice speaks, for text rules: "en-us+f2" → "en".
std::string LanguageOf(const VoiceSettings& settings);

// The language and region a voice speaks, as a BCP 47 tag for text rules (date order):
// "en-gb-x-rp" → "en-GB", "en-us+f2" → "en-US", "en" → "en", "es-419" → "es-419".
std::string LocaleOf(const VoiceSettings& settings);

// Returns an error naming the offending setting and its allowed range.
Status Validate(const VoiceSettings& settings);

}  // namespace narrate::voices
