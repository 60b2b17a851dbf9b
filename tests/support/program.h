// A fixture that runs the built `narrate` program in a fresh folder holding a
// two-chapter Markdown book, road.md, with XDG_CONFIG_HOME pointed there (no
// user-wide lexicon leaks in). Header-only: each CLI test file includes it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/probe.h"

namespace narrate::testing {

inline const std::string kSampleBook =
    std::string(NARRATE_SOURCE_DIR) + "/samples/the-lamplighter-of-vask.md";

class Program : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    WriteFile(dir_ + "/road.md",
              "---\ntitle: The Road\nauthor: Ann Vask\n---\n\n# Chapter 1. Dawn\n\n"
              "Mira walked 12 miles.\n\nIt was cold.\n\n# Chapter 2. Dusk\n\n"
              "She slept at 9.\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // Runs `narrate ARGS` (a shell fragment: quote paths with Quote) in the folder.
  CommandResult Narrate(const std::string& args) const {
    return RunCommand("cd " + Quote(dir_) + " && XDG_CONFIG_HOME=" + Quote(dir_) + " " +
                      Quote(NARRATE_BINARY) + " " + args);
  }
  std::string dir_;
};

}  // namespace narrate::testing
