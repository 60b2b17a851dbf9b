// Lexicon editing, and what an edit re-renders.
#include <map>

#include "app/app.h"

namespace narrate::app {
namespace {

// File name → hash of what a build would write; empty when the lexicons do
// not load (no build could have run with them).
std::map<std::string, std::string> Hashes(const source::Book& book,
                                          const pipeline::BuildOptions& options) {
  auto preparer = LoadPreparer(options.speech, book.path, &book);
  std::map<std::string, std::string> hashes;
  if (!preparer.ok()) return hashes;
  for (const pipeline::PlannedFile& f : pipeline::PlanFiles(book, options, *preparer)) {
    hashes[f.file_name] = f.hash;
  }
  return hashes;
}

}  // namespace

Result<LexiconEditReport> EditLexicon(const std::string& lexicon_path,
                                      const pronunciation::LexiconEdit& edit,
                                      const source::Book* book,
                                      const pipeline::BuildOptions& options) {
  std::map<std::string, std::string> before;
  if (book != nullptr) before = Hashes(*book, options);
  auto outcome = pronunciation::EditLexiconFile(lexicon_path, edit);
  if (!outcome.ok()) return outcome.status();
  LexiconEditReport report{std::move(*outcome), {}, {}};
  if (book == nullptr) return report;
  auto preparer = LoadPreparer(options.speech, book->path, book);
  if (!preparer.ok()) return preparer.status();
  for (const pipeline::PlannedFile& f : pipeline::PlanFiles(*book, options, *preparer)) {
    auto it = before.find(f.file_name);
    if (it != before.end() && it->second == f.hash) continue;
    report.files.push_back(f.file_name);
    report.chapters.insert(report.chapters.end(), f.chapters.begin(), f.chapters.end());
  }
  return report;
}

}  // namespace narrate::app
