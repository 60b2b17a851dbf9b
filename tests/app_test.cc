// The application layer: the calls front ends make, with real books and a
// real worker for the voice list and phonemes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "cli/exit_codes.h"
#include "tests/support/probe.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;

class App : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);  // no user-wide lexicon from this machine
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << content;
    return path;
  }
  std::string dir_;
};

const char* kBook =
    "# Chapter 1\n\nThe Zorblax came at dawn.\n\nIt left.\n\n"
    "# Chapter 2\n\nNobody spoke of it.\n\n# Chapter 3\n\nThe Zorblax came back.\n";

TEST(VoiceLocale, RegionOfTheVoiceReachesTheNormaliser) {
  EXPECT_EQ(voices::LocaleOf({"en-gb-x-rp"}), "en-GB");
  EXPECT_EQ(voices::LocaleOf({"en-us+f2"}), "en-US");
  EXPECT_EQ(voices::LocaleOf({"en"}), "en");
  EXPECT_EQ(voices::LocaleOf({"en-029"}), "en-029");
  EXPECT_EQ(voices::LocaleOf({"de+m3"}), "de");
  auto british = NormalizerFor({"en-gb"});
  auto american = NormalizerFor({"en-us"});
  ASSERT_TRUE(british.ok() && american.ok());
  EXPECT_EQ((*british)("On 1/4/1901."), "On the first of April nineteen oh one.");
  EXPECT_EQ((*american)("On 1/4/1901."), "On January fourth, nineteen oh one.");
}

TEST_F(App, OpenBookHonoursReadingOptionsAndNamesMissingFiles) {
  auto book = OpenBook(Write("b.md", kBook), {"My Title", "Ann", false, {}, false});
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->title, "My Title");
  EXPECT_EQ(book->author, "Ann");
  EXPECT_EQ(book->chapters.size(), 3u);
  auto missing = OpenBook(dir_ + "/none.txt", {});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), dir_ + "/none.txt: no such file");
}

