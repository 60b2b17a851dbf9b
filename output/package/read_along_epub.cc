#include "output/package/read_along_epub.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <regex>

#include "common/atomic_file.h"
#include "output/package/read_along_source.h"
#include "source/libzip.h"

namespace narrate::package {
namespace {

constexpr char kActiveClass[] = "-epub-media-overlay-active";
constexpr char kXmlHead[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

// "a<b & \"c\"" → "a&lt;b &amp; &quot;c&quot;"; control characters XML forbids are dropped.
std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else if (u >= 0x20 || c == '\t' || c == '\n')
      out += c;
  }
  return out;
}

// Escaped text with '\n' as a line break: "one\ntwo" → "one<br/>two".
std::string Inline(std::string_view text) {
  std::string out;
  for (std::size_t from = 0;;) {
    std::size_t nl = text.find('\n', from);
    out += Escape(text.substr(from, nl == std::string_view::npos ? nl : nl - from));
    if (nl == std::string_view::npos) return out;
    out += "<br/>";
    from = nl + 1;
  }
}

// 7 → "007": the number in the names of a chapter's files inside the archive.
std::string Numbered(const char* prefix, std::size_t n, const char* ext) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%03zu.%s", prefix, n, ext);
  return buf;
}

std::string TextName(std::size_t chapter) { return Numbered("text/c", chapter + 1, "xhtml"); }
std::string SmilName(std::size_t chapter) { return Numbered("smil/c", chapter + 1, "smil"); }
std::string AudioName(const ReadAlongEpub& book, std::size_t audio) {
  return Numbered("audio/a", audio + 1, book.audio[audio].extension.c_str());
}
std::string OverlayId(std::size_t chapter) { return "mo" + std::to_string(chapter + 1); }
std::string SentenceId(std::size_t sentence) { return "s" + std::to_string(sentence + 1); }

std::string TitleOf(const EpubChapter& c, std::size_t index) {
  return c.title.empty() ? "Chapter " + std::to_string(index + 1) : c.title;
}

