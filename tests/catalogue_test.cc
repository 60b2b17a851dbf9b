// Catalogues (app/catalogue.h): CSV/TSV rows with and without a header,
// quoting, comments, path resolution, every error with its line, and the
// expansion of arguments (books, folders, catalogue files) into books.
#include "app/catalogue.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/probe.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;
using testing::WriteFile;
using namespace std::string_literals;

// An entry on one line, its fields that are set only, each as name=value:
// "book=a.txt title=A lexicons=x.dic;y.dic @shelf.csv:2".
std::string Summary(const CatalogueEntry& e) {
  std::string out;
  std::string lexicons;
  for (const std::string& l : e.lexicons) lexicons += (lexicons.empty() ? "" : ";") + l;
  const std::pair<const char*, const std::string*> fields[] = {
      {"book", &e.book},         {"title", &e.title},     {"author", &e.author},
      {"narrator", &e.narrator}, {"lexicons", &lexicons}, {"voices", &e.voices},
      {"output", &e.output}};
  for (const auto& [name, value] : fields) {
    if (!value->empty()) out += std::string(name) + "=" + *value + " ";
  }
  return out + "@" + e.origin;
}

std::vector<std::string> Summaries(const std::vector<CatalogueEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(Summary(e));
  return out;
}

// The summaries of the entries text parses to; none (and a failure) when it does not.
std::vector<std::string> Parse(const std::string& text, char separator = ',',
                               const std::string& base_dir = "") {
  auto entries = ParseCatalogue(text, separator, "shelf.csv", base_dir);
  EXPECT_TRUE(entries.ok()) << entries.status().message();
  return entries.ok() ? Summaries(*entries) : std::vector<std::string>{};
}

using Lines = std::vector<std::string>;

// The message ParseCatalogue gives for text, or "" when it parses.
std::string ErrorOf(const std::string& text, char separator = ',') {
  auto entries = ParseCatalogue(text, separator, "shelf.csv", "");
  if (entries.ok()) return "";
  EXPECT_EQ(entries.status().code(), StatusCode::kInvalidInput);
  return entries.status().message();
}

TEST(IsCatalogueFile, CsvAndTsvCaseAside) {
  EXPECT_TRUE(IsCatalogueFile("shelf.csv"));
  EXPECT_TRUE(IsCatalogueFile("a/Shelf.TSV"));
  EXPECT_FALSE(IsCatalogueFile("moby.txt"));
  EXPECT_FALSE(IsCatalogueFile("csv"));
  EXPECT_FALSE(IsCatalogueFile("shelf.csv.txt"));
}

TEST(IsBookFile, TheBookExtensionsCaseAside) {
  for (const char* name : {"a.txt", "a.md", "a.markdown", "a.htm", "a.html", "a.xhtml", "a.EPUB"})
    EXPECT_TRUE(IsBookFile(name)) << name;
  for (const char* name : {"a.csv", "a.pdf", "a", "a.txt.bak", ".txt"})
    EXPECT_FALSE(IsBookFile(name)) << name;
}

TEST(ParseCatalogue, HeaderlessRowsTakeTheColumnsInOrder) {
  EXPECT_EQ(Parse("moby.txt, Moby-Dick, Herman Melville, Ann, a.dic;b.pls, v.toml, out\n"
                  "emma.epub\n"),
            (Lines{"book=moby.txt title=Moby-Dick author=Herman Melville narrator=Ann "
                   "lexicons=a.dic;b.pls voices=v.toml output=out @shelf.csv:1",
                   "book=emma.epub @shelf.csv:2"}));
}

TEST(ParseCatalogue, TheHeaderOrdersTheColumnsCaseAndSpacesAside) {
  EXPECT_EQ(Parse(" Title , AUTHOR,book\nMoby-Dick,Melville,moby.txt\n,,emma.txt\n"),
            (Lines{"book=moby.txt title=Moby-Dick author=Melville @shelf.csv:2",
                   "book=emma.txt @shelf.csv:3"}));
}

