#include "output/package/read_along_source.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "source/libzip.h"

namespace narrate::package::internal {
namespace {

constexpr std::size_t kAnchorBytes = 8;  // a match starts where these key bytes do
constexpr std::size_t kMaxSkippedBytes =
    8;  // text in the source narrate did not say: "12" (a noteref)
constexpr std::size_t kNearBytes = 6000;  // a short sentence is looked for this near the last
constexpr std::size_t kUniqueBytes = 40;  // a key this long is looked for anywhere after it

Status NotCarried(const std::string& why) {
  return Status::Error("source EPUB not carried: " + why);
}

// The entries of a zip archive, by name.
Result<std::map<std::string, std::string>> ReadZip(const std::string& path) {
  NARRATE_RETURN_IF_ERROR(libzip::Load());
  int code = 0;
  zip_t* zip = libzip::zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (zip == nullptr) return NotCarried(path + " is not a zip archive");
  std::map<std::string, std::string> out;
  for (zip_int64_t i = 0; i < libzip::zip_get_num_entries(zip, 0); ++i) {
    zip_stat_t st;
    if (libzip::zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    std::string content(st.size, '\0');
    zip_file_t* f = libzip::zip_fopen_index(zip, static_cast<zip_uint64_t>(i), 0);
    const bool read = f != nullptr && libzip::zip_fread(f, content.data(), st.size) ==
                                          static_cast<zip_int64_t>(st.size);
    if (f != nullptr) libzip::zip_fclose(f);
    if (!read) {
      libzip::zip_discard(zip);
      return NotCarried(path + ": cannot read " + st.name);
    }
    out[st.name] = std::move(content);
  }
  libzip::zip_discard(zip);
  return out;
}

std::string_view Local(const char* name) {
  std::string_view n(name);
  const std::size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c : node.children())
    if (c.type() == pugi::node_element && Local(c.name()) == local) return c;
  return {};
}

// "a%20b" → "a b".
std::string PercentDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
        std::isxdigit(text[i + 2])) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// "one two/é" → "one%20two/%C3%A9".
std::string PercentEncode(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::strchr("/-._~!$&'()*+,;=:@", c) != nullptr) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string DirOf(const std::string& entry) {
  const std::size_t slash = entry.rfind('/');
  return slash == std::string::npos ? "" : entry.substr(0, slash + 1);
}

// ("epub/", "text/a.xhtml#x") → "epub/text/a.xhtml"; "" for links out of the archive.
std::string EntryOf(const std::string& dir, std::string href) {
  href = href.substr(0, href.find('#'));
  if (href.empty() || href.find("://") != std::string::npos) return "";
  std::vector<std::string> parts;
  std::istringstream in(dir + PercentDecode(href));
  for (std::string part; std::getline(in, part, '/');) {
    if (part == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// "nav svg" without "nav" → "svg".
std::string WithoutToken(const std::string& list, const std::string& token) {
  std::istringstream in(list);
  std::string out;
  for (std::string t; in >> t;)
    if (t != token) out += (out.empty() ? "" : " ") + t;
  return out;
}

bool HasToken(const std::string& list, const std::string& token) {
  std::istringstream in(list);
  for (std::string t; in >> t;)
    if (t == token) return true;
  return false;
}

// ---- matching text: keys without spacing, ASCII folded ----

// The bytes of the UTF-8 character at text[i] (1 for a stray byte).
std::size_t CharBytes(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t n = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 : c >> 3 == 30 ? 4 : 1;
  return std::min(n, text.size() - i);
}

// Spacing and invisible characters a key leaves out: " ", NBSP, soft hyphen,
// U+2000–U+200D, U+202F, U+2060, U+FEFF, U+3000.
bool Invisible(std::string_view ch) {
  if (ch.size() == 1) return std::isspace(static_cast<unsigned char>(ch[0])) != 0;
  if (ch == "\xc2\xa0" || ch == "\xc2\xad") return true;
  if (ch.size() != 3) return false;
  const auto b1 = static_cast<unsigned char>(ch[1]), b2 = static_cast<unsigned char>(ch[2]);
  if (ch[0] == '\xe2' && b1 == 0x80 && (b2 <= 0x8d || b2 == 0xaf)) return true;
  return ch == "\xe2\x81\xa0" || ch == "\xef\xbb\xbf" || ch == "\xe3\x80\x80";
}

// Calls add(byte, begin, end) for each key byte of text: "A b" → 'a', 'b'.
template <typename Add>
void ForKeyBytes(std::string_view text, Add add) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = CharBytes(text, i);
    if (!Invisible(text.substr(i, n))) {
      for (std::size_t k = 0; k < n; ++k) {
        const auto c = static_cast<unsigned char>(text[i + k]);
        add(static_cast<char>(n == 1 ? std::tolower(c) : c), i, i + n);
      }
    }
    i += n;
  }
}

std::string KeyOf(std::string_view text) {
  std::string key;
  ForKeyBytes(text, [&](char c, std::size_t, std::size_t) { key += c; });
  return key;
}

// What a note reference shows and narrate does not say: "12", "[3]", "*", "†", "¹".
bool NoteMark(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) || std::strchr("[]()*", c) != nullptr ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Where s matches d from `at`, note marks narrate did not say (up to
// kMaxSkippedBytes at a time) skipped: the end in d, or npos.
// A full stop the source lacks at the end of s (a heading, spoken "Second.")
// is not looked for. ("hesmiled1.", "hesmiled.") → 10.
std::size_t AlignAt(const std::string& d, std::size_t at, const std::string& s) {
  std::size_t i = at;
  for (std::size_t j = 0; j < s.size();) {
    if (i < d.size() && d[i] == s[j]) {
      ++i, ++j;
      continue;
    }
    if (j + 1 == s.size() && s[j] == '.' && j > 0) return i;
    std::size_t skip = 0;
    while (skip < kMaxSkippedBytes && i + skip < d.size() && NoteMark(d[i + skip]) &&
           d[i + skip] != s[j])
      ++skip;
    if (skip == 0 || i + skip >= d.size() || d[i + skip] != s[j]) return std::string::npos;
    i += skip;
  }
  return i;
}

// ---- the source's documents ----

struct KeyByte {
  std::size_t node = 0;            // into Document::texts
  std::size_t begin = 0, end = 0;  // the character's bytes in that text node
};

struct Document {
  std::string entry;
  pugi::xml_document xml;
  std::vector<pugi::xml_node> texts;  // text nodes of the body, in document order
  std::string key;
  std::vector<KeyByte> at;  // per key byte
};

bool Skipped(pugi::xml_node n) {
  for (; n; n = n.parent()) {
    const std::string_view name = Local(n.name());
    if (name == "script" || name == "style" || name == "head") return true;
  }
  return false;
}

// The node after n in document order, inside root.
pugi::xml_node NextInOrder(pugi::xml_node n, pugi::xml_node root, bool into = true) {
  if (into && n.first_child()) return n.first_child();
  for (; n && n != root; n = n.parent())
    if (n.next_sibling()) return n.next_sibling();
  return {};
}

bool IsText(pugi::xml_node n) {
  return n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata;
}

void IndexText(Document& doc) {
  pugi::xml_node body = Child(Child(doc.xml, "html"), "body");
  for (pugi::xml_node n = body.first_child(); n; n = NextInOrder(n, body)) {
    if (!IsText(n) || Skipped(n)) continue;
    doc.texts.push_back(n);
    ForKeyBytes(n.value(), [&](char c, std::size_t b, std::size_t e) {
      doc.key += c;
      doc.at.push_back({doc.texts.size() - 1, b, e});
    });
  }
}

constexpr unsigned kParse = pugi::parse_full | pugi::parse_ws_pcdata;

// ---- wrapping ----

bool IsPhrasing(pugi::xml_node n) {
  static const std::set<std::string_view> kInline = {
      "a",      "abbr", "b",   "bdi",  "bdo",  "br",  "cite", "code", "data",  "dfn",
      "em",     "i",    "img", "kbd",  "mark", "q",   "s",    "samp", "small", "span",
      "strong", "sub",  "sup", "time", "u",    "var", "wbr",  "ruby", "rt",    "rp"};
  if (IsText(n) || n.type() == pugi::node_comment) return true;
  if (n.type() != pugi::node_element || !kInline.contains(Local(n.name()))) return false;
  for (pugi::xml_node c : n.children())
    if (!IsPhrasing(c)) return false;
  return true;
}

// Cuts the text node at byte `at`: n keeps what is before, the node returned
// (inserted after n) holds the rest.
pugi::xml_node Split(pugi::xml_node n, std::size_t at) {
  const std::string text = n.value();
  pugi::xml_node rest = n.parent().insert_child_after(n.type(), n);
  rest.set_value(text.substr(at).c_str());
  n.set_value(text.substr(0, at).c_str());
  return rest;
}

bool Blank(pugi::xml_node n) {
  if (!IsText(n)) return n.type() == pugi::node_comment;
  return std::all_of(n.value(), n.value() + std::strlen(n.value()),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

bool Contains(pugi::xml_node outer, pugi::xml_node n) {
  for (; n; n = n.parent())
    if (n == outer) return true;
  return false;
}

// Climbs from n to the outermost inline element that holds nothing before
// (toward = previous) or after it besides n, and not `other`.
pugi::xml_node Lift(pugi::xml_node n, pugi::xml_node other, bool before) {
  for (;;) {
    bool alone = true;
    for (pugi::xml_node s = before ? n.previous_sibling() : n.next_sibling(); s && alone;
         s = before ? s.previous_sibling() : s.next_sibling())
      alone = Blank(s);
    pugi::xml_node p = n.parent();
    if (!alone || !IsPhrasing(p) || Contains(p, other)) return n;
    n = p;
  }
}

// Moves first..last (siblings) into a new <span id>.
void WrapRun(pugi::xml_node first, pugi::xml_node last, const std::string& id) {
  pugi::xml_node span = first.parent().insert_child_before("span", first);
  if (!id.empty()) span.append_attribute("id") = id.c_str();
  for (pugi::xml_node n = first;;) {
    pugi::xml_node next = n.next_sibling();
    const bool end = n == last;
    span.append_move(n);
    if (end) return;
    n = next;
  }
}

bool PhrasingRun(pugi::xml_node first, pugi::xml_node last) {
  for (pugi::xml_node n = first;; n = n.next_sibling()) {
    if (!n || !IsPhrasing(n)) return false;
    if (n == last) return true;
  }
}

// Wraps text from (start node, byte) to (end node, byte): one span when the
// sentence's nodes are siblings of inline content, else one span per text
// node, the first with the id.
void Wrap(pugi::xml_node s, std::size_t s_at, pugi::xml_node e, std::size_t e_at,
          const std::string& id) {
  pugi::xml_node first, last;
  if (s == e) {
    first = last = Split(s, s_at);
    Split(first, e_at - s_at);
  } else {
    first = Split(s, s_at);
    Split(e, e_at);
    last = e;
  }
  first = Lift(first, last, true);
  last = Lift(last, first, false);
  if (first.parent() == last.parent() && PhrasingRun(first, last)) return WrapRun(first, last, id);
  std::vector<pugi::xml_node> texts;
  const pugi::xml_node root = first.root(), after = NextInOrder(last, root, false);
  for (pugi::xml_node n = first; n && n != after; n = NextInOrder(n, root))
    if (IsText(n) && !Blank(n)) texts.push_back(n);
  for (std::size_t i = 0; i < texts.size(); ++i) WrapRun(texts[i], texts[i], i == 0 ? id : "");
}

// An id prefix no id of the document starts with: "rs", else "rsx", ...
std::string FreePrefix(const pugi::xml_document& xml) {
  std::vector<std::string> ids;
  for (pugi::xml_node n = xml.first_child(); n; n = NextInOrder(n, xml))
    if (const char* id = n.attribute("id").value(); *id) ids.emplace_back(id);
  std::string prefix = "rs";
  while (std::any_of(ids.begin(), ids.end(),
                     [&](const std::string& id) { return id.starts_with(prefix); }))
    prefix += "x";
  return prefix;
}

void LinkCss(pugi::xml_document& xml, const std::string& href) {
  pugi::xml_node html = Child(xml, "html");
  pugi::xml_node head = Child(html, "head");
  if (!head) head = html.prepend_child("head");
  pugi::xml_node link = head.append_child("link");
  link.append_attribute("rel") = "stylesheet";
  link.append_attribute("type") = "text/css";
  link.append_attribute("href") = href.c_str();
}

std::string Serialized(const pugi::xml_document& xml) {
  std::ostringstream out;
  xml.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

// ---- the package ----

struct Source {
  std::map<std::string, std::string> files;
  CarriedBook book;
  std::vector<std::unique_ptr<Document>> documents;  // spine order, narratable
  std::string nav_entry;                             // the source's nav document
};

Status ReadPackage(Source& src) {
  auto container = src.files.find("META-INF/container.xml");
  if (container == src.files.end()) return NotCarried("no META-INF/container.xml");
  pugi::xml_document c;
  if (!c.load_string(container->second.c_str())) return NotCarried("container.xml is not XML");
  pugi::xml_node root = Child(Child(Child(c, "container"), "rootfiles"), "rootfile");
  src.book.package_entry = EntryOf("", root.attribute("full-path").value());
  auto opf_text = src.files.find(src.book.package_entry);
  if (opf_text == src.files.end()) return NotCarried("no package document");
  pugi::xml_document opf;
  if (!opf.load_string(opf_text->second.c_str())) return NotCarried("the package is not XML");
  pugi::xml_node package = Child(opf, "package");
  if (!std::string(package.attribute("version").value()).starts_with("3"))
    return NotCarried("not EPUB 3 (its XHTML 1.1 documents are not EPUB 3 content documents)");
  const std::string uid = package.attribute("unique-identifier").value();
  for (pugi::xml_node n : Child(package, "metadata").children())
    if (Local(n.name()) == "identifier" && uid == n.attribute("id").value())
      src.book.identifier = n.text().get();
  const std::string dir = DirOf(src.book.package_entry);
  std::set<std::string> overlays;
  for (pugi::xml_node item : Child(package, "manifest").children()) {
    if (Local(item.name()) != "item") continue;
    CarriedItem ci{item.attribute("id").value(),
                   item.attribute("href").value(),
                   "",
                   item.attribute("media-type").value(),
                   WithoutToken(item.attribute("properties").value(), "nav"),
                   item.attribute("fallback").value(),
                   ""};
    ci.entry = EntryOf(dir, ci.href);
    if (HasToken(item.attribute("properties").value(), "nav")) src.nav_entry = ci.entry;
    auto bytes = src.files.find(ci.entry);
    if (ci.entry.empty() || bytes == src.files.end()) continue;  // remote or missing: not carried
    if (ci.media_type == "application/smil+xml") {
      overlays.insert(ci.id);  // the source's own overlays give way to narrate's
      continue;
    }
    ci.content = bytes->second;
    src.book.items.push_back(std::move(ci));
  }
  pugi::xml_node spine = Child(package, "spine");
  src.book.page_direction = spine.attribute("page-progression-direction").value();
  for (pugi::xml_node ref : spine.children()) {
    if (Local(ref.name()) != "itemref" || overlays.contains(ref.attribute("idref").value()))
      continue;
    src.book.spine.push_back({ref.attribute("idref").value(),
                              std::string(ref.attribute("linear").value()) != "no",
                              ref.attribute("properties").value()});
  }
  if (auto enc = src.files.find("META-INF/encryption.xml"); enc != src.files.end())
    src.book.encryption = enc->second;
  return Status::Ok();
}

CarriedItem* ItemById(CarriedBook& book, const std::string& id) {
  for (CarriedItem& item : book.items)
    if (item.id == id) return &item;
  return nullptr;
}

// The spine's XHTML documents besides the nav, parsed and indexed; one that
// is not well-formed XML is carried unchanged and has no sentences.
void LoadDocuments(Source& src) {
  for (const CarriedSpineRef& ref : src.book.spine) {
    CarriedItem* item = ItemById(src.book, ref.idref);
    if (item == nullptr || item->media_type != "application/xhtml+xml" ||
        item->entry == src.nav_entry)
      continue;
    auto doc = std::make_unique<Document>();
    doc->entry = item->entry;
    if (!doc->xml.load_buffer(item->content.data(), item->content.size(), kParse,
                              pugi::encoding_utf8))
      continue;
    IndexText(*doc);
    src.documents.push_back(std::move(doc));
  }
}

// ---- placing the sentences ----

struct Cursor {
  std::size_t doc = 0, at = 0;
};

struct Found {
  std::size_t doc = 0, begin = 0, end = 0;  // key bytes in that document
};

// The first place at or after the cursor where key matches; a short key only near it.
std::optional<Found> Find(const Source& src, Cursor cursor, const std::string& key) {
  if (key.empty()) return std::nullopt;
  // Not the full stop AlignAt lets a source lack.
  const std::size_t stop = key.size() > 1 && key.back() == '.' ? 1 : 0;
  const std::string anchor = key.substr(0, std::min(kAnchorBytes, key.size() - stop));
  std::size_t passed = 0;  // key bytes looked through
  for (std::size_t d = cursor.doc; d < src.documents.size(); ++d) {
    const std::string& text = src.documents[d]->key;
    const std::size_t from = d == cursor.doc ? cursor.at : 0;
    for (std::size_t at = text.find(anchor, from); at != std::string::npos;
         at = text.find(anchor, at + 1)) {
      if (passed + at - from > kNearBytes && key.size() < kUniqueBytes) return std::nullopt;
      if (std::size_t end = AlignAt(text, at, key); end != std::string::npos)
        return Found{d, at, end};
    }
    passed += text.size() - std::min(from, text.size());
    if (passed > kNearBytes && key.size() < kUniqueBytes) return std::nullopt;
  }
  return std::nullopt;
}

bool Timed(const EpubSentence& s) { return s.audio >= 0 && s.clip_begin_ms < s.clip_end_ms; }

struct Placed {
  std::size_t doc = 0, begin = 0, end = 0;
  CarriedPar par;
};

// A chapter's said sentences placed in the documents: a sentence not found
// is said with the par before it in the same audio file (its clip widened to
// the end of this one), else with the next. False when one is left over.
bool PlaceChapter(const Source& src, const EpubChapter& chapter, Cursor& cursor,
                  std::vector<Placed>& placed, CarriedBook& book) {
  const std::size_t first = placed.size();
  std::vector<const EpubSentence*> waiting;
  for (const EpubSentence& s : chapter.sentences) {
    if (!Timed(s)) continue;
    auto found =
        Find(src, cursor, KeyOf(std::string_view(chapter.text).substr(s.begin, s.end - s.begin)));
    if (!found) {
      ++book.merged;
      if (placed.size() > first && placed.back().par.audio == s.audio) {
        placed.back().par.clip_end_ms = std::max(placed.back().par.clip_end_ms, s.clip_end_ms);
      } else {
        waiting.push_back(&s);
      }
      continue;
    }
    ++book.found;
    Placed p{found->doc, found->begin, found->end, {"", s.audio, s.clip_begin_ms, s.clip_end_ms}};
    for (const EpubSentence* w : waiting) {
      if (w->audio != s.audio) return false;
      p.par.clip_begin_ms = std::min(p.par.clip_begin_ms, w->clip_begin_ms);
    }
    waiting.clear();
    placed.push_back(p);
    cursor = {found->doc, found->end};
  }
  return waiting.empty();
}

// Wraps the placed sentences of each document (last first: a wrap leaves the
// text before it where it was), names their spans and links css_entry.
void WrapDocuments(Source& src, std::vector<Placed>& placed, const std::string& css_entry) {
  std::map<std::size_t, std::vector<Placed*>> by_doc;
  for (Placed& p : placed) by_doc[p.doc].push_back(&p);
  for (auto& [d, list] : by_doc) {
    Document& doc = *src.documents[d];
    const std::string prefix = FreePrefix(doc.xml);
    for (std::size_t i = 0; i < list.size(); ++i) list[i]->par.id = prefix + std::to_string(i + 1);
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      const KeyByte& b = doc.at[(*it)->begin];
      const KeyByte& e = doc.at[(*it)->end - 1];
      Wrap(doc.texts[b.node], b.begin, doc.texts[e.node], e.end, (*it)->par.id);
    }
    pugi::xml_node body = Child(Child(doc.xml, "html"), "body");
    if (!*body.attribute("id").value()) body.append_attribute("id") = (prefix + "-body").c_str();
    src.book.body_ids[doc.entry] = body.attribute("id").value();
    LinkCss(doc.xml, RelativeHref(DirOf(doc.entry), css_entry));
    for (CarriedItem& item : src.book.items)
      if (item.entry == doc.entry) item.content = Serialized(doc.xml);
    for (Placed* p : list) src.book.pars[doc.entry].push_back(p->par);
  }
}

// "epub/read-along/": a folder no carried file is in.
std::string FreeFolder(const CarriedBook& book) {
  const std::string dir = DirOf(book.package_entry);
  for (std::string name = "read-along";; name += "-narrate") {
    const std::string folder = dir + name + "/";
    if (std::none_of(book.items.begin(), book.items.end(),
                     [&](const CarriedItem& i) { return i.entry.starts_with(folder); }))
      return folder;
  }
}

}  // namespace

std::string RelativeHref(const std::string& from_dir, const std::string& to) {
  std::size_t common = 0;
  for (std::size_t i = 0; i < from_dir.size() && i < to.size() && from_dir[i] == to[i]; ++i)
    if (from_dir[i] == '/') common = i + 1;
  std::string up;
  for (std::size_t i = common; i < from_dir.size(); ++i)
    if (from_dir[i] == '/') up += "../";
  return up + PercentEncode(to.substr(common));
}

Result<CarriedBook> CarrySource(const ReadAlongEpub& book, const std::string& css_name) {
  Source src;
  auto files = ReadZip(book.source_epub);
  if (!files.ok()) return files.status();
  src.files = std::move(*files);
  NARRATE_RETURN_IF_ERROR(ReadPackage(src));
  LoadDocuments(src);
  src.book.folder = FreeFolder(src.book);
  std::vector<Placed> placed;
  Cursor cursor;
  std::vector<std::size_t> chapter_first;
  for (const EpubChapter& chapter : book.chapters) {
    chapter_first.push_back(placed.size());
    if (!PlaceChapter(src, chapter, cursor, placed, src.book))
      return NotCarried("a said sentence of \"" + chapter.title + "\" is not in the source");
  }
  if (placed.empty() || src.book.found < src.book.merged)
    return NotCarried("most sentences are not in the source as narrate read them");
  WrapDocuments(src, placed, src.book.folder + css_name);
  for (std::size_t c = 0; c < book.chapters.size(); ++c) {
    const std::size_t end = c + 1 < chapter_first.size() ? chapter_first[c + 1] : placed.size();
    src.book.chapter_starts.push_back(chapter_first[c] < end
                                          ? src.documents[placed[chapter_first[c]].doc]->entry +
                                                "#" + placed[chapter_first[c]].par.id
                                          : "");
  }
  return std::move(src.book);
}

}  // namespace narrate::package::internal
