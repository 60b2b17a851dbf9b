// Lexicon editing, and what an edit re-renders.
#include <filesystem>
#include <map>

#include "app/app.h"
#include "common/atomic_file.h"
#include "common/interrupt.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;
using Hashes = std::map<std::string, std::string>;  // file name → planned hash

// What a build with `options` and these lexicons would write; empty when
// the lexicons do not load (no build could have run with them).
Hashes Planned(const source::Book& book, const pipeline::BuildOptions& options,
               const Result<pipeline::TextPreparer>& preparer) {
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

// Whether the preparer loaded the lexicon at path (the user-wide one,
// <book>.lexicon, or one of the --lexicon files).
bool Loads(const Result<pipeline::TextPreparer>& preparer, const std::string& path) {
  if (!preparer.ok()) return false;
  for (const pipeline::LoadedLexicon& l : preparer->lexicons()) {
    if (SameFile(l.path, path)) return true;
  }
  return false;
}

// The book's hashes before the edit, and the options to plan with after it:
// the edited file counts as one more --lexicon where the build does not load
// it already.
Hashes Before(const source::Book& book, const std::string& path, bool file_exists,
              pipeline::BuildOptions& after) {
  const pipeline::BuildOptions now = after;
  const auto current = LoadPreparer(now.speech, book.path, &book);
  if (Loads(current, path)) return Planned(book, now, current);
  after.speech.lexicons.push_back(path);
  if (!file_exists) return Planned(book, now, current);  // nothing there yet
  return Planned(book, after, LoadPreparer(after.speech, book.path, &book));
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
  pipeline::BuildOptions after = options;
  const Hashes old_hashes =
      book != nullptr ? Before(*book, lexicon_path, original.ok(), after) : Hashes{};
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
  // Planning stops early on Ctrl-C: a partial plan would under-report (the edit itself is saved).
  if (Interrupted()) return Status::Interrupted();
  return report;
}

}  // namespace narrate::app
