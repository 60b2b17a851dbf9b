// voices.toml (voices/cast.h) and <book>.speakers.toml (voices/corrections.h):
// parsing with the line of every error, inheritance, resolution, look-alikes,
// and the corrections' round trip and atomic save.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/probe.h"
#include "voices/cast.h"
#include "voices/corrections.h"

namespace narrate::voices {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::WriteFile;

const char kCast[] = R"([narrator]
voice = "en-gb"
rate = 170

[dialogue]
variant = "m3"

[character.kirk]
names = ["Kirk", "James T. Kirk", "the captain"]
gender = "male"
voice = "en-us"
variant = "m1"
pitch = 40
range = 60

[character.bones]
names = ["McCoy"]
rate = 150
tells_the_story = true
)";

// The message ParseCast gives for text, or "" when it parses.
std::string ErrorOf(const std::string& text) {
  auto cast = ParseCast(text, "cast.toml");
  return cast.ok() ? "" : cast.status().message();
}

TEST(ParseCast, ReadsEveryKeyWithItsLine) {
  auto cast = ParseCast(kCast, "cast.toml");
  ASSERT_TRUE(cast.ok()) << cast.status().message();
  EXPECT_EQ(cast->path, "cast.toml");
  EXPECT_EQ(cast->narrator.voice, "en-gb");
  EXPECT_EQ(cast->narrator.rate_wpm, 170);
  EXPECT_EQ(cast->narrator.line, 1);
  EXPECT_EQ(cast->narrator.rate_line, 3);
  EXPECT_FALSE(cast->narrator.pitch.has_value());
  EXPECT_EQ(cast->dialogue.variant, "m3");
  EXPECT_EQ(cast->dialogue.variant_line, 6);
  ASSERT_EQ(cast->characters.size(), 2u);
  const Character& kirk = cast->characters[0];  // file order, not toml++'s sorted order
  EXPECT_EQ(kirk.id, "kirk");
  EXPECT_EQ(kirk.names, (std::vector<std::string>{"Kirk", "James T. Kirk", "the captain"}));
  EXPECT_EQ(kirk.gender, Gender::kMale);
  EXPECT_EQ(kirk.profile.line, 8);
  EXPECT_EQ(kirk.profile.voice_line, 11);
  EXPECT_EQ(kirk.profile.variant_line, 12);
  EXPECT_EQ(kirk.profile.pitch_line, 13);
  EXPECT_EQ(kirk.profile.range_line, 14);
  EXPECT_EQ(kirk.profile.range, 60);
  EXPECT_EQ(cast->characters[1].id, "bones");
  EXPECT_EQ(cast->characters[1].gender, Gender::kUnknown);
  EXPECT_FALSE(kirk.tells_the_story);
  EXPECT_TRUE(cast->characters[1].tells_the_story);
  EXPECT_EQ(cast->characters[1].tells_the_story_line, 19);
  EXPECT_EQ(cast->Storyteller(), 1);
  EXPECT_EQ(cast->Find("bones"), &cast->characters[1]);
  EXPECT_EQ(cast->Find("spock"), nullptr);
  EXPECT_FALSE(cast->empty());
}

TEST(ParseCast, AnEmptyFileIsAnEmptyCast) {
  auto cast = ParseCast("", "cast.toml");
  ASSERT_TRUE(cast.ok());
  EXPECT_TRUE(cast->empty());
  EXPECT_EQ(cast->Storyteller(), -1);
  EXPECT_EQ(cast->narrator.line, 0);
}

