// Single HTML files as books (source/html_book.cc, html.cc, titles.cc):
// Project Gutenberg's wrapping of every generation, title pages, contents
// lists, the heading level that makes chapters, chapter titles, verse, notes,
// captions and page numbers. Small synthetic documents for each rule, then
// the real Gutenberg books in ../shared/books when they are there.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "source/book.h"
#include "source/epub.h"
#include "tests/support/book_views.h"

namespace narrate::source {
namespace {

namespace fs = std::filesystem;

Book Html(const std::string& body, const ReadOptions& options = {}, const std::string& head = "") {
  const std::string doc = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/>" +
                          head + "</head><body>" + body + "</body></html>";
  Result<Book> book = internal::ParseHtmlBook(doc, "book.html", options);
  EXPECT_TRUE(book.ok()) << book.status().message();
  return book.ok() ? *book : Book{};
}

using testing::AllText;
using testing::Texts;
using testing::Titles;

std::vector<std::string> Spoken(const Book& book) {
  std::vector<std::string> out;
  for (const Chapter& c : book.chapters) out.push_back(c.spoken_title);
  return out;
}

// A paragraph long enough to be the book's text rather than a title page's line.
std::string Prose(const std::string& start) {
  return "<p>" + start +
         " walked down the long road to the harbour, where the boats were drawn up on the "
         "shingle and the nets hung drying in the evening wind.</p>";
}

const char* kLicence =
    "<p>Updated editions will replace the previous one. Project Gutenberg is a registered "
    "trademark.</p>"
    "<p>Section 1. General Terms of Use and Redistributing Project Gutenberg electronic works, "
    "www.gutenberg.org</p>";

void ExpectNoGutenberg(const Book& book) {
  const std::string all = AllText(book);
  for (const char* absent : {"Gutenberg", "gutenberg.org", "Produced by", "Release Date",
                             "START OF", "END OF", "HTML formatting"}) {
    EXPECT_EQ(all.find(absent), std::string::npos) << absent << " in:\n" << all;
  }
}

// --- Project Gutenberg's wrapping

// The 2004–2018 files: the header and the credits in one <pre>.
TEST(HtmlGutenberg, OldPreHeaderAndEndLinesAreNotReadAndNameTheBook) {
  Book book = Html(
      "<pre>\nThe Project Gutenberg EBook of A Carol, by Charles Dickens\n\nThis eBook is for the "
      "use of "
      "anyone anywhere at no cost\n\nTitle: A Carol\n       A Ghost Story\n\nAuthor: Charles "
      "Dickens\n\n"
      "Release Date: August 11, 2004 [EBook #46]\n\nLanguage: English\n\n"
      "*** START OF THIS PROJECT GUTENBERG EBOOK A CAROL ***\n\n\n\nHTML formatting and additional "
      "editing "
      "by Jose Menendez.\n\n</pre><h1>A CAROL</h1><h2>CHAPTER I.</h2>" +
          Prose("Marley") +
          "<pre>\n\nEnd of the Project Gutenberg EBook of A Carol, by Charles Dickens\n\n*** END "
          "OF THIS PROJECT "
          "GUTENBERG EBOOK A CAROL ***\n</pre>" +
          kLicence,
      {}, "<title>The Project Gutenberg eBook of A Carol, by Charles Dickens</title>");
  EXPECT_EQ(book.title, "A Carol: A Ghost Story");
  EXPECT_EQ(book.author, "Charles Dickens");
  EXPECT_EQ(book.language, "en");
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Chapter I"}));
  ExpectNoGutenberg(book);
}

// The 2023 files: <section class="pg-boilerplate"> around the header and the licence.
TEST(HtmlGutenberg, BoilerplateSectionsAreNotReadAndTheirFieldsNameTheBook) {
  const std::string header =
      "<section class=\"pg-boilerplate pgheader\" id=\"pg-header\" lang=\"en\">"
      "<h2 id=\"pg-header-heading\">The Project Gutenberg eBook of <span "
      "id=\"pg-title-no-subtitle\">The Time "
      "Machine</span></h2><div>This ebook is for the use of anyone anywhere in the United "
      "States.</div>"
      "<div class=\"container\" id=\"pg-machine-header\"><p><strong>Title</strong>: The Time "
      "Machine</p>"
      "<div id=\"pg-header-authlist\"><p><strong>Author</strong>: H. G. Wells</p></div>"
      "<p><strong>Release date</strong>: October 2, 2004 [eBook #35]<br/>Most recently updated: "
      "2021</p>"
      "<p><strong>Language</strong>: English</p><p><strong>Credits</strong>: Andrew Sly</p></div>"
      "<div id=\"pg-start-separator\"><span>*** START OF THE PROJECT GUTENBERG EBOOK THE TIME "
      "MACHINE ***"
      "</span></div></section>";
  const std::string footer =
      "<section class=\"pg-boilerplate pgheader\" id=\"pg-footer\" lang=\"en\"><div "
      "id=\"pg-end-separator\">"
      "<span>*** END OF THE PROJECT GUTENBERG EBOOK THE TIME MACHINE ***</span></div>" +
      std::string(kLicence) + "</section>";
  Book book =
      Html(header + "<h1>The Time Machine</h1><h2>I</h2>" + Prose("He") + "<h2>II</h2>" +
               Prose("She") + footer,
           {},
           "<title>The Project Gutenberg eBook of The Time Machine, by H. G. Wells</title>"
           "<meta name=\"dc.title\" content=\"The Time Machine\"/>"
           "<meta name=\"dc.creator\" content=\"Wells, H. G. (Herbert George), 1866-1946\"/>");
  EXPECT_EQ(book.title, "The Time Machine");
  EXPECT_EQ(book.author, "H. G. Wells");
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"I", "II"}));
  ExpectNoGutenberg(book);
}

