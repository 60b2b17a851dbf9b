// What a build reaches outside itself, as seams (the idea of LevelDB's Env):
// the file system, the runner of its tasks, the speech engine, and whether
// to stop. A default-constructed BuildEnv is the real one: the operating
// system's files, a fresh worker process per task, eSpeak NG, and the
// Ctrl-C/SIGTERM flag. Tests hand in fakes (tests/support/fakes.h).
//
// Ownership: the BuildEnv borrows fs and runner; they must outlive every
// call it is passed to. Threading: a build calls these from its own thread
// and, with a forking runner, from worker processes (which get copies).
#pragma once

#include <functional>
#include <memory>

#include "common/status.h"
#include "voices/voice.h"

namespace narrate {
class FileSystem;
}
namespace narrate::synth {
class SpeechEngine;
}

namespace narrate::pipeline {

class TaskRunner;

// Opens the speech engine a task speaks with. Called inside a task (so in a
// worker process with the forking runner), once per task; the engine is
// used by that task alone and destroyed at its end. Fails with a one-line
// message (an unknown voice, settings out of range).
using EngineFactory =
    std::function<Result<std::unique_ptr<synth::SpeechEngine>>(const voices::VoiceSettings&)>;

struct BuildEnv {
  FileSystem* fs = nullptr;      // null: RealFileSystem()
  TaskRunner* runner = nullptr;  // null: DefaultTaskRunner(), a ForkingRunner
  EngineFactory engines;         // empty: synth::OpenEspeak
  // Polled between tasks and by the runner (within 50 ms when it is not
  // Interrupted(); see task_runner.h); once it returns true the build stops
  // its workers and returns Status::Interrupted() (finished files and their
  // manifest entries are kept). Empty: Interrupted(). Called from the
  // thread that runs the build.
  std::function<bool()> cancelled;
};

// env with every null or empty field replaced by its real default.
BuildEnv WithDefaults(BuildEnv env);

}  // namespace narrate::pipeline
