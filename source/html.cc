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
#include <utility>

#include "source/gutenberg.h"
#include "source/html.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

constexpr std::size_t kMaxVerseLineBytes = 80;   // a longer line is prose set with <br/>
constexpr std::size_t kMinVerseLines = 3;        // fewer <br/>-set lines are prose too
constexpr std::size_t kMaxHeaderLines = 400;     // Gutenberg's header is short
constexpr std::size_t kMaxCreditBlocks = 3;      // "Produced by …" blocks after the start marker
constexpr std::size_t kMaxSceneBreakBytes = 16;  // "* * *", "§"

const std::set<std::string, std::less<>> kBlockElements = {
    "address",    "article", "aside",  "blockquote", "body",    "caption", "center",
    "dd",         "details", "dialog", "div",        "dl",      "dt",      "fieldset",
    "figcaption", "figure",  "footer", "form",       "h1",      "h2",      "h3",
    "h4",         "h5",      "h6",     "header",     "hgroup",  "li",      "main",
    "nav",        "ol",      "p",      "pre",        "section", "summary", "table",
    "tbody",      "tfoot",   "thead",  "tr",         "ul",      "html"};

// Never read: metadata, scripts, embedded media, ruby annotations.
const std::set<std::string, std::less<>> kSkippedElements = {
    "head",  "script", "style",  "template", "noscript", "object", "iframe",
    "audio", "video",  "canvas", "button",   "input",    "select", "textarea",
    "rt",    "rp",     "svg",    "math",     "map",      "embed"};

const std::set<std::string, std::less<>> kFrontMatterTypes = {
    "cover",         "titlepage",    "halftitlepage", "copyright-page",
    "imprint",       "colophon",     "toc",           "landmarks",
    "loi",           "lot",          "loa",           "lov",
    "page-list",     "index",        "bibliography",  "seriespage",
    "other-credits", "frontispiece", "errata",        "title-page",
    "copyright"};

const std::set<std::string, std::less<>> kNoteTypes = {
    "footnote", "footnotes", "endnote", "endnotes", "rearnote", "rearnotes", "note", "notes"};

const std::set<std::string, std::less<>> kVerseTypes = {"z3998:poem", "z3998:verse", "z3998:song",
                                                        "z3998:hymn", "z3998:lyrics"};

std::string Name(const xmlNode* node) {
  std::string name = Lower(reinterpret_cast<const char*>(node->name));
  std::size_t colon = name.find(':');  // "svg:svg" → "svg"
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

// 1..6 for "h1".."h6", else 0.
int HeadingLevel(const std::string& name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' ? name[1] - '0' : 0;
}

// The attribute's value, matched by its literal name ("epub:type") ignoring case.
std::string Attr(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    std::string full = reinterpret_cast<const char*>(a->name);
    if (a->ns && a->ns->prefix)
      full = std::string(reinterpret_cast<const char*>(a->ns->prefix)) + ":" + full;
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
  return std::any_of(tokens.begin(), tokens.end(),
                     [&](const std::string& t) { return set.contains(t); });
}

bool Has(const std::vector<std::string>& tokens, std::string_view token) {
  return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

// A token holding any of the words: {"figcenter"} holds "fig".
bool HasPart(const std::vector<std::string>& tokens,
             std::initializer_list<std::string_view> words) {
  return std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return t.find(w) != std::string::npos; });
  });
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

