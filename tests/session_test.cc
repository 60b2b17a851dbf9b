// The studio session (app/session.h) with a real worker and real builds: a
// small book written in a temporary folder, and the sample book.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/session.h"
#include "pronunciation/lexicon.h"
#include "tests/support/books.h"
#include "tests/support/probe.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::WriteFile;

// Zorblax is in the lexicon; Quendrith is a name to check; "Mrs." is
// spoken "Missus", which is not the book's word.
const char* kBook =
    "# Chapter 1\n\n"
    "It cost $5 at the market.\n\n"
    "Café owner Zorblax met Mrs. Quendrith at noon. Zorblax waved.\n\n"
    "# Chapter 2\n\n"
    "Nobody spoke. Later Mrs. Quendrith laughed at the sea. The gulls cried.\n\n"
    "# Chapter 3\n\n"
    "The Zorblax came back with Mrs. Quendrith.\n";

const char* kLexicon = "# names in the book\nZorblax\t[[z'o@blaks]]\n";

bool HasWordList() {
  for (const char* path : {"/usr/share/dict/words", "/usr/share/dict/american-english",
                           "/usr/share/dict/british-english"}) {
    if (fs::exists(path)) return true;
  }
  return false;
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    setenv("XDG_CONFIG_HOME", (dir_ + "/config").c_str(), 1);  // no user-wide lexicon
    book_ = dir_ + "/book.md";
    lexicon_ = dir_ + "/book.lexicon";
    WriteFile(book_, kBook);
    WriteFile(lexicon_, kLexicon);
  }
  void TearDown() override { fs::remove_all(dir_); }

  SessionOptions Options() const {
    SessionOptions options;
    options.book_path = book_;
    options.build.output_dir = dir_ + "/out";
    options.build.jobs = 2;
    return options;
  }
  std::unique_ptr<Session> Open(const SessionOptions& options) {
    auto session = OpenSession(options);
    EXPECT_TRUE(session.ok()) << session.status().message();
    return session.ok() ? std::move(*session) : nullptr;
  }
  std::unique_ptr<Session> Open() { return Open(Options()); }

  std::string dir_, book_, lexicon_;
};

const MarkedName* FindMark(const ParagraphView& p, const std::string& word) {
  for (const MarkedName& m : p.names) {
    if (m.word == word) return &m;
  }
  return nullptr;
}

std::uint32_t U32At(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

TEST(WavBytes, CanonicalHeaderThenLittleEndianSamples) {
  const std::string wav = WavBytes({1, -2, 0x1234}, 22050);
  ASSERT_EQ(wav.size(), 44u + 6u);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(U32At(wav, 4), 36u + 6u);
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(U32At(wav, 24), 22050u);
  EXPECT_EQ(U32At(wav, 28), 44100u);
  EXPECT_EQ(wav.substr(36, 4), "data");
  EXPECT_EQ(U32At(wav, 40), 6u);
  EXPECT_EQ(wav.substr(44), std::string("\x01\x00\xfe\xff\x34\x12", 6));
}

// What the session asks of the pronunciation library: where matches are,
// and each entry's pronunciation as its file writes it.
TEST(SessionLexicon, FindGivesTheGraphemeAsWrittenAndEntriesKeepTheirNotation) {
  auto lexicon = pronunciation::Lexicon::Parse(
      "Worf\t[[w'o@f]]\t# a comment\nKronos\t/ˈkroʊnɒs/\nRura Penthe\tROO-ruh PEN-thee #x\n",
      "names.lexicon");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  const std::string text = "Worf’s ship left Rura  Penthe for kronos.";
  const auto found = lexicon->Find(text);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), "Worf");
  EXPECT_EQ(text.substr(found[1].begin, found[1].end - found[1].begin), "Rura  Penthe");
  EXPECT_EQ(text.substr(found[2].begin, found[2].end - found[2].begin), "kronos");
  EXPECT_EQ(found[0].entry->written, "[[w'o@f]]");
  EXPECT_EQ(found[1].entry->written, "ROO-ruh PEN-thee");
  EXPECT_EQ(found[2].entry->written, "/ˈkroʊnɒs/");
  EXPECT_EQ(found[2].entry->espeak, "kr'oUn0s");
  EXPECT_TRUE(lexicon->Find("Worfish kronosian").empty());

  auto pls = pronunciation::Lexicon::Parse(
      "<lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" "
      "alphabet=\"ipa\" xml:lang=\"en\"><lexeme><grapheme>Kronos</grapheme>"
      "<phoneme>ˈkroʊnɒs</phoneme></lexeme></lexicon>",
      "book.pls");
  ASSERT_TRUE(pls.ok()) << pls.status().message();
  EXPECT_EQ(pls->entries().front().written, "/ˈkroʊnɒs/");

  auto ok = pronunciation::ParsePronunciation("Kronos", " KROH-nohs ");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->written, "KROH-nohs");
  EXPECT_EQ(pronunciation::ParsePronunciation("Kronos", "").status().message(),
            "empty pronunciation for \"Kronos\"");
  EXPECT_EQ(pronunciation::ParsePronunciation("Kronos", "[[kr'\noUn0s]]").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(pronunciation::BookLexiconPath("books/emma.txt"), "books/emma.lexicon");
}

