// Joins MP3 streams written by OpenMp3 into one stream with one Info/LAME tag.
//
// Hand-written because LAME has no API for it: lame_get_lametag_frame only
// describes what one encoder instance produced, and LAME's "nogap" mode needs
// the parts encoded one after the other by the same instance, which defeats
// encoding them in parallel. The tag layout (Xing "Info" header + LAME
// extension, CRC-16 as LAME computes it) follows LAME 3.100's VbrTag.c; the
// tests check our reading of it against tags LAME itself wrote.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "common/c_file.h"
#include "output/encode/encoder.h"
#include "output/encode/mp3_internal.h"

namespace narrate::encode::mp3 {
namespace {

constexpr int kTocEntries = 100;
constexpr std::size_t kLameExtensionBytes = 36;  // version .. tag CRC
std::uint32_t Be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

void PutBe32(unsigned char* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (24 - 8 * i));
}

void PutBe16(unsigned char* p, std::uint16_t v) {
  p[0] = static_cast<unsigned char>(v >> 8);
  p[1] = static_cast<unsigned char>(v);
}

constexpr int kBitratesKbps[2][16] = {
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},  // MPEG-1 layer III
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0}};    // MPEG-2/2.5 layer III
constexpr int kRatesHz[4][3] = {{11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}};

bool Mpeg1(const FrameFormat& f) { return f.version == 3; }
bool Mono(const FrameFormat& f) { return f.channel_mode == 3; }

// Offset of the Xing/Info id in the first frame: header + side information.
std::size_t TagOffset(const FrameFormat& f) {
  if (Mpeg1(f)) return 4 + (Mono(f) ? 17 : 32);
  return 4 + (Mono(f) ? 9 : 17);
}

}  // namespace

int FrameSamples(const FrameFormat& f) { return Mpeg1(f) ? 1152 : 576; }

bool TagFits(const FrameFormat& f, std::size_t frame_bytes) {
  return TagOffset(f) + 120 + kLameExtensionBytes <= frame_bytes;
}

bool ParseHeader(const unsigned char* p, FrameFormat* f, std::size_t* frame_bytes) {
  if (p[0] != 0xFF || (p[1] & 0xE0) != 0xE0 || ((p[1] >> 1) & 3) != 1) return false;
  f->version = (p[1] >> 3) & 3;
  f->bitrate_index = (p[2] >> 4) & 15;
  f->rate_index = (p[2] >> 2) & 3;
  f->channel_mode = (p[3] >> 6) & 3;
  if (f->version == 1 || f->rate_index == 3 || f->bitrate_index == 0 || f->bitrate_index == 15) return false;
  const int kbps = kBitratesKbps[Mpeg1(*f) ? 0 : 1][f->bitrate_index];
  const int rate_hz = kRatesHz[f->version][f->rate_index];
  const int coefficient = Mpeg1(*f) ? 144 : 72;
  *frame_bytes = static_cast<std::size_t>(coefficient * kbps * 1000 / rate_hz + ((p[2] >> 1) & 1));
  return true;
}

namespace {

// One byte's worth of the bitwise CRC at a time (the encoder runs every
// byte it writes through it).
constexpr std::array<std::uint16_t, 256> Crc16Table() {
  std::array<std::uint16_t, 256> table{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    std::uint16_t crc = static_cast<std::uint16_t>(byte);
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0xA001 : crc >> 1;
    table[byte] = crc;
  }
  return table;
}

constexpr std::array<std::uint16_t, 256> kCrc16Table = Crc16Table();

}  // namespace

std::uint16_t Crc16(std::uint16_t crc, const unsigned char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) crc = (crc >> 8) ^ kCrc16Table[(crc ^ data[i]) & 0xFF];
  return crc;
}

Result<TagFrame> ParseTagFrame(std::vector<unsigned char> frame, const std::string& path) {
  TagFrame part;
  std::size_t frame_bytes = 0;
  if (frame.size() < 4 || !ParseHeader(frame.data(), &part.format, &frame_bytes)) {
    return Status::Error(path + ": does not start with an MP3 frame");
  }
  part.frame = std::move(frame);
  part.tag_offset = TagOffset(part.format);
  // LAME writes no tag when it does not fit in one frame (for speech at
  // MPEG-2 rates, below 56 kbps: output/formats).
  const Status no_tag = Status::Error(
      path + ": has no constant-bit-rate LAME Info tag, so it cannot be joined exactly");
  if (part.frame.size() != frame_bytes || !TagFits(part.format, frame_bytes)) return no_tag;
  const unsigned char* tag = part.frame.data() + part.tag_offset;
  if (std::memcmp(tag, "Info", 4) != 0 || Be32(tag + 4) != 0xF ||
      std::memcmp(tag + 120, "LAME", 4) != 0) {
    return no_tag;
  }
  part.audio_frames = Be32(tag + 8);
  const unsigned char* d = tag + 120 + 21;  // encoder delay and padding, 12 bits each
  part.delay = (d[0] << 4) | (d[1] >> 4);
  part.padding = ((d[1] & 0x0F) << 8) | d[2];
  return part;
}

