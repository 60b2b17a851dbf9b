// Unit tests for source/: book text → chapters → paragraphs.
//
// Most tests go through ParseBook on in-memory strings; ReadBook is used for
// the errors that need the file system (missing file, directory) and for an
// end-to-end read of a temporary file.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "source/book.h"

namespace narrate::source {
namespace {

namespace fs = std::filesystem;
using std::string_literals::operator""s;

// Parses content that must be accepted; a failure shows the error message.
Book Parse(std::string_view content, const std::string& path = "book.txt",
           const ReadOptions& options = {}) {
  Result<Book> book = ParseBook(content, path, options);
  EXPECT_TRUE(book.ok()) << book.status().message();
  if (!book.ok()) return Book{};
  return *book;
}

// The error message of content that must be rejected.
std::string ParseError(std::string_view content, const std::string& path = "book.txt") {
  Result<Book> book = ParseBook(content, path);
  EXPECT_FALSE(book.ok()) << "accepted: " << std::string(content);
  return book.ok() ? "" : book.status().message();
}

std::vector<std::string> Titles(const Book& book) {
  std::vector<std::string> out;
  for (const Chapter& c : book.chapters) out.push_back(c.title);
  return out;
}

std::vector<std::string> SpokenTitles(const Book& book) {
  std::vector<std::string> out;
  for (const Chapter& c : book.chapters) out.push_back(c.spoken_title);
  return out;
}

std::vector<std::string> Texts(const Chapter& chapter) {
  std::vector<std::string> out;
  for (const Paragraph& p : chapter.paragraphs) out.push_back(p.text);
  return out;
}

std::vector<int> Lines(const Chapter& chapter) {
  std::vector<int> out;
  for (const Paragraph& p : chapter.paragraphs) out.push_back(p.line);
  return out;
}

std::vector<bool> Breaks(const Chapter& chapter) {
  std::vector<bool> out;
  for (const Paragraph& p : chapter.paragraphs) out.push_back(p.after_scene_break);
  return out;
}

// The single chapter's only paragraph text of a heading-less plain-text book.
std::string OneParagraph(std::string_view content, const std::string& path = "book.txt") {
  Book book = Parse(content, path);
  if (book.chapters.size() != 1 || book.chapters[0].paragraphs.size() != 1) {
    ADD_FAILURE() << "expected one chapter with one paragraph for: " << std::string(content)
                  << " (got " << book.chapters.size() << " chapters)";
    return "";
  }
  return book.chapters[0].paragraphs[0].text;
}

using Strings = std::vector<std::string>;

// ---------------------------------------------------------------------------
// Markdown headings

TEST(SourceHeadings, AtxHeadingsMakeChapters) {
  Book book = Parse("# The Harbour\n\nIt was cold.\n\n# The Hill\n\nIt was warm.\nVery warm.\n",
                    "book.md");
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(Titles(book), (Strings{"The Harbour", "The Hill"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"The Harbour.", "The Hill."}));
  EXPECT_EQ(book.chapters[0].line, 1);
  EXPECT_EQ(book.chapters[1].line, 5);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"It was cold."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{3}));
  EXPECT_EQ(Texts(book.chapters[1]), (Strings{"It was warm. Very warm."}));
  EXPECT_EQ(Lines(book.chapters[1]), (std::vector<int>{7}));
  // Two top-level headings: neither is the book title.
  EXPECT_EQ(book.title, "Book");
}

TEST(SourceHeadings, SecondLevelAtxHeadingsMakeChapters) {
  Book book = Parse("## One\n\nA.\n\n## Two\n\nB.\n", "book.md");
  EXPECT_EQ(Titles(book), (Strings{"One", "Two"}));
}

TEST(SourceHeadings, AtxHeadingWithClosingHashesAndMarkup) {
  Book book = Parse("## The **Bright** Harbour ##\n\nText.\n\n## [Second](x.html)\n\nMore.\n",
                    "book.md");
  EXPECT_EQ(Titles(book), (Strings{"The Bright Harbour", "Second"}));
}

TEST(SourceHeadings, AtxHeadingEndingInHashWordKeepsIt) {
  // A closing sequence needs a space before it: "C#" is part of the title.
  Book book = Parse("## Learning C#\n\nText.\n\n## Other\n\nMore.\n", "book.md");
  EXPECT_EQ(Titles(book), (Strings{"Learning C#", "Other"}));
}

TEST(SourceHeadings, HashWithoutSpaceIsNotAHeading) {
  EXPECT_EQ(OneParagraph("#hashtag is not a heading\n", "book.md"), "#hashtag is not a heading");
}

TEST(SourceHeadings, AtxHeadingTextOnFollowingLinesIsAParagraph) {
  Book book = Parse("# One\nFirst line under the heading.\n\nSecond.\n\n# Two\n\nThree.\n",
                    "book.md");
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"First line under the heading.", "Second."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{2, 4}));
}

TEST(SourceHeadings, LoneTopHeadingIsTheBookTitle) {
  Book book = Parse(
      "# The Lantern\n\n## The Harbour\n\nWaves.\n\n## The Hill\n\nWind.\n", "lantern.md");
  EXPECT_EQ(book.title, "The Lantern");
  EXPECT_EQ(Titles(book), (Strings{"The Harbour", "The Hill"}));
  EXPECT_EQ(book.chapters[0].line, 3);
  EXPECT_EQ(book.chapters[1].line, 7);
}

TEST(SourceHeadings, TextBeforeTheFirstChapterIsAPreambleNamedAfterTheBook) {
  Book book = Parse(
      "# The Lantern\n\nA word first.\n\n## The Harbour\n\nWaves.\n", "lantern.md",
      ReadOptions{"", "Ann Vask"});
  EXPECT_EQ(book.title, "The Lantern");
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(book.chapters[0].title, "The Lantern");
  EXPECT_EQ(book.chapters[0].spoken_title, "The Lantern. By Ann Vask.");
  EXPECT_EQ(book.chapters[0].line, 3);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"A word first."}));
  EXPECT_EQ(book.chapters[1].title, "The Harbour");
}

TEST(SourceHeadings, TextUnderTheTitleHeadingIsKept) {
  // Lines right under the title heading (same block) are text, not lost.
  Book book = Parse("# The Lantern\nA tale of the sea.\n\n## The Harbour\n\nWaves.\n",
                    "lantern.md");
  EXPECT_EQ(book.title, "The Lantern");
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(book.chapters[0].title, "The Lantern");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"A tale of the sea."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{2}));
}

TEST(SourceHeadings, LoneTopHeadingWithoutDeeperHeadingsIsAChapter) {
  Book book = Parse("# Only Chapter\n\nText.\n", "book.md");
  EXPECT_EQ(book.title, "Book");
  EXPECT_EQ(Titles(book), (Strings{"Only Chapter"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"Only Chapter."}));
}

TEST(SourceHeadings, TopHeadingThatDoesNotOpenTheBookIsAChapter) {
  Book book = Parse("Opening words.\n\n# Part\n\n## Sub\n\nText.\n", "book.md");
  EXPECT_EQ(book.title, "Book");
  // Preamble, then "Part" at the chapter level; "Sub" is a section inside it.
  EXPECT_EQ(Titles(book), (Strings{"Book", "Part"}));
  EXPECT_EQ(book.chapters[0].spoken_title, "");
  EXPECT_EQ(Texts(book.chapters[1]), (Strings{"Sub.", "Text."}));
}

TEST(SourceHeadings, DeeperHeadingsInsideAChapterAreSpokenParagraphs) {
  Book book = Parse(
      "# Part A\n\n## Section One\n\nText one.\n\n# Part B\n\n### Section Two\n\nText two.\n",
      "book.md");
  EXPECT_EQ(Titles(book), (Strings{"Part A", "Part B"}));
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Section One.", "Text one."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{3, 5}));
  EXPECT_EQ(Texts(book.chapters[1]), (Strings{"Section Two.", "Text two."}));
}

TEST(SourceHeadings, NumberedAtxHeadingIsTidied) {
  Book book = Parse("## Chapter 12. The Spouter-Inn\n\nText.\n\n## CHAPTER XIII\n\nMore.\n",
                    "book.md");
  EXPECT_EQ(Titles(book), (Strings{"Chapter 12: The Spouter-Inn", "Chapter XIII"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"Chapter 12. The Spouter-Inn.", "Chapter 13."}));
}

