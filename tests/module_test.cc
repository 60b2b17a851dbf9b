// narrate's loadable modules (common/module.h): where they are looked up,
// what a missing or stale one gives (in-process and through the built
// program), and that the program no longer links what they link.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/module.h"
#include "output/encode/aac.h"
#include "output/encode/aac_module.h"
#include "output/package/cover_module.h"
#include "tests/support/program.h"
#include "tests/support/zip_writer.h"

namespace narrate::testing {
namespace {

namespace fs = std::filesystem;

// Sets NARRATE_MODULE_DIR for one test (unset: "").
class ModuleDirIs {
 public:
  explicit ModuleDirIs(const std::string& dir) {
    if (const char* was = getenv("NARRATE_MODULE_DIR")) old_ = was;
    if (dir.empty()) {
      unsetenv("NARRATE_MODULE_DIR");
    } else {
      setenv("NARRATE_MODULE_DIR", dir.c_str(), 1);
    }
  }
  ~ModuleDirIs() {
    if (old_.empty()) {
      unsetenv("NARRATE_MODULE_DIR");
    } else {
      setenv("NARRATE_MODULE_DIR", old_.c_str(), 1);
    }
  }

 private:
  std::string old_;
};

const char kMissingAac[] =
    "M4B/M4A output needs narrate's AAC module: /no/such/dir/narrate-aac.so: cannot open "
    "shared object file: No such file or directory";

TEST(ModuleDir, IsWhereTheBuildPutTheModulesRelativeToTheProgram) {
  ModuleDirIs unset("");
  auto dir = ModuleDir();
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_TRUE(fs::is_regular_file(*dir + "/narrate-aac.so")) << *dir;
  EXPECT_TRUE(fs::is_regular_file(*dir + "/narrate-cover.so")) << *dir;
  EXPECT_TRUE(fs::is_regular_file(*dir + "/narrate-studio.so")) << *dir;
  // build/tests/module_test and build/cli/narrate look in the same folder.
  EXPECT_TRUE(fs::equivalent(*dir, fs::path(NARRATE_BINARY).parent_path() / NARRATE_MODULE_RELDIR))
      << *dir;
}

TEST(ModuleDir, TheEnvironmentOverridesUnlessEmpty) {
  {
    ModuleDirIs set("/opt/narrate/modules");
    EXPECT_EQ(*ModuleDir(), "/opt/narrate/modules");
  }
  ModuleDirIs empty("");
  setenv("NARRATE_MODULE_DIR", "", 1);
  EXPECT_NE(*ModuleDir(), "");
  EXPECT_TRUE(fs::is_regular_file(*ModuleDir() + "/narrate-aac.so"));
}

TEST(LoadModule, AMissingModuleIsOneLineNamingWhatNeedsItAndThePath) {
  ModuleDirIs missing("/no/such/dir");
  auto loaded = LoadModule(encode::aac::kModuleSpec);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInternal);
  EXPECT_EQ(loaded.status().message(), kMissingAac);
}

TEST(LoadModule, AModuleWithoutTheEntryIsRefused) {
  ModuleDirIs unset("");
  ModuleSpec wrong = encode::aac::kModuleSpec;
  wrong.file_name = "narrate-cover.so";  // exports narrate_cover_module only
  auto loaded = LoadModule(wrong);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            "M4B/M4A output needs narrate's AAC module: " + *ModuleDir() +
                "/narrate-cover.so: undefined symbol: narrate_aac_module");
}

// tests/support/stale_module.cc: narrate-aac.so's entry, giving version 0.
TEST(LoadModule, AStaleModuleIsRefused) {
  ModuleDirIs stale(NARRATE_STALE_MODULE_DIR);
  auto loaded = LoadModule(encode::aac::kModuleSpec);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(), std::string("M4B/M4A output needs narrate's AAC module: ") +
                                           NARRATE_STALE_MODULE_DIR +
                                           "/narrate-aac.so: version 0, expected " +
                                           std::to_string(encode::aac::kModuleVersion) +
                                           " (a stale module from another build)");
}

TEST(LoadModule, TheBuiltModulesGiveTheirTablesOnceToEveryThread) {
  ModuleDirIs unset("");
  auto cover = LoadModule(package::cover::kModuleSpec);
  ASSERT_TRUE(cover.ok()) << cover.status().message();
  EXPECT_EQ((*cover)->version, package::cover::kModuleVersion);
  std::vector<std::string> versions(8);
  std::vector<std::thread> threads;
  for (std::string& v : versions) threads.emplace_back([&v] { v = encode::AacEncoderVersion(); });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(versions[0].rfind("Lavc", 0), 0u) << versions[0];
  EXPECT_EQ(std::set<std::string>(versions.begin(), versions.end()).size(), 1u);
  const auto& first = LoadedModule<encode::aac::ModuleApi>(encode::aac::kModuleSpec);
  const auto& again = LoadedModule<encode::aac::ModuleApi>(encode::aac::kModuleSpec);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, *again);
}

// ---- Through the built program -------------------------------------------------------

class ModuleProgram : public Program {
 protected:
  // `narrate ARGS` with NARRATE_MODULE_DIR=dir.
  CommandResult NarrateWith(const std::string& dir, const std::string& args) const {
    return RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) +
                      " NARRATE_MODULE_DIR=" + Quote(dir) + " " + Quote(NARRATE_BINARY) + " " +
                      args);
  }
};