TEST_F(App, ChapterSelectionAndParagraphsNameTheValidRange) {
  auto book = OpenBook(Write("b.md", kBook), {});
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(*SelectChapters(*book, "3,1-2"), (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(SelectChapters(*book, "")->empty());
  auto past = SelectChapters(*book, "2-4");
  EXPECT_EQ(past.status().code(), StatusCode::kUsage);
  EXPECT_EQ(past.status().message(), "--chapters 4 is not in 1..3 (see 'narrate chapters')");
  EXPECT_EQ(SelectChapters(*book, "x").status().code(), StatusCode::kUsage);
  EXPECT_EQ(*SelectChapters(*book, "2-"), (std::vector<int>{2, 3}));
  EXPECT_EQ(*SelectChapters(*book, "-2"), (std::vector<int>{1, 2}));
  EXPECT_EQ(*SelectChapters(*book, "3,1-"), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(*SelectChapters(*book, "3-"), (std::vector<int>{3}));
  auto open_past = SelectChapters(*book, "1,4-");
  EXPECT_EQ(open_past.status().code(), StatusCode::kUsage);
  EXPECT_EQ(open_past.status().message(), "--chapters 4 is not in 1..3 (see 'narrate chapters')");
  EXPECT_EQ(SelectChapters(*book, "-5").status().message(),
            "--chapters 5 is not in 1..3 (see 'narrate chapters')");
  pipeline::BuildOptions options;
  options.chapters = {1, 3};
  auto built = ChaptersToBuild(*book, options);
  ASSERT_EQ(built.size(), 2u);
  EXPECT_EQ(built[0].number, 1);
  EXPECT_EQ(built[1].number, 3);
  EXPECT_EQ(ChaptersToBuild(*book, {}).size(), 3u);
  auto p = FindParagraph(*book, 1, 2);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->text, "It left.");
  EXPECT_EQ(FindParagraph(*book, 1, 3).status().message(),
            "--paragraph 3 is not in 1..2 for chapter 1");
  EXPECT_EQ(FindParagraph(*book, 4, 1).status().code(), StatusCode::kUsage);
}

TEST_F(App, OutputFolderFollowsTheLayout) {
  source::Book book;
  book.title = "The Lamps: A Tale";
  book.author = "Ann Vask";
  EXPECT_EQ(OutputDirFor(book, "out", Layout::kFlat), "out");
  EXPECT_EQ(OutputDirFor(book, "", Layout::kFlat), "");
  EXPECT_EQ(OutputDirFor(book, "lib", Layout::kAuthorTitle), "lib/Ann Vask/The Lamps - A Tale");
  book.author.clear();
  EXPECT_EQ(OutputDirFor(book, "", Layout::kAuthorTitle),
            "audiobooks/Unknown Author/The Lamps - A Tale");
}

TEST_F(App, CoverMustBeAnImageAndTheBooksOwnIsTheDefault) {
  source::Book book;
  TagOptions tags{"Nia", "1999", "", Write("cover.txt", "not an image")};
  auto bad = BookTagsFor(book, tags);
  EXPECT_EQ(bad.status().message(), dir_ + "/cover.txt: not a JPEG, PNG or SVG image");
  tags.cover_path = dir_ + "/none.png";
  EXPECT_EQ(BookTagsFor(book, tags).status().code(), StatusCode::kNotFound);
  // A 1×1 PNG; what is embedded is its JPEG (output/package/cover.h).
  const char kPng[] =
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
      "\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c"
      "\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00\x49\x45\x4e\x44"
      "\xae\x42\x60\x82";
  book.cover = source::Cover{"image/png", std::string(kPng, sizeof kPng - 1), "kPng"};
  tags.cover_path.clear();
  auto own = BookTagsFor(book, tags);
  ASSERT_TRUE(own.ok()) << own.status().message();
  EXPECT_EQ(own->cover.mime_type, "image/jpeg");
  EXPECT_EQ(own->narrator, "Nia");
}

TEST_F(App, VoiceComesFromTheBooksLanguageThroughAWorker) {
  Speaker speaker;
  auto voices = speaker.Voices();
  ASSERT_TRUE(voices.ok()) << voices.status().message();
  bool has_en_gb = false;
  for (const VoiceInfo& v : *voices) has_en_gb = has_en_gb || v.name == "en-gb";
  EXPECT_TRUE(has_en_gb);
  source::Book book;
  book.language = "en-GB";
  EXPECT_EQ(ChooseVoice({}, false, &book, speaker)->voice.name, "en-gb");
  voices::VoiceSettings asked;
  asked.name = "en-us";
  EXPECT_EQ(ChooseVoice(asked, true, &book, speaker)->voice.name, "en-us");
  book.language = "tlh";
  auto klingon = ChooseVoice({}, false, &book, speaker);
  EXPECT_EQ(klingon->voice.name, "en");
  EXPECT_EQ(klingon->note, "no voice for the book's language \"tlh\"; using en");
}

TEST_F(App, TextVoiceForAnEnglishBookNeedsNoVoiceList) {
  Speaker speaker;  // never asked: an English book's text rules are known from its tag
  source::Book book;
  book.language = "en_GB";
  auto choice = ChooseTextVoice({}, false, &book, speaker);
  ASSERT_TRUE(choice.ok());
  EXPECT_EQ(choice->voice.name, "en-gb");
  EXPECT_EQ(choice->note, "");
  book.language = "EN";
  EXPECT_EQ(ChooseTextVoice({}, false, &book, speaker)->voice.name, "en");
  voices::VoiceSettings asked;
  asked.name = "de";
  EXPECT_EQ(ChooseTextVoice(asked, true, &book, speaker)->voice.name, "de");
  book.language = "";
  EXPECT_EQ(ChooseTextVoice(asked, false, &book, speaker)->voice.name, "de");
}

TEST_F(App, PhonemesComeFromAWorkerAfterTheLexicon) {
  std::string lexicon = Write("names.lexicon", "Zorblax\t[[z'O@blaks]]\n");
  auto preparer = LoadPreparer({{}, {lexicon}, {}}, "");
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  Speaker speaker;
  auto phonemes = speaker.Phonemes(
      {preparer->Prepare("The Zorblax came."), preparer->Prepare("hello")}, {}, false);
  ASSERT_TRUE(phonemes.ok()) << phonemes.status().message();
  ASSERT_EQ(phonemes->size(), 2u);
  EXPECT_NE((*phonemes)[0].find("z'O@blaks"), std::string::npos) << (*phonemes)[0];
  EXPECT_NE((*phonemes)[1].find("l'oU"), std::string::npos) << (*phonemes)[1];
}

// The letter A in an initialism or a label is said /eI/, never the article "uh" (a#).
TEST_F(App, TheLetterAIsSaidAsALetterInEveryPosition) {
  auto preparer = LoadPreparer({{}, {}, {}}, "");
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  Speaker speaker;
  const std::vector<std::string> texts = {"The DNA test came back.", "the U.S.A. team",
                                          "in A.D. 1066", "at 1 a.m. we left",
                                          "Plan A was best.", "grade A students"};
  std::vector<Utterance> said;
  for (const std::string& t : texts) said.push_back(preparer->Prepare(t));
  auto phonemes = speaker.Phonemes(said, {}, false);
  ASSERT_TRUE(phonemes.ok()) << phonemes.status().message();
  ASSERT_EQ(phonemes->size(), texts.size());
  for (size_t k = 0; k < texts.size(); ++k) {
    EXPECT_NE((*phonemes)[k].find("eI"), std::string::npos) << texts[k] << ": " << (*phonemes)[k];
    EXPECT_EQ((*phonemes)[k].find("a# "), std::string::npos) << texts[k] << ": " << (*phonemes)[k];
  }
}

TEST_F(App, ParagraphRendersToMemoryWithTimedWordsAndTheirPhonemes) {
  std::string lexicon = Write("names.lexicon", "Zorblax\t[[z'O@blaks]]\n");
  auto preparer = LoadPreparer({{}, {lexicon}, {}}, "");
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  Speaker speaker;
  const source::Paragraph p{"In 1987 the Zorblax sang.", 0, false, {}};
  auto first = speaker.Render(p, *preparer);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->sample_rate_hz, 22050);
  EXPECT_GT(first->seconds(), 1.0);
  EXPECT_NE(first->spoken_text.find("nineteen eighty"), std::string::npos) << first->spoken_text;
  EXPECT_NE(first->spoken_text.find("[[z'O@blaks]]"), std::string::npos) << first->spoken_text;
  ASSERT_GE(first->words.size(), 5u);
  const SpokenWord* zorblax = nullptr;
  for (std::size_t i = 0; i < first->words.size(); ++i) {
    const SpokenWord& w = first->words[i];
    EXPECT_LT(w.start_sample, w.end_sample) << w.word;
    EXPECT_LE(w.end_sample, static_cast<std::int64_t>(first->pcm.size())) << w.word;
    if (i > 0) {
      EXPECT_GE(w.start_sample, first->words[i - 1].start_sample) << w.word;
    }
    if (p.text.substr(w.char_start, w.char_end - w.char_start) == "Zorblax") zorblax = &w;
  }
  ASSERT_NE(zorblax, nullptr);
  EXPECT_TRUE(zorblax->exact);
  EXPECT_NE(zorblax->phonemes.find("z"), std::string::npos) << zorblax->phonemes;
  EXPECT_FALSE(first->words[1].exact);  // "nineteen" stands for the written "1987"
  EXPECT_EQ(p.text.substr(first->words[1].char_start,
                          first->words[1].char_end - first->words[1].char_start),
            "1987");
  // Another request in between does not change the result.
  ASSERT_TRUE(
      speaker.Render(source::Paragraph{"Something else entirely, said slowly."}, *preparer).ok());
  auto again = speaker.Render(p, *preparer);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->pcm, first->pcm);
}