bool IsNoteRef(const xmlNode* node, const std::vector<std::string>& types,
               const std::vector<std::string>& classes) {
  if (Has(types, "noteref")) return true;
  if (Name(node) != "a") return false;
  std::string href = Attr(node, "href");
  if (href.find('#') == std::string::npos) return false;
  bool marked = std::any_of(classes.begin(), classes.end(), [](const std::string& c) {
    return c.find("footnote") != std::string::npos || c.find("noteref") != std::string::npos ||
           c == "fn" || c == "fnref" || c == "fnanchor" || c.find("endnote") != std::string::npos;
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

// Page and line numbers printed in the text: <span class="pagenum">[Pg 12]</span>,
// epub:type="pagebreak", <span class="linenum">20</span> beside a poem.
bool IsPageBreak(const std::vector<std::string>& types, const std::vector<std::string>& classes) {
  if (Has(types, "pagebreak")) return true;
  return std::any_of(classes.begin(), classes.end(), [](const std::string& c) {
    return c == "pagenum" || c == "pageno" || c == "page-number" || c == "pagenumber" ||
           c == "pgnum" || c == "page-num" || c == "pagebreak" || c == "page-break" ||
           c == "linenum" || c == "lineno" || c == "line-number";
  });
}

// Gutenberg's wrapping, and transcribers' notes (<div class="transnote">).
bool IsBoilerplate(const std::string& id, const std::vector<std::string>& classes) {
  return id == "pg-header" || id == "pg-footer" || id == "pg-machine-header" ||
         id == "pg-start-separator" || id == "pg-end-separator" || Has(classes, "pg-boilerplate") ||
         HasPart(classes, {"transnote", "transcriber"}) || Has(classes, "tnote") ||
         Has(classes, "trnote");
}

// Poems and songs: their line breaks are kept.
bool IsVerse(const std::vector<std::string>& types, const std::vector<std::string>& classes) {
  return HasAny(types, kVerseTypes) || HasPart(classes, {"poem", "stanza", "verse"}) ||
         Has(classes, "poetry");
}

// An illustration's caption: <figcaption>, class="caption".
bool IsCaption(const std::string& name, const std::vector<std::string>& classes) {
  return name == "figcaption" || HasPart(classes, {"caption"});
}

bool Hidden(const xmlNode* node) {
  if (xmlHasProp(node, BAD_CAST "hidden")) return true;
  std::string style = Attr(node, "style");
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return Lower(style).find("display:none") != std::string::npos;
}

// A subtree holding a block element or a <br/>: a stanza rather than one line of verse.
bool HasBlockOrBreak(const xmlNode* node) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string n = Name(c);
    if (n == "br" || kBlockElements.contains(n) || HasBlockOrBreak(c)) return true;
  }
  return false;
}

// A drop capital set as a picture: alt="N" before "OT all that", alt="“I" before "hope".
bool IsDropCap(const std::string& alt) {
  std::string_view letter(alt);
  for (std::string_view quote : {"“", "‘", "\"", "'"}) {
    if (letter.starts_with(quote)) letter.remove_prefix(quote.size());
  }
  return letter.size() == 1 && std::isalpha(static_cast<unsigned char>(letter[0]));
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

// Spans cut to a text of `size` bytes; those left empty dropped.
template <typename T>
std::vector<T> Clipped(std::vector<T> spans, std::size_t size) {
  for (T& p : spans) p.length = std::min(p.length, size - std::min(p.offset, size));
  std::erase_if(spans, [](const T& p) { return p.length == 0; });
  return spans;
}

// Lines of a document's text up to Project Gutenberg's start marker, as a
// plain-text reader would see them: <pre> keeps its lines and indentation,
// block elements and <br/> end lines.
class HeaderLines {
 public:
  // The lines before "*** START OF …"; empty when the document has no such line.
  static std::vector<std::string> Of(const xmlNode* root) {
    HeaderLines h;
    h.Walk(root);
    h.EndLine();
    return h.found_ ? std::move(h.lines_) : std::vector<std::string>{};
  }

 private:
  void Walk(const xmlNode* node) {
    for (; node && !Done(); node = node->next) {
      if (node->type == XML_TEXT_NODE) Text(reinterpret_cast<const char*>(node->content));
      if (node->type != XML_ELEMENT_NODE) continue;
      const std::string name = Name(node);
      if (kSkippedElements.contains(name)) continue;
      const bool breaks = name == "br" || kBlockElements.contains(name);
      if (breaks) EndLine();
      pre_ += name == "pre";
      Walk(node->children);
      pre_ -= name == "pre";
      if (breaks) EndLine();
    }
  }

  bool Done() const { return found_ || lines_.size() > kMaxHeaderLines; }

  void Text(const char* s) {
    for (; *s && !Done(); ++s) {
      if (*s == '\n' && pre_ > 0)
        EndLine();
      else if (*s != '\r')
        line_ += *s == '\n' ? ' ' : *s;
    }
  }

  void EndLine() {
    std::string line = pre_ > 0 ? Trim(line_, "\r\n") : CollapseSpace(line_);
    line_.clear();
    if (Done()) return;
    if (IsGutenbergStart(line))
      found_ = true;
    else
      lines_.push_back(std::move(line));
  }

  std::vector<std::string> lines_;
  std::string line_;
  int pre_ = 0;
  bool found_ = false;
};

class Walker {
 public:
  Walker(const HtmlOptions& options, HtmlDocument& doc) : options_(options), doc_(doc) {}

  void Walk(const xmlNode* node) {
    for (; node; node = node->next) {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        const char* text = reinterpret_cast<const char*>(node->content);
        pre_depth_ > 0 ? AppendPre(text) : Append(text);
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
    if (kSkippedElements.contains(name) || Hidden(node)) return SkipKeepingIds(node);
    const std::vector<std::string> types = Types(node);
    const std::vector<std::string> classes = Tokens(Attr(node, "class"));
    const std::string id = Attr(node, "id");
    if (name == "br") return LineBreak();
    if (name == "hr" || Has(types, "z3998:scene-break")) return SceneBreakMark();
    if (name == "img" || name == "image") return Image(node);
    if (IsPageBreak(types, classes) || Has(types, "backlink")) return SkipKeepingIds(node);
    if (IsNoteRef(node, types, classes)) return NoteRef(node);
    if (IsCaption(name, classes) && (!options_.alt_text || heading_depth_ > 0))
      return SkipKeepingIds(node);
    bool front = HasAny(types, kFrontMatterTypes) || IsBoilerplate(id, classes);
    if (front && !options_.front_matter) return SkipKeepingIds(node);
    if (name == "nav" && !options_.front_matter) return SkipKeepingIds(node);
    if (name == "body") doc_.types = types;
    if (name == "section" && doc_.types.size() < 8)
      doc_.types.insert(doc_.types.end(), types.begin(), types.end());
    if (IsNoteBody(name, types, classes)) return NoteBody(node, id, IsNoteArea(types, classes));
    // In a list of notes, each item with an id is a note: <li id="note-1">.
    if (area_depth_ > 0 && note_depth_ == 0 && !id.empty() &&
        (name == "li" || name == "p" || name == "div")) {
      return NoteBody(node, id, false);
    }
    if (!id.empty()) anchors_.push_back(id);
    Container(node, name, IsVerse(types, classes), Has(types, "z3998:roman"));
  }

  void Head(const xmlNode* node) {
    for (const xmlNode* c = node->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      const std::string name = Name(c);
      if (name == "title" && doc_.meta.title.empty()) doc_.meta.title = CollapseSpace(TextOf(c));
      if (name == "meta") Meta(c);
    }
  }

  // <meta name="dc.title" content="…">, dc.creator, dc.language.
  void Meta(const xmlNode* node) {
    const std::string name = Lower(Attr(node, "name"));
    const std::string content = CollapseSpace(Attr(node, "content"));
    if (content.empty()) return;
    HtmlMeta& meta = doc_.meta;
    if (name == "dc.title" && meta.dc_title.empty()) meta.dc_title = content;
    if (name == "dc.language" && meta.dc_language.empty()) meta.dc_language = content;
    if (name == "dc.creator") meta.dc_creators.push_back(content);
  }

  void Container(const xmlNode* node, const std::string& name, bool verse, bool roman) {
    const int level = HeadingLevel(name);
    const bool block = kBlockElements.contains(name);
    if (heading_depth_ > 0 && block) return HeadingPart(node, level);
    // A line of a poem set as its own element: <div class="verse">Line</div>.
    if (verse_depth_ > 0 && block && level == 0 && !HasBlockOrBreak(node)) return VerseLine(node);
    if (name == "td" || name == "th") CellSeparator();
    if (block) Flush();
    const bool opens_heading = level > 0 || name == "hgroup";
    if (opens_heading) {
      heading_level_ = level;
      ++heading_depth_;
    }
    if (name == "pre") current_pre_ = ++pre_count_;
    pre_depth_ += name == "pre";
    verse_depth_ += verse || name == "pre";
    const std::size_t span_start = text_.size();
    const std::string ph = Attr(node, "ssml:ph");
    const bool link = name == "a" && IsInternalLink(Attr(node, "href"));
    if (link) links_.push_back(Attr(node, "href"));
    link_depth_ += link;
    Walk(node->children);
    link_depth_ -= link;
    if (!ph.empty()) AddPronunciation(span_start, ph, Attr(node, "ssml:alphabet"), node);
    if (roman) AddNumeral(span_start);
    if (block) Flush();
    verse_depth_ -= verse || name == "pre";
    pre_depth_ -= name == "pre";
    if (name == "pre") current_pre_ = 0;
    if (opens_heading) --heading_depth_;
  }

  // A block inside a heading ("I" then "The Title" in an <hgroup>) is the heading's next part.
  void HeadingPart(const xmlNode* node, int level) {
    if (level > 0 && (heading_level_ == 0 || level < heading_level_)) heading_level_ = level;
    pending_break_ = !text_.empty();
    const std::size_t start = text_.size();
    Walk(node->children);
    if (Has(Types(node), "z3998:roman")) AddNumeral(start);
    pending_break_ = !text_.empty();
  }

  void VerseLine(const xmlNode* node) {
    pending_break_ = !text_.empty();
    Walk(node->children);
    pending_break_ = !text_.empty();
  }

  void AddPronunciation(std::size_t start, const std::string& ph, std::string alphabet,
                        const xmlNode* node) {
    start = SkipSeparators(start);
    if (start >= text_.size()) return;
    if (alphabet.empty()) {  // inherited from an ancestor, else IPA (the EPUB 3 default)
      for (const xmlNode* p = node->parent; p && p->type == XML_ELEMENT_NODE && alphabet.empty();
           p = p->parent) {
        alphabet = Attr(p, "ssml:alphabet");
      }
    }
    alphabet = Lower(alphabet.empty() ? "ipa" : alphabet);
    if (alphabet == "espeak") alphabet = "x-espeak";
    // An override inside another keeps the outer one only.
    std::erase_if(spans_, [&](const Pronunciation& p) { return p.offset >= start; });
    spans_.push_back(Pronunciation{start, text_.size() - start, Trim(ph, " \t\r\n"), alphabet});
  }

  void AddNumeral(std::size_t start) {
    start = SkipSeparators(start);
    if (start < text_.size()) numerals_.push_back(Span{start, text_.size() - start});
  }

  std::size_t SkipSeparators(std::size_t at) const {
    while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\n')) ++at;
    return at;
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
      if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xAD) {
        ++i;
        continue;
      }  // soft hyphen
      if (c == 0xE2 &&
          (!std::strncmp(s + i + 1, "\x80\x8B", 2) || !std::strncmp(s + i + 1, "\x81\xA0", 2))) {
        i += 2;  // zero-width space, word joiner
        continue;
      }
      if (c == 0xEF && !std::strncmp(s + i + 1, "\xBB\xBF", 2)) {
        i += 2;
        continue;
      }  // BOM / zero-width no-break space
      Separate();
      text_ += static_cast<char>(c);
      if (link_depth_ > 0) ++linked_bytes_;
    }
  }

  // The space or line break owed before the next character.
  void Separate() {
    if (text_.empty()) {
      after_image_ = image_pending_;
    } else if (pending_break_) {
      while (text_.back() == ' ') text_.pop_back();
      text_ += '\n';
    } else if (pending_space_ && text_.back() != ' ') {
      text_ += ' ';
    }
    pending_space_ = pending_break_ = image_pending_ = false;
    line_breaks_ = 0;
    line_has_text_ = true;
  }

  // Text of a <pre>: its lines are kept; a blank line ends the block (a stanza).
  void AppendPre(const char* s) {
    std::string_view rest(s);
    for (;;) {
      std::size_t nl = rest.find('\n');
      Append(std::string(rest.substr(0, nl)).c_str());
      if (nl == std::string_view::npos) return;
      rest.remove_prefix(nl + 1);
      if (line_has_text_)
        pending_break_ = true;
      else if (!text_.empty())
        Flush();
      line_has_text_ = false;
    }
  }

  // A <br/> ends a line (kept in verse, a part separator in headings); two
  // in a row end the paragraph.
  void LineBreak() {
    if (heading_depth_ == 0 && ++line_breaks_ >= 2) return Flush();
    pending_break_ = !text_.empty();
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
    std::string alt = Trim(Attr(node, "alt"), " \t\r\n");
    if (IsDropCap(alt)) return Append(alt.c_str());
    if (heading_depth_ > 0 && heading_alt_.empty()) heading_alt_ = alt;
    image_pending_ =
        heading_depth_ == 0;  // a picture in a heading is its decoration, not what it captions
    if (!options_.alt_text || alt.empty()) return;
    pending_space_ = true;
    Append(alt.c_str());
    pending_space_ = true;
  }

  void NoteRef(const xmlNode* node) {
    SkipKeepingIds(node);
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
    int& depth = area ? area_depth_ : note_depth_;
    ++depth;
    Walk(node->children);
    Flush();
    --depth;
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
    if (!note.blocks.empty() && !area)
      doc_.notes.insert(doc_.notes.begin() + notes_before, std::move(note));
  }

  void SkipKeepingIds(const xmlNode* node) {
    std::string id = Attr(node, "id");
    if (!id.empty()) anchors_.push_back(id);
    CollectIds(node->children, anchors_);
  }

  // Line breaks of prose set with <br/> ("Only a div<br/>and a line break.") become spaces;
  // those of poems and headings stay.
  void JoinProseLines(std::string& text) const {
    if (verse_depth_ > 0 || heading_depth_ > 0) return;
    std::size_t lines = 1, longest = 0, start = 0;
    for (std::size_t nl = text.find('\n');; nl = text.find('\n', start)) {
      std::size_t end = nl == std::string::npos ? text.size() : nl;
      longest = std::max(longest, end - start);
      if (nl == std::string::npos) break;
      ++lines;
      start = nl + 1;
    }
    if (lines >= kMinVerseLines && longest <= kMaxVerseLineBytes) return;
    std::replace(text.begin(), text.end(), '\n', ' ');
  }

  // Ends the open block: its text and what was gathered with it become a TextBlock.
  void Flush() {
    std::string text = TakeText();
    const std::size_t separators =
        std::count(text.begin(), text.end(), ' ') + std::count(text.begin(), text.end(), '\n');
    // A paragraph of nothing but links into the book is a table of contents line.
    const bool links_only =
        linked_bytes_ > 0 && linked_bytes_ + separators == text.size() && heading_depth_ == 0;
    linked_bytes_ = 0;
    if (!text.empty() && text.size() <= kMaxSceneBreakBytes && IsSceneBreak(Block{{text}, 0})) {
      scene_break_ = true;
      links_.clear();
      text.clear();
    }
    if (text.empty()) {
      spans_.clear();
      numerals_.clear();
      return;
    }
    JoinProseLines(text);
    doc_.blocks.push_back(NewBlock(std::move(text), links_only));
  }

  // The open block's text, trimmed; a heading that is only a picture has its alt text
  // (<h2><img alt="PREFACE."/></h2>).
  std::string TakeText() {
    line_breaks_ = 0;
    pending_space_ = pending_break_ = line_has_text_ = false;
    while (!text_.empty() && (text_.back() == ' ' || text_.back() == '\n')) text_.pop_back();
    std::string text = std::exchange(text_, {});
    if (text.empty() && heading_depth_ > 0) text = CollapseSpace(heading_alt_);
    heading_alt_.clear();
    return text;
  }

  TextBlock NewBlock(std::string text, bool links_only) {
    TextBlock block;
    block.kind = heading_depth_ > 0 ? TextBlock::Kind::kHeading : TextBlock::Kind::kParagraph;
    block.heading_level = heading_depth_ > 0 ? std::max(1, heading_level_) : 0;
    block.pronunciations = Clipped(std::exchange(spans_, {}), text.size());
    block.numerals = Clipped(std::exchange(numerals_, {}), text.size());
    block.text = std::move(text);
    block.after_scene_break = scene_break_;
    block.after_image = after_image_;
    block.links_only = links_only;
    block.pre = current_pre_;
    block.anchors = std::exchange(anchors_, {});
    block.noterefs = std::exchange(noterefs_, {});
    block.links = std::exchange(links_, {});
    scene_break_ = after_image_ = false;
    return block;
  }

  const HtmlOptions& options_;
  HtmlDocument& doc_;
  std::string text_;
  std::vector<Pronunciation> spans_;
  std::vector<Span> numerals_;
  std::vector<std::string> anchors_;
  std::vector<std::string> noterefs_;
  std::vector<std::string> links_;
  std::string heading_alt_;  // alt text of an image in the open heading
  bool pending_space_ = false;
  bool pending_break_ = false;  // a line break is owed before the next character
  bool line_has_text_ = false;  // the open line of a <pre> has text
  bool scene_break_ = false;
  bool image_pending_ = false;  // an image since the last character
  bool after_image_ = false;    // the open block started right after an image
  int line_breaks_ = 0;
  int heading_depth_ = 0;
  int heading_level_ = 0;
  int verse_depth_ = 0;
  int pre_depth_ = 0;
  int pre_count_ = 0;
  int current_pre_ = 0;
  int area_depth_ = 0;  // inside a list of notes
  int note_depth_ = 0;  // inside a note
  int link_depth_ = 0;
  std::size_t linked_bytes_ = 0;  // bytes of the open block inside links into the book
};

bool HasGutenbergStart(const TextBlock& block) {
  for (const std::string& line : SplitLines(block.text)) {
    if (IsGutenbergStart(line)) return true;
  }
  return false;
}

// Gutenberg's header ends at "*** START OF …" (the rest of a <pre> holding it
// and "Produced by …" credits after it are Gutenberg's too).
void MarkGutenbergHeader(std::vector<TextBlock>& blocks) {
  auto start = std::find_if(blocks.begin(), blocks.end(), HasGutenbergStart);
  if (start == blocks.end()) return;
  const int pre = start->pre;
  auto body = std::next(start);
  while (body != blocks.end() && pre > 0 && body->pre == pre) ++body;
  for (std::size_t n = 0; n < kMaxCreditBlocks && body != blocks.end(); ++n, ++body) {
    if (!IsGutenbergCredit(body->text)) break;
  }
  for (auto it = blocks.begin(); it != body; ++it) it->gutenberg = true;
}

// Gutenberg's licence starts at "*** END OF …" or "End of the Project Gutenberg EBook of …".
bool MarkGutenbergLicence(std::vector<TextBlock>& blocks) {
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    std::vector<std::string> lines = SplitLines(blocks[i].text);
    auto end = std::find_if(lines.begin(), lines.end(),
                            [](const std::string& l) { return IsGutenbergEnd(l); });
    if (end == lines.end()) continue;
    if (end != lines.begin()) {  // the book's last lines and the marker in one block: two blocks
      TextBlock licence = blocks[i];
      licence.text.clear();
      for (auto it = end; it != lines.end(); ++it)
        licence.text += (licence.text.empty() ? "" : "\n") + *it;
      blocks[i].text.resize(blocks[i].text.size() - licence.text.size() - 1);
      blocks[i].pronunciations =
          Clipped(std::move(blocks[i].pronunciations), blocks[i].text.size());
      blocks[i].numerals = Clipped(std::move(blocks[i].numerals), blocks[i].text.size());
      blocks.insert(blocks.begin() + static_cast<std::ptrdiff_t>(++i), std::move(licence));
    }
    for (; i < blocks.size(); ++i) blocks[i].gutenberg = true;
    return true;
  }
  return false;
}