TEST(SourceHeadings, SampleBookStructure) {
  Book book = Parse(
      "---\ntitle: The Lamplighter of Vask\nauthor: The narrate project\n---\n\n"
      "# The Lamplighter of Vask\n\n"
      "## Chapter 1. The Harbour Lamps\n\nEvery evening.\n\n"
      "## Chapter 2. The Letter from Quillmouth\n\nOn the 3rd of March.\n",
      "vask.md");
  EXPECT_EQ(book.title, "The Lamplighter of Vask");
  EXPECT_EQ(book.author, "The narrate project");
  EXPECT_EQ(Titles(book), (Strings{"Chapter 1: The Harbour Lamps",
                                   "Chapter 2: The Letter from Quillmouth"}));
  EXPECT_EQ(book.chapters[0].line, 8);
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{10}));
  EXPECT_EQ(book.chapters[1].line, 12);
}

// ---------------------------------------------------------------------------
// Setext headings

TEST(SourceHeadings, SetextHeadingsInMarkdown) {
  Book book = Parse(
      "The Lantern\n===========\n\nThe Harbour\n-----------\n\nWaves.\n\n"
      "The Hill\n--------\n\nWind.\n",
      "book.md");
  EXPECT_EQ(book.title, "The Lantern");
  EXPECT_EQ(Titles(book), (Strings{"The Harbour", "The Hill"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"The Harbour.", "The Hill."}));
  EXPECT_EQ(book.chapters[0].line, 4);
  EXPECT_EQ(book.chapters[1].line, 9);
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{7}));
}

TEST(SourceHeadings, SetextHeadingRecognisedForMarkdownExtension) {
  for (const char* path : {"b.md", "b.MD", "b.markdown", "dir.x/b.Markdown"}) {
    Book book = Parse("One\n===\n\nA.\n\nTwo\n===\n\nB.\n", path);
    EXPECT_EQ(Titles(book), (Strings{"One", "Two"})) << path;
  }
}

TEST(SourceHeadings, SetextHeadingTextInSameBlockHasItsOwnLine) {
  Book book = Parse("One\n===\nRight under.\n\nTwo\n===\n\nB.\n", "book.md");
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Right under."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{3}));
}

TEST(SourceHeadings, SetextNumberedHeadingIsTidiedLikeAtx) {
  Book book = Parse("CHAPTER XII\n-----------\n\nText.\n\nChapter 13. The End\n---\n\nMore.\n",
                    "book.md");
  EXPECT_EQ(Titles(book), (Strings{"Chapter XII", "Chapter 13: The End"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"Chapter 12.", "Chapter 13. The End."}));
}

