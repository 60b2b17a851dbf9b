#include <taglib/attachedpictureframe.h>
#include <taglib/chapterframe.h>
#include <taglib/commentsframe.h>
#include <taglib/id3v2tag.h>
#include <taglib/mpegfile.h>
#include <taglib/tableofcontentsframe.h>
#include <taglib/textidentificationframe.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

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
  if (tags.track < 0) return "";
  std::string text = std::to_string(tags.track);
  if (tags.track_total > 0) text += "/" + std::to_string(tags.track_total);
  return text;
}

// TCON: the genre, then the subjects, as one value joined by "; ":
// "Audiobook; Sea stories". FFmpeg (and so Audiobookshelf, which splits on
// ";") reads only the first of ID3v2.4's NUL-separated values.
void SetGenres(TagLib::ID3v2::Tag* tag, const std::string& genre,
               const std::vector<std::string>& subjects) {
  std::string joined = genre;
  for (const std::string& subject : subjects) {
    if (subject.empty() || subject == genre) continue;
    joined += (joined.empty() ? "" : "; ") + subject;
  }
  SetText(tag, "TCON", joined);
}

void SetUserText(TagLib::ID3v2::Tag* tag, const std::string& description,
                 const std::string& value) {
  if (auto* old = TagLib::ID3v2::UserTextIdentificationFrame::find(tag, Utf8(description)))
    tag->removeFrame(old);
  if (value.empty()) return;
  tag->addFrame(new TagLib::ID3v2::UserTextIdentificationFrame(Utf8(description), Utf8(value),
                                                               TagLib::String::UTF8));
}

void SetComment(TagLib::ID3v2::Tag* tag, const std::string& value) {
  tag->removeFrames("COMM");
  if (value.empty()) return;
  auto* frame = new TagLib::ID3v2::CommentsFrame(TagLib::String::UTF8);
  frame->setLanguage("eng");
  frame->setText(Utf8(value));
  tag->addFrame(frame);
}

void SetCover(TagLib::ID3v2::Tag* tag, const Cover& cover) {
  tag->removeFrames("APIC");
  if (cover.empty()) return;
  auto* frame = new TagLib::ID3v2::AttachedPictureFrame;
  frame->setType(TagLib::ID3v2::AttachedPictureFrame::FrontCover);
  frame->setMimeType(cover.mime_type);
  frame->setDescription("Cover");
  frame->setPicture(
      TagLib::ByteVector(cover.bytes.data(), static_cast<unsigned int>(cover.bytes.size())));
  tag->addFrame(frame);
}

TagLib::ByteVector ElementId(std::size_t i) {
  return TagLib::ByteVector(("ch" + std::to_string(i)).c_str());
}

// CHAP frames (start/end in ms, byte offsets unset) and one ordered CTOC.
void SetChapters(TagLib::ID3v2::Tag* tag, const std::vector<ChapterMark>& marks) {
  tag->removeFrames("CHAP");
  tag->removeFrames("CTOC");
  if (marks.empty()) return;
  auto* toc = new TagLib::ID3v2::TableOfContentsFrame("toc");
  toc->setIsTopLevel(true);
  toc->setIsOrdered(true);
  for (std::size_t i = 0; i < marks.size(); ++i) {
    auto* title = new TagLib::ID3v2::TextIdentificationFrame("TIT2", TagLib::String::UTF8);
    title->setText(Utf8(marks[i].title));
    TagLib::ID3v2::FrameList sub;
    sub.append(title);
    tag->addFrame(new TagLib::ID3v2::ChapterFrame(
        ElementId(i), static_cast<unsigned int>(marks[i].start_ms),
        static_cast<unsigned int>(marks[i].end_ms), 0xFFFFFFFF, 0xFFFFFFFF, sub));
    toc->addChildElement(ElementId(i));
  }
  tag->addFrame(toc);
}

}  // namespace

namespace {

// Where a DOCTYPE ends: "]>" when it has an internal subset, else ">".
const char* DoctypeEnd(std::string_view doctype) {
  return doctype.find('[') < doctype.find('>') ? "]>" : ">";
}

// Whether the XML's first element is <svg>: skips a BOM, the declaration,
// comments, a DOCTYPE (with its internal subset, as Illustrator writes) and
// space. "<?xml …?><!-- c --><svg …" → true; "<!DOCTYPE svg [<!ENTITY a "b">]><svg" → true.
bool IsSvg(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  for (int guard = 0; guard < 64; ++guard) {
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return false;
    text.remove_prefix(start);
    const char* close = text.starts_with("<?")     ? "?>"
                        : text.starts_with("<!--") ? "-->"
                        : text.starts_with("<!")   ? DoctypeEnd(text)
                                                   : nullptr;
    if (!close) return text.starts_with("<svg") || text.starts_with("<svg:svg");
    const std::size_t end = text.find(close);
    if (end == std::string_view::npos) return false;
    text.remove_prefix(end + std::strlen(close));
  }
  return false;
}

}  // namespace

std::string ImageMimeType(const std::string& bytes) {
  if (bytes.size() > 3 && bytes.compare(0, 3, "\xFF\xD8\xFF") == 0) return "image/jpeg";
  if (bytes.size() > 8 && bytes.compare(0, 8, "\x89PNG\r\n\x1A\n") == 0) return "image/png";
  if (IsSvg(std::string_view(bytes).substr(0, 64 * 1024))) return "image/svg+xml";
  return "";
}

Result<Cover> LoadCover(const std::string& path) {
  constexpr std::uintmax_t kMaxBytes = 20u << 20;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Status::Error(path + ": is a folder, not an image");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return (errno == ENOENT ? Status::NotFound : Status::Io)(path + ": " + std::strerror(errno));
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxBytes) return Status::Error(path + ": cover image is larger than 20 MB");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  Cover cover{"", bytes.str()};
  cover.mime_type = ImageMimeType(cover.bytes);
  if (cover.mime_type.empty()) return Status::Error(path + ": not a JPEG, PNG or SVG image");
  return cover;
}

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
  SetGenres(tag, tags.genre, tags.subjects);
  SetText(tag, "TRCK", TrackText(tags));
  SetText(tag, "TPE2", tags.artist);
  SetText(tag, "TCOM", tags.narrator);
  SetUserText(tag, "NARRATOR", tags.narrator);
  SetText(tag, "TDRC", tags.year);
  SetComment(tag, tags.description);
  SetUserText(tag, "DESCRIPTION", tags.description);
  SetText(tag, "TPUB", tags.publisher);
  SetUserText(tag, "SERIES", tags.series);
  SetUserText(tag, "SERIES-PART", tags.series.empty() ? "" : tags.series_part);
  SetCover(tag, tags.cover);
  SetChapters(tag, tags.chapters);
  if (!file.save(TagLib::MPEG::File::ID3v2, TagLib::File::StripOthers, TagLib::ID3v2::v4)) {
    return Status::Io(path + ": cannot write ID3 tags");
  }
  return Status::Ok();
}

}  // namespace narrate::package
