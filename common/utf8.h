// UTF-8 well-formedness, shared by the readers of outside text (books,
// catalogues). Well-formed: shortest forms, no surrogates, at most U+10FFFF
// (RFC 3629). NUL is well-formed; readers that refuse it check it themselves.
// Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace narrate {

// Length (1-4) of the well-formed UTF-8 sequence starting at s[i], or 0 when
// the bytes there are not one. i must be below s.size().
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);

// The offset of the first byte that is not well-formed UTF-8, or npos.
std::size_t FirstInvalidUtf8(std::string_view s);

}  // namespace narrate
