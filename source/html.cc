// HTML/XHTML → text blocks, walking libxml2's HTML tree. libxml2's HTML
// parser is used for XHTML too: EPUB content documents often use HTML named
// entities (&nbsp;) that an XML parser rejects, and .html files are often not
// well-formed. Namespaced attributes (epub:type, ssml:ph) keep their literal
// names in that parser, so they are matched by name.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstring>
#include <regex>
#include <set>

#include "source/html.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

const std::set<std::string, std::less<>> kBlockElements = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "html"};

// Never read: metadata, scripts, embedded media, ruby annotations.
const std::set<std::string, std::less<>> kSkippedElements = {
    "head", "script", "style", "template", "noscript", "object", "iframe", "audio", "video",
    "canvas", "button", "input", "select", "textarea", "rt", "rp", "svg", "math", "map", "embed"};

const std::set<std::string, std::less<>> kFrontMatterTypes = {
    "cover", "titlepage", "halftitlepage", "copyright-page", "imprint", "colophon", "toc",
    "landmarks", "loi", "lot", "loa", "lov", "page-list", "index", "bibliography", "seriespage",
    "other-credits", "frontispiece", "errata", "title-page", "copyright"};

const std::set<std::string, std::less<>> kNoteTypes = {
    "footnote", "footnotes", "endnote", "endnotes", "rearnote", "rearnotes", "note", "notes"};

std::string Name(const xmlNode* node) {
  std::string name = Lower(reinterpret_cast<const char*>(node->name));
  std::size_t colon = name.find(':');  // "svg:svg" → "svg"
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

// The attribute's value, matched by its literal name ("epub:type") ignoring case.
std::string Attr(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    std::string full = reinterpret_cast<const char*>(a->name);
    if (a->ns && a->ns->prefix) full = std::string(reinterpret_cast<const char*>(a->ns->prefix)) + ":" + full;
    if (Lower(full) != name) continue;
    xmlChar* value = xmlNodeListGetString(a->doc, a->children, 1);
    std::string out = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return out;
  }
  return "";
}

std::vector<std::string> Tokens(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find_first_of(" \t\r\n", i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(Lower(s.substr(i, j - i)));
    i = j + 1;
  }
  return out;
}

// epub:type tokens without vocabulary prefix ("z3998:roman" stays), plus ARIA
// roles without "doc-" ("doc-noteref" → "noteref").
std::vector<std::string> Types(const xmlNode* node) {
  std::vector<std::string> out = Tokens(Attr(node, "epub:type"));
  for (std::string role : Tokens(Attr(node, "role"))) {
    out.push_back(role.starts_with("doc-") ? role.substr(4) : role);
  }
  return out;
}

bool HasAny(const std::vector<std::string>& tokens, const std::set<std::string, std::less<>>& set) {
  return std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) { return set.contains(t); });
}