// The 2019–2022 files: the header as plain <div>s, credits after the start line.
TEST(HtmlGutenberg, DivHeaderAndCreditsAfterTheStartLineAreNotRead) {
  Book book = Html(
      "<div>The Project Gutenberg eBook of Tale, by Ann Writer</div><div>Title: Tale</div>"
      "<div>Author: Ann Writer</div><div>Language: French</div>"
      "<div>*** START OF THE PROJECT GUTENBERG EBOOK TALE ***</div><div>Produced by Jo Proofer and "
      "the Online "
      "Distributed Proofreading Team.</div><h2>Chapitre I</h2>" +
      Prose("Elle") + "<div>*** END OF THE PROJECT GUTENBERG EBOOK TALE ***</div>" + kLicence);
  EXPECT_EQ(book.title, "Tale");
  EXPECT_EQ(book.author, "Ann Writer");
  EXPECT_EQ(book.language, "fr");
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Chapitre I"}));
  ExpectNoGutenberg(book);
}

TEST(HtmlGutenberg, DublinCoreMetaNamesABookWithoutAHeader) {
  Book book =
      Html("<h1>A HEADING</h1><h2>One</h2>" + Prose("He") + "<h2>Two</h2>" + Prose("She"), {},
           "<title>Something else</title><meta name=\"dc.title\" content=\"The Real Title\"/>"
           "<meta name=\"dc.creator\" content=\"Austen, Jane, 1775-1817\"/>"
           "<meta name=\"dc.language\" content=\"en-GB\"/>");
  EXPECT_EQ(book.title, "The Real Title");
  EXPECT_EQ(book.author, "Jane Austen");
  EXPECT_EQ(book.language, "en-GB");
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"One", "Two"}));
}

// Files whose header was cut off still have Gutenberg's <title>.
TEST(HtmlGutenberg, GutenbergTitleElementGivesTitleAndAuthorNotItsOwnWording) {
  Book a = Html("<h1>THE TIME MACHINE</h1><h2>I</h2>" + Prose("He"), {},
                "<title>The Project Gutenberg eBook of The Time Machine, by H. G. Wells</title>");
  EXPECT_EQ(a.title, "The Time Machine");
  EXPECT_EQ(a.author, "H. G. Wells");
  Book b = Html("<h1>FRANKENSTEIN</h1><h2>by Mary Shelley</h2><h2>Letter 1</h2>" + Prose("You"), {},
                "<title>Frankenstein | Project Gutenberg</title>");
  EXPECT_EQ(b.title, "Frankenstein");
  EXPECT_EQ(b.author, "Mary Shelley");  // from the title page's "by" line
  EXPECT_EQ(Titles(b), (std::vector<std::string>{"Letter 1"}));
}