TEST(SourceHeadings, NoSetextHeadingsInPlainText) {
  Book book = Parse("The Harbour\n===========\n\nWaves.\n", "harbour.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "Harbour");
  EXPECT_EQ(book.chapters[0].spoken_title, "");
  ASSERT_EQ(book.chapters[0].paragraphs.size(), 2u);
  EXPECT_EQ(book.chapters[0].paragraphs[0].text.rfind("The Harbour", 0), 0u);
  EXPECT_EQ(book.chapters[0].paragraphs[1].text, "Waves.");
}

// ---------------------------------------------------------------------------
// Plain-text chapter lines

struct LineHeadingCase {
  const char* line;
  const char* title;
  const char* spoken;
};

void PrintTo(const LineHeadingCase& c, std::ostream* os) { *os << '"' << c.line << '"'; }

class SourcePlainHeading : public ::testing::TestWithParam<LineHeadingCase> {};

TEST_P(SourcePlainHeading, BecomesAChapter) {
  const LineHeadingCase& c = GetParam();
  Book book = Parse(std::string(c.line) + "\n\nSome text here.\n", "book.txt");
  ASSERT_EQ(book.chapters.size(), 1u) << c.line;
  EXPECT_EQ(book.chapters[0].title, c.title);
  EXPECT_EQ(book.chapters[0].spoken_title, c.spoken);
  EXPECT_EQ(book.chapters[0].line, 1);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Some text here."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{3}));
}

INSTANTIATE_TEST_SUITE_P(
    Lines, SourcePlainHeading,
    ::testing::Values(
        LineHeadingCase{"Chapter 12", "Chapter 12", "Chapter 12."},
        LineHeadingCase{"Chapter 12.", "Chapter 12", "Chapter 12."},
        LineHeadingCase{"Chapter 12. The Spouter-Inn", "Chapter 12: The Spouter-Inn",
                        "Chapter 12. The Spouter-Inn."},
        LineHeadingCase{"Chapter 12: The Spouter-Inn.", "Chapter 12: The Spouter-Inn",
                        "Chapter 12. The Spouter-Inn."},
        LineHeadingCase{"Chapter 12 — The Spouter-Inn", "Chapter 12: The Spouter-Inn",
                        "Chapter 12. The Spouter-Inn."},
        LineHeadingCase{"Chapter 12 - The Spouter-Inn", "Chapter 12: The Spouter-Inn",
                        "Chapter 12. The Spouter-Inn."},
        LineHeadingCase{"CHAPTER XII", "Chapter XII", "Chapter 12."},
        LineHeadingCase{"Chapter xiv", "Chapter xiv", "Chapter 14."},
        LineHeadingCase{"CHAPTER MCMXCIV", "Chapter MCMXCIV", "Chapter 1994."},
        LineHeadingCase{"Chapter IV. The Pulpit", "Chapter IV: The Pulpit",
                        "Chapter 4. The Pulpit."},
        LineHeadingCase{"CHAPTER 1", "Chapter 1", "Chapter 1."},
        LineHeadingCase{"Chapter One", "Chapter One", "Chapter One."},
        LineHeadingCase{"Chapter Twenty-One", "Chapter Twenty-One", "Chapter Twenty-One."},
        LineHeadingCase{"Chapter forty two", "Chapter forty two", "Chapter forty two."},
        LineHeadingCase{"Part Two", "Part Two", "Part Two."},
        LineHeadingCase{"PART III", "Part III", "Part 3."},
        LineHeadingCase{"Book 3: Return", "Book 3: Return", "Book 3. Return."},
        LineHeadingCase{"Volume 2", "Volume 2", "Volume 2."},
        LineHeadingCase{"  Chapter 7  ", "Chapter 7", "Chapter 7."},
        LineHeadingCase{"Prologue", "Prologue", "Prologue."},
        LineHeadingCase{"PROLOGUE", "Prologue", "Prologue."},
        LineHeadingCase{"Epilogue: After", "Epilogue: After", "Epilogue. After."},
        LineHeadingCase{"Epilogue — After the Storm", "Epilogue: After the Storm",
                        "Epilogue. After the Storm."},
        LineHeadingCase{"Preface", "Preface", "Preface."},
        LineHeadingCase{"Foreword", "Foreword", "Foreword."},
        LineHeadingCase{"Introduction", "Introduction", "Introduction."},
        LineHeadingCase{"Afterword.", "Afterword", "Afterword."},
        LineHeadingCase{"Interlude", "Interlude", "Interlude."}));

TEST(SourceHeadings, SubtitleKeepsNonAsciiCharactersWhole) {
  // Trimming punctuation around a subtitle must not cut UTF-8 sequences:
  // "“" is E2 80 9C and "À" is C3 80, whose bytes overlap those of "—".
  Book book = Parse(
      "Chapter 3: “Call Me Ishmael”\n\nA.\n\nChapter 4: VOILÀ\n\nB.\n\n"
      "Chapter 5 — Ôde to Ó\n\nC.\n",
      "book.txt");
  EXPECT_EQ(Titles(book), (Strings{"Chapter 3: “Call Me Ishmael”", "Chapter 4: VOILÀ",
                                   "Chapter 5: Ôde to Ó"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"Chapter 3. “Call Me Ishmael”.", "Chapter 4. VOILÀ.",
                                         "Chapter 5. Ôde to Ó."}));
}

TEST(SourceHeadings, MarkdownHeadingKeepsNonAsciiCharactersWhole) {
  Book book = Parse("## Déjà Vu À\n\nA.\n\n## “Quoted”\n\nB.\n", "book.md");
  EXPECT_EQ(Titles(book), (Strings{"Déjà Vu À", "“Quoted”"}));
}

TEST(SourceHeadings, AllCapsHeadingWithTitleLineBelow) {
  Book book = Parse("CHAPTER 1\nLoomings.\n\nCall me Ishmael.\n", "moby.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "Chapter 1: Loomings");
  EXPECT_EQ(book.chapters[0].spoken_title, "Chapter 1. Loomings.");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Call me Ishmael."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{4}));
}

TEST(SourceHeadings, RomanHeadingWithTitleLineBelow) {
  Book book = Parse("CHAPTER XLII\nThe Whiteness of the Whale\n\nText.\n", "moby.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "Chapter XLII: The Whiteness of the Whale");
  EXPECT_EQ(book.chapters[0].spoken_title, "Chapter 42. The Whiteness of the Whale.");
}

TEST(SourceHeadings, SentenceBelowHeadingIsTextNotTitle) {
  Book book = Parse("Chapter 1\nHe woke up early that morning.\n", "book.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "Chapter 1");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"He woke up early that morning."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{2}));
}

TEST(SourceHeadings, HeadingWithSubtitleDoesNotTakeTitleLine) {
  Book book = Parse("Chapter 1: Loomings\nThe Sea\n", "book.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "Chapter 1: Loomings");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"The Sea"}));
}

TEST(SourceHeadings, HeadingFollowedByTwoLinesKeepsBothAsText) {
  Book book = Parse("CHAPTER 1\nLoomings.\nCall me Ishmael.\n", "book.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "Chapter 1");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Loomings. Call me Ishmael."}));
}

TEST(SourceHeadings, ProseThatStartsLikeAHeadingIsNotAChapter) {
  for (const char* line : {"Part two of the plan was simple.", "Chapter and verse were quoted.",
                           "Book 3 is lost.", "Chapter 12 was the longest one of all",
                           "Prologues are rarely read.", "Part of me wanted to stay.",
                           "Volume up, she said.", "Introduction to Algorithms is heavy.",
                           "Chapter did not matter."}) {
    Book book = Parse(std::string(line) + "\n", "story.txt");
    ASSERT_EQ(book.chapters.size(), 1u) << line;
    EXPECT_EQ(book.chapters[0].title, "Story") << line;
    EXPECT_EQ(book.chapters[0].spoken_title, "") << line;
    EXPECT_EQ(Texts(book.chapters[0]), (Strings{line}));
  }
}

TEST(SourceHeadings, HeadingLineOnlyCountsAtTheStartOfABlock) {
  Book book = Parse("She turned the page to\nChapter 2\nand kept reading.\n", "story.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "Story");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"She turned the page to Chapter 2 and kept reading."}));
}

TEST(SourceHeadings, VeryLongLineIsNotAHeading) {
  std::string line = "Chapter 1: " + std::string(120, 'A');
  Book book = Parse(line + "\n", "story.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "Story");
}

TEST(SourceHeadings, EmptyHeadingJoinsTheNextChapter) {
  Book book = Parse("Part Two\n\nChapter 5\n\nText.\n\nChapter 6\n\nMore.\n", "book.txt");
  EXPECT_EQ(Titles(book), (Strings{"Part Two — Chapter 5", "Chapter 6"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"Part Two. Chapter 5.", "Chapter 6."}));
  EXPECT_EQ(book.chapters[0].line, 1);
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{5}));
  EXPECT_EQ(book.chapters[1].line, 7);
}

TEST(SourceHeadings, SeveralEmptyHeadingsJoin) {
  Book book = Parse("Book 1\n\nPart One\n\nChapter 1\n\nText.\n", "book.txt");
  EXPECT_EQ(Titles(book), (Strings{"Book 1 — Part One — Chapter 1"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"Book 1. Part One. Chapter 1."}));
}

TEST(SourceHeadings, EmptyHeadingsInMarkdownJoinToo) {
  Book book = Parse("## Part One\n\n## Chapter 1\n\nText.\n", "book.md");
  EXPECT_EQ(Titles(book), (Strings{"Part One — Chapter 1"}));
}

TEST(SourceHeadings, EmptyTrailingHeadingsAreDropped) {
  Book book = Parse("Chapter 1\n\nText.\n\nChapter 2\n\nEpilogue\n", "book.txt");
  EXPECT_EQ(Titles(book), (Strings{"Chapter 1"}));
}

TEST(SourceHeadings, HeadingsWithoutAnyTextMeanNoBook) {
  EXPECT_EQ(ParseError("Chapter 1\n\nChapter 2\n"), "book.txt: the book has no text to read");
}

TEST(SourceHeadings, SceneBreakDoesNotCarryIntoNextChapter) {
  Book book = Parse("Chapter 1\n\nA.\n\n* * *\n\nChapter 2\n\nB.\n", "book.txt");
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(Breaks(book.chapters[1]), (std::vector<bool>{false}));
}

// ---------------------------------------------------------------------------
// Books without headings, titles

TEST(SourceTitle, NoHeadingsIsOneChapterNamedAfterTheFile) {
  Book book = Parse("Once upon a time.\n\nThe end.\n", "/tmp/books/the_lantern-keeper.txt");
  EXPECT_EQ(book.path, "/tmp/books/the_lantern-keeper.txt");
  EXPECT_EQ(book.title, "The Lantern Keeper");
  EXPECT_EQ(book.author, "");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "The Lantern Keeper");
  EXPECT_EQ(book.chapters[0].spoken_title, "");
  EXPECT_EQ(book.chapters[0].line, 1);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Once upon a time.", "The end."}));
}

TEST(SourceTitle, MixedCaseFileNameIsKept) {
  EXPECT_EQ(Parse("Text.\n", "McGuffin_and-SONS.txt").title, "McGuffin and SONS");
  EXPECT_EQ(Parse("Text.\n", "moby dick.md").title, "Moby Dick");
}

TEST(SourceTitle, ChapterLineIsFirstParagraphLine) {
  Book book = Parse("\n\n\nFirst words.\n", "book.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].line, 4);
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{4}));
}

TEST(SourceTitle, TitleOptionIsUsedAndSpoken) {
  Book book = Parse("Once upon a time.\n", "the_lantern-keeper.txt", ReadOptions{"The Lamp", ""});
  EXPECT_EQ(book.title, "The Lamp");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "The Lamp");
  EXPECT_EQ(book.chapters[0].spoken_title, "The Lamp.");
}

TEST(SourceTitle, TitleAndAuthorOptionsAreSpoken) {
  Book book = Parse("Once upon a time.\n", "x.txt", ReadOptions{"The Lamp", "Ann Vask"});
  EXPECT_EQ(book.author, "Ann Vask");
  EXPECT_EQ(book.chapters[0].spoken_title, "The Lamp. By Ann Vask.");
}

TEST(SourceTitle, AuthorAloneDoesNotMakeTheFileNameSpoken) {
  Book book = Parse("Once upon a time.\n", "x_y.txt", ReadOptions{"", "Ann Vask"});
  EXPECT_EQ(book.title, "X Y");
  EXPECT_EQ(book.author, "Ann Vask");
  EXPECT_EQ(book.chapters[0].spoken_title, "");
}

TEST(SourceTitle, TitleOptionOverridesTitleHeading) {
  Book book = Parse("# The Lantern\n\n## One\n\nA.\n", "b.md", ReadOptions{"Other", ""});
  EXPECT_EQ(book.title, "Other");
  EXPECT_EQ(Titles(book), (Strings{"One"}));
}

// ---------------------------------------------------------------------------
// Front matter

TEST(SourceFrontMatter, YamlBlock) {
  Book book = Parse(
      "---\ntitle: \"The Lantern\"\nauthor: 'Ann Vask'\nlanguage: en\n---\n\nFirst para.\n",
      "x.md");
  EXPECT_EQ(book.title, "The Lantern");
  EXPECT_EQ(book.author, "Ann Vask");
  EXPECT_EQ(book.language, "en");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].title, "The Lantern");
  EXPECT_EQ(book.chapters[0].spoken_title, "The Lantern. By Ann Vask.");
  EXPECT_EQ(book.chapters[0].line, 7);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"First para."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{7}));
}

