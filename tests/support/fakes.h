// Fakes for the build's seams (pipeline/build_env.h), written once for every
// test that builds in-process: a speech engine whose audio and word events
// are a pure function of the text, a factory that counts the engines it
// opens and records what they speak, and a file system wrapper that records
// what the build does to disk and can be told to fail.
//
// Threading: none of these is thread-safe; they are meant for
// pipeline::InProcessRunner, which runs every task in the test's thread (with
// a forking runner, what the children record stays in the children).
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "pipeline/build_env.h"
#include "pipeline/pipeline.h"
#include "pipeline/task_runner.h"
#include "tts/synth/engine.h"

namespace narrate::testing {

// Speaks at 22050 Hz: per byte of a word, SamplesPerByte(rate) samples (the
// rate of the piece's own voice, else the engine's) of a
// square wave whose period depends on the byte (never zero); a space is as
// long but silent; after '.', '!' or '?', 100 ms of silence. One word event
// per word of a text piece, one per phoneme piece. A text containing
// fail_on (when not empty) fails the Speak() call with kInternal.
class FakeSpeechEngine final : public synth::SpeechEngine {
 public:
  static constexpr int kRateHz = 22050;
  static int SamplesPerByte(int rate_wpm) { return 40 * 175 / rate_wpm; }

  explicit FakeSpeechEngine(voices::VoiceSettings voice, std::string fail_on = "",
                            std::vector<std::string>* spoken = nullptr);
  int sample_rate_hz() const override { return kRateHz; }
  Status Speak(const Utterance& utterance, synth::SpeechSink& sink) override;
  Result<std::string> ToPhonemes(const Utterance& utterance,
                                 synth::PhonemeAlphabet alphabet) override;
  std::vector<synth::VoiceInfo> ListVoices() override;

 private:
  voices::VoiceSettings voice_;
  std::string fail_on_;
  std::vector<std::string>* spoken_;  // not owned; may be null
};

// An EngineFactory handing out FakeSpeechEngines. Counts the engines opened
// (one per rendered part or chapter) and records, in order, the text of
// every utterance spoken (pieces joined). Must outlive the build it serves.
class FakeEngines {
 public:
  pipeline::EngineFactory factory();
  int opened() const { return opened_; }
  const std::vector<std::string>& spoken() const { return spoken_; }
  // How many utterances spoken so far contain text.
  int SpokenContaining(const std::string& text) const;
  void Reset();
  // Engines opened from now on fail to speak any text containing `text`.
  void FailOn(std::string text) { fail_on_ = std::move(text); }
  // Opening an engine for this voice name fails ("unknown voice '...'").
  void RejectVoice(std::string name) { rejected_voice_ = std::move(name); }

 private:
  int opened_ = 0;
  std::vector<std::string> spoken_;
  std::string fail_on_;
  std::string rejected_voice_;
};

// A FileSystem that forwards to another (the real one by default) and
// records what passes through: every path written (atomically) or removed,
// in order. Writes to a path containing fail_writes_to fail with kIo
// ("<path>: disk full (injected)") and write nothing.
class RecordingFileSystem final : public FileSystem {
 public:
  explicit RecordingFileSystem(FileSystem& inner = RealFileSystem()) : inner_(inner) {}

  bool Exists(const std::string& path) override { return inner_.Exists(path); }
  bool IsDirectory(const std::string& path) override { return inner_.IsDirectory(path); }
  Result<std::string> ReadFile(const std::string& path) override;
  Status WriteFileAtomically(const std::string& path, const std::string& content) override;
  Status MakeDirectories(const std::string& path) override { return inner_.MakeDirectories(path); }
  Status Remove(const std::string& path) override;
  Result<std::vector<std::string>> ListDirectory(const std::string& dir) override {
    return inner_.ListDirectory(dir);
  }
  Status Rename(const std::string& from, const std::string& to) override;
  Result<std::int64_t> FileSize(const std::string& path) override { return inner_.FileSize(path); }

  void FailWritesTo(std::string part_of_path) { fail_writes_to_ = std::move(part_of_path); }
  // Paths given to WriteFileAtomically or renamed into place (AtomicFile commits).
  const std::vector<std::string>& written() const { return written_; }
  // Paths Remove() was asked for that existed.
  const std::vector<std::string>& removed() const { return removed_; }
  int reads() const { return reads_; }
  void Reset();

 private:
  bool Fails(const std::string& path) const;
  FileSystem& inner_;
  std::string fail_writes_to_;
  std::vector<std::string> written_;
  std::vector<std::string> removed_;
  int reads_ = 0;
};

// Everything an in-process build needs, wired together: fake engines, the
// recording file system over the real one, the in-process runner, and a
// cancellation that can be armed to fire after a number of finished tasks.
class FakeBuildEnv {
 public:
  FakeBuildEnv();
  FakeBuildEnv(const FakeBuildEnv&) = delete;
  FakeBuildEnv& operator=(const FakeBuildEnv&) = delete;

  // The BuildEnv to hand to pipeline::BuildBook; borrows this object.
  pipeline::BuildEnv env();
  // From now on the build counts as cancelled once `tasks` more tasks
  // (parts or chapters) have finished rendering. -1: never (the default).
  void CancelAfter(int tasks);

  FakeEngines engines;
  RecordingFileSystem fs;
  pipeline::InProcessRunner runner;

 private:
  int cancel_at_opened_ = -1;
};

}  // namespace narrate::testing
