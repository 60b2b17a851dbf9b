#include "tests/support/fake_session.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <sstream>

namespace narrate::testing {
namespace {

struct FakeChapter {
  const char* title;
  std::vector<std::string> paragraphs;
};

const std::vector<FakeChapter>& Chapters() {
  static const std::vector<FakeChapter> kChapters = {
      {"Dawn", {"Mira walked 12 miles.", "It was cold in Vask.", "Zo\xc3\xab lit the lamp."}},
      {"Dusk", {"She slept at 9.", "Worf came with Mira."}}};
  return kChapters;
}

// The names `lexicon suggest` would list, with their counts in the book.
const std::vector<std::pair<std::string, int>>& Suggested() {
  static const std::vector<std::pair<std::string, int>> kNames = {
      {"Mira", 2}, {"Vask", 1}, {"Worf", 1}};
  return kNames;
}

// "12 miles" → "twelve miles".
std::string Spoken(const std::string& text) {
  static const std::pair<const char*, const char*> kNumbers[] = {{"12", "twelve"}, {"9", "nine"}};
  std::string out = text;
  for (const auto& [digits, words] : kNumbers) {
    for (std::size_t at; (at = out.find(digits)) != std::string::npos;)
      out.replace(at, std::string(digits).size(), words);
  }
  return out;
}

// Code points before byte offset `bytes` of UTF-8 text.
std::size_t CodePoints(const std::string& text, std::size_t bytes) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < bytes && i < text.size(); ++i) n += (text[i] & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
    if (!w.empty()) words.push_back(w);
  }
  return words;
}

void PutLe(std::string& out, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

bool IsRespelling(const std::string& s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '-' || c == ' ' || c == '\'';
  });
}

}  // namespace

FakeSession::FakeSession(int build_step_ms) : build_step_ms_(build_step_ms) {}

FakeSession::~FakeSession() {
  CancelBuild();
  if (builder_.joinable()) builder_.join();
}

app::BookView FakeSession::Book() {
  // Members set one by one (here and below): fields the contracts gain later stay default.
  app::BookView book;
  book.title = "The Lamp";
  book.author = "Ann Vask";
  book.language = "en";
  book.voice = "en (default)";
  book.lexicon_file = "lamp.lexicon";
  int number = 0;
  for (const FakeChapter& c : Chapters()) {
    std::size_t words = 0;
    for (const std::string& p : c.paragraphs) words += Words(p).size();
    book.chapters.push_back({++number, c.title, c.paragraphs.size(), words});
  }
  return book;
}

Result<app::ChapterView> FakeSession::Chapter(int number) {
  if (number < 1 || number > static_cast<int>(Chapters().size()))
    return Status::NotFound("no chapter " + std::to_string(number) + " (the book has 1..2)");
  std::lock_guard lock(mu_);
  const FakeChapter& c = Chapters()[number - 1];
  app::ChapterView view;
  view.number = number;
  view.title = c.title;
  for (const std::string& text : c.paragraphs) {
    app::ParagraphView p;
    p.index = static_cast<int>(view.paragraphs.size()) + 1;
    p.text = text;
    p.spoken = Spoken(text);
    for (const auto& [name, count] : Suggested()) {
      const std::size_t at = text.find(name);
      if (at == std::string::npos) continue;
      const bool listed = std::any_of(entries_.begin(), entries_.end(),
                                      [&, &n = name](const Entry& e) { return e.word == n; });
      p.names.push_back({CodePoints(text, at), CodePoints(text, at + name.size()), name,
                         listed ? app::NameKind::kLexicon : app::NameKind::kSuggested});
    }
    std::sort(p.names.begin(), p.names.end(),
              [](const auto& a, const auto& b) { return a.char_start < b.char_start; });
    view.paragraphs.push_back(std::move(p));
  }
  return view;
}

std::string FakeSession::WavOf(const std::string& spoken) {
  const std::uint32_t samples = static_cast<std::uint32_t>(spoken.size()) * kSamplesPerChar;
  std::string wav = "RIFF";
  PutLe(wav, 36 + samples * 2, 4);
  wav += "WAVEfmt ";
  PutLe(wav, 16, 4);
  PutLe(wav, 1, 2);  // PCM
  PutLe(wav, 1, 2);  // mono
  PutLe(wav, kRateHz, 4);
  PutLe(wav, kRateHz * 2, 4);
  PutLe(wav, 2, 2);
  PutLe(wav, 16, 2);
  wav += "data";
  PutLe(wav, samples * 2, 4);
  for (std::uint32_t i = 0; i < samples; ++i) {
    const auto c = static_cast<unsigned char>(spoken[i / kSamplesPerChar]);
    PutLe(wav, static_cast<std::uint16_t>((i * 37 + c * 101) % 2000), 2);
  }
  return wav;
}

