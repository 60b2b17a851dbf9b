// Book bytes → UTF-8 text. UTF-8 passes through untouched; UTF-16/32 and
// legacy 8-bit encodings (ISO-8859-1, windows-1252, ...) are found with ICU's
// charset detector and a Project Gutenberg header's "Character set encoding:",
// and converted with ICU; binaries are refused.
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "source/gutenberg.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

// An invalid sequence that still has UTF-8's shape: a lead byte followed by a
// continuation byte ("\xC0\xAF", "\xED\xA0\x80"), or cut short by the end of
// the text ("abc\xE2\x82"). Legacy 8-bit text rarely has these.
bool Utf8Shaped(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0xC0 || c > 0xFD) return false;
  if (i + 1 >= s.size()) return true;
  auto next = static_cast<unsigned char>(s[i + 1]);
  return (next & 0xC0) == 0x80 || (c >= 0xE0 && i + 2 >= s.size());
}

// Continuation bytes (0x80–0xBF) right after s[i], at most five.
std::size_t ContinuationsAfter(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (n < 5 && i + n + 1 < s.size() &&
         (static_cast<unsigned char>(s[i + n + 1]) & 0xC0) == 0x80) {
    ++n;
  }
  return n;
}

// Text that is UTF-8 with some bytes broken, rather than another encoding: it
// has at least as many sequences of UTF-8's shape (valid or not) as stray
// bytes above 0x7F. "café\xff" is, "caf\xe9" is not (Latin-1).
bool MostlyUtf8(std::string_view s) {
  std::size_t shaped = 0, stray = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0 && Utf8Shaped(s, i)) {
      ++shaped;
      i += ContinuationsAfter(s, i) + 1;
      continue;
    }
    if (n > 1) ++shaped;
    if (n == 0) ++stray;
    i += n == 0 ? 1 : n;
  }
  return shaped > 0 && shaped >= stray;
}

Status EncodingError(const std::string& path, std::string_view s, std::size_t at) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (s[i] == '\n') ++line, line_start = i + 1;
  }
  char byte[8];
  std::snprintf(byte, sizeof(byte), "0x%02x", static_cast<unsigned char>(s[at]));
  return Status::InFile(StatusCode::kInvalidInput, path, line,
                        std::string("not UTF-8 text (byte ") + byte + " at column " +
                            std::to_string(at - line_start + 1) + ")");
}

std::string UnifyLineEnds(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\r') {
      out += s[i];
    } else if (i + 1 >= s.size() || s[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

// ---- Conversion ----------------------------------------------------------------

using Converter = std::unique_ptr<UConverter, decltype(&ucnv_close)>;

// UTF-16 code units → UTF-8.
std::optional<std::string> ToUtf8(const std::u16string& units) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  const auto size = static_cast<int32_t>(units.size());
  u_strToUTF8(nullptr, 0, &length, units.data(), size, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
  std::string out(static_cast<std::size_t>(length), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), length, nullptr, units.data(), size, &status);
  if (U_FAILURE(status) && status != U_STRING_NOT_TERMINATED_WARNING) return std::nullopt;
  return out;
}

// Bytes in `charset` ("windows-1252", "UTF-16LE") → UTF-8. Nothing when ICU
// does not know the charset or a byte sequence is not in it.
std::optional<std::string> Convert(std::string_view bytes, const std::string& charset) {
  if (bytes.size() > INT32_MAX - 16) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  Converter cnv(ucnv_open(charset.c_str(), &status), &ucnv_close);
  if (U_FAILURE(status)) return std::nullopt;
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  // One code unit per byte is enough for all but a few charsets; those are converted again.
  std::u16string units(bytes.size() + 16, u'\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    status = U_ZERO_ERROR;
    int32_t n = ucnv_toUChars(cnv.get(), units.data(), static_cast<int32_t>(units.size()),
                              bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      units.resize(static_cast<std::size_t>(n));
      continue;
    }
    if (U_FAILURE(status)) return std::nullopt;
    units.resize(static_cast<std::size_t>(n));
    return ToUtf8(units);
  }
  return std::nullopt;
}

// A code point no text holds: C0 controls but tab, line and page ends, DEL,
// C1 controls, noncharacters (U+FFFE), unassigned ones and the replacement
// character.
bool IsBinaryCodePoint(UChar32 c) {
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v';
  if (c < 0x7F) return false;
  return c <= 0x9F || U_IS_UNICODE_NONCHAR(c) || c == 0xFFFD || u_charType(c) == U_UNASSIGNED;
}

// Decoded text that reads as text: no NUL, and at most one code point in 200
// of the kinds binaries are full of. Random bytes read as windows-1252 have
// one in nine.
bool LooksLikeText(std::string_view utf8) {
  std::size_t total = 0, bad = 0;
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, length, c);
    if (c == 0) return false;
    ++total;
    if (IsBinaryCodePoint(c)) ++bad;
  }
  return bad * 200 <= total;
}

