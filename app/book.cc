// Books, chapter selection, voices by language, tags, cover and folders.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "common/atomic_file.h"
#include "common/hash.h"
#include "common/user_cache.h"
#include "output/package/cover.h"
#include "output/package/package.h"
#include "source/book_codec.h"

namespace narrate::app {
namespace {

Status BadList(std::string_view spec, const std::string& why) {
  return Status::Usage("--chapters \"" + std::string(spec) + "\": " + why);
}

Result<int> Number(std::string_view s, std::string_view spec) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < 1) {
    return BadList(spec, "expected numbers from 1 like 3-7,12");
  }
  return value;
}

// "3-7" → {3, 7}; "12" → {12, 12}; "5-" → {5, 0} (to the last); "-3" → {1, 3}.
Result<ChapterRange> Range(std::string_view item, std::string_view spec) {
  const std::size_t dash = item.find('-');
  if (dash == std::string_view::npos) {
    auto only = Number(item, spec);
    if (!only.ok()) return only.status();
    return ChapterRange{*only, *only};
  }
  std::string_view from = item.substr(0, dash);
  std::string_view to = item.substr(dash + 1);
  if (from.empty() && to.empty()) return BadList(spec, "expected numbers from 1 like 3-7,12");
  auto first = from.empty() ? Result<int>(1) : Number(from, spec);
  if (!first.ok()) return first.status();
  auto last = to.empty() ? Result<int>(0) : Number(to, spec);
  if (!last.ok()) return last.status();
  if (*last != 0 && *last < *first) return BadList(spec, "range goes backwards");
  if (*last - *first > 100000) return BadList(spec, "range too large");
  return ChapterRange{*first, *last};
}

constexpr std::size_t kCachedBooks = 32;
constexpr std::uintmax_t kLargestCachedBookBytes = 256u << 20;

// The file's bytes when it is a regular file small enough to cache, else "".
std::string CacheableContent(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return "";
  if (std::filesystem::file_size(path, ec) > kLargestCachedBookBytes || ec) return "";
  auto bytes = ReadWholeFile(path);
  return bytes.ok() ? std::move(*bytes) : "";
}

// The cache entry of this program reading these bytes as `path` with `reading`.
std::string BookCacheKey(const std::string& path, const std::string& content,
                         const source::ReadOptions& r) {
  // The bytes through std::hash (a book's megabytes in a fraction of FNV's
  // time; the key is this program's only, so its hash need not be portable).
  const auto bytes_hash = static_cast<std::int64_t>(std::hash<std::string_view>{}(content));
  return Hasher()
      .Add(ProgramIdentity())
      .Add(path)
      .Add(static_cast<std::int64_t>(content.size()))
      .Add(bytes_hash)
      .Add(r.title)
      .Add(r.author)
      .Add(r.include_front_matter)
      .Add(static_cast<std::int64_t>(r.footnotes))
      .Add(r.alt_text)
      .Hex();
}

std::optional<source::Book> CachedBook(const std::string& entry) {
  auto bytes = ReadWholeFile(entry);
  if (!bytes.ok()) return std::nullopt;
  return source::DecodeBook(*bytes);
}

void KeepBook(const std::string& dir, const std::string& entry, const source::Book& book) {
  if (WriteFileAtomically(entry, source::EncodeBook(book)).ok()) PruneCacheDir(dir, kCachedBooks);
}

}  // namespace

// A book read before with the same bytes and options comes from the cache
// (common/user_cache.h): Moby-Dick's 1.2 MB took 25 ms to parse, 2 ms to load.
Result<source::Book> OpenBook(const std::string& path, const source::ReadOptions& reading) {
  const std::string dir = UserCacheDir("books");
  const std::string content = dir.empty() ? "" : CacheableContent(path);
  if (content.empty()) return source::ReadBook(path, reading);
  const std::string entry = dir + "/" + BookCacheKey(path, content, reading);
  if (auto cached = CachedBook(entry)) return std::move(*cached);
  auto book = source::ReadBook(path, reading);
  if (book.ok()) KeepBook(dir, entry, *book);
  return book;
}

