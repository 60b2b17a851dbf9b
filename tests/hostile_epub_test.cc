// Hostile and broken EPUBs (zip bombs, lying or overlapping entries, escaping
// names, huge spines and contents, cycles, legacy encodings): each is read in
// bounded time and memory and refused with a one-line error naming the file
// and the limit, or read correctly. Archives are built at test time.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/interrupt.h"
#include "source/book.h"
#include "source/epub.h"
#include "tests/support/probe.h"
#include "tests/support/zip_writer.h"

#include <zlib.h>

namespace narrate::source {
namespace {

namespace fs = std::filesystem;
using testing::ZipEntry;
using Files = std::vector<std::pair<std::string, std::string>>;

const char* kXhtml = "application/xhtml+xml";

std::string Xhtml(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
         "xmlns:epub=\"http://www.idpf.org/2007/ops\">"
         "<head><title>t</title></head><body>" + body + "</body></html>";
}

// An EPUB 2 package: items (id, href, media-type), spine idrefs, toc the NCX id.
std::string Opf(const std::string& metadata, const std::vector<std::vector<std::string>>& items,
                const std::vector<std::string>& spine, const std::string& head = "") {
  std::string opf = (head.empty() ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" : head) +
                    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\">"
                    "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">" + metadata +
                    "</metadata><manifest>";
  for (const auto& i : items) {
    opf += "<item id=\"" + i[0] + "\" href=\"" + i[1] + "\" media-type=\"" + i[2] + "\"/>";
  }
  opf += "</manifest><spine toc=\"ncx\">";
  for (const std::string& s : spine) opf += "<itemref idref=\"" + s + "\"/>";
  return opf + "</spine></package>";
}

std::vector<ZipEntry> EpubEntries(const std::string& opf, const Files& files) {
  std::vector<ZipEntry> entries = {
      {"mimetype", "application/epub+zip", true, ""},
      {"META-INF/container.xml",
       "<?xml version=\"1.0\"?><container version=\"1.0\" "
       "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile "
       "full-path=\"content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles>"
       "</container>",
       false, ""},
      {"content.opf", opf, false, ""}};
  for (const auto& [name, content] : files) entries.push_back({name, content, false, ""});
  return entries;
}

// Two chapters, ch1.xhtml and ch2.xhtml.
const std::string kTwoChapterOpf =
    Opf("<dc:title>T</dc:title>", {{"c1", "ch1.xhtml", kXhtml}, {"c2", "ch2.xhtml", kXhtml}},
        {"c1", "c2"});
const Files kTwoChapters = {{"ch1.xhtml", Xhtml("<h1>One</h1><p>First text.</p>")},
                            {"ch2.xhtml", Xhtml("<h1>Two</h1><p>Second text.</p>")}};

// Offsets of the headers naming `name`: central directory records ("PK\1\2",
// name at +46) and local headers ("PK\3\4", name at +30).
struct Headers {
  std::vector<std::size_t> central;
  std::vector<std::size_t> local;
};
Headers Find(const std::string& zip, const std::string& name) {
  Headers h;
  for (std::size_t at = zip.find(name); at != std::string::npos; at = zip.find(name, at + 1)) {
    if (at >= 46 && zip.compare(at - 46, 4, "PK\x01\x02") == 0) h.central.push_back(at - 46);
    if (at >= 30 && zip.compare(at - 30, 4, "PK\x03\x04") == 0) h.local.push_back(at - 30);
  }
  return h;
}

void Put16(std::string& bytes, std::size_t at, std::uint16_t v) {
  for (int i = 0; i < 2; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void Put32(std::string& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// A raw deflate stream of `mebibytes` MiB of zeros, made in no time: one MiB
// compressed with a full flush (so it stands alone) repeated, then an empty
// final block.
std::string DeflatedZeros(int mebibytes, std::uint32_t* crc) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string zeros(1 << 20, '\0');
  std::string block(8192, '\0');
  z.next_in = reinterpret_cast<Bytef*>(zeros.data());
  z.avail_in = static_cast<uInt>(zeros.size());
  z.next_out = reinterpret_cast<Bytef*>(block.data());
  z.avail_out = static_cast<uInt>(block.size());
  deflate(&z, Z_FULL_FLUSH);
  block.resize(block.size() - z.avail_out);
  deflateEnd(&z);
  std::string out;
  uLong one = crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), 1 << 20);
  *crc = 0;
  for (int i = 0; i < mebibytes; ++i) {
    out += block;
    *crc = static_cast<std::uint32_t>(crc32_combine(*crc, one, 1 << 20));
  }
  return out + std::string("\x03\x00", 2);
}

// An EPUB whose ch1.xhtml inflates to 1 GiB of zeros (sizes and CRC true):
// written stored with a placeholder of the stream's length, then patched.
std::string ZeroBomb(const std::vector<ZipEntry>& epub, const std::string& path) {
  std::uint32_t crc = 0;
  const std::string stream = DeflatedZeros(1024, &crc);
  std::vector<ZipEntry> entries = epub;
  entries[3] = ZipEntry{"ch1.xhtml", std::string(stream.size(), 'x'), true, ""};
  testing::WriteZip(path, entries);
  std::string bytes = testing::ReadFile(path);
  Headers h = Find(bytes, "ch1.xhtml");
  for (std::size_t local : h.local) {
    Put16(bytes, local + 8, 8);  // deflate
    Put32(bytes, local + 14, crc);
    Put32(bytes, local + 22, std::uint32_t{1} << 30);
    bytes.replace(local + 30 + 9 + (static_cast<unsigned char>(bytes[local + 28]) |
                                    static_cast<unsigned char>(bytes[local + 29]) << 8),
                  stream.size(), stream);
  }
  for (std::size_t central : h.central) {
    Put16(bytes, central + 10, 8);
    Put32(bytes, central + 16, crc);
    Put32(bytes, central + 24, std::uint32_t{1} << 30);
  }
  testing::WriteFile(path, bytes);
  return path;
}

class HostileEpubTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::string Write(const std::string& name, const std::vector<ZipEntry>& entries) {
    testing::WriteZip(Path(name), entries);
    return Path(name);
  }
  // The error reading path gives; "" (and a failure) when it is read.
  std::string Error(const std::string& path, const internal::ZipLimits& limits = {},
                    const ReadOptions& options = {}) {
    Result<Book> book = internal::ReadEpub(path, options, limits);
    EXPECT_FALSE(book.ok()) << path << " was accepted";
    return book.ok() ? "" : book.status().message();
  }
  Book Read(const std::string& path) {
    Result<Book> book = internal::ReadEpub(path, {});
    EXPECT_TRUE(book.ok()) << book.status().message();
    return book.ok() ? *book : Book{};
  }

  std::string dir_;
};

TEST_F(HostileEpubTest, ReadEpubBytesReadsAnArchiveInMemory) {
  std::string path = Write("ok.epub", EpubEntries(kTwoChapterOpf, kTwoChapters));
  Result<Book> book = internal::ReadEpubBytes(testing::ReadFile(path), "mem.epub", {});
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->path, "mem.epub");
  ASSERT_EQ(book->chapters.size(), 2u);
  EXPECT_EQ(book->chapters[1].paragraphs.back().text, "Second text.");
  Result<Book> junk = internal::ReadEpubBytes("PK\x03\x04 junk", "junk.epub", {});
  ASSERT_FALSE(junk.ok());  // a zip's first bytes and nothing after: cut short
  EXPECT_EQ(junk.status().message(), "junk.epub: damaged or truncated zip archive");
  Result<Book> text = internal::ReadEpubBytes("plain text", "text.epub", {});
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), "text.epub: not a zip archive");
}

