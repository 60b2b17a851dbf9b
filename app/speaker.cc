// Speaker: speech, phonemes and the voice list, from a worker process.
#include <sstream>

#include "app/app.h"
#include "pipeline/worker.h"
#include "tts/synth/engine.h"

namespace narrate::app {
namespace {

// Runs task in a fresh worker process and returns its payload.
Result<std::string> InWorker(pipeline::Task task) {
  std::string payload;
  NARRATE_RETURN_IF_ERROR(pipeline::RunInWorkers(
      {std::move(task)}, 1, [&](std::size_t, const std::string& p) { payload = p; }));
  return payload;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

struct Speaker::Impl {
  std::vector<VoiceInfo> voices;  // empty until listed
};

Speaker::Speaker() : impl_(std::make_unique<Impl>()) {}
Speaker::~Speaker() = default;

Result<std::vector<VoiceInfo>> Speaker::Voices() {
  if (!impl_->voices.empty()) return impl_->voices;
  auto listed = InWorker([]() -> Result<std::string> {
    auto engine = synth::OpenEspeak(voices::VoiceSettings{});
    if (!engine.ok()) return engine.status();
    std::string out;
    for (const synth::VoiceInfo& v : (*engine)->ListVoices()) {
      out += v.name + "\t" + v.gender + "\t" + v.description + "\n";
    }
    return out;
  });
  if (!listed.ok()) return listed.status();
  for (const std::string& line : Lines(*listed)) {
    std::size_t a = line.find('\t'), b = line.find('\t', a + 1);
    impl_->voices.push_back(VoiceInfo{line.substr(0, a), line.substr(b + 1), line.substr(a + 1, b - a - 1)});
  }
  return impl_->voices;
}

Result<std::vector<std::string>> Speaker::Phonemes(const std::vector<Utterance>& utterances,
                                                   const voices::VoiceSettings& voice, bool ipa) {
  auto alphabet = ipa ? synth::PhonemeAlphabet::kIpa : synth::PhonemeAlphabet::kEspeak;
  auto out = InWorker([&]() -> Result<std::string> {
    auto engine = synth::OpenEspeak(voice);
    if (!engine.ok()) return engine.status();
    std::string text;
    for (const Utterance& u : utterances) {
      auto phonemes = (*engine)->ToPhonemes(u, alphabet);
      if (!phonemes.ok()) return phonemes.status();
      text += *phonemes + "\n";
    }
    return text;
  });
  if (!out.ok()) return out.status();
  return Lines(*out);
}

Result<RenderedSpeech> Speaker::Render(const source::Paragraph&, const pipeline::TextPreparer&,
                                       const voices::VoiceSettings&) {
  return Status::Internal("rendering to memory is not available yet");
}

}  // namespace narrate::app
