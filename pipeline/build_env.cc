#include "pipeline/build_env.h"

#include "common/file_system.h"
#include "common/interrupt.h"
#include "pipeline/task_runner.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {

BuildEnv WithDefaults(BuildEnv env) {
  if (env.fs == nullptr) env.fs = &RealFileSystem();
  if (env.runner == nullptr) env.runner = &DefaultTaskRunner();
  if (!env.engines) {
    env.engines = [](const voices::VoiceSettings& v) { return synth::OpenEspeak(v); };
  }
  if (!env.cancelled) env.cancelled = Interrupted;
  return env;
}

}  // namespace narrate::pipeline
