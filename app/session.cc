// The studio session (app/session.h): one book held open, its parts in
// app/session_parts.h, each behind a lock of its own; the engine is behind
// speaker_mu_, which nothing else is held across.
#include "app/session.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <set>

#include "app/session_parts.h"
#include "app/suggestions.h"
#include "common/atomic_file.h"
#include "common/interrupt.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;
using session::LexiconState;
using Trial = std::vector<std::pair<std::string, std::string>>;
using Spans = std::vector<pipeline::VoicedSpan>;

constexpr std::size_t kCacheBudgetBytes = std::size_t{64} << 20;
constexpr char kTrialName[] = "trial entries";
// Paragraphs rendered in the background, ahead of a click: a chapter's first
// ones when it is opened, those after a paragraph asked for (continuous
// play, the next click). A 700-character paragraph is about 100 ms of
// eSpeak and 1.8 MB of WAV, so 24 of them fit the cache's budget.
constexpr int kParagraphsAhead = 24;
// How long a chapter waits for the book's names to mark them.
constexpr std::chrono::milliseconds kNamesWait{2000};

std::string FileName(const std::string& path) { return fs::path(path).filename().string(); }

// The file edits go to: as asked, else the last --lexicon, else <book>.lexicon.
std::string TargetLexicon(const SessionOptions& options) {
  if (!options.lexicon_path.empty()) return options.lexicon_path;
  const auto& given = options.build.speech.lexicons;
  return given.empty() ? pronunciation::BookLexiconPath(options.book_path) : given.back();
}

std::string KeptNamesPath(const SessionOptions& options) {
  if (!options.kept_names_path.empty()) return options.kept_names_path;
  return fs::path(options.book_path).replace_extension(".kept-names").string();
}

// "ipa" for /…/, "espeak" for [[…]], else "respelling" ("" when empty).
std::string PronunciationKind(std::string_view written) {
  const std::size_t start = written.find_first_not_of(" \t");
  if (start == std::string_view::npos) return "";
  if (written.substr(start).starts_with("[[")) return "espeak";
  return written[start] == '/' ? "ipa" : "respelling";
}

// The paragraph's spoken form, a verse line a line, as a build speaks it.
std::string SpokenText(const source::Paragraph& paragraph, const pipeline::TextPreparer& preparer) {
  std::string spoken;
  for (const pipeline::SpokenLine& line : pipeline::SpokenLines(paragraph.text)) {
    if (!spoken.empty()) spoken += '\n';
    spoken += pipeline::KeepClosingComma(line, preparer.Normalize(line.text));
  }
  return spoken;
}

// The build's options with the lexicons as they are: the target counts as one
// more --lexicon once it exists where the book's lexicons do not load it.
pipeline::BuildOptions WithTarget(pipeline::BuildOptions options, const std::string& book_path,
                                  const std::string& target) {
  const auto loaded = pronunciation::LexiconFiles(book_path, options.speech.lexicons);
  const bool listed = std::any_of(loaded.begin(), loaded.end(), [&](const std::string& f) {
    return session::SameFile(f, target);
  });
  std::error_code ec;
  if (!listed && fs::exists(target, ec)) options.speech.lexicons.push_back(target);
  return options;
}

class StudioSession final : public Session {
 public:
  StudioSession(SessionOptions options, source::Book book, VoiceChoice voice,
                std::unique_ptr<Speaker> speaker, pipeline::TextPreparer preparer,
                std::shared_ptr<const session::CastState> cast)
      : options_(std::move(options)),
        book_(std::move(book)),
        voice_(std::move(voice)),
        target_(TargetLexicon(options_)),
        cast_(std::move(cast)),
        speaker_(std::move(speaker)),
        lexicons_(
            WatchedFiles(), [this] { return Load(); }, std::move(preparer)),
        cache_(kCacheBudgetBytes),
        kept_(KeptNamesPath(options_)) {
    // Before any thread of the session: the build's process is forked from this one.
    build_status_ =
        build_.Open([this](const BuildCallbacks& callbacks) -> Result<pipeline::BuildReport> {
          auto preparer = Load();  // the lexicons as the files are now
          if (!preparer.ok()) return preparer.status();
          auto cast = ReadCastNow();  // and the corrections
          if (!cast.ok()) return cast.status();
          return app::Build(book_, BuildOptionsWith(**cast), *preparer, callbacks);
        });
    names_ready_ = std::thread([this] { Names(); });  // the whole book's text: not on a click
    ahead_thread_ = std::thread([this] { RenderAhead(); });
  }
  ~StudioSession() override {
    build_.Cancel();
    {
      std::lock_guard lock(ahead_mu_);
      stopping_ = true;
    }
    ahead_wanted_.notify_all();
    ahead_thread_.join();
    names_ready_.join();
  }