// The encoding to tell libxml2: UTF-8 for valid UTF-8 (a document converted
// to UTF-8 may still declare what it was), else none when the document
// declares one, else UTF-8.
// <meta charset>, <?xml encoding=?> in the first KiB.
bool DeclaresEncoding(std::string_view bytes) {
  std::string head = Lower(std::string(bytes.substr(0, 1024)));
  return head.find("charset") != std::string::npos || head.find("encoding=") != std::string::npos;
}

const char* Encoding(std::string_view bytes) {
  if (IsUtf8Text(bytes)) return "UTF-8";
  if (DeclaresEncoding(bytes)) return nullptr;
  if (bytes.size() >= 2 &&
      ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    return nullptr;
  }
  return "UTF-8";
}

// The document without the internal subset of its DOCTYPE, which libxml2's
// HTML parser would take for text: "<!DOCTYPE html [ <!ENTITY a "b"> ]><p>x"
// → "<!DOCTYPE html><p>x". Its entities are then never defined, so never
// expanded ("&a;" stays as written). Quoted strings and comments inside the
// subset may hold "]" and ">".
std::string WithoutInternalSubset(std::string_view bytes) {
  // Comments may come before the DOCTYPE: look well past where it usually is.
  constexpr std::size_t kDoctypeReach = 64 << 10;
  std::string head = Lower(std::string(bytes.substr(0, kDoctypeReach)));
  std::size_t doctype = head.find("<!doctype");
  if (doctype == std::string::npos) return std::string(bytes);
  std::size_t i = doctype + 9;
  char quote = 0;
  while (i < bytes.size() && (quote || (bytes[i] != '[' && bytes[i] != '>'))) {
    if (quote ? bytes[i] == quote : (bytes[i] == '"' || bytes[i] == '\'')) quote = quote ? 0 : bytes[i];
    ++i;
  }
  if (i >= bytes.size() || bytes[i] != '[') return std::string(bytes);
  std::size_t open = i;
  for (++i, quote = 0; i < bytes.size(); ++i) {
    if (quote) {
      if (bytes[i] == quote) quote = 0;
    } else if (bytes.substr(i, 4) == "<!--") {
      std::size_t end = bytes.find("-->", i + 4);
      i = end == std::string_view::npos ? bytes.size() : end + 2;
    } else if (bytes[i] == '"' || bytes[i] == '\'') {
      quote = bytes[i];
    } else if (bytes[i] == ']') {
      break;
    }
  }
  std::size_t close = i < bytes.size() ? i + 1 : bytes.size();
  return std::string(bytes.substr(0, open)) + std::string(bytes.substr(close));
}

