#include "app/batch.h"

#include <charconv>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "app/cast.h"
#include "common/interrupt.h"
#include "output/package/package.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;

// The settings with a catalogue row's own over them.
BatchSettings ForEntry(const CatalogueEntry& entry, const BatchSettings& settings) {
  BatchSettings own = settings;
  if (!entry.title.empty()) own.reading.title = entry.title;
  if (!entry.author.empty()) own.reading.author = entry.author;
  if (!entry.narrator.empty()) own.tags.narrator = entry.narrator;
  if (!entry.voices.empty()) own.voices_path = entry.voices;
  auto& lexicons = own.build.speech.lexicons;
  lexicons.insert(lexicons.end(), entry.lexicons.begin(), entry.lexicons.end());
  return own;
}

// The folder a book is built in: the row's, else as for one book, except
// that with several books a flat -o is the base of <output>/<title>/.
std::string FolderFor(const CatalogueEntry& entry, const source::Book& book,
                      const BatchSettings& settings, bool several) {
  if (!entry.output.empty()) return entry.output;
  if (several && settings.layout == Layout::kFlat && !settings.output.empty())
    return (fs::path(settings.output) / package::SafeFileName(book.title)).string();
  return OutputDirFor(book, settings.output, settings.layout);
}

void Tell(const NoteFn& on_note, const std::vector<std::string>& notes) {
  for (const std::string& note : notes)
    if (on_note) on_note(note);
}

// The voice, then the cast over it; the voice in words.
Status ChooseSpeech(PreparedBook& out, const BatchSettings& s, Speaker& speaker,
                    const NoteFn& on_note) {
  auto choice = ChooseVoice(s.build.speech.voice, s.voice_given, &out.book, speaker);
  if (!choice.ok()) return choice.status();
  if (!choice->note.empty()) Tell(on_note, {choice->note});
  out.voice = DescribeVoice(*choice);
  out.options.speech.voice = choice->voice;
  std::vector<std::string> warnings;
  Status cast = ApplyCast(out.book, s.voices_path, out.options.speech, &warnings);
  Tell(on_note, warnings);
  NARRATE_RETURN_IF_ERROR(cast);
  if (!(out.options.speech.voice == choice->voice))
    out.voice = out.options.speech.voice.name + " (the cast's narrator)";
  return Status::Ok();
}

Status CompleteOptions(PreparedBook& out, const BatchSettings& s, bool several,
                       const NoteFn& on_note) {
  auto selected = SelectChapters(out.book, s.chapters);
  if (!selected.ok()) return selected.status();
  std::vector<std::string> warnings;  // the book's own cover, when it cannot be used
  auto tags = BookTagsFor(out.book, s.tags, &warnings);
  Tell(on_note, warnings);
  if (!tags.ok()) return tags.status();
  out.options.chapters = *selected;
  out.options.tags = std::move(*tags);
  out.options.output_dir = FolderFor(out.entry, out.book, s, several);
  auto preparer = LoadPreparer(out.options.speech, out.entry.book, &out.book);
  if (!preparer.ok()) return preparer.status();
  out.preparer = std::make_shared<const pipeline::TextPreparer>(std::move(*preparer));
  return app::CheckBuildOptions(out.book, out.options);
}

}  // namespace

Result<PreparedBook> PrepareBook(const CatalogueEntry& entry, const BatchSettings& settings,
                                 bool several, Speaker& speaker, const NoteFn& on_note) {
  const BatchSettings s = ForEntry(entry, settings);
  auto book = OpenBook(entry.book, s.reading);
  if (!book.ok()) return book.status();
  PreparedBook out{entry, std::move(*book), s.build, nullptr, ""};
  Tell(on_note, out.book.notices);
  NARRATE_RETURN_IF_ERROR(ChooseSpeech(out, s, speaker, on_note));
  NARRATE_RETURN_IF_ERROR(CompleteOptions(out, s, several, on_note));
  return out;
}