  BookView Book() override;
  Result<ChapterView> Chapter(int number) override;
  Result<SpokenPtr> Paragraph(int chapter, int paragraph) override;
  Result<SpokenPtr> Paragraph(int chapter, int paragraph,
                              const Speaker::AudioChunkFn& on_audio) override;
  Result<SpokenPtr> CachedParagraph(int chapter, int paragraph) override;
  Result<SpokenPtr> Say(const std::string& text, const Trial& trial) override;
  Result<std::string> Phonemes(const std::string& text, const Trial& trial) override;
  PronunciationCheck CheckPronunciation(const std::string& pronunciation) override;
  LexiconView Lexicon() override;
  Result<LexiconChange> PutEntry(const std::string& word, const std::string& pronunciation,
                                 bool case_sensitive) override;
  Result<LexiconChange> RemoveEntry(const std::string& word) override;
  std::vector<int> StaleChapters() override;
  Result<std::vector<NameToCheck>> NamesToCheck() override;
  Status KeepName(const std::string& word, bool kept) override;
  CastView Cast() override { return session::CastViewOf(*CastNow()); }
  Result<ChapterQuotations> CorrectSpeaker(int chapter, int paragraph, std::size_t char_start,
                                           const std::string& who) override;
  Status StartBuild() override;
  void CancelBuild() override { build_.Cancel(); }
  BuildProgress Progress() override { return build_.Progress(); }
  BuildProgress WaitForProgress(std::uint64_t after_version, int timeout_ms) override {
    return build_.Wait(after_version, timeout_ms);
  }

 private:
  pipeline::BuildOptions BuildOptionsNow() const { return BuildOptionsWith(*CastNow()); }
  pipeline::BuildOptions BuildOptionsWith(const session::CastState& cast) const;
  std::shared_ptr<const session::CastState> CastNow() const;
  // The cast and corrections files as they are now.
  Result<std::shared_ptr<const session::CastState>> ReadCastNow() const;
  // The byte where the quotation of the paragraph beginning at code point char_start begins.
  Result<std::size_t> QuotationAt(const session::CastState& cast, int chapter, int paragraph,
                                  std::size_t char_start) const;
  void DropVoicesChanged(const session::CastState& before, const session::CastState& after);
  std::vector<std::string> WatchedFiles() const;
  Result<pipeline::TextPreparer> Load() const;
  Result<const source::Paragraph*> ParagraphAt(int chapter, int paragraph) const;
  Result<std::shared_ptr<const pipeline::TextPreparer>> WithTrial(const Trial& trial);
  // Text typed in the page as a paragraph, with the preparer its trial entries make.
  struct TypedText {
    source::Paragraph paragraph;
    std::shared_ptr<const pipeline::TextPreparer> preparer;
  };
  Result<TypedText> Typed(const std::string& text, const Trial& trial);
  Result<SpokenPtr> Speak(const source::Paragraph& paragraph,
                          const pipeline::TextPreparer& preparer, const Spans& spans = {});
  // What a call for the speech of `key` gets: the cached result, or the
  // render under way to follow, or a new one (mine) that the caller must
  // carry out with RenderClaimed: one render per key at a time.
  struct Claim {
    SpokenPtr cached;
    std::shared_ptr<session::Rendering> rendering;
    bool mine = false;
  };
  Claim ClaimKey(const std::string& key);
  // Renders a claimed key (waiting for the engine), caches the result, and
  // hands it to the render's followers.
  Result<SpokenPtr> RenderClaimed(const source::Paragraph& paragraph,
                                  const pipeline::TextPreparer& preparer, const Spans& spans,
                                  const std::string& key, session::Rendering& rendering);
  Result<SpokenPtr> RenderNow(const source::Paragraph& paragraph,
                              const pipeline::TextPreparer& preparer, const Spans& spans,
                              session::Rendering& rendering);
  // A claimed render that the render thread carries out first (a click
  // streaming it waits for its samples, not for the whole render).
  struct Job {
    const source::Paragraph* paragraph = nullptr;
    std::shared_ptr<const pipeline::TextPreparer> preparer;
    Spans spans;
    std::string key;
    std::shared_ptr<session::Rendering> rendering;
  };
  void RenderSoon(Job job);
  void Unclaim(const std::string& key, session::Rendering& rendering,
               const Result<SpokenPtr>& result);
  // Asks for paragraphs first.. of chapter (kParagraphsAhead at most) to be
  // rendered in the background, replacing what was asked before (the reader
  // has moved on).
  void WantAhead(int chapter, int first);
  // The thread that renders the streamed paragraphs asked for (first), and
  // those ahead while no call waits for the engine.
  void RenderAhead();
  Result<LexiconChange> Edit(const pronunciation::LexiconEdit& edit);
  std::vector<pipeline::PlannedFile> Plan(const LexiconState& lexicons);
  std::vector<int> StaleIn(const std::vector<pipeline::PlannedFile>& stale) const;
  Result<std::shared_ptr<const session::NameIndex>> Names();
  Result<std::shared_ptr<const session::NameIndex>> NamesLocked();  // names_mu_ held
  // The names to mark, and whether they are those of the lexicons as they are now.
  std::pair<std::shared_ptr<const session::NameIndex>, bool> NamesToMark();
  Result<std::vector<std::string>> Readings(const std::vector<std::string>& words);
  Status FillPhonemes(std::vector<NameToCheck>& names);
  void FillPlaces(std::vector<NameToCheck>& names);

