// The English voice's mnemonics and eSpeak's longest-first reading of them.
#include <algorithm>

#include "pronunciation/ipa.h"
#include "pronunciation/text_util.h"

namespace narrate::pronunciation {
namespace {

// From the "en" phoneme table of eSpeak NG 1.51 (phontab, including base1),
// less "_^_" (language switch, which eSpeak follows with a language name).
constexpr std::string_view kMnemonics[] = {
    "#@", "#X1", "#a", "#e", "#i", "#o", "#u", "%", "%%", "'", "'!", "''", "*", "**", ",",
    ",,", "-", "0", "0#", "02", "1", "3", "3:", ":", ";", "=", "?", "@", "@#", "@-", "@2",
    "@5", "@L", "A#", "A:", "A@", "A~", "B", "C", "D", "E", "E#", "E2", "I", "I#", "I2",
    "I2#", "IR", "J", "J^", "L", "L/", "N", "N-", "O", "O2", "O:", "O@", "OI", "O~", "Q",
    "Q\"", "Q^", "R", "R2", "R3", "S", "S;", "T", "U", "U@", "V", "VR", "X", "Z", "Z;", "_",
    "_!", "_:", "_::", "_;_", "_X1", "_|", "a", "a#", "a#2", "a2", "aI", "aI3", "aI@", "aU",
    "aU@", "aa", "b", "c", "d", "d#", "dZ", "dZ;", "d[", "e", "e#", "e:", "e@", "eI", "f",
    "g", "h", "i", "i:", "i@", "i@3", "j", "k", "l", "l#", "l-", "l.", "l/", "l/2", "l/3",
    "l^", "m", "m-", "n", "n-", "n.", "n^", "o", "o:", "o@", "oU", "oU#", "p", "q", "r",
    "r\"", "r-", "r.", "r/", "s", "s.", "s;", "t", "t#", "t2", "tS", "tS;", "t[", "u", "u:",
    "v", "v#", "w", "w#", "x", "z", "z#", "z.", "z/2", "z;", "||"};

// Longest mnemonic that starts text (at most 4 bytes, as in eSpeak); 0 if none.
std::size_t LongestMnemonic(std::string_view text) {
  std::size_t best = 0;
  for (std::string_view m : kMnemonics) {
    if (m.size() > best && text.substr(0, m.size()) == m) best = m.size();
  }
  return best;
}

bool IsSibilant(std::string_view m) {
  static constexpr std::string_view kSibilants[] = {"s",  "z",  "S",  "Z",  "tS", "dZ", "s.", "z.",
                                                    "s;", "z;", "S;", "Z;", "tS;", "dZ;", "z#", "z/2"};
  return std::find(std::begin(kSibilants), std::end(kSibilants), m) != std::end(kSibilants);
}

bool IsVoiceless(std::string_view m) {
  static constexpr std::string_view kVoiceless[] = {"p", "t", "k", "f", "T", "c", "q", "x", "X",
                                                    "C", "t#", "t2", "t[", "d#", "l#", "w#", "?", "h"};
  return std::find(std::begin(kVoiceless), std::end(kVoiceless), m) != std::end(kVoiceless);
}

// Stress marks, pauses and boundaries: not sounds.
bool IsProsodic(std::string_view m) {
  static constexpr std::string_view kMarks[] = {"%", "%%", "'", "'!", "''", ",", ",,", "=", "-",
                                                ":", "_", "_!", "_:", "_::", "_;_", "_|", "||", " "};
  return std::find(std::begin(kMarks), std::end(kMarks), m) != std::end(kMarks);
}

std::string UnknownAt(std::string_view mnemonics, std::size_t pos) {
  auto cps = internal::Decode(mnemonics.substr(pos));
  std::string symbol = cps && !cps->empty() ? internal::ToUtf8(std::u32string(1, (*cps)[0].cp))
                                            : std::string(1, mnemonics[pos]);
  return "unknown eSpeak phoneme \"" + symbol + "\" in [[" + std::string(mnemonics) + "]]";
}

}  // namespace

std::span<const std::string_view> EnglishMnemonics() { return kMnemonics; }

Result<std::vector<std::string>> SplitEspeak(std::string_view mnemonics) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < mnemonics.size()) {
    const char c = mnemonics[i];
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != " ") out.push_back(" ");
      ++i;
    } else if (c == '|' && mnemonics.substr(i, 2) != "||") {
      ++i;
    } else {
      const std::size_t len = LongestMnemonic(mnemonics.substr(i));
      if (len == 0) return Status::Error(UnknownAt(mnemonics, i));
      out.emplace_back(mnemonics.substr(i, len));
      i += len;
    }
  }
  if (!out.empty() && out.back() == " ") out.pop_back();
  return out;
}

Status ValidateEspeak(std::string_view mnemonics) {
  auto split = SplitEspeak(mnemonics);
  return split.ok() ? Status::Ok() : split.status();
}

std::string JoinEspeak(std::string_view left, std::string_view right) {
  std::string out(left);
  if (left.empty() || right.empty() || left.back() == ' ' || right.front() == ' ') {
    return out.append(right);
  }
  // Where does eSpeak's last mnemonic of left start? Re-read left to find it.
  auto split = SplitEspeak(left);
  const std::string last = split.ok() && !split->empty() ? split->back() : std::string();
  const std::string joined = last + std::string(right.substr(0, 4));
  if (!last.empty() && LongestMnemonic(joined) > last.size()) out.push_back('|');
  return out.append(right);
}

std::string SEnding(std::string_view mnemonics) {
  auto split = SplitEspeak(mnemonics);
  if (!split.ok()) return "z";
  for (auto it = split->rbegin(); it != split->rend(); ++it) {
    if (IsProsodic(*it)) continue;
    if (IsSibilant(*it)) return "I2z";
    return IsVoiceless(*it) ? "s" : "z";
  }
  return "z";
}

}  // namespace narrate::pronunciation
