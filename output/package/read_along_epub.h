// A read-along EPUB 3: the book's text as XHTML content documents with an id
// on every sentence, one SMIL Media Overlay per content document pairing
// each timed sentence with its clip of the chapter audio, and the audio
// itself inside the archive.
//
// Contract: the archive is written to a temporary file beside `path` and
// renamed into place only when whole, so a failure leaves no EPUB (and an
// older one untouched). What is written passes EPUBCheck 4.2.6 without
// errors or warnings: `mimetype` first and stored, XHTML5 content documents,
// a nav document, dcterms:modified, media:duration per overlay (refines) and
// in total (exactly their sum, in whole milliseconds), media:active-class
// with its CSS linked from every content document. Clip times are the given
// milliseconds, unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::package {

// A stretch of EpubChapter::text shown as one element: the heading or a
// paragraph ('\n' inside becomes a line break: verse).
struct EpubBlock {
  std::size_t begin = 0;  // bytes into the chapter text
  std::size_t end = 0;
  bool heading = false;
};

// A sentence: a <span id> in its content document and, when it is said, a
// <par> of the overlay. Sentences lie inside one block each, in text order,
// without overlapping.
struct EpubSentence {
  std::size_t begin = 0;  // bytes into the chapter text
  std::size_t end = 0;
  int audio = -1;                  // index into ReadAlongEpub::audio; -1: not timed, no <par>
  std::int64_t clip_begin_ms = 0;  // into that audio file; clip_begin_ms < clip_end_ms
  std::int64_t clip_end_ms = 0;
};

// One content document.
struct EpubChapter {
  std::string title;  // the nav entry and the document's <title>; never shown empty
  std::string text;
  std::vector<EpubBlock> blocks;  // in order; a chapter without a heading block gets <h1>title
  std::vector<EpubSentence> sentences;
};

struct EpubAudio {
  std::string path;        // the file on disk, copied into the archive as it is
  std::string media_type;  // an EPUB core media type: "audio/mpeg"
  std::string extension;   // of its name inside the archive: "mp3"
};

struct ReadAlongEpub {
  std::string title;
  std::string author;      // may be empty
  std::string language;    // BCP 47; empty = "en"
  std::string identifier;  // dc:identifier, e.g. "urn:uuid:…"; empty = one made from title+author
  std::string modified;    // dcterms:modified, "2026-12-02T05:00:00Z"
  std::vector<EpubChapter> chapters;
  std::vector<EpubAudio> audio;
};

// "0:01:02.345": a SMIL clock value.
std::string ClockValue(std::int64_t ms);

// "urn:uuid:…": a version-5-shaped UUID that depends only on text.
std::string UuidUrnOf(const std::string& text);

// The package document (OPF) alone, for tests: what WriteReadAlongEpub stores.
std::string EpubPackageDocument(const ReadAlongEpub& book);

// Writes the EPUB at path (atomically, see above). Fails naming the file.
Status WriteReadAlongEpub(const ReadAlongEpub& book, const std::string& path);

}  // namespace narrate::package
