// Editing one entry of a native lexicon: exact bytes of the edited text, and
// the file round trip (atomic, read back by LoadLexicons).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pronunciation/lexicon.h"
#include "pronunciation/lexicon_edit.h"
#include "test_data.h"

namespace narrate::pronunciation {
namespace {

namespace fs = std::filesystem;
using testing::DataFile;
using testing::Find;

LexiconEdit Add(std::string word, std::string pronunciation, bool case_sensitive = false) {
  return {EditKind::kAdd, std::move(word), std::move(pronunciation), case_sensitive};
}
LexiconEdit Replace(std::string word, std::string pronunciation, bool case_sensitive = false) {
  return {EditKind::kReplace, std::move(word), std::move(pronunciation), case_sensitive};
}
LexiconEdit Remove(std::string word, bool case_sensitive = false) {
  return {EditKind::kRemove, std::move(word), "", case_sensitive};
}

// The edited text, or "error: <message>".
std::string Edited(std::string_view text, const LexiconEdit& edit) {
  auto out = EditLexiconText(text, edit, "t.lexicon");
  return out.ok() ? out->content : "error: " + out.status().message();
}

const std::string kText =
    "# Klingon names\n"
    "\n"
    "Qo'noS\t[[q'oU?noUS]]\n"
    "Kahless\t\t[[k'A:lEs]]\t# the founder\n"
    "Rura Penthe\t[[r'u:r@ p'EnTi]]\n"
    "US\t[[j'u:'Es]]\tcase-sensitive\n"
    "# end of names\n";

TEST(EditLexiconText, ReplaceSwapsOnlyThePronunciation) {
  auto out = EditLexiconText(kText, Replace("Kahless", "[[k'A:lEz]]"), "t.lexicon");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->content,
            "# Klingon names\n\nQo'noS\t[[q'oU?noUS]]\n"
            "Kahless\t\t[[k'A:lEz]]\t# the founder\n"
            "Rura Penthe\t[[r'u:r@ p'EnTi]]\nUS\t[[j'u:'Es]]\tcase-sensitive\n# end of names\n");
  EXPECT_EQ(out->line, 4);
  EXPECT_EQ(out->old_line, "Kahless\t\t[[k'A:lEs]]\t# the founder");
  EXPECT_EQ(out->new_line, "Kahless\t\t[[k'A:lEz]]\t# the founder");
  EXPECT_TRUE(out->removed_duplicates.empty());
}

TEST(EditLexiconText, WordsMatchAsTheLexiconMatchesThem) {
  // Case, ’ for ', runs of spaces: the file's spelling of the grapheme stays.
  EXPECT_EQ(Edited("Qo'noS\t[[q'oU?noUS]]\n", Replace("QO’NOS", "/ˈkroʊnɒs/")),
            "Qo'noS\t/ˈkroʊnɒs/\n");
  EXPECT_EQ(Edited("Rura Penthe\t[[r'u:r@]]\n", Replace(" rura   penthe ", "Roo-ra")),
            "Rura Penthe\tRoo-ra\n");
  EXPECT_EQ(Edited("Rura Penthe\t[[r'u:r@]]\n", Replace("Rura", "Roo-ra")),
            "error: t.lexicon: \"Rura\" is not in the lexicon");
}

TEST(EditLexiconText, CaseSensitiveEntriesAreTheirOwn) {
  EXPECT_EQ(Edited(kText, Replace("US", "[[Vs]]")),
            "error: t.lexicon: \"US\" is not in the lexicon");
  EXPECT_EQ(Edited(kText, Replace("us", "[[Vs]]", true)),
            "error: t.lexicon: \"us\" is not in the lexicon");
  auto out = EditLexiconText(kText, Replace("US", "[[ju:Es]]", true), "t.lexicon");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->new_line, "US\t[[ju:Es]]\tcase-sensitive");
  // A case-insensitive "us" beside the case-sensitive "US" is a new entry.
  auto added = EditLexiconText(kText, Add("us", "[[Vs]]"), "t.lexicon");
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(added->content, kText + "us\t[[Vs]]\n");
  EXPECT_EQ(added->line, 8);
}

