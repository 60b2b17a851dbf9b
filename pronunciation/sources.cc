// Finding and loading the lexicons that apply to a book.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "pronunciation/lexicon.h"

namespace narrate::pronunciation {
namespace {

namespace fs = std::filesystem;

bool IsFile(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_regular_file(path, ec);
}

std::string Canonical(const std::string& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

// Candidate files in load order; `required` ones must exist.
struct Candidate {
  std::string path;
  bool required = false;
  const LexiconText* embedded = nullptr;  // in memory, not a file
};

std::vector<Candidate> Candidates(const std::string& book, const std::vector<std::string>& files,
                                  const std::string& user, const std::vector<LexiconText>& embedded) {
  std::vector<Candidate> out;
  if (!user.empty()) {
    out.push_back({user});
    out.push_back({user + ".pls"});
  }
  for (const LexiconText& text : embedded) out.push_back({text.name, true, &text});
  if (!book.empty()) {
    out.push_back({fs::path(book).replace_extension(".lexicon").string()});
    out.push_back({fs::path(book).replace_extension(".pls").string()});
  }
  for (const std::string& f : files) out.push_back({f, true});
  return out;
}

// A book's own PLS is not the reader's to fix: a lexeme with a problem (say,
// a grapheme narrate cannot match) is left out, the rest is used. The
// lexeme is blanked line for line, so later problems keep their line numbers.
Result<Lexicon> ParseBookLexicon(const LexiconText& text) {
  std::string content = text.content;
  for (int attempt = 0;; ++attempt) {
    Result<Lexicon> lexicon = Lexicon::Parse(content, text.name);
    if (lexicon.ok() || attempt == 1000) return lexicon;
    const int line = lexicon.status().line();
    std::size_t at = 0;
    for (int l = 1; l < line && at != std::string::npos; ++l) at = content.find('\n', at + 1);
    if (line <= 0 || at == std::string::npos) return lexicon;
    std::size_t begin = content.rfind("<lexeme", at);
    std::size_t end = content.find("</lexeme>", at);
    if (begin == std::string::npos || end == std::string::npos) return lexicon;
    for (std::size_t i = begin; i < end + 9; ++i) {
      if (content[i] != '\n') content[i] = ' ';
    }
  }
}

}  // namespace

std::string DefaultUserLexiconPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/narrate/lexicon";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.config/narrate/lexicon";
  return "";
}

Result<LexiconSet> LoadLexicons(const std::string& book_path, const std::vector<std::string>& explicit_files,
                                const std::string& user_lexicon, const std::vector<LexiconText>& embedded) {
  LexiconSet set;
  std::vector<std::string> seen;
  for (const Candidate& c : Candidates(book_path, explicit_files, user_lexicon, embedded)) {
    if (c.embedded) {
      auto lexicon = ParseBookLexicon(*c.embedded);
      if (!lexicon.ok()) return lexicon.status();
      set.lexicon.Merge(*lexicon);
      set.loaded.push_back({c.path, lexicon->size()});
      continue;
    }
    if (!IsFile(c.path)) {
      if (!c.required) continue;
      return Status::InFile(StatusCode::kNotFound, c.path, 0, "no such lexicon file");
    }
    const std::string canonical = Canonical(c.path);
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
    seen.push_back(canonical);
    auto lexicon = Lexicon::LoadFile(c.path);
    if (!lexicon.ok()) return lexicon.status();
    set.lexicon.Merge(*lexicon);
    set.loaded.push_back({c.path, lexicon->size()});
  }
  return set;
}

}  // namespace narrate::pronunciation
