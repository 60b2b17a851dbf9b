// The `narrate` program as a new user meets it: voices and output files.
#include <filesystem>
#include <sstream>
#include <vector>

#include "tests/support/program.h"

namespace narrate::testing {
namespace {

namespace fs = std::filesystem;

// A one-paragraph HTML book declaring its language, for builds that should be quick.
const char kBritishBook[] =
    "<html lang=\"en-GB\"><head><title>Isle</title></head><body><h1>One</h1>"
    "<p>The tide came in.</p></body></html>";

class VoiceProgram : public Program {
 protected:
  // Runs `narrate ARGS` with standard input from the file `input` (in the folder).
  CommandResult NarrateWithInput(const std::string& input, const std::string& args) const {
    return RunCommand("cd " + Quote(dir_) + " && { XDG_CONFIG_HOME=" + Quote(dir_) + " " +
                      Quote(NARRATE_BINARY) + " " + args + " < " + Quote(input) + "; }");
  }
  std::string Usage(const std::string& command, const std::string& message) const {
    return "narrate: " + message + "\nRun 'narrate " + command + " --help' for usage.\n";
  }
  bool Exists(const std::string& name) const { return fs::exists(dir_ + "/" + name); }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The first column of each row between `heading` and the next blank line.
std::vector<std::string> Section(const std::string& listing, const std::string& heading) {
  std::vector<std::string> names;
  bool inside = false;
  for (const std::string& line : Lines(listing)) {
    if (inside && line.empty()) break;
    if (inside) names.push_back(line.substr(0, line.find(' ')));
    if (line == heading) inside = true;
  }
  return names;
}

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// ---- Unknown voices and variants --------------------------------------------------

TEST_F(VoiceProgram, UnknownVariantIsAUsageErrorForEveryCommandAndNothingIsWritten) {
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"say", "say hello"},
      {"preview", "preview road.md --chapter 1 --paragraph 1"},
      {"build", "build road.md -o out"},
      {"phonemes", "phonemes hello"},
      {"normalize", "normalize hello"},
      {"normalize", "normalize -f road.md"},
  };
  for (const auto& [command, args] : commands) {
    auto r = Narrate(args + " --voice en-us+nonexistent");
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err, Usage(command,
                           "unknown variant 'nonexistent' in 'en-us+nonexistent' (see "
                           "'narrate voices')"))
        << args;
  }
  EXPECT_FALSE(Exists("say.wav"));
  EXPECT_FALSE(Exists("preview.wav"));
  EXPECT_FALSE(Exists("out"));
}

TEST_F(VoiceProgram, UnknownVoiceSaysTheNearestNameWhenOneIsNear) {
  auto uk = Narrate("say --voice en-uk hello");
  EXPECT_EQ(uk.exit_code, 2);
  EXPECT_EQ(uk.err, Usage("say",
                          "unknown voice 'en-uk' (see 'narrate voices'); did you mean "
                          "'en-gb'?"));
  auto rp = Narrate("phonemes --voice en-gb-x-rpp hello");
  EXPECT_EQ(rp.exit_code, 2);
  EXPECT_EQ(rp.err, Usage("phonemes",
                          "unknown voice 'en-gb-x-rpp' (see 'narrate voices'); did "
                          "you mean 'en-gb-x-rp'?"));
  auto nope = Narrate("build road.md --voice xx-nope");
  EXPECT_EQ(nope.exit_code, 2);
  EXPECT_EQ(nope.err, Usage("build", "unknown voice 'xx-nope' (see 'narrate voices')"));
  EXPECT_FALSE(Exists("audiobooks"));
}

// eSpeak reads variant names as file names: "F2" is not "f2", and it would speak the base voice.
TEST_F(VoiceProgram, VariantNamesKeepTheirCaseAsESpeakReadsThem) {
  auto upper = Narrate("phonemes --voice en-us+F2 hello");
  EXPECT_EQ(upper.exit_code, 2);
  EXPECT_EQ(upper.err, Usage("phonemes",
                             "unknown variant 'F2' in 'en-us+F2' (see 'narrate "
                             "voices'); did you mean 'f2'?"));
  auto lower = Narrate("phonemes --voice en+alex hello");
  EXPECT_EQ(lower.exit_code, 2);
  EXPECT_NE(lower.err.find("did you mean 'Alex'?"), std::string::npos) << lower.err;
}

TEST_F(VoiceProgram, NamesESpeakSpeaksAreAccepted) {
  // Listed names (case aside), eSpeak's own file names, numbered variants, cased variants.
  for (const char* voice : {"en", "EN-US", "en-gb-x-rp", "fr", "fr-fr", "en-us+f2", "en-us+12",
                            "en+m3", "en+Alex", "en-us+0"}) {
    auto r = Narrate(std::string("phonemes --voice ") + voice + " hello");
    EXPECT_EQ(r.exit_code, 0) << voice << ": " << r.err;
    EXPECT_NE(r.out, "") << voice;
  }
}

