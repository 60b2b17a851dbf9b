#include "tts/synth/respelling.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace narrate::synth {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::vector<std::string_view> Split(std::string_view text, char at) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find(at, start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// One UTF-8 code point at text[at] and its length (a stray byte is one).
std::pair<char32_t, std::size_t> DecodeAt(std::string_view text, std::size_t at) {
  const unsigned char lead = text[at];
  const std::size_t n = lead < 0x80         ? 1
                        : lead >> 5 == 0x6  ? 2
                        : lead >> 4 == 0xE  ? 3
                        : lead >> 3 == 0x1E ? 4
                                            : 1;
  if (n == 1 || at + n > text.size()) return {lead, 1};
  char32_t c = lead & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k)
    c = c << 6 | (static_cast<unsigned char>(text[at + k]) & 0x3F);
  return {c, n};
}

enum class LetterCase { kNone, kUpper, kLower };

// Case in the alphabets respellings are written in: Latin (ASCII, Latin-1,
// Latin Extended-A), Greek and Cyrillic; anything else has none.
LetterCase CaseOf(char32_t c) {
  auto in = [c](char32_t first, char32_t last) { return c >= first && c <= last; };
  if (in(U'A', U'Z') || (in(0xC0, 0xDE) && c != 0xD7) || in(0x391, 0x3A9) || in(0x400, 0x42F))
    return LetterCase::kUpper;
  if (in(U'a', U'z') || (in(0xDF, 0xFF) && c != 0xF7) || in(0x3AC, 0x3CE) || in(0x430, 0x45F))
    return LetterCase::kLower;
  if (!in(0x100, 0x17F)) return LetterCase::kNone;
  // Extended-A pairs capital and small letters, the capital first: on even
  // code points, but on odd ones in Ĺ..ň and Ź..ž; Ÿ is a capital, ĸ ŉ ſ small.
  if (c == 0x178) return LetterCase::kUpper;
  if (c == 0x138 || c == 0x149 || c == 0x17F) return LetterCase::kLower;
  const bool odd_capitals = in(0x139, 0x148) || in(0x179, 0x17E);
  return (c % 2 == 1) == odd_capitals ? LetterCase::kUpper : LetterCase::kLower;
}

bool IsStressMark(char c) { return c == '\'' || c == ',' || c == '%' || c == '='; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One syllable's sounds without stress or word breaks, and where eSpeak put
// its primary stress in them (kNone when it put none).
struct Syllable {
  std::string sounds;
  std::size_t stress_at = kNone;
};

Syllable Read(const std::string& mnemonics) {
  Syllable s;
  for (std::size_t i = 0; i < mnemonics.size(); ++i) {
    const char c = mnemonics[i];
    if (c == '\'' && s.stress_at == kNone) s.stress_at = s.sounds.size();
    if (!IsStressMark(c) && !IsBlank(c)) s.sounds += c;
  }
  return s;
}

// Where eSpeak stresses the word read whole, as a share of its sounds
// ("krohnohs" → "kr'oUnoUz": 2 of 8); its first primary stress, else its first
// secondary, else the start.
double StressShare(const std::string& mnemonics) {
  std::size_t sounds = 0, primary = kNone, secondary = kNone;
  for (char c : mnemonics) {
    if (c == '\'' && primary == kNone) primary = sounds;
    if (c == ',' && secondary == kNone) secondary = sounds;
    if (!IsStressMark(c) && !IsBlank(c)) ++sounds;
  }
  const std::size_t at = primary != kNone ? primary : secondary != kNone ? secondary : 0;
  return sounds == 0 ? 0 : static_cast<double>(at) / static_cast<double>(sounds);
}

// The syllable that holds that share of the word's sounds.
std::size_t SyllableAt(const std::vector<Syllable>& syllables, double share) {
  std::size_t total = 0;
  for (const Syllable& s : syllables) total += s.sounds.size();
  const double target = share * static_cast<double>(total);
  std::size_t before = 0;
  for (std::size_t i = 0; i < syllables.size(); ++i) {
    before += syllables[i].sounds.size();
    if (target < static_cast<double>(before)) return i;
  }
  return syllables.empty() ? 0 : syllables.size() - 1;
}

// The syllable in capitals, else eSpeak's choice for the word read whole.
std::size_t StressedIndex(const std::vector<std::string_view>& written,
                          const std::vector<Syllable>& syllables, const TextToMnemonics& read) {
  for (std::size_t i = 0; i < written.size(); ++i) {
    if (IsStressedSyllable(written[i])) return i;
  }
  if (syllables.size() == 1) return 0;
  std::string whole;
  for (std::string_view s : written) whole += Lower(s);
  return SyllableAt(syllables, StressShare(read(whole)));
}

// "WEE-nuh" → "w'i:|nV".
std::string WordMnemonics(std::string_view word, const TextToMnemonics& read) {
  const std::vector<std::string_view> written = Split(word, '-');
  std::vector<Syllable> syllables;
  for (std::string_view s : written) syllables.push_back(Read(read(Lower(s))));
  if (syllables.empty()) return "";
  const std::size_t stressed = StressedIndex(written, syllables, read);
  std::string out;
  for (std::size_t i = 0; i < syllables.size(); ++i) {
    if (syllables[i].sounds.empty()) continue;
    const std::string& sounds = syllables[i].sounds;
    if (!out.empty()) out += '|';
    if (i != stressed) {
      out += sounds;
      continue;
    }
    const std::size_t at = syllables[i].stress_at;  // none: the syllable's start
    const std::size_t mark = at == kNone ? 0 : std::min(at, sounds.size());
    out.append(sounds, 0, mark).append(1, '\'').append(sounds, mark);
  }
  return out;
}

}  // namespace

bool IsStressedSyllable(std::string_view syllable) {
  std::size_t letters = 0;
  for (std::size_t at = 0; at < syllable.size();) {
    const auto [c, n] = DecodeAt(syllable, at);
    at += n;
    const LetterCase letter = CaseOf(c);
    if (letter == LetterCase::kLower) return false;
    if (letter == LetterCase::kUpper) ++letters;
  }
  return letters >= 2;
}

std::string RespellingToMnemonics(std::string_view respelling, const TextToMnemonics& read) {
  std::string out;
  for (std::string_view word : Split(respelling, ' ')) {
    const std::string mnemonics = WordMnemonics(word, read);
    if (!mnemonics.empty()) out += (out.empty() ? "" : " ") + mnemonics;
  }
  return out;
}

}  // namespace narrate::synth