  const SessionOptions options_;  // build.speech.voice: the voice chosen
  const source::Book book_;
  const VoiceChoice voice_;
  const std::string target_;

  mutable std::mutex cast_mu_;  // the cast as now; replaced whole by a correction
  std::shared_ptr<const session::CastState> cast_;
  std::mutex correct_mu_;  // one correction at a time

  std::mutex speaker_mu_;  // the engine: one call at a time
  const std::unique_ptr<Speaker> speaker_;
  session::LexiconWatch lexicons_;
  session::SpeechCache cache_;
  std::mutex renderings_mu_;  // claims (taken before the cache's lock, never inside it)
  std::map<std::string, std::shared_ptr<session::Rendering>> renderings_;  // by key, under way
  std::mutex edit_mu_;  // one edit of the target file at a time

  std::timed_mutex names_mu_;  // the names, their phonemes and the kept names
  std::optional<Result<std::vector<pronunciation::Suggestion>>> spoken_names_;
  std::string names_version_;
  std::shared_ptr<const session::NameIndex> names_;
  std::map<std::string, std::string> phonemes_;  // name → eSpeak's reading
  session::KeptNames kept_;
  std::mutex last_names_mu_;  // taken inside names_mu_, never the other way round
  std::shared_ptr<const session::NameIndex> last_names_;

  std::mutex places_mu_;  // where each name is first found: it is the same for every lexicon
  std::map<std::string, NameToCheck> places_;

  std::mutex plan_mu_;  // what a build would write, for the lexicons of plan_version_
  std::string plan_version_;
  std::vector<pipeline::PlannedFile> plan_;

  std::atomic<int> speakers_waiting_{0};  // calls waiting for speaker_mu_ to speak
  std::mutex ahead_mu_;
  std::condition_variable ahead_wanted_;
  std::deque<std::pair<int, int>> ahead_;  // (chapter, paragraph) to render ahead
  std::deque<Job> urgent_;                 // streamed renders, before those ahead
  bool stopping_ = false;
  std::thread ahead_thread_;

  std::thread names_ready_;     // finds the names once the session opens
  Status build_status_;         // whether the build's process could be made
  session::BuildRunner build_;  // last: stopped before the rest goes
};

// ---- Files --------------------------------------------------------------------------

pipeline::BuildOptions StudioSession::BuildOptionsWith(const session::CastState& cast) const {
  pipeline::BuildOptions options = WithTarget(options_.build, book_.path, target_);
  options.speech.voicing = cast.voicing;
  return options;
}

std::vector<std::string> StudioSession::WatchedFiles() const {
  std::vector<std::string> files =
      pronunciation::LexiconFiles(book_.path, options_.build.speech.lexicons);
  files.push_back(target_);
  return files;
}

Result<pipeline::TextPreparer> StudioSession::Load() const {
  return LoadPreparer(BuildOptionsNow().speech, book_.path, &book_);
}

// ---- The book ---------------------------------------------------------------------

BookView StudioSession::Book() {
  const voices::VoiceSettings& narrator = options_.build.speech.voice;
  const std::string voice =
      narrator == voice_.voice ? DescribeVoice(voice_) : narrator.name + " (the cast's narrator)";
  return BookView{book_.title, book_.author,      book_.language,
                  voice,       FileName(target_), SummarizeChapters(book_)};
}

