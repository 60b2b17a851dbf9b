// Books that are not UTF-8: legacy 8-bit encodings (ISO-8859-1, windows-1252,
// what a Gutenberg header declares), UTF-16/32, and binaries that are still
// refused; in plain text, HTML and through the `narrate` program.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "source/book.h"
#include "tests/support/probe.h"

namespace narrate::source {
namespace {

namespace fs = std::filesystem;
using std::string_literals::operator""s;
using Strings = std::vector<std::string>;

Book Parse(std::string_view content, const std::string& path = "book.txt") {
  Result<Book> book = ParseBook(content, path);
  EXPECT_TRUE(book.ok()) << book.status().message();
  return book.ok() ? *book : Book{};
}

std::string ParseError(std::string_view content, const std::string& path = "book.txt") {
  Result<Book> book = ParseBook(content, path);
  EXPECT_FALSE(book.ok()) << "accepted: " << std::string(content);
  return book.ok() ? "" : book.status().message();
}

Strings Titles(const Book& book) {
  Strings out;
  for (const Chapter& c : book.chapters) out.push_back(c.title);
  return out;
}

Strings Texts(const Book& book) {
  Strings out;
  for (const Chapter& c : book.chapters) {
    for (const Paragraph& p : c.paragraphs) out.push_back(p.text);
  }
  return out;
}

// u"Hé" → "H\0\xE9\0" (little-endian) or "\0H\0\xE9" (big-endian).
std::string Utf16(std::u16string_view text, bool big_endian) {
  std::string out;
  for (char16_t unit : text) {
    char lo = static_cast<char>(unit & 0xFF), hi = static_cast<char>(unit >> 8);
    out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
  }
  return out;
}

std::string Utf32Le(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) {
    for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((c >> shift) & 0xFF);
  }
  return out;
}

// ---- Legacy 8-bit text ------------------------------------------------------------

TEST(LegacyText, Latin1IsConvertedExactly) {
  Book book = Parse(
      "Chapter 1\n\nLe caf\xe9 de la gare \xe9tait plein. M\xfcller lisait le journal,\n"
      "et la serveuse apportait des cr\xeapes.\n\nChapter 2\n\nA\xef"
      "da dit: \xab Non. \xbb\n");
  EXPECT_EQ(Titles(book), (Strings{"Chapter 1", "Chapter 2"}));
  EXPECT_EQ(Texts(book), (Strings{"Le café de la gare était plein. Müller lisait le journal, et la "
                                  "serveuse apportait des crêpes.",
                                  "Aïda dit: « Non. »"}));
  EXPECT_EQ(book.notices, (Strings{"book.txt: not UTF-8; read as ISO-8859-1"}));
}

TEST(LegacyText, Cp1252QuotesAndDashes) {
  Book book = Parse("\x93Hello,\x94 she said \x97 and left. It\x92s cold\x85\n", "q.txt");
  EXPECT_EQ(Texts(book), (Strings{"“Hello,” she said — and left. It’s cold…"}));
  EXPECT_EQ(book.notices, (Strings{"q.txt: not UTF-8; read as windows-1252"}));
}

TEST(LegacyText, AStrayByteInAsciiTextIsLatin1) {
  Book book = Parse("Hello\nwor\xffld\n");
  EXPECT_EQ(Texts(book), (Strings{"Hello worÿld"}));
  EXPECT_EQ(book.notices, (Strings{"book.txt: not UTF-8; read as ISO-8859-1"}));
}

TEST(LegacyText, LineNumbersAreKept) {
  Book book = Parse("Chapter 1\r\n\r\nCaf\xe9.\r\n\r\nSecond\xa0one.\r\n");
  ASSERT_EQ(book.chapters.size(), 1u);
  EXPECT_EQ(book.chapters[0].paragraphs.at(0).line, 3);
  EXPECT_EQ(book.chapters[0].paragraphs.at(1).line, 5);
}

TEST(LegacyText, Utf8WithAStrayByteKeepsTheLineAndColumnError) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "“Quoted” words — and café.\n";
  text += "Latin-1 caf\xe9!\n";
  EXPECT_EQ(ParseError(text), "book.txt:51: not UTF-8 text (byte 0xe9 at column 12)");
  EXPECT_EQ(ParseError("é\xff"), "book.txt:1: not UTF-8 text (byte 0xff at column 3)");
}

