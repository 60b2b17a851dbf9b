// Packaging finished audio: ID3v2.4 tags (through TagLib), playlists and safe
// file names. No TagLib type appears here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::package {

// A chapter mark inside one file: ID3v2 CHAP frame with a TIT2 subframe.
struct ChapterMark {
  std::string title;
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;  // exclusive; the next mark's start
};

// Cover art: the image file's bytes and its MIME type. What a build embeds
// is FitCover's JPEG (output/package/cover.h).
struct Cover {
  std::string mime_type;  // "image/jpeg", "image/png" or "image/svg+xml"
  std::string bytes;
  bool empty() const { return bytes.empty(); }
};

struct TrackTags {
  std::string title;   // TIT2
  std::string album;   // TALB
  std::string artist;  // TPE1 (the author); also TPE2, album artist
  std::string genre = "Audiobook";    // TCON, first value
  std::vector<std::string> subjects;  // TCON's further values: "Whaling -- Fiction"
  // TRCK "track/track_total"; track < 0: none (0 is a track: opening credits);
  // track_total 0: none.
  int track = -1;
  int track_total = 0;
  std::string narrator;     // TCOM and TXXX:NARRATOR (what audiobook servers read)
  std::string year;         // TDRC
  std::string description;  // COMM and TXXX:DESCRIPTION
  std::string publisher;    // TPUB
  std::string series;       // TXXX:SERIES (Audiobookshelf's "series")
  std::string series_part;  // TXXX:SERIES-PART: "2", "1.5"; only with a series
  Cover cover;              // APIC, front cover
  // CHAP frames plus one ordered top-level CTOC listing them; empty = none.
  std::vector<ChapterMark> chapters;
};

// Writes the tags into the MP3 at path as ID3v2.4, replacing any other tags.
// Fails with a message naming the path.
Status WriteMp3Tags(const std::string& path, const TrackTags& tags);

// Reads a cover image file (JPEG, PNG or SVG, recognised by content, at most
// 20 MB) as it is. Fails with a one-line message naming the file when it is
// missing, unreadable or not such an image.
Result<Cover> LoadCover(const std::string& path);
// Recognises JPEG, PNG and SVG (an XML document whose root is <svg>) bytes;
// empty mime type when none.
std::string ImageMimeType(const std::string& bytes);

struct PlaylistEntry {
  std::string file_name;  // relative to the playlist
  std::string title;
  double duration_s = 0;
};

// An extended M3U (UTF-8, .m3u8) listing the entries in order.
std::string M3u8(const std::vector<PlaylistEntry>& entries);

// "Chapter 1: A/B?" → "Chapter 1 - A-B": safe on common file systems, at most
// 120 bytes, never empty, no leading dot.
std::string SafeFileName(const std::string& title);

// "01 - Chapter 1.mp3" for track 1 of up to 99; widens for longer books.
std::string TrackFileName(int track, int track_total, const std::string& title,
                          const std::string& extension);

}  // namespace narrate::package
