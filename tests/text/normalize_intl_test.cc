// Table-driven test for languages other than English: every line of normalize_intl_cases.tsv
// is "locale<TAB>input<TAB>expected spoken form"; "#" lines are comments.
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tts/text/normalize.h"

namespace narrate::text {
namespace {

struct IntlCase { std::string locale, input, expected; int line = 0; };

std::vector<IntlCase> LoadIntlCases(const std::string& path) {
  std::ifstream in(path);
  std::vector<IntlCase> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    size_t a = line.find('\t'), b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    cases.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1), number});
  }
  return cases;
}

TEST(NormalizeIntl, TableCoversGermanFrenchSpanish) {
  std::map<std::string, int> per_locale;
  for (const auto& c : LoadIntlCases(NARRATE_TEXT_INTL_CASES)) ++per_locale[c.locale];
  EXPECT_GE(per_locale["de"], 15);
  EXPECT_GE(per_locale["fr"], 12);
  EXPECT_GE(per_locale["es"], 10);
}

TEST(NormalizeIntl, AllCasesPass) {
  std::map<std::string, Normalizer> normalizers;
  for (const auto& c : LoadIntlCases(NARRATE_TEXT_INTL_CASES)) {
    auto it = normalizers.find(c.locale);
    if (it == normalizers.end()) {
      auto n = Normalizer::Create({c.locale});
      ASSERT_TRUE(n.ok()) << c.locale << ": " << n.status().message();
      it = normalizers.emplace(c.locale, std::move(n).value()).first;
    }
    EXPECT_EQ(it->second.Normalize(c.input), c.expected)
        << "line " << c.line << " (" << c.locale << "): " << c.input;
  }
}

TEST(NormalizeIntl, EnglishIgnoresOtherLanguagesSeparators) {
  auto n = Normalizer::Create({"en"});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->Normalize("It cost 1,250 dollars."), "It cost one thousand two hundred fifty dollars.");
}

}  // namespace
}  // namespace narrate::text
