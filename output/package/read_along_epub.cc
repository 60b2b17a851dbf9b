#include "output/package/read_along_epub.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <regex>

#include "common/atomic_file.h"

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

std::string Container() {
  return std::string(kXmlHead) +
         "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
         "<rootfiles><rootfile full-path=\"EPUB/package.opf\" "
         "media-type=\"application/oebps-package+xml\"/></rootfiles>\n</container>\n";
}

std::string Meta(const std::string& property, const std::string& value,
                 const std::string& refines = "") {
  std::string at = refines.empty() ? "" : " refines=\"#" + refines + "\"";
  return "<meta property=\"" + property + "\"" + at + ">" + Escape(value) + "</meta>\n";
}

std::string Metadata(const ReadAlongEpub& book) {
  const std::string id =
      book.identifier.empty() ? UuidUrnOf(book.title + "\n" + book.author) : book.identifier;
  std::string out =
      "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier id=\"uid\">" +
      Escape(id) + "</dc:identifier>\n<dc:title>" + Escape(book.title) + "</dc:title>\n";
  if (!book.author.empty()) out += "<dc:creator>" + Escape(book.author) + "</dc:creator>\n";
  out += "<dc:language>" + Escape(LanguageOf(book)) + "</dc:language>\n" +
         Meta("dcterms:modified", book.modified);
  std::int64_t total_ms = 0;
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    if (!HasOverlay(book.chapters[i])) continue;
    const std::int64_t ms = OverlayMs(book.chapters[i]);
    out += Meta("media:duration", ClockValue(ms), OverlayId(i));
    total_ms += ms;
  }
  out += Meta("media:duration", ClockValue(total_ms)) + Meta("media:active-class", kActiveClass);
  return out + "</metadata>\n";
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

// libzip reads added buffers at zip_close: the archive keeps its own copies.
class Archive {
 public:
  explicit Archive(zip_t* zip) : zip_(zip) {}
  ~Archive() {
    if (zip_ != nullptr) zip_discard(zip_);
  }
  Status Add(const std::string& name, const std::string& content, bool stored = false) {
    texts_.push_back(std::make_unique<std::string>(content));
    zip_source_t* src = zip_source_buffer(zip_, texts_.back()->data(), texts_.back()->size(), 0);
    return Added(name, src, stored);
  }
  Status AddFile(const std::string& name, const std::string& path) {
    return Added(name, zip_source_file(zip_, path.c_str(), 0, -1), true);
  }
  Status Close() {
    zip_t* zip = std::exchange(zip_, nullptr);
    if (zip_close(zip) == 0) return Status::Ok();
    Status failed = Status::Io(zip_strerror(zip));
    zip_discard(zip);
    return failed;
  }

 private:
  Status Added(const std::string& name, zip_source_t* src, bool stored) {
    zip_int64_t index = src ? zip_file_add(zip_, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (src != nullptr) zip_source_free(src);
      return Status::Io("cannot add " + name + ": " + zip_strerror(zip_));
    }
    if (stored) zip_set_file_compression(zip_, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    return Status::Ok();
  }
  zip_t* zip_;
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
         Metadata(book) + Manifest(book) + Spine(book) + "</package>\n";
}

Status WriteReadAlongEpub(const ReadAlongEpub& book, const std::string& path) {
  AtomicFile out(path);
  int code = 0;
  zip_t* zip = zip_open(out.temp_path().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (zip == nullptr) return Status::Io(path + ": cannot create the EPUB");
  Archive archive(zip);
  Status added = AddDocuments(book, archive);
  if (!added.ok()) return Status::Io(path + ": " + added.message());
  Status closed = archive.Close();
  if (!closed.ok()) return Status::Io(path + ": " + closed.message());
  return out.Commit();
}

}  // namespace narrate::package