TEST_F(HostileEpubTest, EntryOverThirtyTwoMebibytesIsRefusedByDefault) {
  std::string big = Xhtml("<p>" + std::string(33 << 20, 'a') + "</p>");
  std::string path = Write("big.epub", EpubEntries(kTwoChapterOpf, {{"ch1.xhtml", big}}));
  EXPECT_EQ(Error(path), path + ": ch1.xhtml inflates to more than 32 MiB (limit per entry)");
}

TEST_F(HostileEpubTest, GigabyteOfZerosIsAQuickError) {
  std::string path = ZeroBomb(EpubEntries(kTwoChapterOpf, kTwoChapters), Path("zeros.epub"));
  EXPECT_LT(fs::file_size(path), 8u << 20);
  EXPECT_EQ(Error(path), path + ": ch1.xhtml inflates to more than 32 MiB (limit per entry)");
}

TEST_F(HostileEpubTest, TotalInflatedBytesAreLimited) {
  const std::string text = Xhtml("<p>" + std::string(700 << 10, 'b') + "</p>");
  std::string path = Write("total.epub",
                           EpubEntries(kTwoChapterOpf, {{"ch1.xhtml", text}, {"ch2.xhtml", text}}));
  internal::ZipLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_total_bytes = 1 << 20;
  EXPECT_EQ(Error(path, limits),
            path + ": ch2.xhtml takes the archive past 1 MiB inflated in total (limit)");
}