std::string FakeSession::PronunciationOf(const std::string& word, const Trial& trial) const {
  for (const auto& [w, pronunciation] : trial) {
    if (w == word) return pronunciation;
  }
  for (const Entry& e : entries_) {
    if (e.word == word) return e.pronunciation;
  }
  std::string lower = word;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// Words at even shares of the audio, each over its written stretch.
app::SpokenPtr FakeSession::Speak(const std::string& text, const Trial& trial) const {
  auto spoken = std::make_shared<app::Spoken>();
  const std::string said = Spoken(text);
  spoken->wav = WavOf(said);
  spoken->speech.sample_rate_hz = kRateHz;
  spoken->speech.spoken_text = said;
  const std::vector<std::string> words = Words(text);
  const std::int64_t total = static_cast<std::int64_t>(said.size()) * kSamplesPerChar;
  std::size_t from = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::size_t at = text.find(words[i], from);
    from = at + words[i].size();
    const bool exact = Spoken(words[i]) == words[i];
    spoken->speech.words.push_back({Spoken(words[i]), PronunciationOf(words[i], trial),
                                    total * std::int64_t(i) / std::int64_t(words.size()),
                                    total * std::int64_t(i + 1) / std::int64_t(words.size()),
                                    CodePoints(text, at), CodePoints(text, from), exact});
  }
  return spoken;
}

Result<app::SpokenPtr> FakeSession::Paragraph(int chapter, int paragraph) {
  auto view = Chapter(chapter);
  if (!view.ok()) return view.status();
  if (paragraph < 1 || paragraph > static_cast<int>(view->paragraphs.size()))
    return Status::NotFound("no paragraph " + std::to_string(paragraph) + " in chapter " +
                            std::to_string(chapter));
  std::lock_guard lock(mu_);
  return Speak(view->paragraphs[paragraph - 1].text, {});
}

Result<app::SpokenPtr> FakeSession::Say(const std::string& text, const Trial& trial) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidInput("there is no text to say");
  for (const auto& [word, pronunciation] : trial) {
    const app::PronunciationCheck check = CheckPronunciation(pronunciation);
    if (!check.valid) return Status::InvalidInput(word + ": " + check.error);
  }
  std::lock_guard lock(mu_);
  return Speak(text, trial);
}

Result<std::string> FakeSession::Phonemes(const std::string& text, const Trial& trial) {
  auto spoken = Say(text, trial);
  if (!spoken.ok()) return spoken.status();
  std::string phonemes;
  for (const app::SpokenWord& w : (*spoken)->speech.words)
    phonemes += (phonemes.empty() ? "" : " ") + w.phonemes;
  return phonemes;
}

app::PronunciationCheck FakeSession::CheckPronunciation(const std::string& p) {
  if (p.size() >= 2 && p.front() == '/' && p.back() == '/') {
    if (p.find("\xca\x98") != std::string::npos)  // ʘ
      return {false, "ipa", "", "unknown IPA symbol \"\xca\x98\" (U+0298) in " + p};
    return {p.size() > 2, "ipa", "ipa(" + p.substr(1, p.size() - 2) + ")",
            p.size() > 2 ? "" : "empty IPA"};
  }
  if (p.starts_with("[[") && p.ends_with("]]") && p.size() > 4)
    return {true, "espeak", p.substr(2, p.size() - 4), ""};
  if (IsRespelling(p)) return {true, "respelling", p, ""};
  return {false, "respelling", "", "a respelling is letters, '-', ' ' and \"'\": " + p};
}

app::LexiconEntryView FakeSession::View(std::size_t index) const {
  const Entry& e = entries_[index];
  return {e.word, e.pronunciation, e.case_sensitive, "lamp.lexicon", static_cast<int>(index) + 1,
          true};
}

app::LexiconView FakeSession::Lexicon() {
  std::lock_guard lock(mu_);
  app::LexiconView view;
  view.file = "lamp.lexicon";
  view.version = "v" + std::to_string(lexicon_version_);
  view.error = lexicon_error_;
  for (std::size_t i = 0; i < entries_.size(); ++i) view.entries.push_back(View(i));
  return view;
}

void FakeSession::SetLexiconError(const std::string& error) {
  std::lock_guard lock(mu_);
  lexicon_error_ = error;
}

std::vector<int> FakeSession::ChaptersWith(const std::string& word) const {
  std::vector<int> chapters;
  for (std::size_t c = 0; c < Chapters().size(); ++c) {
    for (const std::string& p : Chapters()[c].paragraphs) {
      if (p.find(word) == std::string::npos) continue;
      chapters.push_back(static_cast<int>(c) + 1);
      break;
    }
  }
  return chapters;
}

app::LexiconChange FakeSession::Change(std::optional<app::LexiconEntryView> before,
                                       std::optional<app::LexiconEntryView> after) {
  app::LexiconChange change;
  change.before = std::move(before);
  change.after = std::move(after);
  change.chapters = ChaptersWith(change.before ? change.before->word : change.after->word);
  stale_.insert(change.chapters.begin(), change.chapters.end());
  change.stale_chapters.assign(stale_.begin(), stale_.end());
  change.version = "v" + std::to_string(++lexicon_version_);
  return change;
}

