// Builds of many books (catalogue.h names them): each book prepared as a
// single build prepares it, then built, planned as render tasks, or rendered
// task by task into a shared cache by any number of machines.
//
// Contracts:
// - Failure: a book that cannot be prepared or built (missing, unreadable, a
//   bad cast file, an unwritable folder) is reported through the events and
//   the others still go on; only an interrupt stops the rest.
// - Every process given the same books, settings and versions of narrate,
//   eSpeak and LAME plans the same tasks with the same ids, in the same order,
//   and shares them out the same way (ShardOf).
// - Memory: books are prepared one at a time and let go once done; a plan
//   keeps only its tasks.
// - Threading: one call at a time per Speaker; events are called on the
//   calling thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/catalogue.h"
#include "common/status.h"
#include "pipeline/pipeline.h"
#include "source/book.h"

namespace narrate::app {

// What the command line sets for every book; a catalogue row overrides some
// (CatalogueEntry: title, author, narrator, voices, output; its lexicons are
// loaded after these).
struct BatchSettings {
  source::ReadOptions reading;
  pipeline::BuildOptions build;  // speech, format, jobs, cache_dir, ...; not output_dir
  bool voice_given = false;      // else each book's language picks its voice
  std::string voices_path;       // --voices; "" = each book's own voices.toml
  TagOptions tags;
  Layout layout = Layout::kFlat;
  // -o: one book's folder; with several books the base folder, each book in
  // <output>/<title>/ (author-title: <output>/<author>/<title>/, as for one).
  std::string output;
  std::string chapters;  // --chapters as written; "" = all
};

// A book ready to build, exactly as a build of it alone is prepared.
struct PreparedBook {
  CatalogueEntry entry;
  source::Book book;
  pipeline::BuildOptions options;  // complete: voice, voicing, tags, chapters, output_dir
  std::shared_ptr<const pipeline::TextPreparer> preparer;
  std::string voice;  // in words: "en-gb (the book's language)"
};

// A note for the user, one line (the encoding a book was read in, a voice a
// language lacks, a cover that cannot be used, a cast's warning).
using NoteFn = std::function<void(const std::string& note)>;

// Reads and prepares one book: the voice (ChooseVoice), its cast (ApplyCast),
// the tags (BookTagsFor), the chapters, the output folder (`several`: the
// output is a base folder), the lexicons (LoadPreparer), the checks
// (CheckBuildOptions). Errors name the file at fault; notes go to on_note
// (may be empty) as they arise, also when a later step fails.
Result<PreparedBook> PrepareBook(const CatalogueEntry& entry, const BatchSettings& settings,
                                 bool several, Speaker& speaker, const NoteFn& on_note = {});

struct BatchEvents {
  std::function<void(const CatalogueEntry&, const std::string& note)> on_note;
  std::function<void(const PreparedBook&, std::size_t index)> on_prepared;  // before its work
  std::function<void(const CatalogueEntry&, const Status&)> on_failed;      // and the next begins
  pipeline::ChapterDone on_chapter;                                         // builds
  std::function<void(const PreparedBook&, const pipeline::BuildReport&)> on_built;
  pipeline::RenderTaskDone on_task;  // renders
  std::function<bool()> cancelled;   // empty: Ctrl-C/SIGTERM
};

struct BatchSummary {
  std::size_t succeeded = 0;  // books built (or whose tasks were planned or rendered)
  std::size_t failed = 0;
  std::size_t rendered = 0;  // tasks rendered (RenderCatalogue)
  std::size_t cached = 0;    // tasks found in the cache (RenderCatalogue)
  bool interrupted = false;  // the rest was not done
};

// Builds every book in turn. Two books that would write the same folder:
// the later fails (kInvalidInput, "b.txt: writes the same folder as a.txt (audiobooks/X);
// give it an output folder"). With settings.build.cache_dir the parts come
// from (and go to) the shared cache.
BatchSummary BuildBooks(const std::vector<CatalogueEntry>& entries, const BatchSettings& settings,
                        const BatchEvents& events);

// A render task of a catalogue: which book (index into the entries) it
// belongs to. Tasks are listed once per id (the first book planning it).
struct CatalogueTask {
  pipeline::RenderTask task;
  std::size_t book = 0;
};
// Plans every book in turn (a book that fails is left out: the shares of a
// machine that cannot read a book differ, and that machine's run fails).
struct CataloguePlan {
  std::vector<CatalogueTask> tasks;  // in book order, then file and part order
  std::vector<std::string> titles;   // per entry ("" when it failed)
  std::vector<std::string> folders;  // per entry: its output folder ("" when it failed)
  BatchSummary summary;
};
CataloguePlan PlanCatalogue(const std::vector<CatalogueEntry>& entries,
                            const BatchSettings& settings, const BatchEvents& events);

// `--shard K/N` as written: "2/4" → {2, 4}; 1 <= K <= N <= 100000, else a
// kUsage error ("--shard 5/4: K must be 1..N").
struct Shard {
  int index = 1;  // K, 1-based
  int count = 1;  // N
};
Result<Shard> ParseShard(std::string_view spec);

// The 1-based shard of every task of plan among shard_count
// (pipeline::AssignShards over their costs).
std::vector<int> SharesOf(const CataloguePlan& plan, int shard_count);
// The indices of plan.tasks in shard K of N, in plan order.
std::vector<std::size_t> ShardOf(const CataloguePlan& plan, Shard shard);

// `plan --json`: {"books": [{"book", "title", "output", "tasks", "cost_s"}], "tasks":
// [{"id", "book" (its path), "file", "chapters", "part", "parts", "text_bytes",
// "cost_s", "shard" (1-based, when shard_count > 0), "cache_path" (relative to the cache
// folder)}], "total_cost_s", "shards": [{"shard", "tasks", "cost_s"}] (when shard_count > 0)}.
std::string PlanJson(const CataloguePlan& plan, const std::vector<CatalogueEntry>& entries,
                     int shard_count);

// Renders the catalogue's tasks whose ids are in `ids` into
// settings.build.cache_dir (pipeline::RenderTasks), preparing only the
// books that have some. A book that fails is reported and skipped.
BatchSummary RenderCatalogue(const std::vector<CatalogueEntry>& entries,
                             const BatchSettings& settings, const CataloguePlan& plan,
                             const std::vector<std::string>& ids, const BatchEvents& events);

}  // namespace narrate::app
