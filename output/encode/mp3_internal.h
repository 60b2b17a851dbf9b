// Internal to narrate_encode: MP3 frame headers, silent frames and the
// Info/LAME tag, shared by mp3_join.cc (one stream from several files) and
// mp3_encoder.cc (one stream from LAME's frames with silent frames inserted).
// No LAME type here; mp3_join.cc implements it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::encode::mp3 {

// The frame header fields a join needs: every part must agree on them.
struct FrameFormat {
  int version = 0;  // header bits: 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  int rate_index = 0;
  int bitrate_index = 0;
  int channel_mode = 0;
  bool operator==(const FrameFormat&) const = default;
};

// Parses a layer III frame header (4 bytes at p); false when p does not
// start one. *frame_bytes counts the header and the padding byte if set.
bool ParseHeader(const unsigned char* p, FrameFormat* format, std::size_t* frame_bytes);

// 1152 (MPEG-1) or 576.
int FrameSamples(const FrameFormat& format);

// Whether LAME's Info tag fits in a frame of frame_bytes (it writes none
// otherwise: at 22050 Hz below 56 kbps).
bool TagFits(const FrameFormat& format, std::size_t frame_bytes);

// CRC-16 as LAME computes it for its tag (polynomial 0x8005, reflected).
std::uint16_t Crc16(std::uint16_t crc, const unsigned char* data, std::size_t size);

// A stream's first frame as LAME wrote it, and what its tag says.
struct TagFrame {
  FrameFormat format;
  std::vector<unsigned char> frame;
  std::size_t tag_offset = 0;  // of "Info" within frame
  std::uint32_t audio_frames = 0;
  int delay = 0;
  int padding = 0;
};

// Reads a whole first frame; fails naming path unless it holds a CBR Info
// tag with LAME's extension.
Result<TagFrame> ParseTagFrame(std::vector<unsigned char> frame, const std::string& path);

// first's tag rewritten to describe a whole stream: `frames` audio frames of
// audio_bytes (after the tag frame) with that music CRC, first's encoder
// delay and `padding` at the end; a linear seek table; peak and ReplayGain
// cleared.
std::vector<unsigned char> StreamTag(const TagFrame& first, int padding, std::uint32_t frames,
                                     std::uint64_t audio_bytes, std::uint16_t music_crc);

// A frame that decodes to exact silence: `header` (4 bytes) without CRC or
// padding byte, side information all zero (no main data, none reserved),
// zeros to the frame's length. Fails naming path for CRC-protected frames.
Result<std::vector<unsigned char>> SilentFrame(const unsigned char* header,
                                               const std::string& path);

}  // namespace narrate::encode::mp3