TEST_F(HostileEpubTest, ParagraphOverOneMebibyteIsAnError) {
  const std::string big = Xhtml("<h1>One</h1><p>" + std::string(2 << 20, 'a') + "</p>");
  std::string path = Write("paragraph.epub", EpubEntries(kTwoChapterOpf, {{"ch1.xhtml", big},
                                                                         kTwoChapters[1]}));
  EXPECT_EQ(Error(path), path + ": paragraph longer than 1 MiB (limit)");
}

TEST_F(HostileEpubTest, ControlCharactersInEntryNamesStayOnTheMessagesLine) {
  std::vector<ZipEntry> entries = EpubEntries(kTwoChapterOpf, kTwoChapters);
  entries.push_back({"a\nb/../../x", "evil", false, ""});
  std::string path = Write("newline.epub", entries);
  EXPECT_EQ(Error(path), path + ": entry \"a\\x0Ab/../../x\" escapes the archive");
}

TEST_F(HostileEpubTest, TooManyEntriesIsAnError) {
  Files files = kTwoChapters;
  for (int i = 0; i < 10000; ++i) files.emplace_back("img/" + std::to_string(i) + ".png", "x");
  std::string path = Write("many.epub", EpubEntries(kTwoChapterOpf, files));
  EXPECT_EQ(Error(path), path + ": more than 10000 entries in the archive (limit)");
}

TEST_F(HostileEpubTest, ArchiveFileOverTwoGibibytesIsAnError) {
  std::string path = Path("huge.epub");
  testing::WriteFile(path, "PK");
  fs::resize_file(path, (std::uintmax_t{2} << 30) + 1);  // sparse: no disk used
  EXPECT_EQ(Error(path), path + ": file is larger than 2 GiB (limit)");
}

TEST_F(HostileEpubTest, EntriesThatOverlapAreRefused) {
  std::string bytes = testing::ReadFile(Write("ok.epub", EpubEntries(kTwoChapterOpf, kTwoChapters)));
  Headers one = Find(bytes, "ch1.xhtml");
  Headers two = Find(bytes, "ch2.xhtml");
  ASSERT_EQ(one.local.size(), 1u);
  ASSERT_EQ(two.central.size(), 1u);
  // ch2's directory record points at ch1's data.
  Put32(bytes, two.central[0] + 42, static_cast<std::uint32_t>(one.local[0]));
  testing::WriteFile(Path("overlap.epub"), bytes);
  EXPECT_EQ(Error(Path("overlap.epub")),
            Path("overlap.epub") + ": not a valid zip archive (entries overlap or disagree)");
  ASSERT_FALSE(internal::ReadEpubBytes(bytes, "overlap.epub", {}).ok());
}