Result<ChapterView> StudioSession::Chapter(int number) {
  if (number < 1 || number > static_cast<int>(book_.chapters.size())) {
    return Status::NotFound("chapter " + std::to_string(number) + " is not in 1.." +
                            std::to_string(book_.chapters.size()));
  }
  const LexiconState lexicons = lexicons_.Current();
  // Until the names are found, the lexicons' words alone are marked.
  const auto [names, names_ready] = NamesToMark();
  const pronunciation::Lexicon& finder = names ? names->finder : lexicons.preparer->lexicon();
  const source::Chapter& chapter = book_.chapters[number - 1];
  ChapterQuotations quotations = session::QuotationsOf(book_, *CastNow(), number);
  ChapterView view{number, chapter.title, {}, names_ready};
  for (std::size_t i = 0; i < chapter.paragraphs.size(); ++i) {
    const source::Paragraph& p = chapter.paragraphs[i];
    view.paragraphs.push_back({static_cast<int>(i) + 1, p.text, SpokenText(p, *lexicons.preparer),
                               session::MarkNames(p.text, finder), std::move(quotations[i])});
  }
  WantAhead(number, 1);  // the page shows it: a click on any of its first paragraphs is cached
  return view;
}

Result<const source::Paragraph*> StudioSession::ParagraphAt(int chapter, int paragraph) const {
  auto found = FindParagraph(book_, chapter, paragraph);
  if (found.ok()) return found;
  const std::string why = found.status().message();  // "--chapter 9 is not in 1..3"
  return Status::NotFound(why.starts_with("--") ? why.substr(2) : why);
}

// ---- Speech -------------------------------------------------------------------------

StudioSession::Claim StudioSession::ClaimKey(const std::string& key) {
  std::lock_guard lock(renderings_mu_);
  if (SpokenPtr hit = cache_.Find(key)) return Claim{hit, nullptr, false};
  auto& slot = renderings_[key];
  if (slot) return Claim{nullptr, slot, false};
  slot = std::make_shared<session::Rendering>();
  return Claim{nullptr, slot, true};
}

Result<SpokenPtr> StudioSession::RenderNow(const source::Paragraph& paragraph,
                                           const pipeline::TextPreparer& preparer,
                                           const Spans& spans, session::Rendering& rendering) {
  ++speakers_waiting_;
  std::unique_lock lock(speaker_mu_);
  --speakers_waiting_;
  auto rendered = speaker_->Render(
      paragraph, preparer,
      [&rendering](int rate_hz, std::span<const std::int16_t> samples) {
        rendering.Append(rate_hz, samples);
      },
      spans);
  if (!rendered.ok()) return rendered.status();
  return session::ToSpoken(std::move(*rendered));
}

void StudioSession::Unclaim(const std::string& key, session::Rendering& rendering,
                            const Result<SpokenPtr>& result) {
  {
    std::lock_guard lock(renderings_mu_);  // cached before unclaimed: no second render
    if (result.ok()) cache_.Add(key, *result);
    renderings_.erase(key);
  }
  rendering.Finish(result);
}

Result<SpokenPtr> StudioSession::RenderClaimed(const source::Paragraph& paragraph,
                                               const pipeline::TextPreparer& preparer,
                                               const Spans& spans, const std::string& key,
                                               session::Rendering& rendering) {
  Result<SpokenPtr> result = RenderNow(paragraph, preparer, spans, rendering);
  Unclaim(key, rendering, result);
  return result;
}

Result<SpokenPtr> StudioSession::Speak(const source::Paragraph& paragraph,
                                       const pipeline::TextPreparer& preparer, const Spans& spans) {
  const std::string key = session::SpeechKey(paragraph, preparer, spans);
  Claim claim = ClaimKey(key);
  if (claim.cached) return claim.cached;
  if (!claim.mine) return claim.rendering->Follow({});
  return RenderClaimed(paragraph, preparer, spans, key, *claim.rendering);
}

Result<SpokenPtr> StudioSession::Paragraph(int chapter, int paragraph) {
  auto found = ParagraphAt(chapter, paragraph);
  if (!found.ok()) return found.status();
  auto spoken =
      Speak(**found, *lexicons_.Current().preparer, CastNow()->SpansOf(chapter, paragraph));
  if (spoken.ok()) WantAhead(chapter, paragraph + 1);
  return spoken;
}

Result<SpokenPtr> StudioSession::Paragraph(int chapter, int paragraph,
                                           const Speaker::AudioChunkFn& on_audio) {
  auto found = ParagraphAt(chapter, paragraph);
  if (!found.ok()) return found.status();
  std::shared_ptr<const pipeline::TextPreparer> preparer = lexicons_.Current().preparer;
  Spans spans = CastNow()->SpansOf(chapter, paragraph);
  std::string key = session::SpeechKey(**found, *preparer, spans);
  Claim claim = ClaimKey(key);
  Result<SpokenPtr> spoken = claim.cached;
  if (claim.cached) {
    session::Replay(*claim.cached, on_audio);
  } else {
    // On the render thread: this call's on_audio may block (a slow client); the render must not.
    if (claim.mine)
      RenderSoon(
          Job{*found, std::move(preparer), std::move(spans), std::move(key), claim.rendering});
    spoken = claim.rendering->Follow(on_audio);
  }
  if (spoken.ok()) WantAhead(chapter, paragraph + 1);
  return spoken;
}

