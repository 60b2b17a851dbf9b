// Read-along files from the real synthesiser, through `narrate say`: subtitle
// cues must start where ffmpeg's silencedetect finds a pause ending, and end
// before the audio does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "output/encode/encoder.h"
#include "output/package/subtitles.h"
#include "pipeline/captions.h"
#include "pipeline/narrator.h"
#include "pipeline/task_runner.h"
#include "tests/support/probe.h"
#include "tts/synth/engine.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

const char kText[] =
    "The keeper climbed the tower at dusk. In 1987, the storm that broke over the northern coast "
    "was the worst anyone could remember, and the lamp, which had burned for a hundred years, went "
    "dark for the first time. Nobody slept. Did the ships come home? They did.";

struct Cue {
  double start_s, end_s;
  std::string text;
};

double Seconds(const std::string& h, const std::string& m, const std::string& s, const std::string& ms) {
  return std::stoi(h) * 3600 + std::stoi(m) * 60 + std::stoi(s) + std::stoi(ms) / 1000.0;
}

std::vector<Cue> ParseCues(const std::string& text, char mark) {
  std::string t = "(\\d+):(\\d\\d):(\\d\\d)\\" + std::string(1, mark) + "(\\d\\d\\d)";
  std::regex cue(t + " --> " + t + "\\n((?:.+\\n)+)");
  std::vector<Cue> out;
  for (std::sregex_iterator it(text.begin(), text.end(), cue), end; it != end; ++it) {
    const auto& m = *it;
    std::string body = std::regex_replace(m[9].str(), std::regex("\\n(?=.)"), " ");
    body.pop_back();
    out.push_back(Cue{Seconds(m[1], m[2], m[3], m[4]), Seconds(m[5], m[6], m[7], m[8]), body});
  }
  return out;
}

struct Silence {
  double start_s, end_s;
};

// Runs of digital silence of at least 20 ms, as ffmpeg finds them.
std::vector<Silence> Silences(const std::string& wav) {
  auto r = RunCommand("ffmpeg -hide_banner -nostats -i " + Quote(wav) +
                      " -af silencedetect=noise=-90dB:d=0.02 -f null -");
  std::vector<Silence> out;
  std::regex start("silence_start: ([0-9.]+)"), end("silence_end: ([0-9.]+)");
  for (std::sregex_iterator it(r.err.begin(), r.err.end(), start), e; it != e; ++it) {
    out.push_back(Silence{std::stod((*it)[1]), -1});
  }
  std::size_t i = 0;
  for (std::sregex_iterator it(r.err.begin(), r.err.end(), end), e; it != e && i < out.size(); ++it) {
    out[i++].end_s = std::stod((*it)[1]);
  }
  return out;
}

class ReadAlong : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  testing::CommandResult Narrate(const std::string& args) const {
    return RunCommand("cd " + Quote(dir_) + " && " + Quote(NARRATE_BINARY) + " " + args);
  }
  std::string dir_;
};

TEST_F(ReadAlong, CuesStartWhereThePausesEndAndEndBeforeTheFile) {
  auto r = Narrate("say " + Quote(kText) + " --subtitles vtt,srt --timings json -o x.wav");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int rate_hz = 0;
  const double file_s = double(testing::WavFrames(dir_ + "/x.wav", &rate_hz)) / rate_hz;
  std::vector<Cue> cues = ParseCues(testing::ReadFile(dir_ + "/x.vtt"), '.');
  std::vector<Silence> silences = Silences(dir_ + "/x.wav");
  ASSERT_GT(silences.size(), 5u);
  // Five sentences; the long one (over 120 characters) is split at a clause.
  ASSERT_EQ(cues.size(), 6u);
  EXPECT_EQ(cues[0].text, "The keeper climbed the tower at dusk.");
  EXPECT_EQ(cues[1].text + " " + cues[2].text,
            "In 1987, the storm that broke over the northern coast was the worst anyone could remember, "
            "and the lamp, which had burned for a hundred years, went dark for the first time.");
  EXPECT_EQ(cues[1].text.back(), ',');
  EXPECT_EQ(cues.back().text, "They did.");
  for (std::size_t i = 0; i < cues.size(); ++i) {
    EXPECT_LT(cues[i].start_s, cues[i].end_s) << cues[i].text;
    if (i > 0) {
      EXPECT_LE(cues[i - 1].end_s, cues[i].start_s) << cues[i].text;
    }
    if (i == 0 && cues[i].start_s < 0.03) continue;  // the file opens with speech
    double nearest = 1e9;
    for (const Silence& s : silences) nearest = std::min(nearest, std::abs(cues[i].start_s - s.end_s));
    EXPECT_LE(nearest, 0.03) << "cue " << i << " at " << cues[i].start_s << " is not at the end of a pause: "
                             << cues[i].text;
    if (i + 1 == cues.size()) continue;  // the file's last 19 ms of silence are too short for ffmpeg
    double after_end = 1e9;  // a cue ends where a pause starts
    for (const Silence& s : silences) after_end = std::min(after_end, std::abs(cues[i].end_s - s.start_s));
    EXPECT_LE(after_end, 0.03) << "cue " << i << " ends at " << cues[i].end_s << ": " << cues[i].text;
  }
  EXPECT_LT(cues.back().end_s, file_s);
  // SubRip carries the same cues.
  std::vector<Cue> srt = ParseCues(testing::ReadFile(dir_ + "/x.srt"), ',');
  ASSERT_EQ(srt.size(), cues.size());
  for (std::size_t i = 0; i < srt.size(); ++i) EXPECT_EQ(srt[i].start_s, cues[i].start_s);
}