TEST(ParseCatalogue, PathAndFileNameTheBookColumn) {
  EXPECT_EQ(Parse("narrator,path\nAnn,a.txt\n"), Lines{"book=a.txt narrator=Ann @shelf.csv:2"});
  EXPECT_EQ(Parse("File\nb.txt\n"), Lines{"book=b.txt @shelf.csv:2"});
}

TEST(ParseCatalogue, AnEmptyHeaderCellIsAColumnOfNone) {
  EXPECT_EQ(Parse("book,,title\na.txt,,A\n"), Lines{"book=a.txt title=A @shelf.csv:2"});
  EXPECT_EQ(ErrorOf("book,,title\na.txt,x,A\n"),
            "shelf.csv:2: cell 2 is under no column (the header's is empty)");
}

TEST(ParseCatalogue, OnlyTheFirstRowCanBeAHeader) {
  // The second row's cells are column names, but it is a book row.
  EXPECT_EQ(Parse("a.txt\nbook,title\n"),
            (Lines{"book=a.txt @shelf.csv:1", "book=book title=title @shelf.csv:2"}));
}

TEST(ParseCatalogue, QuotedCellsHoldSeparatorsLineBreaksAndDoubledQuotes) {
  EXPECT_EQ(Parse("book,title\n"
                  "\"a, b.txt\",\"The \"\"Best\"\"\nBook\"\n"
                  "  \"c.txt\"  ,  x\n"  // spaces around the quotes
                  "d\"e.txt\n"),         // a quote inside an unquoted cell is text
            (Lines{"book=a, b.txt title=The \"Best\"\nBook @shelf.csv:2",
                   "book=c.txt title=x @shelf.csv:4",  // the row after a cell of two lines
                   "book=d\"e.txt @shelf.csv:5"}));
}

TEST(ParseCatalogue, TsvSplitsAtTabsOnly) {
  EXPECT_EQ(Parse("book\ttitle\tauthor\nmoby, vol 1.txt\t Moby-Dick, or the Whale \t\n", '\t'),
            Lines{"book=moby, vol 1.txt title=Moby-Dick, or the Whale @shelf.csv:2"});
}

TEST(ParseCatalogue, ByteOrderMarkAndCrlfLineEnds) {
  // The header is found behind the BOM.
  EXPECT_EQ(Parse("\xEF\xBB\xBF"
                  "book,title\r\na.txt,\"A\"\r\nb.txt,B\r\n"),
            (Lines{"book=a.txt title=A @shelf.csv:2", "book=b.txt title=B @shelf.csv:3"}));
}

TEST(ParseCatalogue, CommentsBlankLinesAndEmptyRowsAreSkipped) {
  EXPECT_EQ(Parse("# my shelf\n\nbook,title\n   \n  # a comment\n,,\n"
                  "a.txt,\"# not a comment\"\n\"#b.txt\"\n"),
            (Lines{"book=a.txt title=# not a comment @shelf.csv:7", "book=#b.txt @shelf.csv:8"}));
}

TEST(ParseCatalogue, LexiconsSplitAtSemicolons) {
  EXPECT_EQ(Parse("book,lexicons\na.txt, names.dic ; ;places.pls;\n", ',', "shelf"),
            Lines{"book=shelf/a.txt lexicons=shelf/names.dic;shelf/places.pls @shelf.csv:2"});
}

TEST(ParseCatalogue, RelativePathsAreResolvedAgainstTheBaseFolder) {
  // The title is not a path: it is left as written.
  EXPECT_EQ(Parse("book,voices,output,lexicons,title\n"
                  "./a.txt,../cast/v.toml,out/,/abs/l.dic;x/./y.dic,./not/a/path\n"
                  "/books/b.txt,/v.toml,/out\n",
                  ',', "shelf"),
            (Lines{"book=shelf/a.txt title=./not/a/path lexicons=/abs/l.dic;shelf/x/y.dic "
                   "voices=cast/v.toml output=shelf/out/ @shelf.csv:2",
                   "book=/books/b.txt voices=/v.toml output=/out @shelf.csv:3"}));
}