// The book's language as a BCP 47 tag, which EPUB requires: "en_US" → "en-US",
// "fr" → "fr"; anything else ("English", "") → "en".
std::string LanguageOf(const ReadAlongEpub& book) {
  std::string tag = book.language;
  std::replace(tag.begin(), tag.end(), '_', '-');
  static const std::regex kTag("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
  return std::regex_match(tag, kTag) ? tag : "en";
}

bool Timed(const EpubSentence& s) { return s.audio >= 0 && s.clip_begin_ms < s.clip_end_ms; }

bool HasOverlay(const EpubChapter& c) {
  return std::any_of(c.sentences.begin(), c.sentences.end(), Timed);
}

// The sum of a chapter's clips: its overlay's media:duration.
std::int64_t OverlayMs(const EpubChapter& c) {
  std::int64_t ms = 0;
  for (const EpubSentence& s : c.sentences) ms += Timed(s) ? s.clip_end_ms - s.clip_begin_ms : 0;
  return ms;
}

// A block's text with each sentence in it wrapped in its span; *next is the
// first sentence not yet placed.
std::string BlockBody(const EpubChapter& c, const EpubBlock& b, std::size_t* next) {
  std::string out;
  std::size_t pos = b.begin;
  auto text = [&](std::size_t from, std::size_t to) {
    return Inline(std::string_view(c.text).substr(from, to > from ? to - from : 0));
  };
  for (; *next < c.sentences.size() && c.sentences[*next].begin < b.end; ++*next) {
    const EpubSentence& s = c.sentences[*next];
    const std::size_t begin = std::max(s.begin, pos), end = std::min(s.end, b.end);
    out +=
        text(pos, begin) + "<span id=\"" + SentenceId(*next) + "\">" + text(begin, end) + "</span>";
    pos = std::max(pos, end);
  }
  return out + text(pos, b.end);
}

std::string XhtmlHead(const std::string& title, const std::string& lang, const std::string& css) {
  return std::string(kXmlHead) + "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" " +
         "xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"" + Escape(lang) + "\" lang=\"" +
         Escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" + Escape(title) +
         "</title>\n" + css + "</head>\n";
}

std::string ContentDocument(const ReadAlongEpub& book, std::size_t index) {
  const EpubChapter& c = book.chapters[index];
  std::string body = "<body>\n<section id=\"chapter\">\n";
  const bool headed =
      std::any_of(c.blocks.begin(), c.blocks.end(), [](const EpubBlock& b) { return b.heading; });
  if (!headed) body += "<h1>" + Escape(TitleOf(c, index)) + "</h1>\n";
  std::size_t next = 0;
  for (const EpubBlock& b : c.blocks) {
    const char* tag = b.heading ? "h1" : "p";
    body += std::string("<") + tag + ">" + BlockBody(c, b, &next) + "</" + tag + ">\n";
  }
  const std::string css = "<link rel=\"stylesheet\" type=\"text/css\" href=\"../style.css\"/>\n";
  return XhtmlHead(TitleOf(c, index), LanguageOf(book), css) + body +
         "</section>\n</body>\n</html>\n";
}

std::string Overlay(const ReadAlongEpub& book, std::size_t index) {
  const EpubChapter& c = book.chapters[index];
  const std::string text = "../" + TextName(index);
  std::string out =
      std::string(kXmlHead) +
      "<smil xmlns=\"http://www.w3.org/ns/SMIL\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
      "version=\"3.0\">\n<body>\n<seq id=\"seq1\" epub:textref=\"" +
      text + "#chapter\">\n";
  for (std::size_t i = 0; i < c.sentences.size(); ++i) {
    const EpubSentence& s = c.sentences[i];
    if (!Timed(s)) continue;
    out += "<par id=\"p" + std::to_string(i + 1) + "\"><text src=\"" + text + "#" + SentenceId(i) +
           "\"/><audio src=\"../" + AudioName(book, static_cast<std::size_t>(s.audio)) +
           "\" clipBegin=\"" + ClockValue(s.clip_begin_ms) + "\" clipEnd=\"" +
           ClockValue(s.clip_end_ms) + "\"/></par>\n";
  }
  return out + "</seq>\n</body>\n</smil>\n";
}

std::string Nav(const ReadAlongEpub& book) {
  std::string items;
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    items += "<li><a href=\"" + TextName(i) + "\">" + Escape(TitleOf(book.chapters[i], i)) +
             "</a></li>\n";
  }
  return XhtmlHead(book.title.empty() ? "Contents" : book.title, LanguageOf(book), "") +
         "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n<ol>\n" + items +
         "</ol>\n</nav>\n</body>\n</html>\n";
}

std::string Css() {
  return std::string(".") + kActiveClass +
         " { background-color: #fce588; color: #000; }\n"
         "body { margin: 0 5%; line-height: 1.5; }\n";
}

std::string Container(const std::string& package = "EPUB/package.opf") {
  return std::string(kXmlHead) +
         "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
         "<rootfiles><rootfile full-path=\"" +
         Escape(package) +
         "\" media-type=\"application/oebps-package+xml\"/></rootfiles>\n</container>\n";
}

std::string Meta(const std::string& property, const std::string& value,
                 const std::string& refines = "") {
  std::string at = refines.empty() ? "" : " refines=\"#" + refines + "\"";
  return "<meta property=\"" + property + "\"" + at + ">" + Escape(value) + "</meta>\n";
}

using Durations = std::vector<std::pair<std::string, std::int64_t>>;  // (overlay id, ms)

std::string Metadata(const ReadAlongEpub& book, const std::string& identifier,
                     const Durations& overlays) {
  const std::string id =
      identifier.empty() ? UuidUrnOf(book.title + "\n" + book.author) : identifier;
  std::string out =
      "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier id=\"uid\">" +
      Escape(id) + "</dc:identifier>\n<dc:title>" + Escape(book.title) + "</dc:title>\n";
  if (!book.author.empty()) out += "<dc:creator>" + Escape(book.author) + "</dc:creator>\n";
  out += "<dc:language>" + Escape(LanguageOf(book)) + "</dc:language>\n" +
         Meta("dcterms:modified", book.modified);
  std::int64_t total_ms = 0;
  for (const auto& [overlay, ms] : overlays) {
    out += Meta("media:duration", ClockValue(ms), overlay);
    total_ms += ms;
  }
  out += Meta("media:duration", ClockValue(total_ms)) + Meta("media:active-class", kActiveClass);
  return out + "</metadata>\n";
}

