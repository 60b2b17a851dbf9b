// Covers made fit for players (scaled JPEG, once per file, cover.jpg beside
// the files) and the book's own metadata (EPUB description, date, publisher,
// series, subjects) in the tags and Audiobookshelf's sidecars.
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sys/stat.h>
#include <taglib/attachedpictureframe.h>
#include <taglib/id3v2tag.h>
#include <taglib/mpegfile.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/app.h"
#include "output/package/cover.h"
#include "source/book.h"
#include "tests/support/program.h"
#include "tests/support/zip_writer.h"

namespace narrate::testing {
namespace {

namespace fs = std::filesystem;
using package::FitCover;
using package::ImageSizeOf;

struct Decoded {
  int width = 0, height = 0;
  unsigned char centre[3] = {0, 0, 0};  // the middle pixel's RGB
};

// Decodes image bytes with gdk-pixbuf's generic loader (by content).
Decoded Decode(const std::string& bytes) {
  Decoded out;
  GdkPixbufLoader* loader = gdk_pixbuf_loader_new();
  bool ok = gdk_pixbuf_loader_write(loader, reinterpret_cast<const guchar*>(bytes.data()),
                                    bytes.size(), nullptr);
  ok = gdk_pixbuf_loader_close(loader, nullptr) && ok;
  GdkPixbuf* image = ok ? gdk_pixbuf_loader_get_pixbuf(loader) : nullptr;
  if (image) {
    out.width = gdk_pixbuf_get_width(image);
    out.height = gdk_pixbuf_get_height(image);
    const guchar* px = gdk_pixbuf_get_pixels(image) +
                       (out.height / 2) * gdk_pixbuf_get_rowstride(image) +
                       (out.width / 2) * gdk_pixbuf_get_n_channels(image);
    std::copy(px, px + 3, out.centre);
  }
  g_object_unref(loader);
  return out;
}

// A width×height picture: a gradient with noise (so JPEG cannot squeeze it
// much), optionally with transparent left half.
std::string MakeImage(int width, int height, const char* type, bool alpha, int quality = 95) {
  GdkPixbuf* image = gdk_pixbuf_new(GDK_COLORSPACE_RGB, alpha, 8, width, height);
  std::mt19937 random(7);
  const int channels = gdk_pixbuf_get_n_channels(image), stride = gdk_pixbuf_get_rowstride(image);
  guchar* pixels = gdk_pixbuf_get_pixels(image);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      guchar* p = pixels + std::ptrdiff_t(y) * stride + x * channels;
      const int noise = int(random() % 64);
      p[0] = guchar((x * 191 / width + noise) & 0xFF);
      p[1] = guchar((y * 191 / height + noise) & 0xFF);
      p[2] = guchar(noise * 3);
      if (alpha) p[3] = x < width / 2 ? 0 : 255;
    }
  }
  gchar* buffer = nullptr;
  gsize size = 0;
  const std::string q = std::to_string(quality);
  const bool saved = std::string(type) == "jpeg"
                         ? gdk_pixbuf_save_to_buffer(image, &buffer, &size, type, nullptr,
                                                     "quality", q.c_str(), nullptr)
                         : gdk_pixbuf_save_to_buffer(image, &buffer, &size, type, nullptr, nullptr);
  std::string out = saved ? std::string(buffer, size) : std::string();
  g_free(buffer);
  g_object_unref(image);
  return out;
}