TEST(HtmlGutenberg, ReadAsFrontMatterTheWrappingIsChaptersOfItsOwn) {
  ReadOptions options;
  options.include_front_matter = true;
  Book book = Html(
      "<pre>\nTitle: Tale\n\n*** START OF THIS PROJECT GUTENBERG EBOOK TALE "
      "***\n</pre><h1>TALE</h1>"
      "<h2>CHAPTER I.</h2>" +
          Prose("He") + "<p>*** END OF THIS PROJECT GUTENBERG EBOOK TALE ***</p>" + kLicence,
      options);
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Project Gutenberg", "Title Page", "Chapter I",
                                                    "Project Gutenberg Licence"}));
}

// --- title page, contents, lists, notes that are not the book

TEST(HtmlFrontMatter, TitlePageContentsAndIllustrationsAreNotRead) {
  Book book =
      Html("<h1>A CHRISTMAS CAROL</h1><h3>IN PROSE</h3><h2>CHARLES DICKENS</h2><h3>PREFACE</h3>" +
               Prose("I have endeavoured") +
               "<h2>CONTENTS</h2><div class=\"contents\">STAVE I<br/> <a href=\"#s1\">MARLEY’S "
               "GHOST</a><br/><br/>"
               "STAVE II<br/> <a href=\"#s2\">THE FIRST SPIRIT</a></div>"
               "<h2>ILLUSTRATIONS</h2><table><tr><td><i>Artist.</i></td></tr><tr><td><a "
               "href=\"#i1\">Marley’s Ghost</a>"
               "</td><td>J. Leech</td></tr></table>"
               "<h2><a id=\"s1\"></a>STAVE ONE.</h2><h4>MARLEY’S GHOST.</h4>" +
               Prose("Marley") + "<h2><a id=\"s2\"></a>STAVE TWO.</h2><h4>THE FIRST SPIRIT.</h4>" +
               Prose("Scrooge"),
           {}, "<meta name=\"dc.creator\" content=\"Dickens, Charles\"/>");
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Preface", "Stave One: Marley’s Ghost",
                                                    "Stave Two: The First Spirit"}));
  EXPECT_EQ(Spoken(book)[1], "Stave One. Marley’s Ghost.");
  const std::string all = AllText(book);
  for (const char* absent : {"IN PROSE", "CONTENTS", "STAVE I", "Artist", "Leech", "CHARLES"}) {
    EXPECT_EQ(all.find(absent), std::string::npos) << absent << " in:\n" << all;
  }
}

// Moby-Dick: "CONTENTS" as a paragraph over lines of links, then a transcriber's note.
TEST(HtmlFrontMatter, ContentsParagraphOverLinksAndTranscribersNotesAreNotRead) {
  Book book = Html(
      "<h1>MOBY-DICK;<br/><br/>or, THE WHALE.</h1><h2>By Herman Melville</h2>"
      "<blockquote><p class=\"toc\"><b>CONTENTS</b></p><p class=\"toc\"><a "
      "href=\"#e\">ETYMOLOGY.</a></p>"
      "<p class=\"toc\"><a href=\"#c1\">CHAPTER 1. Loomings.</a></p></blockquote>"
      "<div class=\"mynote\"><h4>Original Transcriber’s Notes:</h4>" +
      Prose("This text is a combination") +
      "</div><a id=\"e\"></a><h2>ETYMOLOGY.</h2><h3>(Supplied by a Late Consumptive Usher to a "
      "Grammar School.)</h3>" +
      Prose("The pale Usher") + "<a id=\"c1\"></a><h2>CHAPTER 1. Loomings.</h2>" +
      Prose("Call me Ishmael") +
      "<div class=\"transnote\"><p>Transcriber’s note: typographical errors were "
      "corrected.</p></div>"
      "<p>Typographical errors corrected by the etext transcriber:</p><p>simply =&gt; simple</p>");
  EXPECT_EQ(book.author, "Herman Melville");
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{
                "Etymology: (Supplied by a Late Consumptive Usher to a Grammar School.)",
                "Chapter 1: Loomings"}));
  EXPECT_EQ(Spoken(book)[1], "Chapter 1. Loomings.");
  const std::string all = AllText(book);
  for (const char* absent :
       {"CONTENTS", "combination", "Transcriber", "transcriber", "simple", "Melville"}) {
    EXPECT_EQ(all.find(absent), std::string::npos) << absent << " in:\n" << all;
  }
}

