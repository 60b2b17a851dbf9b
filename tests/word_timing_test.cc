// Every spoken word has a timing: eSpeak reports some word pairs ("did not",
// "of the", "had been") as one word event; the caption builder splits such an
// event between its words (at a phoneme boundary when it has phoneme events,
// as the studio's render worker and builds do; by letters without them), and a symbol
// said as a word ("&" → "and") is timed over the symbol.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/caption_text.h"
#include "pipeline/captions.h"
#include "pipeline/pipeline.h"
#include "pipeline/render_worker.h"
#include "tests/support/probe.h"

namespace narrate::pipeline {
namespace {

namespace fs = std::filesystem;
using narrate::testing::Quote;
using narrate::testing::RunCommand;

TextPreparer Preparer() {
  auto preparer = TextPreparer::Create(SpeechOptions{}, "");
  EXPECT_TRUE(preparer.ok()) << preparer.status().message();
  return *preparer;
}

// One timed word as the tests see it, from either path.
struct Timed {
  std::string spoken;
  std::string written;  // the text range it points at
  std::int64_t start = 0, end = 0;
  std::vector<std::string> phonemes;
  std::size_t text_begin = 0, text_end = 0;  // bytes
};

std::vector<Timed> FromWorker(const RenderedText& r, std::string_view text) {
  std::vector<Timed> out;
  for (const RenderedWord& w : r.words) {
    out.push_back(Timed{w.spoken, std::string(text.substr(w.text_begin, w.text_end - w.text_begin)),
                        w.start_sample, w.end_sample, w.phonemes, w.text_begin, w.text_end});
  }
  return out;
}

std::vector<std::string> SpokenOf(const std::vector<Timed>& words) {
  std::vector<std::string> out;
  for (const Timed& w : words) out.push_back(w.spoken);
  return out;
}

// Non-empty, in order, no overlap.
void ExpectTimedInOrder(const std::vector<Timed>& words) {
  std::int64_t previous_end = 0;
  for (const Timed& w : words) {
    EXPECT_LT(w.start, w.end) << w.spoken;
    EXPECT_GE(w.start, previous_end) << w.spoken;
    previous_end = w.end;
  }
}

// The written words of text (blank- or dash-separated, with a letter, digit
// or "&") that no timed word with a sound points at.
std::vector<std::string> UntimedWords(
    std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
  std::vector<bool> covered(text.size(), false);
  for (auto [b, e] : ranges) {
    for (std::size_t k = b; k < e && k < text.size(); ++k) covered[k] = true;
  }
  std::vector<std::string> untimed;
  for (const WordSpan& w : WordsOf(text)) {
    bool any = false;
    for (std::size_t k = w.begin; k < w.end; ++k) any = any || covered[k];
    if (!any) untimed.emplace_back(text.substr(w.begin, w.end - w.begin));
  }
  // WordsOf drops tokens of marks only; "&" is a word when said.
  for (std::size_t at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    if (!covered[at]) untimed.emplace_back("&");
  }
  return untimed;
}

// ---- the builder itself, with events as eSpeak gives them

// "She had been out.": eSpeak's event for "had" runs on over "been", which
// gets none.
class SplitEvent : public ::testing::Test {
 protected:
  void SetUp() override {
    PreparedParagraph p = PrepareParagraph(Preparer(), "She had been out.", 0);
    ASSERT_EQ(p.captions.spoken, "She had been out.");
    ASSERT_EQ(p.utterance.size(), 1u);
    script_.push_back(Segment{p.utterance, 0, 0, p.captions});
  }
  Captions Finish(bool with_phonemes) {
    CaptionBuilder builder(script_, 22050);
    const std::string& said = script_[0].utterance[0].content;
    builder.OnWord(0, synth::WordEvent{100, 0, said.find("She"), 3});
    builder.OnWord(0, synth::WordEvent{1000, 0, said.find("had"), 3});
    const char* phonemes[] = {"h", "a#", "d", "b", "I", "n"};
    const std::int64_t at[] = {1000, 1300, 1600, 1800, 2200, 2600};
    for (int k = 0; with_phonemes && k < 6; ++k) {
      builder.OnPhoneme(0, synth::PhonemeEvent{at[k], phonemes[k]});
    }
    builder.OnWord(0, synth::WordEvent{3000, 0, said.find("out"), 3});
    const std::vector<std::int16_t> pcm(4000, 1000);
    builder.OnSpeech(0, 0, pcm);
    builder.OnSegment(0, SegmentTiming{0, 0, 4000, 4000});
    return builder.Finish();
  }
  std::vector<Segment> script_;
};

TEST_F(SplitEvent, WithoutPhonemesTheSoundIsSharedByLetters) {
  const Captions c = Finish(false);
  ASSERT_EQ(c.words.size(), 4u);
  EXPECT_EQ(c.words[1].spoken, "had");
  EXPECT_EQ(c.words[2].spoken, "been");
  EXPECT_EQ(c.words[1].start_sample, 1000);
  EXPECT_EQ(c.words[1].end_sample, 1857);  // 3 letters of 7 of [1000, 3000)
  EXPECT_EQ(c.words[2].start_sample, 1857);
  EXPECT_EQ(c.words[2].end_sample, 3000);
  EXPECT_EQ(c.words[2].text_begin, 8u);
  EXPECT_EQ(c.words[2].text_end, 12u);
  EXPECT_TRUE(c.words[2].exact);
  EXPECT_TRUE(c.word_phonemes.empty());
}

TEST_F(SplitEvent, WithPhonemesTheCutIsWhereAPhonemeStarts) {
  const Captions c = Finish(true);
  ASSERT_EQ(c.words.size(), 4u);
  EXPECT_EQ(c.words[1].end_sample, 1800);  // "b"
  EXPECT_EQ(c.words[2].start_sample, 1800);
  ASSERT_EQ(c.word_phonemes.size(), 4u);
  EXPECT_EQ(c.word_phonemes[1], (std::vector<std::string>{"h", "a#", "d"}));
  EXPECT_EQ(c.word_phonemes[2], (std::vector<std::string>{"b", "I", "n"}));
}

// ---- the studio's path: the render worker, with eSpeak's phoneme events

class WorkerTiming : public ::testing::Test {
 protected:
  std::vector<Timed> Render(std::string_view text) {
    auto r = worker_.Render(preparer_, text, voices::VoiceSettings{});
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok()) return {};
    pcm_samples_ = static_cast<std::int64_t>(r->pcm.size());
    return FromWorker(*r, text);
  }
  static RenderWorker worker_;
  TextPreparer preparer_ = Preparer();
  std::int64_t pcm_samples_ = 0;
};
RenderWorker WorkerTiming::worker_;

TEST_F(WorkerTiming, DidNotIsTwoWordsWithTheirOwnPhonemes) {
  const std::vector<Timed> words = Render("I did not see it.");
  EXPECT_EQ(SpokenOf(words), (std::vector<std::string>{"I", "did", "not", "see", "it"}));
  ExpectTimedInOrder(words);
  ASSERT_EQ(words.size(), 5u);
  EXPECT_EQ(words[1].written, "did");
  EXPECT_EQ(words[2].written, "not");
  EXPECT_EQ(words[1].end, words[2].start) << "the two run together: no gap between them";
  EXPECT_EQ(words[1].phonemes, (std::vector<std::string>{"d", "I", "d"}));
  EXPECT_EQ(words[2].phonemes, (std::vector<std::string>{"n", "0", "t"}));
  for (const Timed& w : words) EXPECT_FALSE(w.phonemes.empty()) << w.spoken;
  EXPECT_LE(words.back().end, pcm_samples_);
}

TEST_F(WorkerTiming, HadBeenAndOfTheAreTimedWordByWord) {
  const std::vector<Timed> words = Render("She had been out of the house.");
  EXPECT_EQ(SpokenOf(words),
            (std::vector<std::string>{"She", "had", "been", "out", "of", "the", "house"}));
  ExpectTimedInOrder(words);
  for (const Timed& w : words) EXPECT_EQ(w.written, w.spoken);
}

TEST_F(WorkerTiming, AnAmpersandIsTimedOverTheSymbol) {
  const std::vector<Timed> words = Render("Salt & pepper.");
  EXPECT_EQ(SpokenOf(words), (std::vector<std::string>{"Salt", "and", "pepper"}));
  ExpectTimedInOrder(words);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[1].written, "&");
}

