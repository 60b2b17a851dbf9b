// attribution_eval PDNC_DIR [--held-out | --suggest NOVEL | NOVEL...]: scores who-speaks
// attribution on the Project Dialogism Novel Corpus (bench/README.md).
// Without novels it scores the 14 development novels.
#include <cstdio>
#include <string>
#include <vector>

#include "bench/attribution_corpus.h"

namespace {

void Print(const std::string& name, const narrate::bench::Score& s) {
  std::printf("%-30s %6d %6d %6d %6d  P %5.1f%%  R %5.1f%%  right/all %5.1f%%\n", name.c_str(),
              s.quotations, s.found, s.attributed, s.right, 100 * s.precision(), 100 * s.recall(),
              s.quotations ? 100.0 * s.right / s.quotations : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: attribution_eval PDNC_DIR [--held-out | NOVEL...]\n");
    return 2;
  }
  std::vector<std::string> novels(argv + 2, argv + argc);
  if (novels.size() == 2 && novels[0] == "--suggest") {  // the cast SuggestCast proposes
    auto cast = narrate::bench::SuggestNovelCast(argv[1], novels[1]);
    if (!cast.ok()) {
      std::fprintf(stderr, "%s\n", cast.status().message().c_str());
      return 1;
    }
    for (const std::string& line : *cast) std::printf("%s\n", line.c_str());
    return 0;
  }
  if (novels.size() == 1 && novels[0] == "--held-out") novels = narrate::bench::HeldOutNovels();
  if (novels.empty()) novels = narrate::bench::DevelopmentNovels();
  std::printf("%-30s %6s %6s %6s %6s\n", "novel", "quotes", "found", "attrib", "right");
  narrate::bench::Score total;
  for (const std::string& novel : novels) {
    auto score = narrate::bench::ScoreNovel(argv[1], novel);
    if (!score.ok()) {
      std::fprintf(stderr, "%s\n", score.status().message().c_str());
      return 1;
    }
    Print(novel, *score);
    total.Add(*score);
  }
  Print("total", total);
  for (const auto& [rule, n] : total.by_rule)
    std::printf("  rule %-12s attributed %6d right %6d  P %5.1f%%\n", rule.c_str(), n.first,
                n.second, n.first ? 100.0 * n.second / n.first : 0.0);
  return 0;
}