TEST_F(App, PlannedHashesChangeOnlyForChaptersALexiconEntryTouches) {
  auto book = OpenBook(Write("b.md", kBook), {});
  ASSERT_TRUE(book.ok());
  pipeline::BuildOptions options;
  auto plain = LoadPreparer(options.speech, book->path, &*book);
  options.speech.lexicons = {Write("z.lexicon", "Zorblax\t[[z'O@blaks]]\n")};
  auto named = LoadPreparer(options.speech, book->path, &*book);
  ASSERT_TRUE(plain.ok() && named.ok());
  auto before = pipeline::PlanFiles(*book, options, *plain);
  auto after = pipeline::PlanFiles(*book, options, *named);
  ASSERT_EQ(before.size(), 3u);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(before[0].file_name, "01 - Chapter 1.mp3");
  EXPECT_EQ(before[0].chapters, (std::vector<int>{1}));
  EXPECT_NE(before[0].hash, after[0].hash);
  EXPECT_EQ(before[1].hash, after[1].hash);
  EXPECT_NE(before[2].hash, after[2].hash);
}

TEST_F(App, LexiconEditReportsTheChaptersItChanges) {
  auto book = OpenBook(Write("b.md", kBook), {});
  ASSERT_TRUE(book.ok());
  const std::string lexicon = Write("n.lexicon", "# names\nKahless\t/ˈkɑːlɛs/\n");
  pipeline::BuildOptions options;
  options.speech.lexicons = {lexicon};
  pronunciation::LexiconEdit add{pronunciation::EditKind::kAdd, "Zorblax", "[[z'O@blaks]]", false};
  auto added = EditLexicon(lexicon, add, &*book, options);
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(added->outcome.line, 3);
  EXPECT_EQ(added->chapters, (std::vector<int>{1, 3}));
  EXPECT_EQ(added->files, (std::vector<std::string>{"01 - Chapter 1.mp3", "03 - Chapter 3.mp3"}));
  EXPECT_EQ(testing::ReadFile(lexicon), "# names\nKahless\t/ˈkɑːlɛs/\nZorblax\t[[z'O@blaks]]\n");
  // A name the book never says re-renders nothing.
  pronunciation::LexiconEdit remove{pronunciation::EditKind::kRemove, "kahless", "", false};
  auto removed = EditLexicon(lexicon, remove, &*book, options);
  ASSERT_TRUE(removed.ok()) << removed.status().message();
  EXPECT_TRUE(removed->chapters.empty());
  // A lexicon the build does not load yet counts as one more --lexicon.
  auto elsewhere = EditLexicon(dir_ + "/new.lexicon", add, &*book, pipeline::BuildOptions{});
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status().message();
  EXPECT_EQ(elsewhere->chapters, (std::vector<int>{1, 3}));
  // When the book's lexicons do not load after the edit, the file is put back.
  options.speech.lexicons.push_back(Write("broken.lexicon", "Vask\t/vʘ/\n"));
  const std::string before = testing::ReadFile(lexicon);
  pronunciation::LexiconEdit kang{pronunciation::EditKind::kAdd, "Kang", "KAHNG", false};
  auto refused = EditLexicon(lexicon, kang, &*book, options);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(refused.status().file(), dir_ + "/broken.lexicon");
  EXPECT_EQ(testing::ReadFile(lexicon), before);
}