TEST_F(HostileEpubTest, DuplicateEntryNamesAreRefused) {
  std::string bytes = testing::ReadFile(Write("ok.epub", EpubEntries(kTwoChapterOpf, kTwoChapters)));
  Headers two = Find(bytes, "ch2.xhtml");
  ASSERT_EQ(two.central.size(), 1u);
  ASSERT_EQ(two.local.size(), 1u);
  bytes.replace(two.central[0] + 46, 9, "ch1.xhtml");
  bytes.replace(two.local[0] + 30, 9, "ch1.xhtml");
  testing::WriteFile(Path("twice.epub"), bytes);
  EXPECT_EQ(Error(Path("twice.epub")),
            Path("twice.epub") + ": two entries have the same name (not a valid zip archive)");
}

TEST_F(HostileEpubTest, NamesLeavingTheArchiveOrWithBackslashesAreRefused) {
  for (const std::string name : {"../x", "a/../../x", "/etc/x", "C:\\x", "..\\x"}) {
    std::vector<ZipEntry> entries = EpubEntries(kTwoChapterOpf, kTwoChapters);
    entries.push_back({name, "evil", false, ""});
    std::string path = Write("slip.epub", entries);
    EXPECT_EQ(Error(path), path + ": entry \"" + name + "\" escapes the archive");
  }
  std::vector<ZipEntry> entries = EpubEntries(kTwoChapterOpf, kTwoChapters);
  entries.push_back({"OEBPS\\ch3.xhtml", "x", false, ""});
  std::string path = Write("backslash.epub", entries);
  EXPECT_EQ(Error(path),
            path + ": entry \"OEBPS\\ch3.xhtml\" has a backslash (not allowed in EPUB)");
}

// EPUB 2 NCX, navPoints nested `depth` deep, titled "Level 1", "Level 2", ….
std::string DeepNcx(int depth) {
  std::string ncx = "<?xml version=\"1.0\"?><ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">"
                    "<navMap>";
  for (int i = 1; i <= depth; ++i) {
    ncx += "<navPoint><navLabel><text>Level " + std::to_string(i) +
           "</text></navLabel><content src=\"ch1.xhtml\"/>";
  }
  for (int i = 0; i < depth; ++i) ncx += "</navPoint>";
  return ncx + "</navMap></ncx>";
}

std::string NcxOpf() {
  return Opf("<dc:title>T</dc:title>",
             {{"ncx", "toc.ncx", "application/x-dtbncx+xml"},
              {"c1", "ch1.xhtml", kXhtml},
              {"c2", "ch2.xhtml", kXhtml}},
             {"c1", "c2"});
}

TEST_F(HostileEpubTest, HundredThousandDeepNcxIsAnErrorNotACrash) {
  Files files = kTwoChapters;
  files.emplace_back("toc.ncx", DeepNcx(100000));
  std::string path = Write("deep.epub", EpubEntries(NcxOpf(), files));
  EXPECT_EQ(Error(path),
            path + ": toc.ncx: table of contents nested deeper than 64 levels (limit)");
}

TEST_F(HostileEpubTest, NcxWithinTheDepthLimitIsRead) {
  Files files = kTwoChapters;
  files.emplace_back("toc.ncx", DeepNcx(64));
  Book book = Read(Write("deep64.epub", EpubEntries(NcxOpf(), files)));
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_TRUE(book.chapters[0].title.starts_with("Level 1 \u2014 Level 2")) << book.chapters[0].title;
  EXPECT_EQ(book.chapters[1].title, "Two");
}

TEST_F(HostileEpubTest, FiftyThousandItemSpineIsAnError) {
  std::string opf = Opf("<dc:title>T</dc:title>", {{"c1", "ch1.xhtml", kXhtml}},
                        std::vector<std::string>(50000, "c1"));
  std::string path = Write("spine.epub", EpubEntries(opf, kTwoChapters));
  EXPECT_EQ(Error(path), path + ": content.opf: spine lists more than 10000 items (limit)");
}

