// Attribution scored on the held-out novels of the Project Dialogism Novel
// Corpus (bench/attribution_corpus.h), the target: of the quotations
// attributed, at least 90% right; at least 60% of all attributed. Runs only
// where $NARRATE_PDNC names a copy of the corpus (its data/ folder inside).
#include <gtest/gtest.h>

#include <cstdlib>

#include "bench/attribution_corpus.h"

namespace narrate::bench {
namespace {

TEST(AttributionCorpus, HeldOutNovelsMeetTheTarget) {
  const char* dir = std::getenv("NARRATE_PDNC");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "NARRATE_PDNC is not set";
  Score total;
  for (const std::string& novel : HeldOutNovels()) {
    auto score = ScoreNovel(dir, novel);
    ASSERT_TRUE(score.ok()) << score.status().message();
    total.Add(*score);
  }
  ASSERT_GT(total.quotations, 10000);
  EXPECT_GE(total.precision(), 0.90) << total.right << " right of " << total.attributed;
  EXPECT_GE(total.recall(), 0.60) << total.attributed << " attributed of " << total.quotations;
}

}  // namespace
}  // namespace narrate::bench