TEST(ParseCast, EveryErrorNamesItsLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[narrator]\nrate = 170\nvoice = \"en\n", "cast.toml:3: "},
      {"[narrator]\n\n[narator]\n", "cast.toml:3: unknown table [narator]"},
      {"[narrator]\nspeed = 3\n", "cast.toml:2: unknown key 'speed' in [narrator]"},
      {"[narrator]\nrate = \"fast\"\n", "cast.toml:2: 'rate' must be a whole number, not a string"},
      {"[dialogue]\n\nrate = 500\n", "cast.toml:3: 'rate' 500 is out of range 80..449"},
      {"[dialogue]\npitch = 120\n", "cast.toml:2: 'pitch' 120 is out of range 0..99"},
      {"[dialogue]\nrange = -1\n", "cast.toml:2: 'range' -1 is out of range 0..100"},
      {"[dialogue]\nvoice = 3\n", "cast.toml:2: 'voice' must be a string, not an integer"},
      {"[narrator]\nvoice = \"en-us+f2\"\n",
       "cast.toml:2: 'voice' \"en-us+f2\" names a variant; give it as its own key "
       "(variant = \"f2\")"},
      {"[character.kirk]\nnames = [\"Kirk\"]\ngender = \"robot\"\n",
       "cast.toml:3: 'gender' \"robot\" is not one of \"male\", \"female\", \"unknown\""},
      {"\n[character.kirk]\nvoice = \"en\"\n",
       "cast.toml:2: [character.kirk] has no names (names = [\"...\"])"},
      {"[character.kirk]\nnames = \"Kirk\"\n",
       "cast.toml:2: 'names' must be an array of strings, not a string"},
      {"[character.kirk]\nnames = [\"Kirk\",\n  3]\n",
       "cast.toml:3: 'names' must be an array of strings, not an integer"},
      {"[character.kirk]\nnames = [\"Kirk\"]\n[character.jim]\nnames = [\"kirk\"]\n",
       "cast.toml:3: name \"kirk\" is given to [character.kirk] and [character.jim]"},
      {"[character.\"James Kirk\"]\nnames = [\"Kirk\"]\n",
       "cast.toml:1: character id 'James Kirk' must be letters a-z or A-Z, digits, '_' or '-'"},
      {"[character.kirk]\nnames = [\"Kirk\"]\nmood = \"grim\"\n",
       "cast.toml:3: unknown key 'mood' in [character.kirk]"},
      {"narrator = 3\n", "cast.toml:1: 'narrator' must be a table, not an integer"},
      {"[character]\nkirk = 3\n", "cast.toml:2: 'character.kirk' must be a table, not an integer"},
      {"[character.kirk]\nnames = [\"Kirk\"]\ntells_the_story = \"yes\"\n",
       "cast.toml:3: 'tells_the_story' must be true or false, not a string"},
      {"[character.kirk]\nnames = [\"Kirk\"]\ntells_the_story = true\n"
       "[character.spock]\nnames = [\"Spock\"]\ntells_the_story = true\n",
       "cast.toml:6: [character.spock] and [character.kirk] both have tells_the_story = true"},
  };
  for (const auto& [text, message] : cases) {
    const std::string error = ErrorOf(text);
    EXPECT_TRUE(error.starts_with(message)) << text << "\ngave: " << error;
  }
}

TEST(ParseCast, NonUtf8AndBinaryAreErrorsNotCrashes) {
  EXPECT_TRUE(ErrorOf("[narrator]\nvoice = \"\xff\"\n").starts_with("cast.toml:2: "));
  EXPECT_TRUE(ErrorOf(std::string("\0\1\2", 3)).starts_with("cast.toml:"));
}

TEST(LoadCast, AMissingFileIsAnErrorNamingIt) {
  auto cast = LoadCast("/nonexistent/cast.toml");
  ASSERT_FALSE(cast.ok());
  EXPECT_NE(cast.status().message().find("/nonexistent/cast.toml"), std::string::npos);
}

