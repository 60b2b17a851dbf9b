// Builds small zip archives (EPUBs) for tests, from strings.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace narrate::testing {

struct ZipEntry {
  std::string name;
  std::string content;
  bool stored = false;     // no compression (the EPUB "mimetype" entry)
  std::string password;    // AES-256 encrypt the entry when not empty
};

// Writes the entries in order; aborts the test program on failure.
void WriteZip(const std::string& path, const std::vector<ZipEntry>& entries);

// An EPUB: "mimetype" first and stored, META-INF/container.xml pointing at
// opf_path, then the given files.
void WriteEpub(const std::string& path, const std::string& opf_path, const std::string& opf,
               const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace narrate::testing
