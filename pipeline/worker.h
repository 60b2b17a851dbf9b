// Private to pipeline/: runs tasks in forked worker processes. A task runs in
// a fresh child (which may open eSpeak) and returns a short payload string or
// an error; the parent never opens eSpeak itself.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::pipeline {

using Task = std::function<Result<std::string>()>;

// Runs tasks[i] in its own child process, at most `jobs` at once. Calls
// on_result(i, result) in the parent as each finishes. After the first
// failure no new task starts; running ones finish. Returns the first error.
Status RunInWorkers(const std::vector<Task>& tasks, int jobs,
                    const std::function<void(std::size_t, const std::string&)>& on_result);

}  // namespace narrate::pipeline