TEST(EditLexiconText, AddAppendsAtTheEnd) {
  EXPECT_EQ(Edited(kText, Add(" Kang ", " [[k'aN]] ")), kText + "Kang\t[[k'aN]]\n");
  EXPECT_EQ(Edited(kText, Add("USS", "[[ju:Es'Es]]", true)),
            kText + "USS\t[[ju:Es'Es]]\tcase-sensitive\n");
  EXPECT_EQ(Edited("Kor\t[[k'o@]]", Add("Kang", "[[k'aN]]")), "Kor\t[[k'o@]]\nKang\t[[k'aN]]\n");
  EXPECT_EQ(Edited("", Add("Kang", "[[k'aN]]")), "Kang\t[[k'aN]]\n");
  EXPECT_EQ(Edited("# only a comment\n\n", Add("Kang", "[[k'aN]]")),
            "# only a comment\n\nKang\t[[k'aN]]\n");
}

TEST(EditLexiconText, AddOfAWordThatIsThereIsAnError) {
  auto out = EditLexiconText(kText, Add("kahless", "[[k'A:lEz]]"), "t.lexicon");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(out.status().line(), 4);
  EXPECT_EQ(out.status().message(),
            "t.lexicon:4: \"kahless\" is already in the lexicon; replace it instead");
}

TEST(EditLexiconText, RemoveDeletesTheLineAndItsEnding) {
  auto out = EditLexiconText(kText, Remove("rura penthe"), "t.lexicon");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->content,
            "# Klingon names\n\nQo'noS\t[[q'oU?noUS]]\nKahless\t\t[[k'A:lEs]]\t# the founder\n"
            "US\t[[j'u:'Es]]\tcase-sensitive\n# end of names\n");
  EXPECT_EQ(out->line, 5);
  EXPECT_EQ(out->old_line, "Rura Penthe\t[[r'u:r@ p'EnTi]]");
  EXPECT_EQ(out->new_line, "");
  EXPECT_EQ(Edited("Kor\t[[k'o@]]\nKang\t[[k'aN]]", Remove("Kang")), "Kor\t[[k'o@]]\n");
}

TEST(EditLexiconText, RemovingAMissingWordIsNotFound) {
  auto out = EditLexiconText(kText, Remove("Kang"), "t.lexicon");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(out.status().file(), "t.lexicon");
  EXPECT_EQ(out.status().message(), "t.lexicon: \"Kang\" is not in the lexicon");
  EXPECT_EQ(EditLexiconText(kText, Replace("Kang", "[[k'aN]]"), "t").status().code(),
            StatusCode::kNotFound);
}

TEST(EditLexiconText, KeepsCrlfAndByteOrderMark) {
  const std::string text = "\xEF\xBB\xBF# names\r\nKor\t[[k'o@]]\r\nKang\t[[k'aN]]\r\n";
  EXPECT_EQ(Edited(text, Add("Spock", "[[sp'0k]]")), text + "Spock\t[[sp'0k]]\r\n");
  EXPECT_EQ(Edited(text, Replace("Kor", "[[k'O:]]")),
            "\xEF\xBB\xBF# names\r\nKor\t[[k'O:]]\r\nKang\t[[k'aN]]\r\n");
  EXPECT_EQ(Edited(text, Remove("Kor")), "\xEF\xBB\xBF# names\r\nKang\t[[k'aN]]\r\n");
  auto first = EditLexiconText(text, Remove("Kor"), "t");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->line, 2);  // the byte-order mark is not a line
  EXPECT_EQ(Edited("Kor\t[[k'o@]]\r\nKang\t[[k'aN]]", Add("Spock", "[[sp'0k]]")),
            "Kor\t[[k'o@]]\r\nKang\t[[k'aN]]\r\nSpock\t[[sp'0k]]\r\n");
}