struct Decoded {
  std::string text;      // UTF-8
  std::string encoding;  // what the bytes were read as; empty for UTF-8
};

// The bytes read as `charset` when they decode to something that looks like text.
std::optional<Decoded> TryExactly(std::string_view bytes, const std::string& charset) {
  std::optional<std::string> utf8 = Convert(bytes, charset);
  if (!utf8 || !LooksLikeText(*utf8)) return std::nullopt;
  return Decoded{std::move(*utf8), charset};
}

// Bytes 0x80–0x9F: C1 controls in ISO-8859-1, quotes and dashes in windows-1252.
bool HasC1Bytes(std::string_view bytes) {
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 && b <= 0x9F) return true;
  }
  return false;
}

// The bytes read as `charset`, with ISO-8859-1 read as windows-1252 when it has
// bytes 0x80–0x9F ("\x93Hi\x94" → "“Hi”"), as Windows wrote most such files.
std::optional<Decoded> TryCharset(std::string_view bytes, const std::string& charset) {
  if (charset.empty()) return std::nullopt;
  if (charset == "ISO-8859-1" && HasC1Bytes(bytes)) {
    if (auto cp1252 = TryExactly(bytes, "windows-1252")) return cp1252;
  }
  return TryExactly(bytes, charset);
}

// ---- What the text says it is ------------------------------------------------

// Gutenberg's "Character set encoding:" value as an ICU converter name:
// "ISO Latin-1" → "ISO-8859-1", "CP-1252" → "windows-1252", "ISO-646-US (US-ASCII)" →
// "US-ASCII"; a name not listed is given to ICU as written ("ISO-8859-2").
std::string CharsetName(std::string_view declared) {
  declared = declared.substr(0, declared.find('('));
  std::string key;
  for (char c : declared) {
    if (std::isalnum(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(c));
  }
  static const std::map<std::string, std::string> kNames = {
      {"iso88591", "ISO-8859-1"},   {"isolatin1", "ISO-8859-1"},
      {"latin1", "ISO-8859-1"},     {"iso885915", "ISO-8859-15"},
      {"isolatin9", "ISO-8859-15"}, {"latin9", "ISO-8859-15"},
      {"cp1252", "windows-1252"},   {"windows1252", "windows-1252"},
      {"win1252", "windows-1252"},  {"ansi", "windows-1252"},
      {"ascii", "US-ASCII"},        {"usascii", "US-ASCII"},
      {"iso646us", "US-ASCII"},     {"utf8", "UTF-8"},
      {"unicodeutf8", "UTF-8"},     {"cp437", "IBM437"},
      {"cp850", "IBM850"}};
  auto known = kNames.find(key);
  return known != kNames.end() ? known->second : Trim(declared, " \t\r");
}

// The encoding a Project Gutenberg header declares, as an ICU converter name;
// "" without one. Only the header (before "*** START OF ...") is looked at.
std::string DeclaredCharset(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 16384);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < head.size();) {
    std::size_t end = std::min(head.find('\n', start), head.size());
    lines.push_back(Trim(head.substr(start, end - start), "\r"));
    if (IsGutenbergStart(lines.back())) break;
    start = end + 1;
  }
  std::string declared = ParseGutenbergHeader(lines).encoding;
  return declared.empty() ? "" : CharsetName(declared);
}

