// Markdown block rules that plain text never sees: HTML comments across
// lines, footnotes, link reference definitions, tables and task lists.
#include <sstream>

#include "source/internal.h"

namespace narrate::source::internal {
namespace {

using Note = MarkdownNotes::Note;

bool IsWhite(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// Where the "-->" closing a comment opened on line i before column `from`
// is: {line, column}, or line npos when it is never closed.
std::pair<std::size_t, std::size_t> FindClose(const std::vector<std::string>& lines, std::size_t i,
                                              std::size_t from) {
  for (std::size_t j = i; j < lines.size(); ++j, from = 0) {
    std::size_t at = lines[j].find("-->", from);
    if (at != std::string::npos) return {j, at};
  }
  return {std::string::npos, 0};
}

// One comment from lines[i][open] to lines[j][close]: a comment alone on its
// lines blanks them all; one with text beside it goes, and the lines it
// wholly covers become kInert so the paragraph holds together. Returns the
// column to go on looking from on line j.
std::size_t RemoveComment(std::vector<std::string>& lines, std::size_t i, std::size_t open,
                          std::size_t j, std::size_t close) {
  std::string before = lines[i].substr(0, open);
  std::string after = lines[j].substr(close + 3);
  bool alone = IsWhite(before) && IsWhite(after);
  if (i == j) {
    lines[i] = alone ? "" : before + after;
    return alone ? lines[i].size() : before.size();
  }
  for (std::size_t k = i + 1; k < j; ++k) lines[k] = alone ? "" : kInert;
  lines[i] = alone ? "" : IsWhite(before) ? std::string(kInert) : before;
  lines[j] = alone ? "" : IsWhite(after) ? std::string(kInert) : after;
  return IsWhite(after) ? lines[j].size() : 0;
}

// "    more of the note" or "\tmore": a note's continuation paragraph.
bool IsIndented(const std::string& line) {
  return line.starts_with("    ") || line.starts_with("\t");
}

// Up to four spaces or one tab taken from the front of each line.
Block Dedent(Block block) {
  for (std::string& line : block.lines) {
    if (line.starts_with("\t"))
      line.erase(0, 1);
    else
      line.erase(0, std::min<std::size_t>(4, line.find_first_not_of(' ')));
  }
  return block;
}

std::size_t SpacesFrom(const std::string& s, std::size_t i) {
  while (i < s.size() && IsRegexSpace(s[i])) ++i;
  return i;
}

// Where a definition's "[" is: after up to three spaces, or npos.
std::size_t DefinitionStart(const std::string& line) {
  std::size_t i = 0;
  while (i < 3 && i < line.size() && IsRegexSpace(line[i])) ++i;
  return i < line.size() && line[i] == '[' ? i : std::string::npos;
}

// "[^1]: The note." → {"1", "The note."} (regex "^\s{0,3}\[\^([^\]\s]+)\]:\s*(.*)$").
std::optional<std::pair<std::string, std::string>> FootnoteDefinition(const std::string& line) {
  std::size_t open = DefinitionStart(line);
  if (open == std::string::npos || line.compare(open, 2, "[^") != 0) return {};
  std::size_t close = open + 2;
  while (close < line.size() && line[close] != ']' && !IsRegexSpace(line[close])) ++close;
  if (close == open + 2 || line.compare(close, 2, "]:") != 0) return {};
  std::size_t text = SpacesFrom(line, close + 2);
  if (line.find_first_of("\n\r", text) != std::string::npos) return {};
  return std::make_pair(NormalizeLabel(line.substr(open + 2, close - open - 2)), line.substr(text));
}

// True when what follows a link definition's destination from i is spaces,
// or spaces, a title ("T", 'T' or (T)) and spaces.
bool IsLinkTitleRest(const std::string& line, std::size_t i) {
  std::size_t title = SpacesFrom(line, i);
  if (title == line.size()) return true;
  if (title == i) return false;
  std::size_t kind = std::string_view("\"'(").find(line[title]);
  if (kind == std::string_view::npos) return false;
  std::size_t close = line.find("\"')"[kind], title + 1);
  return close != std::string::npos && SpacesFrom(line, close + 1) == line.size();
}

// "[Vask]: https://v.org "Title"" → "vask"; the line is not text (regex
// "^\s{0,3}\[([^\]^][^\]]*)\]:\s*(<[^>]*>|\S+)(\s+("[^"]*"|'[^']*'|\([^)]*\)))?\s*$").
std::optional<std::string> LinkDefinition(const std::string& line) {
  std::size_t open = DefinitionStart(line);
  if (open == std::string::npos || open + 1 >= line.size() || line[open + 1] == '^') return {};
  std::size_t close = line.find(']', open + 1);
  if (close == std::string::npos || close == open + 1 || line.compare(close, 2, "]:") != 0) {
    return {};
  }
  std::size_t dest = SpacesFrom(line, close + 2);
  if (dest == line.size()) return {};
  std::size_t angle = line[dest] == '<' ? line.find('>', dest + 1) : std::string::npos;
  std::size_t bare = dest;
  while (bare < line.size() && !IsRegexSpace(line[bare])) ++bare;
  bool ok = (angle != std::string::npos && IsLinkTitleRest(line, angle + 1)) ||
            IsLinkTitleRest(line, bare);
  if (!ok) return {};
  return NormalizeLabel(line.substr(open + 1, close - open - 1));
}

// Definitions taken out of blocks: the text of a block before a footnote
// definition stays a block; the lines after it, and indented blocks right
// after, are the note. Link definitions open a block or follow another
// definition. The first definition of a label counts.
class Definitions {
 public:
  explicit Definitions(MarkdownNotes& notes) : notes_(notes) {}

  std::vector<Block> Take(std::vector<Block>& blocks) {
    std::vector<Block> out;
    for (Block& b : blocks) {
      if (note_ && IsIndented(b.lines.front())) {
        note_->blocks.push_back(Dedent(std::move(b)));
        continue;
      }
      note_ = nullptr;
      if (IsSceneBreak(b))
        out.push_back(std::move(b));
      else
        TakeFrom(b, out);
    }
    return out;
  }
  const std::set<std::string>& link_ids() const { return link_ids_; }

 private:
  void TakeFrom(const Block& b, std::vector<Block>& out) {
    Block text;
    for (std::size_t k = 0; k < b.lines.size(); ++k) {
      const std::string& line = b.lines[k];
      int line_no = b.line + static_cast<int>(k);
      if (auto def = FootnoteDefinition(line)) {
        if (!text.lines.empty()) out.push_back(std::move(text));
        text = Block{};
        bool fresh = !notes_.notes.count(def->first);
        note_ = fresh ? &notes_.notes[def->first] : &discarded_;
        note_->blocks.push_back(Block{{def->second}, line_no});
      } else if (auto id = text.lines.empty() ? LinkDefinition(line) : std::nullopt) {
        link_ids_.insert(*id);
      } else if (note_) {
        note_->blocks.back().lines.push_back(line);  // "lazy" continuation
      } else {
        if (text.lines.empty()) text.line = line_no;
        text.lines.push_back(line);
      }
    }
    if (!text.lines.empty()) out.push_back(std::move(text));
  }

  MarkdownNotes& notes_;
  Note* note_ = nullptr;  // the note the last block ended in
  Note discarded_;        // a label's second definition
  std::set<std::string> link_ids_;
};

// The row of the delimiter row of a table in the block ("a | b" over
// "--|--"), or 0 when there is none.
std::size_t TableDelimiter(const Block& b) {
  for (std::size_t k = 1; k < b.lines.size(); ++k) {
    if (IsTableDelimiterRow(b.lines[k]) && b.lines[k - 1].find('|') != std::string::npos &&
        TableCells(b.lines[k - 1]).size() == TableCells(b.lines[k]).size()) {
      return k;
    }
  }
  return 0;
}

// Rewrites lines' Markdown-only markup, noting the references.
class Rewriter {
 public:
  Rewriter(MarkdownNotes& notes, const std::set<std::string>& link_ids)
      : notes_(notes), link_ids_(link_ids) {}

  // A block of text; a table in it becomes a block of its own.
  void Text(Block& b, std::vector<Block>& out) {
    if (IsSceneBreak(b)) return out.push_back(std::move(b));
    std::size_t delimiter = TableDelimiter(b);
    if (delimiter == 0) {
      for (std::size_t k = 0; k < b.lines.size(); ++k) {
        b.lines[k] = Line(StripTaskBox(b.lines[k]), b.line + static_cast<int>(k));
      }
      return out.push_back(std::move(b));
    }
    if (delimiter > 1) {
      Block before;
      before.lines.assign(b.lines.begin(), b.lines.begin() + static_cast<long>(delimiter) - 1);
      before.line = b.line;
      Text(before, out);
    }
    out.push_back(Table(b, delimiter));
  }

  // A note's block: references in notes are not followed.
  void NoteText(Block& b) {
    for (std::string& line : b.lines) {
      line = RewriteMarkdownInline(StripTaskBox(line), link_ids_, nullptr);
    }
  }

 private:
  // "| Ann | 32 |" → kInert + "Ann, 32.": kInert keeps a row from being taken
  // for a heading ("| Prologue |") or a list item ("| - | x |").
  Block Table(const Block& b, std::size_t delimiter) {
    Block table{{}, b.line + static_cast<int>(delimiter) - 1};
    for (std::size_t k = delimiter - 1; k < b.lines.size(); ++k) {
      if (k == delimiter) continue;
      std::vector<std::string> cells = TableCells(b.lines[k]);
      for (std::string& cell : cells) cell = Line(cell, b.line + static_cast<int>(k));
      table.lines.push_back(kInert + TableRowSentence(cells));
    }
    return table;
  }

  std::string Line(const std::string& line, int line_no) {
    std::vector<NoteRef> refs;
    std::string out = RewriteMarkdownInline(line, link_ids_, &refs);
    for (NoteRef& ref : refs) {
      if (ref.label.empty()) ref.label = Inline(std::move(ref.text), line_no);
      notes_.references.push_back({line_no, std::move(ref.label)});
    }
    return out;
  }

  // "^[Said so.]" becomes a note of its own.
  std::string Inline(std::string text, int line_no) {
    std::string label = "\x01inline " + std::to_string(++inline_notes_);
    Block block{{RewriteMarkdownInline(text, link_ids_, nullptr)}, line_no};
    notes_.notes[label].blocks.push_back(std::move(block));
    return label;
  }

  MarkdownNotes& notes_;
  const std::set<std::string>& link_ids_;
  int inline_notes_ = 0;
};

// Index of the last chapter that starts at or before line (the first when none does).
std::size_t ChapterAt(const std::vector<Chapter>& chapters, int line) {
  std::size_t at = 0;
  for (std::size_t c = 0; c < chapters.size(); ++c) {
    if (chapters[c].line <= line) at = c;
  }
  return at;
}

void AppendChapterNotes(Chapter& chapter, const std::vector<const Note*>& notes) {
  std::vector<Paragraph> read;
  for (const Note* note : notes) {
    for (const Block& b : note->blocks) {
      std::string text = JoinLines(b.lines);
      if (CountWords(text) > 0) read.push_back(Paragraph{std::move(text), b.line, false, {}});
    }
  }
  if (read.empty() || chapter.paragraphs.empty()) return;
  chapter.paragraphs.push_back(Paragraph{"Notes.", read.front().line, true, {}});
  for (Paragraph& p : read) chapter.paragraphs.push_back(std::move(p));
}

}  // namespace

std::string BlankHtmlComments(const std::string& text) {
  if (text.find("<!--") == std::string::npos) return text;
  std::vector<std::string> lines = SplitLines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (std::size_t from = 0, open; (open = lines[i].find("<!--", from)) != std::string::npos;) {
      auto [j, close] = FindClose(lines, i, open + 4);
      if (j == std::string::npos) break;
      from = RemoveComment(lines, i, open, j, close);
      i = j;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out;
}

MarkdownNotes PrepareMarkdown(std::vector<Block>& blocks) {
  MarkdownNotes notes;
  Definitions definitions(notes);
  std::vector<Block> text = definitions.Take(blocks);
  Rewriter rewriter(notes, definitions.link_ids());
  for (auto& [label, note] : notes.notes) {
    for (Block& b : note.blocks) rewriter.NoteText(b);
  }
  blocks.clear();
  for (Block& b : text) rewriter.Text(b, blocks);
  return notes;
}

void AppendNotes(const MarkdownNotes& notes, std::vector<Chapter>& chapters) {
  std::vector<std::vector<const Note*>> per_chapter(chapters.size());
  std::set<std::pair<std::size_t, const Note*>> seen;
  for (const MarkdownNotes::Reference& ref : notes.references) {
    auto it = notes.notes.find(ref.label);
    if (it == notes.notes.end() || chapters.empty()) continue;
    std::size_t c = ChapterAt(chapters, ref.line);
    if (seen.insert({c, &it->second}).second) per_chapter[c].push_back(&it->second);
  }
  for (std::size_t c = 0; c < chapters.size(); ++c) AppendChapterNotes(chapters[c], per_chapter[c]);
}

}  // namespace narrate::source::internal
