// Quotations spoken in their speakers' voices: the pieces a voiced paragraph
// is prepared as, builds with and without voicing (in-process, through the
// fakes), word timings of a voiced paragraph from the real engine, and
// `narrate cast` / `build --voices` run as a program.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "app/cast.h"
#include "pipeline/caption_text.h"
#include "pipeline/narrator.h"
#include "pipeline/pipeline.h"
#include "pipeline/render_worker.h"
#include "tests/support/fake_build_test.h"
#include "tests/support/program.h"
#include "voices/cast.h"
#include "voices/quotations.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using pipeline::BookVoicing;
using pipeline::VoicedSpan;

const voices::VoiceSettings kKirk{"en", 150, 40, 50};
const voices::VoiceSettings kSpock{"en", 210, 60, 50};

pipeline::TextPreparer Preparer() {
  auto preparer = pipeline::TextPreparer::Create(pipeline::SpeechOptions{}, "");
  EXPECT_TRUE(preparer.ok()) << preparer.status().message();
  return *preparer;
}

// The span of the first "…" (straight quotes) in text, marks excluded.
VoicedSpan QuoteSpan(std::string_view text, const voices::VoiceSettings& voice) {
  const std::size_t open = text.find('"');
  const std::size_t close = text.find('"', open + 1);
  return VoicedSpan{open + 1, close, voice};
}

std::string Joined(const Utterance& u) {
  std::string out;
  for (const SpeechPiece& p : u) out += p.content;
  return out;
}

// Each piece's content with the voice's rate ("Report@150").
std::vector<std::string> Voiced(const Utterance& u) {
  std::vector<std::string> out;
  for (const SpeechPiece& p : u) {
    out.push_back(p.content + "@" + (p.voice ? std::to_string(p.voice->rate_wpm) : "none"));
  }
  return out;
}

TEST(VoicedParagraph, PiecesInsideTheQuotationSpeakInItsVoice) {
  const pipeline::TextPreparer preparer = Preparer();
  const source::Paragraph p{"\"Report, Mister Spock,\" said Kirk.", 1, false, {}};
  const Utterance u = preparer.PrepareParagraph(p, {QuoteSpan(p.text, kKirk)});
  EXPECT_EQ(Voiced(u),
            (std::vector<std::string>{"\"Report, Mister Spock,\"@150", " @150", "said Kirk.@175"}));
}

TEST(VoicedParagraph, NarrationBeforeAndAfterKeepsTheNarratorsVoice) {
  const pipeline::TextPreparer preparer = Preparer();
  const source::Paragraph p{"Spock replied, \"Sensors show 12 ships.\" He sat.", 1, false, {}};
  const Utterance u = preparer.PrepareParagraph(p, {QuoteSpan(p.text, kSpock)});
  EXPECT_EQ(Voiced(u), (std::vector<std::string>{"Spock replied,@175", " @175",
                                                 "\"Sensors show twelve ships.\"@210", " @210",
                                                 "He sat.@175"}));
}

TEST(VoicedParagraph, NoSpansIsThePlainPreparation) {
  const pipeline::TextPreparer preparer = Preparer();
  const source::Paragraph p{"\"Report,\" said Kirk in 1987.", 1, false, {}};
  const Utterance plain = preparer.PrepareParagraph(p);
  const Utterance none = preparer.PrepareParagraph(p, {});
  ASSERT_EQ(none.size(), plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(none[i].content, plain[i].content);
    EXPECT_EQ(none[i].source_offset, plain[i].source_offset);
    EXPECT_EQ(none[i].voice, plain[i].voice);
  }
}