TEST(Resolve, SetKeysReplaceTheBaseAndAVariantAloneKeepsTheVoice) {
  const VoiceSettings base{"en-gb+m3", 170, 50, 50};
  Profile variant_only;
  variant_only.variant = "f1";
  EXPECT_EQ(Resolve(variant_only, base).name, "en-gb+f1");
  Profile voice_only;
  voice_only.voice = "en-us";
  EXPECT_EQ(Resolve(voice_only, base).name, "en-us+m3");
  Profile both;
  both.voice = "en-us";
  both.variant = "f2";
  both.pitch = 70;
  both.range = 20;
  EXPECT_EQ(Resolve(both, base), (VoiceSettings{"en-us+f2", 170, 70, 20}));
  Profile none;
  none.variant = "";
  EXPECT_EQ(Resolve(none, base).name, "en-gb");
  EXPECT_EQ(Resolve(Profile{}, base), base);
}

TEST(ResolveCast, CharactersAndDialogueInheritFromTheNarratorWhichInheritsTheCommandLine) {
  auto cast = ParseCast(kCast, "cast.toml");
  ASSERT_TRUE(cast.ok());
  const CastVoices v = ResolveCast(*cast, VoiceSettings{"en+f2", 175, 55, 50});
  EXPECT_EQ(v.narrator, (VoiceSettings{"en-gb+f2", 170, 55, 50}));
  EXPECT_EQ(v.dialogue, (VoiceSettings{"en-gb+m3", 170, 55, 50}));
  ASSERT_EQ(v.characters.size(), 2u);
  EXPECT_EQ(v.characters[0], (VoiceSettings{"en-us+m1", 170, 40, 60}));
  EXPECT_EQ(v.characters[1], (VoiceSettings{"en-gb+f2", 150, 55, 50}));
}

TEST(TooAlike, SameVoiceWithCloseRateAndPitch) {
  const VoiceSettings kirk{"en-us+m1", 170, 50, 50};
  EXPECT_TRUE(TooAlike(kirk, VoiceSettings{"en-us+m1", 175, 58, 50}));
  EXPECT_TRUE(TooAlike(kirk, VoiceSettings{"en-us+m1", 187, 60, 50}));  // 17 of 170: 10%
  EXPECT_FALSE(TooAlike(kirk, VoiceSettings{"en-us+m1", 188, 50, 50}));
  EXPECT_FALSE(TooAlike(kirk, VoiceSettings{"en-us+m1", 170, 61, 50}));
  EXPECT_FALSE(TooAlike(kirk, VoiceSettings{"en-us+m2", 170, 50, 50}));
  EXPECT_FALSE(TooAlike(kirk, VoiceSettings{"en-gb+m1", 170, 50, 50}));
}

TEST(Gender, WordsRoundTrip) {
  for (Gender g : {Gender::kUnknown, Gender::kMale, Gender::kFemale})
    EXPECT_EQ(ParseGender(GenderName(g)), g);
  EXPECT_EQ(ParseGender("Male"), std::nullopt);
  EXPECT_EQ(ParseGender(""), std::nullopt);
}

// ---- corrections --------------------------------------------------------------------

TEST(Corrections, PathIsBesideTheBook) {
  EXPECT_EQ(CorrectionsPathFor("b/moby.txt"), "b/moby.txt.speakers.toml");
}