bool Has(const std::vector<std::string>& tokens, std::string_view token) {
  return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

std::string TextOf(const xmlNode* node) {
  xmlChar* s = xmlNodeGetContent(node);
  std::string out = s ? reinterpret_cast<const char*>(s) : "";
  xmlFree(s);
  return Trim(out, " \t\r\n");
}

// A short link that marks a note: "1", "[12]", "*", "†", "a".
bool LooksLikeNoteLabel(const std::string& text) {
  static const std::regex kLabel(R"(^\[?\(?([0-9]{1,4}|[a-z]|[ivxlc]{1,6}|\*{1,3}|†|‡|§|¶)\)?\]?$)",
                                 std::regex::icase);
  return !text.empty() && text.size() <= 12 && std::regex_match(text, kLabel);
}

bool InsideSup(const xmlNode* node) {
  for (const xmlNode* p = node->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
    std::string n = Name(p);
    if (n == "sup") return true;
    if (kBlockElements.contains(n)) return false;
  }
  return false;
}

bool IsNoteRef(const xmlNode* node, const std::vector<std::string>& types, const std::vector<std::string>& classes) {
  if (Has(types, "noteref")) return true;
  if (Name(node) != "a") return false;
  std::string href = Attr(node, "href");
  if (href.find('#') == std::string::npos) return false;
  bool marked = std::any_of(classes.begin(), classes.end(), [](const std::string& c) {
    return c.find("footnote") != std::string::npos || c.find("noteref") != std::string::npos ||
           c == "fn" || c == "fnref" || c.find("endnote") != std::string::npos;
  });
  std::string text = TextOf(node);
  return LooksLikeNoteLabel(text) && (marked || InsideSup(node) || text.front() == '[');
}

bool IsNoteBody(const std::string& name, const std::vector<std::string>& types,
                const std::vector<std::string>& classes) {
  if (name == "aside" || HasAny(types, kNoteTypes)) return true;
  return std::any_of(classes.begin(), classes.end(), [](const std::string& c) {
    return c == "footnote" || c == "footnotes" || c == "endnote" || c == "endnotes" || c == "fnote";
  });
}

bool IsInternalLink(const std::string& href) {
  return !href.empty() && href.find("://") == std::string::npos && !href.starts_with("mailto:");
}

bool IsNoteArea(const std::vector<std::string>& types, const std::vector<std::string>& classes) {
  for (const char* area : {"footnotes", "endnotes", "rearnotes", "notes"}) {
    if (Has(types, area) || Has(classes, area)) return true;
  }
  return false;
}

bool IsPageBreak(const std::vector<std::string>& types, const std::vector<std::string>& classes) {
  if (Has(types, "pagebreak")) return true;
  return std::any_of(classes.begin(), classes.end(), [](const std::string& c) {
    return c == "pagenum" || c == "pageno" || c == "page-number" || c == "pagebreak" || c == "page-break";
  });
}

bool IsBoilerplate(const std::string& id, const std::vector<std::string>& classes) {
  return id == "pg-header" || id == "pg-footer" || id == "pg-machine-header" || id == "pg-start-separator" ||
         id == "pg-end-separator" || Has(classes, "pg-boilerplate");
}

bool Hidden(const xmlNode* node) {
  if (xmlHasProp(node, BAD_CAST "hidden")) return true;
  std::string style = Attr(node, "style");
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return Lower(style).find("display:none") != std::string::npos;
}

bool IsGutenbergMarker(const std::string& text, const char* which) {
  static const std::regex kStart(R"(^\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG)", std::regex::icase);
  static const std::regex kEnd(R"(^\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG)", std::regex::icase);
  return std::regex_search(text, std::strcmp(which, "start") == 0 ? kStart : kEnd);
}

// Collects ids of a subtree that is not read, so table-of-contents targets inside it still resolve.
void CollectIds(const xmlNode* node, std::vector<std::string>& ids) {
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    std::string id = Attr(node, "id");
    if (!id.empty()) ids.push_back(id);
    CollectIds(node->children, ids);
  }
}

class Walker {
 public:
  Walker(const HtmlOptions& options, HtmlDocument& doc) : options_(options), doc_(doc) {}

