// Two speech fixes the studio needs (issue 16): text typed with [[mnemonics]]
// is spoken and timed as those phonemes (say, phonemes, the studio's
// /api/say), and a sounds-like respelling stresses only its syllable in
// capitals. Checked on the real eSpeak NG (worker and built program) as well
// as on the pure parts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "pipeline/caption_text.h"
#include "pipeline/pipeline.h"
#include "pronunciation/lexicon.h"
#include "tests/support/program.h"
#include "tts/synth/respelling.h"

namespace narrate {
namespace {

using Kind = SpeechPiece::Kind;

std::size_t PrimaryStresses(std::string_view phonemes) {
  return static_cast<std::size_t>(std::count(phonemes.begin(), phonemes.end(), '\''));
}

// ---- [[…]] in typed text ----------------------------------------------------------

TEST(ParagraphOfText, EachSpanBecomesAPronunciationOverItsMnemonics) {
  auto p = app::ParagraphOfText("I saw [[w'i:n@]] go");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->text, "I saw w'i:n@ go");
  ASSERT_EQ(p->pronunciations.size(), 1u);
  EXPECT_EQ(p->pronunciations[0].offset, 6u);
  EXPECT_EQ(p->pronunciations[0].length, 6u);
  EXPECT_EQ(p->pronunciations[0].phonemes, "w'i:n@");
  EXPECT_EQ(p->pronunciations[0].alphabet, "x-espeak");
}

TEST(ParagraphOfText, SeveralSpansBlanksInsideAndVerseLines) {
  auto p = app::ParagraphOfText("[[ r'u:r@ p'EnTi ]] is cold,\nand [[k'o@]]'s home");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->text, "r'u:r@ p'EnTi is cold,\nand k'o@'s home");
  ASSERT_EQ(p->pronunciations.size(), 2u);
  EXPECT_EQ(p->text.substr(p->pronunciations[0].offset, p->pronunciations[0].length),
            "r'u:r@ p'EnTi");
  EXPECT_EQ(p->text.substr(p->pronunciations[1].offset, p->pronunciations[1].length), "k'o@");
  auto plain = app::ParagraphOfText("No brackets ] here [ at all.");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->text, "No brackets ] here [ at all.");
  EXPECT_TRUE(plain->pronunciations.empty());
}

TEST(ParagraphOfText, BadMnemonicsAndUnclosedSpansAreErrorsNamingThem) {
  auto bad = app::ParagraphOfText("say [[q!!]] now");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad.status().message(), "unknown eSpeak phoneme \"!\" in [[q!!]]");
  auto unclosed = app::ParagraphOfText("I saw [[w'i:n@ go");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(unclosed.status().message().find("unclosed \"[[\""), std::string::npos)
      << unclosed.status().message();
  EXPECT_FALSE(app::ParagraphOfText("an [[ ]] empty one").ok());
  EXPECT_FALSE(app::ParagraphOfText("two [[w'i:n@\nlines]]").ok());
}

// Captions align against the spoken text: the span's written mnemonics stand
// where its phonemes are said, so every written word is linked.
TEST(SpanCaptions, EveryWrittenWordIsLinkedAndTheUtteranceIsUnchanged) {
  auto preparer = pipeline::TextPreparer::Create({}, "");
  ASSERT_TRUE(preparer.ok());
  auto p = app::ParagraphOfText("In 1987 I saw [[w'i:n@]] go.");
  ASSERT_TRUE(p.ok());
  pipeline::PreparedParagraph prepared = pipeline::PrepareParagraph(*preparer, *p, 0);
  EXPECT_EQ(prepared.captions.spoken, "In nineteen eighty seven I saw w'i:n@ go.");
  ASSERT_EQ(prepared.captions.sentences.size(), 1u);
  const auto& links = prepared.captions.sentences[0].links;
  ASSERT_FALSE(links.empty());
  auto span = std::find_if(links.begin(), links.end(),
                           [](const pipeline::TextLink& l) { return l.text_begin == 14; });
  ASSERT_NE(span, links.end());
  EXPECT_TRUE(span->exact);
  EXPECT_EQ(span->text_end, 20u);
  // The same utterance with or without captions (the audio does not depend on them).
  const Utterance plain = preparer->PrepareParagraph(*p);
  ASSERT_EQ(plain.size(), prepared.utterance.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(plain[i].kind, prepared.utterance[i].kind);
    EXPECT_EQ(plain[i].content, prepared.utterance[i].content);
    EXPECT_EQ(plain[i].source_offset, prepared.utterance[i].source_offset);
  }
  auto phonemes = std::find_if(plain.begin(), plain.end(),
                               [](const SpeechPiece& s) { return s.kind == Kind::kPhonemes; });
  ASSERT_NE(phonemes, plain.end());
  EXPECT_EQ(phonemes->content, "w'i:n@");
  EXPECT_EQ(prepared.captions.spoken.substr(phonemes->source_offset, 6), "w'i:n@");
}

