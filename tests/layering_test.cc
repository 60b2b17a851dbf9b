// The architecture's one-way rules, checked on the sources: front ends hold
// no engine, encoder or parser code of their own.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace narrate {
namespace {

namespace fs = std::filesystem;

// The project headers a source file includes ("tts/synth/engine.h", ...).
std::vector<std::string> ProjectIncludes(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  static const std::regex kInclude(R"re(^\s*#\s*include\s+"([^"]+)")re");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, m, kInclude)) out.push_back(m[1]);
  }
  return out;
}

std::vector<fs::path> SourcesIn(const std::string& folder) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(NARRATE_SOURCE_DIR) / folder)) {
    const std::string ext = e.path().extension().string();
    if (ext == ".cc" || ext == ".h") files.push_back(e.path());
  }
  return files;
}

TEST(Layering, CliCallsTheApplicationLayerOnly) {
  const std::vector<std::string> forbidden = {"tts/",
                                              "output/",
                                              "pronunciation/",
                                              "pipeline/task_runner.h",
                                              "pipeline/plan.h",
                                              "source/internal.h"};
  std::size_t files = 0;
  for (const fs::path& file : SourcesIn("cli")) {
    ++files;
    for (const std::string& include : ProjectIncludes(file)) {
      for (const std::string& prefix : forbidden) {
        EXPECT_FALSE(include.starts_with(prefix)) << file.filename() << " includes " << include;
      }
    }
  }
  EXPECT_GE(files, 4u);
}

TEST(Layering, OnlySynthIncludesEspeakAndOnlyEncodeIncludesLame) {
  for (const char* folder : {"app", "cli", "common", "pipeline", "pronunciation", "source",
                             "voices", "output/package", "output/master"}) {
    for (const fs::path& file : SourcesIn(folder)) {
      std::ifstream in(file);
      std::stringstream text;
      text << in.rdbuf();
      EXPECT_EQ(text.str().find("<espeak-ng/"), std::string::npos) << file;
      EXPECT_EQ(text.str().find("<lame/"), std::string::npos) << file;
    }
  }
}

// gdk-pixbuf, librsvg and cairo are narrate-cover.so's alone (issue 20: with
// FFmpeg, they made the program load 157 libraries at every start; FFmpeg's
// own rule is aac_test's AacLayering): the module is loaded on first use.
TEST(Layering, OnlyTheCoverModuleIncludesTheImageLibraries) {
  std::size_t files = 0, includers = 0;
  for (const char* folder : {"app", "cli", "common", "pipeline", "pronunciation", "source",
                             "voices", "studio", "tts", "output"}) {
    for (const fs::path& file : SourcesIn(folder)) {
      ++files;
      std::ifstream in(file);
      std::stringstream text;
      text << in.rdbuf();
      for (const char* header : {"<gdk-pixbuf/", "<librsvg/", "<cairo"}) {
        if (text.str().find(header) == std::string::npos) continue;
        ++includers;
        EXPECT_EQ(file.filename(), "cover_module.cc") << file << " includes " << header;
      }
    }
  }
  EXPECT_GE(files, 100u);
  EXPECT_EQ(includers, 3u);
}

// The engine reports its own rate; above it nothing assumes eSpeak's 22050 Hz
// (output/encode lists it only among the MPEG standard's rates).
TEST(Layering, NoEngineRateAboveTheEngine) {
  for (const char* folder : {"app", "cli", "common", "pipeline", "pronunciation", "source",
                             "voices", "output/package", "output/master", "output/formats"}) {
    for (const fs::path& file : SourcesIn(folder)) {
      std::ifstream in(file);
      std::stringstream text;
      text << in.rdbuf();
      EXPECT_EQ(text.str().find("22050"), std::string::npos) << file;
    }
  }
}

}  // namespace
}  // namespace narrate