TEST_F(SessionTest, BookViewNamesTheVoiceAndTheLexicon) {
  auto session = Open();
  ASSERT_TRUE(session);
  const BookView book = session->Book();
  EXPECT_EQ(book.chapters.size(), 3u);
  EXPECT_EQ(book.chapters[1].title, "Chapter 2");
  EXPECT_EQ(book.chapters[1].paragraphs, 1u);
  EXPECT_EQ(book.lexicon_file, "book.lexicon");
  EXPECT_EQ(book.voice, "en (default)");
}

TEST_F(SessionTest, ChapterViewHasSpokenTextAndNamesAtCodePoints) {
  auto session = Open();
  ASSERT_TRUE(session);
  // A chapter waits for the book's names a moment only (a loaded machine, ASan: longer than
  // that); the names panel waits for them, so after it every chapter has them.
  ASSERT_TRUE(session->NamesToCheck().ok());
  auto chapter = session->Chapter(1);
  ASSERT_TRUE(chapter.ok()) << chapter.status().message();
  ASSERT_EQ(chapter->paragraphs.size(), 2u);
  EXPECT_EQ(chapter->paragraphs[0].index, 1);
  EXPECT_EQ(chapter->paragraphs[0].text, "It cost $5 at the market.");
  EXPECT_NE(chapter->paragraphs[0].spoken.find("five dollars"), std::string::npos)
      << chapter->paragraphs[0].spoken;
  const ParagraphView& p = chapter->paragraphs[1];
  // "Café owner " is 11 code points (12 bytes): the range counts code points.
  ASSERT_GE(p.names.size(), 2u);
  EXPECT_EQ(p.names[0].word, "Zorblax");
  EXPECT_EQ(p.names[0].char_start, 11u);
  EXPECT_EQ(p.names[0].char_end, 18u);
  EXPECT_EQ(p.names[0].kind, NameKind::kLexicon);
  EXPECT_EQ(p.names.back().word, "Zorblax");  // "Zorblax waved." at the end
  EXPECT_EQ(p.names.back().char_start, 47u);
  for (std::size_t i = 1; i < p.names.size(); ++i)
    EXPECT_LE(p.names[i - 1].char_end, p.names[i].char_start) << "in order, not overlapping";
  if (HasWordList()) {
    const MarkedName* q = FindMark(p, "Quendrith");
    ASSERT_NE(q, nullptr);
    EXPECT_EQ(q->kind, NameKind::kSuggested);
    EXPECT_EQ(q->char_start, 28u);
    EXPECT_EQ(FindMark(p, "Missus"), nullptr);
  }
  auto missing = session->Chapter(4);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "chapter 4 is not in 1..3");
  EXPECT_EQ(session->Chapter(0).status().code(), StatusCode::kNotFound);
}