TEST(SourceFrontMatter, YamlBlockUnquotedAndEndingWithDots) {
  Book book = Parse("---\nTitle: The Lantern: A Tale\nAUTHOR:Ann Vask\n...\n\nText.\n", "x.txt");
  EXPECT_EQ(book.title, "The Lantern: A Tale");
  EXPECT_EQ(book.author, "Ann Vask");
}

// The language a build picks its voice by: a tag as written, a language's name as its tag.
TEST(SourceFrontMatter, LanguageIsATagOrAKnownName) {
  EXPECT_EQ(Parse("---\ntitle: T\nlanguage: en-GB\n---\n\nText.\n", "x.md").language, "en-GB");
  EXPECT_EQ(Parse("Title: T\nLanguage: French\n\nTexte.\n", "x.txt").language, "fr");
  EXPECT_EQ(Parse("---\ntitle: T\n---\n\nText.\n", "x.md").language, "");
}

TEST(SourceFrontMatter, YamlBlockIgnoresOtherKeys) {
  Book book = Parse("---\ntitle: T\ndate: 2024-01-01\ntags: [a, b]\n---\n\nText.\n", "x.md");
  EXPECT_EQ(book.title, "T");
  EXPECT_EQ(book.author, "");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Text."}));
}

TEST(SourceFrontMatter, YamlBlockFollowedDirectlyByText) {
  Book book = Parse("---\ntitle: The Lantern\n---\nFirst para.\n", "x.md");
  EXPECT_EQ(book.title, "The Lantern");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"First para."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{4}));
}

TEST(SourceFrontMatter, YamlBlockFollowedDirectlyByHeading) {
  Book book = Parse("---\ntitle: The Lantern\n---\n# One\n\nA.\n", "x.md");
  EXPECT_EQ(book.title, "The Lantern");
  EXPECT_EQ(Titles(book), (Strings{"One"}));
  EXPECT_EQ(book.chapters[0].line, 4);
}

TEST(SourceFrontMatter, KeyLines) {
  Book book = Parse("Title: The Lantern\nAuthor: Ann Vask\n\nChapter 1\n\nText.\n", "x.txt");
  EXPECT_EQ(book.title, "The Lantern");
  EXPECT_EQ(book.author, "Ann Vask");
  EXPECT_EQ(Titles(book), (Strings{"Chapter 1"}));
  EXPECT_EQ(book.chapters[0].line, 4);
}

TEST(SourceFrontMatter, AuthorLineAlone) {
  Book book = Parse("Author: Ann Vask\n\nText.\n", "lamp.txt");
  EXPECT_EQ(book.title, "Lamp");
  EXPECT_EQ(book.author, "Ann Vask");
  EXPECT_EQ(book.chapters[0].spoken_title, "");
}

TEST(SourceFrontMatter, KeyLinesMixedWithProseAreText) {
  Book book = Parse("Title: The Lantern\nwas the name of the inn.\n", "lamp.txt");
  EXPECT_EQ(book.title, "Lamp");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Title: The Lantern was the name of the inn."}));
}

TEST(SourceFrontMatter, KeyLinesLaterInTheBookAreText) {
  Book book = Parse("Text.\n\nTitle: Not Front Matter\n", "lamp.txt");
  EXPECT_EQ(book.title, "Lamp");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Text.", "Title: Not Front Matter"}));
}

TEST(SourceFrontMatter, OptionsOverrideFrontMatter) {
  Book book = Parse("---\ntitle: The Lantern\nauthor: Ann Vask\n---\n\nText.\n", "x.md",
                    ReadOptions{"The Lamp", "Bo Lind"});
  EXPECT_EQ(book.title, "The Lamp");
  EXPECT_EQ(book.author, "Bo Lind");
  EXPECT_EQ(book.chapters[0].spoken_title, "The Lamp. By Bo Lind.");
}

TEST(SourceFrontMatter, FrontMatterOverridesTitleHeading) {
  Book book = Parse("---\ntitle: From Front Matter\n---\n\n# Heading Title\n\n## One\n\nA.\n",
                    "x.md");
  EXPECT_EQ(book.title, "From Front Matter");
  EXPECT_EQ(Titles(book), (Strings{"One"}));
}

TEST(SourceFrontMatter, FrontMatterOnlyIsNoBook) {
  EXPECT_EQ(ParseError("---\ntitle: T\n---\n", "x.md"), "x.md: the book has no text to read");
}

// ---------------------------------------------------------------------------
// Paragraphs, line numbers, scene breaks, code

TEST(SourceParagraphs, SplitOnBlankLinesAndJoinWrappedLines) {
  Book book = Parse("One line\nwrapped here\n  and indented.\n\n\n \t \nSecond.\n\nThird\n", "b.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]),
            (Strings{"One line wrapped here and indented.", "Second.", "Third"}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 7, 9}));
}

TEST(SourceParagraphs, NoTrailingNewline) {
  Book book = Parse("A.\n\nB.", "b.txt");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"A.", "B."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 3}));
}

TEST(SourceParagraphs, CrLfLineEnds) {
  Book book = Parse("Title: T\r\n\r\nPara one\r\nstill one.\r\n\r\n\r\nPara two.\r\n", "b.txt");
  EXPECT_EQ(book.title, "T");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Para one still one.", "Para two."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{3, 7}));
}

TEST(SourceParagraphs, OldMacLineEnds) {
  Book book = Parse("Para one\rstill.\r\rPara two.\r", "b.txt");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Para one still.", "Para two."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 4}));
}

TEST(SourceParagraphs, LineNumbersAfterYamlFrontMatter) {
  Book book = Parse("---\ntitle: T\nauthor: A\n---\n\n\nChapter 1\n\nFirst.\nwrapped\n\nSecond.\n",
                    "b.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].line, 7);
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{9, 12}));
}

TEST(SourceParagraphs, LineNumbersAfterBomAndCrLf) {
  Book book = Parse("\xEF\xBB\xBF# One\r\n\r\nA.\r\n\r\n# Two\r\n\r\nB.\r\n", "b.md");
  EXPECT_EQ(Titles(book), (Strings{"One", "Two"}));
  EXPECT_EQ(book.chapters[1].line, 5);
  EXPECT_EQ(Lines(book.chapters[1]), (std::vector<int>{7}));
}

TEST(SourceParagraphs, SceneBreaksMarkTheNextParagraph) {
  Book book = Parse(
      "One.\n\n* * *\n\nTwo.\n\n***\n\nThree.\n\n#\n\nFour.\n\n~~~\n\nFive.\n\n§\n\nSix.\n\n"
      "---\n\nSeven.\n\nEight.\n",
      "b.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]),
            (Strings{"One.", "Two.", "Three.", "Four.", "Five.", "Six.", "Seven.", "Eight."}));
  EXPECT_EQ(Breaks(book.chapters[0]),
            (std::vector<bool>{false, true, true, true, true, true, true, false}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 5, 9, 13, 17, 21, 25, 27}));
}

TEST(SourceParagraphs, SceneBreaksInMarkdown) {
  Book book = Parse("One.\n\n* * *\n\nTwo.\n\n#\n\nThree.\n\n~~~\n\nFour.\n\n§ § §\n\nFive.\n",
                    "b.md");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"One.", "Two.", "Three.", "Four.", "Five."}));
  EXPECT_EQ(Breaks(book.chapters[0]), (std::vector<bool>{false, true, true, true, true}));
}

TEST(SourceParagraphs, TwoTildeSceneBreaksKeepTheTextBetween) {
  Book book = Parse("One.\n\n~~~\n\nTwo.\n\n~~~\n\nThree.\n", "b.txt");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"One.", "Two.", "Three."}));
  EXPECT_EQ(Breaks(book.chapters[0]), (std::vector<bool>{false, true, true}));
}

TEST(SourceParagraphs, SeveralSceneBreaksMarkOnce) {
  Book book = Parse("One.\n\n* * *\n\n* * *\n\nTwo.\n\nThree.\n", "b.txt");
  EXPECT_EQ(Breaks(book.chapters[0]), (std::vector<bool>{false, true, false}));
}

