// Raw speech kept between two passes: int16 mono samples in a file, in the
// machine's byte order (both passes are this build). ACX mastering spools a
// file's speech so that its loudness is known before the gain is applied
// (audio_out.cc), and keeps the raw parts of a long file (acx_parts.cc).
// Private to pipeline/.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "common/status.h"
#include "output/encode/encoder.h"
#include "output/master/master.h"

namespace narrate::pipeline {

// An encoder that writes the samples as they come, metering them into
// *meter when one is given (not owned). Flush() closes the file. Errors name
// the path.
Result<std::unique_ptr<encode::AudioEncoder>> OpenRawWriter(const std::string& path,
                                                            master::LevelMeter* meter = nullptr);

// Hands the file's samples to `use` chunk by chunk, at most `limit` of them;
// the first error `use` returns stops the reading and is returned.
using RawChunkUse = std::function<Status(std::span<const std::int16_t>)>;
Status ReadRaw(const std::string& path, std::int64_t limit, const RawChunkUse& use);

}  // namespace narrate::pipeline