// A spine that comes back to files it read (a loop), and a nav that lists itself.
TEST_F(HostileEpubTest, SpineLoopsAndSelfListingNavReadEachFileOnce) {
  std::vector<std::string> spine;
  for (int i = 0; i < 3000; ++i) spine.push_back(i % 2 ? "c2" : "c1");
  spine.push_back("nav");
  std::string opf = Opf("<dc:title>T</dc:title>",
                        {{"c1", "ch1.xhtml", kXhtml}, {"c2", "ch2.xhtml", kXhtml},
                         {"nav", "nav.xhtml", kXhtml}},
                        spine);
  opf.replace(opf.find("href=\"nav.xhtml\""), 16, "href=\"nav.xhtml\" properties=\"nav\"");
  Files files = kTwoChapters;
  files.emplace_back("nav.xhtml",
                     Xhtml("<nav epub:type=\"toc\"><ol><li><a href=\"nav.xhtml\">Contents</a></li>"
                           "<li><a href=\"ch1.xhtml\">One</a></li><li><a href=\"ch2.xhtml\">Two</a>"
                           "</li><li><a href=\"#x\">Again</a></li></ol></nav>"));
  Book book = Read(Write("loop.epub", EpubEntries(opf, files)));
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(book.chapters[0].title, "One");
  EXPECT_EQ(book.chapters[1].title, "Two");
}

TEST_F(HostileEpubTest, NotesCopiedIntoEveryChapterAreLimited) {
  std::vector<std::vector<std::string>> items = {{"n", "notes.xhtml", kXhtml}};
  std::vector<std::string> spine;
  Files files = {{"notes.xhtml", Xhtml("<aside epub:type=\"footnote\" id=\"n1\"><p>" +
                                       std::string(300 << 10, 'n') + "</p></aside>")}};
  for (int i = 0; i < 300; ++i) {
    std::string id = "c" + std::to_string(i);
    items.push_back({id, id + ".xhtml", kXhtml});
    spine.push_back(id);
    files.emplace_back(id + ".xhtml", Xhtml("<h1>Chapter " + std::to_string(i) +
                                            "</h1><p>Text<a epub:type=\"noteref\" "
                                            "href=\"notes.xhtml#n1\">1</a>.</p>"));
  }
  std::string opf = Opf("<dc:title>T</dc:title>", items, spine);
  std::string path = Write("notes.epub", EpubEntries(opf, files));
  ReadOptions notes;
  notes.footnotes = Footnotes::kEndOfChapter;
  EXPECT_EQ(Error(path, {}, notes), path + ": notes repeated after the chapters that refer to them pass "
                                "64 MiB of text (limit)");
}

TEST_F(HostileEpubTest, LegacyEncodedPackageMetadataBecomesUtf8) {
  // No declaration and Latin-1 bytes: read as windows-1252.
  std::string opf = Opf("<dc:title>Les Mis\xe9rables</dc:title><dc:creator>Zo\xeb</dc:creator>",
                        {{"c1", "ch1.xhtml", kXhtml}, {"c2", "ch2.xhtml", kXhtml}}, {"c1", "c2"},
                        "<?xml version=\"1.0\"?>\n");
  Book book = Read(Write("latin1.epub", EpubEntries(opf, kTwoChapters)));
  EXPECT_EQ(book.title, "Les Mis\u00e9rables");
  EXPECT_EQ(book.author, "Zo\u00eb");
  ASSERT_EQ(book.notices.size(), 1u);
  EXPECT_EQ(book.notices[0], Path("latin1.epub") + ": content.opf: not UTF-8; read as windows-1252");
  // A declared encoding is honoured: 0x92 is a right single quote in windows-1252.
  opf = Opf("<dc:title>Dickens\x92s \x80 Tale</dc:title>",
            {{"c1", "ch1.xhtml", kXhtml}, {"c2", "ch2.xhtml", kXhtml}}, {"c1", "c2"},
            "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n");
  EXPECT_EQ(Read(Write("cp1252.epub", EpubEntries(opf, kTwoChapters))).title,
            "Dickens\u2019s \u20ac Tale");
  opf = Opf("<dc:title>\xc4pfel</dc:title>",
            {{"c1", "ch1.xhtml", kXhtml}, {"c2", "ch2.xhtml", kXhtml}}, {"c1", "c2"},
            "<?xml version='1.0' encoding='ISO-8859-1'?>\n");
  EXPECT_EQ(Read(Write("iso.epub", EpubEntries(opf, kTwoChapters))).title, "\u00c4pfel");
}

