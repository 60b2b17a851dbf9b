// A fixture for in-process builds through the shared fakes: a temporary
// folder (removed afterwards; XDG_CONFIG_HOME pointed into it, so no
// user-wide lexicon is read), the book book_ in it, options_ writing into
// "out/". Derived fixtures write their book in SetUp.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "pipeline/manifest.h"
#include "pipeline/pipeline.h"
#include "source/book.h"
#include "tests/support/fakes.h"
#include "tests/support/probe.h"

namespace narrate::testing {

class FakeBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
    options_.output_dir = Path("out");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  void Write(const std::string& name, const std::string& text) const {
    WriteFile(Path(name), text);
  }
  std::string Read(const std::string& name) const { return ReadFile(Path(name)); }

  // Builds book_ with options_ through the fakes (or `disk` for files);
  // the fakes' counts start at zero.
  Result<pipeline::BuildReport> Build(FileSystem* disk = nullptr) {
    env_.engines.Reset();
    env_.fs.Reset();
    auto book = source::ReadBook(Path(book_));
    if (!book.ok()) return book.status();
    auto preparer = pipeline::TextPreparer::Create(options_.speech, Path(book_), book->lexicons);
    if (!preparer.ok()) return preparer.status();
    pipeline::BuildEnv env = env_.env();
    if (disk != nullptr) env.fs = disk;
    return pipeline::BuildBook(*book, options_, *preparer, {}, env);
  }
  // Builds, expecting success and `rendered` engines opened.
  pipeline::BuildReport BuildRendering(int rendered) {
    auto report = Build();
    EXPECT_TRUE(report.ok()) << report.status().message();
    EXPECT_EQ(env_.engines.opened(), rendered);
    return report.ok() ? *report : pipeline::BuildReport{};
  }
  pipeline::Manifest Manifest() const { return pipeline::LoadManifest(Path("out")); }

  std::string dir_;
  std::string book_ = "road.txt";
  pipeline::BuildOptions options_;
  FakeBuildEnv env_;
};

}  // namespace narrate::testing
