// The `narrate` program as a new user meets it: usage errors, messages, reading in.
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/program.h"
#include "tests/support/zip_writer.h"

namespace narrate::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(Program, UsageErrorsHaveNarratesPrefixAndHint) {
  auto r = Narrate("say --rate 500 hi");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "narrate: --rate: Value 500 not in range 80 to 449\n"
            "Run 'narrate say --help' for usage.\n");
  struct Case {
    const char* args;
    const char* err;
  };
  for (const Case& c : {
           Case{"build", "narrate: BOOK is required\nRun 'narrate build --help' for usage.\n"},
           Case{"chapters road.md more.md",
                "narrate: The following argument was not expected: more.md\n"
                "Run 'narrate chapters --help' for usage.\n"},
           Case{"build road.md --rat 90",
                "narrate: unknown option '--rat' for 'build'; did you "
                "mean '--rate'?\nRun 'narrate build --help' for usage.\n"},
           Case{"--verison",
                "narrate: unknown option '--verison'; did you mean '--version'?\n"
                "Run 'narrate --help' for usage.\n"},
           Case{"biuld road.md",
                "narrate: unknown command 'biuld'; did you mean 'build'?\n"
                "Run 'narrate --help' for usage.\n"},
           Case{"build road.md --acx --format flac",
                "narrate: --acx makes MP3 files; it cannot be combined with --format flac\n"
                "Run 'narrate build --help' for usage.\n"},
       }) {
    auto u = Narrate(c.args);
    EXPECT_EQ(u.exit_code, 2) << c.args;
    EXPECT_EQ(u.err, c.err) << c.args;
    EXPECT_EQ(u.out, "") << c.args;
  }
}

// ---- Noise ---------------------------------------------------------------------------

// Any attempt at a sound device prints here: PulseAudio's client reads the
// broken configuration ("Missing '='") and logs every step (PULSE_LOG=4), the
// server named does not exist, and ALSA's configuration is as broken.
TEST_F(Program, SpeakingOpensNoSoundDevice) {
  WriteFile(dir_ + "/broken.conf", "not a configuration\n");
  const std::string broken = Quote(dir_ + "/broken.conf");
  auto run = [&](const std::string& args) {
    return RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) +
                      " PULSE_LOG=4 PULSE_SERVER=unix:" + Quote(dir_ + "/no-server") +
                      " PULSE_CLIENTCONFIG=" + broken + " ALSA_CONFIG_PATH=" + broken + " " +
                      Quote(NARRATE_BINARY) + " " + args);
  };
  auto said = run("say hi -o hi.wav");
  EXPECT_EQ(said.exit_code, 0);
  EXPECT_EQ(said.err, "");
  EXPECT_EQ(said.out, "Wrote hi.wav (0:00)\n");
  auto phonemes = run("phonemes hello");
  EXPECT_EQ(phonemes.exit_code, 0);
  EXPECT_EQ(phonemes.err, "");
  EXPECT_EQ(phonemes.out, "h@l'oU\n");
}

// A folder that cannot be made (under a regular file) is named as asked.
TEST_F(Program, OutputFolderThatCannotBeMadeIsNamed) {
  WriteFile(dir_ + "/afile", "x");
  auto r = Narrate("build road.md -o afile/out -q");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "narrate: afile/out: Not a directory\n");
}

// An existing folder nothing can be written in is named, not the hidden
// lock file or cache narrate would make in it. Root writes anywhere: there
// the folder is made immutable instead (chattr +i), when the file system lets it.
TEST_F(Program, UnwritableOutputFolderIsNamedNotItsHiddenFiles) {
  const bool root = ::geteuid() == 0;
  const std::string locked = dir_ + "/locked";
  for (bool stale_lock : {false, true}) {  // a killed build's lock file left in it, or none
    SCOPED_TRACE(stale_lock ? "with a stale lock file" : "empty");
    fs::create_directory(locked);
    if (stale_lock) WriteFile(locked + "/.narrate-lock", "");
    if (root && RunCommand("chattr +i " + Quote(locked)).exit_code != 0)
      GTEST_SKIP() << "running as root and chattr +i is not available here";
    if (!root) fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    auto r = Narrate("build road.md -o locked -q");
    if (root) RunCommand("chattr -i " + Quote(locked));
    fs::permissions(locked, fs::perms::owner_all);
    fs::remove_all(locked);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, std::string("narrate: locked: cannot write in this folder: ") +
                         (root ? "Operation not permitted" : "Permission denied") + "\n");
    EXPECT_EQ(r.out, "");
  }
}