// The text ranges of the words the worker gave a sound to (start < end).
std::vector<std::pair<std::size_t, std::size_t>> SoundingRanges(const RenderedText& r) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (const RenderedWord& w : r.words) {
    if (w.end_sample > w.start_sample) ranges.emplace_back(w.text_begin, w.text_end);
  }
  return ranges;
}

// A symbol next to a rewritten stretch is said by it: Moby-Dick's "20,000
// lbs. Texel & Leyden cheese" is rewritten as far as "and", and "$4.50"
// becomes "four dollars fifty".
TEST_F(WorkerTiming, SymbolsBesideRewrittenWordsAreTimed) {
  const std::string text = "It took 20,000 lbs. Texel & Leyden cheese, and $4.50 of bread.";
  auto r = worker_.Render(preparer_, text, voices::VoiceSettings{});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto ranges = SoundingRanges(*r);
  EXPECT_EQ(UntimedWords(text, ranges), std::vector<std::string>{});
  bool dollar = false;
  for (auto [b, e] : ranges) dollar = dollar || (b <= text.find('$') && e > text.find('$'));
  EXPECT_TRUE(dollar) << "no word points at the $";
  ExpectTimedInOrder(FromWorker(*r, text));
}

// ---- a build's path: `narrate say --timings json`

class SayTiming : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = narrate::testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  // The words of `say TEXT --timings json`, and the chapter text they index.
  std::vector<Timed> Say(const std::string& text, std::string* chapter_text = nullptr) {
    const std::string out = (fs::path(dir_) / "x.wav").string();
    auto r = RunCommand(Quote(NARRATE_BINARY) + " say " + Quote(text) + " -o " + Quote(out) +
                        " --timings json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::ifstream in((fs::path(dir_) / "x.json").string());
    std::stringstream json;
    json << in.rdbuf();
    auto doc = nlohmann::json::parse(json.str(), nullptr, false);
    if (doc.is_discarded()) {
      ADD_FAILURE() << "no timings JSON";
      return {};
    }
    const nlohmann::json& chapter = doc["chapters"][0];
    const std::string text = chapter["text"];
    if (chapter_text != nullptr) *chapter_text = text;
    // char_start/char_end count code points: their bytes.
    std::vector<std::size_t> byte_of;
    for (std::size_t k = 0; k < text.size(); ++k) {
      if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) byte_of.push_back(k);
    }
    byte_of.push_back(text.size());
    std::vector<Timed> words;
    for (const auto& w : chapter["words"]) {
      const std::size_t b = byte_of.at(w["char_start"]), e = byte_of.at(w["char_end"]);
      const double start_s = w["start"], end_s = w["end"];
      words.push_back(Timed{w["word"],
                            text.substr(b, e - b),
                            std::llround(start_s * 1000),
                            std::llround(end_s * 1000),
                            {},
                            b,
                            e});
    }
    return words;
  }
  std::string dir_;
};

