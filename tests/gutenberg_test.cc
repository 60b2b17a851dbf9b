// Plain-text books as Project Gutenberg ships them and as printed books set
// them: the header and licence are not read, the header's metadata is the
// book's, tables of contents are skipped, and headings in the common printed
// styles make chapters. The real books in ../shared/books are read when present.

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "source/book.h"
#include "tests/support/book_views.h"

namespace narrate::source {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

Book Parse(const std::string& content, const std::string& path = "book.txt") {
  Result<Book> book = ParseBook(content, path);
  EXPECT_TRUE(book.ok()) << book.status().message();
  return book.ok() ? *book : Book{};
}

using testing::AllText;
using testing::Titles;

const std::string kHeader =
    "The Project Gutenberg EBook of The Lamp, by Ann Vell\r\n\r\n"
    "This eBook is for the use of anyone anywhere at no cost.\r\n\r\n"
    "Title: The Lamp\r\n       A Harbour Tale\r\n\r\nAuthor: Ann Vell\r\n\r\n"
    "Language: French\r\n\r\nCharacter set encoding: UTF-8\r\n\r\n"
    "*** START OF THIS PROJECT GUTENBERG EBOOK THE LAMP ***\r\n\r\n\r\n"
    "Produced by A. Volunteer\r\n\r\n\r\n";
const std::string kFooter =
    "\r\n\r\n\r\nEnd of the Project Gutenberg EBook of The Lamp, by Ann Vell\r\n\r\n"
    "*** END OF THIS PROJECT GUTENBERG EBOOK THE LAMP ***\r\n\r\n"
    "Section 1. General Terms of Use and Redistributing Project Gutenberg-tm\r\n";

TEST(Gutenberg, HeaderAndLicenceAreNotReadAndGiveTheMetadata) {
  Book book = Parse(kHeader + "CHAPTER I.\r\n\r\nThe lamp was lit at six.\r\n" + kFooter);
  EXPECT_EQ(book.title, "The Lamp: A Harbour Tale");
  EXPECT_EQ(book.author, "Ann Vell");
  EXPECT_EQ(book.language, "fr");
  EXPECT_EQ(Titles(book), (Strings{"Chapter I"}));
  EXPECT_EQ(AllText(book), "Chapter 1.\nThe lamp was lit at six.\n");
}

TEST(Gutenberg, VeryOldSmallPrintHeaderIsNotRead) {
  Book book = Parse(
      "The Project Gutenberg Etext of The Lamp, by Ann Vell\n\n**Welcome To The World**\n\n"
      "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n\n"
      "The lamp was lit at six.\n\nEnd of Project Gutenberg's The Lamp\n");
  EXPECT_EQ(book.title, "The Lamp");
  EXPECT_EQ(book.author, "Ann Vell");
  EXPECT_EQ(AllText(book).find("Welcome"), std::string::npos);
  EXPECT_EQ(AllText(book).find("End of"), std::string::npos);
}

TEST(PrintedHeadings, BareNumeralsWithTitlesAndAContentsBlock) {
  Book book = Parse(
      "CONTENTS\n\n I The Start\n II The Middle\n Epilogue\n\n\n\n I\n\n\n The Start\n\n"
      "It began on a quiet morning when the harbour lamps were still lit and the\n"
      "boats were coming in.\n\n\n\n II\n\n\n The Middle\n\n"
      "It went on through the winter, when the sea froze and the ferry stopped\n"
      "running for a month.\n\n\n\n Epilogue\n\nIt ended.\n");
  EXPECT_EQ(Titles(book), (Strings{"I. The Start", "II. The Middle", "Epilogue"}));
  EXPECT_EQ(book.chapters[1].spoken_title, "Chapter 2. The Middle.");
}

TEST(PrintedHeadings, StaveAndCapitalTitlesAreTitleCased) {
  Book book = Parse(
      "STAVE I:  MARLEY'S GHOST\n\nMarley was dead.\n\n"
      "STAVE II:  THE FIRST OF THE THREE SPIRITS\n\nWhen Scrooge awoke.\n");
  EXPECT_EQ(Titles(book),
            (Strings{"Stave I: Marley's Ghost", "Stave II: The First of the Three Spirits"}));
}

TEST(PrintedHeadings, NumberedTitlesMakeChaptersAndBareNumbersSections) {
  Book book = Parse(
      "I. A SCANDAL IN BOHEMIA\n\n\nI.\n\n\nTo Sherlock Holmes she is always the woman.\n\n\n"
      "II.\n\n\nAt three o'clock precisely I was at Baker Street.\n\n\n\n"
      "II. THE RED-HEADED LEAGUE\n\n\nI had called upon my friend.\n");
  EXPECT_EQ(Titles(book), (Strings{"I. A Scandal in Bohemia", "II. The Red-headed League"}));
  ASSERT_EQ(book.chapters[0].paragraphs.size(), 2u);
  EXPECT_TRUE(book.chapters[0].paragraphs[1].after_scene_break);
}

TEST(PrintedHeadings, ChapterTitleOnTheNextLineAndPartsGroupChapters) {
  Book book = Parse(
      "PART ONE\n\nThe Old Buccaneer\n\n\n\nCHAPTER I.\n\nThe Sea-dog\n\n"
      "Squire Trelawney asked me to write down the whole story from the\nbeginning.\n\n\n\n"
      "CHAPTER II.\n\nBlack Dog\n\nIt was not very long after this that there occurred the\n"
      "first of the mysterious events.\n");
  EXPECT_EQ(Titles(book), (Strings{"Part One: The Old Buccaneer — Chapter I: The Sea-dog",
                                   "Chapter II: Black Dog"}));
}

TEST(PrintedHeadings, WrappedHeadingIsJoinedAndRunOnProseIsNoHeading) {
  Book book = Parse(
      "CHAPTER 56. Of the Less Erroneous Pictures of Whales, and the True\n"
      "Pictures of Whaling Scenes.\n\nIn connexion with the monstrous pictures.\n\n"
      "BOOK I. (Folio), CHAPTER I. (Sperm Whale).—This whale, among the English\n"
      "of old vaguely known as the Trumpa whale.\n");
  EXPECT_EQ(Titles(book), (Strings{"Chapter 56: Of the Less Erroneous Pictures of Whales, and "
                                   "the True Pictures of Whaling Scenes"}));
  EXPECT_EQ(book.chapters[0].paragraphs.size(), 2u);
}

TEST(PrintedHeadings, TitlePageGivesTitleAndAuthorAndIsNotRead) {
  Book book = Parse(
      "Heart of Darkness\n\nby Joseph Conrad\n\n\n\nI\n\n\n"
      "The Nellie, a cruising yawl, swung to her anchor without a flutter of\n"
      "the sails, and was at rest.\n\n\n\nII\n\n\nOne evening as I was lying flat.\n");
  EXPECT_EQ(book.title, "Heart of Darkness");
  EXPECT_EQ(book.author, "Joseph Conrad");
  EXPECT_EQ(Titles(book), (Strings{"I", "II"}));
}

TEST(PrintedHeadings, CentredTitleLinesHeadChaptersWhenThereAreSeveral) {
  Book book = Parse(
      "                         Story of the Door\n\n\n"
      "Mr. Utterson the lawyer was a man of a rugged countenance that was\n"
      "never lighted by a smile; cold, scanty and embarrassed in discourse.\n\n\n"
      "                         Search for Mr. Hyde\n\n\n"
      "That evening Mr. Utterson came home to his bachelor house in sombre\n"
      "spirits and sat down to dinner without relish.\n");
  EXPECT_EQ(Titles(book), (Strings{"Story of the Door", "Search for Mr. Hyde"}));
}

TEST(PrintedHeadings, CapitalLinesInsideNumberedChaptersAreText) {
  Book book = Parse(
      "CHAPTER ONE\n\nIt began.\n\n\n\nHINTS\n\nMore of it.\n\n\n\n"
      "CHAPTER TWO\n\nIt went on.\n\n\n\nNOTE\n\nThe author's note.\n");
  EXPECT_EQ(Titles(book), (Strings{"Chapter One", "Chapter Two", "Note"}));
}

TEST(PrintedHeadings, VerseKeepsItsLines) {
  Book book = Parse(
      "It was a dark and stormy night, and the rain fell in torrents, except at\n"
      "occasional intervals, when it was checked by a violent gust of wind.\n\n"
      "    Once upon a midnight dreary, while I pondered, weak and weary,\n"
      "    Over many a quaint and curious volume of forgotten lore.\n");
  ASSERT_EQ(book.chapters[0].paragraphs.size(), 2u);
  EXPECT_EQ(book.chapters[0].paragraphs[0].text.find('\n'), std::string::npos);
  EXPECT_EQ(book.chapters[0].paragraphs[1].text,
            "Once upon a midnight dreary, while I pondered, weak and weary,\n"
            "Over many a quaint and curious volume of forgotten lore.");
}

TEST(PrintedHeadings, StoryWithoutHeadingsStaysOneChapter) {
  Book book = Parse(
      "Disclaimer - not mine.\n\n\nWell, civilisation had been saved.\n\n"
      "HELLO THERE\n\nHe rested.\n",
      "story.txt");
  EXPECT_EQ(book.chapters.size(), 1u);
}

// The real books, exactly as Gutenberg ships them (../shared/books), text and HTML.
struct RealBook {
  const char* file;
  std::size_t chapters;
  const char* title;
  const char* author;
  const char* first;
  const char* last;
};

class RealGutenbergText : public ::testing::TestWithParam<RealBook> {};

TEST_P(RealGutenbergText, ChaptersTitlesAndNoBoilerplate) {
  const RealBook& want = GetParam();
  fs::path path = fs::path(NARRATE_SOURCE_DIR) / ".." / "shared" / "books" / want.file;
  if (!fs::exists(path)) GTEST_SKIP() << "needs ../shared/books";
  Result<Book> book = ReadBook(path.string());
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->chapters.size(), want.chapters);
  EXPECT_EQ(book->title, want.title);
  EXPECT_EQ(book->author, want.author);
  EXPECT_EQ(book->language, "en");
  EXPECT_EQ(book->chapters.front().title, want.first);
  EXPECT_EQ(book->chapters.back().title, want.last);
  std::string text = AllText(*book);
  for (const Chapter& c : book->chapters) EXPECT_FALSE(c.paragraphs.empty()) << c.title;
  for (const char* boilerplate : {"Project Gutenberg", "gutenberg.org", "gutenberg.net",
                                  "Produced by", "CONTENTS", "Transcriber", "[Pg"}) {
    EXPECT_EQ(text.find(boilerplate), std::string::npos) << boilerplate;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Books, RealGutenbergText,
    ::testing::Values(RealBook{"pg35.txt", 17, "The Time Machine", "H. G. Wells", "I. Introduction",
                               "Epilogue"},
                      RealBook{"pg46.txt", 6, "A Christmas Carol: A Ghost Story of Christmas",
                               "Charles Dickens", "Preface", "Stave V: The End of It"},
                      RealBook{"pg2701.txt", 138, "Moby Dick; or The Whale", "Herman Melville",
                               "Etymology", "Epilogue"},
                      RealBook{"pg35.htm", 17, "The Time Machine", "H. G. Wells",
                               "I: Introduction", "Epilogue"},
                      RealBook{"pg46.htm", 6, "A Christmas Carol: A Ghost Story of Christmas",
                               "Charles Dickens", "Preface", "Stave Five: The End of It"},
                      RealBook{"pg2701.htm", 138, "Moby Dick; or The Whale", "Herman Melville",
                               "Etymology: (Supplied by a Late Consumptive Usher to a Grammar "
                               "School.)",
                               "Epilogue: “And I Only Am Escaped Alone to Tell Thee” Job"}),
    [](const ::testing::TestParamInfo<RealBook>& info) {
      std::string name = info.param.file;
      for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

}  // namespace
}  // namespace narrate::source