Result<SpokenPtr> StudioSession::CachedParagraph(int chapter, int paragraph) {
  auto found = ParagraphAt(chapter, paragraph);
  if (!found.ok()) return found.status();
  return cache_.Find(session::SpeechKey(**found, *lexicons_.Current().preparer,
                                        CastNow()->SpansOf(chapter, paragraph)));
}

void StudioSession::RenderSoon(Job job) {
  {
    std::lock_guard lock(ahead_mu_);
    if (!stopping_) {
      urgent_.push_back(std::move(job));
      job.rendering = nullptr;
    }
  }
  ahead_wanted_.notify_one();
  if (job.rendering) Unclaim(job.key, *job.rendering, Status::Interrupted("the studio is closing"));
}

void StudioSession::WantAhead(int chapter, int first) {
  const int last = static_cast<int>(book_.chapters[chapter - 1].paragraphs.size());
  {
    std::lock_guard lock(ahead_mu_);
    ahead_.clear();
    for (int p = first; p <= std::min(last, first + kParagraphsAhead - 1); ++p)
      ahead_.emplace_back(chapter, p);
  }
  ahead_wanted_.notify_one();
}

void StudioSession::RenderAhead() {
  std::unique_lock lock(ahead_mu_);
  while (true) {
    ahead_wanted_.wait(lock, [this] { return stopping_ || !urgent_.empty() || !ahead_.empty(); });
    if (stopping_) break;
    if (!urgent_.empty()) {
      Job job = std::move(urgent_.front());
      urgent_.pop_front();
      lock.unlock();
      RenderClaimed(*job.paragraph, *job.preparer, job.spans, job.key, *job.rendering);
      lock.lock();
      continue;
    }
    const auto [chapter, paragraph] = ahead_.front();
    ahead_.pop_front();
    lock.unlock();
    // A call waiting for the engine goes first: this render can wait.
    while (speakers_waiting_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const source::Paragraph& p = book_.chapters[chapter - 1].paragraphs[paragraph - 1];
    // A failure here is met again when asked for.
    Speak(p, *lexicons_.Current().preparer, CastNow()->SpansOf(chapter, paragraph));
    lock.lock();
  }
  std::deque<Job> left = std::move(urgent_);  // their followers are told, not left waiting
  lock.unlock();
  for (Job& job : left)
    Unclaim(job.key, *job.rendering, Status::Interrupted("the studio is closing"));
}

// The book's preparer, with the trial entries (as a lexicon file writes them) winning.
Result<std::shared_ptr<const pipeline::TextPreparer>> StudioSession::WithTrial(const Trial& trial) {
  std::shared_ptr<const pipeline::TextPreparer> preparer = lexicons_.Current().preparer;
  if (trial.empty()) return preparer;
  std::string lines;
  for (const auto& [word, pronunciation] : trial) {
    auto checked = pronunciation::ParsePronunciation(word, pronunciation);
    if (!checked.ok()) return checked.status().WithPrefix("\"" + word + "\"");
    if (word.find_first_of("\t\r\n") != std::string::npos || word.empty() || word[0] == '#')
      return Status::InvalidInput("\"" + word + "\" cannot be a lexicon word");
    lines += word + "\t" + pronunciation + "\n";
  }
  auto with = preparer->WithEntries(lines, kTrialName);
  if (!with.ok()) return Status::InvalidInput(with.status().message());
  return std::make_shared<const pipeline::TextPreparer>(std::move(*with));
}

Result<StudioSession::TypedText> StudioSession::Typed(const std::string& text, const Trial& trial) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidInput("no text: type something to hear");
  auto paragraph = ParagraphOfText(text);
  if (!paragraph.ok()) return paragraph.status();
  auto preparer = WithTrial(trial);
  if (!preparer.ok()) return preparer.status();
  return TypedText{std::move(*paragraph), std::move(*preparer)};
}

Result<SpokenPtr> StudioSession::Say(const std::string& text, const Trial& trial) {
  auto typed = Typed(text, trial);
  if (!typed.ok()) return typed.status();
  return Speak(typed->paragraph, *typed->preparer);
}

Result<std::string> StudioSession::Phonemes(const std::string& text, const Trial& trial) {
  auto typed = Typed(text, trial);
  if (!typed.ok()) return typed.status();
  const Utterance utterance = typed->preparer->PrepareParagraph(typed->paragraph);
  std::lock_guard lock(speaker_mu_);
  auto phonemes = speaker_->Phonemes({utterance}, typed->preparer->voice(), false);
  if (!phonemes.ok()) return phonemes.status();
  return phonemes->empty() ? std::string() : phonemes->front();
}