// Where the nearest of `edges` is from t.
double Nearest(double t, const std::vector<Silence>& silences, bool ends) {
  double best = 1e9;
  for (const Silence& s : silences) best = std::min(best, std::abs(t - (ends ? s.end_s : s.start_s)));
  return best;
}

// A chapter script (title, paragraphs, a scene break: the pauses narrate
// inserts) rendered by the real engine in a worker, as builds do.
TEST_F(ReadAlong, ChapterCuesFallOnPausesWithTheRealEngine) {
  source::Chapter chapter;
  chapter.spoken_title = "Chapter 1. The Tower.";
  chapter.paragraphs = {
      {"The keeper climbed the tower at dusk. The lamp was cold.", 3, false},
      {"In 1987, the storm broke; nobody slept. Did the ships come home?", 5, false},
      {"At dawn, the sea was quiet again.", 9, true}};
  auto preparer = pipeline::TextPreparer::Create(pipeline::SpeechOptions{}, "");
  ASSERT_TRUE(preparer.ok());
  const std::vector<pipeline::Segment> script = pipeline::ChapterScript(chapter, pipeline::Pacing{}, *preparer);
  const std::string wav = dir_ + "/ch.wav", vtt = dir_ + "/ch.vtt";
  std::vector<pipeline::Task> tasks{[&]() -> Result<std::string> {
    auto engine = synth::OpenEspeak(voices::VoiceSettings{});
    if (!engine.ok()) return engine.status();
    const int rate_hz = (*engine)->sample_rate_hz();
    auto encoder = encode::OpenWav(wav, rate_hz);
    if (!encoder.ok()) return encoder.status();
    pipeline::CaptionBuilder captions(script, rate_hz);
    auto samples = pipeline::RenderSegments(script, **engine, **encoder, &captions);
    if (!samples.ok()) return samples.status();
    NARRATE_RETURN_IF_ERROR((*encoder)->Flush());
    testing::WriteFile(vtt, package::Vtt(captions.Finish().cues, rate_hz));
    return std::string("ok");
  }};
  Status run = pipeline::ForkingRunner().Run(tasks, 1, [](std::size_t, const std::string&) {});
  ASSERT_TRUE(run.ok()) << run.message();
  int rate_hz = 0;
  const double file_s = double(testing::WavFrames(wav, &rate_hz)) / rate_hz;
  std::vector<Cue> cues = ParseCues(testing::ReadFile(vtt), '.');
  std::vector<Silence> silences = Silences(wav);
  std::vector<std::string> texts;
  for (const Cue& c : cues) texts.push_back(c.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"Chapter 1.", "The Tower.", "The keeper climbed the tower at dusk.",
                                             "The lamp was cold.", "In 1987, the storm broke; nobody slept.",
                                             "Did the ships come home?", "At dawn, the sea was quiet again."}));
  double worst_start = 0, worst_end = 0;
  for (const Cue& c : cues) {
    worst_start = std::max(worst_start, Nearest(c.start_s, silences, true));
    worst_end = std::max(worst_end, Nearest(c.end_s, silences, false));
  }
  EXPECT_LE(worst_start, 0.03);
  EXPECT_LE(worst_end, 0.03);
  std::cout << "cue starts within " << worst_start * 1000 << " ms of a pause's end, ends within "
            << worst_end * 1000 << " ms of a pause's start\n";
  ASSERT_FALSE(cues.empty());
  EXPECT_GE(cues.front().start_s, 0.5);  // the chapter's opening pause
  EXPECT_LT(cues.back().end_s, file_s - 2.0);  // and its closing one
}