// ---- What ICU's detector says ----------------------------------------------------

struct Guess {
  std::string charset;
  int confidence = 0;  // 0..100
};

using Detector = std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)>;

// More confident first; on a tie (short texts: "wor\xffld" is ISO-8859-1 21,
// ISO-8859-2 21) the Western encodings most legacy books are in.
bool MoreLikely(const Guess& a, const Guess& b) {
  auto western = [](const Guess& g) {
    return g.charset == "ISO-8859-1" || g.charset == "windows-1252";
  };
  if (a.confidence != b.confidence) return a.confidence > b.confidence;
  return western(a) && !western(b);
}

// ICU's guesses for a sample of text, most confident first. `markup`: tags are
// left out of the judgement.
std::vector<Guess> DetectCharsets(std::string_view sample, bool markup) {
  UErrorCode status = U_ZERO_ERROR;
  Detector detector(ucsdet_open(&status), &ucsdet_close);
  if (U_FAILURE(status)) return {};
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  ucsdet_enableInputFilter(detector.get(), markup);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  std::vector<Guess> guesses;
  for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
    const char* name = ucsdet_getName(matches[i], &status);
    int32_t confidence = ucsdet_getConfidence(matches[i], &status);
    if (U_SUCCESS(status) && name) guesses.push_back(Guess{name, confidence});
  }
  std::stable_sort(guesses.begin(), guesses.end(), MoreLikely);
  return guesses;
}

// ICU's confidence in one charset for the text, 0 when it has no such guess.
int ConfidenceIn(std::string_view bytes, const std::string& charset) {
  for (const Guess& g : DetectCharsets(bytes.substr(0, 8000), false)) {
    if (g.charset == charset) return g.confidence;
  }
  return 0;
}

// What ICU's detector judges (it reads 8000 bytes): the lines that hold bytes
// above 0x7F first (most of a book is ASCII), then the others from the start.
std::string DetectorSample(std::string_view bytes) {
  constexpr std::size_t kSampleBytes = 8000;
  std::string sample;
  for (bool high : {true, false}) {
    for (std::size_t start = 0; start < bytes.size() && sample.size() < kSampleBytes;) {
      std::size_t end = std::min(bytes.find('\n', start), bytes.size());
      std::string_view line = bytes.substr(start, end + 1 - start);
      if ((FirstInvalidUtf8(line) != std::string_view::npos) == high) sample += line;
      start = end + 1;
    }
  }
  return sample.substr(0, kSampleBytes);
}

// ---- Binaries, byte order marks, UTF-16/32 -------------------------------------------

Status Binary(const std::string& path, bool markup) {
  return Status::Error(path + (markup ? ": binary file, not HTML" : ": binary file, not text"));
}

// Bytes that open common binary formats: PNG, ZIP (EPUB, DOCX), ELF, GIF, JPEG,
// PDF, gzip, 7-Zip, Windows executables, WAV, Ogg, FLAC, MP3. Only text that is
// not UTF-8 is looked at, so a UTF-8 book may start with "RIFF".
bool HasBinaryMagic(std::string_view s) {
  static constexpr std::string_view kMagic[] = {"\x89PNG",
                                                "PK\x03\x04",
                                                "PK\x05\x06",
                                                "\x7F"
                                                "ELF",
                                                "GIF87a",
                                                "GIF89a",
                                                "\xFF\xD8\xFF",
                                                "%PDF-",
                                                "\x1F\x8B",
                                                "7z\xBC\xAF",
                                                "MZ\x90",
                                                "RIFF",
                                                "OggS",
                                                "fLaC",
                                                "ID3"};
  for (std::string_view magic : kMagic) {
    if (s.starts_with(magic)) return true;
  }
  return false;
}

struct Bom {
  std::string_view bytes;
  const char* charset;
};

// UTF-32 first: its little-endian mark starts like UTF-16's.
constexpr Bom kBoms[] = {{std::string_view("\xFF\xFE\0\0", 4), "UTF-32LE"},
                         {std::string_view("\0\0\xFE\xFF", 4), "UTF-32BE"},
                         {"\xFF\xFE", "UTF-16LE"},
                         {"\xFE\xFF", "UTF-16BE"}};

