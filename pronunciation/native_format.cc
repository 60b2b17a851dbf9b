// The native lexicon format: grapheme<TAB>pronunciation[<TAB>options].
#include "pronunciation/internal.h"
#include "pronunciation/ipa.h"
#include "pronunciation/text_util.h"

namespace narrate::pronunciation::internal {
namespace {

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Text after a closing ]] or /: nothing, or a # comment.
bool OnlyComment(std::string_view rest) {
  rest = Trim(rest);
  return rest.empty() || rest.front() == '#';
}

std::string SetEspeak(std::string_view written, Entry& entry) {
  const std::size_t close = written.find("]]");
  if (close == std::string_view::npos) return "unterminated [[ in " + Quoted(written);
  if (!OnlyComment(written.substr(close + 2))) return "unexpected text after ]] in " + Quoted(written);
  const std::string_view inner = Trim(written.substr(2, close - 2));
  if (inner.empty()) return "empty pronunciation for " + Quoted(entry.grapheme);
  Status valid = ValidateEspeak(inner);
  if (!valid.ok()) return valid.message();
  entry.espeak = std::string(inner);
  entry.written = std::string(written.substr(0, close + 2));
  return "";
}

std::string SetIpa(std::string_view written, Entry& entry) {
  const std::size_t close = written.find('/', 1);
  if (close == std::string_view::npos) return "unterminated IPA (no closing /) in " + Quoted(written);
  if (!OnlyComment(written.substr(close + 1))) return "unexpected text after IPA in " + Quoted(written);
  const std::string_view inner = Trim(written.substr(1, close - 1));
  if (inner.empty()) return "empty pronunciation for " + Quoted(entry.grapheme);
  auto espeak = IpaToEspeak(inner);
  if (!espeak.ok()) return espeak.status().message() + " in /" + std::string(inner) + "/";
  if (espeak->empty()) return "empty pronunciation for " + Quoted(entry.grapheme);
  entry.espeak = *espeak;
  entry.written = std::string(written.substr(0, close + 1));
  return "";
}

// "KROH-nohs   x" -> "KROH-nohs x": runs of white space become one space. The
// capitals stay: they say which syllable is stressed (SpeechPiece::Kind::kRespelling).
std::string NormalizeRespelling(std::u32string_view text) {
  std::u32string out;
  for (char32_t c : text) {
    if (IsSpace(c) && (out.empty() || out.back() == U' ')) continue;
    out.push_back(IsSpace(c) ? U' ' : c);
  }
  while (!out.empty() && out.back() == U' ') out.pop_back();
  return ToUtf8(out);
}

std::string SetRespelling(std::string_view written, Entry& entry) {
  const std::size_t comment = written.find(" #");
  if (comment != std::string_view::npos) written = Trim(written.substr(0, comment));
  auto cps = ToU32(written);
  if (!cps || cps->empty()) return "empty pronunciation for " + Quoted(entry.grapheme);
  for (char32_t c : *cps) {
    if (IsWordChar(c) || IsSpace(c) || IsApostrophe(c) || c == U'-') continue;
    return "respelling " + Quoted(written) + " contains " + Quoted(ToUtf8(std::u32string(1, c))) +
           ": write IPA between slashes (/.../) or eSpeak phonemes between [[ and ]]";
  }
  entry.respelling = NormalizeRespelling(*cps);
  entry.written = std::string(written);
  return "";
}

// Returns the problem with the line, or "" after adding its entry.
std::string ParseLine(std::string_view line, Entry entry, std::vector<Entry>& out) {
  if (!Decode(line)) return "invalid UTF-8";
  const std::string_view trimmed = Trim(line);
  if (trimmed.empty() || trimmed.front() == '#') return "";
  const auto fields = SplitFields(line);
  if (line.find('\t') == std::string_view::npos || fields.empty()) {
    return "malformed line: expected grapheme<TAB>pronunciation";
  }
  entry.grapheme = std::string(fields[0]);
  if (fields.size() < 2) return "empty pronunciation for " + Quoted(entry.grapheme);
  for (std::size_t i = 2; i < fields.size(); ++i) {
    if (fields[i] != kCaseSensitiveOption) {
      return "unknown option " + Quoted(fields[i]) + " (the only option is case-sensitive)";
    }
    entry.case_sensitive = true;
  }
  std::string problem = SetPronunciation(fields[1], entry);
  if (problem.empty()) out.push_back(std::move(entry));
  return problem;
}

}  // namespace

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) tab = line.size();
    const std::string_view field = Trim(line.substr(start, tab - start));
    if (!fields.empty() && !field.empty() && field.front() == '#') break;
    if (!field.empty()) fields.push_back(field);
    start = tab + 1;
  }
  return fields;
}

std::string SetPronunciation(std::string_view written, Entry& entry) {
  if (written.substr(0, 2) == "[[") return SetEspeak(written, entry);
  if (written.substr(0, 1) == "/") return SetIpa(written, entry);
  return SetRespelling(written, entry);
}

// The line of the entry past kMaxLexiconEntries, or 0: counted before parsing, so an
// oversized file fails at once (each line that is not blank or a comment is an entry).
int LineOverEntryLimit(std::string_view content) {
  std::size_t entries = 0;
  int line_no = 0;
  for (std::size_t start = 0; start < content.size();) {
    std::size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    ++line_no;
    const std::string_view line = TrimSpace(content.substr(start, end - start));
    if (!line.empty() && line.front() != '#' && ++entries > kMaxLexiconEntries) return line_no;
    start = end + 1;
  }
  return 0;
}

Parsed ParseNative(std::string_view content, const std::string& name) {
  Parsed parsed;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  if (int over = LineOverEntryLimit(content)) {
    parsed.problems.push_back({name, over, EntryLimitMessage()});
    return parsed;
  }
  int line_no = 0;
  for (std::size_t start = 0; start < content.size();) {
    std::size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    start = end + 1;
    if (line.size() > kMaxLexiconLineBytes) {
      parsed.problems.push_back({name, line_no, LineLimitMessage()});
      continue;
    }
    Entry entry;
    entry.file = name;
    entry.line = line_no;
    std::string problem = ParseLine(line, std::move(entry), parsed.entries);
    if (!problem.empty()) parsed.problems.push_back({name, line_no, std::move(problem)});

  }
  CheckEntries(parsed.entries, parsed.problems);
  return parsed;
}

}  // namespace narrate::pronunciation::internal

namespace narrate::pronunciation {

Result<Entry> ParsePronunciation(std::string_view grapheme, std::string_view written) {
  Entry entry;
  entry.grapheme = std::string(internal::Trim(grapheme));
  if (written.find_first_of("\t\r\n") != std::string_view::npos)
    return Status::InvalidInput("a pronunciation cannot hold a tab or line break");
  if (written.find('#') != std::string_view::npos)  // in a file it would start a comment
    return Status::InvalidInput(
        "a pronunciation cannot hold '#' (in a lexicon file it starts a comment)");
  const std::string_view trimmed = internal::Trim(written);
  if (trimmed.empty())
    return Status::InvalidInput("empty pronunciation for \"" + entry.grapheme + "\"");
  std::string problem = internal::SetPronunciation(trimmed, entry);
  if (!problem.empty()) return Status::InvalidInput(std::move(problem));
  return entry;
}

}  // namespace narrate::pronunciation
