// The subcommand table. Each entry adds its options to its CLI11 subcommand
// and runs with the values parsed into Options.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/exit_codes.h"
#include "pipeline/pipeline.h"

namespace CLI { class App; }

namespace narrate::cli {

struct Options {
  std::string book;
  std::string output;
  std::string title;
  std::string author;
  std::vector<std::string> text;
  pipeline::SpeechOptions speech;
  int bitrate_kbps = 64;
  int jobs = 1;
  int chapter = 0;    // 1-based
  int paragraph = 0;  // 1-based
  bool ipa = false;
  bool force = false;
  bool quiet = false;
  std::string action;  // lexicon: check | suggest
  // build: packaging
  bool single_file = false;
  std::string cover;   // image file
  std::string narrator;
  std::string year;
  std::string description;
  std::string layout = "flat";  // flat | author-title
  std::size_t part_bytes = 24000;
  std::string format = "mp3";
  bool acx = false;
  bool credits = false;
  std::vector<std::string> subtitles;  // "vtt", "srt"
  std::vector<std::string> timings;    // "json"
  // Reading EPUB/HTML books.
  bool include_front_matter = false;
  std::string footnotes = "skip";  // skip | end-of-chapter
  bool alt_text = false;
  std::string chapters;  // build --chapters "3-7,12"; empty = all
  bool voice_given = false;  // --voice was passed; else a book's language picks the voice
};

struct Command {
  std::string name;
  std::string help;  // one line
  std::function<void(CLI::App&, Options&)> add_options;
  std::function<ExitCode(const Options&)> run;
};

const std::vector<Command>& Commands();
std::string VersionText();

}  // namespace narrate::cli
