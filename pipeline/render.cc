#include "pipeline/render.h"

#include <algorithm>
#include <array>

#include "common/interrupt.h"

namespace narrate::pipeline {
namespace {

class EncoderSink final : public synth::SpeechSink {
 public:
  explicit EncoderSink(encode::AudioEncoder& encoder) : encoder_(encoder) {}
  Status OnAudio(std::span<const std::int16_t> samples) override {
    if (Interrupted()) return Status::Error("interrupted");
    return encoder_.Write(samples);
  }

 private:
  encode::AudioEncoder& encoder_;
};

Status WriteSilence(std::int64_t samples, encode::AudioEncoder& encoder) {
  static const std::array<std::int16_t, 4096> kZeros{};
  while (samples > 0) {
    std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(samples, kZeros.size()));
    NARRATE_RETURN_IF_ERROR(encoder.Write(std::span<const std::int16_t>(kZeros.data(), n)));
    samples -= static_cast<std::int64_t>(n);
  }
  return Status::Ok();
}

}  // namespace

std::int64_t MsToSamples(int ms, int rate_hz) {
  return (static_cast<std::int64_t>(ms) * rate_hz + 500) / 1000;
}

Result<std::int64_t> RenderSegments(const std::vector<Segment>& segments,
                                    synth::SpeechEngine& engine, encode::AudioEncoder& encoder) {
  const std::int64_t start = encoder.samples_written();
  const int rate_hz = engine.sample_rate_hz();
  EncoderSink sink(encoder);
  for (const Segment& s : segments) {
    if (Interrupted()) return Status::Error("interrupted");
    NARRATE_RETURN_IF_ERROR(WriteSilence(MsToSamples(s.pause_before_ms, rate_hz), encoder));
    if (!s.utterance.empty()) NARRATE_RETURN_IF_ERROR(engine.Speak(s.utterance, sink));
    NARRATE_RETURN_IF_ERROR(WriteSilence(MsToSamples(s.pause_after_ms, rate_hz), encoder));
  }
  return encoder.samples_written() - start;
}

}  // namespace narrate::pipeline