Result<app::LexiconChange> FakeSession::PutEntry(const std::string& word,
                                                 const std::string& pronunciation,
                                                 bool case_sensitive) {
  const app::PronunciationCheck check = CheckPronunciation(pronunciation);
  if (!check.valid) return Status::InvalidInput(check.error);
  std::lock_guard lock(mu_);
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.word == word; });
  std::optional<app::LexiconEntryView> before;
  if (it == entries_.end()) {
    entries_.push_back({word, pronunciation, case_sensitive});
    it = entries_.end() - 1;
  } else {
    before = View(static_cast<std::size_t>(it - entries_.begin()));
    *it = {word, pronunciation, case_sensitive};
  }
  return Change(before, View(static_cast<std::size_t>(it - entries_.begin())));
}

Result<app::LexiconChange> FakeSession::RemoveEntry(const std::string& word) {
  std::lock_guard lock(mu_);
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.word == word; });
  if (it == entries_.end()) return Status::NotFound("lamp.lexicon has no entry for " + word);
  const app::LexiconEntryView before = View(static_cast<std::size_t>(it - entries_.begin()));
  entries_.erase(it);
  return Change(before, std::nullopt);
}

std::vector<int> FakeSession::StaleChapters() {
  std::lock_guard lock(mu_);
  return {stale_.begin(), stale_.end()};
}

Result<std::vector<app::NameToCheck>> FakeSession::NamesToCheck() {
  std::lock_guard lock(mu_);
  std::vector<app::NameToCheck> names;
  for (const auto& [name, count] : Suggested()) {
    const bool listed = std::any_of(entries_.begin(), entries_.end(),
                                    [&, &n = name](const Entry& e) { return e.word == n; });
    if (listed) continue;
    const int chapter = ChaptersWith(name).front();
    int paragraph = 1;
    for (const std::string& p : Chapters()[chapter - 1].paragraphs) {
      if (p.find(name) != std::string::npos) break;
      ++paragraph;
    }
    names.push_back({name, count, chapter, paragraph,
                     Chapters()[chapter - 1].paragraphs[paragraph - 1], PronunciationOf(name, {}),
                     kept_.count(name) > 0});
  }
  return names;
}

Status FakeSession::KeepName(const std::string& word, bool kept) {
  std::lock_guard lock(mu_);
  if (kept)
    kept_.insert(word);
  else
    kept_.erase(word);
  return Status::Ok();
}

Status FakeSession::StartBuild() {
  std::unique_lock lock(mu_);
  if (progress_.state == app::BuildState::kRunning)
    return Status::AlreadyExists("a build is already running");
  if (builder_.joinable()) {
    lock.unlock();
    builder_.join();
    lock.lock();
  }
  building_.assign(stale_.begin(), stale_.end());
  cancel_ = false;
  const std::uint64_t version = progress_.version + 1;
  progress_ = app::BuildProgress();
  progress_.state = app::BuildState::kRunning;
  progress_.chapters_total = static_cast<int>(building_.size());
  progress_.version = version;
  changed_.notify_all();
  if (build_step_ms_ == 0) {
    while (progress_.state == app::BuildState::kRunning) Advance(lock);
    return Status::Ok();
  }
  builder_ = std::thread([this] { RunBuild(); });
  return Status::Ok();
}

void FakeSession::Advance(std::unique_lock<std::mutex>&) {
  if (cancel_) {
    progress_.state = app::BuildState::kCancelled;
  } else if (progress_.chapters_done < progress_.chapters_total) {
    stale_.erase(building_[progress_.chapters_done]);
    ++progress_.chapters_done;
    progress_.elapsed_seconds += build_step_ms_ / 1000.0;
    progress_.eta_seconds =
        (progress_.chapters_total - progress_.chapters_done) * build_step_ms_ / 1000.0;
  }
  if (progress_.state == app::BuildState::kRunning &&
      progress_.chapters_done == progress_.chapters_total) {
    progress_.state = app::BuildState::kDone;
    progress_.message = "audiobooks/The Lamp";
  }
  ++progress_.version;
  changed_.notify_all();
}

void FakeSession::RunBuild() {
  std::unique_lock lock(mu_);
  while (progress_.state == app::BuildState::kRunning) {
    changed_.wait_for(lock, std::chrono::milliseconds(build_step_ms_), [this] { return cancel_; });
    Advance(lock);
  }
}

void FakeSession::CancelBuild() {
  std::lock_guard lock(mu_);
  cancel_ = true;
  changed_.notify_all();
}

app::BuildProgress FakeSession::Progress() {
  std::lock_guard lock(mu_);
  return progress_;
}

app::BuildProgress FakeSession::WaitForProgress(std::uint64_t after_version, int timeout_ms) {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                    [&] { return progress_.version > after_version; });
  return progress_;
}

}  // namespace narrate::testing
