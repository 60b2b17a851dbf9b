// Private to pipeline/: turns a chapter's script into audio through the
// SpeechEngine and AudioEncoder seams (fakes in tests).
#pragma once

#include <cstdint>
#include <vector>

#include "common/speech.h"
#include "common/status.h"
#include "output/encode/encoder.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {

// One thing to say, then a pause of exact silence.
struct Segment {
  Utterance utterance;
  int pause_before_ms = 0;
  int pause_after_ms = 0;
};

// Speaks the segments in order into the encoder (not flushed). Returns the
// number of samples written by this call.
Result<std::int64_t> RenderSegments(const std::vector<Segment>& segments,
                                    synth::SpeechEngine& engine, encode::AudioEncoder& encoder);

// Milliseconds → whole samples at rate_hz (rounded to nearest).
std::int64_t MsToSamples(int ms, int rate_hz);

}  // namespace narrate::pipeline
