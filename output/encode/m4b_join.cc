// JoinM4b: lays out the parts as JoinMp3 does, encodes each chapter as an AAC
// segment (cached by what it is made of), and muxes the segments.
//
// A chapter's segment starts kAacFrameSamples before the chapter (in the
// silence that ends the one before, or before the book) and ends as many
// samples before the chapter's end, so that it starts and ends with silence
// as segments must; the muxer skips those first samples once, at the start.
#include <sndfile.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "common/hash.h"
#include "output/encode/m4b.h"

namespace narrate::encode {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunkSamples = 1 << 14;
constexpr const char* kSegmentExtension = ".aacseg";
// Silence the file keeps after the last sample: 864 samples, 39 ms at
// 22050 Hz. ffprobe gives an MP3 the length of its frames, 52 to 78 ms more
// than it decodes to (LAME's delay and padding); with this tail the M4B is
// within 40 ms of both figures for the MP3 build of the same book.
constexpr std::int64_t kTailSamples = 864;

struct SoundFile {
  SNDFILE* file = nullptr;
  SF_INFO info{};
  ~SoundFile() {
    if (file != nullptr) sf_close(file);
  }
};

// One part as the layout sees it.
struct PartInfo {
  std::string path;
  std::int64_t samples = 0;
  std::int64_t span = 0;  // to the next part's first sample, as in a joined MP3
};

// One chapter's segment: its parts and the silence after them.
struct Segment {
  std::size_t first_part = 0;
  std::size_t part_count = 0;
  std::int64_t start = 0;  // the chapter's first sample, in the file
  std::int64_t span = 0;   // its parts' spans
  std::int64_t pad = 0;    // silence after them, up to the chapter grid
  std::string path;        // its segment file
  bool cached = false;
};

Status Bad(const std::string& path, const std::string& why) {
  return Status::Error(path + ": " + why);
}

Result<PartInfo> ReadInfo(const std::string& path, int* rate_hz) {
  SoundFile f;
  f.file = sf_open(path.c_str(), SFM_READ, &f.info);
  if (f.file == nullptr) return Bad(path, sf_strerror(nullptr));
  if (f.info.channels != 1) return Bad(path, "is not mono");
  if (*rate_hz != 0 && f.info.samplerate != *rate_hz) return Bad(path, "has another sample rate");
  *rate_hz = f.info.samplerate;
  return PartInfo{path, f.info.frames, Mp3PartSpanSamples(f.info.frames, f.info.samplerate)};
}

// What a segment is made of: the encoder, its settings, its parts (named by
// their content in the build's cache) and their lengths, its silence.
std::string SegmentKey(const Segment& s, const std::vector<PartInfo>& parts, int rate_hz,
                       int bitrate_kbps) {
  std::string key = AacEncoderVersion() + "|" + std::to_string(rate_hz) + "|" +
                    std::to_string(bitrate_kbps) + "|" + std::to_string(s.pad);
  for (std::size_t i = s.first_part; i < s.first_part + s.part_count; ++i) {
    key +=
        "|" + fs::path(parts[i].path).filename().string() + ":" + std::to_string(parts[i].samples);
  }
  return key;
}

// The chapters' segments, laid out: where each part and chapter starts.
std::vector<Segment> Layout(const std::vector<PartInfo>& parts,
                            const std::vector<std::size_t>& firsts, int rate_hz,
                            std::vector<std::int64_t>* part_starts) {
  std::vector<Segment> segments;
  std::int64_t at = 0;
  for (std::size_t c = 0; c < firsts.size(); ++c) {
    Segment s;
    s.first_part = firsts[c];
    s.part_count = (c + 1 < firsts.size() ? firsts[c + 1] : parts.size()) - firsts[c];
    s.start = at;
    for (std::size_t i = s.first_part; i < s.first_part + s.part_count; ++i) {
      part_starts->push_back(at + s.span);
      s.span += parts[i].span;
    }
    const PartInfo& last = parts[s.first_part + s.part_count - 1];
    s.pad = ChapterPadSamples(s.span, last.span - last.samples, Mp3FrameSamples(rate_hz));
    at += s.span + s.pad;
    segments.push_back(s);
  }
  return segments;
}

Status WriteZeros(AudioEncoder& out, std::int64_t count) {
  const std::vector<std::int16_t> zeros(kChunkSamples, 0);
  while (count > 0) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(count, kChunkSamples));
    NARRATE_RETURN_IF_ERROR(out.Write(std::span<const std::int16_t>(zeros.data(), n)));
    count -= static_cast<std::int64_t>(n);
  }
  return Status::Ok();
}

Status CopyPart(const PartInfo& part, AudioEncoder& out) {
  SoundFile f;
  f.file = sf_open(part.path.c_str(), SFM_READ, &f.info);
  if (f.file == nullptr) return Bad(part.path, sf_strerror(nullptr));
  std::vector<std::int16_t> chunk(kChunkSamples);
  std::int64_t copied = 0;
  sf_count_t n;
  while ((n = sf_read_short(f.file, chunk.data(), static_cast<sf_count_t>(chunk.size()))) > 0) {
    NARRATE_RETURN_IF_ERROR(out.Write(std::span<const std::int16_t>(chunk.data(), std::size_t(n))));
    copied += n;
  }
  if (copied != part.samples) return Bad(part.path, "ended early");
  return Status::Ok();
}