PronunciationCheck StudioSession::CheckPronunciation(const std::string& pronunciation) {
  PronunciationCheck check{false, PronunciationKind(pronunciation), "", ""};
  if (check.kind.empty()) {
    check.error = "empty pronunciation";
    return check;
  }
  auto entry = pronunciation::ParsePronunciation("", pronunciation);
  if (!entry.ok()) {
    check.error = entry.status().message();
    return check;
  }
  check.valid = true;
  check.espeak = entry->espeak.empty() ? entry->respelling : entry->espeak;
  return check;
}

// ---- The lexicon -----------------------------------------------------------------

LexiconView StudioSession::Lexicon() {
  const LexiconState lexicons = lexicons_.Current();
  LexiconView view{FileName(target_), lexicons.version, {}, lexicons.error};
  std::map<std::string, bool> editable;  // file → whether it is the target
  for (const pronunciation::Entry& e : lexicons.preparer->lexicon().entries()) {
    auto it = editable.find(e.file);
    if (it == editable.end())
      it = editable.emplace(e.file, session::SameFile(e.file, target_)).first;
    view.entries.push_back(session::EntryView(e, it->second));
  }
  return view;
}

// Applies the edit to the target as it is now (EditLexicon), then reports.
Result<LexiconChange> StudioSession::Edit(const pronunciation::LexiconEdit& edit) {
  auto report = EditLexicon(target_, edit, &book_, BuildOptionsNow());
  if (!report.ok()) return report.status();
  const pronunciation::EditOutcome& outcome = report->outcome;
  LexiconChange change;
  const std::string name = FileName(target_);
  if (!outcome.old_line.empty())
    change.before = session::LineEntry(outcome.old_line, name, outcome.line);
  if (!outcome.new_line.empty())
    change.after = session::LineEntry(outcome.new_line, name, outcome.line);
  change.chapters = report->chapters;
  const LexiconState lexicons = lexicons_.Current();
  change.stale_chapters =
      StaleIn(pipeline::FilesToRender(book_, BuildOptionsNow(), Plan(lexicons)));
  change.version = lexicons.version;
  return change;
}

Result<LexiconChange> StudioSession::PutEntry(const std::string& word,
                                              const std::string& pronunciation,
                                              bool case_sensitive) {
  std::lock_guard lock(edit_mu_);
  auto text = ReadWholeFile(target_);
  if (!text.ok() && text.status().code() != StatusCode::kNotFound) return text.status();
  auto edit = session::PutEdit(text.ok() ? *text : "", word, pronunciation, case_sensitive);
  if (!edit.ok()) return edit.status();
  return Edit(*edit);
}

Result<LexiconChange> StudioSession::RemoveEntry(const std::string& word) {
  std::lock_guard lock(edit_mu_);
  auto text = ReadWholeFile(target_);
  if (!text.ok() && text.status().code() != StatusCode::kNotFound) return text.status();
  auto edit = session::RemoveEdit(text.ok() ? *text : "", target_, word);
  if (!edit.ok()) return edit.status();
  return Edit(*edit);
}

// ---- What a build would render ---------------------------------------------------

std::vector<pipeline::PlannedFile> StudioSession::Plan(const LexiconState& lexicons) {
  std::lock_guard lock(plan_mu_);
  const std::shared_ptr<const session::CastState> cast = CastNow();
  const std::string version = lexicons.version + "/" + std::to_string(cast->generation);
  if (plan_version_ == version) return plan_;
  std::vector<pipeline::PlannedFile> plan =
      pipeline::PlanFiles(book_, BuildOptionsWith(*cast), *lexicons.preparer);
  if (Interrupted()) return plan;  // planning stopped early: not kept
  plan_ = std::move(plan);
  plan_version_ = version;
  return plan_;
}

std::vector<int> StudioSession::StaleIn(const std::vector<pipeline::PlannedFile>& stale) const {
  std::set<int> chapters;
  for (const pipeline::PlannedFile& f : stale) {
    for (int c : f.chapters) {
      if (c > 0) chapters.insert(c);
    }
  }
  return {chapters.begin(), chapters.end()};
}

std::vector<int> StudioSession::StaleChapters() {
  return StaleIn(pipeline::FilesToRender(book_, BuildOptionsNow(), Plan(lexicons_.Current())));
}

Status StudioSession::StartBuild() {
  const LexiconState lexicons = lexicons_.Current();
  const pipeline::BuildOptions options = BuildOptionsNow();
  std::map<int, std::size_t> words;  // chapter → words
  for (const ChapterSummary& c : SummarizeChapters(book_)) words[c.number] = c.words;
  std::vector<std::pair<int, std::size_t>> to_render;
  for (const pipeline::PlannedFile& f : pipeline::FilesToRender(book_, options, Plan(lexicons))) {
    for (int c : f.chapters) to_render.push_back({c, std::max<std::size_t>(1, words[c])});
  }
  NARRATE_RETURN_IF_ERROR(build_status_);
  return build_.Start(std::move(to_render));
}