TEST(SourceParagraphs, ParagraphsWithoutLettersOrDigitsAreDropped) {
  Book book = Parse("Hello.\n\n...\n\n!!! ???\n\n(-)\n\n“…”\n\n— — —\n\n42\n\nBye.\n", "b.txt");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Hello.", "42", "Bye."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 13, 15}));
  // Dropped paragraphs are not scene breaks.
  EXPECT_EQ(Breaks(book.chapters[0]), (std::vector<bool>{false, false, false}));
}

TEST(SourceParagraphs, NonAsciiLettersAreText) {
  Book book = Parse("Ünïcödé.\n\nΑλφα\n\n日本語\n", "b.txt");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Ünïcödé.", "Αλφα", "日本語"}));
}

TEST(SourceParagraphs, FencedCodeBlocksAreDropped) {
  Book book = Parse(
      "Before.\n\n```python\nprint('hi')\n\nx = 1\n```\n\nMiddle.\n\n~~~\ncode\n~~~\n\nAfter.\n",
      "b.md");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Before.", "Middle.", "After."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 9, 15}));
}

TEST(SourceParagraphs, FenceEndsAParagraph) {
  Book book = Parse("Before\n```\ncode\n```\nAfter\n", "b.md");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Before", "After"}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 5}));
}

TEST(SourceParagraphs, HashSceneBreaksAreNotHeadings) {
  for (const char* path : {"b.txt", "b.md"}) {
    Book book = Parse("One.\n\n# # #\n\nTwo.\n\n##\n\nThree.\n", path);
    ASSERT_EQ(book.chapters.size(), 1u) << path;
    EXPECT_EQ(book.chapters[0].spoken_title, "") << path;
    EXPECT_EQ(Texts(book.chapters[0]), (Strings{"One.", "Two.", "Three."})) << path;
    EXPECT_EQ(Breaks(book.chapters[0]), (std::vector<bool>{false, true, true})) << path;
  }
}

TEST(SourceParagraphs, UnclosedFenceDoesNotSwallowTheBook) {
  Book book = Parse("Before.\n\n```\nnot closed\n\nAfter.\n", "b.md");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Before.", "not closed", "After."}));
}

TEST(SourceParagraphs, FenceClosesOnlyWithItsOwnKind) {
  Book book = Parse("A.\n\n```\ncode\n~~~\nstill code\n```\n\nB.\n", "b.md");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"A.", "B."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 9}));
}

TEST(SourceFrontMatter, DashedProseIsNotFrontMatter) {
  Book book = Parse("---\nIt was a dark night\n---\n", "dark.txt");
  EXPECT_EQ(book.title, "Dark");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"--- It was a dark night ---"}));
}

// ---------------------------------------------------------------------------
// Inline markup

TEST(SourceMarkup, EmphasisCodeLinksAndHtmlAreRemoved) {
  EXPECT_EQ(OneParagraph("**Bold** and *em* and _em_ and __strong__ and `code` here.\n", "b.md"),
            "Bold and em and em and strong and code here.");
  EXPECT_EQ(OneParagraph("See [the harbour](https://example.com/h.html) now.\n", "b.md"),
            "See the harbour now.");
  EXPECT_EQ(OneParagraph("A <em>very</em> <span class=\"x\">old</span> lamp.<br/>\n", "b.md"),
            "A very old lamp.");
  EXPECT_EQ(OneParagraph("***Both*** at once.\n", "b.md"), "Both at once.");
  EXPECT_EQ(OneParagraph("Use ``a ` tick`` here.\n", "b.md"), "Use a tick here.");
  EXPECT_EQ(OneParagraph("Kept <!-- a note --> text.\n", "b.md"), "Kept text.");
}

TEST(SourceMarkup, CommentOnlyParagraphIsDropped) {
  Book book = Parse("Text.\n\n<!-- TODO: fix this chapter -->\n\nMore.\n", "b.md");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Text.", "More."}));
}

TEST(SourceMarkup, InnerSpacesAreCollapsed) {
  EXPECT_EQ(OneParagraph("Wide   gap\tand <b>tag</b>  here.\n", "b.md"), "Wide gap and tag here.");
}

TEST(SourceMarkup, ImagesAreDropped) {
  EXPECT_EQ(OneParagraph("The map.![map of Vask](img/map.png)\n", "b.md"), "The map.");
  EXPECT_EQ(OneParagraph("See the map ![map](m.png) below.\n", "b.md"), "See the map below.");
}

TEST(SourceMarkup, ImageOnlyParagraphIsDropped) {
  Book book = Parse("Text.\n\n![map](m.png)\n\nMore.\n", "b.md");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Text.", "More."}));
}

TEST(SourceMarkup, EscapedMarkupIsLiteral) {
  EXPECT_EQ(OneParagraph("A \\# sign and a \\[bracket\\].\n", "b.md"), "A # sign and a [bracket].");
  EXPECT_EQ(OneParagraph("Stars \\*not em\\* here.\n", "b.md"), "Stars *not em* here.");
}

TEST(SourceMarkup, OrdinaryCharactersAreKept) {
  EXPECT_EQ(OneParagraph("Don't stop, it's the dogs' bowl.\n"), "Don't stop, it's the dogs' bowl.");
  EXPECT_EQ(OneParagraph("5 * 3 = 15 and 2*3*4 = 24.\n"), "5 * 3 = 15 and 2*3*4 = 24.");
  EXPECT_EQ(OneParagraph("Call snake_case_word and file_name here.\n"),
            "Call snake_case_word and file_name here.");
  EXPECT_EQ(OneParagraph("A footnote* and a star.\n"), "A footnote* and a star.");
  EXPECT_EQ(OneParagraph("Is 3 < 4 and 5 > 2?\n"), "Is 3 < 4 and 5 > 2?");
  EXPECT_EQ(OneParagraph("Brackets [like this] stay.\n"), "Brackets [like this] stay.");
}

TEST(SourceMarkup, PlainTextEmphasisIsRemovedToo) {
  EXPECT_EQ(OneParagraph("It was *very* _old_.\n", "b.txt"), "It was very old.");
}

TEST(SourceMarkup, ListItemsBecomeSentences) {
  EXPECT_EQ(OneParagraph("We bought:\n- apples\n- pears\n* plums\n+ figs\n", "b.md"),
            "We bought: apples. pears. plums. figs");
  EXPECT_EQ(OneParagraph("1. First thing\n2) Second thing!\n3. Third\n", "b.md"),
            "First thing. Second thing! Third");
}

TEST(SourceMarkup, WrappedListItemIsOneSentence) {
  EXPECT_EQ(OneParagraph("- one long\n  item here\n- two\n", "b.md"), "one long item here. two");
}

TEST(SourceMarkup, QuoteMarkersAreRemoved) {
  EXPECT_EQ(OneParagraph("> To be, or not\n> to be.\n", "b.md"), "To be, or not to be.");
  EXPECT_EQ(OneParagraph(">> Nested\n> quote.\n", "b.md"), "Nested quote.");
  EXPECT_EQ(OneParagraph("> - quoted item\n> - another\n", "b.md"), "quoted item. another");
}

TEST(SourceMarkup, DashDialogueAndNumbersInProse) {
  // A year at the start of a wrapped line is not a list number.
  EXPECT_EQ(OneParagraph("It happened in\n1847. The harbour froze.\n"),
            "It happened in 1847. The harbour froze.");
}

// ---------------------------------------------------------------------------
// Markdown extensions: front matter before setext headings, strikethrough,
// sub- and superscript, tables, task lists, footnotes, reference links,
// autolinks, comments across lines. Plain text keeps them as written.

ReadOptions EndNotes() {
  ReadOptions options;
  options.footnotes = Footnotes::kEndOfChapter;
  return options;
}

TEST(SourceMarkdown, SetextHeadingsAfterKeyLines) {
  Book book = Parse(
      "Title: X\nAuthor: Y\n\nPrologue\n=======\n\nText.\n\nPart One\n--------\n\nMore.\n",
      "b.md");
  EXPECT_EQ(book.title, "X");
  EXPECT_EQ(book.author, "Y");
  EXPECT_EQ(Titles(book), (Strings{"Prologue", "Part One"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"Prologue.", "Part One."}));
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(book.chapters[0].line, 4);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Text."}));
  EXPECT_EQ(Texts(book.chapters[1]), (Strings{"More."}));
}

