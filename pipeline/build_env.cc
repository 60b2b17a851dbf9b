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
    // Phoneme events let word timings split an event eSpeak gives a pair of
    // words ("had been") where the second word's sound starts, as the
    // studio's render worker does; the audio is the same (engine.h).
    env.engines = [](const voices::VoiceSettings& v) {
      return synth::OpenEspeak(v, synth::EngineOptions{.phoneme_events = true});
    };
  }
  if (!env.cancelled) env.cancelled = Interrupted;
  return env;
}

}  // namespace narrate::pipeline
