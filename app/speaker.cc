// Speaker: speech, phonemes and the voice list from one long-lived worker
// process (pipeline::RenderWorker), which keeps eSpeak loaded.
#include <algorithm>

#include "app/app.h"
#include "output/package/subtitles.h"
#include "pipeline/render_worker.h"

namespace narrate::app {
namespace {

// Code points in the first `bytes` bytes of text.
std::size_t CodePointsUpTo(std::string_view text, std::size_t bytes) {
  return package::CodePoints(text.substr(0, std::min(bytes, text.size())));
}

std::string Joined(const std::vector<std::string>& phonemes) {
  std::string out;
  for (const std::string& p : phonemes) out += (out.empty() ? "" : " ") + p;
  return out;
}

SpokenWord WordOf(const pipeline::RenderedWord& w, std::string_view text) {
  return SpokenWord{w.spoken,
                    Joined(w.phonemes),
                    w.start_sample,
                    w.end_sample,
                    CodePointsUpTo(text, w.text_begin),
                    CodePointsUpTo(text, w.text_end),
                    w.exact};
}

}  // namespace

struct Speaker::Impl {
  pipeline::RenderWorker worker;
  std::vector<VoiceInfo> voices;  // empty until listed
};

Speaker::Speaker() : impl_(std::make_unique<Impl>()) {}
Speaker::~Speaker() = default;

Result<std::vector<VoiceInfo>> Speaker::Voices() {
  if (!impl_->voices.empty()) return impl_->voices;
  auto listed = impl_->worker.ListVoices();
  if (!listed.ok()) return listed.status();
  for (const synth::VoiceInfo& v : *listed)
    impl_->voices.push_back({v.name, v.description, v.gender, v.identifier});
  return impl_->voices;
}

Result<std::vector<std::string>> Speaker::Phonemes(const std::vector<Utterance>& utterances,
                                                   const voices::VoiceSettings& voice, bool ipa) {
  auto alphabet = ipa ? synth::PhonemeAlphabet::kIpa : synth::PhonemeAlphabet::kEspeak;
  std::vector<std::string> out;
  for (const Utterance& u : utterances) {
    auto phonemes = impl_->worker.Phonemes(u, voice, alphabet);
    if (!phonemes.ok()) return phonemes.status();
    out.push_back(std::move(*phonemes));
  }
  return out;
}

Result<RenderedSpeech> Speaker::Render(const source::Paragraph& paragraph,
                                       const pipeline::TextPreparer& preparer,
                                       const AudioChunkFn& on_audio,
                                       const std::vector<pipeline::VoicedSpan>& spans) {
  pipeline::AudioChunkFn chunks;
  if (on_audio) {
    chunks = [this, &on_audio](std::span<const std::int16_t> samples) {
      on_audio(impl_->worker.sample_rate_hz(), samples);
    };
  }
  auto rendered = impl_->worker.Render(paragraph, preparer, {}, chunks, spans);
  if (!rendered.ok()) return rendered.status();
  RenderedSpeech speech{
      std::move(rendered->pcm), rendered->sample_rate_hz, rendered->engine_input, {}};
  for (const pipeline::RenderedWord& w : rendered->words)
    speech.words.push_back(WordOf(w, paragraph.text));
  return speech;
}

}  // namespace narrate::app
