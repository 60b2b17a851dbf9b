#include "pipeline/acx_parts.h"

#include <algorithm>
#include <bit>
#include <memory>

#include "common/hash.h"
#include "output/encode/encoder.h"
#include "output/formats/formats.h"
#include "output/master/master.h"
#include "pipeline/raw_audio.h"

namespace narrate::pipeline {
namespace {

// The zeros at the end of what has been seen, given the next chunk.
void CountTrailingZeros(std::span<const std::int16_t> chunk, RawPartSize& size) {
  auto last = std::find_if(chunk.rbegin(), chunk.rend(), [](std::int16_t s) { return s != 0; });
  const auto zeros = static_cast<std::int64_t>(last - chunk.rbegin());
  size.trailing_zero_samples =
      zeros == static_cast<std::int64_t>(chunk.size()) ? size.trailing_zero_samples + zeros : zeros;
  size.samples += static_cast<std::int64_t>(chunk.size());
}

std::int64_t FloorTo(std::int64_t x, std::int64_t step) {
  return (x >= 0 ? x : x - step + 1) / step * step;
}

// The output samples of part k but the last: the most that still lets the
// join land the next part at or before its place (`room` samples away).
std::int64_t CutLength(std::int64_t room, int output_rate_hz, FrameSpan frame_span) {
  // A span is whole frames holding the samples and at least a frame more.
  const std::int64_t frame = encode::Mp3FrameSamples(output_rate_hz);
  std::int64_t n = std::max<std::int64_t>(FloorTo(room, frame) - 2 * frame, 0);
  while (frame_span(n + 1, output_rate_hz) <= room) ++n;
  return frame_span(n, output_rate_hz) <= room ? n : 0;
}

}  // namespace

Result<std::int64_t> RenderRawSpeech(const std::vector<Segment>& script,
                                     synth::SpeechEngine& engine, const std::string& path,
                                     RenderObserver* observer) {
  auto raw = OpenRawWriter(path);
  if (!raw.ok()) return raw.status();
  auto samples = RenderSegments(script, engine, **raw, observer);
  if (!samples.ok()) return samples.status();
  NARRATE_RETURN_IF_ERROR((*raw)->Flush());
  return *samples;
}

std::vector<AcxPartLength> AcxPartLengths(const std::vector<RawPartSize>& parts, int ratio,
                                          int output_rate_hz, FrameSpan frame_span) {
  std::vector<AcxPartLength> lengths;
  std::int64_t target = 0;  // where part k's raw speech starts in the whole (output samples)
  std::int64_t start = 0;   // where the join starts part k
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const RawPartSize& p = parts[k];
    AcxPartLength length{std::max<std::int64_t>(target - start, 0) / ratio, p.samples};
    const std::int64_t lead = length.lead_samples * ratio;
    const std::int64_t late = std::max<std::int64_t>(start - target, 0);  // a part not cut
    target += p.samples * ratio;
    if (k + 1 == parts.size()) {
      length.samples -= std::min(late / ratio, p.trailing_zero_samples);
    } else {
      const std::int64_t cut = CutLength(target - start, output_rate_hz, frame_span) / ratio;
      const std::int64_t kept = cut - length.lead_samples;
      if (kept > 0 && kept <= p.samples && p.samples - kept <= p.trailing_zero_samples)
        length.samples = kept;
      start += frame_span(lead + length.samples * ratio, output_rate_hz);
    }
    lengths.push_back(length);
  }
  return lengths;
}

Result<AcxFilePlan> PlanAcxFile(const std::vector<std::string>& raw_paths,
                                const std::vector<std::size_t>& chapter_first_parts,
                                int engine_rate_hz) {
  master::LevelMeter meter;
  std::vector<RawPartSize> sizes;
  for (const std::string& path : raw_paths) {
    RawPartSize size;
    NARRATE_RETURN_IF_ERROR(ReadRaw(path, INT64_MAX, [&](std::span<const std::int16_t> chunk) {
      meter.Add(chunk);
      CountTrailingZeros(chunk, size);
      return Status::Ok();
    }));
    sizes.push_back(size);
  }
  const master::AcxSettings acx;
  AcxFilePlan plan;
  plan.gain_db = master::AcxGainDb(meter.rms_dbfs(), acx);
  for (std::size_t c = 0; c < chapter_first_parts.size(); ++c) {
    const std::size_t end =
        c + 1 < chapter_first_parts.size() ? chapter_first_parts[c + 1] : sizes.size();
    const std::vector<RawPartSize> chapter(
        sizes.begin() + static_cast<std::ptrdiff_t>(chapter_first_parts[c]),
        sizes.begin() + static_cast<std::ptrdiff_t>(end));
    for (const AcxPartLength& l : AcxPartLengths(chapter, acx.output_rate_hz / engine_rate_hz,
                                                 acx.output_rate_hz, encode::Mp3PartSpanSamples))
      plan.parts.push_back(l);
  }
  if (plan.parts.size() != sizes.size())
    return Status::Internal("acx: chapters and parts disagree");
  return plan;
}

std::string MasteredPartHash(const std::string& raw_hash, double gain_db, std::size_t index,
                             const AcxPartLength& length) {
  Hasher h;
  h.Add("acx-mastered-part").Add(raw_hash);
  h.Add(static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(gain_db)));
  h.Add(static_cast<std::int64_t>(index)).Add(length.lead_samples).Add(length.samples);
  return h.Hex();
}

Result<std::int64_t> MasterAcxPart(const std::string& raw_path, int engine_rate_hz, double gain_db,
                                   std::size_t index, const AcxPartLength& length,
                                   const std::string& path) {
  master::AcxSettings acx;
  acx.noise_seed = master::AcxPartNoiseSeed(index);
  auto encoder = formats::Acx().part_encoder()(path, acx.output_rate_hz, acx.bitrate_kbps);
  if (!encoder.ok()) return encoder.status();
  auto chain = master::Mastering::Create(engine_rate_hz, gain_db, acx, **encoder);
  if (!chain.ok()) return chain.status();
  NARRATE_RETURN_IF_ERROR((*chain)->WriteSilence(length.lead_samples));
  NARRATE_RETURN_IF_ERROR(ReadRaw(raw_path, length.samples, [&](std::span<const std::int16_t> c) {
    return (*chain)->Write(c);
  }));
  const std::int64_t end = length.lead_samples + length.samples;
  NARRATE_RETURN_IF_ERROR((*chain)->WriteSilence(end - (*chain)->input_samples()));
  NARRATE_RETURN_IF_ERROR((*chain)->Flush());
  NARRATE_RETURN_IF_ERROR((*encoder)->Flush());
  return (*chain)->output_samples();
}

}  // namespace narrate::pipeline
