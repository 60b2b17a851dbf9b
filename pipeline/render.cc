#include "pipeline/render.h"

#include <algorithm>
#include <array>

#include "common/interrupt.h"

namespace narrate::pipeline {
namespace {

// Forwards audio to the encoder and, when observed, words and speech at
// absolute positions; tracks where the speech ends. position counts the
// samples written at the engine's rate (whatever the encoder does with them).
class EncoderSink final : public synth::SpeechSink {
 public:
  EncoderSink(encode::AudioEncoder& encoder, RenderObserver* observer, std::size_t segment,
              std::int64_t& position)
      : encoder_(encoder), observer_(observer), segment_(segment), position_(position),
        start_(position), speech_end_(position) {}
  Status OnAudio(std::span<const std::int16_t> samples) override {
    if (Interrupted()) return Status::Interrupted();
    const std::int64_t at = position_;
    if (observer_ != nullptr) {
      auto last = std::find_if(samples.rbegin(), samples.rend(), [](std::int16_t v) { return v != 0; });
      if (last != samples.rend()) speech_end_ = at + static_cast<std::int64_t>(samples.rend() - last);
      observer_->OnSpeech(segment_, at, samples);
    }
    position_ += static_cast<std::int64_t>(samples.size());
    return encoder_.Write(samples);
  }
  void OnWord(const synth::WordEvent& event) override {
    if (observer_ == nullptr) return;
    synth::WordEvent absolute = event;
    absolute.sample += start_;
    observer_->OnWord(segment_, absolute);
  }
  void OnPhoneme(const synth::PhonemeEvent& event) override {
    if (observer_ == nullptr) return;
    synth::PhonemeEvent absolute = event;
    absolute.sample += start_;
    observer_->OnPhoneme(segment_, absolute);
  }
  std::int64_t start() const { return start_; }
  std::int64_t speech_end() const { return speech_end_; }

 private:
  encode::AudioEncoder& encoder_;
  RenderObserver* observer_;
  std::size_t segment_;
  std::int64_t& position_;
  std::int64_t start_;
  std::int64_t speech_end_;
};

Status WriteSilence(std::int64_t samples, encode::AudioEncoder& encoder, std::int64_t& position) {
  static const std::array<std::int16_t, 4096> kZeros{};
  while (samples > 0) {
    std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(samples, kZeros.size()));
    NARRATE_RETURN_IF_ERROR(encoder.Write(std::span<const std::int16_t>(kZeros.data(), n)));
    samples -= static_cast<std::int64_t>(n);
    position += static_cast<std::int64_t>(n);
  }
  return Status::Ok();
}

}  // namespace

std::int64_t MsToSamples(int ms, int rate_hz) {
  return (static_cast<std::int64_t>(ms) * rate_hz + 500) / 1000;
}

Result<std::int64_t> RenderSegments(const std::vector<Segment>& segments,
                                    synth::SpeechEngine& engine, encode::AudioEncoder& encoder,
                                    RenderObserver* observer) {
  const std::int64_t start = encoder.samples_written();
  const int rate_hz = engine.sample_rate_hz();
  std::int64_t position = start;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    if (Interrupted()) return Status::Interrupted();
    SegmentTiming timing{position};
    NARRATE_RETURN_IF_ERROR(WriteSilence(MsToSamples(s.pause_before_ms, rate_hz), encoder, position));
    EncoderSink sink(encoder, observer, i, position);
    if (!s.utterance.empty()) NARRATE_RETURN_IF_ERROR(engine.Speak(s.utterance, sink));
    timing.speech_start = sink.start();
    timing.speech_end = sink.speech_end();
    NARRATE_RETURN_IF_ERROR(WriteSilence(MsToSamples(s.pause_after_ms, rate_hz), encoder, position));
    timing.end = position;
    if (observer != nullptr) observer->OnSegment(i, timing);
  }
  return encoder.samples_written() - start;
}

}  // namespace narrate::pipeline