TEST(ParseCatalogue, WithoutABaseFolderPathsAreMadeLexicallyNormal) {
  EXPECT_EQ(Parse("shelf/./a.txt\nb/../c.txt\n"),
            (Lines{"book=shelf/a.txt @shelf.csv:1", "book=c.txt @shelf.csv:2"}));
}

TEST(ParseCatalogue, EveryErrorNamesTheFileAndLine) {
  struct Case {
    std::string text;
    const char* error;
  };
  const Case cases[] = {
      {"a.txt\n\"b.txt,x\nc.txt\n", "shelf.csv:2: unclosed quote"},
      {"a.txt\n\"b\n\"\"c\nd\n", "shelf.csv:2: unclosed quote"},  // past a doubled quote
      {"a.txt\nb.txt,\"x\ny\nz\" q\n", "shelf.csv:4: text after a closing quote"},
      {"\"a.txt\"b\n", "shelf.csv:1: text after a closing quote"},
      {"a.txt\na,b,c,d,e,f,g,h\n", "shelf.csv:2: cell 8 is beyond the 7 columns"},
      {"book,title\na.txt,A,extra\n", "shelf.csv:2: cell 3 is beyond the 2 columns"},
      {"# c\nbook,title,path\n", "shelf.csv:2: header names the \"book\" column twice"},
      {"title,TITLE,book\n", "shelf.csv:1: header names the \"title\" column twice"},
      {"title,author\nx,y\n", "shelf.csv:1: header has no \"book\" column"},
      {"book,title\na.txt\n,Only a title\n", "shelf.csv:3: row without a book"},
      {"a.txt\n\"\",x\n", "shelf.csv:2: row without a book"},
      {"a.txt\nb\xff.txt\n", "shelf.csv:2: not UTF-8 (byte 0xff)"},
      {"a.txt\n\n\xED\xA0\x80\n", "shelf.csv:3: not UTF-8 (byte 0xed)"},  // a surrogate
      {"a.txt\nb.txt\nc\0.txt\n"s, "shelf.csv:3: NUL byte"},
      {"", "shelf.csv: no books"},
      {"# only a comment\n\n", "shelf.csv: no books"},
      {"book,title\n", "shelf.csv: no books"},
  };
  for (const Case& c : cases) EXPECT_EQ(ErrorOf(c.text), c.error) << c.text;
}

TEST(ParseCatalogue, AQuotedCellSpanningLinesIsErredAtItsRowsStart) {
  // The row starts on line 2; its quoted title runs to line 4.
  EXPECT_EQ(ErrorOf("book,title\n,\"a\nb\nc\"\n"), "shelf.csv:2: row without a book");
  EXPECT_EQ(ErrorOf("a.txt\nb.txt,\"a\nb\",c,d,e,f,g,h\n"),
            "shelf.csv:2: cell 8 is beyond the 7 columns");
}

TEST(ParseCatalogue, ErrorsKeepTheFileAndLineApart) {
  auto entries = ParseCatalogue("a.txt\n\"b", ',', "shelf.csv", "");
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.status().file(), "shelf.csv");
  EXPECT_EQ(entries.status().line(), 2);
  EXPECT_EQ(entries.status().detail(), "unclosed quote");
}

class ExpandBooksTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Make(const std::string& name, const std::string& text = "x") {
    const std::string path = dir_ + "/" + name;
    fs::create_directories(fs::path(path).parent_path());
    WriteFile(path, text);
    return path;
  }
  std::string dir_;
};

