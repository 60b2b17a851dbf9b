// A sounds-like respelling (SpeechPiece::Kind::kRespelling) → eSpeak
// mnemonics, with one stress per word. Private to tts/synth (exposed for tests).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace narrate::synth {

// eSpeak's reading of a text as mnemonics, stress marks included ("wee" → "w'i:").
using TextToMnemonics = std::function<std::string(const std::string& text)>;

// Words apart at spaces, syllables apart at hyphens. Each syllable is read on
// its own (lower-cased: eSpeak spells some capitals out) and loses its stress
// marks; in each word one syllable then takes the primary stress: the one in
// capitals (its first such, if several), else the one eSpeak stresses when it
// reads the word's syllables as one word. The syllables are joined with "|"
// so that none merges with the next ("t" + "S" is not "tS").
// "WEE-nuh" → "w'i:|nV", "nuh-WEE" → "nV|w'i:", "kroh-nohs" → "kr'oU|noUz",
// "ROO-ra PEN-thay" → "r'u:|rA: p'En|TeI".
std::string RespellingToMnemonics(std::string_view respelling, const TextToMnemonics& read);

// True for a syllable written in capitals: two capital letters or more, and
// no small one ("WEE", "BUR'S", "ÉTÉ"; not "Wee", "A").
bool IsStressedSyllable(std::string_view syllable);

}  // namespace narrate::synth
