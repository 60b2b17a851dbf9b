#include <taglib/id3v2tag.h>
#include <taglib/mpegfile.h>
#include <taglib/textidentificationframe.h>

#include "output/package/package.h"

namespace narrate::package {
namespace {

TagLib::String Utf8(const std::string& s) { return TagLib::String(s, TagLib::String::UTF8); }

void SetText(TagLib::ID3v2::Tag* tag, const char* id, const std::string& value) {
  tag->removeFrames(id);
  if (value.empty()) return;
  auto* frame = new TagLib::ID3v2::TextIdentificationFrame(id, TagLib::String::UTF8);
  frame->setText(Utf8(value));
  tag->addFrame(frame);  // the tag owns the frame
}

std::string TrackText(const TrackTags& tags) {
  if (tags.track <= 0) return "";
  std::string text = std::to_string(tags.track);
  if (tags.track_total > 0) text += "/" + std::to_string(tags.track_total);
  return text;
}

}  // namespace

Status WriteMp3Tags(const std::string& path, const TrackTags& tags) {
  TagLib::MPEG::File file(path.c_str(), false);
  // TagLib opens any readable file as "valid" MPEG; without an MPEG frame it
  // would prepend a tag to a text file. Require a frame.
  if (!file.isValid() || file.firstFrameOffset() < 0) {
    return Status::Error(path + ": not an MP3 file TagLib can read");
  }
  TagLib::ID3v2::Tag* tag = file.ID3v2Tag(true);
  SetText(tag, "TIT2", tags.title);
  SetText(tag, "TALB", tags.album);
  SetText(tag, "TPE1", tags.artist);
  SetText(tag, "TCON", tags.genre);
  SetText(tag, "TRCK", TrackText(tags));
  if (!file.save(TagLib::MPEG::File::ID3v2, TagLib::File::StripOthers, TagLib::ID3v2::v4)) {
    return Status::Error(path + ": cannot write ID3 tags");
  }
  return Status::Ok();
}

}  // namespace narrate::package
