// Finding and loading the lexicons that apply to a book.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "pronunciation/internal.h"
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
                                  const std::string& user,
                                  const std::vector<LexiconText>& embedded) {
  std::vector<Candidate> out;
  if (!user.empty()) {
    out.push_back({user});
    out.push_back({user + ".pls"});
  }
  for (const LexiconText& text : embedded) out.push_back({text.name, true, &text});
  if (!book.empty()) {
    out.push_back({BookLexiconPath(book)});
    out.push_back({fs::path(book).replace_extension(".pls").string()});
  }
  for (const std::string& f : files) out.push_back({f, true});
  return out;
}

// Blanks, line for line, each <lexeme> holding a problem's line; false when one is in none.
bool BlankProblemLexemes(const std::vector<internal::Problem>& problems, std::string& content) {
  std::vector<std::size_t> starts{0};  // offset of each line
  for (std::size_t at = content.find('\n'); at != std::string::npos;
       at = content.find('\n', at + 1))
    starts.push_back(at + 1);
  for (const internal::Problem& p : problems) {
    if (p.line <= 0 || static_cast<std::size_t>(p.line) > starts.size()) return false;
    const std::size_t line_start = starts[p.line - 1];
    const std::size_t line_end = content.find('\n', line_start);
    const std::size_t begin = content.rfind("<lexeme", line_end);
    const std::size_t end = content.find("</lexeme>", line_start);
    if (begin == std::string::npos || end == std::string::npos || begin > end) return false;
    for (std::size_t i = begin; i < end + 9; ++i) {
      if (content[i] != '\n') content[i] = ' ';
    }
  }
  return true;
}

// A book's own PLS is not the reader's to fix: a lexeme with a problem (say,
// a grapheme narrate cannot match) is left out, the rest is used. The
// lexeme is blanked line for line, so later problems keep their line numbers.
// All problem lexemes go in one pass (one at a time was a parse per problem).
Result<Lexicon> ParseBookLexicon(const LexiconText& text) {
  std::string content = text.content;
  for (int round = 0;; ++round) {
    Result<Lexicon> lexicon = Lexicon::Parse(content, text.name);
    if (lexicon.ok() || round == 3) return lexicon;
    const internal::Parsed parsed = internal::ParseAny(content, text.name);
    if (parsed.problems.empty() || !BlankProblemLexemes(parsed.problems, content)) return lexicon;
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

std::string BookLexiconPath(const std::string& book_path) {
  return fs::path(book_path).replace_extension(".lexicon").string();
}

std::vector<std::string> LexiconFiles(const std::string& book_path,
                                      const std::vector<std::string>& explicit_files,
                                      const std::string& user_lexicon) {
  std::vector<std::string> out;
  for (const Candidate& c : Candidates(book_path, explicit_files, user_lexicon, {}))
    out.push_back(c.path);
  return out;
}

Result<LexiconSet> LoadLexicons(const std::string& book_path,
                                const std::vector<std::string>& explicit_files,
                                const std::string& user_lexicon,
                                const std::vector<LexiconText>& embedded) {
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
