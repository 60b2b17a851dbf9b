// Catalogue files: a small RFC 4180 reader (Debian 12 packages no C++ CSV
// library the project uses), rows to entries, and the expansion of the
// command line's arguments into books.
#include "app/catalogue.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <system_error>

#include "common/file_system.h"
#include "common/utf8.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;

enum class Column { kNone, kBook, kTitle, kAuthor, kNarrator, kLexicons, kVoices, kOutput };

// The columns of a catalogue without a header, in order.
constexpr std::array kPositional = {Column::kBook,     Column::kTitle,    Column::kAuthor,
                                    Column::kNarrator, Column::kLexicons, Column::kVoices,
                                    Column::kOutput};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The names of the columns, each column's own name first, then its aliases.
constexpr std::pair<const char*, Column> kColumnNames[] = {
    {"book", Column::kBook},         {"path", Column::kBook},     {"file", Column::kBook},
    {"title", Column::kTitle},       {"author", Column::kAuthor}, {"narrator", Column::kNarrator},
    {"lexicons", Column::kLexicons}, {"voices", Column::kVoices}, {"output", Column::kOutput}};

// The column a header cell names (spaces trimmed already), or nullopt.
std::optional<Column> ColumnNamed(std::string_view cell) {
  const std::string lower = Lower(cell);
  for (const auto& [name, column] : kColumnNames) {
    if (lower == name) return column;
  }
  return std::nullopt;
}

// "book" for Column::kBook (which "path" and "file" also name).
const char* OwnName(Column column) {
  for (const auto& [name, c] : kColumnNames) {
    if (c == column) return name;
  }
  return "";
}

// s without the spaces, tabs and line ends at both ends.
std::string Trimmed(std::string_view s) {
  const auto junk = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// 1-based line of text[at].
int LineAt(std::string_view text, std::size_t at) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

// A NUL byte or bytes that are not UTF-8, named with their line.
Status CheckBytes(std::string_view text, const std::string& name) {
  const std::size_t at = std::min(text.find('\0'), FirstInvalidUtf8(text));
  if (at == std::string_view::npos) return Status::Ok();
  char what[32] = "NUL byte";
  if (text[at] != '\0')
    std::snprintf(what, sizeof(what), "not UTF-8 (byte 0x%02x)",
                  static_cast<unsigned char>(text[at]));
  return Status::InFile(StatusCode::kInvalidInput, name, LineAt(text, at), what);
}

struct Row {
  std::vector<std::string> cells;
  int line = 0;  // where the row starts
};

// Reads rows one by one. Errors about a character (an unclosed quote, text
// after a closing quote) name the line that character is on.
class RowReader {
 public:
  RowReader(std::string_view text, char separator, const std::string& name)
      : text_(text), separator_(separator), name_(name) {}

  // The next row that is not blank or a comment; nullopt at the end.
  Result<std::optional<Row>> Next() {
    SkipBlankAndCommentLines();
    if (pos_ >= text_.size()) return std::optional<Row>();
    Row row;
    row.line = line_;
    while (true) {
      auto cell = ReadCell();
      if (!cell.ok()) return cell.status();
      row.cells.push_back(std::move(*cell));
      if (pos_ >= text_.size()) break;
      if (text_[pos_++] == '\n') {
        ++line_;
        break;
      }
    }
    return std::optional<Row>(std::move(row));
  }

 private:
  bool IsPad(char c) const { return c == ' ' || c == '\r' || (c == '\t' && separator_ != '\t'); }
  bool AtCellEnd() const {
    return pos_ >= text_.size() || text_[pos_] == separator_ || text_[pos_] == '\n';
  }
  void SkipPad() {
    while (pos_ < text_.size() && IsPad(text_[pos_])) ++pos_;
  }
  Status ErrorHere(int line, const char* what) const {
    return Status::InFile(StatusCode::kInvalidInput, name_, line, what);
  }

  void SkipBlankAndCommentLines() {
    while (pos_ < text_.size()) {
      std::size_t at = pos_;
      while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t' || text_[at] == '\r'))
        ++at;
      const bool blank = at >= text_.size() || text_[at] == '\n';
      if (!blank && text_[at] != '#') return;
      const std::size_t end = text_.find('\n', at);
      pos_ = end == std::string_view::npos ? text_.size() : end + 1;
      ++line_;
    }
  }

  Result<std::string> ReadCell() {
    SkipPad();
    if (pos_ < text_.size() && text_[pos_] == '"') return ReadQuotedCell();
    const std::size_t start = pos_;
    while (!AtCellEnd()) ++pos_;
    return Trimmed(text_.substr(start, pos_ - start));
  }

  // From the opening quote: "a, ""b""" → a, "b".
  Result<std::string> ReadQuotedCell() {
    const int opened_on = line_;
    std::string cell;
    ++pos_;
    while (true) {
      const std::size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) return ErrorHere(opened_on, "unclosed quote");
      const std::string_view chunk = text_.substr(pos_, quote - pos_);
      line_ += static_cast<int>(std::count(chunk.begin(), chunk.end(), '\n'));
      cell += chunk;
      pos_ = quote + 1;
      if (pos_ >= text_.size() || text_[pos_] != '"') break;
      cell += '"';
      ++pos_;
    }
    SkipPad();
    if (!AtCellEnd()) return ErrorHere(line_, "text after a closing quote");
    return Trimmed(cell);
  }

  std::string_view text_;
  char separator_;
  const std::string& name_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

bool AllEmpty(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); });
}