// The segment's samples: silence before the chapter, its parts each followed
// by silence to its span, the pad, less the last frame's worth (silence).
Status WriteSegmentAudio(const Segment& s, const std::vector<PartInfo>& parts, AudioEncoder& out) {
  NARRATE_RETURN_IF_ERROR(WriteZeros(out, kAacFrameSamples));
  for (std::size_t i = s.first_part; i < s.first_part + s.part_count; ++i) {
    NARRATE_RETURN_IF_ERROR(CopyPart(parts[i], out));
    NARRATE_RETURN_IF_ERROR(WriteZeros(out, parts[i].span - parts[i].samples));
  }
  return WriteZeros(out, s.pad - kAacFrameSamples);
}

// Encodes a segment into a temporary file, then renames it into place.
Status EncodeSegment(const Segment& s, const std::vector<PartInfo>& parts, int rate_hz,
                     int bitrate_kbps) {
  const std::string temp = s.path + ".tmp";
  auto encoder = OpenAacSegment(temp, rate_hz, bitrate_kbps);
  Status status = encoder.ok() ? WriteSegmentAudio(s, parts, **encoder) : encoder.status();
  if (status.ok()) status = (*encoder)->Flush();
  std::error_code ec;
  if (status.ok()) fs::rename(temp, s.path, ec);
  if (status.ok() && ec) status = Bad(s.path, ec.message());
  if (!status.ok()) fs::remove(temp, ec);
  return status;
}

// Encodes the segments not cached, on up to `jobs` threads.
Status EncodeMissing(const std::vector<Segment>& segments, const std::vector<PartInfo>& parts,
                     int rate_hz, const M4bJoin& join) {
  std::vector<Status> results(segments.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next++) < segments.size();) {
      if (!segments[i].cached)
        results[i] = EncodeSegment(segments[i], parts, rate_hz, join.bitrate_kbps);
      if (!results[i].ok()) next = segments.size();  // the others stop at their next segment
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(join.jobs, 1); ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  for (const Status& s : results) NARRATE_RETURN_IF_ERROR(s);
  return Status::Ok();
}

// Names each segment's file and finds those already encoded.
Status PlaceSegments(std::vector<Segment>& segments, const std::vector<PartInfo>& parts,
                     int rate_hz, const M4bJoin& join, const std::string& output_path) {
  std::error_code ec;
  if (!join.work_dir.empty()) fs::create_directories(join.work_dir, ec);
  if (ec) return Bad(join.work_dir, ec.message());
  for (std::size_t c = 0; c < segments.size(); ++c) {
    Segment& s = segments[c];
    if (join.work_dir.empty()) {
      s.path = output_path + ".chapter" + std::to_string(c + 1) + kSegmentExtension;
      continue;
    }
    const std::string key = SegmentKey(s, parts, rate_hz, join.bitrate_kbps);
    s.path = (fs::path(join.work_dir) / (Hasher().Add(key).Hex() + kSegmentExtension)).string();
    auto held = AacSegmentSamples(s.path);
    s.cached = held.ok() && *held == s.span + s.pad;
  }
  return Status::Ok();
}

// Removes what the work folder holds that these segments are not.
void RemoveOthers(const std::string& dir, const std::vector<Segment>& segments) {
  if (dir.empty()) return;
  std::set<fs::path> used;
  for (const Segment& s : segments) used.insert(fs::path(s.path));
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!used.contains(entry.path())) fs::remove(entry.path(), ec);
  }
}

}  // namespace

Result<JoinedMp3> JoinM4b(const M4bJoin& join, Mp4Tags tags, const std::string& output_path) {
  if (join.part_paths.empty()) return Status::Error(output_path + ": nothing to join");
  int rate_hz = 0;
  std::vector<PartInfo> parts;
  for (const std::string& path : join.part_paths) {
    auto info = ReadInfo(path, &rate_hz);
    if (!info.ok()) return info.status();
    parts.push_back(*info);
  }
  JoinedMp3 joined;
  std::vector<Segment> segments =
      Layout(parts, join.chapter_first_parts, rate_hz, &joined.part_start_samples);
  // As a joined MP3 ends, at the last part's last sample, and the tail.
  joined.samples = joined.part_start_samples.back() + parts.back().samples + kTailSamples;
  NARRATE_RETURN_IF_ERROR(PlaceSegments(segments, parts, rate_hz, join, output_path));
  Status status = EncodeMissing(segments, parts, rate_hz, join);
  for (std::size_t c = 0; c < tags.chapters.size() && c < segments.size(); ++c)
    tags.chapters[c].start_samples = segments[c].start;
  std::vector<std::string> paths;
  for (const Segment& s : segments) paths.push_back(s.path);
  if (status.ok())
    status = JoinAacSegments(paths, kAacFrameSamples, joined.samples, tags, output_path);
  std::error_code ec;
  if (join.work_dir.empty()) {
    for (const std::string& p : paths) fs::remove(p, ec);
  } else if (status.ok()) {
    RemoveOthers(join.work_dir, segments);
  }
  if (!status.ok()) return status;
  return joined;
}

}  // namespace narrate::encode