// The deepest element nesting of a tree, counted without recursion.
std::size_t NestingDepth(const xmlNode* root) {
  std::size_t depth = 0, deepest = 0;
  for (const xmlNode* node = root; node;) {
    if (node->type == XML_ELEMENT_NODE) deepest = std::max(deepest, depth + 1);
    if (node->children && node->type == XML_ELEMENT_NODE) {
      node = node->children;
      ++depth;
      continue;
    }
    while (node && !node->next && node != root) node = node->parent, --depth;
    if (!node || node == root) break;
    node = node->next;
  }
  return deepest;
}

// A parsed document, or why libxml2 could not read it all.
struct Parsed {
  htmlDocPtr tree = nullptr;
  std::string error;
};

// libxml2 reads the whole document (XML_PARSE_HUGE: no depth limit of 256)
// and says when it stopped early (out of memory, an internal limit);
// nesting deeper than kMaxNestingDepth is an error, so the walkers here,
// which recurse once per element level, stay within the stack.
// libxml2 reports failed encoding conversions through its generic error
// channel, which HTML_PARSE_NOERROR does not silence, so they reached the
// terminal; what matters is reported through Parsed::error.
void IgnoreLibxmlMessage(void*, const char*, ...) {}

Parsed ParseTree(std::string_view bytes) {
  xmlSetGenericErrorFunc(nullptr, IgnoreLibxmlMessage);
  Parsed parsed;
  std::string text = WithoutInternalSubset(bytes);
  if (text.size() > static_cast<std::size_t>(INT32_MAX)) {
    parsed.error = "document larger than 2 GiB (limit)";
    return parsed;
  }
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) {
    parsed.error = "out of memory";
    return parsed;
  }
  const int flags = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                    HTML_PARSE_NONET | XML_PARSE_HUGE;
  parsed.tree = htmlCtxtReadMemory(ctxt, text.data(), static_cast<int>(text.size()), nullptr,
                                   Encoding(text), flags);
  const xmlError& last = ctxt->lastError;
  if (ctxt->disableSAX || last.code == XML_ERR_NO_MEMORY || last.code == XML_ERR_INTERNAL_ERROR) {
    std::string message = last.message ? Trim(last.message, " \t\r\n") : "parser stopped";
    parsed.error = "HTML parser stopped at line " + std::to_string(last.line) + ": " + message;
  }
  htmlFreeParserCtxt(ctxt);
  const xmlNode* root = parsed.tree ? xmlDocGetRootElement(parsed.tree) : nullptr;
  if (parsed.error.empty() && root && NestingDepth(root) > kMaxNestingDepth) {
    parsed.error = "nesting deeper than " + std::to_string(kMaxNestingDepth) + " elements (limit)";
  }
  if (!parsed.error.empty() && parsed.tree) xmlFreeDoc(parsed.tree), parsed.tree = nullptr;
  return parsed;
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
    if (Name(node) == "nav")
      navs.push_back(node);
    else
      FindNavs(node->children, navs);
  }
}

}  // namespace

