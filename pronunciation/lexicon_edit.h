// Editing one entry of a native lexicon file (the format in lexicon.h) the way
// a careful person would in a text editor: only the entry's own line changes;
// comments, blank lines, the order of entries, each line's ending (\n or
// \r\n), a byte-order mark and every other byte stay as they were.
//
// An entry is identified as the loader identifies duplicates: by its
// grapheme as matched (case-insensitive unless case-sensitive; ' ’ ʼ alike;
// runs of white space as one) together with its case option, so "kronos"
// edits the line "Kronos", while "US" case-sensitive and "us" are two
// entries. A line whose grapheme and option identify the entry counts even
// when its pronunciation is invalid, so replacing it is how it gets fixed.
//
// Problems on other lines are left as they are: an edit never adds one, and
// a file that loaded before loads after, with the new pronunciation.
//
// Threading: EditLexiconText is a pure function. EditLexiconFile reads,
// edits and renames the file into place; two processes editing the same file
// at once lose one edit (the last rename wins), so callers serialise edits
// of one file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace narrate::pronunciation {

enum class EditKind {
  kAdd,      // append a new entry at the end; kInvalidInput if the word has one
  kReplace,  // give the word's entry a new pronunciation; kNotFound if it has none
  kRemove,   // delete the word's entry; kNotFound if it has none
};

struct LexiconEdit {
  EditKind kind = EditKind::kAdd;
  std::string word;  // grapheme, a word or phrase ("Rura Penthe"); no tab or line break
  // As the file writes it: IPA between slashes ("/ˈkroʊnɒs/"), eSpeak
  // mnemonics between double brackets ("[[kr'oUn0s]]") or a respelling
  // ("KROH-nohs"). No tab or line break. Ignored by kRemove.
  std::string pronunciation;
  bool case_sensitive = false;
};

struct EditOutcome {
  // 1-based line of the entry (the byte-order mark is not a line): where it
  // was for kReplace and kRemove, where it now is for kAdd.
  int line = 0;
  std::string old_line;  // that line before, without its ending; "" for kAdd
  std::string new_line;  // that line now, without its ending; "" for kRemove
  // Later lines (numbered as before the edit) holding the same entry again,
  // removed by kReplace and kRemove so that one pronunciation remains.
  std::vector<int> removed_duplicates;
  std::string content;  // the whole edited text (for a file: what was written)
};

// Applies the edit to the text of a native lexicon; file_name is used in
// messages (and as the errors' file). The lines written:
// - kAdd: "word<TAB>pronunciation" (+ "<TAB>case-sensitive"), word and
//   pronunciation trimmed, appended after the last line, ended like the
//   file's first line (\n in a file with none); a last line without an
//   ending gets one first.
// - kReplace: the old line with only its pronunciation swapped; the
//   grapheme as the file spells it, the tabs, options and a trailing
//   "# comment" are kept.
// - kRemove: the line and its ending go.
// Errors (text never changed), all kInvalidInput unless said:
// - an empty word, a tab or line break in word or pronunciation, a '#' in
//   the pronunciation (the file would read it as a comment's start);
// - a pronunciation loading would reject, with the same detail ("unknown
//   IPA symbol "ʘ" (U+0298) in /ˈkroʊnɒʘs/"), file and the entry's line;
// - kAdd of a word the lexicon has (the line of the existing entry);
// - kNotFound: kReplace or kRemove of a word it does not have;
// - PLS text (by a .pls/.xml name or content starting with '<'): editing
//   PLS is not supported.
Result<EditOutcome> EditLexiconText(std::string_view text, const LexiconEdit& edit,
                                    const std::string& file_name);

// Reads the native lexicon at path, applies the edit as EditLexiconText and
// writes the file atomically (a temporary file beside it, renamed into
// place; no temporary is left behind, and on any error the file is as it
// was). kAdd creates a missing file, and its directories (a user's first
// entry in ~/.config/narrate/lexicon); kReplace and kRemove on a missing file
// are kNotFound. A symbolic link is followed: its target is edited. The
// file's permissions are kept. kIo when the file cannot be read or written.
Result<EditOutcome> EditLexiconFile(const std::string& path, const LexiconEdit& edit);

}  // namespace narrate::pronunciation
