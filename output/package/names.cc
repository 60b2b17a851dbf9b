#include <cmath>
#include <cstdio>
#include <string>

#include "output/package/package.h"

namespace narrate::package {
namespace {

constexpr std::size_t kMaxNameBytes = 120;

bool Forbidden(char c) {
  return c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
         c == '>' || c == '|' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
}

// Cuts at most max bytes without splitting a UTF-8 sequence.
std::string CutUtf8(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string Trim(const std::string& s, const char* junk) {
  std::size_t b = s.find_first_not_of(junk);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(junk) - b + 1);
}

}  // namespace

std::string SafeFileName(const std::string& title) {
  std::string out;
  for (char c : title) {
    if (c == ':') {
      out += " -";
    } else {
      out += Forbidden(c) ? '-' : c;
    }
  }
  out = Trim(CutUtf8(out, kMaxNameBytes), " .-");
  return out.empty() ? "untitled" : out;
}

std::string TrackFileName(int track, int track_total, const std::string& title,
                          const std::string& extension) {
  int width = std::max(2, static_cast<int>(std::to_string(std::max(track_total, track)).size()));
  char number[16];
  std::snprintf(number, sizeof(number), "%0*d", width, track);
  return std::string(number) + " - " + SafeFileName(title) + "." + extension;
}

std::string M3u8(const std::vector<PlaylistEntry>& entries) {
  std::string out = "#EXTM3U\n";
  for (const PlaylistEntry& e : entries) {
    long seconds = std::lround(e.duration_s);
    out += "#EXTINF:" + std::to_string(seconds) + "," + e.title + "\n" + e.file_name + "\n";
  }
  return out;
}

}  // namespace narrate::package