// ---- narrate voices and --help ----------------------------------------------------

TEST_F(VoiceProgram, VoicesListsTheDefaultAndTheVariantsInTheirOwnSection) {
  auto r = Narrate("voices");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front(), "Voices (--voice NAME):");
  const auto voices = Section(r.out, "Voices (--voice NAME):");
  const auto variants = Section(r.out, "Variants (--voice NAME+VARIANT, e.g. en-us+f2):");
  EXPECT_GT(voices.size(), 50u);
  EXPECT_GT(variants.size(), 10u);
  EXPECT_TRUE(Has(voices, "en"));
  EXPECT_TRUE(Has(voices, "en-us"));
  EXPECT_TRUE(Has(voices, "en-gb"));
  EXPECT_FALSE(Has(voices, "f2"));
  EXPECT_TRUE(Has(variants, "f2"));
  EXPECT_TRUE(Has(variants, "Alex"));
  EXPECT_FALSE(Has(variants, "en-us"));
  std::size_t defaults = 0;
  for (const std::string& line : lines) {
    EXPECT_FALSE(line.starts_with("+")) << line;
    if (line.find("the default") != std::string::npos) {
      ++defaults;
      EXPECT_TRUE(line.starts_with("en ")) << line;
    }
  }
  EXPECT_EQ(defaults, 1u);
  // Every listed voice and variant is one --voice accepts.
  auto spoken = Narrate("phonemes --voice " + voices.back() + "+" + variants.back() + " a");
  EXPECT_EQ(spoken.exit_code, 0) << spoken.err;
}

TEST_F(VoiceProgram, HelpSaysTheVoiceDefaultInWordsNotCapturedValue) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"build", "default: the book's language, else en"},
      {"preview", "default: the book's language, else en"},
      {"phonemes", "default: the book's language, else en"},
      {"say", "default: en"},
      {"normalize", "default: en, with -f the book's language"},
  };
  for (const auto& [command, words] : expected) {
    auto r = Narrate(command + " --help");
    ASSERT_EQ(r.exit_code, 0) << command;
    std::string voice_line;
    for (const std::string& line : Lines(r.out))
      if (line.find("--voice ") != std::string::npos) voice_line = line;
    EXPECT_NE(voice_line.find(words), std::string::npos) << command << ": " << voice_line;
    EXPECT_EQ(voice_line.find("=en"), std::string::npos) << command << ": " << voice_line;
  }
}

// ---- build says which voice reads the book --------------------------------------

TEST_F(VoiceProgram, BuildPrintsTheVoiceItUses) {
  WriteFile(dir_ + "/isle.html", kBritishBook);
  auto book_language = Narrate("build isle.html -o a");
  ASSERT_EQ(book_language.exit_code, 0) << book_language.err;
  EXPECT_TRUE(book_language.out.starts_with("Voice: en-gb (the book's language)\n"))
      << book_language.out;
  auto given = Narrate("build isle.html -o b --voice en-us+f2");
  ASSERT_EQ(given.exit_code, 0) << given.err;
  EXPECT_TRUE(given.out.starts_with("Voice: en-us+f2\n")) << given.out;
  auto spelled = Narrate("build isle.html -o b --voice EN-US+12");  // the same voice, same files
  ASSERT_EQ(spelled.exit_code, 0) << spelled.err;
  EXPECT_TRUE(spelled.out.starts_with("Voice: en-us+f2\n")) << spelled.out;
  EXPECT_NE(spelled.out.find("up to date"), std::string::npos) << spelled.out;
  auto fallback = Narrate("build road.md -o c --chapters 2");
  ASSERT_EQ(fallback.exit_code, 0) << fallback.err;
  EXPECT_TRUE(fallback.out.starts_with("Voice: en (default)\n")) << fallback.out;
  auto failed = Narrate("build isle.html -o e --chapters 7");  // refused: nothing was chosen
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_EQ(failed.out, "");
  auto quiet = Narrate("build isle.html -o d --quiet");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");
}

TEST_F(VoiceProgram, AcxWithABitrateWarnsThatTheBitrateIsIgnored) {
  WriteFile(dir_ + "/isle.html", kBritishBook);
  auto r = Narrate("build isle.html -o acx --acx --bitrate 64");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "narrate: --acx writes 192 kbps CBR MP3; --bitrate 64 is ignored\n");
  EXPECT_EQ(FfprobeStream(dir_ + "/acx/01 - One.mp3")["bit_rate"], "192000");
  auto plain = Narrate("build isle.html -o acx --acx --force");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.err, "");
}

// ---- say and preview -o ---------------------------------------------------------------

