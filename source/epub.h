// Private to source/: the EPUB and HTML readers behind ReadBook.
#pragma once

#include <string>
#include <string_view>

#include "source/archive.h"
#include "source/book.h"

namespace narrate::source::internal {

// EPUB 2/3 at path. Errors name the file: not a zip, no container, missing
// package or spine file, DRM, paths leaving the archive, archives, entries,
// contents, spines and manifests over their limits (archive.h, epub.cc), one
// line each; kInterrupted when Ctrl-C comes while it reads. Strings in the
// Book are valid UTF-8; package files not in UTF-8 add a notice.
Result<Book> ReadEpub(const std::string& path, const ReadOptions& options, const ZipLimits& limits = {});

// The same for an EPUB already in memory; name stands for the file in
// messages and Book::path ("book.epub").
Result<Book> ReadEpubBytes(std::string bytes, const std::string& name, const ReadOptions& options,
                           const ZipLimits& limits = {});

// A single HTML/XHTML document already in memory: headings make chapters.
Result<Book> ParseHtmlBook(std::string_view content, const std::string& path, const ReadOptions& options);

}  // namespace narrate::source::internal
