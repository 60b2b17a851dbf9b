// Read-along captions: sentence spans and links (real normaliser), and cue and
// word timing arithmetic with a fake engine whose silences are known exactly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/caption_text.h"
#include "pipeline/captions.h"
#include "pipeline/narrator.h"
#include "pipeline/render.h"
#include "tests/support/probe.h"
#include "tts/text/normalize.h"

namespace narrate::pipeline {
namespace {

// At 1000 Hz. Each space-separated word of a text piece is an event, then 10
// samples of sound per byte, then 3 zero samples (too short to be a pause);
// 50 zeros after a word ending in ',' or ';', 200 after one ending in '.'.
// Speech opens with 20 zeros (the first event comes before them) and closes
// with 30 more. Events after a pause come 10 samples before its end.
class WordEngine : public synth::SpeechEngine {
 public:
  int sample_rate_hz() const override { return 1000; }
  Status Speak(const Utterance& u, synth::SpeechSink& sink) override {
    std::vector<std::int16_t> pcm(20, 0);
    for (std::size_t i = 0; i < u.size(); ++i) {
      const std::string& t = u[i].content;
      for (std::size_t at = t.find_first_not_of(' '); at != std::string::npos; at = t.find_first_not_of(' ', at)) {
        std::size_t end = std::min(t.find(' ', at), t.size());
        // Like eSpeak, the event comes inside the silence before the word.
        std::int64_t event = pcm.size() == 20 ? 0 : static_cast<std::int64_t>(pcm.size()) - (pcm.back() == 0 && pcm.size() > 40 && pcm[pcm.size() - 4] == 0 ? 10 : 0);
        sink.OnWord(synth::WordEvent{event, i, at, end - at});
        pcm.insert(pcm.end(), (end - at) * 10, 1);
        char last = t[end - 1];
        pcm.insert(pcm.end(), last == '.' ? 200 : (last == ',' || last == ';') ? 50 : 3, 0);
        at = end;
      }
    }
    pcm.insert(pcm.end(), 30, 0);
    return sink.OnAudio(pcm);
  }
  Result<std::string> ToPhonemes(const Utterance&, synth::PhonemeAlphabet) override { return std::string(); }
  std::vector<synth::VoiceInfo> ListVoices() override { return {}; }
};

class NullEncoder : public encode::AudioEncoder {
 public:
  Status Write(std::span<const std::int16_t> s) override {
    written += static_cast<std::int64_t>(s.size());
    return Status::Ok();
  }
  Status Flush() override { return Status::Ok(); }
  std::int64_t samples_written() const override { return written; }
  std::int64_t written = 0;
};

TextPreparer Preparer() {
  auto p = TextPreparer::Create(SpeechOptions{}, "");
  if (!p.ok()) std::abort();
  return *p;
}

Segment Prepared(const std::string& text, int before_ms, int after_ms, std::size_t chapter_offset = 0) {
  PreparedParagraph p = PrepareParagraph(Preparer(), text, chapter_offset);
  return Segment{p.utterance, before_ms, after_ms, p.captions};
}

Captions Render(const std::vector<Segment>& script, CaptionLimits limits = {}, std::int64_t offset = 0) {
  WordEngine engine;
  NullEncoder encoder;
  CaptionBuilder builder(script, engine.sample_rate_hz(), limits);
  auto rendered = RenderSegments(script, engine, encoder, &builder);
  if (!rendered.ok()) std::abort();
  return builder.Finish(offset);
}

std::string Show(const std::vector<package::Cue>& cues) {
  std::string out;
  for (const auto& c : cues) out += std::to_string(c.start_sample) + "-" + std::to_string(c.end_sample) + " " + c.text + "\n";
  return out;
}

std::string Show(const std::vector<package::TimedWord>& words, const std::string& text) {
  std::string out;
  for (const auto& w : words) {
    out += std::to_string(w.start_sample) + "-" + std::to_string(w.end_sample) + " " + w.spoken + "=" +
           text.substr(w.text_begin, w.text_end - w.text_begin) + (w.exact ? "" : "~") + "\n";
  }
  return out;
}

struct TimingRecorder : RenderObserver {
  void OnWord(std::size_t segment, const synth::WordEvent& e) override {
    words.push_back(std::to_string(segment) + "@" + std::to_string(e.sample));
  }
  void OnSegment(std::size_t, const SegmentTiming& t) override { timings.push_back(t); }
  std::vector<std::string> words;
  std::vector<SegmentTiming> timings;
};

// Positions continue from what the encoder already holds, pauses counted.
TEST(RenderSegments, ObserverSeesAbsolutePositions) {
  WordEngine engine;
  NullEncoder encoder;
  encoder.written = 500;
  TimingRecorder recorder;
  std::vector<Segment> script{Segment{PlainUtterance("Hi there."), 100, 250, {}},
                              Segment{Utterance{}, 10, 0, {}}, Segment{PlainUtterance("Go"), 0, 40, {}}};
  auto samples = RenderSegments(script, engine, encoder, &recorder);
  ASSERT_TRUE(samples.ok());
  // Hi there.: 20 zeros, Hi 20+3, there. 60+200, 30 zeros = 333 samples.
  EXPECT_EQ(recorder.words, (std::vector<std::string>{"0@600", "0@643", "2@1193"}));  // engine's + start
  ASSERT_EQ(recorder.timings.size(), 3u);
  auto row = [](const SegmentTiming& t) { return std::vector<std::int64_t>{t.start, t.speech_start, t.speech_end, t.end}; };
  EXPECT_EQ(row(recorder.timings[0]), (std::vector<std::int64_t>{500, 600, 703, 1183}));
  EXPECT_EQ(row(recorder.timings[1]), (std::vector<std::int64_t>{1183, 1193, 1193, 1193}));
  EXPECT_EQ(row(recorder.timings[2]), (std::vector<std::int64_t>{1193, 1193, 1233, 1306}));
  EXPECT_EQ(*samples, 1306 - 500);
}

TEST(PrepareParagraph, SentencesAsWrittenWithSpokenRanges) {
  PreparedParagraph p = PrepareParagraph(Preparer(), "Hello there.  In 1987 we left.", 10);
  EXPECT_EQ(p.captions.spoken, "Hello there. In nineteen eighty seven we left.");
  ASSERT_EQ(p.utterance.size(), 1u);
  EXPECT_EQ(p.utterance[0].content, p.captions.spoken);
  ASSERT_EQ(p.captions.sentences.size(), 2u);
  const SentenceSpan& b = p.captions.sentences[1];
  EXPECT_EQ(b.text, "In 1987 we left.");
  EXPECT_EQ(b.text_offset, 10u + 14u);
  EXPECT_EQ(p.captions.spoken.substr(b.spoken_begin, b.spoken_end - b.spoken_begin),
            "In nineteen eighty seven we left.");
}

TEST(LinkSentence, RewrittenWordsLinkToWhatWasWritten) {
  const std::string written = "In 1987, she left.";
  const std::string spoken = "In nineteen eighty-seven, she left.";
  SentenceSpan s;
  LinkSentence(written, 100, spoken, 5, s);
  std::string got;
  for (const TextLink& l : s.links) {
    got += spoken.substr(l.spoken_begin - 5, l.spoken_end - l.spoken_begin) + "=" +
           written.substr(l.text_begin - 100, l.text_end - l.text_begin) + (l.exact ? " " : "~ ");
  }
  EXPECT_EQ(got, "In=In nineteen eighty-seven=1987~ she=she left=left ");
  ASSERT_EQ(s.breaks.size(), 1u);
  EXPECT_EQ(s.breaks[0].text_offset, 100u + written.find("she"));
  EXPECT_EQ(s.breaks[0].spoken_offset, 5u + spoken.find("she"));
}

// A rewritten stretch is cut at clause marks only when the speech has as many.
TEST(LinkSentence, BreakInsideRewrittenStretchNeedsAMatchingMark) {
  const std::string w = "We paid 1,000, 2,000 or more; then left.";
  SentenceSpan s;
  LinkSentence(w, 0, "We paid one thousand, two thousand or more; then left.", 0, s);
  ASSERT_EQ(s.breaks.size(), 2u);
  EXPECT_EQ(s.breaks[0].text_offset, w.find("2,000"));
  EXPECT_EQ(s.breaks[1].text_offset, w.find("then"));
  LinkSentence(w, 0, "We paid one thousand two thousand or more; then left.", 0, s);
  ASSERT_EQ(s.breaks.size(), 1u);
  EXPECT_EQ(s.breaks[0].text_offset, w.find("then"));
  ASSERT_EQ(s.links.size(), 7u);  // We paid [1,000, 2,000] or more then left
  EXPECT_FALSE(s.links[2].exact);
  EXPECT_EQ(w.substr(s.links[2].text_begin, s.links[2].text_end - s.links[2].text_begin), "1,000, 2,000");
}

TEST(LinkSentence, DashesAndQuotesSeparateClauses) {
  SentenceSpan s;
  const std::string w = "\u201cWait,\u201d he said \u2014 then ran.";
  LinkSentence(w, 0, "\"Wait,\" he said, then ran.", 0, s);
  ASSERT_EQ(s.breaks.size(), 2u);
  EXPECT_EQ(s.breaks[0].text_offset, w.find("he"));
  EXPECT_EQ(s.breaks[1].text_offset, w.find("then"));
  for (const TextLink& l : s.links) EXPECT_TRUE(l.exact);
}

TEST(ChapterText, TitleThenParagraphsJoinedByBlankLines) {
  source::Chapter c;
  c.spoken_title = "Chapter 2. Fog.";
  c.paragraphs = {{"One day in 1987.", 3, false}, {"Two. Three, four.", 5, true}};
  const std::string text = ChapterText(c);
  EXPECT_EQ(text, "Chapter 2. Fog.\n\nOne day in 1987.\n\nTwo. Three, four.");
  std::vector<Segment> script = ChapterScript(c, Pacing{}, Preparer());
  ASSERT_EQ(script.size(), 3u);
  std::size_t sentences = 0;
  for (const Segment& seg : script) {
    for (const SentenceSpan& s : seg.captions.sentences) {
      EXPECT_EQ(text.substr(s.text_offset, s.text.size()), s.text);
      ++sentences;
    }
  }
  EXPECT_EQ(sentences, 5u);
  EXPECT_EQ(script[0].utterance.front().content, "Chapter two. Fog.");
}

// Times worked out by hand from WordEngine's rules (see its comment).
TEST(CaptionBuilder, CuesAndWordsAtExactSamplesAroundPauses) {
  std::vector<Segment> script{Prepared("Hi there. Go now.", 100, 250), Prepared("Yes.", 0, 40, 19)};
  Captions c = Render(script);
  // Segment 1: pause 0-100, engine zeros 100-120 (the event for "Hi" is at
  // 100), Hi 120-140, 3 zeros, there. 143-203, 200 zeros, Go 403-423, 3 zeros,
  // now. 426-466, 230 zeros, pause to 946. Segment 2 speaks from 966.
  EXPECT_EQ(Show(c.cues), "120-203 Hi there.\n403-466 Go now.\n966-1006 Yes.\n");
  std::string text = "Hi there. Go now.\n\nYes.";
  EXPECT_EQ(Show(c.words, text),
            "120-143 Hi=Hi\n143-203 there=there\n403-426 Go=Go\n426-466 now=now\n966-1006 Yes=Yes\n");
}

TEST(CaptionBuilder, OffsetAndAppendShiftEverything) {
  std::vector<Segment> script{Prepared("Go now.", 0, 0)};
  Captions part = Render(script, {}, 1000);
  ASSERT_EQ(part.cues.size(), 1u);
  EXPECT_EQ(part.cues[0].start_sample, 1020);
  EXPECT_EQ(part.cues[0].end_sample, 1000 + 20 + 20 + 3 + 40);
  Captions all;
  AppendCaptions(all, part, 0);
  AppendCaptions(all, part, 5000);
  ASSERT_EQ(all.cues.size(), 2u);
  EXPECT_EQ(all.cues[1].start_sample, 6020);
  EXPECT_EQ(all.words.size(), 4u);
  EXPECT_EQ(all.words[3].end_sample, 6083);
}

TEST(CaptionsJson, RoundTripsAndRefusesOtherText) {
  Captions c = Render({Prepared("In 1987, we left. \u00c9t\u00e9 came.", 0, 0)});
  ASSERT_EQ(c.cues.size(), 2u);
  auto back = CaptionsFromJson(CaptionsToJson(c), "part.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(Show(back->cues), Show(c.cues));
  const std::string text = "In 1987, we left. \u00c9t\u00e9 came.";
  EXPECT_EQ(Show(back->words, text), Show(c.words, text));
  // The rate the samples count at goes along (the engine's, whatever it is).
  EXPECT_GT(c.rate_hz, 0);
  EXPECT_EQ(back->rate_hz, c.rate_hz);
  Captions joined;
  AppendCaptions(joined, *back, 100);
  EXPECT_EQ(joined.rate_hz, c.rate_hz);
  EXPECT_EQ(CaptionsFromJson("{\"cues\": [], \"words\": []}", "old.json")->rate_hz, 0);
  EXPECT_EQ(CaptionsFromJson("{\"cues\": [[1]]}", "part.json").status().message(), "part.json: not narrate captions");
  EXPECT_FALSE(CaptionsFromJson("nonsense", "p").ok());
}

// A lexicon's phoneme piece is one word: what it replaced, as written.
TEST(CaptionBuilder, LexiconWordsKeepTheirText) {
  std::string dir = testing::MakeTempDir();
  testing::WriteFile(dir + "/book.txt", "x");
  testing::WriteFile(dir + "/book.lexicon", "Oriel\t/\u02c8\u0254\u02d0ri\u0259l/\n");
  auto preparer = TextPreparer::Create(SpeechOptions{}, dir + "/book.txt");
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  const std::string text = "Oriel's 12 lamps lit.";
  PreparedParagraph p = PrepareParagraph(*preparer, text, 0);
  ASSERT_EQ(p.utterance.front().kind, SpeechPiece::Kind::kPhonemes);
  std::vector<Segment> script{Segment{p.utterance, 0, 0, p.captions}};
  Captions c = Render(script);
  std::string shown = Show(c.words, text);
  EXPECT_EQ(shown.substr(shown.find(' ') + 1, shown.find('\n') - shown.find(' ')), "Oriel's=Oriel's\n");
  EXPECT_NE(shown.find(" twelve=12~\n"), std::string::npos) << shown;
  std::filesystem::remove_all(dir);
}

TEST(CaptionBuilder, LongSentenceSplitsAtClauseBreaks) {
  std::vector<Segment> script{Prepared("Alpha beta, gamma delta; epsilon.", 0, 0)};
  CaptionLimits limits;
  limits.max_cue_chars = 20;
  Captions c = Render(script, limits);
  // Alpha 20-70, 3 zeros, beta, 73-123, 50 zeros, gamma 173-223, 3 zeros,
  // delta; 226-286, 50 zeros, epsilon. 336-416.
  EXPECT_EQ(Show(c.cues), "20-123 Alpha beta,\n173-286 gamma delta;\n336-416 epsilon.\n");
  Captions whole = Render(script);
  EXPECT_EQ(Show(whole.cues), "20-416 Alpha beta, gamma delta; epsilon.\n");
}

TEST(CaptionBuilder, LongSentenceSplitsByDuration) {
  std::vector<Segment> script{Prepared("Alpha beta, gamma delta; epsilon.", 0, 0)};
  CaptionLimits limits;
  limits.max_cue_ms = 330;  // at 1000 Hz: two clauses fit (316), not three (396)
  EXPECT_EQ(Show(Render(script, limits).cues), "20-286 Alpha beta, gamma delta;\n336-416 epsilon.\n");
}

// Normalisation changes the words; the clause break after "1987," still maps.
TEST(CaptionBuilder, RewrittenWordsKeepTheirWrittenText) {
  std::vector<Segment> script{Prepared("In 1987, 12 men left.", 0, 0)};
  CaptionLimits limits;
  limits.max_cue_chars = 10;
  Captions c = Render(script, limits);
  ASSERT_EQ(c.cues.size(), 2u);
  EXPECT_EQ(c.cues[0].text, "In 1987,");
  EXPECT_EQ(c.cues[1].text, "12 men left.");
  const std::string text = "In 1987, 12 men left.";
  std::string shown = Show(c.words, text);
  EXPECT_NE(shown.find(" nineteen=1987~\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find(" seven=1987~\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find(" twelve=12~\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find(" men=men\n"), std::string::npos) << shown;
}

TEST(CaptionBuilder, SilentSegmentsGiveNoCues) {
  std::vector<Segment> script{Segment{Utterance{}, 100, 100, {}}, Prepared("Go.", 0, 0)};
  Captions c = Render(script);
  EXPECT_EQ(Show(c.cues), "220-250 Go.\n");
}

// The paragraph is said exactly as TextPreparer::Prepare says it, and every
// written sentence gets its own span unless normalising it alone says
// something else than the whole paragraph does. Returns those paragraphs.
std::vector<std::string> MergedSentences(const std::vector<std::string>& paragraphs) {
  TextPreparer preparer = Preparer();
  std::vector<std::string> merged;
  for (const std::string& p : paragraphs) {
    PreparedParagraph prepared = PrepareParagraph(preparer, p, 0);
    Utterance before = preparer.Prepare(p);
    EXPECT_EQ(prepared.utterance.size(), before.size()) << p;
    for (std::size_t i = 0; i < std::min(before.size(), prepared.utterance.size()); ++i) {
      EXPECT_EQ(prepared.utterance[i].content, before[i].content) << p;
      EXPECT_EQ(prepared.utterance[i].source_offset, before[i].source_offset) << p;
    }
    std::size_t written = text::SplitSentences(p).size();
    if (prepared.captions.sentences.size() != written) {
      merged.push_back(p + " (" + std::to_string(written) + " sentences, " +
                       std::to_string(prepared.captions.sentences.size()) + " spans)");
    }
  }
  return merged;
}

std::string Lines(const std::vector<std::string>& v) {
  std::string all;
  for (const auto& s : v) all += s + "\n";
  return all;
}

std::vector<std::string> CaseInputs() {
  std::ifstream in(std::string(NARRATE_SOURCE_DIR) + "/tests/text/normalize_cases.tsv");
  std::vector<std::string> inputs;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    inputs.push_back(line.substr(0, line.find('\t')));
  }
  return inputs;
}

TEST(PrepareParagraph, OnTheCaseTableOnlyAWrongSplitIsMerged) {
  std::vector<std::string> inputs = CaseInputs();
  ASSERT_GT(inputs.size(), 200u);
  // SplitSentences breaks after "U.S." (before a capital); said alone it would
  // be "The U S." with a sentence pause, so the two are one caption.
  EXPECT_EQ(Lines(MergedSentences(inputs)), "The U.S. Army marched. (2 sentences, 1 spans)\n");
}

// Paragraphs made of several table cases (fixed pseudo-random picks): every
// span, link, break and cue points at the right text, in order.
TEST(CaptionBuilder, MixedParagraphsKeepEveryInvariant) {
  std::vector<std::string> inputs = CaseInputs();
  ASSERT_GT(inputs.size(), 200u);
  unsigned state = 12345;
  auto next = [&](unsigned n) { state = state * 1103515245u + 12345u; return (state >> 8) % n; };
  source::Chapter chapter;
  for (int p = 0; p < 60; ++p) {
    std::string text;
    for (unsigned k = 0, n = 1 + next(5); k < n; ++k) text += (text.empty() ? "" : " ") + inputs[next(inputs.size())];
    chapter.paragraphs.push_back({text, p + 1, false});
  }
  const std::string text = ChapterText(chapter);
  std::vector<Segment> script = ChapterScript(chapter, Pacing{}, Preparer());
  for (const Segment& seg : script) {
    std::size_t spoken_at = 0, text_at = 0;
    for (const SentenceSpan& s : seg.captions.sentences) {
      EXPECT_EQ(text.substr(s.text_offset, s.text.size()), s.text);
      EXPECT_GE(s.text_offset, text_at);
      EXPECT_GE(s.spoken_begin, spoken_at);
      EXPECT_LT(s.spoken_begin, s.spoken_end);
      EXPECT_LE(s.spoken_end, seg.captions.spoken.size());
      for (const TextLink& l : s.links) {
        EXPECT_TRUE(l.spoken_begin >= s.spoken_begin && l.spoken_end <= s.spoken_end) << s.text;
        EXPECT_TRUE(l.text_begin >= s.text_offset && l.text_end <= s.text_offset + s.text.size()) << s.text;
      }
      for (const ClauseBreak& b : s.breaks) {
        EXPECT_TRUE(b.text_offset > s.text_offset && b.text_offset < s.text_offset + s.text.size()) << s.text;
        EXPECT_TRUE(b.spoken_offset > s.spoken_begin && b.spoken_offset < s.spoken_end) << s.text;
      }
      spoken_at = s.spoken_end;
      text_at = s.text_offset + s.text.size();
    }
  }
  CaptionLimits limits;
  limits.max_cue_chars = 30;  // split wherever a clause break allows
  Captions c = Render(script, limits);
  ASSERT_GT(c.cues.size(), 100u);
  for (std::size_t i = 0; i < c.cues.size(); ++i) {
    EXPECT_NE(text.find(c.cues[i].text), std::string::npos) << c.cues[i].text;
    EXPECT_LT(c.cues[i].start_sample, c.cues[i].end_sample) << c.cues[i].text;
    if (i > 0) {
      EXPECT_LE(c.cues[i - 1].end_sample, c.cues[i].start_sample) << c.cues[i].text;
    }
  }
  for (const package::TimedWord& w : c.words) {
    EXPECT_LT(w.start_sample, w.end_sample) << w.spoken;
    EXPECT_LE(w.text_end, text.size());
    auto letters = [](std::string s) {  // exact: the same letters and digits ("It’s" says "It's")
      std::erase_if(s, [](char c) { return static_cast<unsigned char>(c) < 0x80 && !std::isalnum(static_cast<unsigned char>(c)); });
      std::erase(s, '\xe2'), std::erase(s, '\x80'), std::erase(s, '\x99');
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    if (w.exact) {
      EXPECT_EQ(letters(text.substr(w.text_begin, w.text_end - w.text_begin)), letters(w.spoken)) << w.spoken;
    }
  }
}

TEST(PrepareParagraph, OnTheSeedStoriesEverySentenceIsItsOwn) {
  namespace fs = std::filesystem;
  fs::path seeds = fs::path(NARRATE_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::is_directory(seeds)) GTEST_SKIP() << "no ../shared/seeds";
  std::vector<std::string> paragraphs;
  for (const auto& entry : fs::directory_iterator(seeds)) {
    if (entry.path().extension() != ".txt") continue;
    std::stringstream text;
    text << std::ifstream(entry.path()).rdbuf();
    auto book = source::ParseBook(text.str(), entry.path().string());
    ASSERT_TRUE(book.ok()) << book.status().message();
    for (const auto& c : book->chapters) {
      for (const auto& p : c.paragraphs) paragraphs.push_back(p.text);
    }
  }
  ASSERT_FALSE(paragraphs.empty());
  EXPECT_EQ(Lines(MergedSentences(paragraphs)), "");
}

}  // namespace
}  // namespace narrate::pipeline