  void Walk(const xmlNode* node) {
    for (; node; node = node->next) {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        Append(reinterpret_cast<const char*>(node->content));
      } else if (node->type == XML_ELEMENT_NODE) {
        Element(node);
      }
    }
  }

  void Finish() {
    Flush();
    doc_.end_anchors = std::move(anchors_);
  }

 private:
  void Element(const xmlNode* node) {
    const std::string name = Name(node);
    if (name == "head") return Head(node);
    if (kSkippedElements.contains(name) || Hidden(node)) return SkipKeepingIds(node, false);
    const std::vector<std::string> types = Types(node);
    const std::vector<std::string> classes = Tokens(Attr(node, "class"));
    const std::string id = Attr(node, "id");
    if (name == "br") return LineBreak();
    if (name == "hr" || Has(types, "z3998:scene-break") ) return SceneBreakMark();
    if (name == "img" || name == "image") return Image(node);
    if (IsPageBreak(types, classes) || Has(types, "backlink")) return SkipKeepingIds(node, false);
    if (IsNoteRef(node, types, classes)) return NoteRef(node);
    bool front = HasAny(types, kFrontMatterTypes) || IsBoilerplate(id, classes);
    if (front && !options_.front_matter) return SkipKeepingIds(node, false);
    if (name == "nav" && !options_.front_matter) return SkipKeepingIds(node, false);
    if (name == "body") doc_.types = types;
    if (name == "section" && doc_.types.size() < 8) doc_.types.insert(doc_.types.end(), types.begin(), types.end());
    if (IsNoteBody(name, types, classes)) return NoteBody(node, id, IsNoteArea(types, classes));
    if (!id.empty()) anchors_.push_back(id);
    Container(node, name);
  }

  void Head(const xmlNode* node) {
    for (const xmlNode* c = node->children; c; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && Name(c) == "title" && doc_.title.empty()) doc_.title = CollapseSpace(TextOf(c));
    }
  }

  void Container(const xmlNode* node, const std::string& name) {
    const bool heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    const bool block = kBlockElements.contains(name);
    if (heading_depth_ > 0 && block) return HeadingPart(node);
    if (name == "td" || name == "th") CellSeparator();
    if (block) Flush();
    const bool opens_heading = heading || name == "hgroup";
    if (opens_heading) {
      heading_level_ = heading ? name[1] - '0' : 0;
      ++heading_depth_;
    }
    std::size_t span_start = text_.size() + (pending_space_ && !text_.empty() ? 1 : 0);
    std::string ph = Attr(node, "ssml:ph");
    const bool link = name == "a" && IsInternalLink(Attr(node, "href"));
    link_depth_ += link;
    Walk(node->children);
    link_depth_ -= link;
    if (!ph.empty()) AddPronunciation(span_start, ph, Attr(node, "ssml:alphabet"), node);
    if (block) Flush();
    if (opens_heading) --heading_depth_;
  }

  // A block inside a heading group ("I" then "The Title" in an <hgroup>) joins the heading.
  void HeadingPart(const xmlNode* node) {
    const std::string name = Name(node);
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      int level = name[1] - '0';
      if (heading_level_ == 0 || level < heading_level_) heading_level_ = level;
    }
    if (!text_.empty() && !std::strchr(".:!?", text_.back())) text_ += '.';
    pending_space_ = true;
    Walk(node->children);
  }

  void AddPronunciation(std::size_t start, const std::string& ph, std::string alphabet, const xmlNode* node) {
    while (start < text_.size() && text_[start] == ' ') ++start;
    if (start >= text_.size()) return;
    if (alphabet.empty()) {  // inherited from an ancestor, else IPA (the EPUB 3 default)
      for (const xmlNode* p = node->parent; p && p->type == XML_ELEMENT_NODE && alphabet.empty(); p = p->parent) {
        alphabet = Attr(p, "ssml:alphabet");
      }
    }
    alphabet = Lower(alphabet.empty() ? "ipa" : alphabet);
    if (alphabet == "espeak") alphabet = "x-espeak";
    // An override inside another keeps the outer one only.
    std::erase_if(spans_, [&](const Pronunciation& p) { return p.offset >= start; });
    spans_.push_back(Pronunciation{start, text_.size() - start, Trim(ph, " \t\r\n"), alphabet});
  }

  void Append(const char* s) {
    for (std::size_t i = 0; s[i]; ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pending_space_ = true;
        continue;
      }
      if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xA0) {  // no-break space
        pending_space_ = true, ++i;
        continue;
      }
      if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xAD) { ++i; continue; }  // soft hyphen
      if (c == 0xE2 && (!std::strncmp(s + i + 1, "\x80\x8B", 2) || !std::strncmp(s + i + 1, "\x81\xA0", 2))) {
        i += 2;  // zero-width space, word joiner
        continue;
      }
      if (c == 0xEF && !std::strncmp(s + i + 1, "\xBB\xBF", 2)) { i += 2; continue; }  // BOM / zero-width no-break space
      if (pending_space_ && !text_.empty() && text_.back() != ' ') text_ += ' ';
      pending_space_ = false;
      line_breaks_ = 0;
      text_ += static_cast<char>(c);
      if (link_depth_ > 0) ++linked_bytes_;
    }
  }

  // One <br/> is a line end inside the paragraph; two in a row end the paragraph.
  void LineBreak() {
    pending_space_ = true;
    if (++line_breaks_ >= 2) Flush();
  }

  void CellSeparator() {
    if (!text_.empty() && !std::strchr(",;:.", text_.back())) text_ += ',';
    pending_space_ = true;
  }

  void SceneBreakMark() {
    Flush();
    scene_break_ = true;
  }

  void Image(const xmlNode* node) {
    std::string id = Attr(node, "id");
    if (!id.empty()) anchors_.push_back(id);
    if (!options_.alt_text) return;
    std::string alt = Trim(Attr(node, "alt"), " \t\r\n");
    if (alt.empty()) return;
    pending_space_ = true;
    Append(alt.c_str());
    pending_space_ = true;
  }

  void NoteRef(const xmlNode* node) {
    SkipKeepingIds(node, false);
    std::string href = Attr(node, "href");
    if (href.empty()) {
      for (const xmlNode* c = node->children; c && href.empty(); c = c->next) {
        if (c->type == XML_ELEMENT_NODE) href = Attr(c, "href");
      }
    }
    if (!href.empty()) noterefs_.push_back(href);
  }

  // Note bodies are read apart from the text: collected into doc.notes.
  // An area (a list of endnotes) holds notes: its own text, such as a "Notes" heading, is dropped.
  void NoteBody(const xmlNode* node, const std::string& id, bool area) {
    Flush();
    std::vector<TextBlock> saved_blocks = std::move(doc_.blocks);
    doc_.blocks.clear();
    std::vector<std::string> outer_anchors = std::move(anchors_);
    anchors_.clear();
    const std::size_t notes_before = doc_.notes.size();
    bool scene_break = scene_break_;
    Walk(node->children);
    Flush();
    Note note;
    if (!id.empty()) note.ids.push_back(id);
    for (TextBlock& b : doc_.blocks) {
      note.ids.insert(note.ids.end(), b.anchors.begin(), b.anchors.end());
      note.blocks.push_back(std::move(b));
    }
    note.ids.insert(note.ids.end(), anchors_.begin(), anchors_.end());
    doc_.blocks = std::move(saved_blocks);
    anchors_ = std::move(outer_anchors);
    scene_break_ = scene_break;
    if (!note.blocks.empty() && !area) doc_.notes.insert(doc_.notes.begin() + notes_before, std::move(note));
  }

  void SkipKeepingIds(const xmlNode* node, bool head) {
    if (head) return;
    std::string id = Attr(node, "id");
    if (!id.empty()) anchors_.push_back(id);
    CollectIds(node->children, anchors_);
  }

  void Flush() {
    line_breaks_ = 0;
    pending_space_ = false;
    while (!text_.empty() && text_.back() == ' ') text_.pop_back();
    std::string text = std::move(text_);
    text_.clear();
    std::vector<Pronunciation> spans = std::move(spans_);
    spans_.clear();
    const bool all_links = linked_bytes_ > 0 && linked_bytes_ + std::count(text.begin(), text.end(), ' ') == text.size();
    linked_bytes_ = 0;
    if (text.empty()) return;
    // A paragraph of nothing but links into the book is a table of contents line.
    if (all_links && heading_depth_ == 0 && !options_.front_matter) {
      noterefs_.clear();
      return;
    }
    if (text.size() <= 16 && IsSceneBreak(Block{{text}, 0})) {
      scene_break_ = true;
      return;
    }
    for (Pronunciation& p : spans) p.length = std::min(p.length, text.size() - std::min(p.offset, text.size()));
    std::erase_if(spans, [](const Pronunciation& p) { return p.length == 0; });
    TextBlock block;
    block.kind = heading_depth_ > 0 ? TextBlock::Kind::kHeading : TextBlock::Kind::kParagraph;
    block.heading_level = heading_depth_ > 0 ? std::max(1, heading_level_) : 0;
    block.text = std::move(text);
    block.pronunciations = std::move(spans);
    block.after_scene_break = scene_break_;
    block.anchors = std::move(anchors_);
    anchors_.clear();
    block.noterefs = std::move(noterefs_);
    noterefs_.clear();
    scene_break_ = false;
    doc_.blocks.push_back(std::move(block));
  }

  const HtmlOptions& options_;
  HtmlDocument& doc_;
  std::string text_;
  std::vector<Pronunciation> spans_;
  std::vector<std::string> anchors_;
  std::vector<std::string> noterefs_;
  bool pending_space_ = false;
  bool scene_break_ = false;
  int line_breaks_ = 0;
  int heading_depth_ = 0;
  int heading_level_ = 0;
  int link_depth_ = 0;
  std::size_t linked_bytes_ = 0;  // bytes of the open block inside links into the book
};