TEST_F(SayTiming, EveryWordOfMergedEventsIsTimed) {
  struct Case {
    const char* text;
    std::vector<std::string> spoken, written;
  };
  const std::vector<Case> cases = {
      {"I did not see it.", {"I", "did", "not", "see", "it"}, {"I", "did", "not", "see", "it"}},
      {"She had been out of the house.",
       {"She", "had", "been", "out", "of", "the", "house"},
       {"She", "had", "been", "out", "of", "the", "house"}},
      {"Salt & pepper.", {"Salt", "and", "pepper"}, {"Salt", "&", "pepper"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const std::vector<Timed> words = Say(c.text);
    EXPECT_EQ(SpokenOf(words), c.spoken);
    std::vector<std::string> written;
    for (const Timed& w : words) written.push_back(w.written);
    EXPECT_EQ(written, c.written);
    ExpectTimedInOrder(words);  // milliseconds here
  }
}

// ---- a real book's paragraph, on both paths

// The first paragraph of The Time Machine's first chapter, its lines joined.
std::string TimeMachineParagraph() {
  const fs::path book = fs::path(NARRATE_SOURCE_DIR) / ".." / "shared" / "books" / "pg35.txt";
  std::ifstream in(book);
  std::string line, paragraph;
  bool found = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!found) found = line.starts_with("The Time Traveller (for so it will be convenient");
    if (!found) continue;
    if (line.empty()) break;
    paragraph += (paragraph.empty() ? "" : " ") + line;
  }
  return paragraph;
}

TEST_F(WorkerTiming, EveryWordOfARealParagraphIsTimed) {
  const std::string text = TimeMachineParagraph();
  if (text.empty()) GTEST_SKIP() << "no ../shared/books/pg35.txt";
  ASSERT_GT(WordsOf(text).size(), 80u);
  auto r = worker_.Render(preparer_, text, voices::VoiceSettings{});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto ranges = SoundingRanges(*r);
  EXPECT_EQ(UntimedWords(text, ranges), std::vector<std::string>{});
  ExpectTimedInOrder(FromWorker(*r, text));
}

TEST_F(SayTiming, EveryWordOfARealParagraphIsTimed) {
  const std::string text = TimeMachineParagraph();
  if (text.empty()) GTEST_SKIP() << "no ../shared/books/pg35.txt";
  std::string chapter_text;
  const std::vector<Timed> words = Say(text, &chapter_text);
  ASSERT_EQ(chapter_text, text);
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (const Timed& w : words) {
    if (w.end > w.start) ranges.emplace_back(w.text_begin, w.text_end);
  }
  EXPECT_EQ(UntimedWords(text, ranges), std::vector<std::string>{});
  ExpectTimedInOrder(words);
}

}  // namespace
}  // namespace narrate::pipeline
