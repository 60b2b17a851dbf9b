#include "output/package/subtitles.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace narrate::package {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::int64_t Milliseconds(std::int64_t sample, int rate_hz) {
  return (sample * 1000 + rate_hz / 2) / rate_hz;
}

std::string EscapeVtt(const std::string& line) {
  std::string out;
  for (char c : line) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

std::string CueBody(const Cue& cue, int rate_hz, char mark, bool escape) {
  std::string out = Timestamp(cue.start_sample, rate_hz, mark) + " --> " +
                    Timestamp(cue.end_sample, rate_hz, mark) + "\n";
  for (const std::string& line : WrapLines(cue.text)) out += (escape ? EscapeVtt(line) : line) + "\n";
  return out;
}

}  // namespace

std::size_t CodePoints(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += IsContinuation(c) ? 0 : 1;
  return n;
}

std::string Timestamp(std::int64_t sample, int sample_rate_hz, char decimal_mark) {
  std::int64_t ms = Milliseconds(sample < 0 ? 0 : sample, sample_rate_hz);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld%c%03lld", static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60),
                decimal_mark, static_cast<long long>(ms % 1000));
  return buf;
}

std::vector<std::string> WrapLines(const std::string& text, std::size_t max_chars) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t b = text.find_first_not_of(" \t\r\n", at);
    if (b == std::string::npos) break;
    std::size_t e = std::min(text.find_first_of(" \t\r\n", b), text.size());
    std::string word = text.substr(b, e - b);
    if (!line.empty() && CodePoints(line) + 1 + CodePoints(word) > max_chars) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    at = e;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string Vtt(const std::vector<Cue>& cues, int sample_rate_hz) {
  std::string out = "WEBVTT\n";
  for (const Cue& cue : cues) out += "\n" + CueBody(cue, sample_rate_hz, '.', true);
  return out;
}

std::string Srt(const std::vector<Cue>& cues, int sample_rate_hz) {
  std::string out;
  for (std::size_t i = 0; i < cues.size(); ++i) {
    if (i > 0) out += "\n";
    out += std::to_string(i + 1) + "\n" + CueBody(cues[i], sample_rate_hz, ',', false);
  }
  return out;
}

std::string TimingsJson(const std::vector<TimingsChapter>& chapters, int sample_rate_hz) {
  auto seconds = [&](std::int64_t sample) { return double(Milliseconds(sample, sample_rate_hz)) / 1000.0; };
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const TimingsChapter& c : chapters) {
    nlohmann::ordered_json words = nlohmann::ordered_json::array();
    for (const TimedWord& w : c.words) {
      std::size_t begin = std::min(w.text_begin, c.text.size());
      std::size_t end = std::clamp(w.text_end, begin, c.text.size());
      std::size_t first = CodePoints(std::string_view(c.text).substr(0, begin));
      words.push_back({{"start", seconds(w.start_sample)}, {"end", seconds(w.end_sample)},
                       {"word", w.spoken}, {"char_start", first},
                       {"char_end", first + CodePoints(std::string_view(c.text).substr(begin, end - begin))},
                       {"exact", w.exact}});
    }
    list.push_back({{"number", c.number}, {"title", c.title}, {"text", c.text}, {"words", std::move(words)}});
  }
  nlohmann::ordered_json doc = {{"format", "narrate-timings"}, {"version", 1}, {"chapters", std::move(list)}};
  return doc.dump(1) + "\n";
}

}  // namespace narrate::package
