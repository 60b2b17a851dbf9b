// Read-along files beside the audio: WebVTT and SubRip subtitles, and a JSON
// file of word timings. Times are given in samples at the synthesiser's rate
// and written as rate-exact milliseconds, so they do not depend on later
// resampling or on the MP3 encoder's delay (the files are gapless).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace narrate::package {

struct Cue {
  std::int64_t start_sample = 0;
  std::int64_t end_sample = 0;  // one past the last sample
  std::string text;             // one line of text as written; wrapped by the writers
};

struct TimedWord {
  std::int64_t start_sample = 0;
  std::int64_t end_sample = 0;
  std::string spoken;           // the word as said ("nineteen")
  std::size_t text_begin = 0;   // bytes into the chapter text: what the word says
  std::size_t text_end = 0;
  bool exact = false;           // false: the range is the rewritten stretch ("1987")
};

// "01:02:03.004" (vtt) or "01:02:03,004" (srt): samples rounded to the nearest
// millisecond; hours widen past 99.
std::string Timestamp(std::int64_t sample, int sample_rate_hz, char decimal_mark);

// Code points in UTF-8 text: how the timings' char_start/char_end count.
std::size_t CodePoints(std::string_view utf8);

// Text wrapped at spaces into lines of at most max_chars code points (a longer
// word gets a line of its own).
std::vector<std::string> WrapLines(const std::string& text, std::size_t max_chars = 42);

// "WEBVTT", then each cue with its text wrapped; &, < and > escaped.
std::string Vtt(const std::vector<Cue>& cues, int sample_rate_hz);
// SubRip: cues numbered from 1, text wrapped.
std::string Srt(const std::vector<Cue>& cues, int sample_rate_hz);

struct TimingsChapter {
  int number = 0;
  std::string title;
  std::string text;  // the chapter text the words' offsets point into
  std::vector<TimedWord> words;
};

// {"format": "narrate-timings", "version": 1, "chapters": [{"number", "title",
// "text", "words": [{"start", "end" (seconds, to the millisecond), "word",
// "char_start", "char_end" (code points into text), "exact"}]}]}.
std::string TimingsJson(const std::vector<TimingsChapter>& chapters, int sample_rate_hz);

}  // namespace narrate::package