bool IsFrontMatterType(std::string_view type) { return kFrontMatterTypes.contains(type); }

namespace {

// Lower case, "’" as "'", no trailing ".: ": "Transcriber’s Notes:" → "transcriber's notes".
std::string TitleKey(const std::string& title) {
  std::string t = Lower(CollapseSpace(title));
  for (std::size_t at; (at = t.find("\u2019")) != std::string::npos;) t.replace(at, 3, "'");
  while (!t.empty() && std::strchr(".: ", t.back())) t.pop_back();
  return t;
}

}  // namespace

bool IsFrontMatterTitle(std::string title) {
  static const std::set<std::string, std::less<>> kTitles = {"cover",
                                                             "title page",
                                                             "titlepage",
                                                             "title",
                                                             "contents",
                                                             "table of contents",
                                                             "toc",
                                                             "copyright",
                                                             "copyright page",
                                                             "imprint",
                                                             "colophon",
                                                             "uncopyright",
                                                             "index",
                                                             "landmarks",
                                                             "list of illustrations",
                                                             "illustrations",
                                                             "list of figures",
                                                             "list of tables",
                                                             "transcriber's note",
                                                             "transcriber's notes",
                                                             "transcribers note",
                                                             "transcribers notes",
                                                             "original transcriber's notes",
                                                             "transcriber's note",
                                                             "anmerkungen zur transkription",
                                                             "note de transcription",
                                                             "notes de transcription"};
  return kTitles.contains(TitleKey(title));
}