TEST_F(App, LexiconCommandsEditOneEntryAndSayWhatTheNextBuildRenders) {
  Write("b.md", kBook);
  Write("n.lexicon", "# names\r\nKahless\t/ˈkɑːlɛs/\r\n");
  const std::string cd = "cd " + testing::Quote(dir_) + " && " + NARRATE_BINARY + " lexicon ";
  auto add = testing::RunCommand(cd + "add n.lexicon Zorblax \"[[z'O@blaks]]\" --book b.md");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(
      add.out,
      "n.lexicon:3: Zorblax\t[[z'O@blaks]]\nthe next build of \"B\" re-renders chapter(s) 1, 3\n");
  auto bad = testing::RunCommand(cd + "replace n.lexicon zorblax /zʘ/");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "narrate: n.lexicon:3: unknown IPA symbol \"ʘ\" (U+0298) in /zʘ/\n");
  EXPECT_EQ(testing::RunCommand(cd + "remove n.lexicon Kang").exit_code, 1);
  EXPECT_EQ(testing::RunCommand(cd + "add n.lexicon Kang").exit_code, 2);
  auto remove = testing::RunCommand(cd + "remove n.lexicon kahless");
  ASSERT_EQ(remove.exit_code, 0) << remove.err;
  EXPECT_EQ(testing::ReadFile(dir_ + "/n.lexicon"), "# names\r\nZorblax\t[[z'O@blaks]]\r\n");
}

TEST_F(App, BuildReportsEachChapterAndStopsWhenCancelled) {
  auto book = OpenBook(Write("b.md", kBook), {});
  ASSERT_TRUE(book.ok());
  pipeline::BuildOptions options;
  options.output_dir = dir_ + "/out";
  options.jobs = 2;
  auto preparer = LoadPreparer(options.speech, book->path, &*book);
  ASSERT_TRUE(preparer.ok());
  auto stopped = Build(*book, options, *preparer, {{}, [] { return true; }});
  EXPECT_EQ(stopped.status().code(), StatusCode::kInterrupted);
  EXPECT_FALSE(fs::exists(options.output_dir + "/01 - Chapter 1.mp3"));
  std::vector<int> done;
  auto built = Build(
      *book, options, *preparer,
      {[&](const pipeline::ChapterResult& c) { done.push_back(c.number); }, [] { return false; }});
  ASSERT_TRUE(built.ok()) << built.status().message();
  std::sort(done.begin(), done.end());
  EXPECT_EQ(done, (std::vector<int>{1, 2, 3}));
  for (const pipeline::ChapterResult& c : built->chapters) {
    EXPECT_EQ(testing::Mp3DecodedSamples(c.file), c.samples) << c.file;
  }
}