TEST(LegacyText, Utf8AndAsciiHaveNoNotice) {
  EXPECT_TRUE(Parse("Plain ASCII text.\n").notices.empty());
  EXPECT_TRUE(Parse("“Curly” café — ü.\n").notices.empty());
  Book bom = Parse(
      "\xEF\xBB\xBF"
      "Chapter 1\r\n\r\nText\r\nhere.\rMore.\n");
  EXPECT_TRUE(bom.notices.empty());
  EXPECT_EQ(Titles(bom), (Strings{"Chapter 1"}));
  EXPECT_EQ(Texts(bom), (Strings{"Text here. More."}));
}

// ---- What a Project Gutenberg header declares ---------------------------------------

std::string GutenbergBook(const std::string& encoding, const std::string& body) {
  return "The Project Gutenberg eBook of Tales, by Ann Vask\r\n\r\nTitle: Tales\r\n\r\n"
         "Author: Ann Vask\r\n\r\nLanguage: English\r\n\r\nCharacter set encoding: " +
         encoding + "\r\n\r\n*** START OF THE PROJECT GUTENBERG EBOOK TALES ***\r\n\r\n" + body +
         "\r\n\r\n*** END OF THE PROJECT GUTENBERG EBOOK TALES ***\r\n\r\nLicence.\r\n";
}

TEST(GutenbergDeclared, Iso88591) {
  Book book = Parse(GutenbergBook("ISO-8859-1", "Chapter 1\r\n\r\nNa\xefve caf\xe9."), "pg.txt");
  EXPECT_EQ(book.title, "Tales");
  EXPECT_EQ(Texts(book), (Strings{"Naïve café."}));
  EXPECT_EQ(book.notices, (Strings{"pg.txt: not UTF-8; read as ISO-8859-1"}));
}

TEST(GutenbergDeclared, OtherSpellingsOfTheName) {
  for (const char* name : {"ISO Latin-1", "ISO-Latin-1", "Latin1", "iso-8859-1"}) {
    Book book = Parse(GutenbergBook(name, "Caf\xe9."));
    EXPECT_EQ(Texts(book), (Strings{"Café."})) << name;
    EXPECT_EQ(book.notices, (Strings{"book.txt: not UTF-8; read as ISO-8859-1"})) << name;
  }
  Book cp = Parse(GutenbergBook("CP-1252", "\x93Yes\x94."));
  EXPECT_EQ(Texts(cp), (Strings{"“Yes”."}));
  EXPECT_EQ(cp.notices, (Strings{"book.txt: not UTF-8; read as windows-1252"}));
}

TEST(GutenbergDeclared, TheDeclaredEncodingWins) {
  // 0xB1 0xE6: "±æ" in Latin-1, "ąć" in Latin-2.
  Book book = Parse(GutenbergBook("ISO-8859-2", "Ksi\xb1\xbfka i \xb6wiat\xb3o s\xb1 tu."));
  EXPECT_EQ(Texts(book), (Strings{"Książka i światło są tu."}));
  EXPECT_EQ(book.notices, (Strings{"book.txt: not UTF-8; read as ISO-8859-2"}));
}

TEST(GutenbergDeclared, AnEncodingTheDetectorDoesNotKnow) {
  // 0xA4: "€" in ISO-8859-15, "¤" in ISO-8859-1.
  Book book = Parse(GutenbergBook("ISO-8859-15", "It cost 5 \xa4, said the ma\xeetre."));
  EXPECT_EQ(Texts(book), (Strings{"It cost 5 €, said the maître."}));
  EXPECT_EQ(book.notices, (Strings{"book.txt: not UTF-8; read as ISO-8859-15"}));
}

TEST(GutenbergDeclared, Latin1WithC1BytesIsWindows1252) {
  Book book = Parse(GutenbergBook("ISO-8859-1",
                                  "\x93"
                                  "Caf\xe9,\x94 he said."));
  EXPECT_EQ(Texts(book), (Strings{"“Café,” he said."}));
  EXPECT_EQ(book.notices, (Strings{"book.txt: not UTF-8; read as windows-1252"}));
}