std::vector<unsigned char> StreamTag(const TagFrame& first, int padding, std::uint32_t frames,
                                     std::uint64_t audio_bytes, std::uint16_t music_crc) {
  std::vector<unsigned char> frame = first.frame;
  unsigned char* tag = frame.data() + first.tag_offset;
  const std::uint64_t stream_bytes = audio_bytes + frame.size();
  PutBe32(tag + 8, frames);
  PutBe32(tag + 12, static_cast<std::uint32_t>(stream_bytes));
  for (int i = 0; i < kTocEntries; ++i)
    tag[16 + i] = static_cast<unsigned char>(i * 256 / kTocEntries);
  unsigned char* lame = tag + 120;
  std::memset(lame + 11, 0, 8);  // peak and ReplayGain described one part only
  unsigned char* d = lame + 21;
  d[1] = static_cast<unsigned char>((d[1] & 0xF0) | ((padding >> 8) & 0x0F));
  d[2] = static_cast<unsigned char>(padding);
  PutBe32(lame + 28, static_cast<std::uint32_t>(stream_bytes));
  PutBe16(lame + 32, music_crc);
  const std::size_t crc_end = first.tag_offset + 120 + 34;
  PutBe16(lame + 34, Crc16(0, frame.data(), crc_end));
  return frame;
}

Result<std::vector<unsigned char>> SilentFrame(const unsigned char* header,
                                               const std::string& path) {
  std::vector<unsigned char> frame(header, header + 4);
  if ((frame[1] & 1) == 0) {
    return Status::Error(path + ": has CRC-protected frames, which a join cannot pad");
  }
  frame[2] = static_cast<unsigned char>(frame[2] & ~0x02);
  FrameFormat format;
  std::size_t frame_bytes = 0;
  ParseHeader(frame.data(), &format, &frame_bytes);
  frame.resize(frame_bytes, 0);
  return frame;
}

}  // namespace narrate::encode::mp3

namespace narrate::encode {
namespace {

using mp3::Crc16;
using mp3::FrameSamples;
using Part = mp3::TagFrame;

constexpr std::size_t kCopyChunkBytes = 1 << 16;

using File = CFile;

Status Bad(const std::string& path, const std::string& why) {
  return Status::Error(path + ": " + why);
}

// Reads the first frame and checks it is a CBR Info tag with LAME's fields.
Result<Part> ReadPart(std::FILE* file, const std::string& path) {
  unsigned char header[4];
  mp3::FrameFormat format;
  std::size_t frame_bytes = 0;
  if (std::fread(header, 1, 4, file) != 4 || !mp3::ParseHeader(header, &format, &frame_bytes)) {
    return Bad(path, "does not start with an MP3 frame");
  }
  std::vector<unsigned char> frame(header, header + 4);
  frame.resize(frame_bytes);
  frame.resize(4 + std::fread(frame.data() + 4, 1, frame_bytes - 4, file));
  return mp3::ParseTagFrame(std::move(frame), path);
}

// Copies the rest of file (the audio frames) to out, updating the music CRC.
Status CopyAudio(std::FILE* file, std::FILE* out, std::uint16_t* crc, std::uint64_t* bytes,
                 const std::string& out_path) {
  std::vector<unsigned char> buffer(kCopyChunkBytes);
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) {
    *crc = Crc16(*crc, buffer.data(), n);
    *bytes += n;
    if (std::fwrite(buffer.data(), 1, n, out) != n) return Bad(out_path, std::strerror(errno));
  }
  return Status::Ok();
}

// The first part's tag, rewritten to describe the whole joined stream.
std::vector<unsigned char> JoinedTag(const Part& first, const Part& last, std::uint32_t frames,
                                     std::uint64_t audio_bytes, std::uint16_t music_crc) {
  return mp3::StreamTag(first, last.padding, frames, audio_bytes, music_crc);
}

Result<File> Open(const std::string& path, const char* mode) {
  File f(std::fopen(path.c_str(), mode));
  if (!f) return Bad(path, std::strerror(errno));
  return f;
}

// Writes `frames` silent frames to out, updating the music CRC.
Status WriteSilence(const Part& like, std::uint32_t frames, std::FILE* out, std::uint16_t* crc,
                    std::uint64_t* bytes, const std::string& out_path) {
  if (frames == 0) return Status::Ok();
  auto frame = mp3::SilentFrame(like.frame.data(), out_path);
  if (!frame.ok()) return frame.status();
  for (std::uint32_t i = 0; i < frames; ++i) {
    *crc = Crc16(*crc, frame->data(), frame->size());
    *bytes += frame->size();
    if (std::fwrite(frame->data(), 1, frame->size(), out) != frame->size())
      return Bad(out_path, std::strerror(errno));
  }
  return Status::Ok();
}

// Whether part i ends a chapter that another follows.
bool ChapterEndsAfter(std::size_t i, std::size_t parts, const std::vector<std::size_t>& firsts) {
  return i + 1 < parts && std::find(firsts.begin(), firsts.end(), i + 1) != firsts.end();
}

// The silent frames after a chapter's last part, up to the chapter grid.
std::uint32_t PadFrames(std::int64_t chapter_span, const Part& part) {
  const int frame = FrameSamples(part.format);
  const std::int64_t tail =
      part.padding + part.delay;  // after its last sample, before the next part's first
  return static_cast<std::uint32_t>(ChapterPadSamples(chapter_span, tail, frame) / frame);
}

}  // namespace

