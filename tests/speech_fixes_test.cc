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

namespace narrate {
namespace {

using Kind = SpeechPiece::Kind;

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

}  // namespace
}  // namespace narrate
