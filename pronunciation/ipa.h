// IPA and eSpeak NG phoneme mnemonics for narrate's English voices.
//
// eSpeak reads inline phonemes ([[...]]) as mnemonics, matched longest first
// against the voice's phoneme table; the first unknown character silently
// drops the rest of the word. So every mnemonic string narrate hands to eSpeak
// is validated here first, against the phoneme table of eSpeak NG 1.51's "en"
// voice (en-us and the other English voices share it).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate::pronunciation {

// Converts IPA (without the slashes) to eSpeak mnemonics, e.g. "ˈkroʊnɒs" ->
// "kr'oUn0s". Spaces separate words. Sounds the English voice lacks become the
// nearest one it has (see IpaInventory()). Fails with
// `unknown IPA symbol "ʘ" (U+0298)` naming the first symbol it cannot convert.
Result<std::string> IpaToEspeak(std::string_view ipa);

// Ok when every mnemonic of the string is one the English voice knows (spaces
// separate words, | separates mnemonics). Otherwise fails with
// `unknown eSpeak phoneme "ɒ" in [[kr'oUnɒs]]`.
Status ValidateEspeak(std::string_view mnemonics);

// The mnemonics eSpeak reads from the string, in order ("|" dropped, a word
// break as " "). Fails like ValidateEspeak.
Result<std::vector<std::string>> SplitEspeak(std::string_view mnemonics);

// left followed by right, with "|" between them where eSpeak's longest-first
// reading would otherwise merge the two ("a" + "I" is "a|I", not "aI").
std::string JoinEspeak(std::string_view left, std::string_view right);

// The ending that a plural or possessive -s takes after the given
// pronunciation, by its final sound: "I2z" after s z ʃ ʒ tʃ dʒ, "s" after
// other voiceless sounds, "z" otherwise.
std::string SEnding(std::string_view mnemonics);

// Every mnemonic of the English voice's phoneme table.
std::span<const std::string_view> EnglishMnemonics();

// One row of the IPA conversion table.
struct IpaSymbol {
  // kMark: stress, boundaries and marks on consonants; kVowelMark: marks on vowels.
  enum class Kind { kVowel, kConsonant, kMark, kVowelMark };
  std::string_view ipa;     // symbol or sequence, e.g. "ɒ", "tʃ", "ɑːɹ", "ˈ"
  std::string_view espeak;  // mnemonics it becomes ("" when dropped)
  // What eSpeak NG 1.51's "en" voice says back in IPA for espeak; equal to ipa
  // when the symbol round-trips exactly.
  std::string_view heard;
  Kind kind = Kind::kVowel;
  std::string_view note;    // why it is approximated, "" when exact
};

// The conversion table (English IPA, British and American, plus the sounds
// invented names use). A symbol round-trips exactly when heard == ipa.
std::span<const IpaSymbol> IpaInventory();

}  // namespace narrate::pronunciation