TEST_F(VoiceProgram, OutputWithoutAKnownExtensionIsAUsageErrorNamingTheFormats) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"x.ogg", "x.ogg: unknown audio format; use .mp3, .m4b, .m4a, .flac or .wav"},
      {"hello.txt", "hello.txt: unknown audio format; use .mp3, .m4b, .m4a, .flac or .wav"},
      {"noext",
       "noext: no extension to pick the audio format; use .mp3, .m4b, .m4a, .flac or .wav"},
  };
  for (const auto& [name, message] : cases) {
    auto say = Narrate("say hello -o " + name);
    EXPECT_EQ(say.exit_code, 2) << name;
    EXPECT_EQ(say.out, "") << name;
    EXPECT_EQ(say.err, Usage("say", message));
    auto preview = Narrate("preview road.md --chapter 1 --paragraph 1 -o " + name);
    EXPECT_EQ(preview.exit_code, 2) << name;
    EXPECT_EQ(preview.out, "") << name;  // not even the paragraph
    EXPECT_EQ(preview.err, Usage("preview", message));
    EXPECT_FALSE(Exists(name)) << name;
  }
  auto upper = Narrate("say hello -o LOUD.WAV");
  EXPECT_EQ(upper.exit_code, 0) << upper.err;
  EXPECT_GT(WavFrames(dir_ + "/LOUD.WAV"), 0);
}

TEST_F(VoiceProgram, DashWritesWavToStandardOutputAndEverythingElseToStderr) {
  auto say = Narrate("say -o - Hello there.");
  ASSERT_EQ(say.exit_code, 0) << say.err;
  ASSERT_TRUE(say.out.starts_with("RIFF"));
  WriteFile(dir_ + "/said.wav", say.out);
  int rate_hz = 0;
  EXPECT_GT(WavFrames(dir_ + "/said.wav", &rate_hz), rate_hz / 4);
  EXPECT_GT(rate_hz, 0);
  EXPECT_TRUE(say.err.starts_with("Wrote WAV to standard output (")) << say.err;
  EXPECT_FALSE(Exists("-"));

  auto preview = Narrate("preview road.md --chapter 1 --paragraph 2 -o -");
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  WriteFile(dir_ + "/preview.wav", preview.out);
  EXPECT_GT(WavFrames(dir_ + "/preview.wav"), 0);
  EXPECT_TRUE(
      preview.err.starts_with("It was cold.\nSpoken: It was cold.\n"
                              "Wrote WAV to standard output ("))
      << preview.err;

  auto subtitles = Narrate("say hello -o - --subtitles vtt");
  EXPECT_EQ(subtitles.exit_code, 2);
  EXPECT_EQ(subtitles.err,
            Usage("say", "--subtitles and --timings need a file name for -o, not -"));
}

// ---- say reads standard input -------------------------------------------------------

TEST_F(VoiceProgram, SayWithoutTextSpeaksStandardInput) {
  WriteFile(dir_ + "/text.txt", "The lamps were lit\nat nine.\n");
  auto piped = NarrateWithInput("text.txt", "say -o piped.wav");
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out.rfind("Wrote piped.wav (", 0), 0u) << piped.out;
  const std::int64_t frames = WavFrames(dir_ + "/piped.wav");
  EXPECT_GT(frames, 0);
  // The whole input is the text: its two lines are spoken as verse lines, as TEXT would be.
  auto given = Narrate("say -o given.wav \"$(cat text.txt)\"");
  ASSERT_EQ(given.exit_code, 0) << given.err;
  EXPECT_EQ(WavFrames(dir_ + "/given.wav"), frames);
  auto first_line = Narrate("say -o first.wav The lamps were lit");
  ASSERT_EQ(first_line.exit_code, 0) << first_line.err;
  EXPECT_LT(WavFrames(dir_ + "/first.wav"), frames);
}

TEST_F(VoiceProgram, SayWithEmptyInputOrATerminalIsAUsageError) {
  WriteFile(dir_ + "/blank.txt", " \n\n");
  auto blank = NarrateWithInput("blank.txt", "say -o blank.wav");
  EXPECT_EQ(blank.exit_code, 2);
  EXPECT_EQ(blank.err, Usage("say", "standard input holds no text to speak"));
  EXPECT_FALSE(Exists("blank.wav"));
  auto none = Narrate("say -o none.wav");  // standard input is /dev/null
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, Usage("say", "standard input holds no text to speak"));

  if (RunCommand("command -v script").exit_code != 0) GTEST_SKIP() << "no script(1) for a tty";
  // script(1) runs narrate on a terminal; it must refuse at once rather than wait for input.
  auto tty = RunCommand("cd " + Quote(dir_) + " && script -qec " +
                        Quote(Quote(NARRATE_BINARY) + " say -o tty.wav") + " /dev/null");
  EXPECT_EQ(tty.exit_code, 2) << tty.out << tty.err;
  EXPECT_NE(tty.out.find("narrate: give the TEXT to speak, or pipe it into standard input"),
            std::string::npos)
      << tty.out;
  EXPECT_FALSE(Exists("tty.wav"));
}

}  // namespace
}  // namespace narrate::testing