TEST_F(ExpandBooksTest, AFolderGivesItsBookFilesSorted) {
  Make("shelf/b.md");
  Make("shelf/a.txt");
  Make("shelf/C.EPUB");
  Make("shelf/.hidden.txt");
  Make("shelf/notes.pdf");
  Make("shelf/list.csv", "z.txt\n");  // a catalogue in a folder is not a book
  Make("shelf/sub/d.txt");
  fs::create_directories(dir_ + "/shelf/e.txt");  // a folder with a book's name
  auto books = ExpandBooks({dir_ + "/shelf/"});
  ASSERT_TRUE(books.ok()) << books.status().message();
  const std::string shelf = dir_ + "/shelf/";
  EXPECT_EQ(Summaries(*books),
            (Lines{"book=" + shelf + "C.EPUB @" + shelf, "book=" + shelf + "a.txt @" + shelf,
                   "book=" + shelf + "b.md @" + shelf}));
}

TEST_F(ExpandBooksTest, AFoldersBooksAreUnderTheArgumentAsWritten) {
  Make("shelf/a.txt");
  const fs::path before = fs::current_path();
  fs::current_path(dir_);
  auto books = ExpandBooks({"./shelf"});
  fs::current_path(before);
  ASSERT_TRUE(books.ok()) << books.status().message();
  EXPECT_EQ(Summaries(*books), Lines{"book=shelf/a.txt @./shelf"});
}

TEST_F(ExpandBooksTest, ArgumentsExpandInOrder) {
  const std::string odd = Make("moby.book");  // a plain file of any extension is a book
  Make("shelf/a.txt");
  const std::string catalogue = Make("lists/shelf.tsv", "book\ttitle\n../moby.book\tMoby\n");
  auto books = ExpandBooks({odd, catalogue, dir_ + "/shelf"});
  ASSERT_TRUE(books.ok()) << books.status().message();
  EXPECT_EQ(Summaries(*books), (Lines{"book=" + odd + " @" + odd,
                                      // resolved against lists/
                                      "book=" + dir_ + "/moby.book title=Moby @" + catalogue + ":2",
                                      "book=" + dir_ + "/shelf/a.txt @" + dir_ + "/shelf"}));
}

TEST_F(ExpandBooksTest, ACatalogueFilesErrorNamesItAndTheLine) {
  const std::string catalogue = Make("shelf.csv", "a.txt\n\"b.txt\n");
  auto books = ExpandBooks({catalogue});
  ASSERT_FALSE(books.ok());
  EXPECT_EQ(books.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(books.status().message(), catalogue + ":2: unclosed quote");
}

TEST_F(ExpandBooksTest, AMissingArgumentIsNotFoundNamingIt) {
  Make("a.txt");
  for (const std::string& missing : {dir_ + "/none.txt", dir_ + "/none.csv", dir_ + "/no/"}) {
    auto books = ExpandBooks({dir_ + "/a.txt", missing});
    ASSERT_FALSE(books.ok()) << missing;
    EXPECT_EQ(books.status().code(), StatusCode::kNotFound);
    EXPECT_EQ(books.status().message(), missing + ": no such file or folder");
  }
}

TEST_F(ExpandBooksTest, AFolderWithoutBooksIsAnError) {
  Make("empty/.hidden.txt");
  Make("empty/notes.pdf");
  Make("empty/sub/a.txt");
  auto books = ExpandBooks({dir_ + "/empty"});
  ASSERT_FALSE(books.ok());
  EXPECT_EQ(books.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(books.status().message(), dir_ + "/empty: no books (.txt, .md, .html, .epub)");
}

TEST_F(ExpandBooksTest, ReadCatalogueUsesTheExtensionAndTheFolder) {
  const std::string csv = Make("in/a.csv", "x.txt,\"T, with comma\"\n");
  auto read = ReadCatalogue(csv);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(Summaries(*read),
            Lines{"book=" + dir_ + "/in/x.txt title=T, with comma @" + csv + ":1"});
  auto missing = ReadCatalogue(dir_ + "/in/none.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find(dir_ + "/in/none.csv"), std::string::npos);
}

}  // namespace
}  // namespace narrate::app