// An SVG drawing: a red rectangle filling a 1400×2100 viewBox (no width/height).
const char kRedSvg[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- a cover -->\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 1400 2100\">"
    "<rect x=\"0\" y=\"0\" width=\"1400\" height=\"2100\" fill=\"#ff0000\"/></svg>";

constexpr std::size_t kMaxCoverBytes = 500 * 1000;

TEST(Cover, BigPngBecomesAJpegOfAtMost1400PxAnd500Kb) {
  const std::string png = MakeImage(1600, 2400, "png", true);
  ASSERT_GT(png.size(), 3'000'000u);  // the noise keeps it big
  const std::string original = png;
  auto cover = FitCover(png, "big.png");
  ASSERT_TRUE(cover.ok()) << cover.status().message();
  EXPECT_EQ(png, original);
  EXPECT_EQ(cover->mime_type, "image/jpeg");
  EXPECT_LE(cover->bytes.size(), kMaxCoverBytes);
  Decoded d = Decode(cover->bytes);
  EXPECT_EQ(d.height, 1400);
  EXPECT_EQ(d.width, 933);
  EXPECT_EQ(package::ImageMimeType(cover->bytes), "image/jpeg");
}

TEST(Cover, BigJpegIsScaledAndItsQualitySteppedDownUntilItFits) {
  const std::string jpeg = MakeImage(4000, 3000, "jpeg", false, 98);
  ASSERT_GT(jpeg.size(), 3'000'000u);
  auto cover = FitCover(jpeg, "big.jpg");
  ASSERT_TRUE(cover.ok()) << cover.status().message();
  EXPECT_LE(cover->bytes.size(), kMaxCoverBytes);
  EXPECT_GT(cover->bytes.size(), kMaxCoverBytes / 4);  // not squeezed more than it must be
  Decoded d = Decode(cover->bytes);
  EXPECT_EQ(d.width, 1400);
  EXPECT_EQ(d.height, 1050);
  // A tighter budget steps further down (and shrinks the picture if it must).
  auto small = FitCover(jpeg, "big.jpg", {1400, 60'000});
  ASSERT_TRUE(small.ok()) << small.status().message();
  EXPECT_LE(small->bytes.size(), 60'000u);
  EXPECT_LT(small->bytes.size(), cover->bytes.size());
}

TEST(Cover, SmallImagesAreNeverEnlargedAndAFitJpegIsKeptAsItIs) {
  const std::string jpeg = MakeImage(600, 800, "jpeg", false, 85);
  ASSERT_LT(jpeg.size(), kMaxCoverBytes);
  auto kept = FitCover(jpeg, "small.jpg");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->bytes, jpeg);
  auto png = FitCover(MakeImage(300, 200, "png", false), "small.png");
  ASSERT_TRUE(png.ok());
  Decoded d = Decode(png->bytes);
  EXPECT_EQ(d.width, 300);
  EXPECT_EQ(d.height, 200);
  EXPECT_EQ(png->mime_type, "image/jpeg");
}

TEST(Cover, SvgIsRasterisedOnItsLongSide) {
  EXPECT_EQ(package::ImageMimeType(kRedSvg), "image/svg+xml");
  auto size = ImageSizeOf(kRedSvg);
  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(size->width_px, 1400);
  EXPECT_EQ(size->height_px, 2100);
  auto cover = FitCover(kRedSvg, "cover.svg");
  ASSERT_TRUE(cover.ok()) << cover.status().message();
  EXPECT_EQ(cover->mime_type, "image/jpeg");
  Decoded d = Decode(cover->bytes);
  EXPECT_EQ(d.width, 933);
  EXPECT_EQ(d.height, 1400);
  EXPECT_GT(d.centre[0], 240);  // red
  EXPECT_LT(d.centre[1], 16);
  EXPECT_LT(d.centre[2], 16);
}

TEST(Cover, SvgWithAnEmbeddedPictureIsDrawnWithIt) {
  // Standard Ebooks' covers: the painting as a data: URI inside the SVG.
  const std::string jpeg = MakeImage(140, 210, "jpeg", false, 90);
  gchar* encoded = g_base64_encode(reinterpret_cast<const guchar*>(jpeg.data()), jpeg.size());
  const std::string svg =
      std::string(
          "<svg xmlns=\"http://www.w3.org/2000/svg\" "
          "xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 1400 2100\">"
          "<image width=\"1400\" height=\"2100\" xlink:href=\"data:image/jpeg;base64,") +
      encoded + "\"/><rect y=\"1800\" width=\"1400\" height=\"300\" fill=\"#000\"/></svg>";
  g_free(encoded);
  auto cover = FitCover(svg, "se.svg");
  ASSERT_TRUE(cover.ok()) << cover.status().message();
  Decoded d = Decode(cover->bytes);
  EXPECT_EQ(d.height, 1400);
  // The centre shows the picture (its blue channel is noise × 3, not the white page).
  EXPECT_FALSE(d.centre[0] > 250 && d.centre[1] > 250 && d.centre[2] > 250);
}

TEST(Cover, BrokenImagesAreOneLineErrorsNamingThem) {
  auto garbage = FitCover(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(300, 'x'), "a.jpg");
  ASSERT_FALSE(garbage.ok());
  EXPECT_TRUE(garbage.status().message().starts_with("a.jpg: ")) << garbage.status().message();
  auto svg = FitCover("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect", "b.svg");
  ASSERT_FALSE(svg.ok());
  EXPECT_TRUE(svg.status().message().starts_with("b.svg: ")) << svg.status().message();
  auto text = FitCover("just text", "c.txt");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), "c.txt: not a JPEG, PNG or SVG image");
  for (const Status& s : {garbage.status(), svg.status()})
    EXPECT_EQ(s.message().find('\n'), std::string::npos) << s.message();
  // An HTML page that holds an SVG is not an SVG.
  EXPECT_EQ(package::ImageMimeType("<html><body><svg></svg></body></html>"), "");
}

std::size_t Threads() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// The build forks its workers after the cover is made: no thread may be left behind.
TEST(Cover, FittingLeavesNoThreadBehind) {
  const std::size_t before = Threads();
  ASSERT_TRUE(FitCover(kRedSvg, "a.svg").ok());
  ASSERT_TRUE(FitCover(MakeImage(2000, 1500, "png", true), "b.png").ok());
  ASSERT_TRUE(FitCover(MakeImage(2000, 1500, "jpeg", false), "c.jpg").ok());
  EXPECT_EQ(Threads(), before);
}

TEST(Cover, TheBooksBrokenCoverIsAWarningAndNoCover) {
  source::Book book;
  book.path = "book.epub";
  book.cover =
      source::Cover{"image/jpeg", std::string("\xFF\xD8\xFFjunk", 7), "book.epub:OEBPS/cover.jpg"};
  std::vector<std::string> warnings;
  auto tags = app::BookTagsFor(book, {}, &warnings);
  ASSERT_TRUE(tags.ok());
  EXPECT_TRUE(tags->cover.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(warnings[0].starts_with("book.epub:OEBPS/cover.jpg: ")) << warnings[0];
  EXPECT_TRUE(warnings[0].ends_with("; building without a cover")) << warnings[0];
  book.cover.bytes.clear();  // declared, not in the archive
  warnings.clear();
  ASSERT_TRUE(app::BookTagsFor(book, {}, &warnings).ok());
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "book.epub:OEBPS/cover.jpg: cannot be read; building without a cover"}));
  book.cover = source::Cover{"image/svg+xml", kRedSvg, "book.epub:cover.svg"};
  warnings.clear();
  auto svg = app::BookTagsFor(book, {}, &warnings);
  ASSERT_TRUE(svg.ok());
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(svg->cover.mime_type, "image/jpeg");
}

