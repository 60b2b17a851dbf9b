// The user's seed stories (../shared/seeds relative to the repo root) normalise without
// spelling any name letter by letter, except true initialisms written in capitals.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back()))) w.pop_back();
    while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.front()))) w.erase(0, 1);
    if (!w.empty()) words.push_back(w);
  }
  return words;
}

// "U S S Enterprise" -> {"USS"}: runs of two or more single capital letters.
std::vector<std::string> SpelledRuns(const std::string& spoken) {
  std::vector<std::string> runs;
  std::string run;
  for (const std::string& w : Words(spoken)) {
    bool letter = w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z';
    if (letter) { run += w; continue; }
    if (run.size() >= 2) runs.push_back(run);
    run.clear();
  }
  if (run.size() >= 2) runs.push_back(run);
  return runs;
}

std::vector<std::string> SeedTexts() {
  std::vector<std::string> texts;
  fs::path dir(NARRATE_SEEDS_DIR);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return texts;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
  }
  return texts;
}

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) if (!line.empty()) out.push_back(line);
  return out;
}

TEST(SeedStory, NoNameSpelledLetterByLetter) {
  auto texts = SeedTexts();
  if (texts.empty()) GTEST_SKIP() << "no seed stories in " << NARRATE_SEEDS_DIR;
  auto normalizer = Normalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  const std::regex trailing_capital("[a-z'][A-Z]\\b");
  for (const std::string& text : texts) {
    for (const std::string& para : Paragraphs(text)) {
      std::string spoken = normalizer->Normalize(para);
      std::set<std::string> caps_in_source;
      for (const std::string& w : Words(para)) caps_in_source.insert(w);
      for (const std::string& run : SpelledRuns(spoken))
        EXPECT_TRUE(caps_in_source.count(run)) << "spelled '" << run << "' in: " << spoken;
      EXPECT_FALSE(std::regex_search(spoken, trailing_capital)) << spoken;
      EXPECT_EQ(spoken.find("Roman"), std::string::npos);
    }
  }
}

TEST(SeedStory, CapellaIvBecomesCapellaFour) {
  auto texts = SeedTexts();
  if (texts.empty()) GTEST_SKIP() << "no seed stories in " << NARRATE_SEEDS_DIR;
  auto normalizer = Normalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  bool seen = false;
  for (const std::string& text : texts) {
    for (const std::string& para : Paragraphs(text)) {
      if (para.find("Capella IV") == std::string::npos) continue;
      seen = true;
      std::string spoken = normalizer->Normalize(para);
      EXPECT_NE(spoken.find("Capella four"), std::string::npos) << spoken;
    }
  }
  EXPECT_TRUE(seen) << "no seed paragraph mentions Capella IV";
}

TEST(SeedStory, SpecificFixes) {
  auto texts = SeedTexts();
  if (texts.empty()) GTEST_SKIP() << "no seed stories in " << NARRATE_SEEDS_DIR;
  auto normalizer = Normalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  std::string all;
  for (const std::string& text : texts)
    for (const std::string& para : Paragraphs(text)) all += normalizer->Normalize(para) + "\n";
  if (all.find("Kirk") == std::string::npos) GTEST_SKIP() << "not the Star Trek seed";
  EXPECT_NE(all.find("James T Kirk"), std::string::npos);
  EXPECT_NE(all.find("that was an achievement"), std::string::npos);
  EXPECT_NE(all.find("K seven"), std::string::npos);
  EXPECT_EQ(all.find("THAT"), std::string::npos);
}

}  // namespace
}  // namespace narrate::text
