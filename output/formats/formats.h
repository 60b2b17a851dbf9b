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
// What a join is given: the parts in order, where the file's chapters begin
// among them, and what a format that tags while joining needs.
struct JoinInput {
  std::vector<std::string> part_paths;  // written by open_part_encoder, same settings
  // The index of each chapter's first part, ascending from 0; {0}: one chapter.
  std::vector<std::size_t> chapter_first_parts = {0};
  int bitrate_kbps = 0;
  // A folder the join owns, to keep what it made for the next join of the
  // same book (M4B: the encoded chapters); it removes what it no longer uses.
  // Empty: nothing is kept.
  std::string work_dir;
  // For a format whose join writes the tags (tags_in_join): the file's tags,
  // chapter titles in tags->chapters (the join sets their times). Else null.
  const package::TrackTags* tags = nullptr;
  int jobs = 1;  // how many threads a join may encode with
};
using JoinFn = Result<encode::JoinedMp3> (*)(const JoinInput& input,
                                             const std::string& output_path);
using WriteTagsFn = Status (*)(const std::string& path, const package::TrackTags& tags);
using CheckBitrateFn = Status (*)(int rate_hz, int bitrate_kbps);

struct OutputFormat {
  std::string_view name;          // what --format accepts: "mp3"
  std::string_view display_name;  // in messages: "MP3"
  std::string_view extension;     // of the files written, without the dot
  // Other extensions `say -o` takes for it ("m4a"); empty: none.
  std::string_view other_extension = {};
  // Creates (truncates) path for mono audio at rate_hz; bitrate_kbps is
  // ignored when the format has no bitrate. Never null.
  OpenEncoderFn open_encoder = nullptr;
  // How a part of a file that is joined is written, and its extension in the
  // cache; null/empty: open_encoder and extension.
  OpenEncoderFn open_part_encoder = nullptr;
  std::string_view part_extension = {};
  // Joins parts written with the same settings, in order. Never null.
  JoinFn join = nullptr;
  // Writes the tags (and chapter marks) into a finished file; null: none, or
  // the join writes them (tags_in_join).
  WriteTagsFn write_tags = nullptr;
  bool tags_in_join = false;
  // The format makes one file of the whole book (M4B), as --single-file does.
  bool whole_book = false;
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

  bool tagged() const { return write_tags != nullptr || tags_in_join; }
  OpenEncoderFn part_encoder() const {
    return open_part_encoder != nullptr ? open_part_encoder : open_encoder;
  }
  std::string_view part_ext() const { return part_extension.empty() ? extension : part_extension; }
  bool has_bitrate() const { return check_bitrate != nullptr; }
  bool has_chapters() const { return !chapter_marks.empty(); }
};

// Every row, in the order --help and messages list them (the default first).
std::span<const OutputFormat> All();

// The row named name ("mp3"), or nullptr.
const OutputFormat* ByName(std::string_view name);

// The row a file name asks for by its extension or other extension (case
// aside: "x.MP3", "x.m4a"), or nullptr when no format has that extension.
const OutputFormat* ByExtension(std::string_view file_name);

// ByExtension, and for any other name WAV (what `say -o x` has always written).
const OutputFormat& ForFileName(std::string_view file_name);

// The row --acx delivers.
const OutputFormat& Acx();

// Names, for a command line's choice list: {"mp3", "m4b", "flac", "wav"}.
std::vector<std::string> Names();

// "mp3, m4b, flac, wav".
std::string NameList();

// The extensions, for messages: ".mp3, .m4b, .m4a, .flac or .wav".
std::string ExtensionList();

// What --help says of --format: "mp3/m4b, or flac/wav (untagged) to master elsewhere".
std::string FormatHelp();

// --format name as a row; Usage error "--format x is not one of mp3, m4b, flac, wav".
Result<const OutputFormat*> Find(std::string_view name);

// Ok when the format has no bitrate; otherwise the format's own check, as a
// Usage error naming the bitrate and the allowed values.
Status CheckBitrate(const OutputFormat& format, int rate_hz, int bitrate_kbps);

}  // namespace narrate::formats