// ---- EPUB metadata ------------------------------------------------------------------

std::string Chapter(const std::string& title, const std::string& text) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
         "<head><title>" +
         title + "</title></head><body><h1>" + title + "</h1><p>" + text + "</p></body></html>";
}

// An EPUB 3 with the metadata Standard Ebooks and calibre write, `chapters`
// chapters of one sentence, and cover_bytes (of cover_type) as its cover.
void WriteMetadataEpub(const std::string& path, const std::string& cover_name,
                       const std::string& cover_type, const std::string& cover_bytes,
                       int chapters = 2) {
  std::string manifest, spine;
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 1; i <= chapters; ++i) {
    const std::string id = "c" + std::to_string(i);
    manifest +=
        "<item id=\"" + id + "\" href=\"" + id + ".xhtml\" media-type=\"application/xhtml+xml\"/>";
    spine += "<itemref idref=\"" + id + "\"/>";
    files.push_back({"OEBPS/" + id + ".xhtml",
                     Chapter("Chapter " + std::to_string(i), "The lamps were lit at dusk.")});
  }
  manifest += "<item id=\"cover\" href=\"" + cover_name + "\" media-type=\"" + cover_type +
              "\" properties=\"cover-image\"/>";
  if (!cover_bytes.empty()) files.push_back({"OEBPS/" + cover_name, cover_bytes});
  const std::string opf =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
      "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\">"
      "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<dc:identifier id=\"uid\">urn:x</dc:identifier><dc:title>The Lamps</dc:title>"
      "<dc:creator>Ann Vask</dc:creator><dc:language>en</dc:language>"
      "<dc:date>1913-05-25T00:00:00Z</dc:date>"
      "<meta property=\"dcterms:modified\">2024-01-01T00:00:00Z</meta>"
      "<dc:publisher>Harbour Press</dc:publisher>"
      "<dc:subject>Lighthouses -- Fiction</dc:subject><dc:subject>Sea stories</dc:subject>"
      "<meta id=\"set\" property=\"belongs-to-collection\">100 Best Novels</meta>"
      "<meta refines=\"#set\" property=\"collection-type\">set</meta>"
      "<meta refines=\"#set\" property=\"group-position\">11</meta>"
      "<meta id=\"s\" property=\"belongs-to-collection\">Tales of Vask</meta>"
      "<meta refines=\"#s\" property=\"collection-type\">series</meta>"
      "<meta refines=\"#s\" property=\"group-position\">2</meta>"
      "<dc:description>&lt;p&gt;A &lt;i&gt;quiet&lt;/i&gt; tale of lamps &amp;amp; "
      "fog.&lt;/p&gt;&lt;p&gt;Second part.&lt;/p&gt;</dc:description>"
      "</metadata><manifest>" +
      manifest + "</manifest><spine>" + spine + "</spine></package>";
  WriteEpub(path, "OEBPS/content.opf", opf, files);
}

