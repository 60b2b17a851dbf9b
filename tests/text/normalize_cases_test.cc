// Table-driven test: every line of normalize_cases.tsv is "input<TAB>expected spoken form".
// A "# class" comment line starts a class; accuracy per class is printed.
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {

struct Case { std::string klass, input, expected; int line = 0; };

std::vector<Case> LoadCases(const std::string& path) {
  std::ifstream in(path);
  std::vector<Case> cases;
  std::string line, klass = "misc";
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (number > 1) klass = line.substr(line.find_first_not_of("# "));
      continue;
    }
    size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    cases.push_back({klass, line.substr(0, tab), line.substr(tab + 1), number});
  }
  return cases;
}

TEST(NormalizeCases, TableHasAtLeast200Cases) {
  EXPECT_GE(LoadCases(NARRATE_TEXT_CASES).size(), 200u);
}

TEST(NormalizeCases, AllCasesPass) {
  auto normalizer = Normalizer::Create();
  ASSERT_TRUE(normalizer.ok()) << normalizer.status().message();
  std::map<std::string, std::pair<int, int>> per_class;  // class -> {passed, total}
  for (const Case& c : LoadCases(NARRATE_TEXT_CASES)) {
    std::string got = normalizer->Normalize(c.input);
    auto& [passed, total] = per_class[c.klass];
    ++total;
    if (got == c.expected) ++passed;
    EXPECT_EQ(got, c.expected) << "normalize_cases.tsv:" << c.line << " input: " << c.input;
  }
  for (const auto& [klass, counts] : per_class)
    std::printf("  %-28s %3d/%3d\n", klass.c_str(), counts.first, counts.second);
}

}  // namespace
}  // namespace narrate::text
