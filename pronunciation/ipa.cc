// IPA -> eSpeak mnemonics: longest match against the table in ipa_table.cc.
#include "pronunciation/ipa.h"

#include <algorithm>

#include "pronunciation/text_util.h"

namespace narrate::pronunciation {
namespace {

struct Row {
  std::u32string ipa;
  const IpaSymbol* symbol;
};

const std::vector<Row>& Rows() {
  static const std::vector<Row> rows = [] {
    std::vector<Row> out;
    for (const IpaSymbol& s : IpaInventory()) out.push_back({*internal::ToU32(s.ipa), &s});
    return out;
  }();
  return rows;
}

// A vowel followed by r, spoken as one r-coloured vowel only before a consonant or a break.
bool IsRhoticRow(const Row& row) {
  const char32_t last = row.ipa.back();
  return row.symbol->kind == IpaSymbol::Kind::kVowel && row.ipa.size() > 1 &&
         (last == U'ɹ' || last == U'r');
}

// Spellings of the same symbols that people type: tie bars and brackets go,
// ASCII ' and : stand for ˈ and ː.
std::u32string Prepare(std::u32string_view ipa) {
  std::u32string out;
  for (char32_t c : ipa) {
    if (c == U'\u0361' || c == U'\u035C' || c == U'(' || c == U')') continue;
    if (c == U'\'') c = U'ˈ';
    if (c == U':') c = U'ː';
    if (c == U'\t') c = U' ';
    // Precomposed nasal vowels as base + combining tilde, as the table has them.
    static constexpr std::u32string_view kNasal = U"\u00E3a\u00F5o\u1EBDe\u0129i\u0169u";
    const std::size_t nasal = kNasal.find(c);
    if (nasal != std::u32string_view::npos && nasal % 2 == 0) {
      out += {kNasal[nasal + 1], U'\u0303'};
      continue;
    }
    out.push_back(c);
  }
  return out;
}

const Row* LongestAt(std::u32string_view text, bool allow_rhotic) {
  const Row* best = nullptr;
  for (const Row& row : Rows()) {
    if (best && row.ipa.size() <= best->ipa.size()) continue;
    if (text.substr(0, row.ipa.size()) != row.ipa) continue;
    if (!allow_rhotic && IsRhoticRow(row)) continue;
    best = &row;
  }
  return best;
}

bool StartsWithVowel(std::u32string_view text) {
  const Row* row = LongestAt(text, true);
  return row && row->symbol->kind == IpaSymbol::Kind::kVowel;
}

// The row to use at the start of text: r-coloured vowels only when no vowel follows.
const Row* Match(std::u32string_view text) {
  const Row* row = LongestAt(text, true);
  if (row && IsRhoticRow(*row) && StartsWithVowel(text.substr(row->ipa.size()))) {
    row = LongestAt(text, false);
  }
  return row;
}

std::string Unknown(char32_t c) {
  return "unknown IPA symbol \"" + internal::ToUtf8(std::u32string(1, c)) + "\" (" +
         internal::CodePointName(c) + ")";
}

bool IsStress(const IpaSymbol& s) { return s.espeak == "'" || s.espeak == ","; }

// A syllabic consonant carries its syllable's stress like a vowel does.
bool IsNucleus(const IpaSymbol& s) {
  return s.kind == IpaSymbol::Kind::kVowel || (!s.espeak.empty() && s.espeak.back() == '-');
}

// Builds the mnemonic string. IPA marks stress before the syllable, eSpeak
// writes it before the vowel ("ˈkroʊ" -> "kr'oU"), so stress waits for the
// next nucleus.
struct Converter {
  std::string out;
  std::string pending_stress;
  IpaSymbol::Kind last_kind = IpaSymbol::Kind::kMark;

  // A length mark joins the vowel before it ("e" + ":" is eSpeak's "e:", [eː]).
  void Emit(std::string_view mnemonics) {
    out = mnemonics == ":" ? out + ":" : JoinEspeak(out, mnemonics);
  }
  void Append(const IpaSymbol& symbol) {
    if (IsStress(symbol)) {
      pending_stress = symbol.espeak;
      return;
    }
    // A length mark lengthens vowels only; eSpeak has no geminate consonants.
    if (symbol.ipa == "ː" && last_kind != IpaSymbol::Kind::kVowel) return;
    if (IsNucleus(symbol) && !pending_stress.empty()) {
      Emit(pending_stress);
      pending_stress.clear();
    }
    if (!symbol.espeak.empty()) Emit(symbol.espeak);
    if (symbol.kind == IpaSymbol::Kind::kVowel || symbol.kind == IpaSymbol::Kind::kConsonant) {
      last_kind = symbol.kind;
    }
  }
  void WordBreak() {
    if (!pending_stress.empty()) Emit(pending_stress);
    pending_stress.clear();
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
    last_kind = IpaSymbol::Kind::kMark;
  }
};

}  // namespace

Result<std::string> IpaToEspeak(std::string_view ipa) {
  auto decoded = internal::ToU32(ipa);
  if (!decoded) return Status::Error("invalid UTF-8 in IPA");
  const std::u32string text = Prepare(*decoded);
  Converter conv;
  for (std::size_t i = 0; i < text.size();) {
    if (internal::IsSpace(text[i])) {
      conv.WordBreak();
      ++i;
      continue;
    }
    const Row* row = Match(std::u32string_view(text).substr(i));
    if (!row) return Status::Error(Unknown(text[i]));
    conv.Append(*row->symbol);
    i += row->ipa.size();
  }
  conv.WordBreak();
  while (!conv.out.empty() && conv.out.back() == ' ') conv.out.pop_back();
  return conv.out;
}

}  // namespace narrate::pronunciation
