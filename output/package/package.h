// Packaging finished audio: ID3v2.4 tags (through TagLib), playlists and safe
// file names. No TagLib type appears here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::package {

struct TrackTags {
  std::string title;   // TIT2
  std::string album;   // TALB
  std::string artist;  // TPE1
  std::string genre = "Audiobook";  // TCON
  int track = 0;        // TRCK "track/track_total"
  int track_total = 0;
};

// Writes the tags into the MP3 at path as ID3v2.4, replacing any other tags.
// Fails with a message naming the path.
Status WriteMp3Tags(const std::string& path, const TrackTags& tags);

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
