// Private to pipeline/: read-along captions timed by the synthesiser itself.
// A CaptionBuilder watches RenderSegments and turns the segments' captions
// (pipeline/caption_text.h), eSpeak's word events and the exact positions of
// the silences into cues (one per sentence, long sentences split at clause
// breaks) and word timings. Nothing is aligned after the fact, so nothing
// drifts: every time is a sample count at the engine's rate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/file_system.h"
#include "common/status.h"
#include "output/package/subtitles.h"
#include "pipeline/pipeline.h"
#include "pipeline/render.h"

namespace narrate::pipeline {

struct CaptionLimits {
  int max_cue_ms = 12000;          // a longer sentence is split at clause breaks
  std::size_t max_cue_chars = 120;  // code points; likewise
  int min_pause_ms = 10;           // shorter runs of digital zero are not pauses
};

// A whole sentence as said (a cue may be only a clause of one): the
// read-along EPUB's clips. Samples as Cue's; text bytes into the chapter text.
struct TimedSentence {
  std::int64_t start_sample = 0;
  std::int64_t end_sample = 0;
  std::size_t text_begin = 0;
  std::size_t text_end = 0;
};

struct Captions {
  std::vector<package::Cue> cues;
  std::vector<TimedSentence> sentences;  // in order, one per sentence with a cue
  std::vector<package::TimedWord> words;
  int rate_hz = 0;  // what the samples count at: the engine's rate; 0 = not known
  // Per word of `words`, eSpeak's phoneme mnemonics as spoken, when the
  // builder was told phoneme events (else empty). Not kept by
  // CaptionsToJson or AppendCaptions.
  std::vector<std::vector<std::string>> word_phonemes;
};

// A compact JSON form of captions, for a worker process to hand its part to
// the parent through a file (worker payloads must stay small). FromJson fails
// with a message starting with `name` on anything it did not write.
std::string CaptionsToJson(const Captions& captions);
Result<Captions> CaptionsFromJson(std::string_view json, const std::string& name);

// Appends part, shifted by offset_samples (where the part starts in the
// joined audio): chapter parts into a chapter, chapters into one book file.
void AppendCaptions(Captions& into, const Captions& part, std::int64_t offset_samples);

// Writes the read-along files `what` asks for beside audio_path (x.mp3 →
// x.vtt, x.srt, x.json), each atomically; the JSON lists `chapters` (one for
// a chapter file, several for a single-file book), through fs. Fails naming
// the file.
Status WriteReadAlong(const std::string& audio_path, const ReadAlong& what,
                      const std::vector<package::Cue>& cues,
                      const std::vector<package::TimingsChapter>& chapters, int sample_rate_hz,
                      FileSystem& fs = RealFileSystem());

class CaptionBuilder final : public RenderObserver {
 public:
  // script: the segments given to RenderSegments; kept by reference, so it
  // must outlive the builder. sample_rate_hz: the engine's.
  CaptionBuilder(const std::vector<Segment>& script, int sample_rate_hz, CaptionLimits limits = {});

  void OnWord(std::size_t segment, const synth::WordEvent& event) override;
  // A phoneme of the word last told (pauses "_" ignored): when given, a word
  // event that covers several words ("did not") is split between its words
  // where a phoneme starts, else in proportion to their letters.
  void OnPhoneme(std::size_t segment, const synth::PhonemeEvent& event) override;
  void OnSpeech(std::size_t segment, std::int64_t first_sample, std::span<const std::int16_t> samples) override;
  void OnSegment(std::size_t segment, const SegmentTiming& timing) override;

  // The captions of the segments rendered so far, at the render's sample
  // positions plus offset_samples. A cue starts where its first word's sound
  // starts (the end of the silence before it) and ends where the silence
  // after its last word starts; no cue or word ends after the last segment.
  // Sentences without word events (nothing said) get no cue. Every spoken
  // word gets a timed word, in order, with start < end and no overlap (when
  // the sound allows one sample each): an event covering several words is
  // split between them ("did not" → did, not).
  Captions Finish(std::int64_t offset_samples = 0) const;

 private:
  struct Pause { std::int64_t begin, end; };
  struct Phoneme {
    std::int64_t sample;
    std::string mnemonic;
  };
  struct Word {
    std::int64_t sample;
    std::size_t spoken_begin, spoken_end;
    std::vector<Phoneme> phonemes = {};  // in order, pauses left out
  };
  struct Record {
    std::vector<Word> words;
    std::vector<Pause> pauses;  // runs of zero of at least min_pause_ms, in order
    std::int64_t zero_since = -1;  // an open run of zero, or -1
    SegmentTiming timing;
    bool done = false;
  };
  struct Unit { std::size_t word; std::size_t text_offset; };

  Record& At(std::size_t segment);
  void AddSegment(std::size_t index, Captions& out) const;
  void AddSentence(const Segment& seg, const Record& rec, std::size_t sentence, std::size_t w0,
                   std::size_t w1, Captions& out) const;
  std::vector<Unit> Units(const Record& rec, const SentenceSpan& s, std::size_t w0,
                          std::size_t w1) const;
  std::int64_t StartOf(const Record& rec, std::size_t word) const;
  std::int64_t EndBefore(const Record& rec, std::int64_t from, std::int64_t next) const;
  void AddWords(const Segment& seg, const Record& rec, Captions& out) const;
  void AddWord(const Segment& seg, std::size_t begin, std::size_t end, std::int64_t start,
               std::int64_t stop, std::vector<std::string> phonemes, Captions& out) const;

  const std::vector<Segment>& script_;
  int sample_rate_hz_;
  CaptionLimits limits_;
  std::vector<Record> records_;
  bool phonemes_ = false;  // phoneme events were told
};

}  // namespace narrate::pipeline