TEST(VoicedParagraph, CaptionsSpeakTheSameUtteranceAndPointIntoTheSpokenText) {
  const pipeline::TextPreparer preparer = Preparer();
  const source::Paragraph p{"\"Hello. Are you there?\" asked Kirk. Nobody was.", 1, false, {}};
  const std::vector<VoicedSpan> spans{QuoteSpan(p.text, kKirk)};
  const pipeline::PreparedParagraph prepared = pipeline::PrepareParagraph(preparer, p, 0, spans);
  EXPECT_EQ(Voiced(prepared.utterance), Voiced(preparer.PrepareParagraph(p, spans)));
  EXPECT_EQ(prepared.captions.spoken, Joined(prepared.utterance));
  for (const SpeechPiece& piece : prepared.utterance) {
    EXPECT_EQ(prepared.captions.spoken.substr(piece.source_offset, piece.content.size()),
              piece.content);
  }
  std::vector<std::string> sentences;
  std::size_t said = 0;
  for (const pipeline::SentenceSpan& s : prepared.captions.sentences) {
    sentences.push_back(s.text);
    EXPECT_GE(s.spoken_begin, said) << s.text;
    said = s.spoken_end;
  }
  EXPECT_EQ(said, prepared.captions.spoken.size());
  EXPECT_EQ(sentences, (std::vector<std::string>{"\"Hello.", "Are you there?\"", "asked Kirk.",
                                                 "Nobody was."}));
}

TEST(VoicedParagraph, AVerseLineSpeaksThePartOfTheSpanItHolds) {
  const pipeline::TextPreparer preparer = Preparer();
  const source::Paragraph p{"He sang:\n\"Row, row,\nrow your boat\"\nand stopped.", 1, false, {}};
  const std::vector<pipeline::Segment> script = pipeline::ParagraphScript(
      p, 0, 0, 0, pipeline::Pacing{}, preparer, true, {QuoteSpan(p.text, kKirk)});
  ASSERT_EQ(script.size(), 4u);
  EXPECT_EQ(Voiced(script[0].utterance), (std::vector<std::string>{"He sang:@175"}));
  EXPECT_EQ(Voiced(script[1].utterance), (std::vector<std::string>{"\"Row, row,@150"}));
  EXPECT_EQ(Voiced(script[2].utterance), (std::vector<std::string>{"row your boat\"@150"}));
  EXPECT_EQ(Voiced(script[3].utterance), (std::vector<std::string>{"and stopped.@175"}));
}

// ---- builds through the fakes ------------------------------------------------

const char kDialogue[] =
    "Chapter 1. The Bridge\n\n\"Report, Mister Spock,\" said Kirk.\n\n"
    "The bridge hummed quietly.\n\n"
    "Chapter 2. The Lab\n\nSpock replied, \"Sensors show nothing, Captain.\"\n\n"
    "The lab was dark.\n\n"
    "Chapter 3. The Hall\n\nThe hall was empty and cold.\n";

const std::vector<std::string> kFiles{"01 - Chapter 1 - The Bridge.mp3",
                                      "02 - Chapter 2 - The Lab.mp3",
                                      "03 - Chapter 3 - The Hall.mp3"};

class CastBuild : public testing::FakeBuildTest {
 protected:
  void SetUp() override {
    FakeBuildTest::SetUp();
    Write(book_, kDialogue);
    auto book = source::ReadBook(Path(book_));
    ASSERT_TRUE(book.ok()) << book.status().message();
    ASSERT_EQ(book->chapters.size(), 3u);
    loaded_ = *book;
  }
  // Kirk speaks chapter 1's quotation, Spock chapter 2's; chapter 3 has none.
  std::shared_ptr<const BookVoicing> Voicing(const voices::VoiceSettings& spock) const {
    auto v = std::make_shared<BookVoicing>();
    v->spans.resize(3);
    const auto& c1 = loaded_.chapters[0].paragraphs;
    const auto& c2 = loaded_.chapters[1].paragraphs;
    v->spans[0] = {{QuoteSpan(c1[0].text, kKirk)}, {}};
    v->spans[1] = {{QuoteSpan(c2[0].text, spock)}, {}};
    return v;
  }
  std::vector<std::string> Hashes() const {
    auto preparer = pipeline::TextPreparer::Create(options_.speech, Path(book_));
    EXPECT_TRUE(preparer.ok());
    std::vector<std::string> out;
    for (const auto& f : pipeline::PlanFiles(loaded_, options_, *preparer)) out.push_back(f.hash);
    return out;
  }
  source::Book loaded_;
};

