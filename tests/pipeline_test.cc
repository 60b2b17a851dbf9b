// Orchestration with fakes for the engine and encoder, the task runners
// (forking ones with real processes), the file system, manifest and atomic files.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

#include "common/interrupt.h"

#include "pipeline/narrator.h"
#include "pipeline/plan.h"
#include "pipeline/render.h"
#include "pipeline/task_runner.h"
#include "tests/support/probe.h"

namespace narrate::pipeline {
namespace {

// Speaks 10 samples of value 1 per byte of text.
class FakeEngine : public synth::SpeechEngine {
 public:
  int sample_rate_hz() const override { return 1000; }
  Status Speak(const Utterance& u, synth::SpeechSink& sink) override {
    std::size_t bytes = 0;
    for (const SpeechPiece& p : u) bytes += p.content.size();
    std::vector<std::int16_t> pcm(bytes * 10, 1);
    spoken.push_back(u.empty() ? "" : u.front().content);
    return sink.OnAudio(pcm);
  }
  Result<std::string> ToPhonemes(const Utterance&, synth::PhonemeAlphabet) override { return std::string(); }
  std::vector<synth::VoiceInfo> ListVoices() override { return {}; }
  std::vector<std::string> spoken;
};

// Records what arrives: a run-length list of (value, count).
class FakeEncoder : public encode::AudioEncoder {
 public:
  Status Write(std::span<const std::int16_t> s) override {
    for (std::int16_t v : s) {
      if (runs.empty() || runs.back().first != v) runs.push_back({v, 0});
      ++runs.back().second;
    }
    written += static_cast<std::int64_t>(s.size());
    return Status::Ok();
  }
  Status Flush() override { return Status::Ok(); }
  std::int64_t samples_written() const override { return written; }
  std::vector<std::pair<std::int16_t, std::int64_t>> runs;
  std::int64_t written = 0;
};

TEST(MsToSamples, RoundsToNearest) {
  EXPECT_EQ(MsToSamples(500, 22050), 11025);
  EXPECT_EQ(MsToSamples(1, 22050), 22);  // 22.05
  EXPECT_EQ(MsToSamples(0, 22050), 0);
  EXPECT_EQ(MsToSamples(1000, 44100), 44100);
}

TEST(RenderSegments, PausesAreExactSilence) {
  FakeEngine engine;
  FakeEncoder encoder;
  std::vector<Segment> script{{PlainUtterance("ab"), 100, 250}, {PlainUtterance("c"), 0, 40}};
  auto samples = RenderSegments(script, engine, encoder);
  ASSERT_TRUE(samples.ok());
  EXPECT_EQ(*samples, 100 + 20 + 250 + 10 + 40);
  using Run = std::pair<std::int16_t, std::int64_t>;
  EXPECT_EQ(encoder.runs, (std::vector<Run>{{0, 100}, {1, 20}, {0, 250}, {1, 10}, {0, 40}}));
}

source::Chapter MakeChapter() {
  source::Chapter c;
  c.title = "Chapter 2: Fog";
  c.spoken_title = "Chapter 2. Fog.";
  c.paragraphs = {{"One.", 3, false}, {"Two.", 5, true}, {"Three.", 7, false}};
  return c;
}

TEST(ChapterScript, TitleThenParagraphsWithPacing) {
  Pacing pacing;
  auto preparer = TextPreparer::Create(SpeechOptions{}, "");
  ASSERT_TRUE(preparer.ok());
  std::vector<Segment> script = ChapterScript(MakeChapter(), pacing, *preparer);
  ASSERT_EQ(script.size(), 4u);
  EXPECT_EQ(script[0].utterance.front().content, "Chapter two. Fog.");  // normalised
  EXPECT_EQ(script[0].pause_before_ms, pacing.chapter_head_ms);
  EXPECT_EQ(script[0].pause_after_ms, pacing.title_pause_ms);
  EXPECT_EQ(script[1].pause_before_ms, 0);
  EXPECT_EQ(script[1].pause_after_ms, pacing.paragraph_pause_ms);
  EXPECT_EQ(script[2].pause_before_ms, pacing.scene_break_pause_ms);
  EXPECT_EQ(script[3].pause_after_ms, pacing.chapter_tail_ms);
}

TEST(ChapterScript, NoSpokenTitleStartsWithTheText) {
  source::Chapter c = MakeChapter();
  c.spoken_title.clear();
  auto preparer = TextPreparer::Create(SpeechOptions{}, "");
  std::vector<Segment> script = ChapterScript(c, Pacing{}, *preparer);
  ASSERT_EQ(script.size(), 3u);
  EXPECT_EQ(script[0].utterance.front().content, "One.");
  EXPECT_EQ(script[0].pause_before_ms, Pacing{}.chapter_head_ms);
}

TEST(SpokenLines, ProseIsOneLineAndVerseSplitsAtEachLineBreak) {
  auto lines = [](std::string_view text) {
    std::vector<std::pair<std::string, std::size_t>> out;
    for (const SpokenLine& l : SpokenLines(text)) out.emplace_back(std::string(l.text), l.offset);
    return out;
  };
  using Lines = std::vector<std::pair<std::string, std::size_t>>;
  // Prose stays exactly as it is, spaces included.
  EXPECT_EQ(lines(" Roses are red, violets are blue. "),
            (Lines{{" Roses are red, violets are blue. ", 0}}));
  EXPECT_EQ(lines("Roses are red,\n  Violets are blue"),
            (Lines{{"Roses are red,", 0}, {"Violets are blue", 17}}));
  // Blank lines and the spaces, tabs and CRs around lines are not lines.
  EXPECT_EQ(lines("\tOne,\r\n\n \nTwo,\nThree.\n"),
            (Lines{{"One,", 1}, {"Two,", 10}, {"Three.", 15}}));
  EXPECT_EQ(lines(" \n "), (Lines{{" \n ", 0}}));
  EXPECT_EQ(lines(""), (Lines{{"", 0}}));
}

source::Chapter VerseChapter() {
  source::Chapter c;
  c.spoken_title = "Chapter 3. Song.";
  c.paragraphs = {{"She sang.", 3, false},
                  {"The sea is calm tonight,\n  The tide is full,\nThe moon lies fair.", 5, true},
                  {"Then 2 ships came.", 9, false}};
  return c;
}

TEST(ChapterScript, VerseLinesAreSegmentsWithTheVersePauseBetween) {
  Pacing pacing;
  pacing.verse_line_pause_ms = 350;
  auto preparer = TextPreparer::Create(SpeechOptions{}, "");
  ASSERT_TRUE(preparer.ok());
  const source::Chapter chapter = VerseChapter();
  std::vector<Segment> script = ChapterScript(chapter, pacing, *preparer);
  ASSERT_EQ(script.size(), 6u);  // title, prose, three verse lines, prose
  EXPECT_EQ(script[2].utterance.front().content, "The sea is calm tonight,");
  EXPECT_EQ(script[3].utterance.front().content, "The tide is full,");
  EXPECT_EQ(script[4].utterance.front().content, "The moon lies fair.");
  EXPECT_EQ(script[5].utterance.front().content, "Then two ships came.");
  // The scene break opens the paragraph; the verse pause follows each line but the last.
  EXPECT_EQ(script[2].pause_before_ms, pacing.scene_break_pause_ms);
  EXPECT_EQ(script[2].pause_after_ms, 350);
  EXPECT_EQ(script[3].pause_before_ms, 0);
  EXPECT_EQ(script[3].pause_after_ms, 350);
  EXPECT_EQ(script[4].pause_before_ms, 0);
  EXPECT_EQ(script[4].pause_after_ms, pacing.paragraph_pause_ms);
  EXPECT_EQ(script[5].pause_after_ms, pacing.chapter_tail_ms);
  std::vector<bool> joins;
  for (const Segment& s : script) joins.push_back(s.joins_next);
  EXPECT_EQ(joins, (std::vector<bool>{false, false, true, true, false, false}));
  // Each line's captions sit where the line is in the chapter text.
  const std::string text = ChapterText(chapter);
  for (std::size_t i = 0; i < script.size(); ++i) {
    ASSERT_EQ(script[i].captions.sentences.size(), i == 0 ? 2u : 1u) << i;
    for (const SentenceSpan& s : script[i].captions.sentences) {
      EXPECT_EQ(text.substr(s.text_offset, s.text.size()), s.text) << i;
    }
  }
  EXPECT_EQ(script[3].captions.sentences[0].text, "The tide is full,");
  // Without captions the utterances are the same.
  std::vector<Segment> bare = ChapterScript(chapter, pacing, *preparer, false);
  ASSERT_EQ(bare.size(), script.size());
  for (std::size_t i = 0; i < bare.size(); ++i) {
    EXPECT_EQ(bare[i].utterance.front().content, script[i].utterance.front().content);
    EXPECT_EQ(bare[i].pause_after_ms, script[i].pause_after_ms);
  }
}

TEST(ChapterScript, ProseIsOneSegmentPerParagraphWhateverTheVersePause) {
  auto preparer = TextPreparer::Create(SpeechOptions{}, "");
  ASSERT_TRUE(preparer.ok());
  Pacing pacing;
  pacing.verse_line_pause_ms = 9000;
  std::vector<Segment> a = ChapterScript(MakeChapter(), Pacing{}, *preparer);
  std::vector<Segment> b = ChapterScript(MakeChapter(), pacing, *preparer);
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(PartHash(a, BuildOptions{}), PartHash(b, BuildOptions{}));
  for (const Segment& s : b) EXPECT_FALSE(s.joins_next);
}

TEST(ChapterScript, VerseLinesKeepTheirOwnPronunciations) {
  auto preparer = TextPreparer::Create(SpeechOptions{}, "");
  ASSERT_TRUE(preparer.ok());
  source::Chapter c;
  // "Qo" has a pronunciation on the second line; one across the break is read as written.
  const std::string text = "I sail to Qo,\nto Qo I sail.";
  c.paragraphs = {
      {text, 0, false, {{12, 4, "b'i:", "x-espeak"}, {text.rfind("Qo"), 2, "k'oU", "x-espeak"}}}};
  std::vector<Segment> script = ChapterScript(c, Pacing{}, *preparer);
  ASSERT_EQ(script.size(), 2u);
  std::vector<std::string> kinds;
  for (const Segment& s : script) {
    std::string k;
    for (const SpeechPiece& p : s.utterance)
      k += p.kind == SpeechPiece::Kind::kPhonemes ? "[" + p.content + "]" : p.content;
    kinds.push_back(k);
  }
  EXPECT_EQ(kinds[0], "I sail to Qo,");
  EXPECT_EQ(kinds[1], "to [k'oU] I sail.");
  // A line that ends in phonemes keeps its comma as a piece of its own.
  c.paragraphs = {{"Sail to Qo,\nsail.", 0, false, {{8, 2, "k'oU", "x-espeak"}}}};
  script = ChapterScript(c, Pacing{}, *preparer);
  ASSERT_EQ(script.size(), 2u);
  ASSERT_FALSE(script[0].utterance.empty());
  EXPECT_EQ(script[0].utterance.back().kind, SpeechPiece::Kind::kText);
  EXPECT_EQ(script[0].utterance.back().content, ",");
  EXPECT_EQ(script[0].utterance[script[0].utterance.size() - 2].content, "k'oU");
}

TEST(KeepClosingComma, OnlyVerseLinesKeepTheCommaNormalisationDrops) {
  auto preparer = TextPreparer::Create(SpeechOptions{}, "");
  ASSERT_TRUE(preparer.ok());
  const std::string verse = "The sea is calm tonight,\nThe tide is full;";
  std::vector<SpokenLine> lines = SpokenLines(verse);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].verse);
  EXPECT_EQ(preparer->Normalize(lines[0].text), "The sea is calm tonight");  // what it drops
  EXPECT_EQ(KeepClosingComma(lines[0], preparer->Normalize(lines[0].text)),
            "The sea is calm tonight,");
  EXPECT_EQ(KeepClosingComma(lines[1], "The tide is full;"), "The tide is full;");
  const std::string prose = "The sea is calm tonight,";
  EXPECT_FALSE(SpokenLines(prose)[0].verse);
  EXPECT_EQ(KeepClosingComma(SpokenLines(prose)[0], "The sea is calm tonight"),
            "The sea is calm tonight");
  // Said and captioned with its comma, captions and pieces agreeing.
  std::vector<Segment> script = ParagraphScript({verse}, 0, 0, 0, Pacing{}, *preparer);
  ASSERT_EQ(script.size(), 2u);
  EXPECT_EQ(script[0].utterance.back().content, "The sea is calm tonight,");
  EXPECT_EQ(script[0].captions.spoken, "The sea is calm tonight,");
  EXPECT_EQ(script[0].captions.sentences.at(0).text, "The sea is calm tonight,");
}

