// Editing one native lexicon entry, line for line.
#include "pronunciation/lexicon_edit.h"

#include <cctype>
#include <filesystem>
#include <optional>
#include <system_error>

#include "common/atomic_file.h"
#include "pronunciation/internal.h"
#include "pronunciation/text_util.h"

namespace narrate::pronunciation {
namespace {

namespace fs = std::filesystem;
using internal::Trim;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t npos = std::string_view::npos;

struct Line {
  std::string_view content;  // without its ending
  std::string_view ending;   // "\n", "\r\n", or "" for a last line without one
};

// Lines as ParseNative counts them.
std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t next = newline == npos ? text.size() : newline + 1;
    std::string_view content = text.substr(start, (newline == npos ? next : newline) - start);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    lines.push_back({content, text.substr(start + content.size(), next - start - content.size())});
    start = next;
  }
  return lines;
}

// What the loader tells entries apart by: grapheme as matched, and case option.
struct Identity {
  std::u32string key;
  bool case_sensitive = false;
  bool operator==(const Identity&) const = default;
};

// The entry a line is about, even when its pronunciation is invalid; nullopt
// for blank, comment and malformed lines.
std::optional<Identity> LineIdentity(std::string_view line) {
  const std::string_view trimmed = Trim(line);
  if (trimmed.empty() || trimmed.front() == '#' || line.find('\t') == npos) return std::nullopt;
  if (!internal::Decode(line)) return std::nullopt;
  const std::vector<std::string_view> fields = internal::SplitFields(line);
  if (fields.empty()) return std::nullopt;
  bool case_sensitive = false;
  for (std::size_t i = 2; i < fields.size(); ++i) {
    if (fields[i] == internal::kCaseSensitiveOption) case_sensitive = true;
  }
  return Identity{internal::GraphemeKey(fields[0], case_sensitive), case_sensitive};
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool HasBreak(std::string_view s) { return s.find_first_of("\t\r\n") != npos; }

Status CheckFields(const LexiconEdit& edit, const std::string& file) {
  auto invalid = [&](std::string detail) {
    return Status::InFile(StatusCode::kInvalidInput, file, 0, std::move(detail));
  };
  const std::string_view word = Trim(edit.word);
  if (word.empty()) return invalid("no word to edit");
  if (HasBreak(word)) return invalid("word " + Quoted(word) + " contains a tab or line break");
  if (word.front() == '#') return invalid("word " + Quoted(word) + " would be a # comment");
  if (edit.kind != EditKind::kRemove && HasBreak(edit.pronunciation)) {
    return invalid("pronunciation for " + Quoted(word) + " contains a tab or line break");
  }
  if (edit.kind != EditKind::kRemove && edit.pronunciation.find('#') != npos) {
    return invalid("pronunciation for " + Quoted(word) +
                   " contains '#', which would start a comment");
  }
  return Status::Ok();
}

bool IsPls(std::string_view text, const std::string& name) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  return name.ends_with(".pls") || name.ends_with(".xml") || text.starts_with("<");
}

// How much of a pronunciation field is the pronunciation; what follows is a
// "# comment" (the rest of the field when it is anything else).
std::size_t WrittenLength(std::string_view field) {
  std::size_t end = npos;
  if (field.starts_with("[[")) {
    end = field.find("]]");
    if (end != npos) end += 2;
  } else if (field.starts_with("/")) {
    end = field.find('/', 1);
    if (end != npos) end += 1;
  } else {
    end = field.find(" #");
  }
  if (end == npos) return field.size();
  const std::string_view rest = Trim(field.substr(end));
  return rest.empty() || rest.front() == '#' ? end : field.size();
}

// The line with its pronunciation swapped, everything around it kept.
std::string SwapPronunciation(std::string_view line, std::string_view pronunciation) {
  const std::vector<std::string_view> fields = internal::SplitFields(line);
  if (fields.size() < 2) {  // no pronunciation yet: put it after the grapheme
    const std::size_t end = fields[0].data() - line.data() + fields[0].size();
    return std::string(line.substr(0, end)) + "\t" + std::string(pronunciation) +
           std::string(line.substr(end));
  }
  const std::size_t begin = fields[1].data() - line.data();
  const std::size_t end = begin + WrittenLength(fields[1]);
  const std::string_view rest = line.substr(end);
  return std::string(line.substr(0, begin)) + std::string(pronunciation) +
         (rest.starts_with("#") ? " " : "") + std::string(rest);
}

std::string NewLine(const LexiconEdit& edit) {
  std::string line = std::string(Trim(edit.word)) + "\t" + std::string(Trim(edit.pronunciation));
  if (edit.case_sensitive) line += "\t" + std::string(internal::kCaseSensitiveOption);
  return line;
}

std::string_view LineEnding(const std::vector<Line>& lines) {
  for (const Line& l : lines) {
    if (!l.ending.empty()) return l.ending;
  }
  return "\n";
}

struct Document {
  std::string_view bom;
  std::vector<Line> lines;
  std::vector<std::size_t> matches;  // indices of the lines holding the entry
};

EditOutcome Add(const Document& doc, const LexiconEdit& edit) {
  EditOutcome out;
  out.content = std::string(doc.bom);
  for (const Line& l : doc.lines) out.content += std::string(l.content) + std::string(l.ending);
  const std::string_view ending = LineEnding(doc.lines);
  if (!doc.lines.empty() && doc.lines.back().ending.empty()) out.content += ending;
  out.line = static_cast<int>(doc.lines.size()) + 1;
  out.new_line = NewLine(edit);
  out.content += out.new_line + std::string(ending);
  return out;
}