std::string SampleBook() {
  return std::string(NARRATE_SOURCE_DIR) + "/samples/the-lamplighter-of-vask.md";
}

TEST_F(App, ChaptersJsonListsTheSampleBook) {
  auto book = OpenBook(SampleBook(), {});
  ASSERT_TRUE(book.ok()) << book.status().message();
  const std::string text = ChaptersJson(*book);
  EXPECT_EQ(text.rfind("{\n  \"title\": ", 0), 0u) << text;  // keys in the contract's order
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["title"], "The Lamplighter of Vask");
  EXPECT_EQ(doc["author"], "The narrate project");
  EXPECT_EQ(doc["language"], "");
  ASSERT_EQ(doc["chapters"].size(), 3u);
  const char* titles[] = {"Chapter 1: The Harbour Lamps", "Chapter 2: The Letter from Quillmouth",
                          "Chapter 3: The Night of the Fog"};
  const int paragraphs[] = {4, 3, 4}, words[] = {142, 136, 151};
  for (int i = 0; i < 3; ++i) {
    const auto& c = doc["chapters"][i];
    EXPECT_TRUE(c["number"].is_number_integer());
    EXPECT_EQ(c["number"], i + 1);
    EXPECT_EQ(c["title"], titles[i]);
    EXPECT_EQ(c["paragraphs"], paragraphs[i]);
    EXPECT_EQ(c["words"], words[i]);
  }
}

TEST_F(App, ChaptersJsonGivesTheBooksOwnLanguageAndTheReadingOptions) {
  const std::string html =
      "<html lang=\"en-GB\"><head><title>Tide\xE2\x80\x99s Turn</title></head><body>"
      "<h1>One</h1><p>The sea is calm.</p><p>It is \"late\".</p><h1>Two</h1><p>Ebb.</p>"
      "</body></html>";
  auto book = OpenBook(Write("tide.html", html), {"", "R\xC3\xA9my", false, {}, false});
  ASSERT_TRUE(book.ok()) << book.status().message();
  auto doc = nlohmann::json::parse(ChaptersJson(*book));
  EXPECT_EQ(doc["title"], "Tide\xE2\x80\x99s Turn");
  EXPECT_EQ(doc["author"], "R\xC3\xA9my");
  EXPECT_EQ(doc["language"], "en-GB");
  ASSERT_EQ(doc["chapters"].size(), 2u);
  EXPECT_EQ(doc["chapters"][0]["title"], "One");
  EXPECT_EQ(doc["chapters"][0]["paragraphs"], 2);
  EXPECT_EQ(doc["chapters"][0]["words"], 7);
  EXPECT_EQ(doc["chapters"][1]["number"], 2);
  EXPECT_EQ(doc["chapters"][1]["words"], 1);
}

TEST_F(App, SpokenBookTextHasEveryChapterInOrderAsItIsSaid) {
  auto book = OpenBook(SampleBook(), {});
  ASSERT_TRUE(book.ok()) << book.status().message();
  const std::string text = SpokenBookText(*book, {});
  std::vector<std::string> heads;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("# ")) heads.push_back(line);
  }
  EXPECT_EQ(heads, (std::vector<std::string>{"# 1. Chapter 1: The Harbour Lamps",
                                             "# 2. Chapter 2: The Letter from Quillmouth",
                                             "# 3. Chapter 3: The Night of the Fog"}));
  EXPECT_EQ(
      text.rfind("# 1. Chapter 1: The Harbour Lamps\n\nChapter one. The Harbour Lamps.\n\n", 0), 0u)
      << text.substr(0, 200);
  EXPECT_NE(text.find("climbed the two hundred twelve steps"), std::string::npos);
  EXPECT_EQ(text.find("212"), std::string::npos);
  EXPECT_NE(text.find("\n\n# 2. "), std::string::npos);  // a blank line before each chapter
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find("\n\n\n"), std::string::npos);
}