// Normalisation first, then the lexicon on the spoken form.
TEST(TextPreparer, NormalisesThenAppliesLexicons) {
  std::string dir = testing::MakeTempDir();
  testing::WriteFile(dir + "/book.txt", "x");
  testing::WriteFile(dir + "/book.lexicon", "Vask\t[[v'ask]]\n");
  testing::WriteFile(dir + "/extra.lexicon", "Oriel\t/ˈɔːriəl/\n");
  SpeechOptions speech;
  speech.lexicons = {dir + "/extra.lexicon"};
  auto preparer = TextPreparer::Create(speech, dir + "/book.txt");
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  ASSERT_EQ(preparer->lexicons().size(), 2u);
  EXPECT_EQ(preparer->lexicons()[0].path, dir + "/book.lexicon");
  EXPECT_EQ(preparer->lexicons()[1].entries, 1u);
  Utterance u = preparer->Prepare("Oriel's 12 lamps lit Vask.");
  ASSERT_EQ(u.size(), 4u);
  EXPECT_EQ(u[0].kind, SpeechPiece::Kind::kPhonemes);
  EXPECT_EQ(u[0].content, "'O:ri@lz");
  EXPECT_EQ(u[1].content, " twelve lamps lit ");
  EXPECT_EQ(u[2].content, "v'ask");
  EXPECT_EQ(u[3].content, ".");

  testing::WriteFile(dir + "/bad.lexicon", "Vask\t[[v'a§k]]\nOk\t\n");
  speech.lexicons = {dir + "/bad.lexicon"};
  auto bad = TextPreparer::Create(speech, "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind(dir + "/bad.lexicon:1: ", 0), 0u) << bad.status().message();
  std::filesystem::remove_all(dir);
}

// Every piece handed to synthesis names its voice, however it was prepared:
// with captions, without, and around a paragraph's own pronunciations.
TEST(TextPreparer, EveryPieceCarriesTheVoice) {
  SpeechOptions speech;
  speech.voice = voices::VoiceSettings{"en-us+f2", 190, 40};
  auto preparer = TextPreparer::Create(speech, "");
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  EXPECT_EQ(preparer->voice(), speech.voice);
  source::Chapter chapter = MakeChapter();
  source::Paragraph own{"Say Vask now.", 9, false, {{4, 4, "v'ask", "x-espeak"}}};
  chapter.paragraphs.push_back(own);
  for (bool captions : {true, false}) {
    std::size_t pieces = 0, phonemes = 0;
    for (const Segment& s : ChapterScript(chapter, Pacing{}, *preparer, captions)) {
      for (const SpeechPiece& p : s.utterance) {
        ++pieces;
        phonemes += p.kind == SpeechPiece::Kind::kPhonemes;
        ASSERT_TRUE(p.voice.has_value()) << p.content;
        EXPECT_EQ(*p.voice, speech.voice) << p.content;
      }
    }
    EXPECT_GE(pieces, 7u);
    EXPECT_EQ(phonemes, 1u);
  }
}

using MaybeVoice = std::optional<voices::VoiceSettings>;

Segment TwoPieces(MaybeVoice first, MaybeVoice second) {
  Utterance u{SpeechPiece{SpeechPiece::Kind::kText, "Said one,", 0, first},
              SpeechPiece{SpeechPiece::Kind::kText, " said the other.", 9, second}};
  return Segment{u, 0, 500};
}

// A part's hash covers the voice of each piece, not only the book's voice.
TEST(PartHash, CoversEachPiecesVoice) {
  BuildOptions options;  // the engine opens with options.speech.voice: "en"
  const voices::VoiceSettings en = options.speech.voice;
  const std::string one_voice = PartHash({TwoPieces(en, en)}, options);
  EXPECT_EQ(PartHash({TwoPieces(en, en)}, options), one_voice);
  EXPECT_NE(PartHash({TwoPieces(en, voices::VoiceSettings{"en-us", 175, 50})}, options), one_voice);
  EXPECT_NE(PartHash({TwoPieces(voices::VoiceSettings{"en", 176, 50}, en)}, options), one_voice);
  EXPECT_NE(PartHash({TwoPieces(en, voices::VoiceSettings{"en", 175, 51})}, options), one_voice);
  // A piece without a voice is said in the engine's: the same audio, the same hash.
  EXPECT_EQ(PartHash({TwoPieces(en, std::nullopt)}, options), one_voice);
}

// Part and file hashes follow the voice the pieces carry.
TEST(PartHash, PlannedPartsFollowThePiecesVoice) {
  source::Book book;
  book.title = "Fog";
  book.chapters = {MakeChapter()};
  BuildOptions options;
  SpeechOptions us;
  us.voice.name = "en-us";
  auto by_en = TextPreparer::Create(SpeechOptions{}, "");
  auto by_us = TextPreparer::Create(us, "");
  ASSERT_TRUE(by_en.ok() && by_us.ok());
  BookPlan a = PlanBook(book, "out", options, *by_en);
  BookPlan b = PlanBook(book, "out", options, *by_us);
  ASSERT_EQ(a.parts.size(), 1u);
  ASSERT_EQ(b.parts.size(), 1u);
  EXPECT_NE(a.parts[0].hash, b.parts[0].hash);
  EXPECT_NE(a.files[0].hash, b.files[0].hash);
  EXPECT_EQ(PlanBook(book, "out", options, *by_en).files[0].hash, a.files[0].hash);
}

TEST(ForkingRunner, EachTaskRunsInItsOwnProcess) {
  std::vector<Task> tasks;
  for (int i = 0; i < 5; ++i) {
    tasks.push_back([i]() -> Result<std::string> { return std::to_string(i) + ":" + std::to_string(::getpid()); });
  }
  std::map<std::size_t, std::string> got;
  Status s = ForkingRunner().Run(tasks, 2, [&](std::size_t i, const std::string& r) { got[i] = r; });
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(got.size(), 5u);
  std::set<std::string> pids;
  for (auto& [i, r] : got) {
    EXPECT_EQ(r.substr(0, r.find(':')), std::to_string(i));
    pids.insert(r.substr(r.find(':') + 1));
  }
  EXPECT_EQ(pids.size(), 5u);
  EXPECT_EQ(pids.count(std::to_string(::getpid())), 0u);
}

TEST(ForkingRunner, FirstErrorIsReportedWithItsCodeFileAndLineAndStopsNewTasks) {
  std::string dir = testing::MakeTempDir();
  std::vector<Task> tasks{
      []() -> Result<std::string> { return Status::InFile(StatusCode::kIo, "out/a b.mp3", 7, "disk full"); },
      [dir]() -> Result<std::string> {
        testing::WriteFile(dir + "/ran", "x");
        return std::string("ok");
      }};
  int results = 0;
  Status s = ForkingRunner().Run(tasks, 1, [&](std::size_t, const std::string&) { ++results; });
  EXPECT_EQ(s.code(), StatusCode::kIo);
  EXPECT_EQ(s.file(), "out/a b.mp3");
  EXPECT_EQ(s.line(), 7);
  EXPECT_EQ(s.message(), "out/a b.mp3:7: disk full");
  EXPECT_EQ(results, 0);
  EXPECT_FALSE(std::filesystem::exists(dir + "/ran"));
  std::filesystem::remove_all(dir);
}

TEST(ForkingRunner, ACrashedWorkerIsAnInternalError) {
  std::vector<Task> tasks{[]() -> Result<std::string> { std::abort(); }};
  Status s = ForkingRunner().Run(tasks, 1, [](std::size_t, const std::string&) {});
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message(), "worker killed by signal 6");
}

