// EPUB from memory: zip → container → OPF → nav/NCX → XHTML. Input that starts
// with "PK" is the archive itself (its bytes are fuzzed: headers, sizes,
// names). Anything else is a list of files, each introduced by a line
// "=== <name in the archive>", zipped here with correct checksums so the
// fuzzer reaches the XML inside; mimetype and META-INF/container.xml (naming
// content.opf) are added when the input has none.
#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/book_checks.h"
#include "source/epub.h"
#include "source/libzip.h"

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

Files SplitFiles(std::string_view text) {
  Files files;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (line.substr(0, 4) == "=== ") {
      files.emplace_back(std::string(line.substr(4)), "");
    } else if (!files.empty()) {
      files.back().second.append(line).append(end < text.size() ? "\n" : "");
    }
    at = end + 1;
  }
  return files;
}

void AddDefaults(Files& files) {
  bool mimetype = false, container = false;
  for (const auto& [name, content] : files) {
    mimetype |= name == "mimetype";
    container |= name == "META-INF/container.xml";
  }
  if (!container) {
    files.insert(files.begin(), {"META-INF/container.xml",
                                 "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\""
                                 "urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
                                 "<rootfile full-path=\"content.opf\" media-type=\"application/"
                                 "oebps-package+xml\"/></rootfiles></container>"});
  }
  if (!mimetype) files.insert(files.begin(), {"mimetype", "application/epub+zip"});
}

// The files as a zip archive of stored entries, in memory (libzip's buffer source).
std::string Zip(const Files& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, content] : files) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    zip_int64_t index = zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      continue;
    }
    zip_set_file_compression(zip, index, ZIP_CM_STORE, 0);
  }
  std::string bytes;
  if (zip_close(zip) != 0) zip_discard(zip);
  if (zip_source_open(buffer) == 0) {
    char chunk[65536];
    for (zip_int64_t n; (n = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) {
      bytes.append(chunk, static_cast<std::size_t>(n));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Without narrate-zip.so every input would fail alike and nothing be fuzzed.
  static const bool zip_loaded = [] {
    const narrate::Status loaded = narrate::libzip::Load();
    if (loaded.ok()) return true;
    std::fprintf(stderr, "epub_fuzz: %s\n", loaded.message().c_str());
    std::abort();
  }();
  (void)zip_loaded;
  const std::string_view input = narrate::fuzz::AsText(data, size);
  std::string epub;
  if (input.substr(0, 2) == "PK") {
    epub = std::string(input);
  } else {
    Files files = SplitFiles(input);
    AddDefaults(files);
    epub = Zip(files);
  }
  narrate::source::ReadOptions options;
  options.include_front_matter = input.size() % 2;  // both ways, by a bit the fuzzer owns
  narrate::fuzz::CheckBook(
      narrate::source::internal::ReadEpubBytes(std::move(epub), "fuzz.epub", options));
  return 0;
}
