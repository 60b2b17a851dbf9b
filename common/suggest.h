// "did you mean": the closest candidate to a mistyped word.
#pragma once

#include <string>
#include <vector>

namespace narrate {

// Edit distance between two ASCII strings, a swap of neighbours counting 1.
int EditDistance(const std::string& a, const std::string& b);

// The candidate nearest to word, if within a third of its length (at least 1,
// at most 3 edits); empty otherwise. "--rat" with {"--rate"} → "--rate".
std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace narrate
