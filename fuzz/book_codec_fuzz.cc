// Cache entries (source::DecodeBook) as a damaged or foreign file may hold
// them: decoding never crashes or reads past its input, and what decodes
// encodes back to the same bytes (nothing is lost or invented).
#include <string>
#include <string_view>

#include "fuzz/fuzz.h"
#include "source/book_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto book = narrate::source::DecodeBook(bytes);
  if (book) narrate::fuzz::Require(narrate::source::EncodeBook(*book) == bytes, "round trip");
  return 0;
}
