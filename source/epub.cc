// EPUB 2 and 3: container.xml → OPF package (metadata, manifest, spine) →
// table of contents (EPUB 3 nav, else EPUB 2 NCX) → chapters, spine file by
// spine file. XML package files are read with pugixml; content documents with
// the tolerant HTML reader (source/html.cc).
#include <unicode/ucnv.h>
#include <unicode/utf8.h>
#include <pugixml.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/interrupt.h"
#include "source/archive.h"
#include "source/epub.h"
#include "source/epub_metadata.h"
#include "source/html.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

// A real book's contents are a few levels deep and list at most some
// thousands of entries; its spine and manifest list each file once.
constexpr int kMaxTocDepth = 64;
constexpr std::size_t kMaxTocEntries = 100000;
constexpr std::size_t kMaxSpineItems = kMaxEntries;
constexpr std::size_t kMaxManifestItems = kMaxEntries;
// Text of notes looked up for the chapters that refer to them (each chapter
// gets a copy); a real book's notes are a few MB, each referred to once or twice.
constexpr std::size_t kMaxNoteBytes = std::size_t{64} << 20;

std::string_view Local(const char* name) { return internal::LocalName(name); }

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && Local(c.name()) == local) return c;
  }
  return {};
}

std::vector<pugi::xml_node> Children(pugi::xml_node node, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && Local(c.name()) == local) out.push_back(c);
  }
  return out;
}

// Attribute by local name ("opf:role" or "role").
std::string AttrOf(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (Local(a.name()) == local) return a.value();
  }
  return "";
}

