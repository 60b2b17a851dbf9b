// <book>.speakers.toml read and written with toml++ (its exceptions caught here).
#include "voices/corrections.h"

#include <toml++/toml.h>

#include <algorithm>
#include <sstream>
#include <tuple>

#include "common/atomic_file.h"
#include "voices/toml_internal.h"

namespace narrate::voices {
namespace {

using Reader = internal::TomlFile;
using internal::LineOf;
using internal::ParseToml;

Status ReadNumber(const Reader& r, const toml::node& value, std::string_view key, int& out) {
  const auto* number = value.as_integer();
  if (number == nullptr)
    return r.Fail(LineOf(value), "'" + std::string(key) + "' must be a number");
  if (number->get() < 1 || number->get() > 1'000'000'000) {
    return r.Fail(LineOf(value), "'" + std::string(key) + "' " + std::to_string(number->get()) +
                                     " must be 1 or more");
  }
  out = static_cast<int>(number->get());
  return Status::Ok();
}

Status ReadText(const Reader& r, const toml::node& value, std::string_view key, std::string& out) {
  const auto* text = value.as_string();
  if (text == nullptr) return r.Fail(LineOf(value), "'" + std::string(key) + "' must be a string");
  out = text->get();
  return Status::Ok();
}

Status ReadKey(const Reader& r, const toml::key& key, const toml::node& value,
               SpeakerCorrection& c) {
  const std::string_view name = key.str();
  if (name == "chapter") return ReadNumber(r, value, name, c.chapter);
  if (name == "paragraph") return ReadNumber(r, value, name, c.paragraph);
  if (name == "quote") return ReadText(r, value, name, c.quote);
  if (name == "who") return ReadText(r, value, name, c.who);
  return r.Fail(static_cast<int>(key.source().begin.line),
                "unknown key '" + std::string(name) + "' in [[speaker]]");
}

Status CheckComplete(const Reader& r, const toml::table& table, const SpeakerCorrection& c) {
  for (const char* key : {"chapter", "paragraph", "quote", "who"}) {
    if (!table.contains(key))
      return r.Fail(c.line, "[[speaker]] has no '" + std::string(key) + "'");
  }
  return Status::Ok();
}

Result<SpeakerCorrection> ReadCorrection(const Reader& r, const toml::node& node) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return r.Fail(LineOf(node), "'speaker' must be [[speaker]] tables");
  SpeakerCorrection c;
  c.line = LineOf(*table);
  for (const auto& [key, value] : *table) {
    if (Status s = ReadKey(r, key, value, c); !s.ok()) return s;
  }
  if (Status s = CheckComplete(r, *table, c); !s.ok()) return s;
  return c;
}

Result<std::vector<SpeakerCorrection>> ReadSpeakers(const Reader& r, const toml::node& node) {
  const toml::array* array = node.as_array();
  if (array == nullptr) return r.Fail(LineOf(node), "'speaker' must be [[speaker]] tables");
  std::vector<SpeakerCorrection> out;
  for (const toml::node& element : *array) {
    auto c = ReadCorrection(r, element);
    if (!c.ok()) return c.status();
    out.push_back(std::move(*c));
  }
  return out;
}

auto SortKey(const SpeakerCorrection& c) { return std::tie(c.chapter, c.paragraph, c.quote); }

toml::table TableOf(const SpeakerCorrection& c) {
  return toml::table{
      {"chapter", c.chapter}, {"paragraph", c.paragraph}, {"quote", c.quote}, {"who", c.who}};
}

}  // namespace

std::string CorrectionsPathFor(const std::string& book_path) {
  return book_path + ".speakers.toml";
}

Result<std::vector<SpeakerCorrection>> ParseCorrections(std::string_view toml_text,
                                                        const std::string& path) {
  auto document = ParseToml(toml_text, path);
  if (!document.ok()) return document.status();
  const Reader reader{path};
  std::vector<SpeakerCorrection> out;
  for (const auto& [key, value] : *document) {
    if (key.str() != "speaker") {
      return reader.Fail(static_cast<int>(key.source().begin.line),
                         "unknown key '" + std::string(key.str()) + "' (only [[speaker]])");
    }
    auto read = ReadSpeakers(reader, value);
    if (!read.ok()) return read.status();
    out = std::move(*read);
  }
  return out;
}

Result<std::vector<SpeakerCorrection>> LoadCorrections(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok() && text.status().code() == StatusCode::kNotFound && !RealFileSystem().Exists(path))
    return std::vector<SpeakerCorrection>{};
  if (!text.ok()) return text.status();
  return ParseCorrections(*text, path);
}

std::string FormatCorrections(const std::vector<SpeakerCorrection>& corrections) {
  std::vector<SpeakerCorrection> sorted = corrections;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return SortKey(a) < SortKey(b); });
  toml::array speakers;
  for (const SpeakerCorrection& c : sorted) speakers.push_back(TableOf(c));
  std::ostringstream out;
  out << "# Who speaks which quotation (narrate cast, narrate studio). who = \"\": nobody.\n\n";
  // Basic strings only: toml++'s multi-line ones lose a leading newline when read back.
  const toml::table document{{"speaker", std::move(speakers)}};
  out << toml::toml_formatter(document, toml::format_flags::allow_unicode_strings) << "\n";
  return out.str();
}

Status SaveCorrection(const std::string& path, const SpeakerCorrection& correction) {
  auto corrections = LoadCorrections(path);
  if (!corrections.ok()) return corrections.status();
  auto same = [&](const SpeakerCorrection& c) { return SortKey(c) == SortKey(correction); };
  corrections->erase(std::remove_if(corrections->begin(), corrections->end(), same),
                     corrections->end());
  corrections->push_back(correction);
  return WriteFileAtomically(path, FormatCorrections(*corrections));
}

}  // namespace narrate::voices