// Treasure Island and Dracula: a dedication after the title page, the title again before the text.
TEST(HtmlFrontMatter, DedicationBeforeTheHalfTitleIsNotAChapter) {
  Book book = Html(
      "<h1>TREASURE ISLAND</h1><h2>TREASURE ISLAND</h2>" +
          Prose("To S.L.O., an American gentleman, this narrative is dedicated; he") +
          "<h2>TREASURE ISLAND</h2><h2>I</h2><h2>The Old Sea-dog</h2>" + Prose("Squire") +
          "<h2>II</h2><h2>Black Dog</h2>" + Prose("It"),
      {},
      "<title>The Project Gutenberg eBook of Treasure Island, by Robert Louis Stevenson</title>");
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"I: The Old Sea-dog", "II: Black Dog"}));
  EXPECT_EQ(AllText(book).find("S.L.O."), std::string::npos);
}

// The Raven: no heading but the title page's; the poem is the book's one chapter.
TEST(HtmlFrontMatter, ABookWithoutChapterHeadingsIsOneChapterNamedAfterIt) {
  Book book = Html(
      "<h1>The Raven</h1><h4>by</h4><h3>Edgar Allan Poe</h3><p class=\"poem\">"
      "Once upon a midnight dreary, while I pondered, weak and weary,<br/>Over many a quaint and "
      "curious volume of forgotten lore—<br/>While I nodded, nearly napping<br/></p>");
  EXPECT_EQ(book.title, "The Raven");
  EXPECT_EQ(book.author, "Edgar Allan Poe");
  ASSERT_EQ(Titles(book), (std::vector<std::string>{"The Raven"}));
  EXPECT_EQ(Texts(book.chapters[0]).at(0),
            "Once upon a midnight dreary, while I pondered, weak and weary,\nOver many a quaint "
            "and curious "
            "volume of forgotten lore—\nWhile I nodded, nearly napping");
}

// An epigraph or dedicatory poem before the first chapter is read at its start.
TEST(HtmlFrontMatter, ShortUntitledOpeningJoinsTheFirstChapter) {
  Book book = Html(
      "<h1>The War of the Worlds</h1><p>‘But who shall dwell in these worlds if they be inhabited? "
      "Are we or they Lords of the World?’ asked Kepler, quoted in The Anatomy of Melancholy.</p>"
      "<h2>I.</h2><h2>THE EVE OF THE WAR.</h2>" +
      Prose("No one") + "<h2>II.</h2><h2>THE FALLING STAR.</h2>" + Prose("Then"));
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{"I: The Eve of the War", "II: The Falling Star"}));
  EXPECT_TRUE(Texts(book.chapters[0]).at(0).starts_with("‘But who shall"));
  EXPECT_TRUE(book.chapters[0].paragraphs.at(1).after_scene_break);
}

// --- the chapter level