bool IsNotesTitle(const std::string& title) {
  static const std::set<std::string, std::less<>> kTitles = {"notes", "endnotes", "end notes",
                                                             "footnotes", "foot notes"};
  return kTitles.contains(TitleKey(title));
}

bool IsListTitle(const std::string& title) {
  static const std::set<std::string, std::less<>> kTitles = {"contents",
                                                             "table of contents",
                                                             "toc",
                                                             "list of illustrations",
                                                             "illustrations",
                                                             "list of figures",
                                                             "list of tables",
                                                             "list of plates",
                                                             "plates",
                                                             "inhalt",
                                                             "inhaltsverzeichnis",
                                                             "table des matières",
                                                             "índice",
                                                             "indice"};
  return kTitles.contains(TitleKey(title));
}

int RomanNumeralValue(std::string_view text) {
  static const std::regex kRoman("^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$",
                                 std::regex::icase);
  if (text.empty() || text.size() > kMaxPatternBytes ||
      !std::regex_match(text.begin(), text.end(), kRoman)) {
    return 0;
  }
  auto value = [](char c) {
    switch (std::toupper(static_cast<unsigned char>(c))) {
      case 'I':
        return 1;
      case 'V':
        return 5;
      case 'X':
        return 10;
      case 'L':
        return 50;
      case 'C':
        return 100;
      case 'D':
        return 500;
      default:
        return 1000;
    }
  };
  int total = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int v = value(text[i]);
    total += (i + 1 < text.size() && v < value(text[i + 1])) ? -v : v;
  }
  return total;
}

