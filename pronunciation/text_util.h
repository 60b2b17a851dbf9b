// Internal: UTF-8 decoding and the Unicode character classes the lexicon
// matcher needs (letters, digits, apostrophes, case). Not part of the API.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace narrate::pronunciation::internal {

// One decoded code point and the byte offset where it starts.
struct CodePoint {
  char32_t cp = 0;
  std::size_t byte = 0;
};

// Decodes UTF-8; nullopt when the bytes are not valid UTF-8.
std::optional<std::vector<CodePoint>> Decode(std::string_view text);
std::optional<std::u32string> ToU32(std::string_view text);
void AppendUtf8(std::string& out, char32_t cp);
std::string ToUtf8(std::u32string_view cps);

// A letter, digit or combining mark (not an apostrophe): what words are made of.
bool IsWordChar(char32_t c);
bool IsLetter(char32_t c);
bool IsDigit(char32_t c);
bool IsSpace(char32_t c);
// ' (U+0027), ’ (U+2019) and ʼ (U+02BC) all count as the apostrophe.
bool IsApostrophe(char32_t c);
bool IsUpper(char32_t c);
bool IsLower(char32_t c);
char32_t FoldCase(char32_t c);
char32_t ToUpper(char32_t c);

// A word or syllable in capitals: two letters or more, none lower-case ("KROH", "BUR'S").
bool AllCapitals(std::u32string_view token);

// A respelling read syllable by syllable, its syllable in capitals stressed
// (SpeechPiece::Kind::kRespelling): only letters, apostrophes, hyphens and
// spaces, with a hyphen or an AllCapitals word or syllable ("WEE-nuh",
// "kroh-nohs", "KORE"). Others are read as text ("Kore", "Gill Bates").
bool ReadBySyllables(std::u32string_view respelling);

// Lower-cases with simple case folding; apostrophe variants become '.
std::string FoldWord(std::string_view utf8);

// Strips spaces and tabs (ASCII) at both ends.
std::string_view Trim(std::string_view s);
// Without leading and trailing ASCII white space of any kind: "\n\t Kor \r\n" -> "Kor".
std::string_view TrimSpace(std::string_view s);

// "U+02A4" style name of a code point.
std::string CodePointName(char32_t c);

}  // namespace narrate::pronunciation::internal
