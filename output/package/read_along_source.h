// Private to output/package/: an EPUB 3 book's own content documents for its
// read-along EPUB. The source's package is read (manifest, spine, unique
// identifier), the narrated sentences are found in its spine documents in
// order, and each found sentence's text is wrapped in a <span id> inside the
// existing markup. Everything the manifest lists is carried, the rewritten
// documents as rewritten, the rest byte for byte.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "output/package/read_along_epub.h"

namespace narrate::package::internal {

// A <par>: the span it shows and the clip it plays.
struct CarriedPar {
  std::string id;  // of the span in its document
  int audio = 0;   // into ReadAlongEpub::audio
  std::int64_t clip_begin_ms = 0;
  std::int64_t clip_end_ms = 0;
};

struct CarriedItem {
  std::string id;
  std::string href;   // as the source's package writes it (relative to the package)
  std::string entry;  // archive entry name
  std::string media_type;
  std::string properties;  // without "nav": the read-along EPUB has its own nav
  std::string fallback;
  std::string content;  // the bytes to store: the source's, or the document with its spans
};

struct CarriedSpineRef {
  std::string idref;
  bool linear = true;
  std::string properties;
};

struct CarriedBook {
  std::string package_entry;   // "epub/content.opf": the package keeps its place
  std::string identifier;      // the source's unique identifier (obfuscated fonts depend on it)
  std::string encryption;      // META-INF/encryption.xml, or ""
  std::string page_direction;  // spine page-progression-direction, or ""
  std::vector<CarriedItem> items;
  std::vector<CarriedSpineRef> spine;
  // Content document entry → its pars in text order (documents with none have no overlay).
  std::map<std::string, std::vector<CarriedPar>> pars;
  std::map<std::string, std::string> body_ids;  // entry → the id the overlay's seq refers to
  // Per ReadAlongEpub chapter: "entry#id" of its first par, or "" (no nav entry).
  std::vector<std::string> chapter_starts;
  std::string folder;                 // "epub/read-along/": where nav, CSS, overlays and audio go
  std::size_t found = 0, merged = 0;  // sentences found in the source / said with a neighbour
};

// The book's source_epub carried with spans, its documents linking css_name
// (a file in CarriedBook::folder). Fails (and the caller falls back to
// generated XHTML) when the source is not an EPUB 3 narrate can rewrite, or
// when a said sentence can be neither found nor joined to a neighbour's clip.
Result<CarriedBook> CarrySource(const ReadAlongEpub& book, const std::string& css_name);

// "epub/text/" + "epub/read-along/c001.smil"-style paths: the relative href
// from a file in from_dir to the entry `to`, percent-encoded:
// ("a/read-along/", "a/text/one two.xhtml") → "../text/one%20two.xhtml".
std::string RelativeHref(const std::string& from_dir, const std::string& to);

}  // namespace narrate::package::internal
