#include "source/epub_metadata.h"

#include <map>
#include <string_view>

#include "source/html.h"
#include "source/internal.h"

namespace narrate::source::internal {
namespace {

// Attribute by local name ("opf:event" or "event").
std::string Attribute(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (LocalName(a.name()) == local) return a.value();
  }
  return "";
}

// The metadata's elements, also inside OEB 1.2's dc-metadata and x-metadata.
std::vector<pugi::xml_node> Elements(pugi::xml_node metadata) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node n : metadata.children()) {
    if (n.type() != pugi::node_element) continue;
    std::string_view local = LocalName(n.name());
    if (local != "dc-metadata" && local != "x-metadata") {
      out.push_back(n);
      continue;
    }
    for (pugi::xml_node c : n.children())
      if (c.type() == pugi::node_element) out.push_back(c);
  }
  return out;
}

// "<p><i>Emma</i> is a novel &amp; more</p>" → "Emma is a novel & more";
// plain text only has its space collapsed. Paragraphs are kept apart by a blank line.
std::string DescriptionText(const std::string& text) {
  if (text.find('<') == std::string::npos && text.find('&') == std::string::npos)
    return CollapseSpace(text);
  HtmlDocument doc = ParseHtml("<html><body>" + text + "</body></html>", HtmlOptions{false, true});
  std::string out;
  for (const TextBlock& block : doc.blocks) {
    if (block.text.empty()) continue;
    out += (out.empty() ? "" : "\n\n") + block.text;
  }
  return out.empty() ? CollapseSpace(text) : out;
}

// "2014-05-25T00:00:00Z" → "2014", "1813" → "1813", "May 1813" → "" (not ISO 8601),
// "0101-01-01T00:00:00+00:00" → "" (calibre's "no date"; years before 1000 alike).
std::string YearOf(const std::string& date) {
  if (date.size() < 4 || date[0] == '0') return "";
  for (int i = 0; i < 4; ++i)
    if (!IsAsciiDigit(date[i])) return "";
  if (date.size() > 4 && date[4] != '-') return "";
  return date.substr(0, 4);
}

// "2.0" → "2", "1.50" → "1.5", "3" → "3"; not a number → "".
std::string SeriesPart(std::string index) {
  index = Trim(index, " \t\r\n");
  if (index.empty() || index.find_first_not_of("0123456789.") != std::string::npos) return "";
  if (index.find('.') == std::string::npos) return index;
  while (index.ends_with('0')) index.pop_back();
  if (index.ends_with('.')) index.pop_back();
  return index.empty() ? "0" : index;
}

// EPUB 2 dc:date: the publication date wins; a modification date never counts.
// "opf:event" absent → a candidate, unless a publication date comes.
void TakeDate(pugi::xml_node n, std::string& year, bool& from_publication) {
  const std::string event = Lower(Attribute(n, "event"));
  if (event == "modification" || from_publication) return;
  std::string candidate = YearOf(CollapseSpace(n.child_value()));
  if (candidate.empty()) return;
  if (event == "publication" || year.empty()) year = candidate;
  from_publication = event == "publication";
}

using Refinements = std::map<std::string, std::map<std::string, std::string>>;  // #id → property

struct Collection {
  std::string id, name;
};

// belongs-to-collection of type "series", else an untyped one: (name, position).
void TakeCollection(const std::vector<Collection>& collections, const Refinements& refines,
                    BookMetadata& out) {
  for (const char* wanted : {"series", ""}) {
    for (const Collection& c : collections) {
      auto it = refines.find(c.id);
      const auto* props = it == refines.end() ? nullptr : &it->second;
      auto get = [&](const char* p) {
        if (!props || !props->contains(p)) return std::string();
        return props->at(p);
      };
      if (Lower(get("collection-type")) != wanted || c.name.empty()) continue;
      out.series = c.name;
      out.series_part = SeriesPart(get("group-position"));
      return;
    }
  }
}

}  // namespace

BookMetadata ReadOpfMetadata(pugi::xml_node metadata) {
  BookMetadata out;
  Refinements refines;
  std::vector<Collection> collections;
  std::string calibre_series, calibre_index;
  bool dated_publication = false;
  for (pugi::xml_node n : Elements(metadata)) {
    std::string_view local = LocalName(n.name());
    std::string text = CollapseSpace(n.child_value());
    if (local == "description" && out.description.empty())
      out.description = DescriptionText(n.child_value());
    if (local == "date") TakeDate(n, out.year, dated_publication);
    if (local == "publisher" && out.publisher.empty()) out.publisher = text;
    if (local == "subject" && !text.empty()) out.subjects.push_back(text);
    if (local != "meta") continue;
    const std::string property = Attribute(n, "property"), name = Attribute(n, "name");
    if (property == "belongs-to-collection") collections.push_back({Attribute(n, "id"), text});
    std::string refined = Attribute(n, "refines");
    if (!property.empty() && refined.starts_with('#'))
      refines[refined.substr(1)].emplace(property, text);
    if (name == "calibre:series") calibre_series = CollapseSpace(Attribute(n, "content"));
    if (name == "calibre:series_index") calibre_index = Attribute(n, "content");
  }
  TakeCollection(collections, refines, out);
  if (out.series.empty() && !calibre_series.empty()) {
    out.series = calibre_series;
    out.series_part = SeriesPart(calibre_index);
  }
  return out;
}

}  // namespace narrate::source::internal