std::string VoiceTag(std::string_view language) {
  std::string tag;
  for (char c : language) {
    tag += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return tag;
}

Result<std::vector<ChapterRange>> ParseChapterList(std::string_view spec) {
  std::vector<ChapterRange> out;
  for (std::size_t start = 0; start <= spec.size();) {
    std::size_t comma = std::min(spec.find(',', start), spec.size());
    auto range = Range(spec.substr(start, comma - start), spec);
    if (!range.ok()) return range.status();
    out.push_back(*range);
    start = comma + 1;
  }
  return out;
}

Result<std::vector<int>> SelectChapters(const source::Book& book, std::string_view spec) {
  if (spec.empty()) return std::vector<int>{};
  auto ranges = ParseChapterList(spec);
  if (!ranges.ok()) return ranges.status();
  const int total = static_cast<int>(book.chapters.size());
  std::vector<int> out;
  for (const ChapterRange& r : *ranges) {
    const int past = std::max(r.first, r.last);
    if (past > total) {
      return Status::Usage("--chapters " + std::to_string(past) + " is not in 1.." +
                           std::to_string(total) + " (see 'narrate chapters')");
    }
    for (int n = r.first; n <= (r.last == 0 ? total : r.last); ++n) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<const source::Paragraph*> FindParagraph(const source::Book& book, int chapter, int number) {
  if (chapter < 1 || chapter > static_cast<int>(book.chapters.size())) {
    return Status::Usage("--chapter " + std::to_string(chapter) + " is not in 1.." +
                         std::to_string(book.chapters.size()));
  }
  const auto& paragraphs = book.chapters[chapter - 1].paragraphs;
  if (number < 1 || number > static_cast<int>(paragraphs.size())) {
    return Status::Usage("--paragraph " + std::to_string(number) + " is not in 1.." +
                         std::to_string(paragraphs.size()) + " for chapter " +
                         std::to_string(chapter));
  }
  return &paragraphs[number - 1];
}

std::vector<ChapterSummary> SummarizeChapters(const source::Book& book) {
  std::vector<ChapterSummary> out;
  for (const source::Chapter& c : book.chapters) {
    const int number = static_cast<int>(out.size()) + 1;
    out.push_back(ChapterSummary{number, c.title, c.paragraphs.size(), source::CountWords(c)});
  }
  return out;
}

std::vector<ChapterSummary> ChaptersToBuild(const source::Book& book,
                                            const pipeline::BuildOptions& options) {
  std::vector<ChapterSummary> all = SummarizeChapters(book);
  if (options.chapters.empty()) return all;
  std::erase_if(all, [&](const ChapterSummary& c) {
    return !std::binary_search(options.chapters.begin(), options.chapters.end(), c.number);
  });
  return all;
}

// ordered_json keeps the keys in the order the contract gives.
std::string ChaptersJson(const source::Book& book) {
  nlohmann::ordered_json chapters = nlohmann::ordered_json::array();
  for (const ChapterSummary& c : SummarizeChapters(book)) {
    chapters.push_back({{"number", c.number},
                        {"title", c.title},
                        {"paragraphs", c.paragraphs},
                        {"words", c.words}});
  }
  nlohmann::ordered_json doc{{"title", book.title},
                             {"author", book.author},
                             {"language", book.language},
                             {"chapters", std::move(chapters)}};
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string VoiceForLanguage(std::string_view language,
                             const std::vector<std::string>& voice_names) {
  const std::string tag = VoiceTag(language);
  const std::string primary = tag.substr(0, tag.find('-'));
  if (primary.empty()) return "";
  auto listed = [&](const std::string& name) {
    return std::find(voice_names.begin(), voice_names.end(), name) != voice_names.end();
  };
  for (const std::string& candidate : {tag, primary, primary + "-" + primary}) {
    if (listed(candidate)) return candidate;
  }
  if (primary == "en") return "en";
  for (const std::string& name : voice_names) {
    if (name.starts_with(primary + "-")) return name;
  }
  return "";
}

namespace {

// --cover, fitted for players; an error naming the file when it cannot be used.
Result<package::Cover> GivenCover(const std::string& path) {
  auto original = package::LoadCover(path);
  if (!original.ok()) return original.status();
  return package::FitCover(original->bytes, path);
}

// The book's own cover, fitted; none, with a warning naming it, when it cannot be used.
package::Cover OwnCover(const source::Book& book, std::vector<std::string>* warnings) {
  const source::Cover& own = book.cover;
  if (own.empty() && own.name.empty()) return {};
  const std::string name = own.name.empty() ? book.path + ": the cover" : own.name;
  auto fitted = own.empty() ? Result<package::Cover>(Status::Error(name + ": cannot be read"))
                            : package::FitCover(own.bytes, name);
  if (fitted.ok()) return std::move(*fitted);
  if (warnings) warnings->push_back(fitted.status().message() + "; building without a cover");
  return {};
}

}  // namespace

Result<pipeline::BookTags> BookTagsFor(const source::Book& book, const TagOptions& options,
                                       std::vector<std::string>* warnings) {
  const source::BookMetadata& from_book = book.metadata;
  pipeline::BookTags tags;
  tags.narrator = options.narrator;
  tags.year = options.year.empty() ? from_book.year : options.year;
  tags.description = options.description.empty() ? from_book.description : options.description;
  tags.publisher = from_book.publisher;
  tags.series = from_book.series;
  tags.series_part = from_book.series_part;
  tags.subjects = from_book.subjects;
  if (options.cover_path.empty()) {
    tags.cover = OwnCover(book, warnings);
    return tags;
  }
  auto cover = GivenCover(options.cover_path);
  if (!cover.ok()) return cover.status();
  tags.cover = std::move(*cover);
  return tags;
}

std::string OutputDirFor(const source::Book& book, const std::string& output, Layout layout) {
  if (layout == Layout::kFlat) return output;
  std::string base = output.empty() ? "audiobooks" : output;
  std::string author = book.author.empty() ? "Unknown Author" : book.author;
  return base + "/" + package::SafeFileName(author) + "/" + package::SafeFileName(book.title);
}

}  // namespace narrate::app
