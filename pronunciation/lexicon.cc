// Lexicon: loading, merging and checking.
#include "pronunciation/lexicon.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "pronunciation/internal.h"
#include "pronunciation/text_util.h"

namespace narrate::pronunciation {
namespace internal {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string MapKey(const Entry& e) {
  return (e.case_sensitive ? "1" : "0") + ToUtf8(GraphemeKey(e.grapheme, e.case_sensitive));
}

bool SamePronunciation(const Entry& a, const Entry& b) {
  return a.espeak == b.espeak && a.respelling == b.respelling;
}

void SortByLine(std::vector<Problem>& problems) {
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
}

Status FirstProblem(std::vector<Problem> problems) {
  SortByLine(problems);
  Problem first = problems.front();
  if (problems.size() > 1) {
    const std::string more = std::to_string(problems.size() - 1);
    first.message += " (and " + more + " more; see narrate lexicon check)";
  }
  return first.ToStatus();
}

}  // namespace

std::string SizeLimitMessage() {
  return "larger than " + std::to_string(kMaxLexiconBytes >> 20) + " MiB (limit)";
}
std::string EntryLimitMessage() {
  return "more than " + std::to_string(kMaxLexiconEntries) + " entries (limit)";
}
std::string LineLimitMessage() {
  return "line longer than " + std::to_string(kMaxLexiconLineBytes) + " bytes (limit)";
}

Result<std::string> ReadFile(const std::string& path) {
  namespace fs = std::filesystem;
  auto fail = [&](StatusCode code, std::string detail) {
    return Status::InFile(code, path, 0, std::move(detail));
  };
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return fail(StatusCode::kIo, "is a directory, not a lexicon file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const bool missing = !fs::exists(path, ec);  // a dangling symlink too
    return fail(missing ? StatusCode::kNotFound : StatusCode::kIo, "cannot read file");
  }
  // Read at most one byte past the limit (a FIFO or a growing file has no size to trust).
  std::string content;
  char buffer[1 << 16];
  while (content.size() <= kMaxLexiconBytes && in.read(buffer, sizeof buffer).gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return fail(StatusCode::kIo, "read error");
  if (content.size() > kMaxLexiconBytes) return fail(StatusCode::kInvalidInput, SizeLimitMessage());
  return content;
}

Parsed ParseAny(std::string_view content, const std::string& name) {
  std::string_view start = content;
  if (start.substr(0, 3) == "\xEF\xBB\xBF") start.remove_prefix(3);
  while (!start.empty() && std::isspace(static_cast<unsigned char>(start.front()))) start.remove_prefix(1);
  const bool xml = EndsWith(name, ".pls") || EndsWith(name, ".xml") || start.substr(0, 1) == "<";
  return xml ? ParsePls(content, name) : ParseNative(content, name);
}

std::u32string GraphemeKey(std::string_view grapheme, bool case_sensitive) {
  std::u32string key;
  for (char32_t c : ToU32(Trim(grapheme)).value_or(U"")) {
    if (IsSpace(c)) {
      if (!key.empty() && key.back() != U' ') key.push_back(U' ');
      continue;
    }
    key.push_back(case_sensitive ? (IsApostrophe(c) ? U'\'' : c) : FoldCase(c));
  }
  while (!key.empty() && key.back() == U' ') key.pop_back();
  return key;
}

std::string FirstWordKey(std::u32string_view text) {
  std::string key;
  for (char32_t c : text) {
    if (!IsWordChar(c)) break;
    AppendUtf8(key, FoldCase(c));
  }
  return key;
}

void CheckEntries(const std::vector<Entry>& entries, std::vector<Problem>& problems) {
  std::map<std::string, const Entry*> first;
  for (const Entry& e : entries) {
    const std::u32string key = GraphemeKey(e.grapheme, false);
    if (key.empty() || !IsWordChar(key.front())) {
      problems.push_back({e.file, e.line, "grapheme \"" + e.grapheme + "\" must start with a letter or digit"});
      continue;
    }
    auto [it, inserted] = first.emplace(MapKey(e), &e);
    if (inserted || SamePronunciation(*it->second, e)) continue;
    problems.push_back({e.file, e.line,
                        "duplicate \"" + e.grapheme + "\" with a different pronunciation (first at " +
                            it->second->file + ":" + std::to_string(it->second->line) + ")"});
  }
}

const std::vector<std::size_t>* LexiconAccess::Candidates(const Lexicon& l, const std::string& key) {
  auto it = l.by_first_word_.find(key);
  return it == l.by_first_word_.end() ? nullptr : &it->second;
}

}  // namespace internal

Result<Lexicon> Lexicon::Parse(std::string_view content, const std::string& name) {
  if (content.size() > internal::kMaxLexiconBytes) {
    return Status::InFile(StatusCode::kInvalidInput, name, 0, internal::SizeLimitMessage());
  }
  internal::Parsed parsed = internal::ParseAny(content, name);
  if (!parsed.problems.empty()) return internal::FirstProblem(parsed.problems);
  Lexicon lexicon;
  Lexicon later;
  later.entries_ = std::move(parsed.entries);
  lexicon.Merge(later);  // drops exact duplicates
  return lexicon;
}

Result<Lexicon> Lexicon::LoadFile(const std::string& path) {
  auto content = internal::ReadFile(path);
  if (!content.ok()) return content.status();
  return Parse(*content, path);
}

void Lexicon::Merge(const Lexicon& later) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < entries_.size(); ++i) index.emplace(internal::MapKey(entries_[i]), i);
  for (const Entry& e : later.entries_) {
    auto [it, inserted] = index.emplace(internal::MapKey(e), entries_.size());
    if (inserted) {
      entries_.push_back(e);
    } else if (it->second < entries_.size() && &later != this) {
      entries_[it->second] = e;
    }
  }
  Reindex();
}

void Lexicon::Reindex() {
  by_first_word_.clear();
  keys_.clear();
  std::vector<std::size_t> lengths(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    keys_.push_back(internal::GraphemeKey(entries_[i].grapheme, entries_[i].case_sensitive));
    lengths[i] = keys_[i].size();
    by_first_word_[internal::FirstWordKey(keys_[i])].push_back(i);
  }
  for (auto& [word, bucket] : by_first_word_) {
    std::stable_sort(bucket.begin(), bucket.end(), [&](std::size_t a, std::size_t b) {
      if (lengths[a] != lengths[b]) return lengths[a] > lengths[b];
      return entries_[a].case_sensitive && !entries_[b].case_sensitive;
    });
  }
}

std::vector<Status> CheckLexiconFile(const std::string& path) {
  auto content = internal::ReadFile(path);
  if (!content.ok()) return {content.status()};
  internal::Parsed parsed = internal::ParseAny(*content, path);
  internal::SortByLine(parsed.problems);
  std::vector<Status> out;
  for (const internal::Problem& p : parsed.problems) out.push_back(p.ToStatus());
  return out;
}

}  // namespace narrate::pronunciation