TEST_F(App, SpokenBookTextPutsEachVerseLineOnItsOwnLine) {
  source::Book book;
  book.chapters = {
      source::Chapter{"Song",
                      "",
                      1,
                      {{"In 1851 she sang:", 1, false},
                       {"The sea is calm tonight,\n  The tide is 2 feet,\n", 3, false}}}};
  EXPECT_EQ(SpokenBookText(book, {}),
            "# 1. Song\n\nIn eighteen fifty one she sang:\n\n"
            "The sea is calm tonight,\nThe tide is two feet,\n");
}

TEST_F(App, VerseRendersWithAPauseBetweenItsLines) {
  auto preparer = LoadPreparer({}, "");
  ASSERT_TRUE(preparer.ok()) << preparer.status().message();
  Speaker speaker;
  const source::Paragraph verse{"The sea is calm tonight,\nThe tide is full.", 0, false, {}};
  auto rendered = speaker.Render(verse, *preparer);
  ASSERT_TRUE(rendered.ok()) << rendered.status().message();
  EXPECT_EQ(rendered->spoken_text, "The sea is calm tonight,\nThe tide is full.");
  // The longest run of silence is the verse pause, at least.
  std::size_t longest = 0, run = 0;
  for (std::int16_t v : rendered->pcm) longest = std::max(longest, run = v == 0 ? run + 1 : 0);
  EXPECT_GE(longest, 7718u);  // 350 ms at 22050 Hz
  const SpokenWord* tide = nullptr;
  for (const SpokenWord& w : rendered->words) {
    if (w.word == "tide") tide = &w;
  }
  ASSERT_NE(tide, nullptr);
  EXPECT_EQ(verse.text.substr(tide->char_start, tide->char_end - tide->char_start), "tide");
  EXPECT_GT(tide->start_sample, 22050 * 0.35);
  EXPECT_LE(rendered->words.back().end_sample, static_cast<std::int64_t>(rendered->pcm.size()));
}

TEST(ExitCodes, ComeFromTheStatusCode) {
  using cli::ExitCode;
  EXPECT_EQ(cli::ExitCodeFor(Status::Ok()), ExitCode::kOk);
  EXPECT_EQ(cli::ExitCodeFor(Status::Usage("--acx with --format wav")), ExitCode::kUsage);
  EXPECT_EQ(cli::ExitCodeFor(Status::Interrupted()), ExitCode::kInterrupted);
  for (const Status& s :
       {Status::InvalidInput("x"), Status::NotFound("x"), Status::Io("x"), Status::Internal("x")}) {
    EXPECT_EQ(cli::ExitCodeFor(s), ExitCode::kFailure) << StatusCodeName(s.code());
  }
}

TEST(StatusTest, FileAndLineAreKeptApartFromTheDetail) {
  Status s =
      Status::InFile(StatusCode::kInvalidInput, "names.lexicon", 12, "unknown IPA symbol 'ʘ'");
  EXPECT_EQ(s.message(), "names.lexicon:12: unknown IPA symbol 'ʘ'");
  EXPECT_EQ(s.file(), "names.lexicon");
  EXPECT_EQ(s.line(), 12);
  EXPECT_EQ(s.detail(), "unknown IPA symbol 'ʘ'");
  EXPECT_EQ(s.WithPrefix("build").message(), "build: names.lexicon:12: unknown IPA symbol 'ʘ'");
  EXPECT_EQ(s.WithPrefix("build").code(), StatusCode::kInvalidInput);
  EXPECT_EQ(Status::InFile(StatusCode::kIo, "out.mp3", 0, "disk full").message(),
            "out.mp3: disk full");
}

// A listing as eSpeak gives it: voices by first language, variants as "+name".
std::vector<VoiceInfo> ListedVoices() {
  return {{"en-gb", "English (Great Britain)", "male", "gmw/en"},
          {"en-us", "English (America)", "male", "gmw/en-US"},
          {"fr-fr", "French (France)", "male", "roa/fr"},
          {"+m3", "male3", "male", "!v/m3"},
          {"+f2", "female2", "female", "!v/f2"},
          {"+Alex", "Alex", "male", "!v/Alex"}};
}