class SayCommand : public testing::Program {
 protected:
  // `input | narrate ARGS` in the folder (a subshell: RunCommand redirects its streams).
  testing::CommandResult Piped(const std::string& input, const std::string& args) const {
    return testing::RunCommand("(cd " + testing::Quote(dir_) + " && " + input +
                               " | XDG_CONFIG_HOME=" + testing::Quote(dir_) + " " +
                               testing::Quote(NARRATE_BINARY) + " " + args + ")");
  }
};

TEST_F(SayCommand, BracketedPhonemesAreSpokenAndEveryWordIsTimed) {
  auto r = Narrate("say \"I saw [[w'i:n@]] go\" -o s.wav --timings json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(testing::ReadFile(dir_ + "/s.json"));
  const auto& chapter = json.at("chapters").at(0);
  EXPECT_EQ(chapter.at("text"), "I saw w'i:n@ go");
  const auto& words = chapter.at("words");
  ASSERT_EQ(words.size(), 4u) << words.dump();
  for (const auto& w : words) EXPECT_GT(w.at("end").get<double>(), w.at("start").get<double>());
  EXPECT_EQ(words[2].at("char_start"), 6);
  EXPECT_EQ(words[2].at("char_end"), 12);
  EXPECT_EQ(words[3].at("word"), "go");
}

TEST_F(SayCommand, PhonemesOfBracketedTextAreTheMnemonicsNotLetters) {
  auto r = Narrate("phonemes \"I saw [[w'i:n@]] go\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("w'i:n@"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("d'Vb@L"), std::string::npos) << r.out;  // "[" spelled: "double..."
}

TEST_F(SayCommand, BadMnemonicsFailWithOneLineAndWriteNothing) {
  auto r = Narrate("say \"go [[q!!]] now\" -o bad.wav");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown eSpeak phoneme \"!\" in [[q!!]]"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/bad.wav"));
  auto unclosed = Narrate("phonemes \"I saw [[w'i:n@ go\"");
  EXPECT_EQ(unclosed.exit_code, 1);
  EXPECT_NE(unclosed.err.find("unclosed"), std::string::npos) << unclosed.err;
}

TEST_F(SayCommand, StandardInputStillWorksWithBrackets) {
  auto r = Piped("printf 'Hello [[h@l'\"'\"'oU]] there.\\n'", "say -o - > out.wav");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string wav = testing::ReadFile(dir_ + "/out.wav");
  ASSERT_GT(wav.size(), 44u + 22050u);  // header and more than half a second
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  auto file = Piped("echo 'It is [[k'\"'\"'o@]].'", "say -o f.wav");
  ASSERT_EQ(file.exit_code, 0) << file.err;
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/f.wav"));
}

// ---- respellings: one stress a word ------------------------------------------------

TEST(StressedSyllable, CapitalsOfTwoLettersOrMore) {
  EXPECT_TRUE(synth::IsStressedSyllable("WEE"));
  EXPECT_TRUE(synth::IsStressedSyllable("BUR'S"));
  EXPECT_TRUE(synth::IsStressedSyllable("ÉTÉ"));
  EXPECT_TRUE(synth::IsStressedSyllable("ŁÓDŹ"));
  EXPECT_FALSE(synth::IsStressedSyllable("Wee"));
  EXPECT_FALSE(synth::IsStressedSyllable("été"));
  EXPECT_FALSE(synth::IsStressedSyllable("A"));
  EXPECT_FALSE(synth::IsStressedSyllable("BURs"));
  EXPECT_FALSE(synth::IsStressedSyllable("ŁÓdź"));
}

// A reader standing in for eSpeak, stressing every syllable as eSpeak does.
std::string FakeRead(const std::string& text) {
  if (text == "wee") return "w'i:";
  if (text == "nuh") return "n'V";
  if (text == "kroh") return "kr'oU";
  if (text == "nohs") return "n'oUz";
  if (text == "krohnohs") return "kroUn'oUz";  // eSpeak would stress the first: not here
  if (text == "az") return "'az";
  if (text == "et") return "'Et";
  if (text == "bur's") return "b'3:z";
  return "?";
}

TEST(RespellingToMnemonics, TheSyllableInCapitalsTakesTheOnlyStress) {
  EXPECT_EQ(synth::RespellingToMnemonics("WEE-nuh", FakeRead), "w'i:|nV");
  EXPECT_EQ(synth::RespellingToMnemonics("nuh-WEE", FakeRead), "nV|w'i:");
  EXPECT_EQ(synth::RespellingToMnemonics("AZ-et-BUR'S", FakeRead), "'az|Et|b3:z");
  EXPECT_EQ(synth::RespellingToMnemonics("az-ET-bur's", FakeRead), "az|'Et|b3:z");
  EXPECT_EQ(synth::RespellingToMnemonics("-WEE--nuh-", FakeRead), "w'i:|nV");
}

TEST(RespellingToMnemonics, WithoutCapitalsTheWholeWordsStressDecides) {
  EXPECT_EQ(synth::RespellingToMnemonics("kroh-nohs", FakeRead), "kroU|n'oUz");
  EXPECT_EQ(synth::RespellingToMnemonics("WEE-nuh kroh-nohs", FakeRead), "w'i:|nV kroU|n'oUz");
  EXPECT_EQ(synth::RespellingToMnemonics("wee", FakeRead), "w'i:");
}

TEST(RespellingPieces, HyphensOrCapitalsMakeARespellingPieceWithItsEnding) {
  auto lexicon = pronunciation::Lexicon::Parse(
      "Wina\tWEE-nuh\nWinb\tnuh-WEE\nKor\tKore\nKoris\tKORE\nRura Penthe\tROO-ra PEN-thay\n", "t");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  const Utterance u = lexicon->Apply("Wina's Winbs Kor Koris Rura Penthe");
  std::vector<std::pair<Kind, std::string>> pieces;
  for (const SpeechPiece& p : u) {
    if (p.content != " ") pieces.emplace_back(p.kind, p.content);
  }
  const std::vector<std::pair<Kind, std::string>> expected = {
      {Kind::kRespelling, "WEE-nuh's"},
      {Kind::kRespelling, "nuh-WEES"},
      {Kind::kText, "Kore"},
      {Kind::kRespelling, "KORE"},
      {Kind::kRespelling, "ROO-ra PEN-thay"}};
  EXPECT_EQ(pieces, expected);
}

// A PLS <alias> is text to read, not a respelling: "Jean-Luc" keeps both its stresses.
TEST(RespellingPieces, PlsAliasesStayText) {
  auto lexicon = pronunciation::Lexicon::Parse(
      "<?xml version=\"1.0\"?><lexicon version=\"1.0\" "
      "xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" alphabet=\"ipa\" "
      "xml:lang=\"en\"><lexeme><grapheme>JL</grapheme><alias>Jean-Luc</alias></lexeme>"
      "</lexicon>",
      "t.pls");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  const Utterance u = lexicon->Apply("JL");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].kind, Kind::kText);
  EXPECT_EQ(u[0].content, "Jean-Luc");
}

// The real engine, in the worker every front end uses.
class RespellingSpeech : public ::testing::Test {
 protected:
  std::string Phonemes(const std::string& respelling) {
    Utterance u{SpeechPiece{Kind::kRespelling, respelling, 0, {}}};
    auto out = speaker_.Phonemes({u}, voices::VoiceSettings{}, false);
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? out->front() : "";
  }
  app::Speaker speaker_;
};

TEST_F(RespellingSpeech, OnlyTheCapitalisedSyllableIsStressed) {
  const std::string wina = Phonemes("WEE-nuh");  // eSpeak reading "wee-nuh": w'i:n'V
  EXPECT_EQ(PrimaryStresses(wina), 1u) << wina;
  EXPECT_TRUE(wina.starts_with("w'i:")) << wina;
  EXPECT_EQ(wina.find(','), std::string::npos) << wina;
  const std::string winb = Phonemes("nuh-WEE");
  EXPECT_EQ(PrimaryStresses(winb), 1u) << winb;
  EXPECT_TRUE(winb.ends_with("w'i:")) << winb;
  EXPECT_EQ(winb.find('\''), winb.rfind("w'i:") + 1) << winb;
}

TEST_F(RespellingSpeech, LowerCaseAndSeveralWordsGetOneStressAWord) {
  const std::string kronos = Phonemes("kroh-nohs");  // as text: kr'oUn'oUz
  EXPECT_EQ(PrimaryStresses(kronos), 1u) << kronos;
  EXPECT_EQ(kronos.find(','), std::string::npos) << kronos;
  const std::string rura = Phonemes("ROO-ra PEN-thay");  // as text: r'u:r'A: p'EnT'eI
  const std::size_t space = rura.find(' ');
  ASSERT_NE(space, std::string::npos) << rura;
  EXPECT_EQ(PrimaryStresses(rura.substr(0, space)), 1u) << rura;
  EXPECT_EQ(PrimaryStresses(rura.substr(space + 1)), 1u) << rura;
  EXPECT_TRUE(rura.starts_with("r'u:")) << rura;
  EXPECT_NE(rura.find(" p'En"), std::string::npos) << rura;
}

TEST_F(RespellingSpeech, ARespellingRendersTheSameEachTimeWithEveryWordTimed) {
  auto preparer = pipeline::TextPreparer::Create({}, "");
  ASSERT_TRUE(preparer.ok());
  const std::string lexicon = testing::MakeTempDir();
  testing::WriteFile(lexicon + "/t.lexicon", "Wina\tWEE-nuh\n");
  auto with_lexicon = pipeline::TextPreparer::Create({{}, {lexicon + "/t.lexicon"}, {}}, "");
  std::filesystem::remove_all(lexicon);
  ASSERT_TRUE(with_lexicon.ok()) << with_lexicon.status().message();
  const source::Paragraph p{"Wina went home."};
  auto first = speaker_.Render(p, *with_lexicon);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->words.size(), 3u);
  for (const app::SpokenWord& w : first->words) EXPECT_GT(w.end_sample, w.start_sample);
  EXPECT_EQ(first->words[0].char_start, 0u);
  EXPECT_EQ(first->words[0].char_end, 4u);
  EXPECT_EQ(first->words[0].phonemes, "w i: n V");  // as spoken (phoneme events carry no stress)
  ASSERT_TRUE(Phonemes("nuh-WEE").size() > 0);      // other work in the same worker between
  auto second = speaker_.Render(p, *with_lexicon);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->pcm, second->pcm);
  auto plain = speaker_.Render(p, *preparer);
  ASSERT_TRUE(plain.ok());
  EXPECT_NE(first->pcm, plain->pcm);
}