TEST_F(SessionTest, ParagraphIsAWholeWavWithWordTimingsAndIsCached) {
  auto session = Open();
  ASSERT_TRUE(session);
  auto spoken = session->Paragraph(1, 2);
  ASSERT_TRUE(spoken.ok()) << spoken.status().message();
  const std::string& wav = (*spoken)->wav;
  const RenderedSpeech& speech = (*spoken)->speech;
  ASSERT_GT(wav.size(), 44u);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(wav.substr(8, 4), "WAVE");
  EXPECT_GT(speech.sample_rate_hz, 0);
  EXPECT_EQ(U32At(wav, 24), static_cast<std::uint32_t>(speech.sample_rate_hz));
  const std::int64_t samples = U32At(wav, 40) / 2;
  EXPECT_EQ(static_cast<std::size_t>(samples) * 2 + 44, wav.size());
  EXPECT_TRUE(speech.pcm.empty());
  ASSERT_GE(speech.words.size(), 8u);
  EXPECT_LE(speech.words.back().end_sample, samples);
  EXPECT_GT(speech.words.back().end_sample, samples / 2);
  // The lexicon word is timed over its written place, and said as the lexicon says.
  const SpokenWord* zorblax = nullptr;
  for (const SpokenWord& w : speech.words) {
    if (w.char_start == 11) zorblax = &w;
  }
  ASSERT_NE(zorblax, nullptr);
  EXPECT_EQ(zorblax->char_end, 18u);
  EXPECT_NE(speech.spoken_text.find("[[z'o@blaks]]"), std::string::npos) << speech.spoken_text;
  // A paragraph written to disk through libsndfile reads back the same length.
  WriteFile(dir_ + "/p.wav", wav);
  int rate = 0;
  EXPECT_EQ(testing::WavFrames(dir_ + "/p.wav", &rate), samples);
  EXPECT_EQ(rate, speech.sample_rate_hz);

  auto again = session->Paragraph(1, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), spoken->get()) << "a cache hit is the same result, not a copy";
  EXPECT_EQ(session->Paragraph(1, 3).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(session->Paragraph(9, 1).status().code(), StatusCode::kNotFound);
}

TEST_F(SessionTest, LexiconEditRendersAgainOnlyTheParagraphsItTouches) {
  auto session = Open();
  ASSERT_TRUE(session);
  auto untouched = session->Paragraph(1, 1);
  auto touched = session->Paragraph(1, 2);
  ASSERT_TRUE(untouched.ok() && touched.ok());
  ASSERT_TRUE(session->PutEntry("Zorblax", "[[z'o@blEks]]", false).ok());
  auto untouched_after = session->Paragraph(1, 1);
  auto touched_after = session->Paragraph(1, 2);
  ASSERT_TRUE(untouched_after.ok() && touched_after.ok());
  EXPECT_EQ(untouched_after->get(), untouched->get());
  EXPECT_NE(touched_after->get(), touched->get());
  EXPECT_NE((*touched_after)->speech.spoken_text.find("[[z'o@blEks]]"), std::string::npos);
}

TEST_F(SessionTest, PutEntryAddsThenReplacesKeepingComments) {
  auto session = Open();
  ASSERT_TRUE(session);
  const std::string version = session->Lexicon().version;
  auto added = session->PutEntry("Quendrith", "/ˈkwɛndrɪθ/", false);
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_FALSE(added->before.has_value());
  ASSERT_TRUE(added->after.has_value());
  EXPECT_EQ(added->after->word, "Quendrith");
  EXPECT_EQ(added->after->pronunciation, "/ˈkwɛndrɪθ/");
  EXPECT_EQ(added->after->line, 3);
  EXPECT_TRUE(added->after->editable);
  EXPECT_EQ(added->chapters, (std::vector<int>{1, 2, 3}));
  EXPECT_NE(added->version, version);
  EXPECT_EQ(ReadFile(lexicon_), std::string(kLexicon) + "Quendrith\t/ˈkwɛndrɪθ/\n");

  auto replaced = session->PutEntry("quendrith", "KWEN-drith", false);
  ASSERT_TRUE(replaced.ok()) << replaced.status().message();
  ASSERT_TRUE(replaced->before.has_value());
  EXPECT_EQ(replaced->before->pronunciation, "/ˈkwɛndrɪθ/");
  EXPECT_EQ(replaced->after->word, "Quendrith") << "the grapheme as the file spells it";
  EXPECT_EQ(replaced->after->pronunciation, "KWEN-drith");
  EXPECT_EQ(ReadFile(lexicon_), std::string(kLexicon) + "Quendrith\tKWEN-drith\n");

  const LexiconView view = session->Lexicon();
  EXPECT_EQ(view.file, "book.lexicon");
  EXPECT_EQ(view.version, replaced->version);
  EXPECT_TRUE(view.error.empty());
  ASSERT_EQ(view.entries.size(), 2u);
  EXPECT_EQ(view.entries[0].word, "Zorblax");
  EXPECT_EQ(view.entries[0].pronunciation, "[[z'o@blaks]]");
  EXPECT_EQ(view.entries[0].line, 2);
  EXPECT_EQ(view.entries[1].pronunciation, "KWEN-drith");
}