TEST(HtmlChapters, OneTitleHeadingAndAChapterHeadingEachWithSubtitles) {
  Book book = Html(
      "<h1>The Book</h1><h2>CONTENTS</h2><p><a href=\"#c1\">Chapter I</a></p>"
      "<h2 id=\"c1\">CHAPTER I.</h2><h3>THE START</h3>" +
      Prose("He") + "<h3>A section</h3>" + Prose("More") + "<h2>CHAPTER II.</h2><h3>THE END</h3>" +
      Prose("She"));
  EXPECT_EQ(book.title, "The Book");
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{"Chapter I: The Start", "Chapter II: The End"}));
  EXPECT_EQ(Spoken(book),
            (std::vector<std::string>{"Chapter 1. The Start.", "Chapter 2. The End."}));
  EXPECT_EQ(Texts(book.chapters[0]).at(1), "A section");  // a deeper heading inside is read as text
}

TEST(HtmlChapters, PartsGroupChaptersAndTheirTitleJoinsTheFirstChaptersTitle) {
  Book book = Html("<h1>The Book</h1><h2>PART I</h2><h3>CHAPTER 1</h3>" + Prose("He") +
                   "<h3>CHAPTER 2</h3>" + Prose("She") + "<h2>PART II</h2><h3>CHAPTER 3</h3>" +
                   Prose("It"));
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{"Part I — Chapter 1", "Chapter 2", "Part II — Chapter 3"}));
  EXPECT_EQ(Spoken(book)[0], "Part 1. Chapter 1.");
}

// War of the Worlds: "BOOK ONE" and its name, then numbers and titles, each in a heading of its
// own.
TEST(HtmlChapters, NumberHeadingsAndTitleHeadingsPairUp) {
  Book book = Html(
      "<h1>The War of the Worlds</h1><h2>BOOK ONE</h2><h2>THE COMING OF THE MARTIANS</h2>"
      "<h3>I.</h3><h3>THE EVE OF THE WAR.</h3>" +
      Prose("No one") +
      "<h3>II.</h3><h3>THE FALLING STAR."
      "</h3>" +
      Prose("Then") + "<h3>III.</h3><h3>ON HORSELL COMMON.</h3>" + Prose("I"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{
                              "Book One: The Coming of the Martians — I: The Eve of the War",
                              "II: The Falling Star", "III: On Horsell Common"}));
  EXPECT_EQ(Spoken(book)[1], "Chapter 2. The Falling Star.");
}

// The Time Machine: h3 "I" and h3 "Introduction"; the epilogue's number heading is empty.
TEST(HtmlChapters, ALabelHeadingAndTheTitleBelowItAreOneChapter) {
  Book book = Html(
      "<h1>The Time Machine</h1><h3>An Invention</h3><h3>by H. G. Wells</h3><h2>CONTENTS</h2>"
      "<table><tr><td>I</td><td><a href=\"#c1\">Introduction</a></td></tr></table>"
      "<p><a name=\"c1\"></a></p><h3> I </h3><h3> Introduction </h3>" +
      Prose("The Time Traveller") + "<h3> II </h3><h3> The Machine </h3>" + Prose("I think") +
      "<h3> </h3><h3> Epilogue </h3>" + Prose("One cannot"));
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{"I: Introduction", "II: The Machine", "Epilogue"}));
  EXPECT_EQ(book.author, "H. G. Wells");
  EXPECT_EQ(AllText(book).find("Invention"), std::string::npos);
}

// Leaves of Grass: books and the poems in them are all <h2>; the books are the chapters.
TEST(HtmlChapters, PartHeadingsAmongUnnumberedOnesOfTheSameLevelAreTheChapters) {
  Book book =
      Html("<h1>Leaves of Grass</h1><h2>BOOK I. INSCRIPTIONS</h2><h2>One’s-Self I Sing</h2>" +
           Prose("One") + "<h2>As I Ponder’d</h2>" + Prose("As") + "<h2>In Cabin’d Ships</h2>" +
           Prose("In") + "<h2>BOOK II</h2><h2>Starting from Paumanok</h2>" + Prose("Starting") +
           "<h2>To Thee</h2>" + Prose("To"));
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{"Book I: Inscriptions", "Book II: Starting from Paumanok"}));
  EXPECT_EQ(Texts(book.chapters[0]).at(2), "As I Ponder’d");
}

