#include "tests/support/zip_writer.h"

#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace narrate::testing {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "WriteZip: %s\n", what.c_str());
  std::abort();
}

}  // namespace

void WriteZip(const std::string& path, const std::vector<ZipEntry>& entries) {
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!zip) Die("cannot create " + path);
  for (const ZipEntry& e : entries) {
    // libzip reads the buffer at zip_close, so it must outlive this loop: copy it.
    void* copy = std::malloc(e.content.size() + 1);
    std::memcpy(copy, e.content.data(), e.content.size());
    zip_source_t* source = zip_source_buffer(zip, copy, e.content.size(), 1);
    zip_int64_t index = source ? zip_file_add(zip, e.name.c_str(), source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) Die("cannot add " + e.name + ": " + zip_strerror(zip));
    if (e.stored) zip_set_file_compression(zip, index, ZIP_CM_STORE, 0);
    if (!e.password.empty() && zip_file_set_encryption(zip, index, ZIP_EM_AES_256, e.password.c_str()) != 0) {
      Die("cannot encrypt " + e.name + ": " + zip_strerror(zip));
    }
  }
  if (zip_close(zip) != 0) Die("cannot write " + path + ": " + zip_strerror(zip));
}

void WriteEpub(const std::string& path, const std::string& opf_path, const std::string& opf,
               const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<ZipEntry> entries;
  entries.push_back({"mimetype", "application/epub+zip", true, ""});
  entries.push_back({"META-INF/container.xml",
                     "<?xml version=\"1.0\"?>\n<container version=\"1.0\" "
                     "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
                     "<rootfile full-path=\"" + opf_path + "\" media-type=\"application/oebps-package+xml\"/>"
                     "</rootfiles></container>", false, ""});
  entries.push_back({opf_path, opf, false, ""});
  for (const auto& [name, content] : files) entries.push_back({name, content, false, ""});
  WriteZip(path, entries);
}

}  // namespace narrate::testing