TEST_F(HostileEpubTest, LegacyEncodedChapterIsDecodedAndSaidSo) {
  const std::string latin1 = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title>"
                             "</head><body><h1>Two</h1><p>Caf\xe9 cr\xe8me.</p></body></html>";
  Files files = {kTwoChapters[0], {"ch2.xhtml", latin1}};
  Book book = Read(Write("latin1-chapter.epub", EpubEntries(kTwoChapterOpf, files)));
  ASSERT_EQ(book.chapters.size(), 2u);
  EXPECT_EQ(book.chapters[1].paragraphs.back().text, "Caf\u00e9 cr\u00e8me.");
  ASSERT_EQ(book.notices.size(), 1u);
  EXPECT_EQ(book.notices[0],
            Path("latin1-chapter.epub") + ": ch2.xhtml: not UTF-8; read as ISO-8859-1");
}

TEST_F(HostileEpubTest, CharacterReferencesToSurrogatesDoNotMakeInvalidUtf8) {
  std::string opf = Opf("<dc:title>A&#xD800;B</dc:title>",
                        {{"c1", "ch1.xhtml", kXhtml}, {"c2", "ch2.xhtml", kXhtml}}, {"c1", "c2"});
  EXPECT_EQ(Read(Write("surrogate.epub", EpubEntries(opf, kTwoChapters))).title, "A\uFFFD\uFFFD\uFFFDB");
}

TEST_F(HostileEpubTest, InterruptStopsReadingWithInterruptedStatus) {
  std::string path = Write("ok.epub", EpubEntries(kTwoChapterOpf, kTwoChapters));
  // The flag is never cleared, so this runs in a child process.
  EXPECT_EXIT(
      {
        RequestInterrupt();
        Result<Book> book = internal::ReadEpub(path, {});
        std::exit(!book.ok() && book.status().code() == StatusCode::kInterrupted ? 7 : 1);
      },
      ::testing::ExitedWithCode(7), "");
}

// Through the program, in 2 GB of address space: exit 1, one line on stderr.
TEST_F(HostileEpubTest, ProgramRefusesHostileBooksWithOneLineInBoundedMemory) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "ASan reserves terabytes of address space: prlimit --as cannot apply";
#endif
  Files deep = kTwoChapters;
  deep.emplace_back("toc.ncx", DeepNcx(100000));
  const std::vector<std::string> books = {
      ZeroBomb(EpubEntries(kTwoChapterOpf, kTwoChapters), Path("zeros.epub")), Write("deep.epub", EpubEntries(NcxOpf(), deep)),
      Write("spine.epub", EpubEntries(Opf("<dc:title>T</dc:title>", {{"c1", "ch1.xhtml", kXhtml}},
                                          std::vector<std::string>(50000, "c1")),
                                      kTwoChapters))};
  for (const std::string& book : books) {
    testing::CommandResult r = testing::RunCommand(
        "timeout 20 prlimit --as=2147483648 " + testing::Quote(NARRATE_BINARY) + " chapters " +
        testing::Quote(book));
    EXPECT_EQ(r.exit_code, 1) << book << ": " << r.err;
    EXPECT_TRUE(r.err.starts_with("narrate: " + book + ": ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

}  // namespace
}  // namespace narrate::source