// ---- The cast ------------------------------------------------------------------------

std::shared_ptr<const session::CastState> StudioSession::CastNow() const {
  std::lock_guard lock(cast_mu_);
  return cast_;
}

Result<std::shared_ptr<const session::CastState>> StudioSession::ReadCastNow() const {
  // Over the voice chosen for the book, as at OpenSession (build.speech.voice is the narrator's).
  return session::ReadCast(book_, options_.voices_path, voice_.voice, CastNow()->generation + 1);
}

Result<std::size_t> StudioSession::QuotationAt(const session::CastState& cast, int chapter,
                                               int paragraph, std::size_t char_start) const {
  auto found = ParagraphAt(chapter, paragraph);
  if (!found.ok()) return found.status();
  const auto begin = session::ByteOfCodePoint((*found)->text, char_start);
  for (const CastQuotation& q : cast.cast.quotations) {
    if (begin && q.chapter == chapter && q.paragraph == paragraph && q.begin == *begin)
      return q.begin;
  }
  return Status::NotFound("no quotation at " + std::to_string(char_start) + " in chapter " +
                          std::to_string(chapter) + ", paragraph " + std::to_string(paragraph));
}

void StudioSession::DropVoicesChanged(const session::CastState& before,
                                      const session::CastState& after) {
  const std::shared_ptr<const pipeline::TextPreparer> preparer = lexicons_.Current().preparer;
  for (const auto& [c, p] : session::ChangedParagraphs(book_, before, after)) {
    const source::Paragraph& paragraph = book_.chapters[c - 1].paragraphs[p - 1];
    cache_.Remove(session::SpeechKey(paragraph, *preparer, before.SpansOf(c, p)));
  }
}

Result<ChapterQuotations> StudioSession::CorrectSpeaker(int chapter, int paragraph,
                                                        std::size_t char_start,
                                                        const std::string& who) {
  std::lock_guard lock(correct_mu_);
  const std::shared_ptr<const session::CastState> before = CastNow();
  auto begin = QuotationAt(*before, chapter, paragraph, char_start);
  if (!begin.ok()) return begin.status();
  if (!who.empty() && before->cast.cast.Find(who) == nullptr)
    return Status::InvalidInput("\"" + who + "\" is not a character of the cast");
  NARRATE_RETURN_IF_ERROR(
      app::CorrectSpeaker(book_, before->cast, chapter, paragraph, *begin, who));
  auto after = ReadCastNow();  // attributed again: later turn-taking may change
  if (!after.ok()) return after.status();
  {
    std::lock_guard cast_lock(cast_mu_);
    cast_ = *after;
  }
  DropVoicesChanged(*before, **after);
  return session::QuotationsOf(book_, **after, chapter);
}

// ---- Names to check ---------------------------------------------------------------

// The names for the lexicons as they are: the book's names found once, those
// the lexicons now cover left out.
Result<std::shared_ptr<const session::NameIndex>> StudioSession::Names() {
  std::lock_guard lock(names_mu_);
  return NamesLocked();
}

// The names to mark in a chapter, waiting for them a moment at most: those
// of the lexicons as they are, else (another call still finding them: the
// first search reads the whole book, a second or so for a long novel) the
// last found, null before the first.
std::pair<std::shared_ptr<const session::NameIndex>, bool> StudioSession::NamesToMark() {
  std::unique_lock lock(names_mu_, kNamesWait);
  if (lock.owns_lock()) {
    auto names = NamesLocked();
    return {names.ok() ? *names : nullptr, true};
  }
  std::lock_guard last(last_names_mu_);
  return {last_names_, false};
}

Result<std::shared_ptr<const session::NameIndex>> StudioSession::NamesLocked() {
  const LexiconState lexicons = lexicons_.Current();
  if (!spoken_names_) spoken_names_ = SpokenNames(book_, *lexicons.preparer);
  if (!spoken_names_->ok()) return spoken_names_->status();
  if (names_ && names_version_ == lexicons.version) return names_;
  const pronunciation::Lexicon& lexicon = lexicons.preparer->lexicon();
  names_ = std::make_shared<const session::NameIndex>(
      session::IndexNames(NamesToSuggest(book_, **spoken_names_, lexicon), lexicon));
  names_version_ = lexicons.version;
  std::lock_guard last(last_names_mu_);
  last_names_ = names_;
  return names_;
}

