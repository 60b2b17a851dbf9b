// Lexicon editing, and what an edit re-renders.
#include <filesystem>
#include <map>

#include "app/app.h"
#include "common/atomic_file.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;
using Hashes = std::map<std::string, std::string>;  // file name → planned hash

// What a build with `options` would write; empty when its lexicons do not
// load (no build could have run with them).
Hashes Planned(const source::Book& book, const pipeline::BuildOptions& options) {
  auto preparer = LoadPreparer(options.speech, book.path, &book);
  Hashes hashes;
  if (!preparer.ok()) return hashes;
  for (const pipeline::PlannedFile& f : pipeline::PlanFiles(book, options, *preparer)) {
    hashes[f.file_name] = f.hash;
  }
  return hashes;
}

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

// Whether a build with `options` already loads the lexicon at path (the
// user-wide one, <book>.lexicon, or one of options.speech.lexicons).
bool Loads(const source::Book& book, const pipeline::BuildOptions& options,
           const std::string& path) {
  auto preparer = LoadPreparer(options.speech, book.path, &book);
  if (!preparer.ok()) return false;
  for (const pipeline::LoadedLexicon& l : preparer->lexicons()) {
    if (SameFile(l.path, path)) return true;
  }
  return false;
}

// Puts the file back as it was before an edit whose result cannot be used.
void Restore(const std::string& path, const Result<std::string>& original) {
  if (original.ok())
    WriteFileAtomically(path, *original);
  else
    fs::remove(path);
}

void AddChanged(const Hashes& before, const pipeline::PlannedFile& f, LexiconEditReport& report) {
  auto it = before.find(f.file_name);
  if (it != before.end() && it->second == f.hash) return;
  report.files.push_back(f.file_name);
  report.chapters.insert(report.chapters.end(), f.chapters.begin(), f.chapters.end());
}

}  // namespace

Result<LexiconEditReport> EditLexicon(const std::string& lexicon_path,
                                      const pronunciation::LexiconEdit& edit,
                                      const source::Book* book,
                                      const pipeline::BuildOptions& options) {
  const Result<std::string> original = ReadWholeFile(lexicon_path);  // fails when add creates it
  pipeline::BuildOptions before = options, after = options;
  if (book != nullptr && !Loads(*book, options, lexicon_path)) {
    after.speech.lexicons.push_back(lexicon_path);
    if (original.ok()) before.speech.lexicons.push_back(lexicon_path);
  }
  const Hashes old_hashes = book != nullptr ? Planned(*book, before) : Hashes{};
  auto outcome = pronunciation::EditLexiconFile(lexicon_path, edit);
  if (!outcome.ok()) return outcome.status();
  LexiconEditReport report{std::move(*outcome), {}, {}};
  if (book == nullptr) return report;
  auto preparer = LoadPreparer(after.speech, book->path, book);
  if (!preparer.ok()) {
    Restore(lexicon_path, original);
    return preparer.status();
  }
  for (const pipeline::PlannedFile& f : pipeline::PlanFiles(*book, after, *preparer)) {
    AddChanged(old_hashes, f, report);
  }
  return report;
}

}  // namespace narrate::app
