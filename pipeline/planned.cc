// PlanFiles: a build's plan as names and hashes, for callers that ask what
// a change would re-render (lexicon edits in the studio and the CLI).
#include "pipeline/pipeline.h"
#include "pipeline/plan.h"

namespace narrate::pipeline {

std::vector<PlannedFile> PlanFiles(const source::Book& book, const BuildOptions& options,
                                   const TextPreparer& preparer) {
  const std::string dir = options.output_dir.empty() ? DefaultOutputDir(book) : options.output_dir;
  std::vector<PlannedFile> files;
  for (const FileJob& job : PlanBook(book, dir, options, preparer).files) {
    PlannedFile file{job.file_name, job.hash, {}};
    for (const FileChapter& c : job.chapters) file.chapters.push_back(c.number);
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace narrate::pipeline