int Mp3FrameSamples(int rate_hz) { return rate_hz >= 32000 ? 1152 : 576; }

std::int64_t Mp3PartSpanSamples(std::int64_t samples, int rate_hz) {
  const std::int64_t frame = Mp3FrameSamples(rate_hz);
  return (samples + 1152 + frame - 1) / frame * frame;
}

std::int64_t ChapterPadSamples(std::int64_t span_samples, std::int64_t tail_samples,
                               int frame_samples) {
  constexpr std::int64_t kMinTailSamples = 2048;
  std::int64_t pad = 0;
  while ((span_samples + pad) % kChapterGridSamples != 0 || tail_samples + pad < kMinTailSamples) {
    pad += frame_samples;
  }
  return pad;
}

Result<JoinedMp3> JoinMp3(const std::vector<std::string>& part_paths,
                          const std::string& output_path,
                          const std::vector<std::size_t>& chapter_first_parts) {
  if (part_paths.empty()) return Status::Error(output_path + ": nothing to join");
  auto out = Open(output_path, "w+b");
  if (!out.ok()) return out.status();
  JoinedMp3 joined;
  std::vector<Part> parts;
  std::uint64_t audio_bytes = 0;
  std::uint16_t crc = 0;
  std::uint32_t frames = 0;
  std::uint32_t chapter_first_frame = 0;
  for (std::size_t i = 0; i < part_paths.size(); ++i) {
    const std::string& path = part_paths[i];
    auto in = Open(path, "rb");
    if (!in.ok()) return in.status();
    auto part = ReadPart(in->get(), path);
    if (!part.ok()) return part.status();
    if (!parts.empty() && !(part->format == parts.front().format)) {
      return Bad(path, "was encoded with other settings than " + part_paths.front());
    }
    if (parts.empty()) {
      // Placeholder for the joined tag, rewritten below.
      if (std::fwrite(part->frame.data(), 1, part->frame.size(), out->get()) !=
          part->frame.size()) {
        return Bad(output_path, std::strerror(errno));
      }
    }
    // Gapless decoders skip the first part's delay; each later part's own
    // delay and the padding before it stay in the stream (silence: parts
    // start and end with pauses).
    const int delay_first = parts.empty() ? part->delay : parts.front().delay;
    joined.part_start_samples.push_back(std::int64_t(frames) * FrameSamples(part->format) + part->delay -
                                        delay_first);
    NARRATE_RETURN_IF_ERROR(CopyAudio(in->get(), out->get(), &crc, &audio_bytes, output_path));
    frames += part->audio_frames;
    const std::int64_t span =
        std::int64_t(frames - chapter_first_frame) * FrameSamples(part->format);
    if (ChapterEndsAfter(i, part_paths.size(), chapter_first_parts)) {
      const std::uint32_t pad = PadFrames(span, *part);
      NARRATE_RETURN_IF_ERROR(
          WriteSilence(*part, pad, out->get(), &crc, &audio_bytes, output_path));
      frames += pad;
      chapter_first_frame = frames;
    }
    parts.push_back(std::move(*part));
  }
  const Part& first = parts.front();
  const Part& last = parts.back();
  joined.samples = std::int64_t(frames) * FrameSamples(first.format) - first.delay - last.padding;
  std::vector<unsigned char> tag = JoinedTag(first, last, frames, audio_bytes, crc);
  if (std::fseek(out->get(), 0, SEEK_SET) != 0 ||
      std::fwrite(tag.data(), 1, tag.size(), out->get()) != tag.size() || std::fflush(out->get()) != 0) {
    return Bad(output_path, std::strerror(errno));
  }
  return joined;
}

}  // namespace narrate::encode