TEST(GutenbergDeclared, ADeclarationThatDoesNotDecodeIsIgnored) {
  Book utf8 = Parse(GutenbergBook("UTF-8", "Caf\xe9 and cr\xeapes."));
  EXPECT_EQ(Texts(utf8), (Strings{"Café and crêpes."}));
  EXPECT_EQ(utf8.notices, (Strings{"book.txt: not UTF-8; read as ISO-8859-1"}));
  Book ascii = Parse(GutenbergBook("ASCII", "Caf\xe9."));
  EXPECT_EQ(Texts(ascii), (Strings{"Café."}));
}

// ---- UTF-16 and UTF-32 ---------------------------------------------------------------

const char16_t kWide[] = u"Chapter 1\r\n\r\nCafé “ok” — 猫.\r\n\r\nChapter 2\r\n\r\nDone.\r\n";

void ExpectWideBook(const Book& book, const std::string& notice) {
  EXPECT_EQ(Titles(book), (Strings{"Chapter 1", "Chapter 2"}));
  EXPECT_EQ(Texts(book), (Strings{"Café “ok” — 猫.", "Done."}));
  EXPECT_EQ(book.chapters.at(1).paragraphs.at(0).line, 7);
  EXPECT_EQ(book.notices, (Strings{notice}));
}

TEST(WideText, Utf16WithByteOrderMark) {
  ExpectWideBook(Parse("\xFF\xFE" + Utf16(kWide, false)), "book.txt: not UTF-8; read as UTF-16LE");
  ExpectWideBook(Parse("\xFE\xFF" + Utf16(kWide, true)), "book.txt: not UTF-8; read as UTF-16BE");
}

TEST(WideText, Utf16WithoutByteOrderMark) {
  ExpectWideBook(Parse(Utf16(kWide, false)), "book.txt: not UTF-8; read as UTF-16LE");
  ExpectWideBook(Parse(Utf16(kWide, true)), "book.txt: not UTF-8; read as UTF-16BE");
}

TEST(WideText, Utf32WithByteOrderMark) {
  ExpectWideBook(Parse(Utf32Le(U"\uFEFF" + std::u32string(U"Chapter 1\r\n\r\nCafé “ok” — 猫.\r\n"
                                                          U"\r\nChapter 2\r\n\r\nDone.\r\n"))),
                 "book.txt: not UTF-8; read as UTF-32LE");
}

TEST(WideText, BrokenUtf16IsBinary) {
  // An unpaired surrogate.
  EXPECT_EQ(ParseError("\xFF\xFE" + Utf16(u"Text ", false) +
                       "\x00\xD8"
                       "A\0"s),
            "book.txt: binary file, not text");
}

// ---- Binaries ---------------------------------------------------------------------------

std::string RandomBytes(std::size_t n, bool with_nul, unsigned seed) {
  std::mt19937 random(seed);
  std::string out;
  while (out.size() < n) {
    char c = static_cast<char>(random() & 0xFF);
    if (c != '\0' || with_nul) out += c;
  }
  return out;
}

TEST(Binary, MagicBytes) {
  EXPECT_EQ(ParseError("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s, "p.txt"), "p.txt: binary file, not text");
  EXPECT_EQ(ParseError("\x89PNG\r\n\x1a\nIHDR\xff\xfe"s, "p.txt"), "p.txt: binary file, not text");
  EXPECT_EQ(ParseError("PK\x03\x04\x14\0\x08\0"s, "z.txt"), "z.txt: binary file, not text");
  EXPECT_EQ(ParseError("\x7f"
                       "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0"s,
                       "e.txt"),
            "e.txt: binary file, not text");
}

TEST(Binary, RandomBytes) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    EXPECT_EQ(ParseError(RandomBytes(4096, true, seed), "r.bin"), "r.bin: binary file, not text");
    EXPECT_EQ(ParseError(RandomBytes(4096, false, seed), "r.bin"), "r.bin: binary file, not text");
  }
}

TEST(Binary, NulBytesInAsciiText) {
  EXPECT_EQ(ParseError("abc\0def"s, "data.bin"), "data.bin: binary file, not text");
  EXPECT_EQ(ParseError("Some text\0\0\0\0 and more text here\0\1\2\3"s),
            "book.txt: binary file, not text");
}