// A first row whose every cell that is not empty names a column.
bool IsHeader(const Row& row) {
  return std::all_of(row.cells.begin(), row.cells.end(),
                     [](const std::string& c) { return c.empty() || ColumnNamed(c).has_value(); });
}

// The columns a header names; an empty header cell is a column of none.
Result<std::vector<Column>> HeaderColumns(const Row& header, const std::string& name) {
  std::vector<Column> columns;
  for (const std::string& cell : header.cells) {
    const Column column = cell.empty() ? Column::kNone : *ColumnNamed(cell);
    if (column != Column::kNone &&
        std::find(columns.begin(), columns.end(), column) != columns.end())
      return Status::InFile(
          StatusCode::kInvalidInput, name, header.line,
          std::string("header names the \"") + OwnName(column) + "\" column twice");
    columns.push_back(column);
  }
  if (std::find(columns.begin(), columns.end(), Column::kBook) == columns.end())
    return Status::InFile(StatusCode::kInvalidInput, name, header.line,
                          "header has no \"book\" column");
  return columns;
}

// path as seen from the current folder: relative paths are under base_dir.
std::string Resolve(const std::string& path, const std::string& base_dir) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(base_dir) / path).lexically_normal().string();
}

std::vector<std::string> SplitLexicons(const std::string& cell, const std::string& base_dir) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= cell.size();) {
    std::size_t end = std::min(cell.find(';', start), cell.size());
    const std::string one = Trimmed(std::string_view(cell).substr(start, end - start));
    if (!one.empty()) out.push_back(Resolve(one, base_dir));
    start = end + 1;
  }
  return out;
}

// Sets the column's field of e from a cell that is not empty.
void SetField(CatalogueEntry& e, Column column, const std::string& cell, const std::string& base) {
  if (column == Column::kBook) e.book = Resolve(cell, base);
  if (column == Column::kTitle) e.title = cell;
  if (column == Column::kAuthor) e.author = cell;
  if (column == Column::kNarrator) e.narrator = cell;
  if (column == Column::kLexicons) e.lexicons = SplitLexicons(cell, base);
  if (column == Column::kVoices) e.voices = Resolve(cell, base);
  if (column == Column::kOutput) e.output = Resolve(cell, base);
}

// A cell that is not empty where there is no column for it.
Status CheckCellsHaveColumns(const Row& row, const std::vector<Column>& columns,
                             const std::string& name) {
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    if (row.cells[i].empty()) continue;
    std::string what;
    if (i >= columns.size()) {
      what = "cell " + std::to_string(i + 1) + " is beyond the " + std::to_string(columns.size()) +
             " columns";
    } else if (columns[i] == Column::kNone) {
      what = "cell " + std::to_string(i + 1) + " is under no column (the header's is empty)";
    } else {
      continue;
    }
    return Status::InFile(StatusCode::kInvalidInput, name, row.line, what);
  }
  return Status::Ok();
}

Result<CatalogueEntry> EntryOf(const Row& row, const std::vector<Column>& columns,
                               const std::string& name, const std::string& base_dir) {
  NARRATE_RETURN_IF_ERROR(CheckCellsHaveColumns(row, columns, name));
  CatalogueEntry entry;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    if (!row.cells[i].empty()) SetField(entry, columns[i], row.cells[i], base_dir);
  }
  if (entry.book.empty())
    return Status::InFile(StatusCode::kInvalidInput, name, row.line, "row without a book");
  entry.origin = name + ":" + std::to_string(row.line);
  return entry;
}