TEST(SourceMarkdown, SetextHeadingInTheKeyLinesBlock) {
  Book book = Parse("Title: X\nAuthor: Y\nPrologue\n===\n\nText.\n", "b.md");
  EXPECT_EQ(book.title, "X");
  EXPECT_EQ(book.author, "Y");
  EXPECT_EQ(Titles(book), (Strings{"Prologue"}));
  EXPECT_EQ(book.chapters[0].line, 3);
  Book atx = Parse("Title: X\n# One\n\nA.\n\n# Two\n\nB.\n", "b.md");
  EXPECT_EQ(atx.title, "X");
  EXPECT_EQ(Titles(atx), (Strings{"One", "Two"}));
}

TEST(SourceMarkdown, KeyLinesWithTextUnderThemStayText) {
  Book md = Parse("Title: X\nwas the inn.\n\nText.\n", "lamp.md");
  EXPECT_EQ(md.title, "Lamp");
  EXPECT_EQ(Texts(md.chapters[0]), (Strings{"Title: X was the inn.", "Text."}));
  Book txt = Parse("Title: X\nPrologue\n===\n\nText.\n", "lamp.txt");
  EXPECT_EQ(txt.title, "Lamp");
  EXPECT_EQ(Texts(txt.chapters[0]), (Strings{"Title: X Prologue ===", "Text."}));
}

TEST(SourceMarkdown, LoneTopHeadingNamingAChapterIsNoTitle) {
  Book book = Parse("# Part One\n\n## Chapter 1\n\nA.\n\n## Chapter 2\n\nB.\n", "book.md");
  EXPECT_EQ(book.title, "Book");
  EXPECT_EQ(Titles(book), (Strings{"Part One — Chapter 1", "Chapter 2"}));
  EXPECT_EQ(SpokenTitles(book), (Strings{"Part One. Chapter 1.", "Chapter 2."}));
}

TEST(SourceMarkdown, StruckTextIsNotRead) {
  EXPECT_EQ(OneParagraph("It was ~~red~~ blue.\n", "b.md"), "It was blue.");
  EXPECT_EQ(OneParagraph("An <del>old</del> new <s>x</s> <strike>y</strike> lamp.\n", "b.md"),
            "An new lamp.");
  EXPECT_EQ(OneParagraph("Kept \\~\\~literal\\~\\~ here.\n", "b.md"), "Kept ~~literal~~ here.");
  Book breaks = Parse("A.\n\n~~~~~\n\nB.\n", "b.md");
  EXPECT_EQ(Texts(breaks.chapters[0]), (Strings{"A.", "B."}));
  EXPECT_EQ(Breaks(breaks.chapters[0]), (std::vector<bool>{false, true}));
}

TEST(SourceMarkdown, SubscriptAndSuperscriptKeepTheirText) {
  EXPECT_EQ(OneParagraph("H~2~O and x^2^, H<sub>2</sub>O and E=mc<sup>2</sup>.\n", "b.md"),
            "H2O and x2, H2O and E=mc2.");
  EXPECT_EQ(OneParagraph("About ~5 km, 2^10 and 3^4 here.\n", "b.md"),
            "About ~5 km, 2^10 and 3^4 here.");
}

TEST(SourceMarkdown, TableRowsAreSentences) {
  Book book = Parse("| Name | Age |\n|------|----:|\n| Ann  | 32  |\n| **Bo** | - |\n", "b.md");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Name, Age. Ann, 32. Bo."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1}));
  EXPECT_EQ(OneParagraph("a | b\n--|:-:\n1 | 2\n", "b.md"), "a, b. 1, 2.");
  EXPECT_EQ(OneParagraph("| a \\| b | c! |\n|---|---|\n| Yes. | No |\n", "b.md"),
            "a | b, c! Yes. No.");
}

TEST(SourceMarkdown, TableAfterTextIsAParagraphOfItsOwn) {
  Book book = Parse("Results:\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.\n", "b.md");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Results:", "a, b. 1, 2.", "After."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 2, 6}));
}

TEST(SourceMarkdown, TableCellsAreNeverHeadingsOrListItems) {
  Book book = Parse("Text.\n\n| Prologue |\n|---|\n| - note |\n| # 1 |\n", "b.md");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Text.", "Prologue. - note. # 1."}));
}

TEST(SourceMarkdown, SetextUnderlineIsNoTableDelimiter) {
  Book book = Parse("One\n---\n\nA.\n\nTwo\n---\n\nB | C.\n", "b.md");
  EXPECT_EQ(Titles(book), (Strings{"One", "Two"}));
  EXPECT_EQ(Texts(book.chapters[1]), (Strings{"B | C."}));
}

TEST(SourceMarkdown, TaskListBoxesAreNotRead) {
  EXPECT_EQ(OneParagraph("- [ ] buy milk\n- [x] done it\n* [X] Also\n1. [ ] count\n", "b.md"),
            "buy milk. done it. Also. count");
}

const char* kFootnoted =
    "# One\n\nText[^1] and more[^note].\n\nAgain[^1] and ^[An inline [link](u) note.] here.\n\n"
    "[^1]: First.\n[^note]: Second\n    continued.\n\n    Another para.\n\n"
    "# Two\n\nLater[^note].\n\nNo notes[^missing].\n";

TEST(SourceMarkdown, FootnotesAreSkippedByDefault) {
  Book book = Parse(kFootnoted, "b.md");
  EXPECT_EQ(Titles(book), (Strings{"One", "Two"}));
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Text and more.", "Again and here."}));
  EXPECT_EQ(Texts(book.chapters[1]), (Strings{"Later.", "No notes."}));
}

TEST(SourceMarkdown, FootnotesAtTheEndOfTheChapter) {
  Book book = Parse(kFootnoted, "b.md", EndNotes());
  EXPECT_EQ(Titles(book), (Strings{"One", "Two"}));
  EXPECT_EQ(Texts(book.chapters[0]),
            (Strings{"Text and more.", "Again and here.", "Notes.", "First.",
                     "Second continued.", "Another para.", "An inline link note."}));
  EXPECT_EQ(Breaks(book.chapters[0]),
            (std::vector<bool>{false, false, true, false, false, false, false}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{3, 5, 7, 7, 8, 11, 5}));
  EXPECT_EQ(Texts(book.chapters[1]),
            (Strings{"Later.", "No notes.", "Notes.", "Second continued.", "Another para."}));
}

TEST(SourceMarkdown, FootnoteDefinitionEndsTheParagraphBeforeIt) {
  Book book = Parse("Text[^a].\n[^a]: The note.\n[^b]: Unused.\n", "b.md", EndNotes());
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Text.", "Notes.", "The note."}));
}

TEST(SourceMarkdown, ReferenceLinksReadTheirText) {
  EXPECT_EQ(OneParagraph("[Vask][v], [Vask][], [V] and [plain] here. ![map][m]\n\n"
                         "[v]: https://v.org \"Vask\"\n[m]: <m.png>\n",
                         "b.md"),
            "Vask, Vask, V and [plain] here.");
}

TEST(SourceMarkdown, AutolinksReadTheirHost) {
  EXPECT_EQ(OneParagraph("See <https://www.example.com/a/b?c=1> or <ann@example.org>, "
                         "<mailto:bo@example.org>.\n",
                         "b.md"),
            "See example.com or ann@example.org, bo@example.org.");
}

TEST(SourceMarkdown, CommentsAcrossLines) {
  Book book = Parse("Before.\n\n<!-- one\n\ntwo -->\n\nAfter.\n", "b.md");
  EXPECT_EQ(Texts(book.chapters[0]), (Strings{"Before.", "After."}));
  EXPECT_EQ(Lines(book.chapters[0]), (std::vector<int>{1, 7}));
  EXPECT_EQ(OneParagraph("A <!-- x\nwhole\ny --> B.\n", "b.md"), "A B.");
  EXPECT_EQ(OneParagraph("A <!-- x -->\nB.\n", "b.md"), "A B.");
  Book heading = Parse("<!-- chapter one -->\n# One\n\nA.\n\n# Two\n\nB.\n", "b.md");
  EXPECT_EQ(Titles(heading), (Strings{"One", "Two"}));
}