TEST(Binary, ControlByteSoup) {
  std::string soup;
  for (int i = 0; i < 400; ++i) soup += "ab\x01\xe9\x02\x1c"[i % 6];
  EXPECT_EQ(ParseError(soup), "book.txt: binary file, not text");
}

// ---- Files, HTML ------------------------------------------------------------------------

class EncodingFiles : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = narrate::testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    narrate::testing::WriteFile(dir_ + "/" + name, content);
    return dir_ + "/" + name;
  }
  Book Read(const std::string& path) {
    Result<Book> book = ReadBook(path);
    EXPECT_TRUE(book.ok()) << book.status().message();
    return book.ok() ? *book : Book{};
  }
  std::string dir_;
};

TEST_F(EncodingFiles, ReadBookCarriesTheNotice) {
  std::string path = Write("old.txt", "First line.\r\nSecond caf\xe9.\r\n");
  Book book = Read(path);
  EXPECT_EQ(Texts(book), (Strings{"First line. Second café."}));
  EXPECT_EQ(book.notices, (Strings{path + ": not UTF-8; read as ISO-8859-1"}));
}

TEST_F(EncodingFiles, LegacyHtmlWithoutCharset) {
  std::string path = Write("old.htm",
                           "<html><head><title>Caf\xe9s</title></head><body><h1>Caf\xe9s</h1>"
                           "<p>\x93Quoted,\x94 she said \x97 at the caf\xe9.</p></body></html>");
  Book book = Read(path);
  EXPECT_EQ(book.title, "Cafés");
  EXPECT_EQ(Texts(book), (Strings{"“Quoted,” she said — at the café."}));
  EXPECT_EQ(book.notices, (Strings{path + ": not UTF-8; read as windows-1252"}));
}

TEST_F(EncodingFiles, HtmlThatDeclaresItsCharsetIsLeftToLibxml2) {
  std::string path = Write("decl.html",
                           "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                           "charset=iso-8859-2\"></head><body><p>Ksi\xb1\xbfka.</p></body></html>");
  Book book = Read(path);
  EXPECT_EQ(Texts(book), (Strings{"Książka."}));
  EXPECT_TRUE(book.notices.empty());
}

TEST_F(EncodingFiles, Utf16Html) {
  const char16_t kHtml[] =
      u"<html><head><meta charset=\"utf-16\"></head><body><h1>One</h1><p>Café “ok”.</p>"
      u"<h1>Two</h1><p>Done.</p></body></html>";
  for (bool big : {false, true}) {
    for (bool bom : {true, false}) {
      std::string mark = !bom ? "" : big ? "\xFE\xFF" : "\xFF\xFE";
      std::string path = Write("wide.html", mark + Utf16(kHtml, big));
      Book book = Read(path);
      EXPECT_EQ(Titles(book), (Strings{"One", "Two"})) << big << bom;
      EXPECT_EQ(Texts(book), (Strings{"Café “ok”.", "Done."})) << big << bom;
      EXPECT_EQ(book.notices,
                (Strings{path + ": not UTF-8; read as " + (big ? "UTF-16BE" : "UTF-16LE")}));
    }
  }
}

TEST_F(EncodingFiles, Utf8HtmlHasNoNotice) {
  Book book = Read(Write("new.html", "<html><body><p>Café “ok”.</p></body></html>"));
  EXPECT_EQ(Texts(book), (Strings{"Café “ok”."}));
  EXPECT_TRUE(book.notices.empty());
}

TEST_F(EncodingFiles, BinaryHtml) {
  std::string path = Write("x.html", RandomBytes(2048, true, 7));
  Result<Book> book = ReadBook(path);
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(), path + ": binary file, not HTML");
}

// ---- A real book, converted with iconv ----------------------------------------------------

std::string SharedBook(const std::string& name) {
  return std::string(NARRATE_SOURCE_DIR) + "/../shared/books/" + name;
}