// "\xFF\xFE" "A\0" → the UTF-16LE mark; nullptr when the text has none (or UTF-8's).
const Bom* FindBom(std::string_view s) {
  for (const Bom& bom : kBoms) {
    if (s.starts_with(bom.bytes)) return &bom;
  }
  return nullptr;
}

// "A\0B\0" → "UTF-16LE": ASCII, spaces and line ends in UTF-16 put a zero in
// every other byte, mostly on one side (at least one pair in 100 has one
// there, and the other side has at most half as many: CJK text has zeros on
// both, as in U+3000). "" for any other pattern.
std::string ZeroBytePattern(std::string_view s) {
  if (s.size() % 2 != 0) return "";
  std::size_t zeros[2] = {0, 0};
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\0') ++zeros[i % 2];
  }
  const std::size_t pairs = s.size() / 2;
  auto one_sided = [pairs](std::size_t here, std::size_t there) {
    return here * 100 >= pairs && there * 2 <= here;
  };
  if (one_sided(zeros[1], zeros[0])) return "UTF-16LE";
  if (one_sided(zeros[0], zeros[1])) return "UTF-16BE";
  return "";
}

// Text with NUL bytes and no byte order mark: UTF-32 when ICU is sure of it,
// UTF-16 when the zero bytes fall on one side and ICU does not rule it out.
std::optional<Decoded> DecodeWideWithoutBom(std::string_view bytes) {
  for (const char* utf32 : {"UTF-32LE", "UTF-32BE"}) {
    if (ConfidenceIn(bytes, utf32) < 80) continue;
    if (auto decoded = TryExactly(bytes, utf32)) return decoded;
  }
  std::string utf16 = ZeroBytePattern(bytes);
  if (utf16.empty() || ConfidenceIn(bytes, utf16) == 0) return std::nullopt;
  return TryExactly(bytes, utf16);
}

// ---- Legacy 8-bit and multi-byte encodings ---------------------------------------

// ICU's detector's guesses it has this little confidence in are not taken.
constexpr int kMinConfidence = 10;

// "UTF-16LE", "UTF-32BE": found by their zero bytes, not here.
bool IsUnicodeName(const std::string& charset) { return charset.starts_with("UTF"); }

// Share of bytes above 0x7F, in percent.
std::size_t HighBytePercent(std::string_view bytes) {
  std::size_t high = 0;
  for (char c : bytes) high += static_cast<unsigned char>(c) >= 0x80;
  return bytes.empty() ? 0 : high * 100 / bytes.size();
}

// Text without NULs that is not UTF-8: the encoding its Gutenberg header
// declares when that decodes it, else ICU's most confident guess that does,
// else windows-1252 for text that is mostly ASCII.
std::optional<Decoded> DecodeLegacy(std::string_view bytes, bool markup) {
  if (!markup) {
    if (auto declared = TryCharset(bytes, DeclaredCharset(bytes))) return declared;
  }
  for (const Guess& guess : DetectCharsets(DetectorSample(bytes), markup)) {
    if (guess.confidence < kMinConfidence) break;
    if (IsUnicodeName(guess.charset)) continue;
    if (auto decoded = TryCharset(bytes, guess.charset)) return decoded;
  }
  if (HighBytePercent(bytes) > 30) return std::nullopt;
  return TryCharset(bytes, "ISO-8859-1");
}

}  // namespace

bool IsUtf8Text(std::string_view bytes) {
  return bytes.find('\0') == std::string_view::npos &&
         FirstInvalidUtf8(bytes) == std::string_view::npos;
}

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
    if (c < 0) {
      out += "\uFFFD";
    } else {
      out.append(s.data() + start, static_cast<std::size_t>(i - start));
    }
  }
  return out;
}

namespace {
void MakeValidUtf8(std::string& s) {
  if (!IsUtf8Text(s)) s = ValidUtf8(s);
}
}  // namespace