// kReplace and kRemove: the first matching line is changed or dropped, later ones dropped.
EditOutcome ReplaceOrRemove(const Document& doc, const LexiconEdit& edit) {
  EditOutcome out;
  const std::size_t first = doc.matches.front();
  out.line = static_cast<int>(first) + 1;
  out.old_line = std::string(doc.lines[first].content);
  if (edit.kind == EditKind::kReplace) {
    out.new_line = SwapPronunciation(out.old_line, Trim(edit.pronunciation));
  }
  out.content = std::string(doc.bom);
  std::size_t next_match = 0;
  for (std::size_t i = 0; i < doc.lines.size(); ++i) {
    const Line& l = doc.lines[i];
    const bool match = next_match < doc.matches.size() && doc.matches[next_match] == i;
    if (!match) {
      out.content += std::string(l.content) + std::string(l.ending);
      continue;
    }
    ++next_match;
    if (i != first) out.removed_duplicates.push_back(static_cast<int>(i) + 1);
    if (i == first && edit.kind == EditKind::kReplace) {
      out.content += out.new_line + std::string(l.ending);
    }
  }
  return out;
}

// The new entry, read back as loading reads it.
Status Validate(const EditOutcome& out, const LexiconEdit& edit, const std::string& file) {
  if (edit.kind == EditKind::kRemove) return Status::Ok();
  const internal::Parsed parsed = internal::ParseNative(out.content, file);
  for (const internal::Problem& p : parsed.problems) {
    if (p.line == out.line) return p.ToStatus();
  }
  for (const Entry& e : parsed.entries) {
    if (e.line == out.line) return Status::Ok();
  }
  return Status::InFile(StatusCode::kInvalidInput, file, out.line,
                        Quoted(Trim(edit.word)) + " cannot be written as a lexicon entry");
}

Document Read(std::string_view text, const LexiconEdit& edit) {
  Document doc;
  if (text.starts_with(kBom)) doc.bom = kBom;
  doc.lines = SplitLines(text.substr(doc.bom.size()));
  const Identity wanted{internal::GraphemeKey(edit.word, edit.case_sensitive), edit.case_sensitive};
  for (std::size_t i = 0; i < doc.lines.size(); ++i) {
    if (LineIdentity(doc.lines[i].content) == wanted) doc.matches.push_back(i);
  }
  return doc;
}

// A failed write as kIo about path: "path: detail".
Status WriteError(const std::string& path, const std::string& detail) {
  return Status::InFile(StatusCode::kIo, path, 0, detail);
}

// Writes over path's target (a symbolic link stays a link), keeping its
// permissions; a new file gets its directories.
Status WriteLexicon(const std::string& path, const std::string& content) {
  std::error_code ec;
  std::string target = path;
  if (fs::is_symlink(path, ec)) {
    const fs::path resolved = fs::canonical(path, ec);
    if (!ec) target = resolved.string();
  }
  const fs::file_status before = fs::status(target, ec);
  const bool existed = !ec && fs::exists(before);
  const std::string dir = fs::path(target).parent_path().string();
  if (!existed && !dir.empty()) {
    const Status made = MakeDirectories(dir);
    if (!made.ok()) return Status::Io(made.message());
  }
  const Status written = WriteFileAtomically(target, content);  // keeps the permissions
  return written.ok() ? written : WriteError(path, written.detail());
}

// The file's text; "" for a missing file about to get its first entry.
Result<std::string> ReadForEdit(const std::string& path, EditKind kind) {
  Result<std::string> text = internal::ReadFile(path);
  if (text.ok() || text.status().code() != StatusCode::kNotFound) return text;
  if (kind != EditKind::kAdd) {
    return Status::InFile(StatusCode::kNotFound, path, 0, "no such lexicon file");
  }
  return std::string();
}

}  // namespace

Result<EditOutcome> EditLexiconText(std::string_view text, const LexiconEdit& edit,
                                    const std::string& file_name) {
  if (IsPls(text, file_name)) {
    return Status::InFile(StatusCode::kInvalidInput, file_name, 0,
                          "editing a PLS lexicon is not supported; use a native lexicon");
  }
  NARRATE_RETURN_IF_ERROR(CheckFields(edit, file_name));
  const Document doc = Read(text, edit);
  const std::string word = Quoted(Trim(edit.word));
  if (edit.kind == EditKind::kAdd && !doc.matches.empty()) {
    const int line = static_cast<int>(doc.matches.front()) + 1;
    return Status::InFile(StatusCode::kInvalidInput, file_name, line,
                          word + " is already in the lexicon; replace it instead");
  }
  if (edit.kind != EditKind::kAdd && doc.matches.empty()) {
    return Status::InFile(StatusCode::kNotFound, file_name, 0, word + " is not in the lexicon");
  }
  EditOutcome out = edit.kind == EditKind::kAdd ? Add(doc, edit) : ReplaceOrRemove(doc, edit);
  NARRATE_RETURN_IF_ERROR(Validate(out, edit, file_name));
  return out;
}

Result<EditOutcome> EditLexiconFile(const std::string& path, const LexiconEdit& edit) {
  Result<std::string> text = ReadForEdit(path, edit.kind);
  if (!text.ok()) return text.status();
  Result<EditOutcome> out = EditLexiconText(*text, edit, path);
  if (!out.ok()) return out;
  NARRATE_RETURN_IF_ERROR(WriteLexicon(path, out->content));
  return out;
}

}  // namespace narrate::pronunciation
