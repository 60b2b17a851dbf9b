// A deterministic in-memory app::Session for the studio's tests and fuzz
// target: a two-chapter book, WAV files whose samples follow from the text
// alone, a lexicon kept in memory, names to check, and a build that finishes
// one chapter per step (on a thread of its own, or at once).
//
// Book: "The Lamp" by Ann Vask, en.
//   1. Dawn: "Mira walked 12 miles." / "It was cold in Vask." / "Zoë lit the lamp."
//   2. Dusk: "She slept at 9." / "Worf came with Mira."
// Spoken: digits as words ("12" → "twelve"). Audio: 16 kHz 16-bit mono,
// kSamplesPerChar samples for each byte of the spoken text.
// Pronunciations: "/…/" is IPA (invalid with "ʘ" in it), "[[…]]" eSpeak
// mnemonics, anything else a respelling of letters, '-', ' ' and "'".
// Thread-safe, as app::Session asks.
#pragma once

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "app/session.h"

namespace narrate::testing {

class FakeSession : public app::Session {
 public:
  static constexpr int kRateHz = 16000;
  static constexpr int kSamplesPerChar = 40;
  using Trial = std::vector<std::pair<std::string, std::string>>;

  // build_step_ms: how long each chapter of a build takes; 0: StartBuild
  // finishes the build before it returns (no thread: the fuzz target).
  explicit FakeSession(int build_step_ms = 20);
  ~FakeSession() override;

  app::BookView Book() override;
  Result<app::ChapterView> Chapter(int number) override;
  Result<app::SpokenPtr> Paragraph(int chapter, int paragraph) override;
  Result<app::SpokenPtr> Say(const std::string& text, const Trial& trial) override;
  Result<std::string> Phonemes(const std::string& text, const Trial& trial) override;
  app::PronunciationCheck CheckPronunciation(const std::string& pronunciation) override;
  app::LexiconView Lexicon() override;
  Result<app::LexiconChange> PutEntry(const std::string& word, const std::string& pronunciation,
                                      bool case_sensitive) override;
  Result<app::LexiconChange> RemoveEntry(const std::string& word) override;
  std::vector<int> StaleChapters() override;
  Result<std::vector<app::NameToCheck>> NamesToCheck() override;
  Status KeepName(const std::string& word, bool kept) override;
  Status StartBuild() override;
  void CancelBuild() override;
  app::BuildProgress Progress() override;
  app::BuildProgress WaitForProgress(std::uint64_t after_version, int timeout_ms) override;

  // What Lexicon() reports as its files' load error ("" by default).
  void SetLexiconError(const std::string& error);

  // The WAV the fake makes of a spoken text (what Paragraph and Say answer).
  static std::string WavOf(const std::string& spoken);

 private:
  struct Entry {
    std::string word, pronunciation;
    bool case_sensitive = false;
  };

  std::string PronunciationOf(const std::string& word, const Trial& trial) const;  // mu_ held
  app::SpokenPtr Speak(const std::string& text, const Trial& trial) const;         // mu_ held
  std::vector<int> ChaptersWith(const std::string& word) const;
  app::LexiconEntryView View(std::size_t index) const;  // mu_ held
  app::LexiconChange Change(std::optional<app::LexiconEntryView> before,
                            std::optional<app::LexiconEntryView> after);  // mu_ held
  void Advance(std::unique_lock<std::mutex>& lock);  // one build step; mu_ held
  void RunBuild();

  const int build_step_ms_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::vector<Entry> entries_;
  int lexicon_version_ = 1;
  std::string lexicon_error_;
  std::set<int> stale_ = {1, 2};
  std::set<std::string> kept_;
  app::BuildProgress progress_;
  std::vector<int> building_;
  bool cancel_ = false;
  std::thread builder_;
};

}  // namespace narrate::testing
