// Unit tests for the EPUB and HTML readers of source/: EPUBs are written from
// strings at test time (tests/support/zip_writer.h), read with ReadBook, and
// the chapters, titles, paragraphs, notes, pronunciations and errors checked.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "source/book.h"
#include "source/epub.h"
#include "tests/support/probe.h"
#include "tests/support/zip_writer.h"

namespace narrate::source {
namespace {

namespace fs = std::filesystem;
using testing::WriteEpub;
using Files = std::vector<std::pair<std::string, std::string>>;

class EpubTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  Book Read(const std::string& path, const ReadOptions& options = {}) {
    Result<Book> book = ReadBook(path, options);
    EXPECT_TRUE(book.ok()) << book.status().message();
    return book.ok() ? *book : Book{};
  }
  std::string Error(const std::string& path) {
    Result<Book> book = ReadBook(path);
    EXPECT_FALSE(book.ok()) << path << " was accepted";
    return book.ok() ? "" : book.status().message();
  }

  std::string dir_;
};

std::vector<std::string> Titles(const Book& book) {
  std::vector<std::string> out;
  for (const Chapter& c : book.chapters) out.push_back(c.title);
  return out;
}

std::vector<std::string> Texts(const Chapter& chapter) {
  std::vector<std::string> out;
  for (const Paragraph& p : chapter.paragraphs) out.push_back(p.text);
  return out;
}

std::string AllText(const Book& book) {
  std::string out;
  for (const Chapter& c : book.chapters) {
    out += c.spoken_title + "\n";
    for (const Paragraph& p : c.paragraphs) out += p.text + "\n";
  }
  return out;
}

std::string Xhtml(const std::string& body, const std::string& body_attrs = "") {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
         "xmlns:epub=\"http://www.idpf.org/2007/ops\" xmlns:ssml=\"http://www.w3.org/2001/10/synthesis\">"
         "<head><title>t</title><style>p { color: red }</style></head><body" + body_attrs + ">" + body +
         "</body></html>";
}

// An EPUB 3 package: items are (id, href, media-type, properties); spine is idrefs ("id:no" = linear="no").
std::string Opf3(const std::string& metadata, const std::vector<std::vector<std::string>>& items,
                 const std::vector<std::string>& spine) {
  std::string opf =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
      "unique-identifier=\"uid\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">" + metadata +
      "</metadata><manifest>";
  for (const auto& i : items) {
    opf += "<item id=\"" + i[0] + "\" href=\"" + i[1] + "\" media-type=\"" + i[2] + "\"" +
           (i.size() > 3 ? " properties=\"" + i[3] + "\"" : "") + "/>";
  }
  opf += "</manifest><spine>";
  for (const std::string& s : spine) {
    std::size_t colon = s.find(':');
    opf += colon == std::string::npos ? "<itemref idref=\"" + s + "\"/>"
                                      : "<itemref idref=\"" + s.substr(0, colon) + "\" linear=\"no\"/>";
  }
  return opf + "</spine></package>";
}

const char* kXhtml = "application/xhtml+xml";

// A typical EPUB 3: cover, title page, nav (in the spine), copyright, three chapters, one linear="no".
void WriteEpub3(const std::string& path) {
  std::string nav = Xhtml(
      "<nav epub:type=\"toc\"><h1>Contents</h1><ol>"
      "<li><a href=\"text/cover.xhtml\">Cover</a></li>"
      "<li><a href=\"text/title.xhtml\">Title Page</a></li>"
      "<li><a href=\"text/ch1.xhtml\">Chapter 1: The Beginning</a></li>"
      "<li><a href=\"text/ch2.xhtml#start\">Chapter 2</a></li>"
      "<li><a href=\"text/ch3.xhtml\">Chapter 3</a></li></ol></nav>"
      "<nav epub:type=\"landmarks\"><ol><li><a epub:type=\"cover\" href=\"text/cover.xhtml\">Cover</a></li>"
      "<li><a epub:type=\"copyright-page\" href=\"text/legal.xhtml\">Legal</a></li>"
      "<li><a epub:type=\"bodymatter\" href=\"text/ch1.xhtml\">Start</a></li></ol></nav>");
  std::string opf = Opf3(
      "<dc:title>The Test Book</dc:title><dc:creator id=\"a\">Ada Author</dc:creator>"
      "<dc:language>en-GB</dc:language><dc:identifier id=\"uid\">x</dc:identifier>",
      {{"nav", "nav.xhtml", kXhtml, "nav"},
       {"cover", "text/cover.xhtml", kXhtml},
       {"title", "text/title.xhtml", kXhtml},
       {"legal", "text/legal.xhtml", kXhtml},
       {"c1", "text/ch1.xhtml", kXhtml},
       {"c2", "text/ch2.xhtml", kXhtml},
       {"c3", "text/ch3.xhtml", kXhtml},
       {"extra", "text/extra.xhtml", kXhtml},
       {"img", "images/cover.png", "image/png", "cover-image"}},
      {"cover", "title", "nav", "legal", "c1", "c2", "extra:no", "c3"});
  WriteEpub(path, "OEBPS/content.opf", opf,
            {{"OEBPS/nav.xhtml", nav},
             {"OEBPS/text/cover.xhtml", Xhtml("<img src=\"../images/cover.png\" alt=\"Cover art\"/>")},
             {"OEBPS/text/title.xhtml", Xhtml("<h1>The Test Book</h1><p>Ada Author</p>")},
             {"OEBPS/text/legal.xhtml", Xhtml("<p>Copyright 2024. All rights reserved.</p>")},
             {"OEBPS/text/ch1.xhtml", Xhtml("<section><h2>Chapter 1</h2><h3>The Beginning</h3>"
                                            "<p>It was&nbsp;a dark night&mdash;cold.</p><p>Second paragraph.</p></section>")},
             {"OEBPS/text/ch2.xhtml", Xhtml("<div id=\"start\"><h2>Chapter 2</h2><div>Only a div<br/>and a line "
                                            "break.</div><hr/><p>After the break.</p></div>")},
             {"OEBPS/text/extra.xhtml", Xhtml("<p>Linear no: never read.</p>")},
             {"OEBPS/text/ch3.xhtml", Xhtml("<h2>Chapter 3</h2><p>The end.</p>")},
             {"OEBPS/images/cover.png", std::string("\x89PNG\r\n\x1a\nfake", 12)}});
}

TEST_F(EpubTest, Epub3FollowsNavAndSpineSkippingCoverTocFrontMatterAndNonLinear) {
  WriteEpub3(Path("book.epub"));
  Book book = Read(Path("book.epub"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Chapter 1: The Beginning", "Chapter 2", "Chapter 3"}));
  EXPECT_EQ(book.title, "The Test Book");
  EXPECT_EQ(book.author, "Ada Author");
  EXPECT_EQ(book.language, "en-GB");
  EXPECT_EQ(book.cover.mime_type, "image/png");
  EXPECT_EQ(book.cover.bytes, std::string("\x89PNG\r\n\x1a\nfake", 12));
  std::string all = AllText(book);
  for (const char* absent : {"Copyright", "Linear no", "Contents", "Cover art", "Ada Author", "color"}) {
    EXPECT_EQ(all.find(absent), std::string::npos) << absent << " in:\n" << all;
  }
}

TEST_F(EpubTest, HeadingsBecomeTheSpokenTitleAndBlocksBecomeParagraphs) {
  WriteEpub3(Path("book.epub"));
  Book book = Read(Path("book.epub"));
  ASSERT_EQ(book.chapters.size(), 3u);
  EXPECT_EQ(book.chapters[0].spoken_title, "Chapter 1. The Beginning.");
  EXPECT_EQ(Texts(book.chapters[0]),
            (std::vector<std::string>{"It was a dark night\u2014cold.", "Second paragraph."}));
  EXPECT_EQ(Texts(book.chapters[1]),
            (std::vector<std::string>{"Only a div and a line break.", "After the break."}));
  EXPECT_FALSE(book.chapters[1].paragraphs[0].after_scene_break);
  EXPECT_TRUE(book.chapters[1].paragraphs[1].after_scene_break);  // <hr/>
}

TEST_F(EpubTest, FrontMatterIsReadWhenAsked) {
  WriteEpub3(Path("book.epub"));
  ReadOptions options;
  options.include_front_matter = true;
  Book book = Read(Path("book.epub"), options);
  std::string all = AllText(book);
  EXPECT_NE(all.find("Copyright 2024"), std::string::npos) << all;
  EXPECT_NE(all.find("Ada Author"), std::string::npos) << all;
  EXPECT_EQ(all.find("Linear no"), std::string::npos) << all;  // linear="no" stays out
  EXPECT_EQ(Titles(book).back(), "Chapter 3");
}

TEST_F(EpubTest, Epub2NcxWithNestedNavPointsAndGuide) {
  std::string ncx =
      "<?xml version=\"1.0\"?><ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\"><navMap>"
      "<navPoint id=\"p1\" playOrder=\"1\"><navLabel><text>Part One</text></navLabel><content src=\"part1.html\"/>"
      "  <navPoint id=\"n1\" playOrder=\"2\"><navLabel><text>  The\n First  </text></navLabel>"
      "<content src=\"chap%201.html#c1\"/></navPoint>"
      "  <navPoint id=\"n2\" playOrder=\"3\"><navLabel><text>The Second</text></navLabel>"
      "<content src=\"chap%201.html#c2\"/></navPoint>"
      "</navPoint></navMap></ncx>";
  std::string opf =
      "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\">"
      "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">"
      "<dc:title>Old Book</dc:title><dc:creator opf:role=\"aut\">Bo Writer</dc:creator>"
      "<dc:creator opf:role=\"ill\">Ian Illustrator</dc:creator><dc:language>fr</dc:language>"
      "<meta name=\"cover\" content=\"cimg\"/></metadata><manifest>"
      "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>"
      "<item id=\"wrap\" href=\"coverpage.html\" media-type=\"application/xhtml+xml\"/>"
      "<item id=\"p1\" href=\"part1.html\" media-type=\"application/xhtml+xml\"/>"
      "<item id=\"c1\" href=\"chap%201.html\" media-type=\"application/xhtml+xml\"/>"
      "<item id=\"cimg\" href=\"img/c.jpg\" media-type=\"image/jpeg\"/>"
      "</manifest><spine toc=\"ncx\"><itemref idref=\"wrap\"/><itemref idref=\"p1\"/><itemref idref=\"c1\"/></spine>"
      "<guide><reference type=\"cover\" href=\"coverpage.html\" title=\"Cover\"/></guide></package>";
  WriteEpub(Path("old.epub"), "content.opf", opf,
            {{"toc.ncx", ncx},
             {"coverpage.html", Xhtml("<div><img src=\"img/c.jpg\" alt=\"cover\"/></div><p>Cover text</p>")},
             {"part1.html", Xhtml("<h1>Part One</h1>")},
             {"chap 1.html", Xhtml("<h2 id=\"c1\">I. The First</h2><p>One.</p><p>Uno.</p>"
                                   "<h2><a id=\"c2\"></a>II. The Second</h2><p>Two.</p>")},
             {"img/c.jpg", "JPEG"}});
  Book book = Read(Path("old.epub"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Part One — The First", "The Second"}));
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(book.chapters[0].spoken_title, "Part One. 1. The First.");  // no "Chapter" in French
  EXPECT_EQ(Texts(book.chapters[0]), (std::vector<std::string>{"One.", "Uno."}));
  EXPECT_EQ(Texts(book.chapters[1]), (std::vector<std::string>{"Two."}));
  EXPECT_EQ(book.author, "Bo Writer");
  EXPECT_EQ(book.language, "fr");
  EXPECT_EQ(book.cover.mime_type, "image/jpeg");
  EXPECT_EQ(AllText(book).find("Cover text"), std::string::npos);
}

// One spine file, three chapters: the nav points at fragments.
void WriteOneFileBook(const std::string& path, const std::string& body, const std::string& nav_items,
                      const Files& more = {}, const std::vector<std::vector<std::string>>& more_items = {},
                      const std::vector<std::string>& more_spine = {}) {
  std::vector<std::vector<std::string>> items = {{"nav", "nav.xhtml", kXhtml, "nav"}, {"all", "all.xhtml", kXhtml}};
  items.insert(items.end(), more_items.begin(), more_items.end());
  std::vector<std::string> spine = {"all"};
  spine.insert(spine.end(), more_spine.begin(), more_spine.end());
  Files files = {{"nav.xhtml", Xhtml("<nav epub:type=\"toc\"><ol>" + nav_items + "</ol></nav>")},
                 {"all.xhtml", Xhtml(body)}};
  files.insert(files.end(), more.begin(), more.end());
  WriteEpub(path, "content.opf", Opf3("<dc:title>One File</dc:title>", items, spine), files);
}

TEST_F(EpubTest, OneFileIsSplitWhereTheNavPoints) {
  WriteOneFileBook(Path("one.epub"),
                   "<p>Before any chapter.</p>"
                   "<section id=\"a\"><h1>Alpha</h1><p>A text.</p></section>"
                   "<section id=\"b\"><header><h1>Beta</h1></header><p>B text.</p><h2>A section</h2><p>B more.</p></section>"
                   "<section id=\"c\"><h1>Gamma</h1><p>C text.</p></section>",
                   "<li><a href=\"all.xhtml#a\">Alpha</a></li><li><a href=\"all.xhtml#b\">Beta</a>"
                   "<ol><li><a href=\"all.xhtml#nowhere\">Sub</a></li></ol></li><li><a href=\"all.xhtml#c\">Gamma</a></li>");
  Book book = Read(Path("one.epub"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Chapter 1", "Alpha", "Beta", "Gamma"}));
  ASSERT_EQ(book.chapters.size(), 4u);
  EXPECT_EQ(Texts(book.chapters[0]), (std::vector<std::string>{"Before any chapter."}));
  EXPECT_EQ(Texts(book.chapters[2]), (std::vector<std::string>{"B text.", "A section", "B more."}));
}

// Calibre and InDesign output often has no heading elements: the title is a styled paragraph.
TEST_F(EpubTest, ParagraphsRepeatingTheNavTitleAreTheSpokenTitleNotText) {
  WriteOneFileBook(Path("calibre.epub"),
                   "<div class=\"calibre\" id=\"a\"><p class=\"ch-num\">CHAPTER 1</p><p class=\"ch-title\">The Start</p>"
                   "<p>No.</p><p>Text.</p></div><div id=\"b\"><p>No Way Out</p><p>No.</p></div>",
                   "<li><a href=\"all.xhtml#a\">Chapter 1: The Start</a></li><li><a href=\"all.xhtml#b\">No Way Out</a></li>");
  Book book = Read(Path("calibre.epub"));
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(book.chapters[0].spoken_title, "Chapter 1. The Start.");
  EXPECT_EQ(Texts(book.chapters[0]), (std::vector<std::string>{"No.", "Text."}));
  EXPECT_EQ(book.chapters[1].spoken_title, "No Way Out.");
  EXPECT_EQ(Texts(book.chapters[1]), (std::vector<std::string>{"No."}));
}

TEST_F(EpubTest, NoteReferencesAndNoteBodiesAreNotReadInline) {
  const std::string body =
      "<section id=\"a\"><h1>Alpha</h1>"
      "<p>A claim<a epub:type=\"noteref\" href=\"#n1\">1</a> and another<sup><a href=\"notes.xhtml#e1\">2</a></sup>"
      " and a page<span epub:type=\"pagebreak\" id=\"p7\" title=\"7\">7</span> break.</p>"
      "<aside epub:type=\"footnote\" id=\"n1\"><p>The first note.</p></aside>"
      "<p role=\"doc-pagebreak\">8</p><p>Last.</p></section>";
  const Files notes = {{"notes.xhtml", Xhtml("<section epub:type=\"endnotes\"><h2>Notes</h2><ol>"
                                             "<li id=\"e1\" epub:type=\"endnote\"><p>The end note. "
                                             "<a epub:type=\"backlink\" href=\"all.xhtml\">↩</a></p></li></ol></section>")}};
  const std::vector<std::vector<std::string>> items = {{"notes", "notes.xhtml", kXhtml}};
  WriteOneFileBook(Path("notes.epub"), body, "<li><a href=\"all.xhtml#a\">Alpha</a></li>", notes, items, {"notes"});
  Book skip = Read(Path("notes.epub"));
  ASSERT_EQ(Titles(skip), (std::vector<std::string>{"Alpha"}));
  EXPECT_EQ(Texts(skip.chapters[0]), (std::vector<std::string>{"A claim and another and a page break.", "Last."}));

  ReadOptions options;
  options.footnotes = Footnotes::kEndOfChapter;
  Book end = Read(Path("notes.epub"), options);
  ASSERT_EQ(Titles(end), (std::vector<std::string>{"Alpha"}));
  EXPECT_EQ(Texts(end.chapters[0]),
            (std::vector<std::string>{"A claim and another and a page break.", "Last.", "Notes.", "The first note.",
                                      "The end note."}));
}

// Notes in a plain list in a "Notes" file, referenced with <sup><a>: no epub:type anywhere.
TEST_F(EpubTest, UnmarkedNotesFileIsNotAChapterAndItsNotesAreFoundById) {
  const Files notes = {{"notes.xhtml", Xhtml("<h2>Notes</h2><p id=\"fn1\">1. Unmarked note.</p><p>2. Other.</p>")}};
  WriteOneFileBook(Path("plain-notes.epub"), "<h1 id=\"a\">Alpha</h1><p>Claim.<sup><a href=\"notes.xhtml#fn1\">1</a></sup></p>",
                   "<li><a href=\"all.xhtml#a\">Alpha</a></li><li><a href=\"notes.xhtml\">Notes</a></li>", notes,
                   {{"notes", "notes.xhtml", kXhtml}}, {"notes"});
  Book skip = Read(Path("plain-notes.epub"));
  EXPECT_EQ(Titles(skip), (std::vector<std::string>{"Alpha"}));
  EXPECT_EQ(Texts(skip.chapters.at(0)), (std::vector<std::string>{"Claim."}));
  ReadOptions options;
  options.footnotes = Footnotes::kEndOfChapter;
  Book end = Read(Path("plain-notes.epub"), options);
  EXPECT_EQ(Texts(end.chapters.at(0)), (std::vector<std::string>{"Claim.", "Notes.", "1. Unmarked note."}));
}

TEST_F(EpubTest, SpineFilesWithoutNavEntryContinueOrStartChapters) {
  const Files more = {{"split.xhtml", Xhtml("<p>Continued text.</p>")},
                      {"own.xhtml", Xhtml("<h2>Interlude</h2><p>Own text.</p>")}};
  WriteOneFileBook(Path("spine.epub"), "<h1 id=\"a\">Alpha</h1><p>A text.</p>",
                   "<li><a href=\"all.xhtml\">Alpha</a></li>", more,
                   {{"split", "split.xhtml", kXhtml}, {"own", "own.xhtml", kXhtml}}, {"split", "own"});
  Book book = Read(Path("spine.epub"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Alpha", "Interlude"}));
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(Texts(book.chapters[0]), (std::vector<std::string>{"A text.", "Continued text."}));
}

TEST_F(EpubTest, SsmlPhBecomesAPronunciationSpanAndPlsLexiconsAreListed) {
  const std::string pls =
      "<?xml version=\"1.0\"?><lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" "
      "alphabet=\"ipa\" xml:lang=\"en\"><lexeme><grapheme>Zorblax</grapheme><phoneme>ˈzɔːblæks</phoneme></lexeme></lexicon>";
  WriteOneFileBook(Path("ph.epub"),
                   "<h1 id=\"a\">Alpha</h1><p ssml:alphabet=\"x-espeak\">Hello <span ssml:ph=\"k'u:\">Qoo</span>"
                   " and <em ssml:alphabet=\"ipa\" ssml:ph=\"ˈtoʊ.mɑː.toʊ\">tomato</em>!</p>",
                   "<li><a href=\"all.xhtml#a\">Alpha</a></li>", {{"lex/book.pls", pls}},
                   {{"pls", "lex/book.pls", "application/pls+xml"}});
  Book book = Read(Path("ph.epub"));
  ASSERT_EQ(book.chapters.size(), 1u);
  const Paragraph& p = book.chapters[0].paragraphs.at(0);
  EXPECT_EQ(p.text, "Hello Qoo and tomato!");
  ASSERT_EQ(p.pronunciations.size(), 2u);
  EXPECT_EQ(p.text.substr(p.pronunciations[0].offset, p.pronunciations[0].length), "Qoo");
  EXPECT_EQ(p.pronunciations[0].phonemes, "k'u:");
  EXPECT_EQ(p.pronunciations[0].alphabet, "x-espeak");  // inherited from the <p>
  EXPECT_EQ(p.text.substr(p.pronunciations[1].offset, p.pronunciations[1].length), "tomato");
  EXPECT_EQ(p.pronunciations[1].alphabet, "ipa");
  ASSERT_EQ(book.lexicons.size(), 1u);
  EXPECT_EQ(book.lexicons[0].content, pls);
  EXPECT_NE(book.lexicons[0].name.find("lex/book.pls"), std::string::npos);
}

TEST_F(EpubTest, AltTextIsReadOnlyWhenAsked) {
  WriteOneFileBook(Path("alt.epub"), "<h1 id=\"a\">Alpha</h1><p>See <img src=\"x.png\" alt=\"a red fox\"/> here.</p>",
                   "<li><a href=\"all.xhtml#a\">Alpha</a></li>");
  EXPECT_EQ(Read(Path("alt.epub")).chapters.at(0).paragraphs.at(0).text, "See here.");
  ReadOptions options;
  options.alt_text = true;
  EXPECT_EQ(Read(Path("alt.epub"), options).chapters.at(0).paragraphs.at(0).text, "See a red fox here.");
}

// Standard Ebooks: numbered noterefs into endnotes.xhtml, whose items carry no epub:type of their
// own and end in a backlink. The endnotes file sits between chapters here; it is never a chapter.
TEST_F(EpubTest, StandardEbooksEndnotesFollowTheFootnotesOptionAndAreNeverAChapter) {
  const std::string nav = Xhtml(
      "<nav epub:type=\"toc\"><ol><li><a href=\"text/chapter-1.xhtml\">I</a></li>"
      "<li><a href=\"text/endnotes.xhtml\">Endnotes</a></li><li><a "
      "href=\"text/chapter-2.xhtml\">II</a></li></ol></nav>");
  const std::string endnotes = Xhtml(
      "<section id=\"endnotes\" epub:type=\"endnotes\"><h2 epub:type=\"title\">Endnotes</h2><ol>"
      "<li id=\"note-1\"><p>See subsequent chapters. <a href=\"chapter-1.xhtml#noteref-1\" "
      "epub:type=\"backlink\">↩</a>"
      "</p></li><li id=\"note-2\"><p>A second note.</p><p>Its second paragraph. <a "
      "href=\"chapter-2.xhtml#noteref-2\" "
      "epub:type=\"backlink\">↩</a></p></li></ol></section>",
      " epub:type=\"backmatter\"");
  auto chapter = [](const char* numeral, const char* text, int note) {
    const std::string n = std::to_string(note);
    return Xhtml(
        std::string("<section epub:type=\"chapter\"><h2 epub:type=\"title z3998:roman\">") +
        numeral + "</h2><p>" + text + "<a href=\"endnotes.xhtml#note-" + n + "\" id=\"noteref-" +
        n + "\" epub:type=\"noteref\">" + n + "</a> goes on.</p></section>");
  };
  const std::string opf = Opf3("<dc:title>Notes</dc:title><dc:language>en</dc:language>",
                               {{"nav", "nav.xhtml", kXhtml, "nav"},
                                {"c1", "text/chapter-1.xhtml", kXhtml},
                                {"en", "text/endnotes.xhtml", kXhtml},
                                {"c2", "text/chapter-2.xhtml", kXhtml}},
                               {"c1", "en", "c2"});
  WriteEpub(Path("se.epub"), "epub/content.opf", opf,
            {{"epub/nav.xhtml", nav},
             {"epub/text/chapter-1.xhtml", chapter("I", "The whale", 1)},
             {"epub/text/endnotes.xhtml", endnotes},
             {"epub/text/chapter-2.xhtml", chapter("II", "The ship", 2)}});
  Book skip = Read(Path("se.epub"));
  EXPECT_EQ(Titles(skip), (std::vector<std::string>{"I", "II"}));
  EXPECT_EQ(AllText(skip), "Chapter 1.\nThe whale goes on.\nChapter 2.\nThe ship goes on.\n");
  ReadOptions options;
  options.footnotes = Footnotes::kEndOfChapter;
  Book end = Read(Path("se.epub"), options);
  EXPECT_EQ(Titles(end), (std::vector<std::string>{"I", "II"}));
  EXPECT_EQ(Texts(end.chapters.at(0)),
            (std::vector<std::string>{"The whale goes on.", "Notes.", "See subsequent chapters."}));
  EXPECT_EQ(Texts(end.chapters.at(1)),
            (std::vector<std::string>{"The ship goes on.", "Notes.", "A second note.",
                                      "Its second paragraph."}));
}

// z3998:roman marks a numeral: shown as written, said as a number.
TEST_F(EpubTest, RomanNumeralsTheBookMarksAreSpokenAsNumbers) {
  WriteOneFileBook(
      Path("roman.epub"),
      "<section id=\"a\"><h2 epub:type=\"title z3998:roman\">XIV</h2><p>One.</p></section>"
      "<section id=\"b\"><hgroup><h2 epub:type=\"z3998:ordinal z3998:roman\">IV</h2>"
      "<p epub:type=\"title\">Loomings</p></hgroup><p>Two.</p></section>"
      "<section id=\"c\"><h2>Book <span epub:type=\"z3998:roman\">ii</span>: The "
      "Return</h2><p>Three.</p>"
      "<h3 epub:type=\"z3998:roman\">II</h3><p>Four.</p></section>",
      "<li><a href=\"all.xhtml#a\">XIV</a></li><li><a href=\"all.xhtml#b\">IV: Loomings</a></li>"
      "<li><a href=\"all.xhtml#c\">Book ii: The Return</a></li>");
  Book book = Read(Path("roman.epub"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"XIV", "IV: Loomings", "Book ii: The Return"}));
  EXPECT_EQ(book.chapters.at(0).spoken_title, "Chapter 14.");
  EXPECT_EQ(book.chapters.at(1).spoken_title, "Chapter 4. Loomings.");
  EXPECT_EQ(book.chapters.at(2).spoken_title,
            "Book 2. The Return.");  // "ii" is a number only as marked
  EXPECT_EQ(Texts(book.chapters.at(2)),
            (std::vector<std::string>{"Three.", "2", "Four."}));  // a section's number
}

// A story's numbered sections ("A Scandal in Bohemia" › "I", "II") are not chapters of their own;
// one that opens a file of its own is, named with its story.
TEST_F(EpubTest, NumberedSectionsAreNotChaptersAndKeepTheirParentsTitle) {
  const std::string nav = Xhtml(
      "<nav epub:type=\"toc\"><ol><li><a href=\"poems.xhtml#stanzas\">Stanzas</a><ol>"
      "<li><a href=\"poems.xhtml#stanzas-1\" epub:type=\"z3998:roman\">I</a></li>"
      "<li><a href=\"poems.xhtml#stanzas-2\" epub:type=\"z3998:roman\">II</a></li></ol></li>"
      "<li><a href=\"scandal.xhtml\">A Scandal in Bohemia</a><ol><li><a "
      "href=\"scandal.xhtml#s1\">I</a></li>"
      "<li><a href=\"scandal-2.xhtml\">II</a></li></ol></li></ol></nav>");
  const std::string opf = Opf3("<dc:title>Sections</dc:title>",
                               {{"nav", "nav.xhtml", kXhtml, "nav"},
                                {"p", "poems.xhtml", kXhtml},
                                {"s", "scandal.xhtml", kXhtml},
                                {"s2", "scandal-2.xhtml", kXhtml}},
                               {"p", "s", "s2"});
  WriteEpub(
      Path("sections.epub"), "content.opf", opf,
      {{"nav.xhtml", nav},
       {"poems.xhtml",
        Xhtml("<article id=\"stanzas\" epub:type=\"z3998:poem\"><h2>Stanzas</h2>"
              "<section id=\"stanzas-1\"><h3 epub:type=\"z3998:roman\">I</h3><p><span>In youth"
              "</span><br/><span class=\"i1\">I have known</span></p></section>"
              "<section id=\"stanzas-2\"><h3 epub:type=\"z3998:roman\">II</h3><p><span>Perhaps"
              "</span><br/><span>it may be</span></p></section></article>")},
       {"scandal.xhtml",
        Xhtml("<h2>A Scandal in Bohemia</h2><section id=\"s1\"><h3>I.</h3><p>To Sherlock."
              "</p></section>")},
       {"scandal-2.xhtml", Xhtml("<section><h3>II.</h3><p>At three.</p></section>")}});
  Book book = Read(Path("sections.epub"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Stanzas", "A Scandal in Bohemia",
                                                    "A Scandal in Bohemia — II"}));
  EXPECT_EQ(Texts(book.chapters.at(0)),
            (std::vector<std::string>{"1", "In youth\nI have known", "2", "Perhaps\nit may be"}));
}

// Chapters numbered afresh in each part are named with the part: "Erster Teil — 2".
TEST_F(EpubTest, NumberedChaptersOfAPartKeepThePartsTitle) {
  WriteOneFileBook(Path("parts.epub"),
                   "<h2 id=\"p1\">Erster Teil.</h2><h3 id=\"c1\">1.</h3><p>Alle.</p><h3 id=\"c2\">2.</h3>"
                   "<p>Stefan.</p><h2 id=\"p2\">Zweiter Teil.</h2><h3 id=\"c3\">1.</h3><p>Er.</p>",
                   "<li><a href=\"all.xhtml#p1\">Erster Teil.</a><ol><li><a href=\"all.xhtml#c1\">1.</a></li>"
                   "<li><a href=\"all.xhtml#c2\">2.</a></li></ol></li><li><a href=\"all.xhtml#p2\">Zweiter Teil."
                   "</a><ol><li><a href=\"all.xhtml#c3\">1.</a></li></ol></li>");
  Book book = Read(Path("parts.epub"));
  EXPECT_EQ(Titles(book),
            (std::vector<std::string>{"Erster Teil — 1", "Erster Teil — 2", "Zweiter Teil — 1"}));
}

TEST_F(EpubTest, ListsAndTablesAreReadAsSeparateLines) {
  WriteOneFileBook(Path("list.epub"),
                   "<h1 id=\"a\">Alpha</h1><ul><li>Eggs</li><li>Milk <em>fresh</em></li></ul>"
                   "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>12</td></tr></table>",
                   "<li><a href=\"all.xhtml#a\">Alpha</a></li>");
  EXPECT_EQ(Texts(Read(Path("list.epub")).chapters.at(0)),
            (std::vector<std::string>{"Eggs", "Milk fresh", "Name, Age", "Ann, 12"}));
}

TEST_F(EpubTest, GutenbergHeaderAndLicenceAreNotRead) {
  WriteOneFileBook(Path("pg.epub"),
                   "<section class=\"pg-boilerplate\" id=\"pg-header\"><p>The Project Gutenberg eBook of X</p></section>"
                   "<p>*** START OF THE PROJECT GUTENBERG EBOOK X ***</p><h1 id=\"a\">Alpha</h1><p>Real text.</p>"
                   "<p>*** END OF THE PROJECT GUTENBERG EBOOK X ***</p><p>Section 1. General Terms of Use</p>",
                   "<li><a href=\"all.xhtml#a\">Alpha</a></li>");
  Book book = Read(Path("pg.epub"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Alpha"}));
  EXPECT_EQ(AllText(book), "Alpha.\nReal text.\n");
}

// A converter that puts the whole book in one file and points the guide's "toc" at it.
TEST_F(EpubTest, WhenEverySpineFileLooksLikeFrontMatterTheyAreReadAfterAll) {
  std::string opf =
      "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\">"
      "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>All In One</dc:title></metadata>"
      "<manifest><item id=\"x\" href=\"contents.html\" media-type=\"application/xhtml+xml\"/></manifest>"
      "<spine><itemref idref=\"x\"/></spine><guide><reference type=\"toc\" href=\"contents.html\"/></guide></package>";
  WriteEpub(Path("aio.epub"), "content.opf", opf,
            {{"contents.html", Xhtml("<h2>One</h2><p>Uno.</p><h2>Two</h2><p>Dos.</p>")}});
  Book book = Read(Path("aio.epub"));
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"One", "Two"}));
}

// --- broken archives: a one-line error naming the file, no crash.

TEST_F(EpubTest, NotAZipIsAnError) {
  testing::WriteFile(Path("fake.epub"), "just some text, not a zip");
  EXPECT_EQ(Error(Path("fake.epub")), Path("fake.epub") + ": not a zip archive");
}

TEST_F(EpubTest, MissingContainerIsAnError) {
  testing::WriteZip(Path("nocontainer.epub"), {{"mimetype", "application/epub+zip", true, ""}});
  EXPECT_EQ(Error(Path("nocontainer.epub")), Path("nocontainer.epub") + ": not an EPUB (no META-INF/container.xml)");
}

TEST_F(EpubTest, MissingSpineFileIsAnError) {
  WriteEpub(Path("missing.epub"), "content.opf",
            Opf3("<dc:title>T</dc:title>", {{"c1", "ch1.xhtml", kXhtml}}, {"c1"}), {});
  EXPECT_EQ(Error(Path("missing.epub")), Path("missing.epub") + ": spine file ch1.xhtml is missing from the archive");
}

TEST_F(EpubTest, PathEscapingTheArchiveIsAnError) {
  WriteEpub(Path("escape.epub"), "OEBPS/content.opf",
            Opf3("<dc:title>T</dc:title>", {{"c1", "../../etc/passwd", kXhtml}}, {"c1"}), {});
  EXPECT_EQ(Error(Path("escape.epub")), Path("escape.epub") + ": \"../../etc/passwd\" escapes the archive");
  testing::WriteZip(Path("slip.epub"), {{"mimetype", "application/epub+zip", true, ""}, {"../evil.xhtml", "x", false, ""}});
  EXPECT_EQ(Error(Path("slip.epub")), Path("slip.epub") + ": entry \"../evil.xhtml\" escapes the archive");
}

TEST_F(EpubTest, DrmEncryptedContentIsAnErrorButFontObfuscationIsNot) {
  auto encryption = [](const std::string& algorithm, const std::string& uri) {
    return "<?xml version=\"1.0\"?><encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\" "
           "xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\"><enc:EncryptedData><enc:EncryptionMethod Algorithm=\"" +
           algorithm + "\"/><enc:CipherData><enc:CipherReference URI=\"" + uri +
           "\"/></enc:CipherData></enc:EncryptedData></encryption>";
  };
  const std::string opf = Opf3("<dc:title>T</dc:title>", {{"c1", "ch1.xhtml", kXhtml}}, {"c1"});
  const std::string chapter = Xhtml("<h1>One</h1><p>Text.</p>");
  WriteEpub(Path("font.epub"), "content.opf", opf,
            {{"ch1.xhtml", chapter},
             {"META-INF/encryption.xml", encryption("http://www.idpf.org/2008/embedding", "fonts/a.otf")}});
  EXPECT_EQ(Read(Path("font.epub")).chapters.size(), 1u);
  WriteEpub(Path("drm.epub"), "content.opf", opf,
            {{"ch1.xhtml", chapter},
             {"META-INF/encryption.xml", encryption("http://www.w3.org/2001/04/xmlenc#aes128-cbc", "ch1.xhtml")}});
  EXPECT_EQ(Error(Path("drm.epub")),
            Path("drm.epub") + ": content is encrypted (DRM, ch1.xhtml); narrate reads only DRM-free books");
}

TEST_F(EpubTest, PasswordProtectedEntryIsAnError) {
  testing::WriteZip(Path("aes.epub"),
                    {{"mimetype", "application/epub+zip", true, ""},
                     {"META-INF/container.xml", "<container/>", false, "secret"}});
  EXPECT_EQ(Error(Path("aes.epub")),
            Path("aes.epub") + ": META-INF/container.xml is encrypted (password-protected archive)");
}

TEST_F(EpubTest, EntryInflatingBeyondTheLimitIsRefusedOnBytesRead) {
  const std::string opf = Opf3("<dc:title>T</dc:title>", {{"c1", "ch1.xhtml", kXhtml}}, {"c1"});
  std::string big = Xhtml("<h1>One</h1><p>" + std::string(3 << 20, 'a') + "</p>");  // 3 MB, compresses to kB
  WriteEpub(Path("bomb.epub"), "content.opf", opf, {{"ch1.xhtml", big}});
  internal::ZipLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_total_bytes = 2 << 20;
  Result<Book> book = internal::ReadEpub(Path("bomb.epub"), {}, limits);
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(),
            Path("bomb.epub") + ": ch1.xhtml inflates to more than 1 MiB (limit per entry)");
  // The archive's stated size is not trusted: lie about it in both headers.
  std::string bytes = testing::ReadFile(Path("bomb.epub"));
  const std::string name = "ch1.xhtml";
  for (std::size_t at = bytes.find(name); at != std::string::npos; at = bytes.find(name, at + 1)) {
    bool central = at >= 46 && bytes.compare(at - 46, 4, "PK\x01\x02") == 0;
    bool local = at >= 30 && bytes.compare(at - 30, 4, "PK\x03\x04") == 0;
    if (central) bytes.replace(at - 46 + 24, 4, std::string("\x10\x00\x00\x00", 4));
    if (local) bytes.replace(at - 30 + 22, 4, std::string("\x10\x00\x00\x00", 4));
  }
  testing::WriteFile(Path("liar.epub"), bytes);
  Result<Book> liar = internal::ReadEpub(Path("liar.epub"), {}, limits);
  EXPECT_FALSE(liar.ok());
}

// A real book, when the environment names one (NARRATE_REAL_EPUB=path): not
// in the repository; e.g. a Standard Ebooks source tree zipped as an EPUB.
TEST_F(EpubTest, RealEpubWhenPresentHasTitledChaptersAndNoFrontMatter) {
  const char* path = std::getenv("NARRATE_REAL_EPUB");
  if (!path || !fs::exists(path)) GTEST_SKIP() << "set NARRATE_REAL_EPUB to an EPUB to run this";
  Book book = Read(path);
  EXPECT_FALSE(book.title.empty());
  EXPECT_FALSE(book.author.empty());
  EXPECT_GT(book.chapters.size(), 3u);
  for (const Chapter& c : book.chapters) {
    EXPECT_FALSE(c.title.empty());
    EXPECT_FALSE(c.paragraphs.empty()) << c.title;
    for (const char* front : {"Contents", "Table of Contents", "Cover", "Title Page", "Copyright", "Colophon"}) {
      EXPECT_NE(c.title, front);
    }
  }
}

// --- single HTML files

TEST_F(EpubTest, HtmlFileHeadingsMakeChaptersAndBrokenMarkupIsTolerated) {
  testing::WriteFile(Path("story.html"),
                     "<html><head><title>Fallback</title><script>var x = 1;</script></head><body>"
                     "<h1>My Story</h1><h2>One</h2><p>First &amp; foremost&nbsp;&hellip;<p>Unclosed para"
                     "<h2>Two</h2><div>Div text<br><br>after two breaks</div><ol><li>item <b>one<li>item two</ol>"
                     "</body>");
  Book book = Read(Path("story.html"));
  EXPECT_EQ(book.title, "My Story");
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"One", "Two"}));
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(Texts(book.chapters[0]), (std::vector<std::string>{"First & foremost \u2026", "Unclosed para"}));
  EXPECT_EQ(Texts(book.chapters[1]),
            (std::vector<std::string>{"Div text", "after two breaks", "item one", "item two"}));
}

// The shape of a Project Gutenberg HTML book: boilerplate, a title, a contents list of links, chapters.
TEST_F(EpubTest, GutenbergStyleHtmlReadsOnlyTheChapters) {
  testing::WriteFile(Path("pg.html"),
                     "<!DOCTYPE html><html lang=\"en\"><head><title>The Project Gutenberg eBook of Tale</title></head><body>"
                     "<section class=\"pg-boilerplate pgheader\" id=\"pg-header\"><h2>The Project Gutenberg eBook of Tale</h2>"
                     "<div id=\"pg-start-separator\">*** START OF THE PROJECT GUTENBERG EBOOK TALE ***</div></section>"
                     "<h1>TALE</h1><h2>CONTENTS</h2><table><tr><td><a href=\"#ch1\">CHAPTER I.</a></td></tr>"
                     "<tr><td><a href=\"#ch2\">CHAPTER II.</a></td></tr></table>"
                     "<p class=\"toc\"><a href=\"#ch1\">Chapter I</a> <a href=\"#ch2\">Chapter II</a></p>"
                     "<div class=\"chapter\"><h2><a id=\"ch1\"></a>CHAPTER I.</h2><p>First.<span class=\"pagenum\">"
                     "<a id=\"Page_1\">[Pg 1]</a></span> Still first.</p></div>"
                     "<div class=\"chapter\"><h2><a href=\"#toc\" id=\"ch2\">CHAPTER II.</a></h2><p>Second.</p></div>"
                     "<section class=\"pg-boilerplate pgfooter\" id=\"pg-footer\"><p>*** END OF THE PROJECT GUTENBERG EBOOK TALE ***</p>"
                     "<p>Licence text.</p></section></body></html>");
  Book book = Read(Path("pg.html"));
  EXPECT_EQ(book.title, "Tale");  // from Gutenberg's header, not the title page's capitals
  EXPECT_EQ(Titles(book), (std::vector<std::string>{"Chapter I", "Chapter II"}));
  EXPECT_EQ(AllText(book), "Chapter 1.\nFirst. Still first.\nChapter 2.\nSecond.\n");
}

TEST_F(EpubTest, HtmlWithoutHeadingsIsOneChapterNamedByItsTitle) {
  testing::WriteFile(Path("plain.xhtml"), Xhtml("<p>Just text.</p>"));
  Book book = Read(Path("plain.xhtml"));
  EXPECT_EQ(book.title, "t");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(Texts(book.chapters[0]), (std::vector<std::string>{"Just text."}));
}

TEST_F(EpubTest, MarkdownListsAndEmphasisAreReadWithoutMarkers) {
  testing::WriteFile(Path("notes.md"), "# Title\n\n## Shopping\n\n- **Eggs** and _milk_\n- `bread`\n\n1. *First*\n");
  Book book = Read(Path("notes.md"));
  std::string all = AllText(book);
  for (const char* marker : {"*", "#", "_", "`", "- "}) EXPECT_EQ(all.find(marker), std::string::npos) << all;
  EXPECT_NE(all.find("Eggs and milk"), std::string::npos) << all;
}

}  // namespace
}  // namespace narrate::source