TEST_F(ModuleProgram, WithoutTheAacModuleM4bOutputFailsInOneLineAndWavStillWorks) {
  auto m4b = NarrateWith("/no/such/dir", "say 'Hello there.' -o x.m4b");
  EXPECT_EQ(m4b.exit_code, 1);
  EXPECT_EQ(m4b.err, std::string("narrate: ") + kMissingAac + "\n");
  EXPECT_FALSE(fs::exists(dir_ + "/x.m4b"));
  auto wav = NarrateWith("/no/such/dir", "say 'Hello there.' -o x.wav");
  EXPECT_EQ(wav.exit_code, 0) << wav.err;
  EXPECT_GT(WavFrames(dir_ + "/x.wav"), 10000);
}

TEST_F(ModuleProgram, AStaleAacModuleIsRefusedInOneLine) {
  auto m4a = NarrateWith(NARRATE_STALE_MODULE_DIR, "say 'Hello there.' -o x.m4a");
  EXPECT_EQ(m4a.exit_code, 1);
  EXPECT_NE(m4a.err.find("/narrate-aac.so: version 0, expected"), std::string::npos) << m4a.err;
  EXPECT_EQ(m4a.err.find('\n'), m4a.err.size() - 1) << m4a.err;
  EXPECT_FALSE(fs::exists(dir_ + "/x.m4a"));
}

TEST_F(ModuleProgram, WithoutTheCoverModuleACoverFailsNamingIt) {
  WriteFile(dir_ + "/c.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'x'));
  auto built = NarrateWith("/no/such/dir", "build road.md --cover c.png -o out");
  EXPECT_EQ(built.exit_code, 1);
  EXPECT_NE(built.err.find("c.png: cover art needs narrate's cover module: "
                           "/no/such/dir/narrate-cover.so: cannot open shared object file"),
            std::string::npos)
      << built.err;
}

TEST_F(ModuleProgram, WithoutTheStudioModuleTheStudioFailsInOneLine) {
  auto studio = NarrateWith("/no/such/dir", "studio road.md --no-browser --port 0");
  EXPECT_EQ(studio.exit_code, 1);
  EXPECT_EQ(studio.err,
            "narrate: the studio needs narrate's studio module: /no/such/dir/narrate-studio.so: "
            "cannot open shared object file: No such file or directory\n");
}

// libzip is in narrate-zip.so (source/libzip.h): without it an EPUB fails in
// one line naming the module, and plain text still reads.
TEST_F(ModuleProgram, WithoutTheZipModuleAnEpubFailsInOneLineAndTextStillReads) {
  const std::string opf =
      "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
      "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Z</dc:title></metadata>"
      "<manifest><item id=\"c1\" href=\"c1.xhtml\" media-type=\"application/xhtml+xml\"/>"
      "</manifest><spine><itemref idref=\"c1\"/></spine></package>";
  WriteEpub(dir_ + "/z.epub", "OEBPS/content.opf", opf,
            {{"OEBPS/c1.xhtml",
              "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>One</h1>"
              "<p>The lamps were lit.</p></body></html>"}});
  auto epub = NarrateWith("/no/such/dir", "chapters z.epub");
  EXPECT_EQ(epub.exit_code, 1);
  EXPECT_NE(epub.err.find("EPUB files need narrate's zip module: /no/such/dir/narrate-zip.so: "
                          "cannot open shared object file"),
            std::string::npos)
      << epub.err;
  EXPECT_EQ(epub.err.find('\n'), epub.err.size() - 1) << epub.err;
  auto with_module = Narrate("chapters z.epub");
  EXPECT_EQ(with_module.exit_code, 0) << with_module.err;
  EXPECT_NE(with_module.out.find("One"), std::string::npos) << with_module.out;
  auto text = NarrateWith("/no/such/dir", "chapters road.md");
  EXPECT_EQ(text.exit_code, 0) << text.err;
}

TEST_F(ModuleProgram, WithTheModulesM4aOutputWorks) {
  auto m4a = Narrate("say 'Hello there.' -o x.m4a");
  ASSERT_EQ(m4a.exit_code, 0) << m4a.err;
  EXPECT_EQ(FfprobeStream(dir_ + "/x.m4a")["codec_name"], "aac");
}

// What the modules link (FFmpeg, the image libraries, cpp-httplib, libzip and
// libcrypto) stays out of the program's start-up (issue 20).
TEST(ProgramLinks, NoLibraryOfAModule) {
  auto ldd = RunCommand("ldd " + Quote(NARRATE_BINARY));
  ASSERT_EQ(ldd.exit_code, 0) << ldd.err;
  EXPECT_NE(ldd.out.find("libespeak-ng"), std::string::npos) << ldd.out;
  for (const char* library : {"libavcodec", "libavformat", "libavutil", "librsvg", "libgdk_pixbuf",
                              "libcairo", "libcpp-httplib", "libssl", "libzip", "libcrypto"}) {
    EXPECT_EQ(ldd.out.find(library), std::string::npos) << library;
  }
}

// libespeak-ng's pcaudiolib is narrate's stub in the modules' folder
// (tts/synth/pcaudio_stub.cc), so no sound server's libraries load at start.
TEST(ProgramLinks, PcaudioIsTheStubSoNoSoundServerLibraries) {
  auto ldd = RunCommand("ldd " + Quote(NARRATE_BINARY));
  ASSERT_EQ(ldd.exit_code, 0) << ldd.err;
  EXPECT_NE(ldd.out.find("lib/narrate/libpcaudio.so.0"), std::string::npos) << ldd.out;
  for (const char* library : {"libpulse", "libasound", "libX11", "libdbus", "libsystemd"}) {
    EXPECT_EQ(ldd.out.find(library), std::string::npos) << library;
  }
}

}  // namespace
}  // namespace narrate::testing
