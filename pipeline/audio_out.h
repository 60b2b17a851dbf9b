// Private to pipeline/: the audio file a part of the book is written to — MP3,
// FLAC or WAV, plain or ACX-mastered — through the SpeechEngine and
// AudioEncoder seams.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "output/formats/formats.h"
#include "pipeline/pipeline.h"
#include "pipeline/render.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {

// The engine's output rate, as the synth layer states it before any engine
// is open: captions and part offsets are counted in it.
inline constexpr int kEngineRateHz = synth::EngineSampleRateHz();

// The sample rate of the files a build writes (the engine's, or ACX's).
int OutputRateHz(const BuildOptions& options, int engine_rate_hz = kEngineRateHz);

// The row of the format table a build writes: options.format's, or the ACX
// one with --acx. options must have passed ValidateFormat (else aborts).
const formats::OutputFormat& OutputFormatOf(const BuildOptions& options);

// The extension of the files a build writes ("mp3"), from the table.
std::string Extension(const BuildOptions& options);

// The extension of the cached parts of files that are joined ("flac" for M4B).
std::string PartExtension(const BuildOptions& options);

// Whether parts at the build's bitrate can be joined exactly (MP3 needs
// frames that hold LAME's tag); when not, chapters are rendered whole.
bool JoinsExactly(const BuildOptions& options);

// The pacing a build uses: ACX widens the head and tail into room tone.
Pacing BuildPacing(const BuildOptions& options);

// Fails (Status::Usage) with a one-line message for an unknown format, a
// bitrate the format cannot carry, or an option the format does not support.
Status ValidateFormat(const BuildOptions& options);

// Speaks script into a new file at path (format by options; a part to be
// joined, unless whole_file, in the format's part encoding). Returns the
// samples written at OutputRateHz. For ACX, pass 1 speaks into a temporary
// spool beside path while metering, pass 2 masters the spool into the file.
// observer (may be null) sees the render at the engine's rate.
Result<std::int64_t> RenderAudio(const std::vector<Segment>& script, const BuildOptions& options,
                                 synth::SpeechEngine& engine, const std::string& path,
                                 RenderObserver* observer = nullptr, bool whole_file = true);

}  // namespace narrate::pipeline
