// Rendering to memory for interactive use (a studio previewing a paragraph):
// a long-lived worker process that keeps eSpeak loaded, so one paragraph
// costs its synthesis time, not a process start and an eSpeak start. Builds
// do not use it; they keep their fresh worker per chapter or part.
//
// Determinism: every result depends on its request alone, and equals what a
// fresh process that opened eSpeak with the same voice would produce (byte-
// identical PCM). eSpeak keeps state between syntheses that no call resets
// (e.g. a function-local flutter phase in wavegen.c, libc rand() for breath
// noise), so the worker does not reset it: its child opens eSpeak once and
// then serves each request in a grandchild forked from that untouched state,
// which the kernel copies on write. That fork is the reset (about 1 ms).
//
// Contract: the calling process never opens eSpeak (it need not: voices and
// phonemes come from the worker too), and must not, since the child would
// inherit it open and fail to start. A RenderWorker is not
// thread-safe: call it from one thread at a time (guard it with a mutex to
// share it). Calls block until the child answers. When the child dies, the
// call that notices fails with StatusCode::kInternal and the worker is
// stopped; the next call starts a new child. A call with another voice than
// the child's restarts the child with that voice (one eSpeak start).
// The child ignores SIGINT; a call that Ctrl-C interrupts in the parent
// (common/interrupt.h) fails with kInterrupted and stops the child.
// Start() forks the calling process: in a threaded program only the calling
// thread is copied, and the child runs only narrate's and eSpeak's code.
#pragma once

#include <sys/types.h>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/speech.h"
#include "common/status.h"
#include "pipeline/caption_text.h"
#include "pipeline/pipeline.h"
#include "tts/synth/engine.h"
#include "voices/voice.h"

namespace narrate::pipeline {

// One word as spoken, timed like the read-along word timings (CaptionBuilder).
struct RenderedWord {
  std::int64_t start_sample = 0;  // where the word's sound starts
  std::int64_t end_sample = 0;    // one past where it ends (before the silence after it)
  std::string spoken;             // the word as said ("nineteen")
  std::size_t text_begin = 0;     // bytes into the rendered text: what the word says
  std::size_t text_end = 0;
  bool exact = false;  // false: the range is a rewritten stretch ("1987")
  // eSpeak's phoneme mnemonics as spoken, in order, from its phoneme events
  // (no stress marks; pauses left out): "hello" → h @ l oU.
  std::vector<std::string> phonemes;
};

struct RenderedText {
  std::vector<std::int16_t> pcm;  // mono, the engine's samples (and pauses between verse lines)
  int sample_rate_hz = 0;
  std::string spoken;               // the text after normalisation (what words' `spoken` cut from)
  std::string engine_input;         // exactly what eSpeak was given, lexicon phonemes as [[...]]
  std::vector<RenderedWord> words;  // in speaking order
};

// Receives a render's samples as they are synthesised, in order (a verse
// paragraph's silences between lines included): all the calls' samples,
// concatenated, are the result's pcm sample for sample. Called on the
// rendering thread, inside Render, before it returns; the samples are valid
// during the call only.
using AudioChunkFn = std::function<void(std::span<const std::int16_t> samples)>;

class RenderWorker {
 public:
  RenderWorker() = default;
  ~RenderWorker();  // stops the child (waits for it)
  RenderWorker(const RenderWorker&) = delete;
  RenderWorker& operator=(const RenderWorker&) = delete;

  // Forks the child, which opens eSpeak with `voice`, and waits until it is
  // ready. Restarts a running child. Fails with the engine's error (unknown
  // voice; settings out of range, which leaves a running child as it was) or
  // kInternal when no process can be made. The other calls start the child
  // themselves when it is not running.
  Status Start(const voices::VoiceSettings& voice = {});
  void Stop();
  bool running() const { return fd_ >= 0; }
  // The running child's voice and sample rate (0 when not running).
  const voices::VoiceSettings& voice() const { return voice_; }
  int sample_rate_hz() const { return sample_rate_hz_; }
  pid_t child_pid() const { return pid_; }  // for diagnostics and tests; -1 when none

  // Renders the paragraph, prepared by PrepareParagraph, in a child opened
  // with `voice`; pieces that carry a voice of their own (TextPreparer stamps
  // its voice on every piece) are spoken in theirs, as in a build, so pass
  // the preparer's voice for a result equal to a build's. Word text offsets are the chapter-text
  // offsets PrepareParagraph made (chapter_offset 0: offsets into the paragraph).
  // on_audio (when given) hears the samples as the child sends them, about
  // every 200 ms of audio; the result is the same as without it.
  Result<RenderedText> Render(const PreparedParagraph& paragraph,
                              const voices::VoiceSettings& voice,
                              const AudioChunkFn& on_audio = {});
  // Renders a book's paragraph as a build speaks it (ParagraphScript): its
  // verse lines one after another in the preparer's voice, with
  // pacing.verse_line_pause_ms of silence after each but the last (prose: one
  // line, the same as Render of its PreparedParagraph); the book's own
  // pronunciations (ssml:ph) spoken as given, without words. Word offsets are
  // bytes into paragraph.text; spoken and engine_input join the lines' with '\n'.
  // on_audio as above, the pauses between lines included. spans: the
  // paragraph's voiced spans (BookVoicing::Of), as ParagraphScript takes them.
  Result<RenderedText> Render(const source::Paragraph& paragraph, const TextPreparer& preparer,
                              const Pacing& pacing = {}, const AudioChunkFn& on_audio = {},
                              const std::vector<VoicedSpan>& spans = {});
  // Prepares `text` as one paragraph (offsets count from its start) and renders it.
  Result<RenderedText> Render(const TextPreparer& preparer, std::string_view text,
                              const voices::VoiceSettings& voice);
  // The phonemes eSpeak speaks for the utterance, as SpeechEngine::ToPhonemes.
  Result<std::string> Phonemes(const Utterance& utterance, const voices::VoiceSettings& voice,
                               synth::PhonemeAlphabet alphabet = synth::PhonemeAlphabet::kEspeak);
  // eSpeak's voices and variants, as SpeechEngine::ListVoices. Uses the
  // running child whatever its voice (or starts one with voice(): the last
  // voice used, the default one at first). Callers may cache the list.
  Result<std::vector<synth::VoiceInfo>> ListVoices();

 private:
  // Sends one request and returns the answer's payload; voice: the one the
  // child must speak with (null: any).
  // on_chunk (when given) receives the audio frames that come before the answer.
  Result<std::string> Call(int type, const std::string& payload, const voices::VoiceSettings* voice,
                           const std::function<Status(std::string_view)>& on_chunk = {});
  Status Ensure(const voices::VoiceSettings* voice);

  int fd_ = -1;  // our end of the socket to the child
  pid_t pid_ = -1;
  voices::VoiceSettings voice_;
  int sample_rate_hz_ = 0;
};

}  // namespace narrate::pipeline
