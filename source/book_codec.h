// A parsed Book as bytes and back, for the parsed-book cache (app::OpenBook):
// every field round-trips, so a decoded book equals the one encoded. The bytes
// are for this build only (common/byte_codec.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "source/book.h"

namespace narrate::source {

std::string EncodeBook(const Book& book);
// nullopt for bytes EncodeBook did not write (cut short, another version).
std::optional<Book> DecodeBook(std::string_view bytes);

}  // namespace narrate::source
