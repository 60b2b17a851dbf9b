// The page's files (studio/page/*), compiled into the program at build time
// by studio/embed_page.cmake, so the studio serves them without reading any
// file: the name is the file's own ("index.html"), the bytes its content.
#pragma once

#include <span>
#include <string_view>

namespace narrate::studio {

struct PageFile {
  std::string_view name;   // "studio.js"; no folder
  std::string_view bytes;  // the file as checked in
};

// Every file of studio/page/, sorted by name.
std::span<const PageFile> PageFiles();

}  // namespace narrate::studio