// Far more than a pipe holds: read as it arrives, or the child would block forever.
TEST(ForkingRunner, PayloadsLargerThanAPipeArriveWhole) {
  std::vector<Task> tasks;
  for (int i = 0; i < 3; ++i) {
    tasks.push_back([i]() -> Result<std::string> { return std::string(3 << 20, static_cast<char>('a' + i)); });
  }
  std::map<std::size_t, std::string> got;
  ASSERT_TRUE(ForkingRunner().Run(tasks, 3, [&](std::size_t i, const std::string& r) { got[i] = r; }).ok());
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(got[i], std::string(3 << 20, static_cast<char>('a' + i)));
}

TEST(ForkingRunner, ACancelledRunStartsNothingAndSaysInterrupted) {
  std::string dir = testing::MakeTempDir();
  std::vector<Task> tasks{[dir]() -> Result<std::string> {
    testing::WriteFile(dir + "/ran", "x");
    return std::string();
  }};
  Status s = ForkingRunner().Run(tasks, 1, [](std::size_t, const std::string&) {}, [] { return true; });
  EXPECT_EQ(s.code(), StatusCode::kInterrupted);
  EXPECT_FALSE(std::filesystem::exists(dir + "/ran"));
  std::filesystem::remove_all(dir);
}

// Ctrl-C while every worker is busy for a minute: the runner wakes at once
// (no worker ends by itself), stops them and reports the interruption as a
// code. In a child process, as the interrupt flag cannot be cleared.
TEST(ForkingRunner, CtrlCWakesTheWaitStopsTheWorkersAndIsInterrupted) {
  EXPECT_EXIT(
      {
        InstallInterruptHandlers();
        std::vector<Task> tasks(3, []() -> Result<std::string> {
          for (int i = 0; i < 600 && !Interrupted(); ++i) ::usleep(100'000);
          return Interrupted() ? Result<std::string>(Status::Interrupted()) : std::string("slept");
        });
        std::thread presser([] {
          ::usleep(200'000);
          ::kill(::getpid(), SIGINT);
        });
        int finished = 0;
        Status s = ForkingRunner().Run(tasks, 2, [&](std::size_t, const std::string&) { ++finished; });
        presser.join();
        std::exit(s.code() == StatusCode::kInterrupted && finished == 0 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

// A front end's own cancel (a studio's button, not a signal) stops a worker
// busy for a minute: the wait does not block until the worker ends.
TEST(ForkingRunner, AFrontEndsCancelStopsBusyWorkers) {
  std::vector<Task> tasks(1, []() -> Result<std::string> {
    ::sleep(60);
    return std::string("slept");
  });
  const auto cancel_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  int finished = 0;
  Status s = ForkingRunner().Run(tasks, 1, [&](std::size_t, const std::string&) { ++finished; },
                                 [&] { return std::chrono::steady_clock::now() > cancel_at; });
  EXPECT_EQ(s.code(), StatusCode::kInterrupted);
  EXPECT_EQ(finished, 0);  // stopped, not waited for
}

// After one task failed, cancelling still stops the others; the failure
// stays the error reported.
TEST(ForkingRunner, CancellingAfterAFailureStillStopsTheOthers) {
  std::vector<Task> tasks{[]() -> Result<std::string> { return Status::NotFound("no such voice"); },
                          []() -> Result<std::string> {
                            ::sleep(60);
                            return std::string("slept");
                          }};
  const auto cancel_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  int finished = 0;
  Status s = ForkingRunner().Run(tasks, 2, [&](std::size_t, const std::string&) { ++finished; },
                                 [&] { return std::chrono::steady_clock::now() > cancel_at; });
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(finished, 0);
}

TEST(InProcessRunner, RunsInThisProcessInOrderAndStopsAtTheFirstError) {
  std::vector<std::string> ran;
  std::vector<Task> tasks{
      [&]() -> Result<std::string> { ran.push_back("a"); return std::to_string(::getpid()); },
      [&]() -> Result<std::string> { ran.push_back("b"); return Status::NotFound("no b"); },
      [&]() -> Result<std::string> { ran.push_back("c"); return std::string(); }};
  std::vector<std::string> done;
  Status s = InProcessRunner().Run(tasks, 4, [&](std::size_t i, const std::string& r) {
    done.push_back(std::to_string(i) + "=" + r);
  });
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(ran, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(done, (std::vector<std::string>{"0=" + std::to_string(::getpid())}));
}

TEST(InProcessRunner, CancellationIsCheckedBeforeEachTask) {
  int ran = 0;
  std::vector<Task> tasks(3, [&]() -> Result<std::string> { ++ran; return std::string(); });
  Status s = InProcessRunner().Run(tasks, 1, [](std::size_t, const std::string&) {}, [&] { return ran == 2; });
  EXPECT_EQ(s.code(), StatusCode::kInterrupted);
  EXPECT_EQ(ran, 2);
}

}  // namespace
}  // namespace narrate::pipeline

#include "pipeline/manifest.h"

namespace narrate::pipeline {
namespace {

TEST(Hasher, PartsAreSeparated) {
  EXPECT_NE(Hasher().Add("ab").Add("c").Hex(), Hasher().Add("a").Add("bc").Hex());
  EXPECT_EQ(Hasher().Add("x").Add(42).Hex(), Hasher().Add("x").Add("42").Hex());
  EXPECT_EQ(Hasher().Hex(), "cbf29ce484222325");  // FNV-1a offset basis: nothing added
  EXPECT_EQ(Hasher().Add("a").Hex().size(), 16u);
}

TEST(Manifest, RoundTripsAndToleratesDamage) {
  std::string dir = testing::MakeTempDir();
  EXPECT_TRUE(LoadManifest(dir).empty());
  Manifest m{{"01 - One.mp3", {"00ff", 12345, 22050, {0, 6000}, 4096}},
             {"02 - Two.mp3", {"abcd", 7, 22050, {}, -1}}};
  ASSERT_TRUE(SaveManifest(dir, m).ok());
  Manifest back = LoadManifest(dir);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back["01 - One.mp3"].hash, "00ff");
  EXPECT_EQ(back["01 - One.mp3"].samples, 12345);
  EXPECT_EQ(back["01 - One.mp3"].starts, (std::vector<std::int64_t>{0, 6000}));
  EXPECT_EQ(back["01 - One.mp3"].bytes, 4096);
  EXPECT_EQ(back["02 - Two.mp3"].rate_hz, 22050);
  EXPECT_EQ(back["02 - Two.mp3"].bytes, -1);
  testing::WriteFile(dir + "/" + kManifestName, "{\"chapters\": [ {\"file\": 3}");
  EXPECT_TRUE(LoadManifest(dir).empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace narrate::pipeline

#include "common/atomic_file.h"
#include "common/file_system.h"

namespace narrate {
namespace {

TEST(RealFileSystem, KeepsItsContract) {
  FileSystem& disk = RealFileSystem();
  const std::string dir = testing::MakeTempDir();
  ASSERT_TRUE(disk.MakeDirectories(dir + "/a/b").ok());
  ASSERT_TRUE(disk.WriteFileAtomically(dir + "/a/z.txt", "zed").ok());
  ASSERT_TRUE(disk.WriteFileAtomically(dir + "/a/y.txt", "why").ok());
  EXPECT_EQ(*disk.ReadFile(dir + "/a/z.txt"), "zed");
  EXPECT_EQ(*disk.ListDirectory(dir + "/a"), (std::vector<std::string>{"b", "y.txt", "z.txt"}));
  EXPECT_EQ(disk.ListDirectory(dir + "/none").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(disk.ReadFile(dir + "/none").status().message(), dir + "/none: cannot open for reading");
  EXPECT_EQ(disk.ReadFile(dir + "/none").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(disk.IsDirectory(dir + "/a/b"));
  EXPECT_FALSE(disk.IsDirectory(dir + "/a/z.txt"));
  EXPECT_TRUE(disk.Exists(dir + "/a/z.txt"));
  Status on_file = disk.MakeDirectories(dir + "/a/z.txt/c");
  EXPECT_EQ(on_file.code(), StatusCode::kIo);
  EXPECT_EQ(on_file.message().rfind(dir + "/a/z.txt/c: ", 0), 0u) << on_file.message();
  EXPECT_TRUE(disk.Remove(dir + "/none").ok()) << "nothing to remove is not an error";
  EXPECT_EQ(disk.Remove(dir + "/a").code(), StatusCode::kIo) << "a folder that is not empty stays";
  EXPECT_TRUE(disk.Rename(dir + "/a/y.txt", dir + "/a/z.txt").ok());
  EXPECT_EQ(*disk.ReadFile(dir + "/a/z.txt"), "why");
  EXPECT_EQ(disk.Rename(dir + "/a/y.txt", dir + "/a/w.txt").message().rfind(dir + "/a/w.txt: ", 0), 0u);
  EXPECT_TRUE(disk.Remove(dir + "/a/b").ok());
  EXPECT_FALSE(disk.Exists(dir + "/a/b"));
  // A replaced file keeps its permissions (never more open than it was).
  namespace fs = std::filesystem;
  fs::permissions(dir + "/a/z.txt", fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_TRUE(disk.WriteFileAtomically(dir + "/a/z.txt", "again").ok());
  EXPECT_EQ(fs::status(dir + "/a/z.txt").permissions(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(disk.ReadFile(dir + "/none").status().file(), dir + "/none");
  std::filesystem::remove_all(dir);
}

TEST(AtomicFile, CommitRenamesAndAbandonRemoves) {
  std::string dir = testing::MakeTempDir();
  {
    AtomicFile kept(dir + "/a.mp3");
    EXPECT_EQ(kept.temp_path().rfind(dir + "/.a.mp3.narrate-", 0), 0u) << kept.temp_path();
    testing::WriteFile(kept.temp_path(), "x");
    ASSERT_TRUE(kept.Commit().ok());
    AtomicFile dropped(dir + "/b.mp3");
    testing::WriteFile(dropped.temp_path(), "y");
    Status s = dropped.Explain(Status::Error(dropped.temp_path() + ": No space left on device"));
    EXPECT_EQ(s.message(), dir + "/b.mp3: No space left on device");
  }
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"a.mp3"}));
  std::filesystem::remove_all(dir);
}


std::vector<pipeline::Segment> ScriptOfSizes(const std::vector<std::size_t>& sizes) {
  std::vector<pipeline::Segment> script;
  for (std::size_t n : sizes) script.push_back(pipeline::Segment{PlainUtterance(std::string(n, 'a')), 0, 500});
  return script;
}

TEST(SplitScript, BalancedSlicesAtParagraphBreaks) {
  using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;
  EXPECT_EQ(pipeline::SplitScript(ScriptOfSizes({100, 100, 100}), 1000), (Ranges{{0, 3}}));
  EXPECT_EQ(pipeline::SplitScript(ScriptOfSizes({100, 100, 100, 100}), 200), (Ranges{{0, 2}, {2, 4}}));
  EXPECT_EQ(pipeline::SplitScript(ScriptOfSizes({100, 100, 100, 100, 100, 100}), 250), (Ranges{{0, 2}, {2, 4}, {4, 6}}));
  // One paragraph longer than the limit stays whole.
  EXPECT_EQ(pipeline::SplitScript(ScriptOfSizes({5000}), 1000), (Ranges{{0, 1}}));
  EXPECT_EQ(pipeline::SplitScript(ScriptOfSizes({50, 5000, 50}), 1000), (Ranges{{0, 1}, {1, 2}, {2, 3}}));
  EXPECT_EQ(pipeline::SplitScript({}, 1000), (Ranges{{0, 0}}));
}

TEST(SplitScript, NeverCutsBetweenTheLinesOfAVerseParagraph) {
  using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;
  std::vector<pipeline::Segment> script = ScriptOfSizes({100, 100, 100, 100, 100, 100});
  EXPECT_EQ(pipeline::SplitScript(script, 250), (Ranges{{0, 2}, {2, 4}, {4, 6}}));
  // Segments 1-3 are one verse paragraph: the cut after 1 moves to its end.
  script[1].joins_next = script[2].joins_next = true;
  EXPECT_EQ(pipeline::SplitScript(script, 250), (Ranges{{0, 1}, {1, 4}, {4, 6}}));
  script[0].joins_next = true;  // now 0-3
  EXPECT_EQ(pipeline::SplitScript(script, 250), (Ranges{{0, 4}, {4, 5}, {5, 6}}));
  for (auto& s : script) s.joins_next = true;
  script.back().joins_next = false;
  EXPECT_EQ(pipeline::SplitScript(script, 250), (Ranges{{0, 6}}));
}

}  // namespace
}  // namespace narrate