// Gutenberg's header ends at "*** START OF ..."; its licence starts at "*** END OF ...".
void DropGutenbergBoilerplate(HtmlDocument& doc) {
  auto& blocks = doc.blocks;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (IsGutenbergMarker(blocks[i].text, "start")) {
      blocks.erase(blocks.begin(), blocks.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      i = static_cast<std::size_t>(-1);
    } else if (IsGutenbergMarker(blocks[i].text, "end")) {
      blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i), blocks.end());
      doc.gutenberg_end = true;
      return;
    }
  }
}

// The encoding to tell libxml2: UTF-8 for valid UTF-8 (a document converted
// to UTF-8 may still declare what it was), else none when the document
// declares one, else UTF-8.
const char* Encoding(std::string_view bytes) {
  if (IsUtf8Text(bytes)) return "UTF-8";
  std::string head = Lower(std::string(bytes.substr(0, 1024)));
  if (head.find("charset") != std::string::npos || head.find("encoding=") != std::string::npos) return nullptr;
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    return nullptr;
  }
  return "UTF-8";
}

// Entries of an <ol> in a nav: each <li> holds an <a> (or <span> heading) and maybe a nested <ol>.
void NavList(const xmlNode* ol, int depth, std::vector<TocEntry>& out) {
  for (const xmlNode* li = ol->children; li; li = li->next) {
    if (li->type != XML_ELEMENT_NODE || Name(li) != "li") continue;
    bool linked = false;  // a heading without a link (<span>) does not deepen its children
    for (const xmlNode* c = li->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string n = Name(c);
      if (n == "a" && !Attr(c, "href").empty()) {
        out.push_back(TocEntry{Attr(c, "href"), CollapseSpace(TextOf(c)), depth});
        linked = true;
      }
      if (n == "ol" || n == "ul") NavList(c, linked ? depth + 1 : depth, out);
    }
  }
}

