// End to end: `narrate build --read-along-epub` writes an EPUB 3 with Media
// Overlays beside the audio. Checked with EPUBCheck (Debian's epubcheck,
// 4.2.6) and with what EPUBCheck does not check: every <text> target exists,
// every clip lies inside its decoded MP3 (libmpg123), clips are in order
// without overlap, and the declared durations are the sums of the clips.
#include <gtest/gtest.h>
#include <zip.h>
#include <pugixml.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "output/package/read_along_epub.h"
#include "pipeline/read_along_epub.h"
#include "tests/support/probe.h"
#include "tests/support/zip_writer.h"

namespace narrate {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

constexpr char kEpubCheckJar[] = "/usr/share/java/epubcheck.jar";

// The archive's entries by name, in archive order (names).
struct Archive {
  std::vector<std::string> names;
  std::map<std::string, std::string> files;
};

Archive Unzip(const std::string& path) {
  Archive out;
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (zip == nullptr) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st);
    std::string content(st.size, '\0');
    zip_file_t* f = zip_fopen_index(zip, static_cast<zip_uint64_t>(i), 0);
    if (f != nullptr) {
      zip_fread(f, content.data(), st.size);
      zip_fclose(f);
    }
    out.names.push_back(st.name);
    out.files[st.name] = std::move(content);
  }
  zip_close(zip);
  return out;
}

bool StoredFirstMimetype(const std::string& path) {
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (zip == nullptr) return false;
  zip_stat_t st;
  bool ok = zip_stat_index(zip, 0, 0, &st) == 0 && std::string(st.name) == "mimetype" &&
            st.comp_method == ZIP_CM_STORE;
  zip_close(zip);
  return ok;
}

// "0:01:02.345" → 62345.
std::int64_t ClockMs(const std::string& clock) {
  std::smatch m;
  static const std::regex full(R"((\d+):(\d\d):(\d\d)\.(\d\d\d))");
  if (!std::regex_match(clock, m, full)) return -1;
  return ((std::stoll(m[1]) * 60 + std::stoll(m[2])) * 60 + std::stoll(m[3])) * 1000 +
         std::stoll(m[4]);
}

// "EPUB/smil/c001.smil" + "../text/c001.xhtml#s1" → "EPUB/text/c001.xhtml#s1".
std::string Resolve(const std::string& from, const std::string& href) {
  return fs::path(fs::path(from).parent_path() / href).lexically_normal().string();
}

// Whether EPUBCheck can run here; in CI it must.
bool HaveEpubCheck() {
  return RunCommand("command -v java").exit_code == 0 && fs::exists(kEpubCheckJar);
}

struct Clip {
  std::string text_src, audio_src;
  std::int64_t begin_ms = 0, end_ms = 0;
};

// What the test reads out of an EPUB it was given.
struct Overlays {
  std::vector<std::string> documents;               // spine order
  std::map<std::string, std::vector<Clip>> clips;   // by content document
  std::map<std::string, std::int64_t> declared_ms;  // media:duration by content document
  std::int64_t total_ms = -1;
  std::string active_class;
};