TEST(EditLexiconText, InvalidPronunciationIsRejectedAsLoadingWould) {
  auto out = EditLexiconText(kText, Replace("Kahless", "/ˈkɑːʘlɛs/"), "t.lexicon");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(out.status().line(), 4);
  EXPECT_EQ(out.status().detail(), "unknown IPA symbol \"ʘ\" (U+0298) in /ˈkɑːʘlɛs/");
  EXPECT_EQ(Edited(kText, Add("Vask", "[[v'a§k]]")),
            "error: t.lexicon:8: unknown eSpeak phoneme \"§\" in [[v'a§k]]");
  EXPECT_EQ(Edited(kText, Add("Kor", "k'o@")),
            "error: t.lexicon:8: respelling \"k'o@\" contains \"@\": write IPA between slashes "
            "(/.../) or eSpeak phonemes between [[ and ]]");
  EXPECT_EQ(Edited(kText, Add("Kor", "")), "error: t.lexicon:8: empty pronunciation for \"Kor\"");
  EXPECT_EQ(Edited(kText, Add("Kor", "# later")),
            "error: t.lexicon: pronunciation for \"Kor\" contains '#', which would start a "
            "comment");
  // What is typed is what is saved: the file would keep "KOR" and drop the rest.
  EXPECT_EQ(Edited(kText, Add("Kor", "KOR # a note")),
            "error: t.lexicon: pronunciation for \"Kor\" contains '#', which would start a "
            "comment");
  EXPECT_EQ(Edited(kText, Add("-Kor", "[[k'o@]]")),
            "error: t.lexicon:8: grapheme \"-Kor\" must start with a letter or digit");
}

TEST(EditLexiconText, WordAndPronunciationCannotBreakTheLine) {
  EXPECT_EQ(Edited(kText, Add(" ", "[[k'o@]]")), "error: t.lexicon: no word to edit");
  EXPECT_EQ(Edited(kText, Add("Kor\tx", "[[k'o@]]")),
            "error: t.lexicon: word \"Kor\tx\" contains a tab or line break");
  EXPECT_EQ(Edited(kText, Add("Kor", "[[k'o@]]\nKang\t[[k'aN]]")),
            "error: t.lexicon: pronunciation for \"Kor\" contains a tab or line break");
  EXPECT_EQ(Edited(kText, Add("Kor", "[[k'o@]]\tcase-sensitive")),
            "error: t.lexicon: pronunciation for \"Kor\" contains a tab or line break");
  EXPECT_EQ(Edited(kText, Add("# Kor", "[[k'o@]]")),
            "error: t.lexicon: word \"# Kor\" would be a # comment");
}

TEST(EditLexiconText, DuplicatesOfTheEntryGoSoOnePronunciationRemains) {
  const std::string text = "Kor\t[[k'o@]]\nKang\t[[k'aN]]\nKOR\t[[k'o@]]\n";
  auto out = EditLexiconText(text, Replace("kor", "[[k'O:]]"), "t");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->content, "Kor\t[[k'O:]]\nKang\t[[k'aN]]\n");
  EXPECT_EQ(out->removed_duplicates, std::vector<int>{3});
  EXPECT_EQ(Edited(text, Remove("Kor")), "Kang\t[[k'aN]]\n");
}

TEST(EditLexiconText, ReplaceFixesABrokenEntry) {
  const std::string text = "Kor\t/kʘr/\nKang\t\n";
  EXPECT_EQ(Edited(text, Replace("Kor", "[[k'o@]]")), "Kor\t[[k'o@]]\nKang\t\n");
  EXPECT_EQ(Edited("Kang\t\t# empty\n", Replace("Kang", "[[k'aN]]")),
            "Kang\t[[k'aN]]\t\t# empty\n");
  // Only the new entry has to be valid: other lines' problems are left alone.
  EXPECT_EQ(Edited(text, Add("Spock", "[[sp'0k]]")), text + "Spock\t[[sp'0k]]\n");
}

TEST(EditLexiconText, ACommentAfterThePronunciationIsKept) {
  EXPECT_EQ(Edited("Kor\t/kɔr/# 3 times\n", Replace("Kor", "Kore")), "Kor\tKore # 3 times\n");
  EXPECT_EQ(Edited("Kor\tKore # 3 times\n", Replace("Kor", "[[k'o@]]")),
            "Kor\t[[k'o@]] # 3 times\n");
  EXPECT_EQ(Edited("Kor\t[[k'o@]] junk\n", Replace("Kor", "Kore")), "Kor\tKore\n");
  auto lexicon = Lexicon::Parse(Edited("Kor\t/kɔr/# 3 times\n", Replace("Kor", "Kore")), "t");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  EXPECT_EQ(Find(*lexicon, "Kor")->respelling, "Kore");
}

TEST(EditLexiconText, PlsIsNotEdited) {
  EXPECT_EQ(Edited("<lexicon version=\"1.0\"/>", Add("Kor", "[[k'o@]]")),
            "error: t.lexicon: editing a PLS lexicon is not supported; use a native lexicon");
  EXPECT_EQ(EditLexiconText("", Add("Kor", "[[k'o@]]"), "names.pls").status().code(),
            StatusCode::kInvalidInput);
}