Durations GeneratedDurations(const ReadAlongEpub& book) {
  Durations out;
  for (std::size_t i = 0; i < book.chapters.size(); ++i)
    if (HasOverlay(book.chapters[i])) out.emplace_back(OverlayId(i), OverlayMs(book.chapters[i]));
  return out;
}

std::string Item(const std::string& id, const std::string& href, const std::string& type,
                 const std::string& extra = "") {
  return "<item id=\"" + id + "\" href=\"" + Escape(href) + "\" media-type=\"" + type + "\"" +
         extra + "/>\n";
}

std::string Manifest(const ReadAlongEpub& book) {
  std::string out = "<manifest>\n" +
                    Item("nav", "nav.xhtml", "application/xhtml+xml", " properties=\"nav\"") +
                    Item("css", "style.css", "text/css");
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    const bool overlay = HasOverlay(book.chapters[i]);
    out += Item("c" + std::to_string(i + 1), TextName(i), "application/xhtml+xml",
                overlay ? " media-overlay=\"" + OverlayId(i) + "\"" : "");
    if (overlay) out += Item(OverlayId(i), SmilName(i), "application/smil+xml");
  }
  for (std::size_t a = 0; a < book.audio.size(); ++a) {
    out += Item("a" + std::to_string(a + 1), AudioName(book, a), book.audio[a].media_type);
  }
  return out + "</manifest>\n";
}

std::string Spine(const ReadAlongEpub& book) {
  std::string out = "<spine>\n";
  for (std::size_t i = 0; i < book.chapters.size(); ++i)
    out += "<itemref idref=\"c" + std::to_string(i + 1) + "\"/>\n";
  return out + "</spine>\n";
}

