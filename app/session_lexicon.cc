// The session's lexicon files: watching them, showing their entries, and the
// edits PutEntry and RemoveEntry make.
#include <filesystem>

#include "app/session_parts.h"
#include "common/atomic_file.h"

namespace narrate::app::session {
namespace {

namespace fs = std::filesystem;

std::int64_t Nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// "1f3a…": a version the page compares, not a checksum.
std::string Hex(std::size_t value) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (int shift = 60; shift >= 0; shift -= 4) out += kDigits[(value >> shift) & 0xF];
  return out;
}

// Whether the edit applies to the text: ok, kNotFound when the text lacks the entry, or why not.
Status Applies(const std::string& text, const pronunciation::LexiconEdit& edit,
               const std::string& name) {
  auto edited = pronunciation::EditLexiconText(text, edit, name);
  return edited.ok() ? Status::Ok() : edited.status();
}

}  // namespace

FileStamp StampOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return FileStamp{st.st_dev, st.st_ino, st.st_size, Nanoseconds(st.st_mtim),
                   Nanoseconds(st.st_ctim)};
}

LexiconWatch::LexiconWatch(std::vector<std::string> files, Loader load,
                           pipeline::TextPreparer loaded)
    : files_(std::move(files)), load_(std::move(load)) {
  stamps_ = Stamps();
  loaded_hash_ = ContentHash();
  state_ = {std::make_shared<const pipeline::TextPreparer>(std::move(loaded)), Hex(loaded_hash_),
            ""};
}

std::vector<FileStamp> LexiconWatch::Stamps() const {
  std::vector<FileStamp> stamps;
  for (const std::string& f : files_) stamps.push_back(StampOf(f));
  return stamps;
}

// Every file's path and content (or that it is missing), hashed together.
std::size_t LexiconWatch::ContentHash() const {
  std::string all;
  for (const std::string& f : files_) {
    auto content = ReadWholeFile(f);
    all += f + '\0' + (content.ok() ? "+" + *content : "-") + '\0';
  }
  return std::hash<std::string>{}(all);
}

LexiconState LexiconWatch::Current() {
  std::lock_guard lock(mu_);
  std::vector<FileStamp> now = Stamps();  // before reading: a later change shows next time
  if (now == stamps_) return state_;
  stamps_ = std::move(now);
  const std::size_t hash = ContentHash();
  if (hash == loaded_hash_) {
    state_.error.clear();  // put back as it was
    return state_;
  }
  if (hash == failed_hash_) return state_;
  auto loaded = load_();
  if (!loaded.ok()) {
    failed_hash_ = hash;
    state_.error = loaded.status().message();
    return state_;
  }
  loaded_hash_ = hash;
  state_ = {std::make_shared<const pipeline::TextPreparer>(std::move(*loaded)), Hex(hash), ""};
  return state_;
}

LexiconEntryView EntryView(const pronunciation::Entry& entry, bool editable) {
  return LexiconEntryView{entry.grapheme,       entry.written,
                          entry.case_sensitive, fs::path(entry.file).filename().string(),
                          entry.line,           editable};
}

std::optional<LexiconEntryView> LineEntry(const std::string& line_text, const std::string& file,
                                          int line) {
  auto parsed = pronunciation::Lexicon::Parse(line_text, file);
  if (!parsed.ok() || parsed->entries().empty()) return std::nullopt;
  LexiconEntryView view = EntryView(parsed->entries().front(), true);
  view.line = line;
  return view;
}

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

Result<pronunciation::LexiconEdit> PutEdit(const std::string& target_text, const std::string& word,
                                           const std::string& pronunciation, bool case_sensitive) {
  auto checked = pronunciation::ParsePronunciation(word, pronunciation);
  if (!checked.ok()) return checked.status();
  pronunciation::LexiconEdit edit{pronunciation::EditKind::kReplace, word, pronunciation,
                                  case_sensitive};
  const Status replace = Applies(target_text, edit, "lexicon");
  if (replace.code() == StatusCode::kNotFound)
    edit.kind = pronunciation::EditKind::kAdd;
  else if (!replace.ok())
    return Status::InvalidInput(replace.detail());
  return edit;
}

Result<pronunciation::LexiconEdit> RemoveEdit(const std::string& target_text,
                                              const std::string& target, const std::string& word) {
  for (bool case_sensitive : {false, true}) {
    pronunciation::LexiconEdit edit{pronunciation::EditKind::kRemove, word, "", case_sensitive};
    const Status applies = Applies(target_text, edit, "lexicon");
    if (applies.ok()) return edit;
    if (applies.code() != StatusCode::kNotFound) return Status::InvalidInput(applies.detail());
  }
  return Status::NotFound(fs::path(target).filename().string() + " has no entry for \"" + word +
                          "\"");
}

}  // namespace narrate::app::session
