// W3C Pronunciation Lexicon Specification 1.0, read with pugixml.
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "pronunciation/internal.h"
#include "pronunciation/ipa.h"
#include "pronunciation/text_util.h"

namespace narrate::pronunciation::internal {
namespace {

// Element name without a namespace prefix.
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Byte offset -> line number by binary search over the line starts, found once per file
// (counting newlines from the start for each lexeme made loading quadratic).
class LineIndex {
 public:
  explicit LineIndex(std::string_view content) {
    for (std::size_t at = content.find('\n'); at != std::string_view::npos;
         at = content.find('\n', at + 1)) {
      starts_.push_back(at + 1);
    }
  }
  // Offset 0 -> 1; an offset just after the first newline -> 2; unknown (< 0) -> 0.
  int LineOf(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    const auto after =
        std::upper_bound(starts_.begin(), starts_.end(), static_cast<std::size_t>(offset));
    return 1 + static_cast<int>(after - starts_.begin());
  }

 private:
  std::vector<std::size_t> starts_;  // offset of each line after the first
};

struct PlsReader {
  const std::string& name;
  LineIndex lines;
  Parsed parsed;
  bool full = false;  // kMaxLexiconEntries reached: the rest is not read

  int LineOf(std::ptrdiff_t offset) const { return lines.LineOf(offset); }
  void Problem(int line, std::string message) {
    parsed.problems.push_back({name, line, std::move(message)});
  }
  void ReadLexeme(const pugi::xml_node& lexeme, std::string_view alphabet);
  void ReadRoot(const pugi::xml_node& root);
};

// The pronunciation to use: the first <phoneme>/<alias> marked prefer="true", else the first.
pugi::xml_node ChoosePronunciation(const pugi::xml_node& lexeme) {
  pugi::xml_node first;
  for (pugi::xml_node child : lexeme.children()) {
    const std::string_view local = LocalName(child);
    if (local != "phoneme" && local != "alias") continue;
    if (std::strcmp(child.attribute("prefer").value(), "true") == 0) return child;
    if (!first) first = child;
  }
  return first;
}

void PlsReader::ReadLexeme(const pugi::xml_node& lexeme, std::string_view alphabet) {
  const int line = LineOf(lexeme.offset_debug());
  const pugi::xml_node chosen = ChoosePronunciation(lexeme);
  std::vector<std::string> graphemes;
  for (pugi::xml_node child : lexeme.children()) {
    if (LocalName(child) != "grapheme") continue;
    if (parsed.entries.size() + graphemes.size() >= kMaxLexiconEntries) {
      full = true;
      return Problem(LineOf(child.offset_debug()), EntryLimitMessage());
    }
    graphemes.push_back(std::string(TrimSpace(child.text().get())));
  }
  if (graphemes.empty()) return Problem(line, "<lexeme> has no <grapheme>");
  if (!chosen)
    return Problem(line, "<lexeme> for \"" + graphemes[0] + "\" has no <phoneme> or <alias>");
  std::string_view kind = LocalName(chosen) == "alias" ? "alias" : alphabet;
  if (kind != "alias" && chosen.attribute("alphabet")) kind = chosen.attribute("alphabet").value();
  for (const std::string& grapheme : graphemes) {
    Entry entry{grapheme, "", "", false, name, LineOf(chosen.offset_debug()), false, ""};
    std::string problem = SetPlsPronunciation(chosen.text().get(), kind, entry);
    if (!problem.empty()) return Problem(entry.line, problem);
    parsed.entries.push_back(std::move(entry));
  }
}

void PlsReader::ReadRoot(const pugi::xml_node& root) {
  if (LocalName(root) != "lexicon") {
    return Problem(LineOf(root.offset_debug()), "not a PLS lexicon: root element is <" +
                                                    std::string(root.name()) + ">, not <lexicon>");
  }
  const std::string_view alphabet =
      root.attribute("alphabet") ? root.attribute("alphabet").value() : "ipa";
  for (pugi::xml_node child : root.children()) {
    if (LocalName(child) == "lexeme") ReadLexeme(child, alphabet);
    if (full) return;
  }
}

}  // namespace

std::string SetPlsPronunciation(std::string_view text, std::string_view alphabet, Entry& entry) {
  text = TrimSpace(text);
  if (text.empty()) return "empty pronunciation for \"" + entry.grapheme + "\"";
  if (alphabet == "alias") {
    entry.alias = true;
    for (char c : text) {
      const bool space = std::isspace(static_cast<unsigned char>(c));
      if (!space)
        entry.respelling.push_back(c);
      else if (!entry.respelling.empty() && entry.respelling.back() != ' ')
        entry.respelling.push_back(' ');
    }
    entry.written = entry.respelling;
    return "";
  }
  if (alphabet == "x-espeak" || alphabet == "espeak") {
    Status valid = ValidateEspeak(text);
    if (!valid.ok()) return valid.message();
    entry.espeak = std::string(text);
    entry.written = "[[" + entry.espeak + "]]";
    return "";
  }
  if (alphabet != "ipa") {
    return "unsupported alphabet \"" + std::string(alphabet) + "\" (use ipa or x-espeak)";
  }
  auto espeak = IpaToEspeak(text);
  if (!espeak.ok()) return espeak.status().message() + " in \"" + std::string(text) + "\"";
  if (espeak->empty()) return "empty pronunciation for \"" + entry.grapheme + "\"";
  entry.espeak = *espeak;
  entry.written = "/" + std::string(text) + "/";
  return "";
}

Parsed ParsePls(std::string_view content, const std::string& name) {
  PlsReader reader{name, LineIndex(content), {}};
  pugi::xml_document doc;
  const pugi::xml_parse_result result =
      doc.load_buffer(content.data(), content.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) {
    reader.Problem(reader.LineOf(result.offset), std::string("XML error: ") + result.description());
    return std::move(reader.parsed);
  }
  reader.ReadRoot(doc.document_element());
  if (reader.full) return std::move(reader.parsed);  // a partial list: duplicates unknown
  CheckEntries(reader.parsed.entries, reader.parsed.problems);
  return std::move(reader.parsed);
}

}  // namespace narrate::pronunciation::internal
