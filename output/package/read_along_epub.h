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
//
// With source_epub (an EPUB 3), the content documents are the book's own:
// every file its manifest lists is carried at its place (stylesheets, images,
// fonts with their media types; obfuscated fonts keep working, as the
// identifier is the source's), the spine's documents that hold narrated
// sentences rewritten with a <span id> around each sentence's text inside the
// existing markup (one span when the sentence's nodes are inline siblings,
// else one per text node, the first carrying the id), and the overlays, nav,
// CSS and audio in a folder of their own beside the package. A sentence is
// looked for after the one before it, spacing aside and ASCII case folded,
// skipping a few characters the source has and narrate did not say (a
// noteref's "12"). Fallbacks: a said sentence not found (a spoken heading
// "Chapter I." shown as "I", text the reader changed) is played with the par
// before it in the same audio file (its clip widened over both), else with
// the next one; when that too is impossible, when fewer than half the
// sentences are found, or when the source is not an EPUB 3 (EPUB 2's XHTML
// 1.1 is not an EPUB 3 content document), the whole EPUB is written with
// generated XHTML instead, so that it stays valid and every clip is played.
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
  std::string source_epub;  // the book's EPUB, whose documents are carried; empty = generate
};

// A digest of everything the EPUB is made from but the time (modified): the
// fields above, the audio files' and source_epub's sizes and modification
// times. Two books with the same key give the same EPUB.
std::string ReadAlongEpubInputsKey(const ReadAlongEpub& book);

// "0:01:02.345": a SMIL clock value.
std::string ClockValue(std::int64_t ms);

// "urn:uuid:…": a version-5-shaped UUID that depends only on text.
std::string UuidUrnOf(const std::string& text);

// The package document (OPF) alone, for tests: what WriteReadAlongEpub stores.
std::string EpubPackageDocument(const ReadAlongEpub& book);

// Writes the EPUB at path (atomically, see above). Fails naming the file.
Status WriteReadAlongEpub(const ReadAlongEpub& book, const std::string& path);

}  // namespace narrate::package