// FNV-1a, 64 bits, from a seed.
std::uint64_t Fnv(const std::string& text, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// "2024-05-01T12:00:00Z" (ReadAlongEpub::modified) → seconds since 1970; 0 when malformed.
std::time_t ModifiedTime(const std::string& modified) {
  std::tm tm{};
  if (std::sscanf(modified.c_str(), "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

// libzip reads added buffers at zip_close: the archive keeps its own copies.
// Every entry is stamped with the book's modified time (not the clock's, nor
// an audio file's), so the same inputs with the same time
// (SOURCE_DATE_EPOCH) give the same bytes.
class Archive {
 public:
  Archive(zip_t* zip, std::time_t mtime) : zip_(zip), mtime_(mtime) {}
  ~Archive() {
    if (zip_ != nullptr) libzip::zip_discard(zip_);
  }
  Status Add(const std::string& name, const std::string& content, bool stored = false) {
    texts_.push_back(std::make_unique<std::string>(content));
    zip_source_t* src =
        libzip::zip_source_buffer(zip_, texts_.back()->data(), texts_.back()->size(), 0);
    return Added(name, src, stored);
  }
  Status AddFile(const std::string& name, const std::string& path) {
    return Added(name, libzip::zip_source_file(zip_, path.c_str(), 0, -1), true);
  }
  Status Close() {
    zip_t* zip = std::exchange(zip_, nullptr);
    if (libzip::zip_close(zip) == 0) return Status::Ok();
    Status failed = Status::Io(libzip::zip_strerror(zip));
    libzip::zip_discard(zip);
    return failed;
  }

 private:
  Status Added(const std::string& name, zip_source_t* src, bool stored) {
    zip_int64_t index = src ? libzip::zip_file_add(zip_, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (src != nullptr) libzip::zip_source_free(src);
      return Status::Io("cannot add " + name + ": " + libzip::zip_strerror(zip_));
    }
    if (stored)
      libzip::zip_set_file_compression(zip_, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    if (mtime_ > 0) libzip::zip_file_set_mtime(zip_, static_cast<zip_uint64_t>(index), mtime_, 0);
    return Status::Ok();
  }
  zip_t* zip_;
  std::time_t mtime_;
  std::vector<std::unique_ptr<std::string>> texts_;
};

Status AddDocuments(const ReadAlongEpub& book, Archive& zip) {
  NARRATE_RETURN_IF_ERROR(zip.Add("mimetype", "application/epub+zip", true));
  NARRATE_RETURN_IF_ERROR(zip.Add("META-INF/container.xml", Container()));
  NARRATE_RETURN_IF_ERROR(zip.Add("EPUB/package.opf", EpubPackageDocument(book)));
  NARRATE_RETURN_IF_ERROR(zip.Add("EPUB/nav.xhtml", Nav(book)));
  NARRATE_RETURN_IF_ERROR(zip.Add("EPUB/style.css", Css()));
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    NARRATE_RETURN_IF_ERROR(zip.Add("EPUB/" + TextName(i), ContentDocument(book, i)));
    if (HasOverlay(book.chapters[i]))
      NARRATE_RETURN_IF_ERROR(zip.Add("EPUB/" + SmilName(i), Overlay(book, i)));
  }
  for (std::size_t a = 0; a < book.audio.size(); ++a) {
    NARRATE_RETURN_IF_ERROR(zip.AddFile("EPUB/" + AudioName(book, a), book.audio[a].path));
  }
  return Status::Ok();
}

// ---- the book's own documents (read_along_source.h) ----

using internal::CarriedBook;
using internal::RelativeHref;

constexpr char kCarriedCss[] = "read-along.css";

std::string DirOf(const std::string& entry) {
  const std::size_t slash = entry.rfind('/');
  return slash == std::string::npos ? "" : entry.substr(0, slash + 1);
}

// "narrate-": an id prefix no carried item's id starts with.
std::string IdPrefix(const CarriedBook& c) {
  for (std::string prefix = "narrate-";; prefix += "x-") {
    if (std::none_of(c.items.begin(), c.items.end(),
                     [&](const auto& item) { return item.id.starts_with(prefix); }))
      return prefix;
  }
}

// The documents with pars, in spine order: overlay k is the k-th.
std::vector<std::string> OverlaidDocuments(const CarriedBook& c) {
  std::vector<std::string> out;
  for (const internal::CarriedSpineRef& ref : c.spine) {
    for (const internal::CarriedItem& item : c.items) {
      if (item.id == ref.idref && c.pars.contains(item.entry) &&
          std::find(out.begin(), out.end(), item.entry) == out.end())
        out.push_back(item.entry);
    }
  }
  return out;
}

std::int64_t ParsMs(const std::vector<internal::CarriedPar>& pars) {
  std::int64_t ms = 0;
  for (const internal::CarriedPar& p : pars) ms += p.clip_end_ms - p.clip_begin_ms;
  return ms;
}

std::string CarriedAudio(const ReadAlongEpub& book, std::size_t a) {
  return Numbered("a", a + 1, book.audio[a].extension.c_str());
}

std::string CarriedOverlay(const ReadAlongEpub& book, const CarriedBook& c,
                           const std::string& entry) {
  const std::string text = RelativeHref(c.folder, entry);
  std::string out =
      std::string(kXmlHead) +
      "<smil xmlns=\"http://www.w3.org/ns/SMIL\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
      "version=\"3.0\">\n<body>\n<seq id=\"seq1\" epub:textref=\"" +
      Escape(text + "#" + c.body_ids.at(entry)) + "\">\n";
  const std::vector<internal::CarriedPar>& pars = c.pars.at(entry);
  for (std::size_t i = 0; i < pars.size(); ++i) {
    const internal::CarriedPar& p = pars[i];
    out += "<par id=\"p" + std::to_string(i + 1) + "\"><text src=\"" + Escape(text + "#" + p.id) +
           "\"/><audio src=\"" + CarriedAudio(book, static_cast<std::size_t>(p.audio)) +
           "\" clipBegin=\"" + ClockValue(p.clip_begin_ms) + "\" clipEnd=\"" +
           ClockValue(p.clip_end_ms) + "\"/></par>\n";
  }
  return out + "</seq>\n</body>\n</smil>\n";
}

std::string CarriedNav(const ReadAlongEpub& book, const CarriedBook& c) {
  std::string items;
  for (std::size_t i = 0; i < book.chapters.size() && i < c.chapter_starts.size(); ++i) {
    const std::string& start = c.chapter_starts[i];
    if (start.empty()) continue;
    const std::size_t hash = start.find('#');
    items += "<li><a href=\"" +
             Escape(RelativeHref(c.folder, start.substr(0, hash)) + start.substr(hash)) + "\">" +
             Escape(TitleOf(book.chapters[i], i)) + "</a></li>\n";
  }
  return XhtmlHead(book.title.empty() ? "Contents" : book.title, LanguageOf(book), "") +
         "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n<ol>\n" + items +
         "</ol>\n</nav>\n</body>\n</html>\n";
}

std::string CarriedManifest(const ReadAlongEpub& book, const CarriedBook& c,
                            const std::vector<std::string>& overlaid, const std::string& prefix) {
  const std::string here = DirOf(c.package_entry);
  auto ours = [&](const std::string& name) { return RelativeHref(here, c.folder + name); };
  std::string out = "<manifest>\n";
  for (const internal::CarriedItem& item : c.items) {
    std::string extra = item.properties.empty() ? "" : " properties=\"" + item.properties + "\"";
    if (!item.fallback.empty()) extra += " fallback=\"" + Escape(item.fallback) + "\"";
    auto k = std::find(overlaid.begin(), overlaid.end(), item.entry);
    if (k != overlaid.end())
      extra +=
          " media-overlay=\"" + prefix + "mo" + std::to_string(k - overlaid.begin() + 1) + "\"";
    out += Item(Escape(item.id), item.href, Escape(item.media_type), extra);
  }
  out += Item(prefix + "nav", ours("nav.xhtml"), "application/xhtml+xml", " properties=\"nav\"") +
         Item(prefix + "css", ours(kCarriedCss), "text/css");
  for (std::size_t k = 0; k < overlaid.size(); ++k) {
    out += Item(prefix + "mo" + std::to_string(k + 1), ours(Numbered("c", k + 1, "smil")),
                "application/smil+xml");
  }
  for (std::size_t a = 0; a < book.audio.size(); ++a) {
    out += Item(prefix + "a" + std::to_string(a + 1), ours(CarriedAudio(book, a)),
                book.audio[a].media_type);
  }
  return out + "</manifest>\n";
}

std::string CarriedSpine(const CarriedBook& c) {
  std::string out = "<spine" +
                    (c.page_direction.empty()
                         ? std::string()
                         : " page-progression-direction=\"" + Escape(c.page_direction) + "\"") +
                    ">\n";
  for (const internal::CarriedSpineRef& ref : c.spine) {
    out += "<itemref idref=\"" + Escape(ref.idref) + "\"" + (ref.linear ? "" : " linear=\"no\"") +
           (ref.properties.empty() ? "" : " properties=\"" + Escape(ref.properties) + "\"") +
           "/>\n";
  }
  return out + "</spine>\n";
}

std::string CarriedPackage(const ReadAlongEpub& book, const CarriedBook& c) {
  const std::vector<std::string> overlaid = OverlaidDocuments(c);
  const std::string prefix = IdPrefix(c);
  Durations durations;
  for (std::size_t k = 0; k < overlaid.size(); ++k)
    durations.emplace_back(prefix + "mo" + std::to_string(k + 1), ParsMs(c.pars.at(overlaid[k])));
  return std::string(kXmlHead) +
         "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
         "unique-identifier=\"uid\">\n" +
         Metadata(book, c.identifier, durations) + CarriedManifest(book, c, overlaid, prefix) +
         CarriedSpine(c) + "</package>\n";
}

// Pictures, sound and fonts are stored as they are; text is deflated.
bool StoredAsIs(const std::string& media_type) {
  return (media_type.starts_with("image/") && media_type != "image/svg+xml") ||
         media_type.starts_with("audio/") || media_type.starts_with("video/");
}

Status AddCarried(const ReadAlongEpub& book, const CarriedBook& c, Archive& zip) {
  NARRATE_RETURN_IF_ERROR(zip.Add("mimetype", "application/epub+zip", true));
  NARRATE_RETURN_IF_ERROR(zip.Add("META-INF/container.xml", Container(c.package_entry)));
  if (!c.encryption.empty())
    NARRATE_RETURN_IF_ERROR(zip.Add("META-INF/encryption.xml", c.encryption));
  NARRATE_RETURN_IF_ERROR(zip.Add(c.package_entry, CarriedPackage(book, c)));
  for (const internal::CarriedItem& item : c.items)
    NARRATE_RETURN_IF_ERROR(zip.Add(item.entry, item.content, StoredAsIs(item.media_type)));
  NARRATE_RETURN_IF_ERROR(zip.Add(c.folder + "nav.xhtml", CarriedNav(book, c)));
  NARRATE_RETURN_IF_ERROR(
      zip.Add(c.folder + kCarriedCss,
              std::string(".") + kActiveClass + " { background-color: #fce588; color: #000; }\n"));
  const std::vector<std::string> overlaid = OverlaidDocuments(c);
  for (std::size_t k = 0; k < overlaid.size(); ++k) {
    NARRATE_RETURN_IF_ERROR(
        zip.Add(c.folder + Numbered("c", k + 1, "smil"), CarriedOverlay(book, c, overlaid[k])));
  }
  for (std::size_t a = 0; a < book.audio.size(); ++a)
    NARRATE_RETURN_IF_ERROR(zip.AddFile(c.folder + CarriedAudio(book, a), book.audio[a].path));
  return Status::Ok();
}

// The key's text: every field, then each file's size and modification time.
void AddFileStamp(std::string& out, const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const auto time = std::filesystem::last_write_time(path, ec);
  out += path + "\n" + std::to_string(ec ? 0 : size) + "\n" +
         std::to_string(ec ? 0 : time.time_since_epoch().count()) + "\n";
}

}  // namespace

std::string ClockValue(std::int64_t ms) {
  ms = std::max<std::int64_t>(ms, 0);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld.%03lld", static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60),
                static_cast<long long>(ms % 1000));
  return buf;
}

std::string UuidUrnOf(const std::string& text) {
  const std::uint64_t hi = Fnv(text, 0xcbf29ce484222325ULL), lo = Fnv(text, 0x84222325cbf29ce4ULL);
  unsigned char b[16];
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<unsigned char>(hi >> (56 - 8 * i));
    b[8 + i] = static_cast<unsigned char>(lo >> (56 - 8 * i));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x50);  // version 5 (name-based)
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out = "urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02x", b[i]);
    out += hex;
    if (i == 3 || i == 5 || i == 7 || i == 9) out += '-';
  }
  return out;
}

