// Scoring quotation attribution against the Project Dialogism Novel Corpus
// (PDNC: per novel a data/<Name>/ folder with novel_text.txt,
// quotation_info.csv and character_info.csv). Reads the corpus from a path;
// none of it is part of this repository.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace narrate::bench {

struct Score {
  int quotations = 0;                                  // PDNC's
  int found = 0;                                       // overlapped by any quotation of ours
  int attributed = 0;                                  // overlapped by one of ours with a speaker
  int right = 0;                                       // and every such speaker is PDNC's
  std::map<std::string, std::pair<int, int>> by_rule;  // rule → attributed, right
  double precision() const { return attributed ? double(right) / attributed : 0; }
  double recall() const { return quotations ? double(attributed) / quotations : 0; }
  void Add(const Score& other);
};

// Scores one novel: data/<novel>/ under `pdnc_dir`.
Result<Score> ScoreNovel(const std::string& pdnc_dir, const std::string& novel);

// SuggestCast over the novel's text, one line per character: id, gender, names.
Result<std::vector<std::string>> SuggestNovelCast(const std::string& pdnc_dir,
                                                  const std::string& novel);

// The corpus's 14 development novels and its 14 held-out ones.
const std::vector<std::string>& DevelopmentNovels();
const std::vector<std::string>& HeldOutNovels();

}  // namespace narrate::bench