TEST_F(ReadAlong, WordTimingsPointIntoTheWrittenText) {
  auto r = Narrate("say " + Quote(kText) + " --timings json -o x.mp3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(dir_ + "/x.vtt"));
  int rate_hz = 0;
  const double file_s = double(testing::Mp3DecodedSamples(dir_ + "/x.mp3", &rate_hz)) / rate_hz;
  auto doc = nlohmann::json::parse(testing::ReadFile(dir_ + "/x.json"));
  ASSERT_EQ(doc["chapters"].size(), 1u);
  const auto& chapter = doc["chapters"][0];
  EXPECT_EQ(chapter["text"], kText);
  const auto& words = chapter["words"];
  ASSERT_GE(words.size(), 40u);
  double previous_end = 0;
  std::string said_1987;
  for (const auto& w : words) {
    std::size_t a = w["char_start"], b = w["char_end"];  // ASCII text: code points are bytes
    std::string written = std::string(kText).substr(a, b - a);
    if (w["exact"]) {
      EXPECT_EQ(written, w["word"].get<std::string>());
    }
    if (written == "1987") said_1987 += w["word"].get<std::string>() + " ";
    EXPECT_LE(previous_end, w["start"].get<double>());
    EXPECT_LT(w["start"].get<double>(), w["end"].get<double>());
    previous_end = w["end"];
  }
  EXPECT_EQ(said_1987, "nineteen eighty seven ");
  EXPECT_LT(previous_end, file_s);
}

TEST_F(ReadAlong, RefusesAnAudioNameTheReadAlongFilesWouldOverwrite) {
  auto r = Narrate("say hi --subtitles vtt -o x.vtt");
  EXPECT_EQ(r.exit_code, 2);  // .vtt is no audio format: only they can be the audio's name
  EXPECT_EQ(r.err,
            "narrate: x.vtt: unknown audio format; use .mp3, .m4b, .m4a, .flac or .wav\n"
            "Run 'narrate say --help' for usage.\n");
  EXPECT_EQ(Narrate("say hi --subtitles ass -o x.wav").exit_code, 2);
}

// A book built in parts and joined into one MP3: cues of every chapter still
// start where the pauses of the joined audio end, and the timings list every
// chapter with its words.
TEST_F(ReadAlong, SingleFileBuildFromJoinedPartsStaysOnThePauses) {
  std::string book;
  for (int c = 1; c <= 3; ++c) {
    book += "Chapter " + std::to_string(c) + ". Part " + std::to_string(c) + "\n\n";
    for (int p = 1; p <= 3; ++p) {
      book += "The keeper climbed the tower at dusk, for the " + std::to_string(p) +
              " time that week. The lamp was cold, and the oil was low.\n\n";
    }
  }
  testing::WriteFile(dir_ + "/book.txt", book);
  auto r = Narrate("build book.txt -o out --single-file --part-bytes 200 --subtitles vtt,srt --timings json -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string mp3 = dir_ + "/out/Book.mp3";
  const double file_s = double(testing::Mp3DecodedSamples(mp3)) / 22050;
  std::vector<Cue> cues = ParseCues(testing::ReadFile(dir_ + "/out/Book.vtt"), '.');
  std::vector<Silence> silences = Silences(mp3);
  ASSERT_EQ(cues.size(), 3u * (2 + 3 * 2));  // per chapter: "Chapter n." "Part n." and two sentences a paragraph
  for (std::size_t i = 0; i < cues.size(); ++i) {
    if (i > 0) {
      EXPECT_LE(cues[i - 1].end_s, cues[i].start_s) << cues[i].text;
    }
    EXPECT_LE(Nearest(cues[i].start_s, silences, true), 0.03) << "cue " << i << " at " << cues[i].start_s;
  }
  EXPECT_LT(cues.back().end_s, file_s);
  auto json = nlohmann::json::parse(testing::ReadFile(dir_ + "/out/Book.json"));
  ASSERT_EQ(json["chapters"].size(), 3u);
  for (const auto& chapter : json["chapters"]) EXPECT_GT(chapter["words"].size(), 40u);
  EXPECT_EQ(ParseCues(testing::ReadFile(dir_ + "/out/Book.srt"), ',').size(), cues.size());
}

// Verse through `narrate say` and the real engine: a pause at the line break
// (on top of what eSpeak makes of the text), and each line its own cue.
TEST_F(ReadAlong, VerseLinesArePausedAndCaptionedOnLinesOfTheirOwn) {
  const std::string verse = "The sea is calm tonight,\n  The tide is full, the moon lies fair.";
  const std::string prose = "The sea is calm tonight, The tide is full, the moon lies fair.";
  auto r = Narrate("say " + Quote(verse) + " --subtitles vtt,srt -o verse.wav");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Narrate("say " + Quote(prose) + " --subtitles vtt -o prose.wav");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const double verse_s = double(testing::WavFrames(dir_ + "/verse.wav")) / 22050;
  const double prose_s = double(testing::WavFrames(dir_ + "/prose.wav")) / 22050;
  // 350 ms, less the comma pause eSpeak makes inside the prose but not at the end of a line.
  EXPECT_GT(verse_s - prose_s, 0.15) << verse_s << " s against " << prose_s << " s";
  EXPECT_LT(verse_s - prose_s, 0.5) << verse_s << " s against " << prose_s << " s";
  const std::string vtt = testing::ReadFile(dir_ + "/verse.vtt");
  std::vector<Cue> cues = ParseCues(vtt, '.');
  ASSERT_EQ(cues.size(), 2u) << vtt;
  EXPECT_EQ(cues[0].text, "The sea is calm tonight,");
  EXPECT_EQ(cues[1].text, "The tide is full, the moon lies fair.");
  EXPECT_NE(vtt.find("\nThe sea is calm tonight,\n\n"), std::string::npos) << vtt;
  EXPECT_GE(cues[1].start_s - cues[0].end_s, 0.35);
  EXPECT_LE(Nearest(cues[1].start_s, Silences(dir_ + "/verse.wav"), true), 0.03);
  EXPECT_EQ(ParseCues(testing::ReadFile(dir_ + "/verse.srt"), ',').size(), 2u);
  // The same text as prose is one cue, wrapped where it is long, not at the line.
  EXPECT_EQ(ParseCues(testing::ReadFile(dir_ + "/prose.vtt"), '.').size(), 1u);
}

// A build with the real engine in forked workers: the verse pause is exact
// silence, so the chapter is longer by exactly the pauses.
TEST_F(ReadAlong, VersePauseIsExactInARealBuild) {
  setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);  // no user-wide lexicon
  source::Book book;
  book.title = "Dover";
  book.chapters = {source::Chapter{
      "Beach",
      "Beach.",
      1,
      {{"The sea is calm tonight,\nThe tide is full,\nThe moon lies fair.", 3, false}}}};
  auto preparer = pipeline::TextPreparer::Create({}, "");
  ASSERT_TRUE(preparer.ok());
  auto samples = [&](int pause_ms, const std::string& dir) -> std::int64_t {
    pipeline::BuildOptions options;
    options.output_dir = dir_ + "/" + dir;
    options.pacing.verse_line_pause_ms = pause_ms;
    options.read_along.vtt = true;
    auto report = pipeline::BuildBook(book, options, *preparer);
    EXPECT_TRUE(report.ok()) << report.status().message();
    if (!report.ok()) return 0;
    EXPECT_EQ(testing::Mp3DecodedSamples(report->chapters.at(0).file), report->chapters[0].samples);
    return report->chapters[0].samples;
  };
  EXPECT_EQ(samples(350, "a") - samples(0, "b"), 2 * 7718);  // 350 ms at 22050 Hz, twice
  std::vector<Cue> cues = ParseCues(testing::ReadFile(dir_ + "/a/01 - Beach.vtt"), '.');
  std::vector<std::string> texts;
  for (const Cue& c : cues) texts.push_back(c.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"Beach.", "The sea is calm tonight,",
                                             "The tide is full,", "The moon lies fair."}));
}

}  // namespace
}  // namespace narrate
