// Shared by aac_encoder.cc, aac_segment.cc and aac_mux.cc, the only files of
// narrate that include FFmpeg (this header is included by them and
// aac_module.cc alone): the code of narrate-aac.so, a module loaded on first
// use (aac.cc, common/module.h) so that the program starts without FFmpeg.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "output/encode/aac.h"

namespace narrate::encode::aac {

// What the module's table (aac_module.h) points at: aac.h's functions of the
// same names, after the shim has loaded the module.
std::string EncoderVersion();
Result<std::unique_ptr<AudioEncoder>> OpenM4a(const std::string& path, int rate_hz,
                                              int bitrate_kbps, const Mp4Tags& tags);
Result<std::unique_ptr<AudioEncoder>> OpenSegmentEncoder(const std::string& path, int rate_hz,
                                                         int bitrate_kbps);
Result<std::int64_t> SegmentSamples(const std::string& path);
Status JoinSegments(const std::vector<std::string>& segment_paths, std::int64_t skip_samples,
                    std::int64_t samples, const Mp4Tags& tags, const std::string& output_path);

// "path: what: <av_strerror text>".
Status AvFailure(const std::string& path, const std::string& what, int error);

struct CodecContextFree {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFree {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFree {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFree>;
using FramePtr = std::unique_ptr<AVFrame, FrameFree>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;

// libavcodec's native AAC-LC encoder, mono, frame by frame: samples in,
// packets (time base 1/rate, pts from -kAacFrameSamples: the priming) out to
// a sink. Memory is one frame.
class AacCodec {
 public:
  using PacketSink = std::function<Status(AVPacket*)>;
  // path only names the file in errors.
  static Result<std::unique_ptr<AacCodec>> Open(const std::string& path, int rate_hz,
                                                int bitrate_kbps, PacketSink sink);

  Status Push(std::span<const float> samples);
  Status Push(std::span<const std::int16_t> samples);
  // Codes the last (possibly short) frame and drains the encoder.
  Status Finish();

  const AVCodecContext* context() const { return context_.get(); }
  std::int64_t samples() const { return sent_ + fill_; }
  // Whether the first and the most recent whole frame rounded to int16 zeros.
  bool first_frame_silent() const { return first_frame_silent_; }
  bool last_frame_silent() const { return last_frame_silent_; }

 private:
  AacCodec(std::string path, CodecContextPtr context, FramePtr frame, PacketPtr packet,
           PacketSink sink);
  Status StartFrame();
  Status SendFrame();
  Status Drain();

  std::string path_;
  CodecContextPtr context_;
  FramePtr frame_;
  PacketPtr packet_;
  PacketSink sink_;
  int fill_ = 0;           // samples in frame_
  std::int64_t sent_ = 0;  // samples sent to the encoder
  bool first_frame_silent_ = false;
  bool last_frame_silent_ = false;
};

// The "ipod" muxer writing one AAC stream (stream 0, packets in time base
// 1/rate, in order) with tags, chapters and cover; moov first, and the movie
// time scale is the sample rate so that the edit list is exact.
class Mp4Muxer {
 public:
  // The last chapter ends at presented_samples: movenc writes the chapter
  // track with the header, so chapters need it (-1: unknown, no chapters).
  static Result<std::unique_ptr<Mp4Muxer>> Open(const std::string& path,
                                                const AVCodecParameters& audio, const Mp4Tags& tags,
                                                std::int64_t presented_samples);
  ~Mp4Muxer();
  Status Write(AVPacket* packet);
  // Writes the index and closes the file.
  Status Finish();

 private:
  Mp4Muxer(std::string path, AVFormatContext* format, int rate_hz);
  Status Start(const AVCodecParameters& audio, const Mp4Tags& tags, std::int64_t presented_samples);
  Status AddCover(const std::string& image);
  Status WriteCover(const std::string& image);

  std::string path_;
  AVFormatContext* format_;
  int rate_hz_;
  bool has_cover_ = false;
};

}  // namespace narrate::encode::aac