TEST_F(EncodingFiles, TimeMachineInOtherEncodingsReadsTheSame) {
  const std::string original = SharedBook("pg35.txt");
  if (!fs::exists(original)) GTEST_SKIP() << "no ../shared/books";
  Book utf8 = Read(original);
  ASSERT_FALSE(utf8.chapters.empty());
  EXPECT_TRUE(utf8.notices.empty());
  struct Copy {
    const char* iconv_to;
    const char* encoding;
    bool exact;  // every paragraph as in the UTF-8 book (else: the same chapters)
  };
  for (const Copy& c :
       {Copy{"CP1252", "windows-1252", true}, Copy{"ISO-8859-1//TRANSLIT", "ISO-8859-1", false},
        Copy{"UTF-16", "UTF-16LE", true}, Copy{"UTF-16BE", "UTF-16BE", true}}) {
    const std::string copy = dir_ + "/pg35.txt";
    auto r = narrate::testing::RunCommand("iconv -f UTF-8 -t " + std::string(c.iconv_to) + " -o " +
                                          narrate::testing::Quote(copy) + " " +
                                          narrate::testing::Quote(original));
    if (r.exit_code != 0) GTEST_SKIP() << "iconv failed: " << r.err;
    Book book = Read(copy);
    EXPECT_EQ(book.notices, (Strings{copy + ": not UTF-8; read as " + c.encoding}));
    EXPECT_EQ(book.title, utf8.title) << c.iconv_to;
    EXPECT_EQ(book.author, utf8.author) << c.iconv_to;
    if (c.exact) {
      EXPECT_EQ(Titles(book), Titles(utf8)) << c.iconv_to;  // TRANSLIT: ’ → '
    }
    ASSERT_EQ(book.chapters.size(), utf8.chapters.size()) << c.iconv_to;
    for (std::size_t i = 0; i < book.chapters.size(); ++i) {
      EXPECT_EQ(book.chapters[i].paragraphs.size(), utf8.chapters[i].paragraphs.size());
    }
    if (c.exact) {
      EXPECT_EQ(Texts(book), Texts(utf8)) << c.iconv_to;
    }
  }
}

// ---- The `narrate` program ------------------------------------------------------------

TEST_F(EncodingFiles, CliPrintsTheNoticeOnStderr) {
  std::string path = Write("latin1.txt", "Chapter 1\n\nCaf\xe9 cr\xe8me.\n\nChapter 2\n\nFin.\n");
  auto r = narrate::testing::RunCommand(narrate::testing::Quote(NARRATE_BINARY) + " chapters " +
                                        narrate::testing::Quote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "narrate: " + path + ": not UTF-8; read as ISO-8859-1\n");
  EXPECT_EQ(r.out,
            "Latin1\n"
            "  1  Chapter 1  (1 paragraphs, 2 words)\n"
            "  2  Chapter 2  (1 paragraphs, 1 words)\n");
}

TEST_F(EncodingFiles, CliBuildPrintsTheNoticeUnlessQuiet) {
  std::string path = Write("old.txt", "Chapter 1\n\nCaf\xe9.\n");
  auto build = [&](const std::string& flags) {
    return narrate::testing::RunCommand("cd " + narrate::testing::Quote(dir_) + " && " +
                                        narrate::testing::Quote(NARRATE_BINARY) + " build " +
                                        narrate::testing::Quote(path) + " -o out " + flags);
  };
  auto loud = build("");
  EXPECT_EQ(loud.exit_code, 0) << loud.err;
  EXPECT_EQ(loud.err.substr(0, loud.err.find('\n') + 1),
            "narrate: " + path + ": not UTF-8; read as ISO-8859-1\n");
  auto quiet = build("--quiet --force");
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
}

TEST_F(EncodingFiles, CliSaysNothingForUtf8) {
  std::string path = Write("new.txt", "Chapter 1\n\nCafé crème.\n");
  auto r = narrate::testing::RunCommand(narrate::testing::Quote(NARRATE_BINARY) + " chapters " +
                                        narrate::testing::Quote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST_F(EncodingFiles, CliRefusesABinaryWithOneLine) {
  std::string path = Write("image.txt", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0"s);
  for (const char* command : {"chapters", "build"}) {
    auto r = narrate::testing::RunCommand("cd " + narrate::testing::Quote(dir_) + " && " +
                                          narrate::testing::Quote(NARRATE_BINARY) + " " + command +
                                          " " + narrate::testing::Quote(path));
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_EQ(r.err, "narrate: " + path + ": binary file, not text\n") << command;
    EXPECT_EQ(r.out, "") << command;
  }
  EXPECT_FALSE(fs::exists(dir_ + "/audiobooks"));
}

}  // namespace
}  // namespace narrate::source
