// Catalogues (app::ParseCatalogue) as anyone may write them, read as CSV and
// as TSV. Parsing never crashes; an error is kInvalidInput naming the file
// (with a line inside the text, or "no books"); text that is not UTF-8 or
// holds a NUL is refused; what parses has a book in every entry, an origin
// naming a line of the text, and cells that are trimmed, valid UTF-8.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "app/catalogue.h"
#include "fuzz/fuzz.h"

namespace {

using narrate::fuzz::Require;

constexpr char kName[] = "fuzz.csv";

bool Trimmed(const std::string& s) {
  const auto pad = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  return s.empty() || (!pad(s.front()) && !pad(s.back()));
}

void CheckUtf8(const std::string& s) {
  Require(narrate::fuzz::IsUtf8(s) && s.find('\0') == std::string::npos, "cells are UTF-8");
}

void CheckEntry(const narrate::app::CatalogueEntry& e, int lines) {
  Require(!e.book.empty(), "every entry has a book");
  Require(e.origin.starts_with(std::string(kName) + ":"), "the origin names the file");
  const int line = std::atoi(e.origin.c_str() + sizeof(kName));
  Require(line >= 1 && line <= lines, "the origin's line is inside the text");
  // Paths are not checked for trimming: "../ x" under "base" is " x".
  for (const std::string* s : {&e.title, &e.author, &e.narrator})
    Require(Trimmed(*s), "cells are trimmed");
  for (const std::string* s : {&e.book, &e.title, &e.author, &e.narrator, &e.voices, &e.output})
    CheckUtf8(*s);
  for (const std::string& lexicon : e.lexicons) {
    Require(!lexicon.empty() && lexicon.find(';') == std::string::npos, "lexicons are split");
    CheckUtf8(lexicon);
  }
}

void Check(std::string_view text, char separator) {
  const auto entries = narrate::app::ParseCatalogue(text, separator, kName, "base");
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  const std::string_view body = text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
  const bool refused = !narrate::fuzz::IsUtf8(body) || body.find('\0') != body.npos;
  if (!entries.ok()) {
    const narrate::Status& s = entries.status();
    Require(s.code() == narrate::StatusCode::kInvalidInput, "errors are invalid input");
    Require(s.message().starts_with(kName), "the error names the file");
    Require(s.line() >= 1 ? s.line() <= lines : s.detail() == "no books", "error's line inside");
    return;
  }
  Require(!refused, "text that is not UTF-8 (or has a NUL) is refused");
  Require(!entries->empty(), "a catalogue that parses has books");
  for (const auto& e : *entries) CheckEntry(e, lines);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = narrate::fuzz::AsText(data, size);
  Check(text, ',');
  Check(text, '\t');
  return 0;
}
