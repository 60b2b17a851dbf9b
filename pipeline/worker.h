// Private to pipeline/: the former free function, kept so code written
// against it still builds. New code uses pipeline/task_runner.h.
#pragma once

#include "pipeline/task_runner.h"

namespace narrate::pipeline {

// ForkingRunner().Run(tasks, jobs, on_result).
inline Status RunInWorkers(const std::vector<Task>& tasks, int jobs, const TaskDone& on_result) {
  return ForkingRunner().Run(tasks, jobs, on_result);
}

}  // namespace narrate::pipeline