// Anna Karenina: "Erster Teil." over an epigraph, chapters numbered "1." again in each part.
TEST(HtmlChapters, BareNumberChaptersInPartsAreNamedWithThePart) {
  Book book =
      Html("<h1>Anna Karenina.</h1><h2>Erster Teil.</h2><p>„Die Rache ist mein.“</p><h3>1.</h3>" +
               Prose("Alle") + "<h3>2.</h3>" + Prose("Stefan") +
               "<h2>Zweiter Teil.</h2><h3>1.</h3>" + Prose("Er"),
           {}, "<meta name=\"dc.language\" content=\"de\"/>");
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{"Erster Teil — 1", "Erster Teil — 2", "Zweiter Teil — 1"}));
  EXPECT_EQ(Spoken(book), (std::vector<std::string>{"Erster Teil. 1.", "2.",
                                                    "Zweiter Teil. 1."}));  // no "Chapter"
  EXPECT_EQ(Texts(book.chapters[0]).at(0), "„Die Rache ist mein.“");
}

// Sherlock Holmes: numbered sections inside a story are read, not chapters.
TEST(HtmlChapters, SectionsInsideAChapterAreReadAsNumbers) {
  Book book = Html("<h1>The Adventures</h1><h2>I.<br/>A SCANDAL IN BOHEMIA</h2><h3>I.</h3>" +
                   Prose("To Sherlock") + "<h3>II.</h3>" + Prose("At three") +
                   "<h2>II.<br/>THE RED-HEADED LEAGUE</h2>" + Prose("I had"));
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{"I: A Scandal in Bohemia", "II: The Red-Headed League"}));
  EXPECT_EQ(Texts(book.chapters[0]).at(0), "1.");
  EXPECT_EQ(Texts(book.chapters[0]).at(2), "2.");
}

// --- chapter titles

TEST(HtmlTitles, HeadingLineBreaksSeparateTitlePartsAndCapitalsAreTitleCased) {
  Book book = Html("<h1>Alice</h1><h2>CHAPTER I.<br/>Down the Rabbit-Hole</h2>" + Prose("Alice") +
                   "<h2><a id=\"x\"></a>STAVE TWO.</h2><h3>THE FIRST OF THE THREE SPIRITS</h3>" +
                   Prose("When") + "<h2>Chapter 3 PETER BREAKS THROUGH</h2>" + Prose("All") +
                   "<h2>CHAPTER XXXVIII—CONCLUSION</h2>" + Prose("Reader") +
                   "<h2>CHAPTER IV<br/><br/>JONATHAN HARKER’S JOURNAL—continued</h2>" + Prose("I"));
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{
                "Chapter I: Down the Rabbit-Hole", "Stave Two: The First of the Three Spirits",
                "Chapter 3: Peter Breaks Through", "Chapter XXXVIII: Conclusion",
                "Chapter IV: Jonathan Harker’s Journal—continued"}));
  EXPECT_EQ(Spoken(book)[3], "Chapter 38. Conclusion.");
}

