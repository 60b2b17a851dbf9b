// Runs a build's units of work: the seam between what a build does and how
// it is run (ninja's CommandRunner). A task returns a short payload string or
// an error; the caller turns payloads back into results.
//
// ForkingRunner is what builds use: every task runs in a fresh child process
// (which may open eSpeak; eSpeak keeps global state, so a fresh process makes
// each task's output a pure function of its inputs), and the parent never
// opens eSpeak itself. InProcessRunner runs tasks inline, one after another,
// for tests whose tasks use fakes.
//
// Contract, both runners: on_done(i, payload) is called in the calling
// thread, once per task that succeeded, as each finishes (not in task
// order when jobs > 1), also for tasks that finish after another failed.
// After the first failure no new task starts; tasks already running finish. Run returns the first
// error, or Status::Interrupted() once cancelled() returns true: then running workers are sent
// SIGTERM (also after a failure). cancelled is checked before each task starts and, by
// ForkingRunner, whenever a worker ends or an interrupt signal arrives (common/interrupt.h: the
// wait blocks until then); a cancelled other than Interrupted() (a front end's own button) is
// also checked every 50 ms. An empty cancelled means Interrupted(). Errors keep their code, also
// across the process boundary. Tasks and callbacks are borrowed for the call. A runner holds no
// state between calls; one Run at a time per thread.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::pipeline {

using Task = std::function<Result<std::string>()>;
using TaskDone = std::function<void(std::size_t task, const std::string& payload)>;
using CancelCheck = std::function<bool()>;

class TaskRunner {
 public:
  virtual ~TaskRunner() = default;
  // At most `jobs` tasks at once (less than 1 counts as 1).
  virtual Status Run(const std::vector<Task>& tasks, int jobs, const TaskDone& on_done,
                     const CancelCheck& cancelled = {}) = 0;
};

// A fresh child process per task. Waits without polling: it blocks in poll()
// on the children's result pipes and the interrupt self-pipe, reads results
// as they arrive (a payload of any size cannot deadlock), and reaps a child
// when its pipe closes. On cancellation it sends SIGTERM to the running
// children, waits for them, and returns Status::Interrupted(). A child that
// crashes is an error ("worker killed by signal N", kInternal).
class ForkingRunner final : public TaskRunner {
 public:
  Status Run(const std::vector<Task>& tasks, int jobs, const TaskDone& on_done,
             const CancelCheck& cancelled = {}) override;
};

// Runs the tasks inline, in order, in the calling thread; jobs is ignored.
// The tasks share this process (so no two may open eSpeak): for tests with
// fake engines, and for work that needs no fresh process.
class InProcessRunner final : public TaskRunner {
 public:
  Status Run(const std::vector<Task>& tasks, int jobs, const TaskDone& on_done,
             const CancelCheck& cancelled = {}) override;
};

// The process-wide ForkingRunner (stateless; never deleted).
TaskRunner& DefaultTaskRunner();

}  // namespace narrate::pipeline