namespace {

bool Cancelled(const BatchEvents& events) {
  return events.cancelled ? events.cancelled() : Interrupted();
}

void Failed(const BatchEvents& events, const CatalogueEntry& entry, const Status& status,
            BatchSummary& summary) {
  ++summary.failed;
  if (events.on_failed) events.on_failed(entry, status);
}

// The folder a prepared book is built in.
std::string FolderOf(const PreparedBook& prepared) {
  return prepared.options.output_dir.empty() ? pipeline::DefaultOutputDir(prepared.book)
                                             : prepared.options.output_dir;
}

// The folder the book writes, or an error when an earlier book of the batch writes it.
Status ClaimFolder(const PreparedBook& prepared, std::map<std::string, std::string>& claimed) {
  const std::string folder = FolderOf(prepared);
  const std::string key = fs::weakly_canonical(fs::absolute(folder)).string();
  auto [it, fresh] = claimed.emplace(key, prepared.entry.book);
  if (fresh) return Status::Ok();
  return Status::InvalidInput(prepared.entry.book + ": writes the same folder as " + it->second +
                              " (" + folder + "); give it an output folder");
}

// Runs `work` on each book prepared; failures reported, an interrupt stops the rest.
template <typename Work>
BatchSummary ForEachBook(const std::vector<CatalogueEntry>& entries, const BatchSettings& settings,
                         bool several, const BatchEvents& events, const Work& work) {
  BatchSummary summary;
  Speaker speaker;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (Cancelled(events)) {
      summary.interrupted = true;
      break;
    }
    auto note = [&](const std::string& n) {
      if (events.on_note) events.on_note(entries[i], n);
    };
    auto prepared = PrepareBook(entries[i], settings, several, speaker, note);
    Status status = prepared.ok() ? work(*prepared, i) : prepared.status();
    if (status.code() == StatusCode::kInterrupted) {
      Failed(events, entries[i], status, summary);
      summary.interrupted = true;
      break;
    }
    if (!status.ok())
      Failed(events, entries[i], status, summary);
    else
      ++summary.succeeded;
  }
  return summary;
}

}  // namespace

BatchSummary BuildBooks(const std::vector<CatalogueEntry>& entries, const BatchSettings& settings,
                        const BatchEvents& events) {
  std::map<std::string, std::string> claimed;
  return ForEachBook(
      entries, settings, entries.size() > 1, events, [&](const PreparedBook& p, std::size_t i) {
        NARRATE_RETURN_IF_ERROR(ClaimFolder(p, claimed));
        if (events.on_prepared) events.on_prepared(p, i);
        auto report = Build(p.book, p.options, *p.preparer, {events.on_chapter, events.cancelled});
        if (!report.ok()) return report.status();
        if (events.on_built) events.on_built(p, *report);
        return Status::Ok();
      });
}

CataloguePlan PlanCatalogue(const std::vector<CatalogueEntry>& entries,
                            const BatchSettings& settings, const BatchEvents& events) {
  CataloguePlan plan;
  plan.titles.resize(entries.size());
  plan.folders.resize(entries.size());
  std::set<std::string> seen;  // plan and render write no output folder: none is claimed
  plan.summary = ForEachBook(
      entries, settings, entries.size() > 1, events, [&](const PreparedBook& p, std::size_t i) {
        if (events.on_prepared) events.on_prepared(p, i);
        for (pipeline::RenderTask& task : pipeline::PlanTasks(p.book, p.options, *p.preparer)) {
          if (seen.insert(task.id).second) plan.tasks.push_back({std::move(task), i});
        }
        if (Cancelled(events)) return Status::Interrupted();
        plan.titles[i] = p.book.title;
        plan.folders[i] = FolderOf(p);
        return Status::Ok();
      });
  return plan;
}

Result<Shard> ParseShard(std::string_view spec) {
  const std::string shown = "--shard " + std::string(spec);
  const std::size_t slash = spec.find('/');
  auto number = [](std::string_view s, int& out) {
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && error == std::errc() && end == s.data() + s.size();
  };
  Shard shard;
  if (slash == std::string_view::npos || !number(spec.substr(0, slash), shard.index) ||
      !number(spec.substr(slash + 1), shard.count))
    return Status::Usage(shown + ": give K/N, e.g. 2/4 (shard K of N, K from 1)");
  if (shard.count < 1 || shard.count > 100000)
    return Status::Usage(shown + ": N must be 1..100000");
  if (shard.index < 1 || shard.index > shard.count)
    return Status::Usage(shown + ": K must be 1.." + std::to_string(shard.count));
  return shard;
}

std::vector<int> SharesOf(const CataloguePlan& plan, int shard_count) {
  std::vector<double> costs;
  for (const CatalogueTask& t : plan.tasks) costs.push_back(t.task.cost_s);
  std::vector<int> shares = pipeline::AssignShards(costs, shard_count);
  for (int& share : shares) ++share;
  return shares;
}

std::vector<std::size_t> ShardOf(const CataloguePlan& plan, Shard shard) {
  const std::vector<int> shares = SharesOf(plan, shard.count);
  std::vector<std::size_t> mine;
  for (std::size_t t = 0; t < shares.size(); ++t)
    if (shares[t] == shard.index) mine.push_back(t);
  return mine;
}