// Nothing measured: the error lines alone, no table header over no rows.
TEST_F(Program, CheckAcxOnWhatIsNoMp3PrintsJustTheError) {
  ASSERT_EQ(Narrate("say hi -o hi.flac").exit_code, 0);
  WriteFile(dir_ + "/notes.txt", "Not audio.\n");
  fs::create_directory(dir_ + "/empty");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"hi.flac", "narrate: hi.flac: no MPEG audio in the file\n"},
      {"notes.txt", "narrate: notes.txt: no MPEG audio in the file\n"},
      {"empty", "narrate: empty: no MP3 files to check\n"}};
  for (const auto& [path, message] : cases) {
    auto r = Narrate("check-acx " + path);
    EXPECT_EQ(r.exit_code, 1) << path;
    EXPECT_EQ(r.out, "") << path;
    EXPECT_EQ(r.err, message) << path;
  }
}

// ---- Damaged and wide input ----------------------------------------------------------

std::string Opf() {
  return "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
         "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Cut</dc:title>"
         "</metadata><manifest><item id=\"c1\" href=\"c1.xhtml\" "
         "media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"c1\"/></spine>"
         "</package>";
}

TEST_F(Program, TruncatedEpubIsDamagedNotNoZip) {
  const std::string whole = dir_ + "/whole.epub";
  std::string body;
  for (int i = 0; i < 200; ++i) body += "<p>Paragraph " + std::to_string(i) + " of the book.</p>";
  WriteEpub(whole, "OEBPS/content.opf", Opf(),
            {{"OEBPS/c1.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>One</h1>" +
                                    body + "</body></html>"}});
  ASSERT_EQ(Narrate("chapters whole.epub").exit_code, 0);
  const std::string bytes = ReadFile(whole);
  WriteFile(dir_ + "/half.epub", bytes.substr(0, bytes.size() / 2));
  WriteFile(dir_ + "/cut.epub", bytes.substr(0, bytes.size() - 8));  // into the end record
  for (const std::string name : {"half.epub", "cut.epub"}) {
    auto r = Narrate("chapters " + name);
    EXPECT_EQ(r.exit_code, 1) << name;
    EXPECT_EQ(r.err, "narrate: " + name + ": damaged or truncated zip archive\n");
    EXPECT_EQ(r.out, "");
  }
  WriteFile(dir_ + "/text.epub", "Just some text, no zip at all.\n");
  auto r = Narrate("chapters text.epub");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "narrate: text.epub: not a zip archive\n");
}

// "Ab\n" → "A\0b\0\n\0" (little-endian) or "\0A\0b\0\n" (big-endian); ASCII only.
std::string Utf16(const std::string& ascii, bool big_endian) {
  std::string out;
  for (char c : ascii) out += big_endian ? std::string{'\0', c} : std::string{c, '\0'};
  return out;
}

// UTF-16 books are read, with a notice naming what they were read as.
TEST_F(Program, Utf16BooksAreReadWithANotice) {
  const std::string text = "# Chapter 1\n\nMira walked.\n\n# Chapter 2\n\nShe slept.\n";
  const std::string html =
      "<html><head><title>Wide</title></head><body><h1>Chapter 1</h1><p>Mira walked.</p>"
      "<h1>Chapter 2</h1><p>She slept.</p></body></html>\n";
  for (const std::string ext : {"txt", "md", "html"}) {
    for (bool big : {false, true}) {
      for (bool bom : {false, true}) {
        const std::string name =
            std::string("wide-") + (big ? "be" : "le") + (bom ? "-bom." : ".") + ext;
        const std::string mark = !bom ? "" : big ? "\xFE\xFF" : "\xFF\xFE";
        WriteFile(dir_ + "/" + name, mark + Utf16(ext == "html" ? html : text, big));
        auto r = Narrate("chapters " + name);
        EXPECT_EQ(r.exit_code, 0) << name;
        EXPECT_EQ(r.err,
                  "narrate: " + name + ": not UTF-8; read as UTF-16" + (big ? "BE" : "LE") + "\n");
        EXPECT_NE(r.out.find("  1  Chapter 1  (1 paragraphs, 2 words)\n"
                             "  2  Chapter 2  (1 paragraphs, 2 words)\n"),
                  std::string::npos)
            << name << ": " << r.out;
      }
    }
  }
}

// ---- Reading in ----------------------------------------------------------------------

// Each paragraph's line is its number in the chapter, as preview takes it,
// then the phonemes the same text gets on its own.
TEST_F(Program, PhonemesOfABookAreNumberedAsPreviewTakesThem) {
  auto r = Narrate("phonemes -f road.md");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  auto alone = [&](const std::string& text) { return Narrate("phonemes " + Quote(text)).out; };
  EXPECT_EQ(r.out,
            "# 1. Chapter 1: Dawn\n"
            "title: " +
                alone("Chapter 1: Dawn") + "1: " + alone("Mira walked 12 miles.") +
                "2: " + alone("It was cold.") +
                "\n# 2. Chapter 2: Dusk\n"
                "title: " +
                alone("Chapter 2: Dusk") + "1: " + alone("She slept at 9."));
  auto preview = Narrate("preview road.md --chapter 1 --paragraph 2 -o p.wav");
  EXPECT_EQ(preview.exit_code, 0);
  EXPECT_EQ(preview.out.substr(0, preview.out.find('\n')), "It was cold.");
  EXPECT_NE(Narrate("phonemes --help").out.find("'M: ...' per paragraph"), std::string::npos);
}

