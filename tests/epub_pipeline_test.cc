// EPUB features past the source stage: the book's PLS lexicons and ssml:ph
// overrides in TextPreparer, `build --chapters`, the voice picked from
// dc:language, and dc:title/dc:creator in the ID3 tags of the built files.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.h"
#include "pipeline/pipeline.h"
#include "pronunciation/ipa.h"
#include "pronunciation/lexicon.h"
#include "tests/support/probe.h"
#include "tests/support/zip_writer.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

// No user-wide lexicon from the machine running the tests.
class Isolated : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

const char* kPls =
    "<?xml version=\"1.0\"?><lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" "
    "alphabet=\"ipa\" xml:lang=\"en\"><lexeme><grapheme>Zorblax</grapheme><phoneme>ˈzɔːblæks</phoneme></lexeme></lexicon>";

std::vector<std::string> PhonemePieces(const Utterance& u) {
  std::vector<std::string> out;
  for (const SpeechPiece& p : u) {
    if (p.kind == SpeechPiece::Kind::kPhonemes) out.push_back(p.content);
  }
  return out;
}

std::string Joined(const Utterance& u) {
  std::string out;
  for (const SpeechPiece& p : u) out += p.kind == SpeechPiece::Kind::kPhonemes ? "[[" + p.content + "]]" : p.content;
  return out;
}

std::vector<std::pair<int, int>> Ranges(std::string_view spec) {
  auto ranges = app::ParseChapterList(spec);
  std::vector<std::pair<int, int>> out;
  for (const app::ChapterRange& r : ranges.ok() ? *ranges : std::vector<app::ChapterRange>{})
    out.emplace_back(r.first, r.last);
  return out;
}

TEST(ChapterList, ParsesRangesAndOpenEndsAsWritten) {
  using Pairs = std::vector<std::pair<int, int>>;
  EXPECT_EQ(Ranges("3-7,12"), (Pairs{{3, 7}, {12, 12}}));
  EXPECT_EQ(Ranges("12,3,3-4"), (Pairs{{12, 12}, {3, 3}, {3, 4}}));
  EXPECT_EQ(Ranges("1"), (Pairs{{1, 1}}));
  EXPECT_EQ(Ranges("5-"), (Pairs{{5, 0}}));  // 5 to the last
  EXPECT_EQ(Ranges("-3"), (Pairs{{1, 3}}));  // 1 to 3
  EXPECT_EQ(Ranges("1,5-"), (Pairs{{1, 1}, {5, 0}}));
  EXPECT_EQ(Ranges("-2,9-"), (Pairs{{1, 2}, {9, 0}}));
  for (const char* bad :
       {"", "0", "7-3", "a", "-", "1,,2", "--2", "2 ,3", "3-5-7", "0-", "-0", ",", "5-,"}) {
    EXPECT_FALSE(app::ParseChapterList(bad).ok()) << bad;
  }
  EXPECT_EQ(app::ParseChapterList("7-3").status().message(), "--chapters \"7-3\": range goes backwards");
  EXPECT_EQ(app::ParseChapterList("-").status().message(),
            "--chapters \"-\": expected numbers from 1 like 3-7,12");
}

TEST(VoiceForLanguage, PicksTheRegionalVoiceThenTheLanguage) {
  const std::vector<std::string> names = {"de", "en-029", "en-gb", "en-us", "fr-be", "fr-fr", "pt", "pt-br"};
  EXPECT_EQ(app::VoiceForLanguage("en-US", names), "en-us");
  EXPECT_EQ(app::VoiceForLanguage("en_GB", names), "en-gb");
  EXPECT_EQ(app::VoiceForLanguage("en-AU", names), "en");
  EXPECT_EQ(app::VoiceForLanguage("en", names), "en");
  EXPECT_EQ(app::VoiceForLanguage("fr", names), "fr-fr");
  EXPECT_EQ(app::VoiceForLanguage("fr-CA", names), "fr-fr");
  EXPECT_EQ(app::VoiceForLanguage("de-AT", names), "de");
  EXPECT_EQ(app::VoiceForLanguage("pt-BR", names), "pt-br");
  EXPECT_EQ(app::VoiceForLanguage("tlh", names), "");
  EXPECT_EQ(app::VoiceForLanguage("", names), "");
}

TEST_F(Isolated, BookPlsLexiconAppliesAndAnExplicitLexiconWins) {
  auto preparer = pipeline::TextPreparer::Create({}, "", {{"book.epub:lex.pls", kPls}});
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  ASSERT_EQ(preparer->lexicons().size(), 1u);
  EXPECT_EQ(preparer->lexicons()[0].path, "book.epub:lex.pls");
  EXPECT_EQ(PhonemePieces(preparer->Prepare("Zorblax came.")),
            (std::vector<std::string>{*pronunciation::IpaToEspeak("ˈzɔːblæks")}));

  testing::WriteFile(Path("mine.lexicon"), "Zorblax\t[[z'O:bl@ks]]\n");
  pipeline::SpeechOptions speech;
  speech.lexicons = {Path("mine.lexicon")};
  auto overridden = pipeline::TextPreparer::Create(speech, "", {{"book.epub:lex.pls", kPls}});
  ASSERT_TRUE(overridden.ok()) << overridden.status().message();
  EXPECT_EQ(PhonemePieces(overridden->Prepare("Zorblax came.")), (std::vector<std::string>{"z'O:bl@ks"}));
}

