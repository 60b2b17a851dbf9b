// Private to pipeline/: the audio file a part of the book is written to — MP3,
// FLAC or WAV, plain or ACX-mastered — through the SpeechEngine and
// AudioEncoder seams.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "pipeline/pipeline.h"
#include "pipeline/render.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {

// eSpeak NG's output rate: captions and part offsets are counted in it.
inline constexpr int kEngineRateHz = 22050;

// The sample rate of the files a build writes (eSpeak's, or 44100 for ACX).
int OutputRateHz(const BuildOptions& options, int engine_rate_hz = 22050);

// "mp3", "flac" or "wav".
std::string Extension(const BuildOptions& options);

// The pacing a build uses: ACX widens the head and tail into room tone.
Pacing BuildPacing(const BuildOptions& options);

// Fails with a one-line message for an unknown format, a bitrate the format
// cannot carry, or an option the format does not support.
Status ValidateFormat(const BuildOptions& options);

// Speaks script into a new file at path (format by options). Returns the
// samples written at OutputRateHz. For ACX, pass 1 speaks into a temporary
// spool beside path while metering, pass 2 masters the spool into the file.
// observer (may be null) sees the render at the engine's rate.
Result<std::int64_t> RenderAudio(const std::vector<Segment>& script, const BuildOptions& options,
                                 synth::SpeechEngine& engine, const std::string& path,
                                 RenderObserver* observer = nullptr);

}  // namespace narrate::pipeline
