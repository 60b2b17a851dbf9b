// The output format table: one row per audio format narrate writes, saying
// which encoder writes it, how parts are joined, how (and whether) it is
// tagged, whether a file can hold chapter marks, and which bitrates apply.
// Every format decision in the build, `say` and the CLI is a look-up here, so
// adding a format is one row in formats.cc plus its encoder (output/encode)
// and its tag writer (output/package).
//
// Contract: rows are constant and live as long as the program; look-ups
// return pointers or references into the table (never owned by the caller,
// never null unless stated). Safe from any thread. Checks fail with
// Status::Usage: a format, bitrate or combination the user asked for.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "output/encode/encoder.h"
#include "output/package/package.h"

namespace narrate::formats {

// Encoder, joiner, tag writer and bitrate check of one format.
using OpenEncoderFn = Result<std::unique_ptr<encode::AudioEncoder>> (*)(const std::string& path,
                                                                        int rate_hz,
                                                                        int bitrate_kbps);
using JoinFn = Result<encode::JoinedMp3> (*)(const std::vector<std::string>& part_paths,
                                             const std::string& output_path);
using WriteTagsFn = Status (*)(const std::string& path, const package::TrackTags& tags);
using CheckBitrateFn = Status (*)(int rate_hz, int bitrate_kbps);

struct OutputFormat {
  std::string_view name;          // what --format accepts: "mp3"
  std::string_view display_name;  // in messages: "MP3"
  std::string_view extension;     // of the files written, without the dot
  // Creates (truncates) path for mono audio at rate_hz; bitrate_kbps is
  // ignored when the format has no bitrate. Never null.
  OpenEncoderFn open_encoder = nullptr;
  // Joins files open_encoder wrote with the same settings, in order. Never null.
  JoinFn join = nullptr;
  // Writes the tags (and chapter marks) into a finished file; null: untagged.
  WriteTagsFn write_tags = nullptr;
  // Checks a bitrate at a sample rate; null: the format has no bitrate
  // (lossless), --bitrate does not apply.
  CheckBitrateFn check_bitrate = nullptr;
  // How a file holds chapter marks, for messages ("ID3 frames"); empty: it
  // cannot, so a whole book cannot be one file (--single-file).
  std::string_view chapter_marks = {};
  // Parts encoded below this bitrate cannot be joined exactly (0: any).
  int min_exact_join_kbps = 0;
  bool acx = false;  // what --acx delivers
  // The EPUB 3 core media type of the files, for a read-along EPUB's audio
  // ("audio/mpeg"); empty: EPUB readers need not play it, no read-along EPUB.
  std::string_view epub_media_type = {};

  bool tagged() const { return write_tags != nullptr; }
  bool has_bitrate() const { return check_bitrate != nullptr; }
  bool has_chapters() const { return !chapter_marks.empty(); }
};

// Every row, in the order --help and messages list them (the default first).
std::span<const OutputFormat> All();

// The row named name ("mp3"), or nullptr.
const OutputFormat* ByName(std::string_view name);

// The row a file name asks for by its extension (case aside: "x.MP3"), or
// nullptr when no format has that extension.
const OutputFormat* ByExtension(std::string_view file_name);

// ByExtension, and for any other name WAV (what `say -o x` has always written).
const OutputFormat& ForFileName(std::string_view file_name);

// The row --acx delivers.
const OutputFormat& Acx();

// Names, for a command line's choice list: {"mp3", "flac", "wav"}.
std::vector<std::string> Names();

// "mp3, flac, wav".
std::string NameList();

// The extensions, for messages: ".mp3, .flac or .wav".
std::string ExtensionList();

// What --help says of --format: "mp3, or flac/wav (untagged) to master elsewhere".
std::string FormatHelp();

// --format name as a row; Usage error "--format x is not one of mp3, flac, wav".
Result<const OutputFormat*> Find(std::string_view name);

// Ok when the format has no bitrate; otherwise the format's own check, as a
// Usage error naming the bitrate and the allowed values.
Status CheckBitrate(const OutputFormat& format, int rate_hz, int bitrate_kbps);

}  // namespace narrate::formats