TEST_F(SessionTest, AnotherProgramsEditIsSeenAndNotOverwritten) {
  auto session = Open();
  ASSERT_TRUE(session);
  EXPECT_EQ(session->Lexicon().entries.size(), 1u);
  WriteFile(lexicon_, std::string(kLexicon) + "Vortigan\t[[v'o@tIg@n]]\n");
  const LexiconView seen = session->Lexicon();
  ASSERT_EQ(seen.entries.size(), 2u);
  EXPECT_EQ(seen.entries[1].word, "Vortigan");
  ASSERT_TRUE(session->PutEntry("Quendrith", "[[kw'Endr@T]]", false).ok());
  EXPECT_EQ(ReadFile(lexicon_),
            std::string(kLexicon) + "Vortigan\t[[v'o@tIg@n]]\nQuendrith\t[[kw'Endr@T]]\n");
  // A file another program broke: the last good lexicons stay, and the view says why.
  WriteFile(lexicon_, "Zorblax\t/ʘ/\n");
  const LexiconView broken = session->Lexicon();
  EXPECT_EQ(broken.entries.size(), 3u);
  EXPECT_NE(broken.error.find("unknown IPA symbol"), std::string::npos) << broken.error;
}

TEST_F(SessionTest, ConcurrentSavesLoseNoEntry) {
  auto session = Open();
  ASSERT_TRUE(session);
  std::vector<std::thread> threads;
  std::vector<Status> results(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r =
          session->PutEntry("Name" + std::string(1, static_cast<char>('a' + i)), "NAY-mee", false);
      results[i] = r.ok() ? Status::Ok() : r.status();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.message();
  const std::string file = ReadFile(lexicon_);
  for (int i = 0; i < 8; ++i) {
    const std::string line = "Name" + std::string(1, static_cast<char>('a' + i)) + "\tNAY-mee\n";
    EXPECT_NE(file.find(line), std::string::npos) << line;
  }
  EXPECT_EQ(session->Lexicon().entries.size(), 9u);
}

TEST_F(SessionTest, BadPronunciationLeavesTheFileAndSaysWhy) {
  auto session = Open();
  ASSERT_TRUE(session);
  auto bad = session->PutEntry("Quendrith", "/ˈkroʊnɒʘs/", false);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad.status().message(), "unknown IPA symbol \"ʘ\" (U+0298) in /ˈkroʊnɒʘs/");
  EXPECT_EQ(session->PutEntry("Quendrith", "[[kw'End", false).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(session->PutEntry("Quendrith", "KWEN\tDRITH", false).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(session->PutEntry("", "KWEN", false).status().code(), StatusCode::kInvalidInput);
  // The file would keep "KWEN" and read the rest as a comment: not what was typed.
  EXPECT_EQ(session->PutEntry("Quendrith", "KWEN # drith", false).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_FALSE(session->CheckPronunciation("[[kw'End]] # x").valid);
  EXPECT_EQ(ReadFile(lexicon_), kLexicon);
}

TEST_F(SessionTest, RemoveEntryAndUndo) {
  auto session = Open();
  ASSERT_TRUE(session);
  auto missing = session->RemoveEntry("Nobody");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "book.lexicon has no entry for \"Nobody\"");
  auto removed = session->RemoveEntry("zorblax");
  ASSERT_TRUE(removed.ok()) << removed.status().message();
  ASSERT_TRUE(removed->before.has_value());
  EXPECT_EQ(removed->before->pronunciation, "[[z'o@blaks]]");
  EXPECT_FALSE(removed->after.has_value());
  EXPECT_EQ(removed->chapters, (std::vector<int>{1, 3}));
  EXPECT_EQ(ReadFile(lexicon_), "# names in the book\n");
  EXPECT_TRUE(session->Lexicon().entries.empty());
  // Undo is putting the old entry back.
  ASSERT_TRUE(session->PutEntry("Zorblax", removed->before->pronunciation, false).ok());
  EXPECT_EQ(ReadFile(lexicon_), kLexicon);
}

TEST_F(SessionTest, TheFirstEditCreatesTheBooksLexicon) {
  fs::remove(lexicon_);
  auto session = Open();
  ASSERT_TRUE(session);
  EXPECT_TRUE(session->Lexicon().entries.empty());
  auto added = session->PutEntry("Zorblax", "ZOR-blax", false);
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(ReadFile(lexicon_), "Zorblax\tZOR-blax\n");
  ASSERT_EQ(session->Lexicon().entries.size(), 1u);
  EXPECT_TRUE(session->Lexicon().entries[0].editable);
}

TEST_F(SessionTest, TheLastLexiconGivenIsTheTarget) {
  const std::string other = dir_ + "/names.lexicon";
  WriteFile(other, "Quendrith\t[[kw'Endr@T]]\n");
  SessionOptions options = Options();
  options.build.speech.lexicons = {other};
  auto session = Open(options);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->Book().lexicon_file, "names.lexicon");
  const LexiconView view = session->Lexicon();
  ASSERT_EQ(view.entries.size(), 2u);
  EXPECT_FALSE(view.entries[0].editable);  // book.lexicon
  EXPECT_TRUE(view.entries[1].editable);
  ASSERT_TRUE(session->PutEntry("Vortigan", "VOR-ti-gan", false).ok());
  EXPECT_EQ(ReadFile(other), "Quendrith\t[[kw'Endr@T]]\nVortigan\tVOR-ti-gan\n");
  EXPECT_EQ(ReadFile(lexicon_), kLexicon);
}

TEST_F(SessionTest, TrialEntriesChangeWhatIsSaidForThatCallOnly) {
  auto session = Open();
  ASSERT_TRUE(session);
  auto plain = session->Phonemes("Quendrith waved.", {});
  auto trial = session->Phonemes("Quendrith waved.", {{"Quendrith", "[[kw'Endr@T]]"}});
  ASSERT_TRUE(plain.ok() && trial.ok()) << plain.status().message() << trial.status().message();
  EXPECT_NE(*plain, *trial);
  EXPECT_NE(trial->find("kw'Endr@T"), std::string::npos) << *trial;
  auto plain_again = session->Phonemes("Quendrith waved.", {});
  ASSERT_TRUE(plain_again.ok());
  EXPECT_EQ(*plain_again, *plain) << "trial entries are not kept";
  // The book's lexicon is honoured without trial entries.
  auto lexicon_word = session->Phonemes("Zorblax", {});
  ASSERT_TRUE(lexicon_word.ok());
  EXPECT_NE(lexicon_word->find("z'o@blaks"), std::string::npos) << *lexicon_word;

  auto said = session->Say("Quendrith waved.", {{"Quendrith", "/ˈkwɛndrɪθ/"}});
  ASSERT_TRUE(said.ok()) << said.status().message();
  EXPECT_EQ((*said)->wav.substr(0, 4), "RIFF");
  EXPECT_EQ((*said)->speech.words.front().char_start, 0u);
  EXPECT_EQ((*said)->speech.words.front().char_end, 9u);
  auto bad = session->Say("Quendrith waved.", {{"Quendrith", "/ʘ/"}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.status().message().find("unknown IPA symbol"), std::string::npos);
  EXPECT_EQ(session->Say("Quendrith", {{"#Quendrith", "KWEN"}}).status().code(),
            StatusCode::kInvalidInput);
  // [[…]] in typed text is spoken as the mnemonics inside it.
  auto mnemonics = session->Phonemes("I saw [[w'i:n@]] go.", {});
  ASSERT_TRUE(mnemonics.ok()) << mnemonics.status().message();
  EXPECT_NE(mnemonics->find("w'i:n@"), std::string::npos) << *mnemonics;
  EXPECT_EQ(session->Say("I saw [[w'i:n@ go.", {}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(session->Say("  \n", {}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(session->Phonemes("", {}).status().code(), StatusCode::kInvalidInput);
}

TEST_F(SessionTest, CheckPronunciationUsesTheLoadersRules) {
  auto session = Open();
  ASSERT_TRUE(session);
  struct Case {
    std::string written, kind, espeak;  // espeak "" for an invalid one, "*" for any
  };
  for (const Case& c : std::vector<Case>{{"/ˈkroʊnɒs/", "ipa", "kr'oUn0s"},
                                         {"[[kr'oUn0s]]", "espeak", "kr'oUn0s"},
                                         {"KROH-nohs", "respelling", "*"},
                                         {"/ˈkroʊnɒʘs/", "ipa", ""},
                                         {"[[kr'oU", "espeak", ""},
                                         {"KROH$", "respelling", ""},
                                         {"  ", "", ""}}) {
    const PronunciationCheck check = session->CheckPronunciation(c.written);
    EXPECT_EQ(check.valid, !c.espeak.empty()) << c.written << ": " << check.error;
    EXPECT_EQ(check.kind, c.kind) << c.written;
    if (c.espeak != "*") {
      EXPECT_EQ(check.espeak, c.espeak) << c.written;
    }
    if (check.valid) {
      EXPECT_FALSE(check.espeak.empty()) << c.written;
    }
    EXPECT_EQ(check.error.empty(), check.valid) << c.written;
  }
  EXPECT_EQ(session->CheckPronunciation("/ˈkroʊnɒʘs/").error,
            "unknown IPA symbol \"ʘ\" (U+0298) in /ˈkroʊnɒʘs/");
  EXPECT_NE(session->CheckPronunciation("[[kr'oU").error.find("unterminated [["),
            std::string::npos);
}

TEST_F(SessionTest, NamesToCheckAreTheBooksWordsWithTheirFirstSentence) {
  if (!HasWordList()) GTEST_SKIP() << "no English word list (wamerican)";
  auto session = Open();
  ASSERT_TRUE(session);
  auto names = session->NamesToCheck();
  ASSERT_TRUE(names.ok()) << names.status().message();
  std::set<std::string> words;
  for (const NameToCheck& n : *names) words.insert(n.word);
  EXPECT_EQ(words.count("Missus"), 0u) << "the normaliser's word, not the book's";
  EXPECT_EQ(words.count("Zorblax"), 0u) << "the lexicon covers it";
  ASSERT_FALSE(names->empty());
  const NameToCheck& q = names->front();  // three times: the most frequent
  EXPECT_EQ(q.word, "Quendrith");
  EXPECT_EQ(q.count, 3);
  EXPECT_EQ(q.chapter, 1);
  EXPECT_EQ(q.paragraph, 2);
  EXPECT_EQ(q.sentence, "Café owner Zorblax met Mrs. Quendrith at noon.");
  EXPECT_FALSE(q.phonemes.empty());
  EXPECT_FALSE(q.kept);
  // Once the lexicon covers it, it is no longer to check.
  ASSERT_TRUE(session->PutEntry("Quendrith", "KWEN-drith", false).ok());
  auto after = session->NamesToCheck();
  ASSERT_TRUE(after.ok());
  for (const NameToCheck& n : *after) EXPECT_NE(n.word, "Quendrith");
  auto chapter = session->Chapter(2);
  ASSERT_TRUE(chapter.ok());
  const MarkedName* mark = FindMark(chapter->paragraphs[0], "Quendrith");
  ASSERT_NE(mark, nullptr);
  EXPECT_EQ(mark->kind, NameKind::kLexicon);
}

TEST_F(SessionTest, SentenceIsTheOneTheNameIsIn) {
  if (!HasWordList()) GTEST_SKIP() << "no English word list (wamerican)";
  WriteFile(book_, "# One\n\nThe sea was grey. Later Mrs. Quendrith laughed. The gulls cried.\n");
  auto session = Open();
  ASSERT_TRUE(session);
  auto names = session->NamesToCheck();
  ASSERT_TRUE(names.ok());
  ASSERT_EQ(names->size(), 1u);
  EXPECT_EQ(names->front().sentence, "Later Mrs. Quendrith laughed.");
}

TEST_F(SessionTest, KeptNamesAreRememberedAcrossSessions) {
  if (!HasWordList()) GTEST_SKIP() << "no English word list (wamerican)";
  {
    auto session = Open();
    ASSERT_TRUE(session);
    ASSERT_TRUE(session->KeepName("Quendrith", true).ok());
    EXPECT_EQ(session->KeepName("bad\nname", true).code(), StatusCode::kInvalidInput);
  }
  EXPECT_EQ(ReadFile(dir_ + "/book.kept-names"), "Quendrith\n");
  auto session = Open();
  ASSERT_TRUE(session);
  auto names = session->NamesToCheck();
  ASSERT_TRUE(names.ok());
  ASSERT_FALSE(names->empty());
  EXPECT_EQ(names->front().word, "Quendrith");
  EXPECT_TRUE(names->front().kept) << "kept names stay in the list, marked";
  ASSERT_TRUE(session->KeepName("Quendrith", false).ok());
  EXPECT_EQ(ReadFile(dir_ + "/book.kept-names"), "");
  EXPECT_FALSE(session->NamesToCheck()->front().kept);
}

// Waits for the build to end; its last progress.
BuildProgress WaitForEnd(Session& session) {
  BuildProgress p = session.Progress();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  while (p.state == BuildState::kRunning && std::chrono::steady_clock::now() < deadline) {
    p = session.WaitForProgress(p.version, 1000);
  }
  return p;
}

std::map<std::string, std::string> ManifestHashes(const std::string& dir) {
  std::map<std::string, std::string> hashes;
  const auto manifest = nlohmann::json::parse(ReadFile(dir + "/.narrate-manifest.json"));
  for (const auto& f : manifest["chapters"]) hashes[f["file"]] = f["hash"];
  return hashes;
}

std::set<std::string> FilesIn(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(".")) names.insert(name);
  }
  return names;
}

TEST_F(SessionTest, BuildFromTheSessionWritesWhatNarrateBuildWrites) {
  SessionOptions options = Options();  // tagged as `narrate build` tags its files
  options.tags.narrator = "Ada Reader";
  auto session = Open(options);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->StaleChapters(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(session->Progress().state, BuildState::kIdle);
  ASSERT_TRUE(session->StartBuild().ok());
  const BuildProgress done = WaitForEnd(*session);
  ASSERT_EQ(done.state, BuildState::kDone) << done.message;
  EXPECT_EQ(done.chapters_done, 3);
  EXPECT_EQ(done.chapters_total, 3);
  EXPECT_EQ(done.message, dir_ + "/out");
  EXPECT_GT(done.elapsed_seconds, 0);
  EXPECT_TRUE(session->StaleChapters().empty());

  auto cli = testing::RunCommand("cd " + testing::Quote(dir_) +
                                 " && XDG_CONFIG_HOME=" + testing::Quote(dir_ + "/config") +
                                 " " NARRATE_BINARY " build " + testing::Quote(book_) +
                                 " -q --narrator 'Ada Reader' -o " + testing::Quote(dir_ + "/cli"));
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(FilesIn(dir_ + "/out"), FilesIn(dir_ + "/cli"));
  EXPECT_EQ(FilesIn(dir_ + "/out").count("01 - Chapter 1.mp3"), 1u);
  EXPECT_EQ(ManifestHashes(dir_ + "/out"), ManifestHashes(dir_ + "/cli"));
  EXPECT_EQ(testing::Mp3DecodedSamples(dir_ + "/out/02 - Chapter 2.mp3"),
            testing::Mp3DecodedSamples(dir_ + "/cli/02 - Chapter 2.mp3"));

  // An edit makes the chapters it touches stale, and the next build renders only those.
  auto edit = session->PutEntry("Zorblax", "ZOR-blax", false);
  ASSERT_TRUE(edit.ok()) << edit.status().message();
  EXPECT_EQ(edit->chapters, (std::vector<int>{1, 3}));
  EXPECT_EQ(edit->stale_chapters, (std::vector<int>{1, 3}));
  EXPECT_EQ(session->StaleChapters(), (std::vector<int>{1, 3}));
  ASSERT_TRUE(session->StartBuild().ok());
  const BuildProgress again = WaitForEnd(*session);
  ASSERT_EQ(again.state, BuildState::kDone) << again.message;
  EXPECT_EQ(again.chapters_total, 2);
  EXPECT_EQ(again.chapters_done, 2);
  EXPECT_GT(again.version, done.version);
  EXPECT_TRUE(session->StaleChapters().empty());
  // A file gone from the folder is to render again, as `narrate build` would.
  fs::remove(dir_ + "/out/02 - Chapter 2.mp3");
  EXPECT_EQ(session->StaleChapters(), (std::vector<int>{2}));
}

TEST_F(SessionTest, ABuildCanBeCancelledAndOnlyOneRunsAtATime) {
  WriteFile(book_, testing::LongBook());
  SessionOptions options = Options();
  options.build.jobs = 1;
  auto session = Open(options);
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->StartBuild().ok());
  const Status second = session->StartBuild();
  EXPECT_EQ(second.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(second.message(), "a build is already running");
  EXPECT_EQ(session->Progress().state, BuildState::kRunning);
  EXPECT_EQ(session->Progress().chapters_total, 4);
  session->CancelBuild();
  const BuildProgress cancelled = WaitForEnd(*session);
  EXPECT_EQ(cancelled.state, BuildState::kCancelled) << cancelled.message;
  EXPECT_LT(cancelled.chapters_done, 4);
  EXPECT_FALSE(session->StaleChapters().empty());
  // A session that goes while its build runs stops it.
  ASSERT_TRUE(session->StartBuild().ok());
  session.reset();
}

TEST_F(SessionTest, ProgressCountsChaptersAndEstimatesTheRest) {
  WriteFile(book_, testing::LongBook());
  SessionOptions options = Options();
  options.build.jobs = 1;
  options.build.order = pipeline::RenderOrder::kBook;
  auto session = Open(options);
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->StartBuild().ok());
  std::vector<BuildProgress> seen;
  for (BuildProgress p = session->Progress(); p.state == BuildState::kRunning;) {
    p = session->WaitForProgress(p.version, 60000);
    seen.push_back(p);
  }
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().state, BuildState::kDone) << seen.back().message;
  bool estimated = false;
  for (const BuildProgress& p : seen) {
    if (p.state == BuildState::kRunning && p.chapters_done > 0 && p.chapters_done < 4)
      estimated = estimated || p.eta_seconds > 0;
  }
  EXPECT_TRUE(estimated) << "an ETA once a chapter is done";
  EXPECT_EQ(seen.back().chapters_done, 4);
}

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

double WavSeconds(const Spoken& spoken) {
  return static_cast<double>(spoken.wav.size() - 44) / 2 / spoken.speech.sample_rate_hz;
}

// The sample book's longest paragraph, and bench/paragraph.txt (734
// characters) spoken cold through the session, beside `espeak-ng -w` on the
// same text: printed, not asserted (the issue's budget is 100 ms to the first
// audio byte in the browser).
TEST(SessionSample, RenderTimes) {
  const std::string source = NARRATE_SOURCE_DIR;
  const std::string config = testing::MakeTempDir();
  setenv("XDG_CONFIG_HOME", config.c_str(), 1);
  SessionOptions options;
  options.book_path = source + "/samples/the-lamplighter-of-vask.md";
  options.kept_names_path = config + "/kept";
  auto session = OpenSession(options);
  ASSERT_TRUE(session.ok()) << session.status().message();
  const BookView view = (*session)->Book();
  EXPECT_EQ(view.title, "The Lamplighter of Vask");
  int longest_chapter = 0, longest = 0;
  std::size_t longest_bytes = 0;
  for (const ChapterSummary& c : view.chapters) {
    auto chapter = (*session)->Chapter(c.number);
    ASSERT_TRUE(chapter.ok());
    EXPECT_EQ(chapter->paragraphs.size(), c.paragraphs);
    for (const ParagraphView& p : chapter->paragraphs) {
      if (p.text.size() <= longest_bytes) continue;
      longest_bytes = p.text.size();
      longest_chapter = c.number;
      longest = p.index;
    }
  }
  auto start = std::chrono::steady_clock::now();
  auto spoken = (*session)->Paragraph(longest_chapter, longest);
  const double paragraph_ms = MsSince(start);
  ASSERT_TRUE(spoken.ok()) << spoken.status().message();
  start = std::chrono::steady_clock::now();
  ASSERT_TRUE((*session)->Paragraph(longest_chapter, longest).ok());
  const double cached_ms = MsSince(start);

  const std::string bench = source + "/bench/paragraph.txt";
  const std::string text = ReadFile(bench);
  start = std::chrono::steady_clock::now();
  auto said = (*session)->Say(text, {});
  const double say_ms = MsSince(start);
  ASSERT_TRUE(said.ok()) << said.status().message();
  std::printf(
      "[ session  ] paragraph %d.%d, %zu bytes (%.1f s of audio): cold %.1f ms, cached "
      "%.2f ms\n",
      longest_chapter, longest, longest_bytes, WavSeconds(**spoken), paragraph_ms, cached_ms);
  std::printf("[ session  ] bench/paragraph.txt, %zu bytes (%.1f s of audio): cold %.1f ms\n",
              text.size(), WavSeconds(**said), say_ms);
  if (testing::RunCommand("command -v espeak-ng").exit_code == 0) {
    start = std::chrono::steady_clock::now();
    testing::RunCommand("espeak-ng -f " + testing::Quote(bench) + " -w " +
                        testing::Quote(config + "/e.wav"));
    std::printf("[ session  ] espeak-ng -w on the same text: %.1f ms\n", MsSince(start));
  }
  fs::remove_all(config);
}

}  // namespace
}  // namespace narrate::app
