#include "tests/support/fakes.h"

#include <algorithm>

namespace narrate::testing {
namespace {

constexpr std::int16_t kLoud = 3000;

// A word's audio: a square wave whose half-period (1..8 samples) depends on the byte.
void AppendWord(std::string_view word, int per_byte, std::vector<std::int16_t>& pcm) {
  for (unsigned char c : word) {
    const int half = 1 + c % 8;
    for (int k = 0; k < per_byte; ++k) pcm.push_back((k / half) % 2 ? kLoud : -kLoud);
  }
}

bool EndsSentence(char c) { return c == '.' || c == '!' || c == '?'; }

}  // namespace

FakeSpeechEngine::FakeSpeechEngine(voices::VoiceSettings voice, std::string fail_on,
                                   std::vector<std::string>* spoken)
    : voice_(std::move(voice)), fail_on_(std::move(fail_on)), spoken_(spoken) {}

Status FakeSpeechEngine::Speak(const Utterance& utterance, synth::SpeechSink& sink) {
  std::string all;
  for (const SpeechPiece& p : utterance) all += p.content;
  if (spoken_ != nullptr) spoken_->push_back(all);
  if (!fail_on_.empty() && all.find(fail_on_) != std::string::npos) {
    return Status::Internal("fake engine told to fail on \"" + fail_on_ + "\"");
  }
  std::vector<std::int16_t> pcm;
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    const std::string& text = utterance[i].content;
    const voices::VoiceSettings& voice = utterance[i].voice ? *utterance[i].voice : voice_;
    const int per_byte = SamplesPerByte(voice.rate_wpm);
    if (utterance[i].kind == SpeechPiece::Kind::kPhonemes) {
      sink.OnWord(synth::WordEvent{static_cast<std::int64_t>(pcm.size()), i, 0, text.size()});
      AppendWord(text, per_byte, pcm);
      continue;
    }
    for (std::size_t at = 0; at < text.size();) {
      if (text[at] == ' ') {
        pcm.insert(pcm.end(), static_cast<std::size_t>(per_byte), 0);
        ++at;
        continue;
      }
      std::size_t end = std::min(text.find(' ', at), text.size());
      sink.OnWord(synth::WordEvent{static_cast<std::int64_t>(pcm.size()), i, at, end - at});
      AppendWord(std::string_view(text).substr(at, end - at), per_byte, pcm);
      if (EndsSentence(text[end - 1])) pcm.insert(pcm.end(), kRateHz / 10, 0);
      at = end;
    }
  }
  return sink.OnAudio(pcm);
}

Result<std::string> FakeSpeechEngine::ToPhonemes(const Utterance& utterance,
                                                 synth::PhonemeAlphabet) {
  std::string out;
  for (const SpeechPiece& p : utterance) out += p.content;
  return out;
}

std::vector<synth::VoiceInfo> FakeSpeechEngine::ListVoices() { return {{"en", "Fake", "", "en"}}; }

pipeline::EngineFactory FakeEngines::factory() {
  return
      [this](const voices::VoiceSettings& voice) -> Result<std::unique_ptr<synth::SpeechEngine>> {
        if (!rejected_voice_.empty() && voice.name == rejected_voice_) {
          return Status::NotFound("unknown voice '" + voice.name + "'");
        }
        ++opened_;
        return std::unique_ptr<synth::SpeechEngine>(
            std::make_unique<FakeSpeechEngine>(voice, fail_on_, &spoken_));
      };
}

int FakeEngines::SpokenContaining(const std::string& text) const {
  return static_cast<int>(std::count_if(spoken_.begin(), spoken_.end(), [&](const std::string& s) {
    return s.find(text) != std::string::npos;
  }));
}

void FakeEngines::Reset() {
  opened_ = 0;
  spoken_.clear();
}

bool RecordingFileSystem::Fails(const std::string& path) const {
  return !fail_writes_to_.empty() && path.find(fail_writes_to_) != std::string::npos;
}

Result<std::string> RecordingFileSystem::ReadFile(const std::string& path) {
  ++reads_;
  return inner_.ReadFile(path);
}

Status RecordingFileSystem::WriteFileAtomically(const std::string& path,
                                                const std::string& content) {
  if (Fails(path)) return Status::Io(path + ": disk full (injected)");
  written_.push_back(path);
  return inner_.WriteFileAtomically(path, content);
}

Status RecordingFileSystem::Remove(const std::string& path) {
  if (inner_.Exists(path)) removed_.push_back(path);
  return inner_.Remove(path);
}

Status RecordingFileSystem::Rename(const std::string& from, const std::string& to) {
  if (Fails(to)) return Status::Io(to + ": disk full (injected)");
  written_.push_back(to);
  return inner_.Rename(from, to);
}

void RecordingFileSystem::Reset() {
  written_.clear();
  removed_.clear();
  reads_ = 0;
}

FakeBuildEnv::FakeBuildEnv() = default;

pipeline::BuildEnv FakeBuildEnv::env() {
  pipeline::BuildEnv env;
  env.fs = &fs;
  env.runner = &runner;
  env.engines = engines.factory();
  env.cancelled = [this] {
    return cancel_at_opened_ >= 0 && engines.opened() >= cancel_at_opened_;
  };
  return env;
}

void FakeBuildEnv::CancelAfter(int tasks) {
  cancel_at_opened_ = tasks < 0 ? -1 : engines.opened() + tasks;
}

}  // namespace narrate::testing