namespace {

nlohmann::ordered_json TaskJson(const CatalogueTask& t,
                                const std::vector<CatalogueEntry>& entries) {
  const pipeline::RenderTask& task = t.task;
  return {{"id", task.id},
          {"book", entries[t.book].book},
          {"file", task.file_name},
          {"chapters", task.chapters},
          {"part", task.part},
          {"parts", task.parts},
          {"text_bytes", task.text_bytes},
          {"cost_s", task.cost_s},
          {"cache_path", task.id.substr(0, 2) + "/" + task.id}};
}

nlohmann::ordered_json BooksJson(const CataloguePlan& plan,
                                 const std::vector<CatalogueEntry>& entries) {
  nlohmann::ordered_json books = nlohmann::ordered_json::array();
  std::vector<std::size_t> tasks(entries.size(), 0);
  std::vector<double> costs_s(entries.size(), 0.0);
  for (const CatalogueTask& t : plan.tasks) {
    ++tasks[t.book];
    costs_s[t.book] += t.task.cost_s;
  }
  for (std::size_t b = 0; b < entries.size(); ++b) {
    const bool ok = !plan.folders[b].empty();
    books.push_back(
        {{"book", entries[b].book},
         {"title", ok ? nlohmann::ordered_json(plan.titles[b]) : nlohmann::ordered_json()},
         {"output", ok ? nlohmann::ordered_json(plan.folders[b]) : nlohmann::ordered_json()},
         {"tasks", tasks[b]},
         {"cost_s", costs_s[b]}});
  }
  return books;
}

}  // namespace

std::string PlanJson(const CataloguePlan& plan, const std::vector<CatalogueEntry>& entries,
                     int shard_count) {
  nlohmann::ordered_json tasks = nlohmann::ordered_json::array();
  double total_s = 0;
  for (const CatalogueTask& t : plan.tasks) {
    tasks.push_back(TaskJson(t, entries));
    total_s += t.task.cost_s;
  }
  nlohmann::ordered_json json = {
      {"books", BooksJson(plan, entries)}, {"tasks", tasks}, {"total_cost_s", total_s}};
  if (shard_count > 0) {
    const std::vector<int> shares = SharesOf(plan, shard_count);
    std::vector<std::size_t> counts(static_cast<std::size_t>(shard_count) + 1, 0);
    std::vector<double> costs_s(counts.size(), 0.0);
    for (std::size_t t = 0; t < shares.size(); ++t) {
      json["tasks"][t]["shard"] = shares[t];
      ++counts[static_cast<std::size_t>(shares[t])];
      costs_s[static_cast<std::size_t>(shares[t])] += plan.tasks[t].task.cost_s;
    }
    nlohmann::ordered_json shards = nlohmann::ordered_json::array();
    for (std::size_t k = 1; k < counts.size(); ++k)
      shards.push_back({{"shard", k}, {"tasks", counts[k]}, {"cost_s", costs_s[k]}});
    json["shards"] = shards;
  }
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

BatchSummary RenderCatalogue(const std::vector<CatalogueEntry>& entries,
                             const BatchSettings& settings, const CataloguePlan& plan,
                             const std::vector<std::string>& ids, const BatchEvents& events) {
  const std::set<std::string> wanted(ids.begin(), ids.end());
  std::vector<std::vector<std::string>> per_book(entries.size());
  for (const CatalogueTask& t : plan.tasks)
    if (wanted.contains(t.task.id)) per_book[t.book].push_back(t.task.id);
  std::vector<CatalogueEntry> chosen;
  std::vector<std::size_t> index;
  for (std::size_t b = 0; b < entries.size(); ++b) {
    if (per_book[b].empty()) continue;
    chosen.push_back(entries[b]);
    index.push_back(b);
  }
  BatchSummary totals;  // counted as tasks finish: right also after an interrupt
  auto on_task = [&](const pipeline::RenderTask& task, bool rendered) {
    ++(rendered ? totals.rendered : totals.cached);
    if (events.on_task) events.on_task(task, rendered);
  };
  auto render = [&](const PreparedBook& p, std::size_t i) -> Status {
    if (events.on_prepared) events.on_prepared(p, index[i]);
    pipeline::BuildEnv env;
    env.cancelled = events.cancelled;
    return pipeline::RenderTasks(p.book, p.options, *p.preparer, per_book[index[i]], on_task, env)
        .status();
  };
  BatchSummary summary = ForEachBook(chosen, settings, entries.size() > 1, events, render);
  summary.rendered = totals.rendered;
  summary.cached = totals.cached;
  return summary;
}

}  // namespace narrate::app