// The rows that are not blank, comments or all empty cells.
Result<std::vector<Row>> ReadRows(std::string_view text, char separator, const std::string& name) {
  RowReader reader(text, separator, name);
  std::vector<Row> rows;
  while (true) {
    auto row = reader.Next();
    if (!row.ok()) return row.status();
    if (!row->has_value()) return rows;
    if (!AllEmpty((*row)->cells)) rows.push_back(std::move(**row));
  }
}

// The entries of rows, the first of which may be a header.
Result<std::vector<CatalogueEntry>> EntriesOf(const std::vector<Row>& rows, const std::string& name,
                                              const std::string& base_dir) {
  std::vector<Column> columns(kPositional.begin(), kPositional.end());
  std::size_t first = 0;
  if (!rows.empty() && IsHeader(rows[0])) {
    auto named = HeaderColumns(rows[0], name);
    if (!named.ok()) return named.status();
    columns = std::move(*named);
    first = 1;
  }
  std::vector<CatalogueEntry> entries;
  for (std::size_t i = first; i < rows.size(); ++i) {
    auto entry = EntryOf(rows[i], columns, name, base_dir);
    if (!entry.ok()) return entry.status();
    entries.push_back(std::move(*entry));
  }
  return entries;
}

std::string_view WithoutBom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

bool HasExtension(std::string_view path, std::initializer_list<const char*> extensions) {
  const std::string ext = Lower(fs::path(path).extension().string());
  return std::any_of(extensions.begin(), extensions.end(), [&](const char* e) { return ext == e; });
}

// The book files of a folder, sorted; an error when it has none.
Result<std::vector<CatalogueEntry>> BooksInFolder(const std::string& folder) {
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string file = it->path().filename().string();
    std::error_code type_ec;
    if (!file.starts_with(".") && IsBookFile(file) && it->is_regular_file(type_ec))
      names.push_back(file);
  }
  if (ec) return Status::Io(folder + ": cannot list the folder (" + ec.message() + ")");
  if (names.empty()) return Status::InvalidInput(folder + ": no books (.txt, .md, .html, .epub)");
  std::sort(names.begin(), names.end());
  std::vector<CatalogueEntry> out;
  for (const std::string& file : names) {
    CatalogueEntry entry;
    entry.book = (fs::path(folder) / file).lexically_normal().string();
    entry.origin = folder;
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::vector<CatalogueEntry>> BooksOf(const std::string& argument) {
  std::error_code ec;
  const fs::file_status status = fs::status(argument, ec);
  if (!fs::exists(status)) return Status::NotFound(argument + ": no such file or folder");
  if (fs::is_directory(status)) return BooksInFolder(argument);
  if (IsCatalogueFile(argument)) return ReadCatalogue(argument);
  CatalogueEntry entry;
  entry.book = argument;
  entry.origin = argument;
  return std::vector<CatalogueEntry>{std::move(entry)};
}

}  // namespace

bool IsCatalogueFile(std::string_view path) { return HasExtension(path, {".csv", ".tsv"}); }

bool IsBookFile(std::string_view path) {
  return HasExtension(path, {".txt", ".md", ".markdown", ".htm", ".html", ".xhtml", ".epub"});
}

Result<std::vector<CatalogueEntry>> ParseCatalogue(std::string_view text, char separator,
                                                   const std::string& name,
                                                   const std::string& base_dir) {
  text = WithoutBom(text);
  NARRATE_RETURN_IF_ERROR(CheckBytes(text, name));
  auto rows = ReadRows(text, separator, name);
  if (!rows.ok()) return rows.status();
  auto entries = EntriesOf(*rows, name, base_dir);
  if (entries.ok() && entries->empty())
    return Status::InFile(StatusCode::kInvalidInput, name, 0, "no books");
  return entries;
}

Result<std::vector<CatalogueEntry>> ReadCatalogue(const std::string& path) {
  auto text = RealFileSystem().ReadFile(path);
  if (!text.ok()) return text.status();
  const char separator = HasExtension(path, {".tsv"}) ? '\t' : ',';
  return ParseCatalogue(*text, separator, path, fs::path(path).parent_path().string());
}

Result<std::vector<CatalogueEntry>> ExpandBooks(const std::vector<std::string>& arguments) {
  std::vector<CatalogueEntry> out;
  for (const std::string& argument : arguments) {
    auto books = BooksOf(argument);
    if (!books.ok()) return books.status();
    for (CatalogueEntry& e : *books) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace narrate::app
