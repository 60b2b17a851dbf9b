#include "output/formats/formats.h"

#include <algorithm>
#include <cctype>

#include "output/encode/aac.h"
#include "output/encode/m4b.h"

namespace narrate::formats {
namespace {

Result<std::unique_ptr<encode::AudioEncoder>> OpenMp3(const std::string& path, int rate_hz,
                                                      int bitrate_kbps) {
  return encode::OpenMp3(path, encode::Mp3Settings{rate_hz, bitrate_kbps});
}

Result<std::unique_ptr<encode::AudioEncoder>> OpenFlac(const std::string& path, int rate_hz, int) {
  return encode::OpenFlac(path, rate_hz);
}

Result<std::unique_ptr<encode::AudioEncoder>> OpenWav(const std::string& path, int rate_hz, int) {
  return encode::OpenWav(path, rate_hz);
}

Result<std::unique_ptr<encode::AudioEncoder>> OpenM4a(const std::string& path, int rate_hz,
                                                      int bitrate_kbps) {
  return encode::OpenM4a(path, rate_hz, bitrate_kbps);
}

Status CheckMp3Bitrate(int rate_hz, int bitrate_kbps) {
  return encode::ValidateMp3Settings(encode::Mp3Settings{rate_hz, bitrate_kbps});
}

Result<encode::JoinedMp3> JoinMp3(const JoinInput& in, const std::string& output_path) {
  return encode::JoinMp3(in.part_paths, output_path, in.chapter_first_parts);
}

Result<encode::JoinedMp3> JoinSoundFiles(const JoinInput& in, const std::string& output_path) {
  return encode::JoinSoundFiles(in.part_paths, output_path);
}

// The book's tags as MP4 atoms: the narrator as composer (what Audiobookshelf
// reads), the author as artist and album artist, the audiobook media type.
encode::Mp4Tags Mp4TagsFor(const package::TrackTags& t) {
  encode::Mp4Tags m;
  m.title = t.title;
  m.album = t.album;
  m.artist = t.artist;
  m.album_artist = t.artist;
  m.composer = t.narrator;
  m.date = t.year;
  m.genre = t.genre;
  m.description = t.description;
  m.publisher = t.publisher;
  m.audiobook = true;
  if (t.track >= 0) {
    m.track =
        std::to_string(t.track) + (t.track_total > 0 ? "/" + std::to_string(t.track_total) : "");
  }
  if (t.cover.mime_type == "image/jpeg" || t.cover.mime_type == "image/png")
    m.cover = t.cover.bytes;
  for (const package::ChapterMark& c : t.chapters) m.chapters.push_back({c.title, 0});
  return m;
}

Result<encode::JoinedMp3> JoinM4b(const JoinInput& in, const std::string& output_path) {
  encode::M4bJoin join{in.part_paths, in.chapter_first_parts, in.bitrate_kbps, in.work_dir,
                       in.jobs};
  encode::Mp4Tags tags = in.tags != nullptr ? Mp4TagsFor(*in.tags) : encode::Mp4Tags{};
  tags.audiobook = true;
  return encode::JoinM4b(join, std::move(tags), output_path);
}

// The table: one row per format. MP3 frames under 56 kbps at speech rates
// cannot hold LAME's tag, which exact joins and chapter times need.
constexpr OutputFormat kFormats[] = {
    {.name = "mp3",
     .display_name = "MP3",
     .extension = "mp3",
     .open_encoder = OpenMp3,
     .join = JoinMp3,
     .write_tags = package::WriteMp3Tags,
     .check_bitrate = CheckMp3Bitrate,
     .chapter_marks = "ID3 frames",
     .min_exact_join_kbps = 56,
     .acx = true,
     .epub_media_type = "audio/mpeg"},
    // One file for the book: parts cached losslessly (FLAC), each chapter
    // encoded once as AAC and kept, chapters on the grid MP3 builds use.
    {.name = "m4b",
     .display_name = "M4B",
     .extension = "m4b",
     .other_extension = "m4a",
     .open_encoder = OpenM4a,
     .open_part_encoder = OpenFlac,
     .part_extension = "flac",
     .join = JoinM4b,
     .tags_in_join = true,
     .whole_book = true,
     .check_bitrate = encode::CheckAacBitrate,
     .chapter_marks = "a chapter track and Nero chpl",
     .epub_media_type = "audio/mp4"},
    {.name = "flac",
     .display_name = "FLAC",
     .extension = "flac",
     .open_encoder = OpenFlac,
     .join = JoinSoundFiles},
    {.name = "wav",
     .display_name = "WAV",
     .extension = "wav",
     .open_encoder = OpenWav,
     .join = JoinSoundFiles},
};

// What a file name without a known extension is written as.
constexpr std::string_view kFallbackName = "wav";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The names of the rows that pass keep, joined by separator.
template <typename Keep>
std::string JoinNames(Keep keep, std::string_view separator) {
  std::string out;
  for (const OutputFormat& f : kFormats) {
    if (!keep(f)) continue;
    if (!out.empty()) out += separator;
    out += f.name;
  }
  return out;
}

}  // namespace

std::span<const OutputFormat> All() { return kFormats; }

const OutputFormat* ByName(std::string_view name) {
  for (const OutputFormat& f : kFormats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const OutputFormat* ByExtension(std::string_view file_name) {
  const std::size_t dot = file_name.find_last_of('.');
  const std::size_t slash = file_name.find_last_of('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return nullptr;
  const std::string ext = Lower(file_name.substr(dot + 1));
  for (const OutputFormat& f : kFormats) {
    if (f.extension == ext || (!f.other_extension.empty() && f.other_extension == ext)) return &f;
  }
  return nullptr;
}

const OutputFormat& ForFileName(std::string_view file_name) {
  const OutputFormat* f = ByExtension(file_name);
  return f != nullptr ? *f : *ByName(kFallbackName);
}

const OutputFormat& Acx() {
  return *std::find_if(std::begin(kFormats), std::end(kFormats),
                       [](const OutputFormat& f) { return f.acx; });
}

std::vector<std::string> Names() {
  std::vector<std::string> names;
  for (const OutputFormat& f : kFormats) names.emplace_back(f.name);
  return names;
}

std::string NameList() {
  return JoinNames([](const OutputFormat&) { return true; }, ", ");
}

std::string ExtensionList() {
  std::vector<std::string_view> all;
  for (const OutputFormat& f : kFormats) {
    all.push_back(f.extension);
    if (!f.other_extension.empty()) all.push_back(f.other_extension);
  }
  std::string list;
  for (std::size_t i = 0; i < all.size(); ++i) {
    list += i == 0 ? "." : i + 1 == all.size() ? " or ." : ", .";
    list += all[i];
  }
  return list;
}

std::string FormatHelp() {
  std::string tagged = JoinNames([](const OutputFormat& f) { return f.tagged(); }, "/");
  std::string untagged = JoinNames([](const OutputFormat& f) { return !f.tagged(); }, "/");
  if (untagged.empty()) return tagged;
  return tagged + ", or " + untagged + " (untagged) to master elsewhere";
}

Result<const OutputFormat*> Find(std::string_view name) {
  const OutputFormat* f = ByName(name);
  if (f == nullptr)
    return Status::Usage("--format " + std::string(name) + " is not one of " + NameList());
  return f;
}

Status CheckBitrate(const OutputFormat& format, int rate_hz, int bitrate_kbps) {
  if (!format.has_bitrate()) return Status::Ok();
  Status s = format.check_bitrate(rate_hz, bitrate_kbps);
  return s.ok() ? s : Status::Usage(s.message());
}

}  // namespace narrate::formats