TEST_F(CastBuild, VoicingWithNoSpansPlansTheSameHashesAsNone) {
  const std::vector<std::string> none = Hashes();
  auto empty = std::make_shared<BookVoicing>();
  empty->spans.resize(3);
  for (std::size_t i = 0; i < 3; ++i) empty->spans[i].resize(loaded_.chapters[i].paragraphs.size());
  options_.speech.voicing = empty;
  EXPECT_EQ(Hashes(), none);
  options_.speech.voicing = Voicing(kSpock);
  const std::vector<std::string> cast = Hashes();
  ASSERT_EQ(cast.size(), 3u);
  EXPECT_NE(cast[0], none[0]);
  EXPECT_NE(cast[1], none[1]);
  EXPECT_EQ(cast[2], none[2]) << "a chapter without quotations keeps its hash";
}

TEST_F(CastBuild, OnlyChaptersWithQuotationsSoundDifferent) {
  BuildRendering(3);
  std::vector<std::string> plain;
  for (const std::string& f : kFiles) plain.push_back(Read("out/" + f));
  options_.output_dir = Path("cast");
  options_.speech.voicing = Voicing(kSpock);
  BuildRendering(3);
  EXPECT_TRUE(Read("cast/" + kFiles[0]) != plain[0]);
  EXPECT_TRUE(Read("cast/" + kFiles[1]) != plain[1]);
  EXPECT_TRUE(Read("cast/" + kFiles[2]) == plain[2]);
  EXPECT_EQ(env_.engines.SpokenContaining("The hall was empty and cold."), 1);
}

TEST_F(CastBuild, NoVoicingBuildsTheSameBytesAsBefore) {
  BuildRendering(3);
  std::vector<std::string> first;
  for (const std::string& f : kFiles) first.push_back(Read("out/" + f));
  options_.output_dir = Path("again");
  options_.speech.voicing = nullptr;
  BuildRendering(3);
  for (std::size_t i = 0; i < kFiles.size(); ++i)
    EXPECT_TRUE(Read("again/" + kFiles[i]) == first[i]) << kFiles[i];
}

TEST_F(CastBuild, ChangingOneCharactersPitchRendersOnlyTheChaptersWhereItSpeaks) {
  options_.speech.voicing = Voicing(kSpock);
  BuildRendering(3);
  voices::VoiceSettings higher = kSpock;
  higher.pitch = 70;
  options_.speech.voicing = Voicing(higher);
  auto preparer = pipeline::TextPreparer::Create(options_.speech, Path(book_));
  ASSERT_TRUE(preparer.ok());
  const auto planned = pipeline::PlanFiles(loaded_, options_, *preparer);
  std::vector<std::string> again;
  for (const auto& f : pipeline::FilesToRender(loaded_, options_, planned))
    again.push_back(f.file_name);
  EXPECT_EQ(again, (std::vector<std::string>{kFiles[1]}));
  BuildRendering(1);
}

// ---- the real engine ----------------------------------------------------------

TEST(VoicedParagraphAudio, WordsAreTimedInOrderAndEveryWordIsTimed) {
  const pipeline::TextPreparer preparer = Preparer();
  const source::Paragraph p{"\"Report, Mister Spock,\" said Kirk. \"Now.\"", 1, false, {}};
  const std::size_t second = p.text.rfind("Now");
  const std::vector<VoicedSpan> spans{QuoteSpan(p.text, voices::VoiceSettings{"en+f2", 160}),
                                      VoicedSpan{second, second + 4, kSpock}};
  pipeline::RenderWorker worker;
  auto voiced = worker.Render(pipeline::PrepareParagraph(preparer, p, 0, spans), preparer.voice());
  ASSERT_TRUE(voiced.ok()) << voiced.status().message();
  auto plain = worker.Render(pipeline::PrepareParagraph(preparer, p, 0, {}), preparer.voice());
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  EXPECT_NE(voiced->pcm, plain->pcm);
  std::vector<std::string> written;
  std::int64_t previous_end = 0;
  for (const pipeline::RenderedWord& w : voiced->words) {
    EXPECT_LT(w.start_sample, w.end_sample) << w.spoken;
    EXPECT_GE(w.start_sample, previous_end) << w.spoken;
    EXPECT_LE(w.end_sample, static_cast<std::int64_t>(voiced->pcm.size())) << w.spoken;
    previous_end = w.end_sample;
    written.push_back(p.text.substr(w.text_begin, w.text_end - w.text_begin));
  }
  EXPECT_EQ(written,
            (std::vector<std::string>{"Report", "Mister", "Spock", "said", "Kirk", "Now"}));
}

// ---- corrections through app:: ------------------------------------------------------