class ReadAlongEpub : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  testing::CommandResult Narrate(const std::string& args) const {
    return RunCommand("cd " + Quote(dir_) + " && " + Quote(NARRATE_BINARY) + " " + args);
  }

  void WriteMarkdownBook(
      const std::string& second_paragraph = "Morning came at last. The gulls were back.") {
    testing::WriteFile(Path("book.md"),
                       "---\ntitle: Small Hours\nauthor: Ada Writer\n---\n\n"
                       "# The First Night\n\n"
                       "It was late. The lamp burned low, and the wind rattled the shutters.\n\n"
                       "\"Who is there?\" she asked. Nobody answered & nobody came.\n\n"
                       "# The Second Night\n\n" +
                           second_paragraph + "\n");
  }

  void WriteEpubBook(const std::string& version = "3.0") {
    auto xhtml = [](const std::string& body) {
      return "<?xml version=\"1.0\"?><html "
             "xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title>"
             "</head><body>" +
             body + "</body></html>";
    };
    const std::string opf =
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"" +
        version +
        "\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Tiny Tales</dc:title>"
        "<dc:creator>Tess Teller</dc:creator><dc:language>en-GB</dc:language></metadata><manifest>"
        "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
        "properties=\"nav\"/>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "</manifest><spine><itemref idref=\"a\"/><itemref idref=\"b\"/><itemref "
        "idref=\"c\"/></spine></package>";
    testing::WriteEpub(
        Path("tiny.epub"), "content.opf", opf,
        {{"nav.xhtml",
          xhtml("<nav><ol><li><a href=\"a.xhtml\">First</a></li><li><a href=\"b.xhtml\">"
                "Second</a></li><li><a href=\"c.xhtml\">Third</a></li></ol></nav>")},
         {"a.xhtml", xhtml("<h1>First</h1><p>Zorblax waved. He waved again, twice.</p>")},
         {"b.xhtml",
          xhtml("<h1>Second</h1><p>In 1987 the tide was &lt;high&gt;.</p>"
                "<div class=\"poem\"><p>Roses are red,<br/>violets are blue.</p></div>")},
         {"c.xhtml", xhtml("<h1>Third</h1><p>Goodbye.</p>")}});
  }

  // Asserts EPUBCheck's verdict: no errors and no warnings.
  void ExpectEpubCheckClean(const std::string& epub) const {
    if (!HaveEpubCheck()) {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true")
        FAIL() << "CI needs java and " << kEpubCheckJar;
      GTEST_SKIP() << "EPUBCheck is not installed (java -jar " << kEpubCheckJar << ")";
    }
    auto r = RunCommand("java -jar " + std::string(kEpubCheckJar) + " " + Quote(epub));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("No errors or warnings detected"), std::string::npos) << r.out << r.err;
    EXPECT_EQ(r.err.find("WARNING"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("ERROR"), std::string::npos) << r.err;
  }

  // Reads the package, overlays and content documents, checking on the way
  // that every overlay's text targets exist.
  Overlays ReadOverlays(const Archive& zip) const {
    Overlays out;
    pugi::xml_document opf;
    const std::string opf_path = PackagePath(zip);
    EXPECT_TRUE(opf.load_string(zip.files.at(opf_path).c_str()));
    std::map<std::string, std::string> href_of, overlay_of;  // by item id
    for (auto item : opf.child("package").child("manifest").children("item")) {
      href_of[item.attribute("id").value()] = Resolve(opf_path, item.attribute("href").value());
      overlay_of[item.attribute("id").value()] = item.attribute("media-overlay").value();
    }
    std::map<std::string, std::string> document_of_overlay;
    for (auto ref : opf.child("package").child("spine").children("itemref")) {
      const std::string id = ref.attribute("idref").value();
      out.documents.push_back(href_of[id]);
      if (!overlay_of[id].empty()) document_of_overlay[overlay_of[id]] = href_of[id];
    }
    for (auto meta : opf.child("package").child("metadata").children("meta")) {
      const std::string property = meta.attribute("property").value();
      const std::string refines = meta.attribute("refines").value();
      if (property == "media:active-class") out.active_class = meta.text().get();
      if (property != "media:duration") continue;
      if (refines.empty())
        out.total_ms = ClockMs(meta.text().get());
      else
        out.declared_ms[document_of_overlay[refines.substr(1)]] = ClockMs(meta.text().get());
    }
    for (const auto& [overlay, document] : document_of_overlay)
      ReadSmil(zip, href_of[overlay], document, out);
    return out;
  }

  void ReadSmil(const Archive& zip, const std::string& smil_path, const std::string& document,
                Overlays& out) const {
    pugi::xml_document smil;
    ASSERT_TRUE(smil.load_string(zip.files.at(smil_path).c_str())) << smil_path;
    auto seq = smil.child("smil").child("body").child("seq");
    for (auto par : seq.children("par")) {
      Clip c;
      c.text_src = Resolve(smil_path, par.child("text").attribute("src").value());
      c.audio_src = Resolve(smil_path, par.child("audio").attribute("src").value());
      c.begin_ms = ClockMs(par.child("audio").attribute("clipBegin").value());
      c.end_ms = ClockMs(par.child("audio").attribute("clipEnd").value());
      EXPECT_EQ(c.text_src.substr(0, c.text_src.find('#')), document);
      EXPECT_FALSE(TargetText(zip, c.text_src).empty()) << c.text_src << " has no such id";
      out.clips[document].push_back(c);
    }
  }

  // Where container.xml says the package is: "EPUB/package.opf".
  static std::string PackagePath(const Archive& zip) {
    pugi::xml_document container;
    if (!container.load_string(zip.files.at("META-INF/container.xml").c_str())) return "";
    return container.child("container")
        .child("rootfiles")
        .child("rootfile")
        .attribute("full-path")
        .value();
  }

  // The text of the element a "file#id" reference names (all of it, inline
  // elements' too), or "".
  static std::string TargetText(const Archive& zip, const std::string& ref) {
    const std::size_t hash = ref.find('#');
    auto file = zip.files.find(ref.substr(0, hash));
    if (hash == std::string::npos || file == zip.files.end()) return "";
    pugi::xml_document doc;
    if (!doc.load_string(file->second.c_str())) return "";
    const std::string id = ref.substr(hash + 1);
    auto node = doc.find_node([&](pugi::xml_node n) { return id == n.attribute("id").value(); });
    std::string text;
    for (pugi::xml_node n = node.first_child(); n && node; n = Next(n, node)) text += n.value();
    return text;
  }

  // The node after n in document order, inside root.
  static pugi::xml_node Next(pugi::xml_node n, pugi::xml_node root) {
    if (n.first_child()) return n.first_child();
    for (; n && n != root; n = n.parent())
      if (n.next_sibling()) return n.next_sibling();
    return {};
  }

  // Clips in order without overlap, inside their MP3s (extracted and decoded),
  // and durations that are the clips' sums.
  void ExpectClipsExact(const Archive& zip, const Overlays& o) const {
    std::map<std::string, std::int64_t> audio_ms, last_end;
    std::int64_t total = 0;
    for (const auto& [document, clips] : o.clips) {
      std::int64_t sum = 0;
      for (const Clip& c : clips) {
        if (!audio_ms.contains(c.audio_src)) audio_ms[c.audio_src] = DecodedMs(zip, c.audio_src);
        EXPECT_GE(c.begin_ms, 0);
        EXPECT_LT(c.begin_ms, c.end_ms) << c.text_src;
        EXPECT_LE(c.end_ms, audio_ms[c.audio_src]) << c.text_src;
        EXPECT_GE(c.begin_ms, last_end[c.audio_src]) << c.text_src << " overlaps the clip before";
        last_end[c.audio_src] = c.end_ms;
        sum += c.end_ms - c.begin_ms;
      }
      EXPECT_EQ(o.declared_ms.at(document), sum) << document;
      total += sum;
    }
    EXPECT_EQ(o.total_ms, total);
    EXPECT_GT(total, 0);
  }

  std::int64_t DecodedMs(const Archive& zip, const std::string& name) const {
    const std::string path = Path("decoded.mp3");
    testing::WriteFile(path, zip.files.at(name));
    int rate_hz = 0;
    const std::int64_t samples = testing::Mp3DecodedSamples(path, &rate_hz);
    EXPECT_GT(samples, 0) << name;
    return rate_hz > 0 ? samples * 1000 / rate_hz : -1;
  }

  std::string dir_;
};