// A paragraph whose text had to change loses the book's pronunciations: their
// byte offsets no longer point at the words they were for.
void MakeValidUtf8(Paragraph& p) {
  if (!IsUtf8Text(p.text)) {
    p.text = ValidUtf8(p.text);
    p.pronunciations.clear();
  }
  for (Pronunciation& pr : p.pronunciations) {
    MakeValidUtf8(pr.phonemes);
    MakeValidUtf8(pr.alphabet);
  }
}

void MakeBookTextValid(Book& book) {
  for (std::string* s : {&book.title, &book.author, &book.language}) MakeValidUtf8(*s);
  for (std::string& notice : book.notices) MakeValidUtf8(notice);
  for (Chapter& chapter : book.chapters) {
    MakeValidUtf8(chapter.title);
    MakeValidUtf8(chapter.spoken_title);
    for (Paragraph& p : chapter.paragraphs) MakeValidUtf8(p);
  }
}

std::string LimitSize(std::uint64_t bytes) {
  if (bytes >= (1u << 30) && bytes % (1u << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

namespace {
// "paragraph longer than 1 MiB (limit)": for text (after "book.txt:12: ") and HTML/EPUB.
std::string ParagraphTooLong() {
  return "paragraph longer than " + LimitSize(kMaxParagraphBytes) + " (limit)";
}
}  // namespace

Status CheckBookParagraphs(const Book& book, const std::string& path) {
  for (const Chapter& chapter : book.chapters) {
    for (const Paragraph& p : chapter.paragraphs) {
      if (p.text.size() > kMaxParagraphBytes) {
        return Status::Error(path + ": " + ParagraphTooLong());
      }
    }
  }
  return Status::Ok();
}

Result<DecodedText> DecodeText(std::string_view bytes, const std::string& path, bool markup) {
  const bool has_nul = bytes.find('\0') != std::string_view::npos;
  const std::size_t invalid = FirstInvalidUtf8(bytes);
  if (!has_nul && invalid == std::string_view::npos) return DecodedText{std::string(bytes), ""};
  if (HasBinaryMagic(bytes)) return Binary(path, markup);
  std::optional<Decoded> decoded;
  if (const Bom* bom = FindBom(bytes)) {
    decoded = TryExactly(bytes.substr(bom->bytes.size()), bom->charset);
  } else if (has_nul) {
    decoded = DecodeWideWithoutBom(bytes);
  } else if (MostlyUtf8(bytes)) {
    return EncodingError(path, bytes, invalid);
  } else {
    decoded = DecodeLegacy(bytes, markup);
  }
  if (!decoded) return Binary(path, markup);
  return DecodedText{std::move(decoded->text), std::move(decoded->encoding)};
}

Result<std::string> CheckText(std::string_view content, const std::string& path,
                              std::string* notice) {
  Result<DecodedText> decoded = DecodeText(content, path, false);
  if (!decoded.ok()) return decoded.status();
  if (notice && !decoded->encoding.empty()) *notice = EncodingNotice(path, decoded->encoding);
  std::string_view text = decoded->text;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string unified = UnifyLineEnds(text);
  std::size_t line = 1;
  for (std::size_t start = 0; start <= unified.size(); ++line) {
    std::size_t end = std::min(unified.find('\n', start), unified.size());
    if (end - start > kMaxLineBytes) {
      return Status::Error(path + ":" + std::to_string(line) + ": line longer than " +
                           LimitSize(kMaxLineBytes) + " (limit)");
    }
    start = end + 1;
  }
  return unified;
}

Status CheckParagraphSizes(const std::vector<Block>& blocks, const std::string& path) {
  for (const Block& b : blocks) {
    std::size_t bytes = b.lines.empty() ? 0 : b.lines.size() - 1;  // the spaces joining them
    for (const std::string& line : b.lines) bytes += line.size();
    if (bytes > kMaxParagraphBytes) {
      return Status::Error(path + ":" + std::to_string(b.line) + ": " + ParagraphTooLong());
    }
  }
  return Status::Ok();
}

std::string EncodingNotice(const std::string& path, const std::string& encoding) {
  return path + ": not UTF-8; read as " + encoding;
}

}  // namespace narrate::source::internal