TEST(HtmlTitles, AHeadingThatIsOnlyAPictureIsTitledByItsAltText) {
  Book book = Html(
      "<h1>Pride</h1><h2><span class=\"pagenum\"><a id=\"page_ix\">{ix}</a></span>"
      "<img src=\"p.jpg\" alt=\"PREFACE.\"/></h2>" +
      Prose("Walt Whitman") +
      "<h2><img src=\"c.jpg\" alt=\"\"/><span class=\"caption\">I hope he will like "
      "it.</span><br/><br/>"
      "CHAPTER II.</h2>" +
      Prose("Mr. Bennet"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Preface", "Chapter II"}));
  EXPECT_EQ(AllText(book).find("hope he"), std::string::npos);
}

// --- text

TEST(HtmlText, PageAndLineNumbersAreNotRead) {
  Book book = Html(
      "<h2>One</h2><p>First.<span class=\"pagenum\"><a id=\"Page_1\">[Pg 1]</a></span> Still first."
      "<span class=\"pagenum\">{12}</span></p><p class=\"poem\">Of Man’s first disobedience, and "
      "the fruit<br/>"
      "Of that forbidden tree, whose mortal taste<br/>Brought death into the World, and all our "
      "woe,"
      "<span class=\"linenum\">3</span></p>");
  EXPECT_EQ(Texts(book.chapters.at(0)),
            (std::vector<std::string>{
                "First. Still first.",
                "Of Man’s first disobedience, and the fruit\nOf that forbidden tree, "
                "whose mortal taste\nBrought death into the World, and all our woe,"}));
}

TEST(HtmlText, DropCapitalPicturesAreReadAsTheirLetter) {
  Book book = Html(
      "<h2>One</h2><p><span class=\"letra\"><img src=\"n.png\" alt=\"N\"/></span>OT all that.</p>"
      "<p><span class=\"letra\"><img src=\"i.png\" alt=\"“I\"/></span>\nhope, my dear,” he "
      "said.</p>");
  EXPECT_EQ(Texts(book.chapters.at(0)),
            (std::vector<std::string>{"NOT all that.", "“I hope, my dear,” he said."}));
}

TEST(HtmlText, CaptionsUnderPicturesAreReadOnlyWithAltText) {
  const std::string body =
      "<h2>STAVE ONE.</h2>" + Prose("Marley") +
      "<div class=\"fig\"><img src=\"01.jpg\" alt=\"Marley's Ghost\"/></div><h4><i>Marley’s Ghost"
      "</i></h4>" +
      Prose("Scrooge") + "<h2>STAVE TWO.</h2>" + Prose("When");
  Book plain = Html(body);
  EXPECT_EQ(Titles(plain), (std::vector<std::string>{"Stave One", "Stave Two"}));
  EXPECT_EQ(plain.chapters.at(0).paragraphs.size(), 2u);
  ReadOptions options;
  options.alt_text = true;
  Book alt = Html(body, options);
  EXPECT_NE(AllText(alt).find("Marley’s Ghost"), std::string::npos);
}

TEST(HtmlText, FootnotesAreReadAfterTheChapterWhenAsked) {
  const std::string body =
      "<h2>One</h2><p>Kascha,<a id=\"FNanchor_A_1\"></a><a href=\"#Footnote_A_1\" "
      "class=\"fnanchor\">[A]</a> "
      "more.</p><div class=\"footnotes\"><p>Fußnote:</p><div class=\"footnote\"><p><a "
      "id=\"Footnote_A_1\"></a>"
      "<a href=\"#FNanchor_A_1\"><span class=\"label\">[A]</span></a> Russische "
      "Grützbreispeise.</p></div></div>"
      "<h2>Two</h2><p>Text two.</p>";
  Book skip = Html(body);
  EXPECT_EQ(Texts(skip.chapters.at(0)), (std::vector<std::string>{"Kascha, more."}));
  ReadOptions options;
  options.footnotes = Footnotes::kEndOfChapter;
  Book end = Html(body, options);
  EXPECT_EQ(Texts(end.chapters.at(0)),
            (std::vector<std::string>{"Kascha, more.", "Notes.", "Russische Grützbreispeise."}));
}

// A notes section under a heading of its own, its notes plain paragraphs with ids.
TEST(HtmlText, NotesSectionIsNotReadButItsNotesAreFoundWhenAsked) {
  const std::string body =
      "<h2>One</h2><p>A claim.<sup><a href=\"#n1\">1</a></sup> More.</p>"
      "<h3>FOOTNOTES:</h3><p id=\"n1\">1. The proof.</p><h2>Two</h2><p>Text two.</p>";
  Book skip = Html(body);
  EXPECT_EQ(Titles(skip), (std::vector<std::string>{"One", "Two"}));
  EXPECT_EQ(Texts(skip.chapters.at(0)), (std::vector<std::string>{"A claim. More."}));
  ReadOptions options;
  options.footnotes = Footnotes::kEndOfChapter;
  Book end = Html(body, options);
  EXPECT_EQ(Texts(end.chapters.at(0)),
            (std::vector<std::string>{"A claim. More.", "Notes.", "1. The proof."}));
}

// Older files set chapter headings as paragraphs.
TEST(HtmlChapters, ChapterLinesMakeChaptersInABookWithoutHeadingElements) {
  Book book = Html("<p class=\"chapter\">CHAPTER I.</p>" + Prose("He") +
                   "<p class=\"chapter\">CHAPTER II.</p>" + Prose("She") + "<p>Epilogue</p>" +
                   Prose("They"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Chapter I", "Chapter II", "Epilogue"}));
}

// --- verse: line breaks are kept as '\n' inside a paragraph, one paragraph per stanza

TEST(HtmlVerse, PoemClassesKeepLineBreaksAndStanzasAreParagraphs) {
  Book book = Html(
      "<h2>Song</h2><div class=\"poem\"><div class=\"stanza\"><span class=\"i0\">Fifteen men on "
      "the "
      "dead man’s chest—<br/></span><span class=\"i2\">Yo-ho-ho, and a bottle of "
      "rum!<br/></span></div>"
      "<div class=\"stanza\"><div class=\"verse indent0\">Drink and the devil</div><div "
      "class=\"verse\">"
      "Had done for the rest</div></div></div><p>Then he sang<br/>no more.</p>");
  EXPECT_EQ(Texts(book.chapters.at(0)),
            (std::vector<std::string>{
                "Fifteen men on the dead man’s chest—\nYo-ho-ho, and a bottle of rum!",
                "Drink and the devil\nHad done for the rest", "Then he sang no more."}));
}

TEST(HtmlVerse, PreformattedVerseKeepsItsLinesAndBlankLinesSplitStanzas) {
  Book book = Html(
      "<h2>Extracts</h2><pre xml:space=\"preserve\">\n     “Which to secure, no skill of leach’s "
      "art\n"
      "     Mote him availle, but to returne againe\n\n     Like as the wounded whale to shore "
      "flies.”\n"
      "      —<i>The Faerie Queen</i>.\n</pre>");
  EXPECT_EQ(
      Texts(book.chapters.at(0)),
      (std::vector<std::string>{
          "“Which to secure, no skill of leach’s art\nMote him availle, but to returne againe",
          "Like as the wounded whale to shore flies.”\n—The Faerie Queen."}));
}

// Verse without a class: short lines set with <br/> in one paragraph; prose with a <br/> or two is
// joined.
TEST(HtmlVerse, ShortBrokenLinesAreVerseLongOnesAreProse) {
  Book book = Html(
      "<h2>One</h2><p>How doth the little crocodile<br/>Improve his shining tail,<br/>And pour the "
      "waters "
      "of the Nile<br/>On every golden scale!</p><p>Only a div<br/>and a line break.</p>"
      "<p>A line of prose that goes on and on past any line of verse one might set in a book of "
      "poems,"
      "<br/>and another one that is just as long as the first and so it is prose set with breaks "
      "here,"
      "<br/>and a third.</p>");
  EXPECT_EQ(Texts(book.chapters.at(0)).at(0),
            "How doth the little crocodile\nImprove his shining tail,\nAnd pour the waters of the "
            "Nile\nOn every golden "
            "scale!");
  EXPECT_EQ(Texts(book.chapters.at(0)).at(1), "Only a div and a line break.");
  EXPECT_EQ(Texts(book.chapters.at(0)).at(2).find('\n'), std::string::npos);
}

// --- the real books in ../shared/books (their chapters: gutenberg_test.cc)

TEST(HtmlRealBooks, VerseInMobyDickKeepsItsLines) {
  const fs::path path = fs::path(NARRATE_SOURCE_DIR) / ".." / "shared" / "books" / "pg2701.htm";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is not there";
  Result<Book> book = ReadBook(path.string());
  ASSERT_TRUE(book.ok()) << book.status().message();
  const Chapter& extracts = book->chapters.at(1);
  bool found = false;
  for (const Paragraph& p : extracts.paragraphs) {
    found =
        found || p.text.starts_with("“Which to secure, no skill of leach’s art\nMote him availle");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(book->chapters.at(2).spoken_title, "Chapter 1. Loomings.");
}

}  // namespace
}  // namespace narrate::source