// The studio's POST /api/say path: typed text through ParagraphOfText, rendered to memory.
TEST_F(RespellingSpeech, TypedPhonemesRenderedToMemoryAreTimedOverTheirMnemonics) {
  auto preparer = pipeline::TextPreparer::Create({}, "");
  ASSERT_TRUE(preparer.ok());
  auto p = app::ParagraphOfText("I saw [[w'i:n@]] go");
  ASSERT_TRUE(p.ok());
  auto spoken = speaker_.Render(*p, *preparer);
  ASSERT_TRUE(spoken.ok()) << spoken.status().message();
  ASSERT_EQ(spoken->words.size(), 4u);
  EXPECT_EQ(spoken->words[2].char_start, 6u);
  EXPECT_EQ(spoken->words[2].char_end, 12u);
  EXPECT_EQ(spoken->words[2].phonemes, "w i: n @");
  EXPECT_NE(spoken->spoken_text.find("[[w'i:n@]]"), std::string::npos) << spoken->spoken_text;
}

class RespellingCommand : public testing::Program {};

TEST_F(RespellingCommand, PhonemesAndSayWithARespellingLexicon) {
  testing::WriteFile(dir_ + "/t.lexicon", "# names\nWina\tWEE-nuh\nRura Penthe\tROO-ra PEN-thay\n");
  auto r = Narrate("phonemes --lexicon t.lexicon \"Wina saw Rura Penthe\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("w'i:n'V"), std::string::npos) << r.out;  // both stressed, as before
  EXPECT_NE(r.out.find("w'i:nV"), std::string::npos) << r.out;
  auto say = Narrate("say --lexicon t.lexicon \"Wina saw Rura Penthe.\" -o w.wav --timings json");
  ASSERT_EQ(say.exit_code, 0) << say.err;
  auto json = nlohmann::json::parse(testing::ReadFile(dir_ + "/w.json"));
  const auto& words = json.at("chapters").at(0).at("words");
  ASSERT_GE(words.size(), 3u) << words.dump();
  for (const auto& w : words) EXPECT_GT(w.at("end").get<double>(), w.at("start").get<double>());
  EXPECT_EQ(words[0].at("char_start"), 0);
  EXPECT_EQ(words[0].at("char_end"), 4);
}

}  // namespace
}  // namespace narrate