// A fresh directory per test, removed afterwards.
class EditLexiconFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("narrate-edit-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(EditLexiconFileTest, EditedFileLoadsWithTheNewPronunciation) {
  const std::string original = Read(DataFile("names.lexicon"));
  const std::string path = Write("names.lexicon", original);
  auto out = EditLexiconFile(path, Replace("kruge", "[[kr'u:gE]]"));
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(Read(path), out->content);
  std::string expected = original;
  expected.replace(expected.find("[[kr'u:g]]"), 10, "[[kr'u:gE]]");
  EXPECT_EQ(Read(path), expected);
  ASSERT_TRUE(EditLexiconFile(path, Add("Kang", "/kɑŋ/")).ok());
  ASSERT_TRUE(EditLexiconFile(path, Remove("Azetbur")).ok());
  auto set = LoadLexicons("", {path}, "");
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->lexicon.size(), 8u);
  EXPECT_EQ(Find(set->lexicon, "Kruge")->espeak, "kr'u:gE");
  EXPECT_EQ(Find(set->lexicon, "Kang")->espeak, "kA:N");
  EXPECT_EQ(Find(set->lexicon, "Azetbur"), nullptr);
  EXPECT_EQ(set->lexicon.Apply("Kruge's ship")[0].content, "kr'u:gEz");
  EXPECT_EQ(Names(), std::vector<std::string>{"names.lexicon"}) << "no temporary file is left";
}

TEST_F(EditLexiconFileTest, AnErrorLeavesTheFileAsItWas) {
  const std::string path = Write("names.lexicon", kText);
  auto out = EditLexiconFile(path, Replace("Kahless", "/kʘ/"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(), path + ":4: unknown IPA symbol \"ʘ\" (U+0298) in /kʘ/");
  EXPECT_EQ(EditLexiconFile(path, Remove("Kang")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Read(path), kText);
  EXPECT_EQ(Names(), std::vector<std::string>{"names.lexicon"});
}

TEST_F(EditLexiconFileTest, AFailedWriteIsAnIoErrorAndChangesNothing) {
  const std::string path = Write("names.lexicon", kText);
  // The temporary file's name is taken by a directory, so it cannot be written.
  const fs::path blocker = dir_ / (".names.lexicon.narrate-" + std::to_string(::getpid()) + ".tmp");
  fs::create_directory(blocker);
  fs::create_directory(blocker / "keep");
  auto out = EditLexiconFile(path, Add("Kang", "[[k'aN]]"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kIo);
  EXPECT_EQ(out.status().file(), path);
  EXPECT_EQ(Read(path), kText);
}

TEST_F(EditLexiconFileTest, AddCreatesAMissingFileAndItsDirectories) {
  const std::string path = (dir_ / "config" / "narrate" / "lexicon").string();
  EXPECT_EQ(EditLexiconFile(path, Replace("Kang", "[[k'aN]]")).status().code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(EditLexiconFile(path, Add("Kang", "/kʘ/")).ok());
  EXPECT_FALSE(fs::exists(dir_ / "config")) << "nothing is made for a rejected edit";
  auto out = EditLexiconFile(path, Add("Kang", "[[k'aN]]"));
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->line, 1);
  EXPECT_EQ(Read(path), "Kang\t[[k'aN]]\n");
  auto set = LoadLexicons("", {}, path);
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(Find(set->lexicon, "Kang")->espeak, "k'aN");
}

TEST_F(EditLexiconFileTest, ALinkIsFollowedAndPermissionsKept) {
  const std::string target = Write("real.lexicon", "Kor\t[[k'o@]]\n");
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  const fs::path link = dir_ / "link.lexicon";
  fs::create_symlink(target, link);
  ASSERT_TRUE(EditLexiconFile(link.string(), Add("Kang", "[[k'aN]]")).ok());
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(Read(target), "Kor\t[[k'o@]]\nKang\t[[k'aN]]\n");
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(EditLexiconFileTest, ADirectoryIsAnIoError) {
  auto out = EditLexiconFile(dir_.string(), Add("Kang", "[[k'aN]]"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kIo);
  EXPECT_EQ(out.status().message(), dir_.string() + ": is a directory, not a lexicon file");
}

}  // namespace
}  // namespace narrate::pronunciation
