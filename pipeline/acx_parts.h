// Private to pipeline/: an ACX file mastered in parts, on several workers.
// Phase 1 speaks each part's raw speech (int16 mono at the engine's rate, no
// header: RenderRawSpeech) into the cache; then the file's gain comes from
// the loudness of all its raw parts together, exactly as a file mastered
// whole measures it (PlanAcxFile); phase 2 masters and encodes each part
// with that gain (MasterAcxPart), and the parts are joined as MP3s.
//
// A join keeps, between two parts, the earlier one's padding and the later
// one's encoder delay (encode::JoinMp3), and starts every part on a whole MP3
// frame. So that every sample lands where it would in the file mastered
// whole, each part but a chapter's last is mastered without the end of its
// closing pause (what the join adds back) and each part but a chapter's
// first opens with the zeros that bring its speech to its place
// (AcxPartLengths): the length is exact and so are the captions, offset by
// those zeros. What stays is the join's gap itself: 1152 to 2303 samples of
// encoded zeros inside a paragraph pause at each part boundary, where the
// room tone dips (about 13 ms of it under -90 dBFS).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "pipeline/render.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {

// The extension of a raw part in the cache.
inline constexpr char kRawPartExtension[] = "raw";

// Speaks script into a new raw file at path. Returns the samples written at
// the engine's rate; observer (may be null) sees the render.
Result<std::int64_t> RenderRawSpeech(const std::vector<Segment>& script,
                                     synth::SpeechEngine& engine, const std::string& path,
                                     RenderObserver* observer = nullptr);

// A raw part as measured: its length and the digital zero it ends with.
struct RawPartSize {
  std::int64_t samples = 0;
  std::int64_t trailing_zero_samples = 0;
};

// What part k is mastered from (input samples, at the engine's rate):
// lead_samples of zeros, then `samples` of the raw part (zeros past its end).
struct AcxPartLength {
  std::int64_t lead_samples = 0;
  std::int64_t samples = 0;
  bool operator==(const AcxPartLength&) const = default;
};

// The lengths for the parts of one chapter, joined in order: ratio is the
// output samples per input sample (2: eSpeak to ACX); frame_span(n) what
// n output samples span in a join (encode::Mp3PartSpanSamples). A part is cut
// only inside its trailing zeros (left whole when they are too short; the
// parts after it then start late, and the last gives back what its zeros
// can); the first part has no lead.
using FrameSpan = std::int64_t (*)(std::int64_t samples, int rate_hz);
std::vector<AcxPartLength> AcxPartLengths(const std::vector<RawPartSize>& parts, int ratio,
                                          int output_rate_hz, FrameSpan frame_span);

// What phase 2 needs for one file: the gain and each part's lengths.
struct AcxFilePlan {
  double gain_db = 0;
  std::vector<AcxPartLength> parts;
};

// Reads the raw parts in order (at engine_rate_hz) and plans their mastering:
// the gain master::AcxGainDb gives for the loudness of them all, and each
// chapter's parts' lengths (chapter_first_parts: the index of each chapter's
// first part, ascending from 0; the join pads chapters to its grid). Errors
// name the file that cannot be read.
Result<AcxFilePlan> PlanAcxFile(const std::vector<std::string>& raw_paths,
                                const std::vector<std::size_t>& chapter_first_parts,
                                int engine_rate_hz);

// The hash of part `index` of a file mastered in parts: its raw part's hash,
// the file's gain (exact bits), the part's place (its noise seed), lengths.
std::string MasteredPartHash(const std::string& raw_hash, double gain_db, std::size_t index,
                             const AcxPartLength& length);

// Masters the raw part at raw_path (engine_rate_hz) as `length` says, with
// gain_db and part index's noise seed, into a new MP3 at path, written to be
// joined. Returns the samples written at ACX's rate.
Result<std::int64_t> MasterAcxPart(const std::string& raw_path, int engine_rate_hz, double gain_db,
                                   std::size_t index, const AcxPartLength& length,
                                   const std::string& path);

}  // namespace narrate::pipeline