TEST_F(Program, Epub3MetadataIsRead) {
  WriteMetadataEpub(dir_ + "/book.epub", "cover.svg", "image/svg+xml", kRedSvg);
  auto book = source::ReadBook(dir_ + "/book.epub");
  ASSERT_TRUE(book.ok()) << book.status().message();
  const source::BookMetadata& m = book->metadata;
  EXPECT_EQ(m.description, "A quiet tale of lamps & fog.\n\nSecond part.");
  EXPECT_EQ(m.year, "1913");
  EXPECT_EQ(m.publisher, "Harbour Press");
  EXPECT_EQ(m.series, "Tales of Vask");  // the set is a reading list, not a series
  EXPECT_EQ(m.series_part, "2");
  EXPECT_EQ(m.subjects, (std::vector<std::string>{"Lighthouses -- Fiction", "Sea stories"}));
  EXPECT_EQ(book->cover.name, dir_ + "/book.epub:OEBPS/cover.svg");
  EXPECT_EQ(book->cover.bytes, kRedSvg);
  // The options win over the book.
  app::TagOptions options;
  options.year = "2001";
  options.description = "Mine.";
  auto tags = app::BookTagsFor(*book, options);
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(tags->year, "2001");
  EXPECT_EQ(tags->description, "Mine.");
  EXPECT_EQ(tags->publisher, "Harbour Press");
  EXPECT_EQ(tags->series, "Tales of Vask");
  EXPECT_EQ(tags->cover.mime_type, "image/jpeg");
}

// An EPUB 2 titled "Cut", one chapter, with `metadata` (OPF elements) after its title.
Result<source::Book> Epub2Book(const std::string& dir, const std::string& name,
                               const std::string& metadata) {
  const std::string opf =
      "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\">"
      "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:opf=\"http://www.idpf.org/2007/opf\"><dc:title>Cut</dc:title>" +
      metadata +
      "</metadata><manifest><item id=\"c1\" href=\"c1.xhtml\" "
      "media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"c1\"/></spine>"
      "</package>";
  WriteEpub(dir + "/" + name, "OEBPS/content.opf", opf,
            {{"OEBPS/c1.xhtml", Chapter("One", "Some text to read.")}});
  return source::ReadBook(dir + "/" + name);
}