// eSpeak's own reading of each word, a few words per turn of the engine so
// that a paragraph asked for meanwhile waits for a few, not for all.
Result<std::vector<std::string>> StudioSession::Readings(const std::vector<std::string>& words) {
  constexpr std::size_t kWordsPerTurn = 16;
  std::vector<std::string> readings;
  for (std::size_t from = 0; from < words.size(); from += kWordsPerTurn) {
    std::vector<Utterance> turn;
    for (std::size_t k = from; k < std::min(words.size(), from + kWordsPerTurn); ++k)
      turn.push_back(PlainUtterance(words[k]));
    std::lock_guard lock(speaker_mu_);
    auto phonemes = speaker_->Phonemes(turn, options_.build.speech.voice, false);
    if (!phonemes.ok()) return phonemes.status();
    readings.insert(readings.end(), phonemes->begin(), phonemes->end());
  }
  return readings;
}

// The names' readings, asked for once per name; names_mu_ is not held across the engine.
Status StudioSession::FillPhonemes(std::vector<NameToCheck>& names) {
  std::vector<std::string> missing;
  {
    std::lock_guard lock(names_mu_);
    for (const NameToCheck& n : names) {
      if (phonemes_.count(n.word) == 0) missing.push_back(n.word);
    }
  }
  auto readings = Readings(missing);
  if (!readings.ok()) return readings.status();
  std::lock_guard lock(names_mu_);
  for (std::size_t k = 0; k < missing.size() && k < readings->size(); ++k)
    phonemes_[missing[k]] = (*readings)[k];
  for (NameToCheck& n : names) n.phonemes = phonemes_[n.word];
  return Status::Ok();
}

// Where each name is first found, looked for once per name.
void StudioSession::FillPlaces(std::vector<NameToCheck>& names) {
  std::lock_guard lock(places_mu_);
  std::vector<NameToCheck> missing;
  for (const NameToCheck& n : names) {
    if (places_.count(n.word) == 0) missing.push_back(n);
  }
  session::PlaceNames(book_, voices::LanguageOf(options_.build.speech.voice), missing);
  for (NameToCheck& n : missing) places_[n.word] = std::move(n);
  for (NameToCheck& n : names) {
    const NameToCheck& placed = places_.at(n.word);
    n.chapter = placed.chapter;
    n.paragraph = placed.paragraph;
    n.sentence = placed.sentence;
  }
}

Result<std::vector<NameToCheck>> StudioSession::NamesToCheck() {
  auto index = Names();
  if (!index.ok()) return index.status();
  std::vector<NameToCheck> names = (*index)->names;
  FillPlaces(names);
  NARRATE_RETURN_IF_ERROR(FillPhonemes(names));
  std::lock_guard lock(names_mu_);
  for (NameToCheck& n : names) n.kept = kept_.Has(n.word);
  return names;
}

Status StudioSession::KeepName(const std::string& word, bool kept) {
  std::lock_guard lock(names_mu_);
  return kept_.Set(word, kept);
}

}  // namespace

Result<std::unique_ptr<Session>> OpenSession(const SessionOptions& options,
                                             std::vector<std::string>* warnings) {
  auto book = OpenBook(options.book_path, options.reading);
  if (!book.ok()) return book.status();
  auto tags = BookTagsFor(*book, options.tags, warnings);  // as `narrate build` tags its files
  if (!tags.ok()) return tags.status();
  auto speaker = std::make_unique<Speaker>();
  auto voice = ChooseVoice(options.build.speech.voice, options.voice_given, &*book, *speaker);
  if (!voice.ok()) return voice.status();
  auto cast = session::ReadCast(*book, options.voices_path, voice->voice, 0);
  if (!cast.ok()) return cast.status();
  if (warnings != nullptr)
    warnings->insert(warnings->end(), (*cast)->cast.warnings.begin(), (*cast)->cast.warnings.end());
  SessionOptions chosen = options;
  chosen.build.speech.voice = session::NarratorVoice(**cast, voice->voice);
  chosen.build.tags = std::move(*tags);
  const pipeline::BuildOptions now =
      WithTarget(chosen.build, options.book_path, TargetLexicon(options));
  auto preparer = LoadPreparer(now.speech, options.book_path, &*book);
  if (!preparer.ok()) return preparer.status();
  // The worker starts with the narrator's voice, so the first paragraph pays no eSpeak start.
  speaker->Phonemes({PlainUtterance("a")}, chosen.build.speech.voice, false);
  return std::unique_ptr<Session>(
      std::make_unique<StudioSession>(std::move(chosen), std::move(*book), std::move(*voice),
                                      std::move(speaker), std::move(*preparer), std::move(*cast)));
}

}  // namespace narrate::app
