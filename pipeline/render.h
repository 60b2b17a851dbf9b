// Private to pipeline/: turns a chapter's script into audio through the
// SpeechEngine and AudioEncoder seams (fakes in tests).
#pragma once

#include <cstdint>
#include <vector>

#include "common/speech.h"
#include "common/status.h"
#include "output/encode/encoder.h"
#include "pipeline/caption_text.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {

// One thing to say, then a pause of exact silence.
struct Segment {
  Utterance utterance;
  int pause_before_ms = 0;
  int pause_after_ms = 0;
  ParagraphCaptions captions = {};  // for read-along captions; empty = none
  // A verse line whose paragraph goes on in the next segment: parts and
  // files are never cut after it (SplitScript).
  bool joins_next = false;
};

// Where a segment's audio lies, in samples at the engine's rate, counted from
// encoder.samples_written() at the start of RenderSegments (so absolute in
// the encoder's stream when it counts input samples), pauses included.
struct SegmentTiming {
  std::int64_t start = 0;         // first sample of pause_before
  std::int64_t speech_start = 0;  // first sample the engine produced
  std::int64_t speech_end = 0;    // last non-zero engine sample + 1 (speech_start if silent)
  std::int64_t end = 0;           // one past pause_after
};

// Watches a render. Called in order: for each segment, its words and speech
// (as the engine delivers them), then OnSegment.
class RenderObserver {
 public:
  virtual ~RenderObserver() = default;
  // event.sample is absolute (as SegmentTiming), not relative to Speak().
  virtual void OnWord(std::size_t /*segment*/, const synth::WordEvent& /*event*/) {}
  // Only from an engine that reports phonemes; event.sample is absolute too.
  virtual void OnPhoneme(std::size_t /*segment*/, const synth::PhonemeEvent& /*event*/) {}
  // Engine audio only (not the inserted pauses); first_sample is absolute.
  virtual void OnSpeech(std::size_t /*segment*/, std::int64_t /*first_sample*/,
                        std::span<const std::int16_t> /*samples*/) {}
  virtual void OnSegment(std::size_t /*segment*/, const SegmentTiming& /*timing*/) {}
};

// Speaks the segments in order into the encoder (not flushed). Returns the
// number of samples written by this call. observer (may be null) is told
// where everything landed.
Result<std::int64_t> RenderSegments(const std::vector<Segment>& segments,
                                    synth::SpeechEngine& engine, encode::AudioEncoder& encoder,
                                    RenderObserver* observer = nullptr);

// Milliseconds → whole samples at rate_hz (rounded to nearest).
std::int64_t MsToSamples(int ms, int rate_hz);

}  // namespace narrate::pipeline
