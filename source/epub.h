// Private to source/: the EPUB and HTML readers behind ReadBook.
#pragma once

#include <string>
#include <string_view>

#include "source/archive.h"
#include "source/book.h"

namespace narrate::source::internal {

// EPUB 2/3 at path. Errors name the file: not a zip, no container, missing
// package or spine file, DRM, paths leaving the archive, entries over limits.
Result<Book> ReadEpub(const std::string& path, const ReadOptions& options, const ZipLimits& limits = {});

// A single HTML/XHTML document already in memory: headings make chapters.
Result<Book> ParseHtmlBook(std::string_view content, const std::string& path, const ReadOptions& options);

}  // namespace narrate::source::internal