// ---- Install -------------------------------------------------------------------------

// `cmake --install` into a fresh prefix: the program on its bin/, runnable,
// with its modules, and the sample lexicons and book it documents under share/narrate.
TEST_F(Program, InstallPutsNarrateAndItsSamplesUnderThePrefix) {
  const std::string prefix = dir_ + "/prefix";
  auto installed = RunCommand(Quote(NARRATE_CMAKE) + " --install " + Quote(NARRATE_BUILD_DIR) +
                              " --prefix " + Quote(prefix));
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  const std::string narrate = prefix + "/bin/narrate";
  EXPECT_EQ(RunCommand(Quote(narrate) + " --version").out.rfind("narrate ", 0), 0u);
  auto chapters = RunCommand("PATH=" + Quote(prefix + "/bin") + ":/usr/bin:/bin narrate chapters " +
                             Quote(prefix + "/share/narrate/samples/the-lamplighter-of-vask.md"));
  EXPECT_EQ(chapters.exit_code, 0) << chapters.err;
  EXPECT_NE(chapters.out.find("The Lamplighter of Vask"), std::string::npos) << chapters.out;
  auto lexicon = RunCommand(Quote(narrate) + " lexicon check " +
                            Quote(prefix + "/share/narrate/lexicons/sample-book.lexicon"));
  EXPECT_EQ(lexicon.exit_code, 0) << lexicon.out << lexicon.err;
  EXPECT_TRUE(fs::is_regular_file(prefix + "/share/doc/narrate/README.md"));
  // Its modules where it looks for them (common/module.h): M4A output loads narrate-aac.so.
  const std::string modules = prefix + "/" + NARRATE_MODULE_INSTALL_DIR;
  EXPECT_TRUE(fs::is_regular_file(modules + "/narrate-aac.so")) << modules;
  EXPECT_TRUE(fs::is_regular_file(modules + "/narrate-cover.so")) << modules;
  auto m4a = RunCommand("env -u NARRATE_MODULE_DIR " + Quote(narrate) + " say 'Hello.' -o " +
                        Quote(dir_ + "/installed.m4a"));
  EXPECT_EQ(m4a.exit_code, 0) << m4a.err;
  EXPECT_EQ(FfprobeStream(dir_ + "/installed.m4a")["codec_name"], "aac");
}

// NARRATE_TESTS=OFF configures the program alone: no test or replayer targets.
TEST_F(Program, WithoutTestsTheBuildHasNoTestTargets) {
  const std::string tree = dir_ + "/tree";
  auto configured = RunCommand(Quote(NARRATE_CMAKE) + " -S " + Quote(NARRATE_SOURCE_DIR) + " -B " +
                               Quote(tree) + " -G 'Unix Makefiles' -DNARRATE_TESTS=OFF");
  ASSERT_EQ(configured.exit_code, 0) << configured.err;
  auto targets = RunCommand(Quote(NARRATE_CMAKE) + " --build " + Quote(tree) + " --target help");
  ASSERT_EQ(targets.exit_code, 0) << targets.err;
  EXPECT_NE(targets.out.find("... narrate\n"), std::string::npos) << targets.out;
  EXPECT_EQ(targets.out.find("cli_misc_test"), std::string::npos);
  EXPECT_EQ(targets.out.find("replay_"), std::string::npos);
  EXPECT_FALSE(fs::exists(tree + "/tests"));
}

}  // namespace
}  // namespace narrate::testing

namespace narrate::testing {
namespace {

// ---- Suggestions ---------------------------------------------------------------------

// Words only normalisation wrote ("Mrs." → "Missus") are never suggested; a
// name written after one is suggested alone, its counts added up.
TEST_F(Program, SuggestLeavesOutWhatTheNormaliserWrote) {
  WriteFile(dir_ + "/vardek.md",
            "# Chapter 1\n\nMrs. Vardek met Mrs. Vardek’s sister at the gate. Vardek smiled. "
            "Dr. Quorrin bowed to Mrs. Ilsabeth.\n");
  auto r = Narrate("lexicon suggest vardek.md");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("Missus"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Doctor"), std::string::npos) << r.out;
  EXPECT_TRUE(r.out.starts_with("Vardek\t[[")) << r.out;
  EXPECT_NE(r.out.find("\t# 3 times\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nQuorrin\t[["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nIlsabeth\t[["), std::string::npos) << r.out;
}

}  // namespace
}  // namespace narrate::testing
