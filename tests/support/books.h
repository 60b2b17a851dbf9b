// Books the tests build, shared so that in-process and end-to-end tests
// speak the same text.
#pragma once

#include <string>

namespace narrate::testing {

// Four chapters ("Chapter 1. The Harbour" ...) of four paragraphs each,
// about 110 bytes a paragraph: --part-bytes 300 splits every chapter.
inline std::string LongBook() {
  std::string text;
  const char* names[] = {"Harbour", "Bridge", "Mill", "Tower"};
  for (int c = 0; c < 4; ++c) {
    text += "Chapter " + std::to_string(c + 1) + ". The " + names[c] + "\n\n";
    for (int p = 0; p < 4; ++p) {
      text += "Paragraph " + std::to_string(p + 1) + " of the " + names[c] +
              " chapter tells how the lamps were lit along the quay, one by one, "
              "while the fog came in from the sea.\n\n";
    }
  }
  return text;
}

}  // namespace narrate::testing