TEST_F(CastBuild, ACorrectionIsSavedBesideTheBookAndWinsOverTheRules) {
  Write("road.txt.voices.toml",
        "[character.kirk]\nnames = [\"Kirk\"]\n[character.spock]\nnames = [\"Spock\"]\n"
        "pitch = 20\n");
  loaded_.path = Path(book_);
  auto cast = app::CastBook(loaded_, "", voices::VoiceSettings{});
  ASSERT_TRUE(cast.ok()) << cast.status().message();
  ASSERT_FALSE(cast->quotations.empty());
  EXPECT_EQ(cast->quotations[0].speaker, "kirk");
  const std::size_t begin = cast->quotations[0].begin;
  EXPECT_EQ(app::CorrectSpeaker(loaded_, *cast, 1, 1, begin, "mccoy").code(),
            StatusCode::kInvalidInput);
  ASSERT_TRUE(app::CorrectSpeaker(loaded_, *cast, 1, 1, begin, "spock").ok());
  EXPECT_TRUE(fs::exists(Path("road.txt.speakers.toml")));
  auto again = app::CastBook(loaded_, "", voices::VoiceSettings{});
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->quotations[0].speaker, "spock");
  EXPECT_EQ(again->quotations[0].rule, "correction");
  EXPECT_TRUE(again->warnings.empty());
  const auto voicing = app::VoicingFor(loaded_, *again);
  ASSERT_NE(voicing, nullptr);
  ASSERT_EQ(voicing->Of(0, 0).size(), 1u);
  EXPECT_EQ(voicing->Of(0, 0)[0].voice.pitch, 20);
  EXPECT_TRUE(voicing->Of(2, 0).empty());
}

// ---- the program ----------------------------------------------------------------

// Until voices/cast.cc and voices/quotations.cc land, their stubs read no
// cast and find no quotation: the program tests wait for them.

const char kCast[] =
    "[narrator]\nvoice = \"en\"\n\n[character.kirk]\nnames = [\"Kirk\"]\ngender = \"male\"\n"
    "variant = \"m1\"\n\n[character.spock]\nnames = [\"Spock\"]\ngender = \"male\"\n"
    "variant = \"m3\"\npitch = 30\n";

class CastProgram : public testing::Program {
 protected:
  void SetUp() override {
    Program::SetUp();
    testing::WriteFile(dir_ + "/trek.txt", kDialogue);
  }
};