std::string SpokenText(const TextBlock& block) {
  std::string out;
  std::size_t at = 0;
  for (const Span& n : block.numerals) {
    if (n.offset < at || n.offset + n.length > block.text.size()) continue;
    out += block.text.substr(at, n.offset - at);
    std::string numeral = block.text.substr(n.offset, n.length);
    int value = RomanNumeralValue(numeral);
    out += value > 0 ? std::to_string(value) : numeral;
    at = n.offset + n.length;
  }
  return out + block.text.substr(at);
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

HtmlDocument ParseHtml(std::string_view raw, const HtmlOptions& options) {
  HtmlDocument doc;
  std::string legacy;  // undeclared non-UTF-8 bytes, as UTF-8
  if (!IsUtf8Text(raw) && Encoding(raw) != nullptr) {  // neither declared nor UTF-16 with a BOM
    Result<DecodedText> decoded = DecodeText(raw, "document", true);
    if (decoded.ok() && !decoded->encoding.empty()) {
      legacy = std::move(decoded->text);
      doc.encoding = decoded->encoding;
    }
  }
  std::string_view bytes = doc.encoding.empty() ? raw : std::string_view(legacy);
  Parsed parsed = ParseTree(bytes);
  doc.error = std::move(parsed.error);
  htmlDocPtr tree = parsed.tree;
  if (!tree) return doc;
  xmlNode* root = xmlDocGetRootElement(tree);
  if (root) {
    doc.meta.language = Attr(root, "xml:lang");
    if (doc.meta.language.empty()) doc.meta.language = Attr(root, "lang");
    doc.meta.gutenberg_header = HeaderLines::Of(root);
    Walker walker(options, doc);
    walker.Walk(root);
    walker.Finish();
  }
  xmlFreeDoc(tree);
  MarkGutenbergHeader(doc.blocks);
  const bool licence = MarkGutenbergLicence(doc.blocks);
  if (!options.front_matter) {
    std::erase_if(doc.blocks, [](const TextBlock& b) { return b.gutenberg; });
    doc.gutenberg_end = licence;
  }
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
  htmlDocPtr tree = ParseTree(bytes).tree;
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
