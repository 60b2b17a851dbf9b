// The session's names: where the names to check and the lexicons' words are
// in the written text, the sentence each name is first heard in, and the
// names kept as eSpeak says them.
#include <algorithm>
#include <filesystem>

#include "app/session_parts.h"
#include "common/atomic_file.h"
#include "output/package/subtitles.h"
#include "tts/text/normalize.h"

namespace narrate::app::session {
namespace {

// The file a name finder's own entries say they come from (no lexicon file
// can be called this: it holds a NUL).
const std::string kNameFile = std::string("\0names", 6);

// Each name as an entry of its own, for Lexicon::Find; a name no lexicon
// line can hold (it never starts with a letter) is left out.
pronunciation::Lexicon NameFinder(const std::vector<pronunciation::Suggestion>& names) {
  std::string lines;
  for (const pronunciation::Suggestion& s : names) {
    const std::string line = s.text + "\t[[a]]\n";
    if (pronunciation::Lexicon::Parse(line, kNameFile).ok()) lines += line;
  }
  auto finder = pronunciation::Lexicon::Parse(lines, kNameFile);
  return finder.ok() ? std::move(*finder) : pronunciation::Lexicon();
}

std::string_view Trimmed(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") + 1 - first);
}

}  // namespace

NameIndex IndexNames(const std::vector<pronunciation::Suggestion>& names,
                     const pronunciation::Lexicon& lexicon) {
  NameIndex index{{}, NameFinder(names)};
  for (const pronunciation::Suggestion& s : names) {
    NameToCheck name;
    name.word = s.text;
    name.count = s.count;
    index.names.push_back(std::move(name));
  }
  index.finder.Merge(lexicon);
  return index;
}

void PlaceNames(const source::Book& book, const std::string& language,
                std::vector<NameToCheck>& names) {
  std::vector<pronunciation::Suggestion> words;
  std::map<std::string, std::size_t> index;  // grapheme → names
  for (std::size_t i = 0; i < names.size(); ++i) {
    words.push_back({names[i].word, names[i].count});
    index.emplace(names[i].word, i);
  }
  const pronunciation::Lexicon finder = NameFinder(words);
  std::size_t left = names.size();
  for (std::size_t c = 0; c < book.chapters.size() && left > 0; ++c) {
    const auto& paragraphs = book.chapters[c].paragraphs;
    for (std::size_t p = 0; p < paragraphs.size() && left > 0; ++p) {
      for (const pronunciation::Lexicon::Match& m : finder.Find(paragraphs[p].text)) {
        auto it = index.find(m.entry->grapheme);
        if (it == index.end() || names[it->second].chapter != 0) continue;
        NameToCheck& name = names[it->second];
        name.chapter = static_cast<int>(c) + 1;
        name.paragraph = static_cast<int>(p) + 1;
        name.sentence = SentenceAt(paragraphs[p].text, m.begin, language);
        --left;
      }
    }
  }
}

std::vector<MarkedName> MarkNames(std::string_view text, const pronunciation::Lexicon& finder) {
  std::vector<MarkedName> marks;
  std::size_t byte = 0, code_points = 0;  // counted so far
  for (const pronunciation::Lexicon::Match& m : finder.Find(text)) {
    code_points += package::CodePoints(text.substr(byte, m.begin - byte));
    const std::string_view word = text.substr(m.begin, m.end - m.begin);
    const std::size_t start = code_points;
    code_points += package::CodePoints(word);
    byte = m.end;
    const NameKind kind = m.entry->file == kNameFile ? NameKind::kSuggested : NameKind::kLexicon;
    marks.push_back({start, code_points, std::string(word), kind});
  }
  return marks;
}

std::string SentenceAt(std::string_view paragraph, std::size_t at, const std::string& language) {
  std::size_t from = 0;
  for (const std::string& sentence : text::SplitSentences(paragraph, language)) {
    const std::size_t start = paragraph.find(sentence, from);
    if (start == std::string_view::npos) break;  // not as written: the paragraph will do
    if (at < start + sentence.size())
      return at >= start ? sentence : std::string(Trimmed(paragraph));
    from = start + sentence.size();
  }
  return std::string(Trimmed(paragraph));
}

KeptNames::KeptNames(std::string path) : path_(std::move(path)) {
  (void)Read();  // unreadable: none are marked kept, and Set says what is wrong
}

Status KeptNames::Read() {
  lines_.clear();
  auto content = ReadWholeFile(path_);
  std::error_code ec;
  if (!content.ok() && !std::filesystem::exists(path_, ec)) return Status::Ok();  // none kept yet
  if (!content.ok()) return content.status();  // there but unreadable: never rewritten
  std::string_view rest = *content;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines_.emplace_back(line);
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return Status::Ok();
}

bool KeptNames::Has(const std::string& word) const {
  return std::any_of(lines_.begin(), lines_.end(),
                     [&](const std::string& line) { return Trimmed(line) == word; });
}

Status KeptNames::Set(const std::string& word, bool kept) {
  if (Trimmed(word).empty() || Trimmed(word) != word || word.starts_with('#') ||
      word.find_first_of("\r\n") != std::string::npos)
    return Status::InvalidInput("\"" + word + "\" cannot be kept as a name");
  if (Status read = Read(); !read.ok()) return read;
  if (Has(word) == kept) return Status::Ok();
  if (kept)
    lines_.push_back(word);
  else
    std::erase_if(lines_, [&](const std::string& line) { return Trimmed(line) == word; });
  std::string content;
  for (const std::string& line : lines_) content += line + "\n";
  return WriteFileAtomically(path_, content);
}

}  // namespace narrate::app::session
