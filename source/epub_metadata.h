// Private to source/: the book's metadata in an EPUB package (OPF) beyond
// title, author and language: description, date, publisher, series, subjects.
#pragma once

#include <pugixml.hpp>

#include "source/book.h"

namespace narrate::source::internal {

// Reads the OPF <metadata> element: EPUB 3 (dc:* and <meta property>,
// refinements by "#id") and EPUB 2 (dc:* with opf:event, <meta name content>,
// calibre's series), also in OEB 1.2's dc-metadata/x-metadata layout.
BookMetadata ReadOpfMetadata(pugi::xml_node metadata);

}  // namespace narrate::source::internal