TEST_F(Program, Epub2CalibreSeriesAndPublicationDate) {
  auto book = Epub2Book(dir_, "two.epub",
                        "<dc:date opf:event=\"modification\">2020-02-02</dc:date>"
                        "<dc:date opf:event=\"publication\">1899</dc:date>"
                        "<dc:date opf:event=\"creation\">2019-01-01</dc:date>"
                        "<dc:description>Plain   words.</dc:description>"
                        "<meta name=\"calibre:series\" content=\"The Ring\"/>"
                        "<meta name=\"calibre:series_index\" content=\"3.50\"/>");
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->metadata.year, "1899");
  EXPECT_EQ(book->metadata.description, "Plain words.");
  EXPECT_EQ(book->metadata.series, "The Ring");
  EXPECT_EQ(book->metadata.series_part, "3.5");
  EXPECT_TRUE(book->metadata.subjects.empty());
  EXPECT_TRUE(book->cover.empty());
  EXPECT_TRUE(book->cover.name.empty());
}

TEST_F(Program, CalibresNoDateGivesNoYear) {
  auto book = Epub2Book(dir_, "three.epub", "<dc:date>0101-01-01T00:00:00+00:00</dc:date>");
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->metadata.year, "");
}

TEST(Cover, AnSvgWithAnInternalDoctypeSubsetIsAnSvg) {
  EXPECT_EQ(package::ImageMimeType("<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD "
                                   "SVG 1.1//EN\" \"x.dtd\" [\n<!ENTITY ns_ai \"http://x/\">\n]>\n"
                                   "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            "image/svg+xml");
  EXPECT_EQ(package::ImageMimeType("<!DOCTYPE html [<!ENTITY a \"b\">]><html/>"), "");
}

// ---- built folders --------------------------------------------------------------------

// The APIC frames' picture sizes in an MP3 (TagLib).
std::vector<std::size_t> PictureSizes(const std::string& mp3) {
  TagLib::MPEG::File file(mp3.c_str(), false);
  std::vector<std::size_t> sizes;
  if (!file.isValid() || !file.ID3v2Tag()) return sizes;
  for (TagLib::ID3v2::Frame* f : file.ID3v2Tag()->frameList("APIC"))
    sizes.push_back(static_cast<TagLib::ID3v2::AttachedPictureFrame*>(f)->picture().size());
  return sizes;
}

std::vector<std::string> Mp3sIn(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".mp3") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

struct timespec ModifiedAt(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mtim;
}

bool SameTime(const struct timespec& a, const struct timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

TEST_F(Program, BuildTagsFilesFromTheBookAndWritesCoverAndSidecars) {
  const std::string big = MakeImage(2400, 3600, "png", false);
  ASSERT_GT(big.size(), 3'000'000u);
  WriteMetadataEpub(dir_ + "/book.epub", "cover.png", "image/png", big);
  auto r = Narrate("build book.epub -o out -q --narrator 'E. Speak'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string cover = ReadFile(dir_ + "/out/cover.jpg");
  ASSERT_FALSE(cover.empty());
  EXPECT_LE(cover.size(), kMaxCoverBytes);
  Decoded d = Decode(cover);
  EXPECT_EQ(d.width, 933);
  EXPECT_EQ(d.height, 1400);
  EXPECT_EQ(ReadFile(dir_ + "/out/desc.txt"), "A quiet tale of lamps & fog.\n\nSecond part.\n");
  EXPECT_EQ(ReadFile(dir_ + "/out/reader.txt"), "E. Speak\n");
  const std::vector<std::string> mp3s = Mp3sIn(dir_ + "/out");
  ASSERT_EQ(mp3s.size(), 2u);
  for (const std::string& mp3 : mp3s) {
    EXPECT_EQ(PictureSizes(mp3), (std::vector<std::size_t>{cover.size()})) << mp3;
    EXPECT_LT(cover.size(), big.size() / 5);
  }
  auto tags = Ffprobe(mp3s[0]);
  EXPECT_EQ(tags["publisher"], "Harbour Press");
  EXPECT_EQ(tags["date"], "1913");
  EXPECT_EQ(tags["SERIES"], "Tales of Vask");  // TXXX; Audiobookshelf reads keys in any case
  EXPECT_EQ(tags["SERIES-PART"], "2");
  EXPECT_EQ(tags["composer"], "E. Speak");
  EXPECT_TRUE(tags["DESCRIPTION"].starts_with("A quiet tale of lamps & fog."))
      << tags["DESCRIPTION"];
  EXPECT_EQ(tags["genre"], "Audiobook; Lighthouses -- Fiction; Sea stories");

  // Unchanged: cover.jpg is not written again. Another cover replaces it.
  const struct timespec first = ModifiedAt(dir_ + "/out/cover.jpg");
  ASSERT_EQ(Narrate("build book.epub -o out -q --narrator 'E. Speak'").exit_code, 0);
  EXPECT_TRUE(SameTime(ModifiedAt(dir_ + "/out/cover.jpg"), first));
  WriteFile(dir_ + "/other.svg", kRedSvg);
  ASSERT_EQ(Narrate("build book.epub -o out -q --cover other.svg").exit_code, 0);
  Decoded red = Decode(ReadFile(dir_ + "/out/cover.jpg"));
  EXPECT_GT(red.centre[0], 240);
  EXPECT_EQ(PictureSizes(mp3s[1]),
            (std::vector<std::size_t>{ReadFile(dir_ + "/out/cover.jpg").size()}));
  EXPECT_FALSE(fs::exists(dir_ + "/out/reader.txt"));  // no narrator this time
  EXPECT_EQ(ReadFile(dir_ + "/other.svg"), kRedSvg);   // the original untouched
}

TEST_F(Program, BrokenBookCoverWarnsAndBuildsWithoutOne) {
  WriteMetadataEpub(dir_ + "/book.epub", "cover.jpg", "image/jpeg",
                    std::string("\xFF\xD8\xFF\xE0", 4) + std::string(500, 'q'));
  auto r = Narrate("build book.epub -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string prefix = "narrate: book.epub:OEBPS/cover.jpg: ";
  EXPECT_NE(r.err.find(prefix), std::string::npos) << r.err;
  const std::string line = r.err.substr(r.err.find(prefix));
  EXPECT_TRUE(line.substr(0, line.find('\n')).ends_with("; building without a cover")) << r.err;
  EXPECT_FALSE(fs::exists(dir_ + "/out/cover.jpg"));
  for (const std::string& mp3 : Mp3sIn(dir_ + "/out")) EXPECT_TRUE(PictureSizes(mp3).empty());
  // The same picture given with --cover is an error naming it, and nothing is built.
  WriteFile(dir_ + "/bad.jpg", std::string("\xFF\xD8\xFF\xE0", 4) + std::string(500, 'q'));
  auto given = Narrate("build book.epub -o out2 --cover bad.jpg");
  EXPECT_EQ(given.exit_code, 1);
  EXPECT_TRUE(given.err.starts_with("narrate: bad.jpg: ")) << given.err;
  EXPECT_FALSE(fs::exists(dir_ + "/out2"));
  auto missing = Narrate("build book.epub -o out2 --cover nope.svg");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "narrate: nope.svg: No such file or directory\n");
}

// Like Pride and Prejudice's 61 files: one scaled cover in each, not 61 copies of a big one.
TEST_F(Program, SixtyOneChapterBookCarriesOneScaledCoverPerFile) {
  const std::string big = MakeImage(2400, 3600, "jpeg", false, 97);
  ASSERT_GT(big.size(), 2'000'000u);
  WriteMetadataEpub(dir_ + "/book.epub", "cover.jpg", "image/jpeg", big, 61);
  auto r = Narrate("build book.epub -o out -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> mp3s = Mp3sIn(dir_ + "/out");
  ASSERT_EQ(mp3s.size(), 61u);
  const std::size_t cover = fs::file_size(dir_ + "/out/cover.jpg");
  EXPECT_LE(cover, kMaxCoverBytes);
  std::uintmax_t total = 0;
  for (const std::string& mp3 : mp3s) {
    EXPECT_EQ(PictureSizes(mp3), (std::vector<std::size_t>{cover})) << mp3;
    total += fs::file_size(mp3);
  }
  EXPECT_LT(total, 61 * (kMaxCoverBytes + 200'000));
  EXPECT_LT(total, 61 * big.size() / 3);
}

}  // namespace
}  // namespace narrate::testing