TEST_F(CastProgram, TheCastBesideTheBookIsFoundAsLexiconsAre) {
  testing::WriteFile(dir_ + "/trek.voices.toml", kCast);
  const testing::CommandResult r = Narrate("cast trek.txt --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["cast"], "trek.voices.toml");
}

TEST_F(CastProgram, CastJsonListsEveryQuotationWithItsSpeaker) {
  testing::WriteFile(dir_ + "/trek.txt.voices.toml", kCast);
  const testing::CommandResult r = Narrate("cast trek.txt --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["cast"], "trek.txt.voices.toml");
  ASSERT_EQ(doc["quotations"].size(), 2u);
  EXPECT_EQ(doc["quotations"][0], nlohmann::json({{"chapter", 1},
                                                  {"paragraph", 1},
                                                  {"text", "Report, Mister Spock,"},
                                                  {"speaker", "kirk"},
                                                  {"rule", "explicit"}}));
  EXPECT_EQ(doc["quotations"][1]["speaker"], "spock");
  EXPECT_EQ(doc["quotations"][1]["text"], "Sensors show nothing, Captain.");
  EXPECT_EQ(doc["speakers"], nlohmann::json({{"kirk", 1}, {"spock", 1}}));
  EXPECT_EQ(doc["unattributed"], 0);
}

TEST_F(CastProgram, WithoutACastQuotationsAreFoundButNotAttributed) {
  const testing::CommandResult r = Narrate("cast trek.txt --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["cast"].is_null());
  ASSERT_EQ(doc["quotations"].size(), 2u);
  EXPECT_TRUE(doc["quotations"][0]["speaker"].is_null());
  EXPECT_EQ(doc["unattributed"], 2);
}

TEST_F(CastProgram, SuggestedCastParses) {
  std::string text;
  for (int i = 0; i < 3; ++i) {
    text += "\"Report " + std::to_string(i) + ",\" said Kirk. He waited.\n\n";
    text += "\"Nothing " + std::to_string(i) + ",\" said Uhura. She smiled.\n\n";
  }
  testing::WriteFile(dir_ + "/talk.txt", text);
  const testing::CommandResult r = Narrate("cast talk.txt --suggest");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto cast = voices::ParseCast(r.out, "suggested.toml");
  ASSERT_TRUE(cast.ok()) << cast.status().message() << "\n" << r.out;
  ASSERT_EQ(cast->characters.size(), 2u) << r.out;
  std::vector<std::string> variants;
  for (const voices::Character& c : cast->characters) variants.push_back(*c.profile.variant);
  EXPECT_NE(variants[0], variants[1]);
}

TEST_F(CastProgram, ABadVoicesFileFailsNamingItsLineAndWritesNothing) {
  testing::WriteFile(dir_ + "/bad.toml", "[character.kirk]\nnames = [\"Kirk\"]\nrate = \"fast\"\n");
  const testing::CommandResult r = Narrate("build trek.txt --voices bad.toml -o out -q");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("narrate: bad.toml:3:", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(dir_ + "/out"));
}

TEST_F(CastProgram, CorrectionsThatDoNotMatchTheBookAreWarningsNamingTheirLine) {
  testing::WriteFile(dir_ + "/trek.txt.voices.toml", kCast);
  testing::WriteFile(dir_ + "/trek.txt.speakers.toml",
                     "[[speaker]]\nchapter = 9\nparagraph = 1\nquote = \"Hi\"\nwho = \"kirk\"\n\n"
                     "[[speaker]]\nchapter = 1\nparagraph = 1\nquote = \"Report\"\n"
                     "who = \"mccoy\"\n");
  const testing::CommandResult r = Narrate("cast trek.txt --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "narrate: trek.txt.speakers.toml:1: the book has no chapter 9\n"
            "narrate: trek.txt.speakers.toml:7: unknown character 'mccoy'\n");
  EXPECT_EQ(nlohmann::json::parse(r.out)["cast"], "trek.txt.voices.toml");
}

TEST_F(CastProgram, TheCastsNarratorReadsTheNarration) {
  ASSERT_EQ(Narrate("build trek.txt -o plain -q --chapters 3").exit_code, 0);
  testing::WriteFile(dir_ + "/slow.toml", "[narrator]\nrate = 120\n");
  const testing::CommandResult r =
      Narrate("build trek.txt --voices slow.toml -o slow -q --chapters 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string file = "/03 - Chapter 3 - The Hall.mp3";
  const std::int64_t plain = testing::Mp3DecodedSamples(dir_ + "/plain" + file);
  const std::int64_t slow = testing::Mp3DecodedSamples(dir_ + "/slow" + file);
  EXPECT_GT(slow, plain + plain / 10) << "120 wpm against 175";
  testing::WriteFile(dir_ + "/high.toml", "[narrator]\nvariant = \"f2\"\n");
  const testing::CommandResult said =
      Narrate("build trek.txt --voices high.toml -o high --chapters 3");
  ASSERT_EQ(said.exit_code, 0) << said.err;
  EXPECT_NE(said.out.find("Voice: en+f2 (the cast's narrator)\n"), std::string::npos) << said.out;
}

TEST_F(CastProgram, BuildWithTheCastBesideTheBookSpeaksItsQuotations) {
  ASSERT_EQ(Narrate("build trek.txt -o plain -q --chapters 1,3").exit_code, 0);
  testing::WriteFile(dir_ + "/trek.txt.voices.toml", kCast);
  const testing::CommandResult r = Narrate("build trek.txt -o cast -q --chapters 1,3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string quoted = "/01 - Chapter 1 - The Bridge.mp3";
  EXPECT_TRUE(testing::ReadFile(dir_ + "/cast" + quoted) !=
              testing::ReadFile(dir_ + "/plain" + quoted));
  // Narration alone sounds as it did without the cast.
  const std::string narration = "/03 - Chapter 3 - The Hall.mp3";
  EXPECT_TRUE(testing::ReadFile(dir_ + "/cast" + narration) ==
              testing::ReadFile(dir_ + "/plain" + narration));
}

}  // namespace
}  // namespace narrate
