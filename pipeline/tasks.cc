// Render tasks: a build's parts as data (PlanTasks), rendered into the shared
// cache by any machine (RenderTasks), shared out by cost (AssignShards).
#include <algorithm>
#include <filesystem>
#include <numeric>
#include <set>

#include "common/interrupt.h"
#include "pipeline/part_render.h"
#include "pipeline/pipeline.h"
#include "pipeline/plan.h"
#include "pipeline/shared_cache.h"
#include "pipeline/task_runner.h"

namespace narrate::pipeline {
namespace {

namespace fs = std::filesystem;

// Measured on 2 cores (bench/run.sh, Moby-Dick): about 125 µs of CPU per
// byte of text for eSpeak and LAME together, and a worker's start.
constexpr double kCpuSPerByte = 125e-6;
constexpr double kTaskStartS = 0.05;
constexpr double kAcxFactor = 2.07;  // ACX's two passes and resampling

// The plan in the shared cache's terms; the folder is only named, not used.
BookPlan SharedPlan(const source::Book& book, const BuildOptions& options,
                    const TextPreparer& preparer) {
  BuildOptions shared = options;
  if (shared.cache_dir.empty())
    shared.cache_dir.assign(1, '.');  // (= "." trips GCC 12's -Wrestrict)
  BookPlan plan = PlanBook(book, ".", shared, preparer);
  UseSharedCache(plan, shared);
  return plan;
}

RenderTask TaskOf(const BookPlan& plan, const FileJob& file, std::size_t local,
                  const BuildOptions& options) {
  const PartJob& part = plan.parts[file.parts[local]];
  RenderTask task;
  task.id = TaskId(part, options);
  task.file_name = file.file_name;
  for (const FileChapter& c : file.chapters) task.chapters.push_back(c.number);
  task.part = local + 1;
  task.parts = file.parts.size();
  task.text_bytes = part.weight;
  // Raw speech is spoken only: the build's machine masters it (acx_parts.h).
  task.cost_s =
      part.raw ? EstimatedCostS(part.weight, BuildOptions{}) : EstimatedCostS(part.weight, options);
  return task;
}

}  // namespace

double EstimatedCostS(std::size_t text_bytes, const BuildOptions& options) {
  const double speech_s = double(text_bytes) * kCpuSPerByte;
  return kTaskStartS + (options.acx ? speech_s * kAcxFactor : speech_s);
}

std::vector<RenderTask> PlanTasks(const source::Book& book, const BuildOptions& options,
                                  const TextPreparer& preparer) {
  const BookPlan plan = SharedPlan(book, options, preparer);
  std::vector<RenderTask> tasks;
  for (const FileJob& file : plan.files) {
    for (std::size_t local = 0; local < file.parts.size(); ++local)
      tasks.push_back(TaskOf(plan, file, local, options));
  }
  return tasks;
}

namespace {

// The parts of plan whose ids are asked for, each id once, with their tasks.
struct Chosen {
  std::vector<std::size_t> parts;
  std::vector<RenderTask> tasks;
};
Chosen Choose(const BookPlan& plan, const BuildOptions& options,
              const std::vector<std::string>& ids) {
  const std::set<std::string> wanted(ids.begin(), ids.end());
  std::set<std::string> seen;
  Chosen chosen;
  for (const FileJob& file : plan.files) {
    for (std::size_t local = 0; local < file.parts.size(); ++local) {
      RenderTask task = TaskOf(plan, file, local, options);
      if (!wanted.contains(task.id) || !seen.insert(task.id).second) continue;
      chosen.parts.push_back(file.parts[local]);
      chosen.tasks.push_back(std::move(task));
    }
  }
  return chosen;
}

// Indices into chosen of the tasks to render, longest first; reports the others.
std::vector<std::size_t> Missing(const BookPlan& plan, const Chosen& chosen,
                                 const BuildOptions& options, FileSystem& disk, TasksReport& report,
                                 const RenderTaskDone& on_done) {
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < chosen.parts.size(); ++i) {
    const PartJob& part = plan.parts[chosen.parts[i]];
    if (!options.force && InSharedCache(disk, part, options.read_along)) {
      report.cached.push_back(chosen.tasks[i].id);
      if (on_done) on_done(chosen.tasks[i], false);
      continue;
    }
    missing.push_back(i);
  }
  std::stable_sort(missing.begin(), missing.end(), [&](std::size_t a, std::size_t b) {
    return chosen.tasks[a].text_bytes > chosen.tasks[b].text_bytes;
  });
  return missing;
}

Status MakeFolders(FileSystem& disk, const BookPlan& plan, const Chosen& chosen,
                   const std::vector<std::size_t>& missing) {
  std::vector<std::string> paths;
  for (std::size_t i : missing) paths.push_back(plan.parts[chosen.parts[i]].path);
  return MakeCacheFolders(disk, paths);
}

}  // namespace

Result<TasksReport> RenderTasks(const source::Book& book, const BuildOptions& given,
                                const TextPreparer& preparer, const std::vector<std::string>& ids,
                                const RenderTaskDone& on_done, const BuildEnv& given_env) {
  if (given.cache_dir.empty())
    return Status::Usage("rendering tasks needs a cache folder (--cache)");
  NARRATE_RETURN_IF_ERROR(CheckBuildOptions(book, given));
  const BuildOptions options = WithClips(given);
  const BuildEnv env = WithDefaults(given_env);
  const BookPlan plan = SharedPlan(book, options, preparer);
  if (env.cancelled() || Interrupted()) return Status::Interrupted();
  const Chosen chosen = Choose(plan, options, ids);
  TasksReport report;
  const std::vector<std::size_t> missing = Missing(plan, chosen, options, *env.fs, report, on_done);
  NARRATE_RETURN_IF_ERROR(MakeFolders(*env.fs, plan, chosen, missing));
  std::vector<Task> tasks;
  for (std::size_t i : missing) {
    const PartJob& part = plan.parts[chosen.parts[i]];
    tasks.push_back([&part, &options, &env]() -> Result<std::string> {
      auto rendered = RenderPartFile(part, nullptr, options, {}, env);
      if (!rendered.ok()) return rendered.status();
      return rendered->Encode();
    });
  }
  auto done = [&](std::size_t t, const std::string&) {
    report.rendered.push_back(chosen.tasks[missing[t]].id);
    KillPoint("after-task");
    if (on_done) on_done(chosen.tasks[missing[t]], true);
  };
  NARRATE_RETURN_IF_ERROR(env.runner->Run(tasks, options.jobs, done, env.cancelled));
  if (env.cancelled()) return Status::Interrupted();
  return report;
}

std::vector<int> AssignShards(const std::vector<double>& costs_s, int shard_count) {
  std::vector<std::size_t> order(costs_s.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return costs_s[a] > costs_s[b]; });
  std::vector<double> load(static_cast<std::size_t>(std::max(shard_count, 1)), 0.0);
  std::vector<int> shard(costs_s.size(), 0);
  for (std::size_t t : order) {
    const auto least = std::min_element(load.begin(), load.end()) - load.begin();
    shard[t] = static_cast<int>(least);
    load[static_cast<std::size_t>(least)] += costs_s[t];
  }
  return shard;
}

}  // namespace narrate::pipeline