TEST_F(Isolated, BrokenBookPlsIsAnErrorNamingIt) {
  auto preparer = pipeline::TextPreparer::Create({}, "", {{"book.epub:lex.pls", "<lexicon"}});
  ASSERT_FALSE(preparer.ok());
  EXPECT_NE(preparer.status().message().find("book.epub:lex.pls"), std::string::npos) << preparer.status().message();
}

TEST_F(Isolated, BadLexemeInBookPlsIsLeftOutAndTheRestApplies) {
  const std::string pls =
      "<?xml version=\"1.0\"?>\n<lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\"\n"
      "alphabet=\"ipa\" xml:lang=\"en\">\n<lexeme>\n<grapheme>\u2114</grapheme>\n<phoneme>paʊnd</phoneme>\n</lexeme>\n"
      "<lexeme>\n<grapheme>Zorblax</grapheme>\n<phoneme>ˈzɔːblæks</phoneme>\n</lexeme>\n</lexicon>\n";
  auto preparer = pipeline::TextPreparer::Create({}, "", {{"book.epub:lex.pls", pls}});
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  EXPECT_EQ(preparer->lexicon().size(), 1u);
  EXPECT_EQ(PhonemePieces(preparer->Prepare("Zorblax")).size(), 1u);
}

TEST_F(Isolated, SsmlPhSpansArePhonemesAndTheRestIsNormalised) {
  auto preparer = pipeline::TextPreparer::Create({}, "");
  ASSERT_TRUE(preparer.ok());
  source::Paragraph p{"In 1987 Qoo met tomato and Bad.", 0, false, {}};
  p.pronunciations = {{8, 3, "k'u:", "x-espeak"}, {16, 6, "/ˈtoʊ.mɑː.toʊ/", "ipa"}, {27, 3, "ʘ", "ipa"}};
  Utterance u = preparer->PrepareParagraph(p);
  std::string ipa = *pronunciation::IpaToEspeak("ˈtoʊ.mɑː.toʊ");
  EXPECT_EQ(PhonemePieces(u), (std::vector<std::string>{"k'u:", ipa}));
  EXPECT_EQ(Joined(u), "In nineteen eighty seven [[k'u:]] met [[" + ipa + "]] and Bad.");
  EXPECT_EQ(u[1].source_offset, 24u);  // the space before the span, in the spoken text
  p.pronunciations.clear();
  EXPECT_EQ(Joined(preparer->PrepareParagraph(p)), Joined(preparer->Prepare(p.text)));
}

// A three-chapter EPUB 3 with a PLS lexicon and an ssml:ph override.
void WriteSmallEpub(const std::string& path, const std::string& language = "en-US") {
  auto xhtml = [](const std::string& body) {
    return "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" "
           "xmlns:ssml=\"http://www.w3.org/2001/10/synthesis\"><head><title>x</title></head><body>" + body +
           "</body></html>";
  };
  std::string opf =
      "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
      "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Tiny Tales</dc:title>"
      "<dc:creator>Tess Teller</dc:creator><dc:language>" + language + "</dc:language></metadata><manifest>"
      "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>"
      "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
      "<item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/>"
      "<item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\"/>"
      "<item id=\"pls\" href=\"names.pls\" media-type=\"application/pls+xml\"/>"
      "</manifest><spine><itemref idref=\"a\"/><itemref idref=\"b\"/><itemref idref=\"c\"/></spine></package>";
  testing::WriteEpub(path, "content.opf", opf,
                     {{"nav.xhtml", xhtml("<nav><ol><li><a href=\"a.xhtml\">First</a></li><li><a href=\"b.xhtml\">"
                                          "Second</a></li><li><a href=\"c.xhtml\">Third</a></li></ol></nav>")},
                      {"a.xhtml", xhtml("<h1>First</h1><p>Zorblax waved.</p>")},
                      {"b.xhtml", xhtml("<h1>Second</h1><p>Hello <span ssml:alphabet=\"x-espeak\" "
                                        "ssml:ph=\"z'u:\">Qoo</span>.</p>")},
                      {"c.xhtml", xhtml("<h1>Third</h1><p>Bonjour.</p>")},
                      {"names.pls", kPls}});
}

std::string Narrate(const std::string& args) { return std::string(NARRATE_BINARY) + " " + args; }