TEST_F(ReadAlongEpub, MarkdownBookGetsAValidEpubWithExactClips) {
  WriteMarkdownBook();
  auto r = Narrate("build book.md -o out --read-along-epub -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string epub = Path("out/Small Hours.epub");
  ASSERT_TRUE(fs::exists(epub));
  EXPECT_TRUE(StoredFirstMimetype(epub));
  ExpectEpubCheckClean(epub);

  const Archive zip = Unzip(epub);
  const Overlays o = ReadOverlays(zip);
  ASSERT_EQ(o.documents.size(), 2u);
  EXPECT_EQ(o.active_class, "-epub-media-overlay-active");
  EXPECT_NE(zip.files.at("EPUB/style.css").find("." + o.active_class), std::string::npos);
  EXPECT_NE(zip.files.at(o.documents[0]).find("href=\"../style.css\""), std::string::npos);
  ExpectClipsExact(zip, o);

  // One par per sentence, in order, each pointing at that sentence's span.
  const std::vector<Clip>& first = o.clips.at(o.documents[0]);
  std::vector<std::string> said;
  for (const Clip& c : first) said.push_back(TargetText(zip, c.text_src));
  // (The captions' sentence split ends a sentence at a quoted question.)
  EXPECT_EQ(said, (std::vector<std::string>{
                      "The First Night", "It was late.",
                      "The lamp burned low, and the wind rattled the shutters.",
                      "\"Who is there?\"", "she asked.", "Nobody answered & nobody came."}));
  // The heading shows the title, without the full stop it is spoken with.
  EXPECT_NE(zip.files.at(o.documents[0]).find("<h1><span id=\"s1\">The First Night</span></h1>"),
            std::string::npos);
  // The audio inside is the build's chapter files, as written.
  EXPECT_EQ(zip.files.at(first[0].audio_src),
            testing::ReadFile(Path("out/01 - The First Night.mp3")));
  EXPECT_EQ(zip.files.at(o.clips.at(o.documents[1])[0].audio_src),
            testing::ReadFile(Path("out/02 - The Second Night.mp3")));
  // The first clip starts after the chapter's opening silence (500 ms).
  EXPECT_GE(first[0].begin_ms, 500);
  EXPECT_LT(first[0].begin_ms, 800);
}

TEST_F(ReadAlongEpub, EpubBookGetsAValidEpubWithExactClips) {
  WriteEpubBook();
  auto r = Narrate("build tiny.epub -o out --read-along-epub -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string epub = Path("out/Tiny Tales.epub");
  ASSERT_TRUE(fs::exists(epub));
  ExpectEpubCheckClean(epub);
  const Archive zip = Unzip(epub);
  const Overlays o = ReadOverlays(zip);
  ASSERT_EQ(o.documents.size(), 3u);
  ExpectClipsExact(zip, o);
  // The book's own documents, at their places, with the package where it was.
  EXPECT_EQ(o.documents, (std::vector<std::string>{"a.xhtml", "b.xhtml", "c.xhtml"}));
  EXPECT_EQ(PackagePath(zip), "content.opf");
  EXPECT_NE(zip.files.at("content.opf").find("<dc:language>en-GB</dc:language>"),
            std::string::npos);
  EXPECT_NE(zip.files.at("content.opf").find("<dc:creator>Tess Teller</dc:creator>"),
            std::string::npos);
  // Escaped text and verse lines survive into the content document.
  const std::string& second = zip.files.at(o.documents[1]);
  EXPECT_NE(second.find("the tide was &lt;high&gt;."), std::string::npos) << second;
  EXPECT_TRUE(std::regex_search(second, std::regex("Roses are red,</span><br ?/><span"))) << second;
  EXPECT_NE(second.find("<div class=\"poem\"><p><span"), std::string::npos) << second;
  std::vector<std::string> said;
  for (const Clip& c : o.clips.at(o.documents[1])) said.push_back(TargetText(zip, c.text_src));
  EXPECT_EQ(said, (std::vector<std::string>{"Second", "In 1987 the tide was <high>.",
                                            "Roses are red,", "violets are blue."}));
}

TEST_F(ReadAlongEpub, SingleFileBookClipsOneMp3InBookOrder) {
  WriteEpubBook();
  auto r = Narrate("build tiny.epub -o out --single-file --read-along-epub -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string epub = Path("out/Tiny Tales.epub");
  ExpectEpubCheckClean(epub);
  const Archive zip = Unzip(epub);
  const Overlays o = ReadOverlays(zip);
  ASSERT_EQ(o.documents.size(), 3u);
  ExpectClipsExact(zip, o);
  std::int64_t last_end = 0;
  for (const std::string& document : o.documents) {  // one audio file: later chapters start later
    ASSERT_FALSE(o.clips.at(document).empty());
    EXPECT_EQ(o.clips.at(document)[0].audio_src, o.clips.at(o.documents[0])[0].audio_src);
    EXPECT_GT(o.clips.at(document)[0].begin_ms, last_end);
    last_end = o.clips.at(document).back().end_ms;
  }
}

TEST_F(ReadAlongEpub, RebuildRewritesTheEpubWhenTheTextChanges) {
  WriteMarkdownBook();
  ASSERT_EQ(Narrate("build book.md -o out --read-along-epub -q").exit_code, 0);
  const std::string epub = Path("out/Small Hours.epub");
  const std::string before = Unzip(epub).files.at("EPUB/text/c002.xhtml");
  WriteMarkdownBook("Evening came early. The gulls had gone.");
  auto r = Narrate("build book.md -o out --read-along-epub");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("up to date"), std::string::npos) << r.out;  // chapter 1 kept
  const Archive zip = Unzip(epub);
  EXPECT_NE(zip.files.at("EPUB/text/c002.xhtml"), before);
  const Overlays o = ReadOverlays(zip);
  ExpectClipsExact(zip, o);
  EXPECT_EQ(TargetText(zip, o.clips.at(o.documents[1]).back().text_src), "The gulls had gone.");
  EXPECT_EQ(zip.files.at(o.clips.at(o.documents[1])[0].audio_src),
            testing::ReadFile(Path("out/02 - The Second Night.mp3")));
  // No temporary file or half-written EPUB is left beside it.
  for (const auto& e : fs::directory_iterator(Path("out"))) {
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
}

TEST_F(ReadAlongEpub, RefusesAudioEpubReadersDoNotPlayAndPartialBooks) {
  WriteMarkdownBook();
  auto flac = Narrate("build book.md -o out --format flac --read-along-epub -q");
  EXPECT_EQ(flac.exit_code, 2);
  EXPECT_NE(
      flac.err.find("--read-along-epub needs audio that EPUB readers play (MP3/M4B); FLAC is not"),
      std::string::npos)
      << flac.err;
  auto some = Narrate("build book.md -o out --chapters 2 --read-along-epub -q");
  EXPECT_EQ(some.exit_code, 2);
  EXPECT_NE(some.err.find("--read-along-epub cannot be combined with --chapters"),
            std::string::npos)
      << some.err;
  EXPECT_FALSE(fs::exists(Path("out")));
}

TEST_F(ReadAlongEpub, NoEpubWithoutTheFlag) {
  WriteMarkdownBook();
  ASSERT_EQ(Narrate("build book.md -o other -q").exit_code, 0);
  EXPECT_FALSE(fs::exists(Path("other/Small Hours.epub")));
  EXPECT_FALSE(fs::exists(Path("other/.01 - The First Night.clips.json")));
}

// An EPUB 3 with a stylesheet, a picture, italics a sentence crosses, an
// inline element inside a sentence and a note reference narrate does not say.
void WriteStyledEpub(const std::string& path) {
  const std::string png(
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
      "\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63"
      "\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00\x49\x45\x4e\x44\xae"
      "\x42\x60\x82",
      69);
  auto xhtml = [](const std::string& title, const std::string& body) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html "
           "xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
           "xml:lang=\"en\" lang=\"en\">\n<head>\n<title>" +
           title +
           "</title>\n<link href=\"../css/style.css\" rel=\"stylesheet\" type=\"text/css\"/>\n"
           "</head>\n<body>\n" +
           body + "\n</body>\n</html>\n";
  };
  const std::string opf =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" "
      "version=\"3.0\" unique-identifier=\"id\">\n<metadata "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier "
      "id=\"id\">urn:uuid:2b6e0f4e-9a1c-4c0e-8d57-6a3c1e7f0b11</dc:identifier>\n"
      "<dc:title>Styled Stories</dc:title>\n<dc:creator>Ivy Inkwell</dc:creator>\n"
      "<dc:language>en</dc:language>\n<meta "
      "property=\"dcterms:modified\">2026-01-01T00:00:00Z</meta>\n</metadata>\n<manifest>\n"
      "<item id=\"toc\" href=\"toc.xhtml\" media-type=\"application/xhtml+xml\" "
      "properties=\"nav\"/>\n<item id=\"css\" href=\"css/style.css\" media-type=\"text/css\"/>\n"
      "<item id=\"pic\" href=\"images/ship.png\" media-type=\"image/png\"/>\n"
      "<item id=\"one\" href=\"text/one.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
      "<item id=\"two\" href=\"text/two.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
      "</manifest>\n<spine>\n<itemref idref=\"toc\"/>\n<itemref idref=\"one\"/>\n<itemref "
      "idref=\"two\"/>\n</spine>\n</package>\n";
  const std::string toc =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html "
      "xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
      "xml:lang=\"en\">\n<head><title>Contents</title></head>\n<body>\n<nav epub:type=\"toc\" "
      "id=\"toc\"><h2>Contents</h2><ol><li><a href=\"text/one.xhtml\">Chapter 1</a></li><li><a "
      "href=\"text/two.xhtml\">Chapter 2</a></li></ol></nav>\n</body>\n</html>\n";
  testing::WriteEpub(
      path, "OEBPS/content.opf", opf,
      {{"OEBPS/toc.xhtml", toc},
       {"OEBPS/css/style.css", "p { text-indent: 1em; }\nimg { max-width: 100%; }\n"},
       {"OEBPS/images/ship.png", png},
       {"OEBPS/text/one.xhtml",
        xhtml("Chapter 1",
              "<section id=\"c1\" epub:type=\"chapter\">\n<h1>Chapter 1</h1>\n"
              "<p>He read <i>Ivanhoe. It was</i> long.</p>\n"
              "<p>It was <em>very</em> cold.</p>\n"
              "<figure><img src=\"../images/ship.png\" alt=\"A ship at sea\"/></figure>\n"
              "<p>She smiled<a href=\"#n1\" id=\"r1\" epub:type=\"noteref\">1</a> and left.</p>\n"
              "<aside id=\"n1\" epub:type=\"footnote\"><p>A smile of relief.</p></aside>\n"
              "</section>")},
       {"OEBPS/text/two.xhtml",
        xhtml("Chapter 2",
              "<section id=\"c2\" epub:type=\"chapter\">\n<h1>Chapter 2</h1>\n"
              "<p>Goodbye, dear reader.</p>\n</section>")}});
}

TEST_F(ReadAlongEpub, AnEpubBookKeepsItsOwnMarkupPicturesAndStyles) {
  WriteStyledEpub(Path("styled.epub"));
  auto r = Narrate("build styled.epub -o out --read-along-epub -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string epub = Path("out/Styled Stories.epub");
  ExpectEpubCheckClean(epub);
  const Archive zip = Unzip(epub);
  ASSERT_EQ(PackagePath(zip), "OEBPS/content.opf");
  const Overlays o = ReadOverlays(zip);
  ExpectClipsExact(zip, o);
  // The source's files are carried, the picture and stylesheet byte for byte.
  const Archive source = Unzip(Path("styled.epub"));
  EXPECT_EQ(zip.files.at("OEBPS/images/ship.png"), source.files.at("OEBPS/images/ship.png"));
  EXPECT_EQ(zip.files.at("OEBPS/css/style.css"), source.files.at("OEBPS/css/style.css"));
  const std::string& opf = zip.files.at("OEBPS/content.opf");
  EXPECT_NE(opf.find("href=\"images/ship.png\" media-type=\"image/png\""), std::string::npos);
  EXPECT_NE(opf.find("href=\"css/style.css\" media-type=\"text/css\""), std::string::npos);
  EXPECT_NE(opf.find("urn:uuid:2b6e0f4e-9a1c-4c0e-8d57-6a3c1e7f0b11"), std::string::npos);
  ASSERT_EQ(o.clips.size(), 2u);  // one overlay per narrated document, none for the contents
  const std::string& one = zip.files.at("OEBPS/text/one.xhtml");
  // The markup survives: italics (split where a sentence ends inside them),
  // the emphasis inside a sentence, the picture, the note reference, the stylesheet.
  EXPECT_NE(one.find("<h1><span id=\"rs1\">Chapter 1</span></h1>"), std::string::npos) << one;
  EXPECT_NE(one.find("<p><span id=\"rs2\">He read </span><i><span>Ivanhoe.</span> <span "
                     "id=\"rs3\">It was</span></i><span> long.</span></p>"),
            std::string::npos)
      << one;
  EXPECT_NE(one.find("<span id=\"rs4\">It was <em>very</em> cold.</span>"), std::string::npos)
      << one;
  EXPECT_NE(one.find("<img src=\"../images/ship.png\" alt=\"A ship at sea\""), std::string::npos);
  EXPECT_NE(one.find("epub:type=\"noteref\">1</a> and left.</span>"), std::string::npos) << one;
  EXPECT_NE(one.find("href=\"../css/style.css\""), std::string::npos);
  std::vector<std::string> said;
  for (const Clip& c : o.clips.at("OEBPS/text/one.xhtml"))
    said.push_back(TargetText(zip, c.text_src));
  // "He read Ivanhoe." crosses into the italics: its first piece carries the id.
  EXPECT_EQ(said, (std::vector<std::string>{"Chapter 1", "He read ", "It was", "It was very cold.",
                                            "She smiled1 and left."}));
  EXPECT_EQ(TargetText(zip, o.clips.at("OEBPS/text/two.xhtml").back().text_src),
            "Goodbye, dear reader.");
}

TEST_F(ReadAlongEpub, AnEpub2BookGetsGeneratedDocuments) {
  WriteEpubBook("2.0");
  ASSERT_EQ(Narrate("build tiny.epub -o out --read-along-epub -q").exit_code, 0);
  const std::string epub = Path("out/Tiny Tales.epub");
  ExpectEpubCheckClean(epub);
  const Archive zip = Unzip(epub);
  EXPECT_EQ(PackagePath(zip), "EPUB/package.opf");
  const Overlays o = ReadOverlays(zip);
  EXPECT_EQ(o.documents.size(), 3u);
  ExpectClipsExact(zip, o);
}

TEST_F(ReadAlongEpub, ABuildWithNothingToDoLeavesTheEpubAlone) {
  WriteEpubBook();
  ASSERT_EQ(Narrate("build tiny.epub -o out --read-along-epub -q").exit_code, 0);
  const std::string epub = Path("out/Tiny Tales.epub");
  const auto time = fs::last_write_time(epub);
  const std::string bytes = testing::ReadFile(epub);
  ASSERT_EQ(Narrate("build tiny.epub -o out --read-along-epub -q").exit_code, 0);
  EXPECT_EQ(fs::last_write_time(epub), time);
  EXPECT_EQ(testing::ReadFile(epub), bytes);
  // A changed clip (another speaking rate) makes it again.
  ASSERT_EQ(Narrate("build tiny.epub -o out --read-along-epub --rate 200 -q").exit_code, 0);
  EXPECT_NE(testing::ReadFile(epub), bytes);
}

TEST_F(ReadAlongEpub, TheClipsStayWithoutTheFlagAndServeTheNextEpub) {
  WriteMarkdownBook();
  ASSERT_EQ(Narrate("build book.md -o out --read-along-epub -q").exit_code, 0);
  const std::string mp3 = Path("out/01 - The First Night.mp3");
  const auto made = fs::last_write_time(mp3);
  ASSERT_EQ(Narrate("build book.md -o out -q").exit_code, 0);
  EXPECT_TRUE(fs::exists(Path("out/.01 - The First Night.clips.json")));
  auto r = Narrate("build book.md -o out --read-along-epub");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(fs::last_write_time(mp3), made);  // nothing rendered again
  EXPECT_NE(r.out.find("The Second Night"), std::string::npos);
  // A file made again without the flag loses its clips: they were the older audio's.
  WriteMarkdownBook("Evening came early. The gulls had gone.");
  ASSERT_EQ(Narrate("build book.md -o out -q").exit_code, 0);
  EXPECT_TRUE(fs::exists(Path("out/.01 - The First Night.clips.json")));
  EXPECT_FALSE(fs::exists(Path("out/.02 - The Second Night.clips.json")));
  ASSERT_EQ(Narrate("build book.md -o out --read-along-epub -q").exit_code, 0);
  const Archive zip = Unzip(Path("out/Small Hours.epub"));
  const Overlays o = ReadOverlays(zip);
  ExpectClipsExact(zip, o);
  EXPECT_EQ(TargetText(zip, o.clips.at(o.documents[1]).back().text_src), "The gulls had gone.");
}

TEST(ReadAlongEpubWriter, ClockValuesAndIdentifiers) {
  EXPECT_EQ(package::ClockValue(0), "0:00:00.000");
  EXPECT_EQ(package::ClockValue(3723004), "1:02:03.004");
  EXPECT_EQ(package::ClockValue(36000000 + 59999), "10:00:59.999");
  const std::string id = package::UuidUrnOf("Small Hours\nAda Writer");
  EXPECT_TRUE(std::regex_match(
      id, std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                     "[0-9a-f]{12}")))
      << id;
  EXPECT_EQ(id, package::UuidUrnOf("Small Hours\nAda Writer"));
  EXPECT_NE(id, package::UuidUrnOf("Small Hours\nAda Writer2"));
}

TEST(ReadAlongEpubWriter, AFailedWriteLeavesTheOlderEpubAndNoTemporary) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/Book.epub";
  testing::WriteFile(path, "older");
  package::ReadAlongEpub book;
  book.title = "Book";
  book.modified = "2026-12-02T05:00:00Z";
  book.chapters.push_back({"One", "One.", {{0, 4, true}}, {{0, 4, 0, 500, 900}}});
  book.audio.push_back({dir + "/missing.mp3", "audio/mpeg", "mp3"});
  Status s = package::WriteReadAlongEpub(book, path);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
  EXPECT_EQ(testing::ReadFile(path), "older");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"Book.epub"});
  // The package declares the clip's 400 ms for the overlay and in total.
  const std::string opf = package::EpubPackageDocument(book);
  EXPECT_NE(opf.find("<meta property=\"media:duration\" refines=\"#mo1\">0:00:00.400</meta>"),
            std::string::npos)
      << opf;
  EXPECT_NE(opf.find("<meta property=\"media:duration\">0:00:00.400</meta>"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace narrate

namespace narrate {
namespace {

// An EPUB built into its own folder keeps its book: the read-along one is named apart.
TEST(ReadAlongEpubPath, NeverTheBookBeingRead) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "epub-path";
  std::filesystem::create_directories(dir);
  source::Book book;
  book.title = "Moby Dick";
  book.path = (dir / "Moby Dick.epub").string();
  EXPECT_EQ(pipeline::ReadAlongEpubPath(book, (dir / "out").string()),
            (dir / "out" / "Moby Dick.epub").string());
  { std::ofstream(book.path) << "PK"; }
  EXPECT_EQ(pipeline::ReadAlongEpubPath(book, dir.string()),
            (dir / "Moby Dick.read-along.epub").string());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace narrate