std::string Dir(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

struct Href {
  std::string path;      // archive entry name, "" when the href is external
  std::string fragment;  // without '#'
};

// Resolves href (percent-encoded, relative to base_dir) to an entry name.
Result<Href> Resolve(const std::string& base_dir, const std::string& href,
                     const std::string& epub) {
  Href out;
  std::string target = href;
  if (std::size_t hash = target.find('#'); hash != std::string::npos) {
    out.fragment = PercentDecode(target.substr(hash + 1));
    target.resize(hash);
  }
  if (target.find("://") != std::string::npos || target.starts_with("mailto:")) return out;
  if (target.empty()) return out;
  std::vector<std::string> parts;
  std::string joined =
      target.starts_with("/") ? PercentDecode(target.substr(1)) : base_dir + PercentDecode(target);
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string part = joined.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return Status::Error(epub + ": \"" + href + "\" escapes the archive");
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  for (const std::string& p : parts) out.path += (out.path.empty() ? "" : "/") + p;
  return out;
}

// UTF-16/32, by byte order mark or by the zero bytes of "<?": pugixml converts those itself.
bool IsWideXml(std::string_view bytes) {
  if (bytes.starts_with("\xff\xfe") || bytes.starts_with("\xfe\xff")) return true;
  return bytes.size() >= 2 && (bytes[0] == '\0' || bytes[1] == '\0');
}

// The encoding an XML declaration names, lower case: "<?xml version="1.0"
// encoding='ISO-8859-1'?>" → "iso-8859-1"; "" without one.
std::string DeclaredEncoding(std::string_view bytes) {
  if (!bytes.starts_with("<?xml")) return "";
  std::string_view decl = bytes.substr(0, bytes.find("?>"));
  std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return "";
  std::size_t open = decl.find_first_of("\"'", at);
  if (open == std::string_view::npos) return "";
  std::size_t close = decl.find(decl[open], open + 1);
  if (close == std::string_view::npos) return "";
  return Lower(std::string(decl.substr(open + 1, close - open - 1)));
}

// bytes in `charset` → UTF-8 (undecodable bytes become U+FFFD); nothing when
// ICU does not know the charset.
std::optional<std::string> ConvertToUtf8(std::string_view bytes, const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  const auto length = static_cast<int32_t>(bytes.size());
  int32_t needed =
      ucnv_convert("UTF-8", charset.c_str(), nullptr, 0, bytes.data(), length, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
  std::string out(static_cast<std::size_t>(needed), '\0');
  status = U_ZERO_ERROR;
  ucnv_convert("UTF-8", charset.c_str(), out.data(), needed + 1, bytes.data(), length, &status);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

// An 8-bit package file as UTF-8: the declared encoding when ICU knows it
// (ISO-8859-1 read as its superset windows-1252), else UTF-8 when the bytes
// are UTF-8, else windows-1252. *encoding gets what non-UTF-8 bytes were read
// as: "<?xml … encoding="iso-8859-1"?>…Andr\xe9" → "…André" ("windows-1252").
std::string XmlAsUtf8(const std::string& bytes, std::string* encoding) {
  std::string declared = DeclaredEncoding(bytes);
  if (declared == "iso-8859-1" || declared == "latin1" || declared == "us-ascii") {
    declared = "windows-1252";
  }
  const bool utf8 = IsUtf8Text(bytes);
  if (!declared.empty() && declared != "utf-8" && declared != "utf8") {
    if (auto converted = ConvertToUtf8(bytes, declared)) {
      if (!utf8) *encoding = declared;
      return *converted;
    }
  }
  if (utf8) return bytes;
  *encoding = "windows-1252";
  return ConvertToUtf8(bytes, "windows-1252").value_or(ValidUtf8(bytes));
}

// where: "book.epub: OEBPS/content.opf". Package files not in UTF-8 are
// converted first (XmlAsUtf8); *encoding (when given) says how they were read.
Result<pugi::xml_document> ParseXml(const std::string& bytes, const std::string& where,
                                    std::string* encoding = nullptr) {
  pugi::xml_document doc;
  const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata_single;
  pugi::xml_parse_result r;
  if (IsWideXml(bytes)) {
    r = doc.load_buffer(bytes.data(), bytes.size(), options);
  } else {
    std::string read_as;
    std::string text = XmlAsUtf8(bytes, &read_as);
    if (encoding) *encoding = read_as;
    r = doc.load_buffer(text.data(), text.size(), options, pugi::encoding_utf8);
  }
  if (!r) return Status::Error(where + ": not valid XML: " + r.description());
  return doc;
}

struct ManifestItem {
  std::string path;
  std::string media_type;
  std::string properties;
};

struct Package {
  std::string opf_path;
  std::string title;
  std::vector<std::string> creators;
  std::string language;
  std::map<std::string, ManifestItem> items;        // by id
  std::vector<std::pair<std::string, bool>> spine;  // (idref, linear)
  std::string ncx_id;
  std::string cover_id;         // EPUB 2 <meta name="cover">
  std::vector<Landmark> guide;  // EPUB 2 <guide>, hrefs resolved
  BookMetadata metadata;        // description, date, publisher, series, subjects
};

bool HasToken(const std::string& list, std::string_view token) {
  std::size_t i = 0;
  while (i < list.size()) {
    std::size_t j = list.find(' ', i);
    if (j == std::string::npos) j = list.size();
    if (std::string_view(list).substr(i, j - i) == token) return true;
    i = j + 1;
  }
  return false;
}

class EpubReader {
 public:
  EpubReader(std::string path, const ReadOptions& options, std::unique_ptr<ZipArchive> zip)
      : path_(std::move(path)), options_(options), zip_(std::move(zip)) {}

  Result<Book> Read();

 private:
  Result<std::string> Entry(const std::string& name) { return zip_->Read(name); }
  Status CheckEncryption();
  Result<std::string> RootFile();
  Status LoadPackage(const std::string& opf_path);
  Status LoadMetadata(pugi::xml_node metadata);
  Status LoadManifest(pugi::xml_node manifest);
  Status LoadToc();
  Status LoadNcx(const ManifestItem& ncx);
  Status AddTocEntry(const std::string& base_dir, const TocEntry& entry);
  Status CheckNoteBytes() const;
  void MarkSections();
  std::set<std::string> SkippedFiles();
  Result<const HtmlDocument*> Document(const std::string& entry);
  const Note* FindNote(const std::string& doc, const std::string& href);
  Status ReadSpine(ChapterBuilder& builder);
  using TocItem = std::pair<Href, TocEntry>;
  struct FileStarts {
    std::vector<const TocItem*> top;  // start at the file's first block
    std::map<std::string, std::vector<const TocItem*>> by_anchor;
    bool listed = false;  // the contents point into this file
  };
  FileStarts StartsIn(const std::string& entry, const HtmlDocument& doc) const;
  struct NoteIndex {
    std::unordered_map<std::string, const Note*> by_id;            // first note with the id
    std::unordered_map<std::string, std::size_t> block_by_anchor;  // first block with it
  };
  const NoteIndex& NotesIn(const std::string& file, const HtmlDocument& doc);
  const Note* LooseNote(const std::string& file, const std::string& id, const HtmlDocument& doc,
                        std::size_t block);
  Status ReadSpineFile(const std::string& entry, ChapterBuilder& builder);
  void LoadCoverAndLexicons(Book& book);

  std::string path_;
  const ReadOptions& options_;
  std::unique_ptr<ZipArchive> zip_;
  Package package_;
  std::string nav_path_;
  std::vector<std::pair<Href, TocEntry>> toc_;                      // resolved entries
  std::map<std::string, std::vector<const TocItem*>> toc_by_file_;  // into toc_, in its order
  std::map<std::string, NoteIndex> note_index_;                     // by file
  std::size_t note_bytes_ = 0;  // text of the notes handed to the chapter builder
  std::vector<std::string> notices_;
  std::vector<Landmark> landmarks_;  // hrefs resolved to entry names
  std::map<std::string, std::unique_ptr<HtmlDocument>> documents_;
  bool no_toc_ = false;
  bool read_every_file_ = false;
  std::map<std::string, Note> loose_notes_;  // notes found by id in unmarked note lists  // second
                                             // pass when skipping front-matter files left nothing
  std::string language_from_content_;
};

Status EpubReader::CheckEncryption() {
  const std::string name = "META-INF/encryption.xml";
  if (!zip_->Has(name)) return Status::Ok();
  auto bytes = Entry(name);
  if (!bytes.ok()) return bytes.status();
  auto xml = ParseXml(*bytes, path_ + ": " + name);
  if (!xml.ok()) return xml.status();
  // Font obfuscation (IDPF, Adobe) only scrambles fonts; anything else is DRM on content.
  for (pugi::xml_node data : Children(Child(*xml, "encryption"), "EncryptedData")) {
    std::string algorithm = AttrOf(Child(data, "EncryptionMethod"), "Algorithm");
    if (algorithm == "http://www.idpf.org/2008/embedding" ||
        algorithm == "http://ns.adobe.com/pdf/enc#RC")
      continue;
    std::string uri = AttrOf(Child(Child(data, "CipherData"), "CipherReference"), "URI");
    return Status::Error(path_ + ": content is encrypted (DRM" + (uri.empty() ? "" : ", " + uri) +
                         "); narrate reads only DRM-free books");
  }
  return Status::Ok();
}

Result<std::string> EpubReader::RootFile() {
  const std::string name = "META-INF/container.xml";
  if (!zip_->Has(name)) return Status::Error(path_ + ": not an EPUB (no " + name + ")");
  auto bytes = Entry(name);
  if (!bytes.ok()) return bytes.status();
  auto xml = ParseXml(*bytes, path_ + ": " + name);
  if (!xml.ok()) return xml.status();
  for (pugi::xml_node rf : Children(Child(Child(*xml, "container"), "rootfiles"), "rootfile")) {
    std::string media = AttrOf(rf, "media-type");
    if (media.empty() || media == "application/oebps-package+xml") {
      auto href = Resolve("", AttrOf(rf, "full-path"), path_);
      if (!href.ok()) return href.status();
      if (!href->path.empty()) return href->path;
    }
  }
  return Status::Error(path_ + ": " + name + " names no package (rootfile)");
}

Status EpubReader::LoadMetadata(pugi::xml_node metadata) {
  pugi::xml_node dc = metadata;
  if (Child(metadata, "dc-metadata")) dc = Child(metadata, "dc-metadata");  // EPUB 2 OEB 1.2 layout
  for (pugi::xml_node n : dc.children()) {
    std::string_view local = Local(n.name());
    std::string text = CollapseSpace(n.child_value());
    if (local == "title" && package_.title.empty()) package_.title = text;
    if (local == "language" && package_.language.empty()) package_.language = text;
    if (local == "creator" && !text.empty()) {
      std::string role = AttrOf(n, "role");
      if (role.empty() || role == "aut") package_.creators.push_back(text);
    }
    if (local == "meta" && AttrOf(n, "name") == "cover") package_.cover_id = AttrOf(n, "content");
  }
  package_.metadata = ReadOpfMetadata(metadata);
  return Status::Ok();
}

Status EpubReader::LoadManifest(pugi::xml_node manifest) {
  const std::string base = Dir(package_.opf_path);
  std::vector<pugi::xml_node> items = Children(manifest, "item");
  if (items.size() > kMaxManifestItems) {
    return Status::Error(path_ + ": " + package_.opf_path + ": manifest lists more than " +
                         std::to_string(kMaxManifestItems) + " items (limit)");
  }
  for (pugi::xml_node item : items) {
    auto href = Resolve(base, AttrOf(item, "href"), path_);
    if (!href.ok()) return href.status();
    package_.items[AttrOf(item, "id")] =
        ManifestItem{href->path, AttrOf(item, "media-type"), AttrOf(item, "properties")};
  }
  return Status::Ok();
}

Status EpubReader::LoadPackage(const std::string& opf_path) {
  package_.opf_path = opf_path;
  auto bytes = Entry(opf_path);
  if (!bytes.ok()) return bytes.status();
  std::string encoding;
  auto xml = ParseXml(*bytes, path_ + ": " + opf_path, &encoding);
  if (!xml.ok()) return xml.status();
  if (!encoding.empty()) notices_.push_back(EncodingNotice(path_ + ": " + opf_path, encoding));
  pugi::xml_node root = Child(*xml, "package");
  if (!root) return Status::Error(path_ + ": " + opf_path + " is not an OPF package");
  NARRATE_RETURN_IF_ERROR(LoadMetadata(Child(root, "metadata")));
  NARRATE_RETURN_IF_ERROR(LoadManifest(Child(root, "manifest")));
  pugi::xml_node spine = Child(root, "spine");
  package_.ncx_id = AttrOf(spine, "toc");
  std::vector<pugi::xml_node> refs = Children(spine, "itemref");
  if (refs.size() > kMaxSpineItems) {
    return Status::Error(path_ + ": " + opf_path + ": spine lists more than " +
                         std::to_string(kMaxSpineItems) + " items (limit)");
  }
  for (pugi::xml_node ref : refs) {
    package_.spine.emplace_back(AttrOf(ref, "idref"), AttrOf(ref, "linear") != "no");
  }
  if (package_.spine.empty()) return Status::Error(path_ + ": " + opf_path + " has an empty spine");
  for (pugi::xml_node ref : Children(Child(root, "guide"), "reference")) {
    auto href = Resolve(Dir(opf_path), AttrOf(ref, "href"), path_);
    if (href.ok() && href->fragment.empty())
      package_.guide.push_back(Landmark{AttrOf(ref, "type"), href->path});
  }
  return Status::Ok();
}

// The navPoints nested in nav_map, in document order, depth 1 for its
// children. Iterative (a stack of the next sibling to visit per level), so
// the input's nesting cannot exhaust the call stack; deeper than
// kMaxTocDepth is an error (where: "book.epub: toc.ncx").
Result<std::vector<TocEntry>> FlattenNavPoints(pugi::xml_node nav_map, const std::string& where) {
  std::vector<TocEntry> out;
  std::vector<pugi::xml_node> next{nav_map.first_child()};
  while (!next.empty()) {
    pugi::xml_node point = next.back();
    if (!point) {
      next.pop_back();
      continue;
    }
    next.back() = point.next_sibling();
    if (point.type() != pugi::node_element || Local(point.name()) != "navPoint") continue;
    const auto depth = static_cast<int>(next.size());
    if (depth > kMaxTocDepth) {
      return Status::Error(where + ": table of contents nested deeper than " +
                           std::to_string(kMaxTocDepth) + " levels (limit)");
    }
    std::string title = CollapseSpace(Child(Child(point, "navLabel"), "text").child_value());
    out.push_back(TocEntry{AttrOf(Child(point, "content"), "src"), title, depth});
    next.push_back(point.first_child());
  }
  return out;
}

// One table of contents entry, its href resolved against base_dir; external links are dropped.
Status EpubReader::AddTocEntry(const std::string& base_dir, const TocEntry& entry) {
  auto href = Resolve(base_dir, entry.href, path_);
  if (!href.ok()) return href.status();
  if (href->path.empty()) return Status::Ok();
  if (toc_.size() >= kMaxTocEntries) {
    return Status::Error(path_ + ": table of contents lists more than " +
                         std::to_string(kMaxTocEntries) + " entries (limit)");
  }
  toc_.emplace_back(*href, entry);
  return Status::Ok();
}

Status EpubReader::LoadNcx(const ManifestItem& ncx) {
  auto bytes = Entry(ncx.path);
  if (!bytes.ok()) return bytes.status();
  auto xml = ParseXml(*bytes, path_ + ": " + ncx.path);
  if (!xml.ok()) return xml.status();
  auto entries = FlattenNavPoints(Child(Child(*xml, "ncx"), "navMap"), path_ + ": " + ncx.path);
  if (!entries.ok()) return entries.status();
  for (const TocEntry& e : *entries) NARRATE_RETURN_IF_ERROR(AddTocEntry(Dir(ncx.path), e));
  return Status::Ok();
}

Status EpubReader::LoadToc() {
  for (const auto& [id, item] : package_.items) {
    if (HasToken(item.properties, "nav")) nav_path_ = item.path;
  }
  if (!nav_path_.empty() && zip_->Has(nav_path_)) {
    auto bytes = Entry(nav_path_);
    if (!bytes.ok()) return bytes.status();
    NavDocument nav = ParseNav(*bytes);
    for (const TocEntry& e : nav.toc) NARRATE_RETURN_IF_ERROR(AddTocEntry(Dir(nav_path_), e));
    for (const Landmark& l : nav.landmarks) {
      auto href = Resolve(Dir(nav_path_), l.href, path_);
      // A landmark into the middle of a file (#fragment) does not make the whole file front matter.
      if (href.ok() && href->fragment.empty()) landmarks_.push_back(Landmark{l.type, href->path});
    }
  }
  auto ncx = package_.items.find(package_.ncx_id);
  if (ncx == package_.items.end()) {
    for (auto it = package_.items.begin(); it != package_.items.end(); ++it) {
      if (it->second.media_type == "application/x-dtbncx+xml") ncx = it;
    }
  }
  if (toc_.empty() && ncx != package_.items.end() && zip_->Has(ncx->second.path)) {
    NARRATE_RETURN_IF_ERROR(LoadNcx(ncx->second));
  }
  no_toc_ = toc_.empty();
  MarkSections();
  for (const TocItem& item : toc_) toc_by_file_[item.first.path].push_back(&item);
  return Status::Ok();
}

// "A Scandal in Bohemia" › "II" becomes a section titled "A Scandal in Bohemia — II";
// "Erster Teil" › "2." a chapter titled "Erster Teil — 2.".
void EpubReader::MarkSections() {
  std::vector<const TocEntry*> parents;  // by depth - 1
  for (auto& [href, entry] : toc_) {
    parents.resize(static_cast<std::size_t>(std::max(entry.depth - 1, 0)));
    const TocEntry* parent = parents.empty() ? nullptr : parents.back();
    parents.push_back(&entry);
    if (!parent || !IsBareNumber(entry.title)) continue;
    entry.section = !IsPartLabel(parent->title);
    entry.title = TidyTitlePart(parent->title) + " — " + TidyTitlePart(entry.title);
  }
}

// Lower-case file stem: "Text/Cover_Page.xhtml" → "cover_page".
std::string Stem(const std::string& entry) {
  return Lower(std::filesystem::path(entry).stem().string());
}

bool IsFrontMatterStem(const std::string& stem) {
  static const std::set<std::string> kStems = {"cover",          "coverpage",
                                               "cover_page",     "cover-page",
                                               "titlepage",      "title_page",
                                               "title-page",     "toc",
                                               "contents",       "nav",
                                               "copyright",      "copyright-page",
                                               "copyright_page", "colophon",
                                               "imprint",        "uncopyright",
                                               "wrap0000"};  // Gutenberg's cover wrapper
  return kStems.contains(stem);
}

// Spine files that are not read: the navigation document, and unless front
// matter is asked for, cover, title page, contents, copyright, colophon, index.
std::set<std::string> EpubReader::SkippedFiles() {
  std::set<std::string> skipped;
  skipped.insert(nav_path_);
  if (options_.include_front_matter || read_every_file_) return skipped;
  std::set<std::string> front_landmarks;
  for (const Landmark& l : landmarks_) {
    if (IsFrontMatterType(l.type)) front_landmarks.insert(l.href);
  }
  skipped.insert(front_landmarks.begin(), front_landmarks.end());
  for (const Landmark& g : package_.guide) {
    std::string type = Lower(g.type);
    if (type == "cover" || type == "title-page" || type == "toc" || type == "copyright-page" ||
        type == "colophon" || type == "index" || type == "loi" || type == "lot") {
      skipped.insert(g.href);
    }
  }
  std::map<std::string, std::vector<std::string>> titles_by_file;
  for (const auto& [href, entry] : toc_) titles_by_file[href.path].push_back(entry.title);
  for (const auto& [idref, linear] : package_.spine) {
    auto item = package_.items.find(idref);
    if (item == package_.items.end()) continue;
    const std::string& file = item->second.path;
    auto titles = titles_by_file.find(file);
    // A file of notes is read through --footnotes, not as a chapter.
    bool front_title =
        titles != titles_by_file.end() &&
        std::all_of(titles->second.begin(), titles->second.end(),
                    [](const std::string& t) { return IsFrontMatterTitle(t) || IsNotesTitle(t); });
    if (front_title || IsFrontMatterStem(Stem(file))) skipped.insert(file);
  }
  // A file that is also the target of a chapter entry is read after all.
  for (const auto& [href, entry] : toc_) {
    const std::string& path = href.path;
    if (!IsFrontMatterTitle(entry.title) && !IsNotesTitle(entry.title) && path != nav_path_ &&
        !IsFrontMatterStem(Stem(path)) && !front_landmarks.contains(path)) {
      skipped.erase(path);
    }
  }
  return skipped;
}

Result<const HtmlDocument*> EpubReader::Document(const std::string& entry) {
  auto it = documents_.find(entry);
  if (it != documents_.end()) return static_cast<const HtmlDocument*>(it->second.get());
  if (!zip_->Has(entry))
    return Status::Error(path_ + ": spine file " + entry + " is missing from the archive");
  auto bytes = Entry(entry);
  if (!bytes.ok()) return bytes.status();
  HtmlOptions html{options_.alt_text, options_.include_front_matter};
  auto doc = std::make_unique<HtmlDocument>(ParseHtml(*bytes, html));
  if (!doc->error.empty()) return Status::Error(path_ + ": " + entry + ": " + doc->error);
  if (!doc->encoding.empty()) {
    notices_.push_back(EncodingNotice(path_ + ": " + entry, doc->encoding));
  }
  const HtmlDocument* raw = doc.get();
  documents_[entry] = std::move(doc);
  return raw;
}

// The notes and anchored blocks of a file by id, made on first use so that
// looking up a note does not scan the file.
const EpubReader::NoteIndex& EpubReader::NotesIn(const std::string& file, const HtmlDocument& doc) {
  auto [it, added] = note_index_.try_emplace(file);
  if (!added) return it->second;
  for (const Note& note : doc.notes) {
    for (const std::string& id : note.ids) it->second.by_id.emplace(id, &note);
  }
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    for (const std::string& id : doc.blocks[i].anchors) it->second.block_by_anchor.emplace(id, i);
  }
  return it->second;
}

// A note not marked as one (a plain list of notes): the block the id is in,
// and the next one when that is only a label ("1.").
const Note* EpubReader::LooseNote(const std::string& file, const std::string& id,
                                  const HtmlDocument& doc, std::size_t block) {
  const auto& blocks = doc.blocks;
  Note& note = loose_notes_[file + "#" + id];
  note.ids = {id};
  note.blocks = {blocks[block]};
  if (blocks[block].text.size() < 8 && block + 1 < blocks.size())
    note.blocks.push_back(blocks[block + 1]);
  return &note;
}

// The note href points at. Notes are copied after every chapter referring to
// them: their text is counted against kMaxNoteBytes (CheckNoteBytes).
const Note* EpubReader::FindNote(const std::string& doc, const std::string& href) {
  auto target = Resolve(Dir(doc), href, path_);
  if (!target.ok() || target->fragment.empty()) return nullptr;
  std::string file = target->path.empty() ? doc : target->path;
  if (!zip_->Has(file)) return nullptr;
  auto document = Document(file);
  if (!document.ok()) return nullptr;
  const NoteIndex& index = NotesIn(file, **document);
  const Note* note = nullptr;
  if (auto it = index.by_id.find(target->fragment); it != index.by_id.end()) {
    note = it->second;
  } else if (auto at = index.block_by_anchor.find(target->fragment);
             at != index.block_by_anchor.end()) {
    note = LooseNote(file, target->fragment, **document, at->second);
  }
  if (note && note_bytes_ <= kMaxNoteBytes) {
    for (const TextBlock& b : note->blocks) note_bytes_ += b.text.size();
  }
  return note_bytes_ > kMaxNoteBytes ? nullptr : note;
}

Status EpubReader::CheckNoteBytes() const {
  if (note_bytes_ <= kMaxNoteBytes) return Status::Ok();
  return Status::Error(path_ + ": notes repeated after the chapters that refer to them pass " +
                       LimitSize(kMaxNoteBytes) + " of text (limit)");
}

// Where the table of contents starts chapters in one file: at its top, or at
// the blocks holding the targeted ids. Deep entries (sections inside a
// chapter) do not start chapters of their own; a target that is not in the
// file (a broken link) starts a chapter only as the file's first entry.
EpubReader::FileStarts EpubReader::StartsIn(const std::string& entry,
                                            const HtmlDocument& doc) const {
  std::vector<const TocItem*> entries;
  auto listed = toc_by_file_.find(entry);
  for (const TocItem* e :
       listed == toc_by_file_.end() ? std::vector<const TocItem*>{} : listed->second) {
    const bool inside = !e->first.fragment.empty() && (e->second.depth > 2 || e->second.section);
    if (!inside) entries.push_back(e);
  }
  std::set<std::string> found;
  for (const TextBlock& b : doc.blocks) found.insert(b.anchors.begin(), b.anchors.end());
  FileStarts starts;
  starts.listed = !entries.empty();
  for (const TocItem* e : entries) {
    if (e->first.fragment.empty() || !found.contains(e->first.fragment)) {
      if (e->first.fragment.empty() || e == entries.front()) starts.top.push_back(e);
    } else {
      starts.by_anchor[e->first.fragment].push_back(e);
    }
  }
  return starts;
}

// One spine file. A file the contents do not list continues the chapter
// before it, unless it opens with its own heading (or there are no contents).
Status EpubReader::ReadSpineFile(const std::string& entry, ChapterBuilder& builder) {
  auto doc = Document(entry);
  if (!doc.ok()) return doc.status();
  if (language_from_content_.empty()) language_from_content_ = (*doc)->meta.language;
  FileStarts starts = StartsIn(entry, **doc);
  const auto& blocks = (*doc)->blocks;
  auto is_heading = [&](std::size_t i, int max_level) {
    return blocks[i].kind == TextBlock::Kind::kHeading && blocks[i].heading_level <= max_level;
  };
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (i == 0) {
      for (const TocItem* s : starts.top) builder.Start(s->second.title);
      bool own_heading = is_heading(0, 3);
      if (!starts.listed && (no_toc_ || own_heading || !builder.started())) {
        builder.Start(no_toc_ || own_heading ? "" : (*doc)->meta.title);
      }
    }
    for (const std::string& anchor : blocks[i].anchors) {
      auto it = starts.by_anchor.find(anchor);
      if (it == starts.by_anchor.end()) continue;
      for (const TocItem* s : it->second) builder.Start(s->second.title);
      starts.by_anchor.erase(it);
    }
    // Without a table of contents, headings as high as the file's first one start chapters.
    if (no_toc_ && i > 0 && is_heading(0, 6) && is_heading(i, blocks[0].heading_level))
      builder.Start("");
    builder.Add(blocks[i], entry);
  }
  return Status::Ok();
}

// Each file once, in spine order: a spine that lists a file again (or in a
// loop) does not read it twice. Ctrl-C is noticed between files.
Status EpubReader::ReadSpine(ChapterBuilder& builder) {
  const std::set<std::string> skipped = SkippedFiles();
  std::set<std::string> read;
  for (const auto& [idref, linear] : package_.spine) {
    if (Interrupted()) return Status::Interrupted();
    auto item = package_.items.find(idref);
    if (item == package_.items.end()) {
      return Status::Error(path_ + ": spine item \"" + idref + "\" is not in the manifest");
    }
    const std::string& file = item->second.path;
    if (!linear || skipped.contains(file) || !read.insert(file).second) continue;
    if (!zip_->Has(file))
      return Status::Error(path_ + ": spine file " + file + " is missing from the archive");
    const std::string& media = item->second.media_type;
    if (media != "application/xhtml+xml" && media != "text/html" &&
        media != "application/x-dtbook+xml")
      continue;
    NARRATE_RETURN_IF_ERROR(ReadSpineFile(file, builder));
    if (documents_[file]->gutenberg_end) break;
  }
  return CheckNoteBytes();
}

void EpubReader::LoadCoverAndLexicons(Book& book) {
  const ManifestItem* cover = nullptr;
  for (const auto& [id, item] : package_.items) {
    if (HasToken(item.properties, "cover-image")) cover = &item;
  }
  if (!cover && package_.items.contains(package_.cover_id))
    cover = &package_.items[package_.cover_id];
  if (cover && cover->media_type.starts_with("image/")) {
    // A declared cover that cannot be read keeps its name (empty bytes): the
    // build warns about it.
    book.cover = Cover{cover->media_type, "", path_ + ":" + cover->path};
    auto bytes =
        zip_->Has(cover->path) ? zip_->Read(cover->path) : Result<std::string>(std::string());
    if (bytes.ok()) book.cover.bytes = std::move(*bytes);
  }
  // Manifest order is lost in the id map; lexicons are few, so sort them
  // by path for a stable order.
  std::vector<const ManifestItem*> pls;
  for (const auto& [id, item] : package_.items) {
    if (item.media_type == "application/pls+xml") pls.push_back(&item);
  }
  std::sort(pls.begin(), pls.end(), [](const auto* a, const auto* b) { return a->path < b->path; });
  for (const ManifestItem* item : pls) {
    auto bytes = zip_->Read(item->path);
    if (bytes.ok())
      book.lexicons.push_back(BookLexicon{path_ + ":" + item->path, std::move(*bytes)});
  }
}

Result<Book> EpubReader::Read() {
  NARRATE_RETURN_IF_ERROR(CheckEncryption());
  auto opf = RootFile();
  if (!opf.ok()) return opf.status();
  if (!zip_->Has(*opf))
    return Status::Error(path_ + ": package " + *opf + " is missing from the archive");
  NARRATE_RETURN_IF_ERROR(LoadPackage(*opf));
  NARRATE_RETURN_IF_ERROR(LoadToc());
  ChapterBuilder builder(options_, [this](const std::string& doc, const std::string& href) {
    return FindNote(doc, href);
  });
  builder.SetLanguage(package_.language);
  NARRATE_RETURN_IF_ERROR(ReadSpine(builder));
  Book book;
  book.path = path_;
  book.chapters = builder.Finish();
  if (book.chapters.empty() && !options_.include_front_matter) {
    read_every_file_ = true;  // a book all in a file that looked like front matter
    NARRATE_RETURN_IF_ERROR(ReadSpine(builder));
    book.chapters = builder.Finish();
  }
  if (book.chapters.empty()) return Status::Error(path_ + ": the book has no text to read");
  book.title = !options_.title.empty() ? options_.title : package_.title;
  if (book.title.empty()) book.title = std::filesystem::path(path_).stem().string();
  std::string creators;
  for (const std::string& c : package_.creators) creators += (creators.empty() ? "" : ", ") + c;
  book.author = !options_.author.empty() ? options_.author : creators;
  book.language = !package_.language.empty() ? package_.language : language_from_content_;
  LoadCoverAndLexicons(book);
  book.metadata = std::move(package_.metadata);
  book.notices = std::move(notices_);
  MakeBookTextValid(book);
  if (Status s = CheckBookParagraphs(book, path_); !s.ok()) return s;
  return book;
}

Result<Book> ReadArchive(Result<std::unique_ptr<ZipArchive>> zip, const std::string& name,
                         const ReadOptions& options) {
  if (!zip.ok()) return zip.status();
  EpubReader reader(name, options, std::move(*zip));
  return reader.Read();
}

}  // namespace

Result<Book> ReadEpub(const std::string& path, const ReadOptions& options,
                      const ZipLimits& limits) {
  return ReadArchive(ZipArchive::Open(path, limits), path, options);
}

Result<Book> ReadEpubBytes(std::string bytes, const std::string& name, const ReadOptions& options,
                           const ZipLimits& limits) {
  return ReadArchive(ZipArchive::OpenBuffer(std::move(bytes), name, limits), name, options);
}

}  // namespace narrate::source::internal