TEST(Voices, TheDefaultIsListedUnderItsOwnNameAndVariantsApart) {
  VoiceList list = SortVoices(ListedVoices());
  EXPECT_EQ(list.default_name, "en");
  std::vector<std::string> voices, variants;
  for (const VoiceInfo& v : list.voices) voices.push_back(v.name);
  for (const VoiceInfo& v : list.variants) variants.push_back(v.name);
  EXPECT_EQ(voices, (std::vector<std::string>{"en", "en-gb", "en-us", "fr-fr"}));
  EXPECT_EQ(variants, (std::vector<std::string>{"Alex", "f2", "m3"}));
  EXPECT_EQ(list.voices[0].description, "English (Great Britain)");  // the voice en names
}

TEST(Voices, CheckVoiceNameAcceptsWhatESpeakSpeaks) {
  VoiceList list = SortVoices(ListedVoices());
  for (const char* name :
       {"en", "EN-us", "fr", "fr-FR", "gmw/en", "en-us+f2", "en+Alex", "en+3", "en+12", "en+0"}) {
    EXPECT_TRUE(CheckVoiceName(name, list).ok())
        << name << ": " << CheckVoiceName(name, list).message();
  }
}

TEST(Voices, AcceptedNamesAreSpelledOneWay) {
  VoiceList list = SortVoices(ListedVoices());
  EXPECT_EQ(SpelledAsListed("EN-US+12", list), "en-us+f2");
  EXPECT_EQ(SpelledAsListed("En-Gb+Alex", list), "en-gb+Alex");
  EXPECT_EQ(SpelledAsListed("en+0", list), "en");
  EXPECT_EQ(SpelledAsListed("GMW/EN", list), "gmw/en");
  EXPECT_EQ(SpelledAsListed("fr-fr+m3", list), "fr-fr+m3");
}

TEST(Voices, CheckVoiceNameRefusesWithTheNearestName) {
  VoiceList list = SortVoices(ListedVoices());
  auto message = [&](const std::string& name) {
    Status s = CheckVoiceName(name, list);
    EXPECT_EQ(s.code(), StatusCode::kUsage) << name;
    return s.message();
  };
  EXPECT_EQ(message("en-uk"),
            "unknown voice 'en-uk' (see 'narrate voices'); did you mean 'en-gb'?");
  EXPECT_EQ(message("fr-FX+f2"),
            "unknown voice 'fr-FX' (see 'narrate voices'); did you mean 'fr-fr'?");
  EXPECT_EQ(message("en-uss"),
            "unknown voice 'en-uss' (see 'narrate voices'); did you mean 'en-us'?");
  EXPECT_EQ(message("klingon"), "unknown voice 'klingon' (see 'narrate voices')");
  EXPECT_EQ(message("en-us+nonexistent"),
            "unknown variant 'nonexistent' in 'en-us+nonexistent' (see 'narrate voices')");
  EXPECT_EQ(message("en+alex"),
            "unknown variant 'alex' in 'en+alex' (see 'narrate voices'); did you mean 'Alex'?");
  EXPECT_EQ(message("en+13"),  // f3, not in this listing
            "unknown variant '13' in 'en+13' (see 'narrate voices'); did you mean 'f2'?");
}

TEST(Voices, BuildSaysHowTheVoiceWasChosen) {
  VoiceChoice choice{{}, "", VoiceSource::kDefault};
  EXPECT_EQ(DescribeVoice(choice), "en (default)");
  choice.voice.name = "en-gb";
  choice.source = VoiceSource::kBookLanguage;
  EXPECT_EQ(DescribeVoice(choice), "en-gb (the book's language)");
  choice.voice.name = "en-us+f2";
  choice.source = VoiceSource::kGiven;
  EXPECT_EQ(DescribeVoice(choice), "en-us+f2");
}

TEST(Voices, AcxIgnoresAGivenBitrateAndSaysSo) {
  pipeline::BuildOptions options;
  options.acx = true;
  options.bitrate_kbps = 64;
  EXPECT_EQ(IgnoredOptions(options, true),
            (std::vector<std::string>{"--acx writes 192 kbps CBR MP3; --bitrate 64 is ignored"}));
  EXPECT_TRUE(IgnoredOptions(options, false).empty());  // the default bitrate was not asked for
  options.acx = false;
  EXPECT_TRUE(IgnoredOptions(options, true).empty());
}

}  // namespace
}  // namespace narrate::app