const xmlNode* FindList(const xmlNode* node) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string n = Name(c);
    if (n == "ol" || n == "ul") return c;
    if (const xmlNode* deeper = FindList(c)) return deeper;
  }
  return nullptr;
}

void FindNavs(const xmlNode* node, std::vector<const xmlNode*>& navs) {
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    if (Name(node) == "nav") navs.push_back(node);
    else FindNavs(node->children, navs);
  }
}

}  // namespace

bool IsFrontMatterType(std::string_view type) { return kFrontMatterTypes.contains(type); }

bool IsFrontMatterTitle(std::string title) {
  title = Lower(title);
  while (!title.empty() && std::strchr(".: ", title.back())) title.pop_back();
  static const std::set<std::string, std::less<>> kTitles = {
      "cover", "title page", "titlepage", "title", "contents", "table of contents", "toc", "copyright",
      "copyright page", "imprint", "colophon", "uncopyright", "index", "landmarks", "list of illustrations",
      "illustrations", "list of figures", "list of tables"};
  return kTitles.contains(title);
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

HtmlDocument ParseHtml(std::string_view bytes, const HtmlOptions& options) {
  HtmlDocument doc;
  const int flags = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
  htmlDocPtr tree = htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, Encoding(bytes), flags);
  if (!tree) return doc;
  xmlNode* root = xmlDocGetRootElement(tree);
  if (root) {
    doc.language = Attr(root, "xml:lang");
    if (doc.language.empty()) doc.language = Attr(root, "lang");
    Walker walker(options, doc);
    walker.Walk(root);
    walker.Finish();
  }
  xmlFreeDoc(tree);
  if (!options.front_matter) DropGutenbergBoilerplate(doc);
  return doc;
}

}  // namespace narrate::source::internal

namespace narrate::source::internal {

std::string CollapseSpace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

NavDocument ParseNav(std::string_view bytes) {
  NavDocument nav;
  const int flags = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
  htmlDocPtr tree = htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, Encoding(bytes), flags);
  if (!tree) return nav;
  std::vector<const xmlNode*> navs;
  FindNavs(xmlDocGetRootElement(tree), navs);
  const xmlNode* toc = nullptr;
  for (const xmlNode* n : navs) {
    std::vector<std::string> types = Types(n);
    if (Has(types, "toc") && !toc) toc = n;
    const xmlNode* list = FindList(n);
    if (!Has(types, "landmarks") || !list) continue;
    for (const xmlNode* li = list->children; li; li = li->next) {
      if (li->type != XML_ELEMENT_NODE) continue;
      for (const xmlNode* a = li->children; a; a = a->next) {
        if (a->type != XML_ELEMENT_NODE || Name(a) != "a") continue;
        for (const std::string& t : Types(a)) nav.landmarks.push_back(Landmark{t, Attr(a, "href")});
      }
    }
  }
  if (!toc && !navs.empty()) toc = navs.front();
  if (toc) {
    if (const xmlNode* list = FindList(toc)) NavList(list, 1, nav.toc);
  }
  xmlFreeDoc(tree);
  return nav;
}

}  // namespace narrate::source::internal
