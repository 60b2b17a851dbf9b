#include "cli/reading.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace narrate::cli {
namespace {

Result<int> Number(std::string_view s, std::string_view spec) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < 1) {
    return Status::Error("--chapters \"" + std::string(spec) + "\": expected numbers from 1 like 3-7,12");
  }
  return value;
}

}  // namespace

Result<std::vector<int>> ParseChapterList(std::string_view spec) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t comma = std::min(spec.find(',', start), spec.size());
    std::string_view item = spec.substr(start, comma - start);
    std::size_t dash = item.find('-');
    auto first = Number(item.substr(0, dash), spec);
    if (!first.ok()) return first.status();
    auto last = dash == std::string_view::npos ? first : Number(item.substr(dash + 1), spec);
    if (!last.ok()) return last.status();
    if (*last < *first) return Status::Error("--chapters \"" + std::string(spec) + "\": range goes backwards");
    if (*last - *first > 100000) return Status::Error("--chapters \"" + std::string(spec) + "\": range too large");
    for (int n = *first; n <= *last; ++n) out.push_back(n);
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string VoiceForLanguage(std::string_view language, const std::vector<std::string>& voice_names) {
  std::string tag;
  for (char c : language) tag += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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

}  // namespace narrate::cli