TEST_F(Isolated, ChaptersCommandListsTitlesAndWords) {
  WriteSmallEpub(Path("tiny.epub"));
  auto r = RunCommand(Narrate("chapters " + Quote(Path("tiny.epub"))));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "Tiny Tales by Tess Teller\n"
            "  1  First  (1 paragraphs, 2 words)\n"
            "  2  Second  (1 paragraphs, 2 words)\n"
            "  3  Third  (1 paragraphs, 1 words)\n");
}

TEST_F(Isolated, PhonemesOfABookUseItsLexiconItsOverridesAndItsLanguage) {
  WriteSmallEpub(Path("tiny.epub"));
  auto book = RunCommand(Narrate("phonemes -f " + Quote(Path("tiny.epub"))));
  ASSERT_EQ(book.exit_code, 0) << book.err;
  EXPECT_NE(book.err.find("tiny.epub:names.pls (1 entry)"), std::string::npos) << book.err;
  // The same words with the same pronunciations from a lexicon file, voice en-us (from en-US).
  testing::WriteFile(Path("same.lexicon"), "Zorblax\t/ˈzɔːblæks/\nQoo\t[[z'u:]]\n");
  std::string expected;  // numbered as preview takes them: "title" is each chapter's spoken title
  for (const auto& [mark, line] :
       std::vector<std::pair<std::string, std::string>>{{"# 1. First\ntitle", "First."},
                                                        {"1", "Zorblax waved."},
                                                        {"\n# 2. Second\ntitle", "Second."},
                                                        {"1", "Hello Qoo."},
                                                        {"\n# 3. Third\ntitle", "Third."},
                                                        {"1", "Bonjour."}}) {
    auto r = RunCommand(Narrate("phonemes --voice en-us --lexicon " + Quote(Path("same.lexicon")) + " " + Quote(line)));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expected += mark + ": " + r.out;
  }
  EXPECT_EQ(book.out, expected);
  auto plain = RunCommand(Narrate("phonemes --voice en-us 'Hello Qoo.'"));
  EXPECT_EQ(book.out.find(plain.out), std::string::npos) << "ssml:ph ignored: " << book.out;

  WriteSmallEpub(Path("french.epub"), "fr");
  auto french = RunCommand(Narrate("phonemes -f " + Quote(Path("french.epub"))));
  auto as_french = RunCommand(Narrate("phonemes --voice fr-fr Bonjour."));
  auto as_english = RunCommand(Narrate("phonemes --voice en Bonjour."));
  ASSERT_NE(as_french.out, as_english.out);
  EXPECT_NE(french.out.find(as_french.out), std::string::npos) << french.out;
}

TEST_F(Isolated, BuildRendersSelectedChaptersKeepsOthersAndTagsTitleAndAuthor) {
  WriteSmallEpub(Path("tiny.epub"));
  const std::string out = Path("out");
  auto second = RunCommand(Narrate("build -q --jobs 2 --chapters 2 -o " + Quote(out) + " " + Quote(Path("tiny.epub"))));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_FALSE(fs::exists(out + "/01 - First.mp3"));
  ASSERT_TRUE(fs::exists(out + "/02 - Second.mp3"));
  auto tags = testing::Ffprobe(out + "/02 - Second.mp3");
  EXPECT_EQ(tags["album"], "Tiny Tales");
  EXPECT_EQ(tags["artist"], "Tess Teller");
  EXPECT_EQ(tags["title"], "Second");
  EXPECT_EQ(tags["track"], "2/3");

  auto first = RunCommand(Narrate("build -q --chapters 1,3 -o " + Quote(out) + " " + Quote(Path("tiny.epub"))));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(fs::exists(out + "/01 - First.mp3"));
  EXPECT_TRUE(fs::exists(out + "/02 - Second.mp3"));  // kept, not removed as "dropped"
  EXPECT_TRUE(fs::exists(out + "/03 - Third.mp3"));
  std::string playlist = testing::ReadFile(out + "/Tiny Tales.m3u8");
  EXPECT_NE(playlist.find("02 - Second.mp3"), std::string::npos) << playlist;
  EXPECT_NE(playlist.find("01 - First.mp3"), std::string::npos) << playlist;

  auto range = RunCommand(Narrate("build -q --chapters 2-4 -o " + Quote(out) + " " + Quote(Path("tiny.epub"))));
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_EQ(range.err,
            "narrate: --chapters 4 is not in 1..3 (see 'narrate chapters')\n"
            "Run 'narrate build --help' for usage.\n");
  auto bad = RunCommand(Narrate("build -q --chapters x -o " + Quote(out) + " " + Quote(Path("tiny.epub"))));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "narrate: --chapters \"x\": expected numbers from 1 like 3-7,12\n"
            "Run 'narrate build --help' for usage.\n");
}

TEST_F(Isolated, BrokenEpubWritesNothing) {
  testing::WriteFile(Path("bad.epub"), "not a zip");
  const std::string out = Path("out");
  auto r = RunCommand(Narrate("build -q -o " + Quote(out) + " " + Quote(Path("bad.epub"))));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "narrate: " + Path("bad.epub") + ": not a zip archive\n");
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace narrate