TEST(Corrections, FormatSortsAndParsesBackEqual) {
  const std::vector<SpeakerCorrection> given = {
      {3, 12, "Hello, there", "kirk", 0},
      {1, 2, "Say \"when\"\\ \u201cquoted\u201d\nnext", "", 0},
      {3, 2, "Aye", "bones", 0},
      {3, 2, "\nled by a newline\t'''\"\"\"", "bones", 0},
  };
  const std::string text = FormatCorrections(given);
  auto back = ParseCorrections(text, "b.speakers.toml");
  ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << text;
  ASSERT_EQ(back->size(), 4u);
  const std::vector<int> order = {1, 3, 2, 0};
  for (std::size_t i = 0; i < order.size(); ++i) {
    const SpeakerCorrection& want = given[order[i]];
    EXPECT_EQ((*back)[i].chapter, want.chapter);
    EXPECT_EQ((*back)[i].paragraph, want.paragraph);
    EXPECT_EQ((*back)[i].quote, want.quote);
    EXPECT_EQ((*back)[i].who, want.who);
    EXPECT_GT((*back)[i].line, 0);
  }
  EXPECT_EQ(FormatCorrections(*back), text);
  auto none = ParseCorrections(FormatCorrections({}), "b.speakers.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(Corrections, LinesOfEachEntryAndItsErrors) {
  auto read = ParseCorrections(
      "[[speaker]]\nchapter = 1\nparagraph = 2\nquote = \"Hi\"\nwho = \"kirk\"\n\n"
      "[[speaker]]\nchapter = 2\nparagraph = 1\nquote = \"Yo\"\nwho = \"\"\n",
      "s.toml");
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].line, 1);
  EXPECT_EQ((*read)[1].line, 7);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[[speaker]]\nchapter = 0\nparagraph = 1\nquote = \"\"\nwho = \"\"\n",
       "s.toml:2: 'chapter' 0 must be 1 or more"},
      {"[[speaker]]\nchapter = 1\nparagraph = \"2\"\nquote = \"\"\nwho = \"\"\n",
       "s.toml:3: 'paragraph' must be a number"},
      {"\n[[speaker]]\nchapter = 1\nparagraph = 1\nquote = \"x\"\n",
       "s.toml:2: [[speaker]] has no 'who'"},
      {"[[speaker]]\nchapter = 1\nparagraph = 1\nquote = \"\"\nwho = \"\"\nby = 1\n",
       "s.toml:6: unknown key 'by' in [[speaker]]"},
      {"who = \"kirk\"\n", "s.toml:1: unknown key 'who' (only [[speaker]])"},
      {"[speaker]\nchapter = 1\n", "s.toml:1: 'speaker' must be [[speaker]] tables"},
      {"[[speaker]]\nchapter = 1\nparagraph = \n", "s.toml:3: "},
  };
  for (const auto& [text, message] : cases) {
    auto r = ParseCorrections(text, "s.toml");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(r.status().message().starts_with(message))
        << text << "\ngave: " << r.status().message();
  }
}

class CorrectionFile : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(CorrectionFile, AMissingFileIsNoCorrections) {
  auto read = LoadCorrections(dir_ + "/none.speakers.toml");
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
}

TEST_F(CorrectionFile, SaveReplacesTheSameQuotationAndAddsOthersAtomically) {
  const std::string path = dir_ + "/b.txt.speakers.toml";
  ASSERT_TRUE(SaveCorrection(path, {2, 5, "Hello", "kirk", 0}).ok());
  ASSERT_TRUE(SaveCorrection(path, {1, 1, "Go", "bones", 0}).ok());
  ASSERT_TRUE(SaveCorrection(path, {2, 5, "Hello", "", 0}).ok());
  auto read = LoadCorrections(path);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].quote, "Go");
  EXPECT_EQ((*read)[1].quote, "Hello");
  EXPECT_EQ((*read)[1].who, "");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"b.txt.speakers.toml"});  // no temporary left
}

TEST_F(CorrectionFile, AMalformedFileIsNotOverwritten) {
  const std::string path = dir_ + "/b.txt.speakers.toml";
  WriteFile(path, "[[speaker]]\nchapter = x\n");
  const Status saved = SaveCorrection(path, {1, 1, "Go", "bones", 0});
  ASSERT_FALSE(saved.ok());
  EXPECT_TRUE(saved.message().starts_with(path + ":2: ")) << saved.message();
  EXPECT_EQ(ReadFile(path), "[[speaker]]\nchapter = x\n");
}

TEST_F(CorrectionFile, AnUnwritableFolderIsAnErrorNamingTheFile) {
  const Status saved = SaveCorrection(dir_ + "/no/such/b.speakers.toml", {1, 1, "Go", "", 0});
  ASSERT_FALSE(saved.ok());
  EXPECT_NE(saved.message().find("b.speakers.toml"), std::string::npos) << saved.message();
}

}  // namespace
}  // namespace narrate::voices
