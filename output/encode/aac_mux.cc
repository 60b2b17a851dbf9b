// The MP4 side of AAC: libavformat's "ipod" muxer with tags, chapters (a
// QuickTime chapter track and a Nero chpl atom, both from AVChapters) and the
// cover (an attached picture, written as covr).
#include <cstring>
#include <utility>

#include "output/encode/aac_internal.h"

namespace narrate::encode::aac {
namespace {

bool StartsWith(const std::string& bytes, const char* magic, std::size_t size) {
  return bytes.size() >= size && std::memcmp(bytes.data(), magic, size) == 0;
}

// JPEG (FF D8 FF) or PNG (89 "PNG" 0D 0A 1A 0A); AV_CODEC_ID_NONE otherwise.
AVCodecID ImageCodec(const std::string& image) {
  if (StartsWith(image, "\xFF\xD8\xFF", 3)) return AV_CODEC_ID_MJPEG;
  if (StartsWith(image, "\x89PNG\r\n\x1A\n", 8)) return AV_CODEC_ID_PNG;
  return AV_CODEC_ID_NONE;
}

// The picture decoded once for its size (the muxer needs the dimensions).
Status ImageSize(const std::string& path, const std::string& image, AVCodecID id, int* width,
                 int* height) {
  const AVCodec* codec = avcodec_find_decoder(id);
  CodecContextPtr context(codec != nullptr ? avcodec_alloc_context3(codec) : nullptr);
  PacketPtr packet(av_packet_alloc());
  FramePtr frame(av_frame_alloc());
  if (!context || !packet || !frame) return AvFailure(path, "cover decoder", AVERROR(ENOMEM));
  int e = avcodec_open2(context.get(), codec, nullptr);
  if (e >= 0) e = av_new_packet(packet.get(), static_cast<int>(image.size()));
  if (e >= 0) std::memcpy(packet->data, image.data(), image.size());
  if (e >= 0) e = avcodec_send_packet(context.get(), packet.get());
  if (e >= 0) e = avcodec_send_packet(context.get(), nullptr);
  if (e >= 0) e = avcodec_receive_frame(context.get(), frame.get());
  if (e < 0) return AvFailure(path, "cover image", e);
  *width = frame->width;
  *height = frame->height;
  return Status::Ok();
}

void SetTag(AVDictionary** dictionary, const char* key, const std::string& value) {
  if (!value.empty()) av_dict_set(dictionary, key, value.c_str(), 0);
}

void SetTags(AVFormatContext* format, const Mp4Tags& tags) {
  AVDictionary** d = &format->metadata;
  SetTag(d, "title", tags.title);
  SetTag(d, "album", tags.album);
  SetTag(d, "artist", tags.artist);
  SetTag(d, "album_artist", tags.album_artist);
  SetTag(d, "composer", tags.composer);
  SetTag(d, "date", tags.date);
  SetTag(d, "genre", tags.genre);
  SetTag(d, "description", tags.description);
  SetTag(d, "comment", tags.description);
  SetTag(d, "publisher", tags.publisher);  // movenc 5.1 writes no ©pub: dropped
  SetTag(d, "track", tags.track);
  if (tags.audiobook) SetTag(d, "media_type", "2");  // stik: audiobook
}

// A chapter appended to format's (freed with it), or null.
AVChapter* NewChapter(AVFormatContext* format) {
  void* grown = av_realloc_array(format->chapters, format->nb_chapters + 1, sizeof(AVChapter*));
  if (grown == nullptr) return nullptr;
  format->chapters = static_cast<AVChapter**>(grown);
  auto* chapter = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
  if (chapter != nullptr) format->chapters[format->nb_chapters++] = chapter;
  return chapter;
}

// Chapters in presented samples, each ending where the next starts, the
// last at presented_samples. movenc needs them before the header.
Status AddChapters(const std::string& path, AVFormatContext* format, const Mp4Tags& tags,
                   int rate_hz, std::int64_t presented_samples) {
  const auto& chapters = tags.chapters;
  if (!chapters.empty() && presented_samples < 0) {
    return Status::InvalidInput(path + ": chapters need the length of the audio in advance");
  }
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    const std::int64_t start = chapters[i].start_samples;
    const std::int64_t end =
        i + 1 < chapters.size() ? chapters[i + 1].start_samples : presented_samples;
    if (i == 0 && start != 0) {
      return Status::InvalidInput(path + ": the first chapter starts at sample " +
                                  std::to_string(start) + ", not 0");
    }
    if (end < start) {
      return Status::InvalidInput(path + ": chapter " + std::to_string(i + 1) + " (\"" +
                                  chapters[i].title + "\") starts after the next or the end");
    }
    AVChapter* chapter = NewChapter(format);
    if (chapter == nullptr) return AvFailure(path, "chapters", AVERROR(ENOMEM));
    chapter->id = static_cast<std::int64_t>(i) + 1;
    chapter->time_base = AVRational{1, rate_hz};
    chapter->start = start;
    chapter->end = end;
    SetTag(&chapter->metadata, "title", chapters[i].title);
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Mp4Muxer>> Mp4Muxer::Open(const std::string& path,
                                                 const AVCodecParameters& audio,
                                                 const Mp4Tags& tags,
                                                 std::int64_t presented_samples) {
  AVFormatContext* format = nullptr;
  if (int e = avformat_alloc_output_context2(&format, nullptr, "ipod", path.c_str()); e < 0) {
    return AvFailure(path, "ipod muxer", e);
  }
  std::unique_ptr<Mp4Muxer> muxer(new Mp4Muxer(path, format, audio.sample_rate));
  NARRATE_RETURN_IF_ERROR(muxer->Start(audio, tags, presented_samples));
  return muxer;
}

Mp4Muxer::Mp4Muxer(std::string path, AVFormatContext* format, int rate_hz)
    : path_(std::move(path)), format_(format), rate_hz_(rate_hz) {}

Mp4Muxer::~Mp4Muxer() {
  if (format_->pb != nullptr) avio_closep(&format_->pb);
  avformat_free_context(format_);
}

Status Mp4Muxer::Start(const AVCodecParameters& audio, const Mp4Tags& tags,
                       std::int64_t presented_samples) {
  AVStream* stream = avformat_new_stream(format_, nullptr);
  if (stream == nullptr) return AvFailure(path_, "audio stream", AVERROR(ENOMEM));
  if (int e = avcodec_parameters_copy(stream->codecpar, &audio); e < 0) {
    return AvFailure(path_, "audio stream", e);
  }
  stream->codecpar->codec_tag = 0;
  stream->time_base = AVRational{1, rate_hz_};
  if (!tags.cover.empty()) NARRATE_RETURN_IF_ERROR(AddCover(tags.cover));
  SetTags(format_, tags);
  NARRATE_RETURN_IF_ERROR(AddChapters(path_, format_, tags, rate_hz_, presented_samples));
  if (int e = avio_open(&format_->pb, path_.c_str(), AVIO_FLAG_WRITE); e < 0) {
    return AvFailure(path_, "cannot create", e);
  }
  AVDictionary* options = nullptr;
  av_dict_set(&options, "brand", tags.audiobook ? "M4B " : "M4A ", 0);
  av_dict_set(&options, "movflags", "+faststart", 0);
  av_dict_set_int(&options, "movie_timescale", rate_hz_, 0);  // an exact edit list
  int e = avformat_write_header(format_, &options);
  av_dict_free(&options);
  if (e < 0) return AvFailure(path_, "MP4 header", e);
  return has_cover_ ? WriteCover(tags.cover) : Status::Ok();
}

Status Mp4Muxer::AddCover(const std::string& image) {
  const AVCodecID id = ImageCodec(image);
  if (id == AV_CODEC_ID_NONE) {
    return Status::InvalidInput(path_ + ": the cover is neither JPEG nor PNG");
  }
  int width = 0, height = 0;
  NARRATE_RETURN_IF_ERROR(ImageSize(path_, image, id, &width, &height));
  AVStream* stream = avformat_new_stream(format_, nullptr);
  if (stream == nullptr) return AvFailure(path_, "cover stream", AVERROR(ENOMEM));
  stream->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
  stream->codecpar->codec_id = id;
  stream->codecpar->width = width;
  stream->codecpar->height = height;
  stream->disposition = AV_DISPOSITION_ATTACHED_PIC;
  stream->time_base = AVRational{1, 90000};
  has_cover_ = true;
  return Status::Ok();
}

// movenc keeps an attached picture's one packet and writes it as covr.
Status Mp4Muxer::WriteCover(const std::string& image) {
  PacketPtr packet(av_packet_alloc());
  if (!packet) return AvFailure(path_, "cover", AVERROR(ENOMEM));
  int e = av_new_packet(packet.get(), static_cast<int>(image.size()));
  if (e < 0) return AvFailure(path_, "cover", e);
  std::memcpy(packet->data, image.data(), image.size());
  packet->stream_index = 1;
  packet->pts = packet->dts = 0;
  packet->flags |= AV_PKT_FLAG_KEY;
  if (e = av_write_frame(format_, packet.get()); e < 0) return AvFailure(path_, "cover", e);
  return Status::Ok();
}

// Packets in order, one stream: no interleaving queue, so memory stays flat.
Status Mp4Muxer::Write(AVPacket* packet) {
  packet->stream_index = 0;
  av_packet_rescale_ts(packet, AVRational{1, rate_hz_}, format_->streams[0]->time_base);
  if (int e = av_write_frame(format_, packet); e < 0) return AvFailure(path_, "MP4 packet", e);
  return Status::Ok();
}

Status Mp4Muxer::Finish() {
  if (int e = av_write_trailer(format_); e < 0) return AvFailure(path_, "MP4 index", e);
  if (int e = avio_closep(&format_->pb); e < 0) return AvFailure(path_, "close", e);
  return Status::Ok();
}

}  // namespace narrate::encode::aac