TEST(SourceMarkdown, NoMarkupReachesTheText) {
  const std::string book_text =
      "Title: X\n\nPrologue\n===\n\nIt ~~was~~ is H~2~O, x^2^[^1] and <sup>3</sup>.\n\n"
      "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] buy\n- [x] done\n\n"
      "See [it][i] at <http://x.org/p>.\n\n[i]: http://x.org\n[^1]: A ~~b~~ note^[c].\n"
      "<!--\nhidden | ~~ [^2]\n-->\n\nPart [One][i]\n---\n\nMore[^1] text.\n";
  const std::vector<std::string> markup = {"|", "~~", "[^", "^", "[ ]", "[x]", "<", ">",
                                           "[", "]", "http"};
  for (const ReadOptions& options : {ReadOptions{}, EndNotes()}) {
    Book book = Parse(book_text, "b.md", options);
    EXPECT_EQ(Titles(book), (Strings{"Prologue", "Part One"}));
    for (const Chapter& c : book.chapters) {
      for (const std::string& m : markup) {
        EXPECT_EQ(c.title.find(m), std::string::npos) << m << " in " << c.title;
        EXPECT_EQ(c.spoken_title.find(m), std::string::npos) << m << " in " << c.spoken_title;
        for (const Paragraph& p : c.paragraphs) {
          EXPECT_EQ(p.text.find(m), std::string::npos) << m << " in " << p.text;
        }
      }
    }
  }
  Book notes = Parse(book_text, "b.md", EndNotes());
  EXPECT_EQ(Texts(notes.chapters[0]),
            (Strings{"It is H2O, x2 and 3.", "a, b. 1, 2.", "buy. done", "See it at x.org.",
                     "Notes.", "A note."}));
  EXPECT_EQ(Texts(notes.chapters[1]), (Strings{"More text.", "Notes.", "A note."}));
}

TEST(SourceMarkdown, PlainTextKeepsTheMarkdownExtensionsAsWritten) {
  Book book = Parse(
      "Text[^1] H~2~O ~~x~~ <http://x.org>.\n\n| a | b |\n|---|---|\n\n- [ ] buy\n\n[^1]: Note.\n",
      "b.txt", EndNotes());
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]),
            (Strings{"Text[^1] H~2~O ~~x~~ .", "| a | b | |---|---|", "[ ] buy", "[^1]: Note."}));
}

// ---------------------------------------------------------------------------
// Encoding and file errors

TEST(SourceErrors, BinaryFile) {
  EXPECT_EQ(ParseError("abc\0def"s, "data.bin"), "data.bin: binary file, not text");
  EXPECT_EQ(ParseError("\0"s, "x.txt"), "x.txt: binary file, not text");
}

// Text that is mostly UTF-8 with a broken byte; text with no UTF-8 at all is
// another encoding (tests/encoding_test.cc).
TEST(SourceErrors, InvalidUtf8GivesLineAndColumn) {
  EXPECT_EQ(ParseError("“Hello”\nwor\xffld\n"), "book.txt:2: not UTF-8 text (byte 0xff at column 4)");
  EXPECT_EQ(ParseError("“x”\n\x80"), "book.txt:2: not UTF-8 text (byte 0x80 at column 1)");
  EXPECT_EQ(ParseError("a\n\n“b”\n\nLatin-1 caf\xe9!\n", "old.txt"),
            "old.txt:5: not UTF-8 text (byte 0xe9 at column 12)");
}

TEST(SourceErrors, InvalidUtf8LineCountsCrLf) {
  EXPECT_EQ(ParseError("“a”\r\nb\r\n\r\nxy\xfe"), "book.txt:4: not UTF-8 text (byte 0xfe at column 3)");
}

TEST(SourceErrors, InvalidUtf8ColumnCountsBytes) {
  // Columns are byte columns: "é" takes two.
  EXPECT_EQ(ParseError("é\xff"), "book.txt:1: not UTF-8 text (byte 0xff at column 3)");
}

TEST(SourceErrors, OverlongEncodings) {
  EXPECT_EQ(ParseError("ab\xc0\xaf"), "book.txt:1: not UTF-8 text (byte 0xc0 at column 3)");
  EXPECT_EQ(ParseError("ab\xc1\xbf"), "book.txt:1: not UTF-8 text (byte 0xc1 at column 3)");
  EXPECT_EQ(ParseError("ab\xe0\x80\xaf"), "book.txt:1: not UTF-8 text (byte 0xe0 at column 3)");
  EXPECT_EQ(ParseError("ab\xe0\x9f\xbf"), "book.txt:1: not UTF-8 text (byte 0xe0 at column 3)");
  EXPECT_EQ(ParseError("ab\xf0\x80\x80\xaf"), "book.txt:1: not UTF-8 text (byte 0xf0 at column 3)");
  EXPECT_EQ(ParseError("ab\xf0\x8f\xbf\xbf"), "book.txt:1: not UTF-8 text (byte 0xf0 at column 3)");
}

TEST(SourceErrors, Surrogates) {
  EXPECT_EQ(ParseError("x\xed\xa0\x80y"), "book.txt:1: not UTF-8 text (byte 0xed at column 2)");
  EXPECT_EQ(ParseError("x\xed\xbf\xbfy"), "book.txt:1: not UTF-8 text (byte 0xed at column 2)");
}

TEST(SourceErrors, AboveUnicodeRange) {
  EXPECT_EQ(ParseError("x\xf4\x90\x80\x80"), "book.txt:1: not UTF-8 text (byte 0xf4 at column 2)");
  EXPECT_EQ(ParseError("x\xf5\x80\x80\x80"), "book.txt:1: not UTF-8 text (byte 0xf5 at column 2)");
  EXPECT_EQ(ParseError("x\xf8\x88\x80\x80\x80"),
            "book.txt:1: not UTF-8 text (byte 0xf8 at column 2)");
}

TEST(SourceErrors, TruncatedSequences) {
  EXPECT_EQ(ParseError("Line one\nabc\xe2\x82"), "book.txt:2: not UTF-8 text (byte 0xe2 at column 4)");
  EXPECT_EQ(ParseError("abc\xf0\x9f\x98"), "book.txt:1: not UTF-8 text (byte 0xf0 at column 4)");
  EXPECT_EQ(ParseError("abc\xc3"), "book.txt:1: not UTF-8 text (byte 0xc3 at column 4)");
  // Cut short in the middle of the text: the lead byte is blamed.
  EXPECT_EQ(ParseError("ab\xe2\x82z"), "book.txt:1: not UTF-8 text (byte 0xe2 at column 3)");
}

TEST(SourceErrors, BoundaryCodePointsAreValid) {
  Book book = Parse("\xc2\x80x \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 \xef\xbf\xbf "
                    "\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf end\n");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].paragraphs.size(), 1u);
}

TEST(SourceErrors, BomIsAccepted) {
  Book book = Parse("\xEF\xBB\xBF" "Chapter 1\n\nText.\n", "b.txt");
  EXPECT_EQ(Titles(book), (Strings{"Chapter 1"}));
  EXPECT_EQ(book.chapters[0].line, 1);
  Book plain = Parse("\xEF\xBB\xBFPlain words.\n", "b.txt");
  EXPECT_EQ(Texts(plain.chapters[0]), (Strings{"Plain words."}));
}

TEST(SourceErrors, BomBeforeFrontMatter) {
  Book book = Parse("\xEF\xBB\xBF---\ntitle: T\n---\n\nText.\n", "b.md");
  EXPECT_EQ(book.title, "T");
}

TEST(SourceErrors, NoTextToRead) {
  EXPECT_EQ(ParseError("", "empty.txt"), "empty.txt: the book has no text to read");
  EXPECT_EQ(ParseError("  \n\t\n\r\n\n", "blank.txt"), "blank.txt: the book has no text to read");
  EXPECT_EQ(ParseError("... !!!\n\n* * *\n\n---\n\n(?)\n", "p.txt"),
            "p.txt: the book has no text to read");
  EXPECT_EQ(ParseError("“…” — «»\n", "p.txt"), "p.txt: the book has no text to read");
  EXPECT_EQ(ParseError("\xEF\xBB\xBF", "bom.txt"), "bom.txt: the book has no text to read");
  EXPECT_EQ(ParseError("```\ncode only\n```\n", "c.md"), "c.md: the book has no text to read");
}

class SourceFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("narrate_source_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  fs::path dir_;
};

TEST_F(SourceFiles, ReadsAFile) {
  std::string path = Write("the_lantern-keeper.md",
                           "---\nauthor: Ann Vask\n---\n\n# One\n\nFirst.\r\n\n# Two\n\nSecond.\n");
  Result<Book> book = ReadBook(path);
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->path, path);
  EXPECT_EQ(book->title, "The Lantern Keeper");
  EXPECT_EQ(book->author, "Ann Vask");
  EXPECT_EQ(Titles(*book), (Strings{"One", "Two"}));
  EXPECT_EQ(Lines(book->chapters[1]), (std::vector<int>{11}));
}

TEST_F(SourceFiles, ReadOptionsAreApplied) {
  std::string path = Write("b.txt", "Title: T\n\nText.\n");
  Result<Book> book = ReadBook(path, ReadOptions{"Given", "Someone"});
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->title, "Given");
  EXPECT_EQ(book->author, "Someone");
}

TEST_F(SourceFiles, MissingFile) {
  std::string path = (dir_ / "nope.txt").string();
  Result<Book> book = ReadBook(path);
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(), path + ": no such file");
}

TEST_F(SourceFiles, MissingDirectory) {
  std::string path = (dir_ / "no_dir" / "nope.txt").string();
  Result<Book> book = ReadBook(path);
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(), path + ": no such file");
}

TEST_F(SourceFiles, Directory) {
  Result<Book> book = ReadBook(dir_.string());
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(), dir_.string() + ": is a directory, not a book file");
}

TEST_F(SourceFiles, BinaryFile) {
  std::string path = Write("b.txt", "GIF89a\0\0\1"s);
  Result<Book> book = ReadBook(path);
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(), path + ": binary file, not text");
}

TEST_F(SourceFiles, InvalidUtf8File) {
  std::string path = Write("broken.txt", "First “line”.\r\nSecond caf\xe9.\r\n");
  Result<Book> book = ReadBook(path);
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(), path + ":2: not UTF-8 text (byte 0xe9 at column 11)");
}

TEST_F(SourceFiles, TruncatedAtEndOfFile) {
  std::string path = Write("cut.txt", "Ok.\n\xe2\x80");
  Result<Book> book = ReadBook(path);
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(), path + ":2: not UTF-8 text (byte 0xe2 at column 1)");
}

TEST_F(SourceFiles, EmptyFile) {
  std::string path = Write("empty.txt", "");
  Result<Book> book = ReadBook(path);
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(), path + ": the book has no text to read");
}

TEST_F(SourceFiles, BomFile) {
  std::string path = Write("bom.txt", "\xEF\xBB\xBFHello there.\n");
  Result<Book> book = ReadBook(path);
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(Texts(book->chapters[0]), (Strings{"Hello there."}));
}

TEST(SourceSample, LamplighterOfVask) {
  Result<Book> book = ReadBook(NARRATE_SOURCE_DIR "/samples/the-lamplighter-of-vask.md");
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->title, "The Lamplighter of Vask");
  EXPECT_EQ(book->author, "The narrate project");
  EXPECT_EQ(Titles(*book), (Strings{"Chapter 1: The Harbour Lamps",
                                    "Chapter 2: The Letter from Quillmouth",
                                    "Chapter 3: The Night of the Fog"}));
  EXPECT_EQ(SpokenTitles(*book), (Strings{"Chapter 1. The Harbour Lamps.",
                                          "Chapter 2. The Letter from Quillmouth.",
                                          "Chapter 3. The Night of the Fog."}));
  EXPECT_EQ(book->chapters[0].line, 8);
  EXPECT_EQ(book->chapters[1].line, 18);
  EXPECT_EQ(book->chapters[2].line, 26);
  EXPECT_EQ(book->chapters[0].paragraphs.front().line, 10);
  EXPECT_EQ(book->chapters[0].paragraphs.front().text.rfind("Every evening at a quarter past six", 0),
            0u);
}

// ---------------------------------------------------------------------------
// CountWords

TEST(SourceCountWords, Text) {
  EXPECT_EQ(CountWords(""), 0u);
  EXPECT_EQ(CountWords("   \t\n"), 0u);
  EXPECT_EQ(CountWords("one"), 1u);
  EXPECT_EQ(CountWords("one two  three"), 3u);
  EXPECT_EQ(CountWords("  leading and trailing  "), 3u);
  EXPECT_EQ(CountWords("tabs\tand\nnewlines"), 3u);
  EXPECT_EQ(CountWords("don't-stop me"), 2u);
  EXPECT_EQ(CountWords("- ... 42 x !"), 2u);
  EXPECT_EQ(CountWords("(a) [b]"), 2u);
  EXPECT_EQ(CountWords("Ünïcödé wörds 日本"), 3u);
  EXPECT_EQ(CountWords("Hello — world …"), 2u);
  EXPECT_EQ(CountWords("“Quoted” «words»"), 2u);
}

TEST(SourceCountWords, Chapter) {
  Chapter chapter;
  EXPECT_EQ(CountWords(chapter), 0u);
  chapter.title = "Not Counted Title";
  chapter.paragraphs = {Paragraph{"One two three.", 1, false}, Paragraph{"Four, five!", 3, true}};
  EXPECT_EQ(CountWords(chapter), 5u);
}

TEST(SourceCountWords, ParsedBook) {
  Book book = Parse("Chapter 1\n\nCall me Ishmael.\n\nSome years ago — never mind.\n", "b.txt");
  ASSERT_EQ(book.chapters.size(), 1u);
  // "Call me Ishmael." + "Some years ago — never mind." (the dash is no word).
  EXPECT_EQ(CountWords(book.chapters[0]), 8u);
}

}  // namespace
}  // namespace narrate::source

namespace narrate::source {
namespace {

Result<Book> ParseText(const std::string& text) { return ParseBook(text, "t.txt"); }

TEST(SourceHeadingDetails, TitleEndingInQuestionMarkGetsNoExtraStop) {
  auto book = ParseText("Chapter 3. Who Goes There?\n\nA voice.\n");
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(book->chapters[0].title, "Chapter 3: Who Goes There?");
  EXPECT_EQ(book->chapters[0].spoken_title, "Chapter 3. Who Goes There?");
  auto two_lines = ParseText("CHAPTER 4\nRun!\n\nThey ran.\n");
  ASSERT_TRUE(two_lines.ok());
  EXPECT_EQ(two_lines->chapters[0].spoken_title, "Chapter 4. Run!");
}

TEST(SourceHeadingDetails, NumberWordsAreTidiedLikeTheKeyword) {
  auto book = ParseText("PART TWO\n\nCHAPTER XII\n\nText.\n");
  ASSERT_TRUE(book.ok());
  ASSERT_EQ(book->chapters.size(), 1u);
  EXPECT_EQ(book->chapters[0].title, "Part Two — Chapter XII");
  EXPECT_EQ(book->chapters[0].spoken_title, "Part Two. Chapter 12.");
}

TEST(SourceHeadingDetails, LowerCaseRomanLookalikesAreWords) {
  auto book = ParseText("Intro text.\n\nPart mix\n\nMore text.\n");
  ASSERT_TRUE(book.ok());
  ASSERT_EQ(book->chapters.size(), 1u);
  EXPECT_EQ(book->chapters[0].paragraphs.size(), 3u);
  auto upper = ParseText("CHAPTER MCMXCIV\n\nText.\n");
  EXPECT_EQ(upper->chapters[0].spoken_title, "Chapter 1994.");
}

TEST(SourceHeadingDetails, AShortSentenceUnderAHeadingIsText) {
  auto book = ParseText("Chapter 1\nIt was.\n\nDark.\n");
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(book->chapters[0].title, "Chapter 1");
  ASSERT_EQ(book->chapters[0].paragraphs.size(), 2u);
  EXPECT_EQ(book->chapters[0].paragraphs[0].text, "It was.");
  auto titled = ParseText("Chapter 1\nIt Was\n\nDark.\n");
  EXPECT_EQ(titled->chapters[0].title, "Chapter 1: It Was");
}

}  // namespace
}  // namespace narrate::source