std::string EpubPackageDocument(const ReadAlongEpub& book) {
  return std::string(kXmlHead) +
         "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
         "unique-identifier=\"uid\">\n" +
         Metadata(book, book.identifier, GeneratedDurations(book)) + Manifest(book) + Spine(book) +
         "</package>\n";
}

Status WriteReadAlongEpub(const ReadAlongEpub& book, const std::string& path) {
  NARRATE_RETURN_IF_ERROR(libzip::Load());
  AtomicFile out(path);
  int code = 0;
  zip_t* zip = libzip::zip_open(out.temp_path().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (zip == nullptr) return Status::Io(path + ": cannot create the EPUB");
  Archive archive(zip, ModifiedTime(book.modified));
  Result<CarriedBook> carried = book.source_epub.empty()
                                    ? Result<CarriedBook>(Status::Error("generated"))
                                    : internal::CarrySource(book, kCarriedCss);
  Status added = carried.ok() ? AddCarried(book, *carried, archive) : AddDocuments(book, archive);
  if (!added.ok()) return Status::Io(path + ": " + added.message());
  Status closed = archive.Close();
  if (!closed.ok()) return Status::Io(path + ": " + closed.message());
  return out.Commit();
}

std::string ReadAlongEpubInputsKey(const ReadAlongEpub& book) {
  std::string text = "narrate read-along EPUB 2\n" + book.title + "\n" + book.author + "\n" +
                     book.language + "\n" + book.identifier + "\n";
  for (const EpubChapter& c : book.chapters) {
    text += c.title + "\n" + std::to_string(c.text.size()) + "\n" + c.text + "\n";
    for (const EpubBlock& b : c.blocks)
      text += std::to_string(b.begin) + " " + std::to_string(b.end) + (b.heading ? "h\n" : "\n");
    for (const EpubSentence& s : c.sentences) {
      text += std::to_string(s.begin) + " " + std::to_string(s.end) + " " +
              std::to_string(s.audio) + " " + std::to_string(s.clip_begin_ms) + " " +
              std::to_string(s.clip_end_ms) + "\n";
    }
  }
  for (const EpubAudio& a : book.audio) {
    text += a.media_type + " " + a.extension + "\n";
    AddFileStamp(text, a.path);
  }
  if (!book.source_epub.empty()) AddFileStamp(text, book.source_epub);
  char hex[40];
  std::snprintf(hex, sizeof hex, "%016llx%016llx",
                static_cast<unsigned long long>(Fnv(text, 0xcbf29ce484222325ULL)),
                static_cast<unsigned long long>(Fnv(text, 0x84222325cbf29ce4ULL)));
  return hex;
}

}  // namespace narrate::package
