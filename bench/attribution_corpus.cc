// PDNC scoring (see attribution_corpus.h): paragraphs at blank lines, chapters
// at "CHAPTER …" headings, a Cast from character_info.csv, then every PDNC
// quotation checked against the quotations of ours that overlap it.
#include "bench/attribution_corpus.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "voices/quotation_text.h"
#include "voices/quotations.h"

namespace narrate::bench {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// RFC 4180 rows: quoted fields may hold commas, newlines and doubled quotes.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += text[++i];
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// The strings of a Python set or list literal: {'Emma', "Mr. O'Brien"}.
std::vector<std::string> PythonStrings(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\'' && s[i] != '"') continue;
    char q = s[i];
    std::string v;
    for (++i; i < s.size() && s[i] != q; ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      v += s[i];
    }
    out.push_back(v);
  }
  return out;
}

std::vector<long> Integers(const std::string& s) {
  std::vector<long> out;
  for (std::size_t i = 0; i < s.size();) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    out.push_back(std::stol(s.substr(i, j - i)));
    i = j;
  }
  return out;
}

int Column(const std::vector<std::string>& header, const std::string& name) {
  auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

struct Book {
  voices::Cast cast;
  std::vector<std::string> main_names;  // parallel to cast.characters
};

const std::vector<std::string> kNarrator = {"_narr", "Narr", "Narrator"};

// Whether `word` is a word of one of c's names ("Bounderby" of "Josiah Bounderby").
bool HasWord(const voices::Character& c, const std::string& word) {
  for (const std::string& name : c.names) {
    std::size_t at = name.find(word);
    for (; at != std::string::npos; at = name.find(word, at + 1)) {
      bool starts = at == 0 || name[at - 1] == ' ';
      bool ends = at + word.size() == name.size() || name[at + word.size()] == ' ';
      if (starts && ends) return true;
    }
  }
  return false;
}

// The character lists keep some aliases as rows of their own: a minor
// character of unknown gender named by one word of another's names
// ("Bounderby" beside "Josiah Bounderby"). A user's cast would list it as
// that character's name: it joins the one character it is a word of, and is
// dropped when it is a word of several (no one could say whose it is).
void MergeSplitAliases(Book& book, const std::vector<bool>& split) {
  Book kept;
  std::vector<int> into(book.cast.characters.size(), -1);
  for (std::size_t r = 0; r < book.cast.characters.size(); ++r) {
    const voices::Character& c = book.cast.characters[r];
    if (!split[r] || c.names.size() != 1 || c.names[0].find(' ') != std::string::npos) continue;
    int owners = 0;
    for (std::size_t o = 0; o < book.cast.characters.size(); ++o)
      if (o != r && HasWord(book.cast.characters[o], c.names[0])) {
        into[r] = static_cast<int>(o);
        ++owners;
      }
    if (owners > 1) into[r] = -2;
  }
  for (std::size_t r = 0; r < book.cast.characters.size(); ++r)
    if (into[r] >= 0)
      book.cast.characters[into[r]].names.push_back(book.cast.characters[r].names[0]);
  for (std::size_t r = 0; r < book.cast.characters.size(); ++r) {
    if (into[r] != -1) continue;
    kept.cast.characters.push_back(std::move(book.cast.characters[r]));
    kept.main_names.push_back(book.main_names[r]);
  }
  book = std::move(kept);
}

Result<Book> ReadCast(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  auto rows = ParseCsv(*text);
  if (rows.empty()) return Status::InvalidInput(path + ": empty");
  int name = Column(rows[0], "Main Name"), aliases = Column(rows[0], "Aliases");
  int gender = Column(rows[0], "Gender"), category = Column(rows[0], "Category");
  if (name < 0 || aliases < 0 || gender < 0) return Status::InvalidInput(path + ": columns");
  Book book;
  std::vector<bool> split;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() <= static_cast<std::size_t>(std::max({name, aliases, gender}))) continue;
    voices::Character c;
    c.id = "c" + std::to_string(r);
    c.names.push_back(row[name]);
    for (const std::string& a : PythonStrings(row[aliases]))
      if (std::find(c.names.begin(), c.names.end(), a) == c.names.end()) c.names.push_back(a);
    // The character list marks the one telling the story (alias "_narr", or a
    // character "Narrator"), as a user would know it; who speaks a quotation
    // is never read from PDNC's annotations.
    c.tells_the_story = std::find_first_of(c.names.begin(), c.names.end(), kNarrator.begin(),
                                           kNarrator.end()) != c.names.end();
    c.gender = row[gender] == "M"   ? voices::Gender::kMale
               : row[gender] == "F" ? voices::Gender::kFemale
                                    : voices::Gender::kUnknown;
    split.push_back(row[gender] == "X" && category >= 0 &&
                    static_cast<std::size_t>(category) < row.size() && row[category] == "minor");
    book.cast.characters.push_back(std::move(c));
    book.main_names.push_back(row[name]);
  }
  MergeSplitAliases(book, split);
  return book;
}

struct Paragraph {
  std::size_t offset = 0;  // its first byte in the file
  std::string text;        // lines joined with spaces (same length as in the file)
};

bool IsBlank(const std::string& text, std::size_t b, std::size_t e) {
  for (std::size_t i = b; i < e; ++i)
    if (!std::isspace(static_cast<unsigned char>(text[i]))) return false;
  return true;
}

std::vector<Paragraph> Paragraphs(const std::string& text) {
  std::vector<Paragraph> out;
  std::size_t start = std::string::npos, last = 0;
  auto flush = [&] {
    if (start == std::string::npos) return;
    std::string t = text.substr(start, last - start);
    std::replace(t.begin(), t.end(), '\n', ' ');
    std::replace(t.begin(), t.end(), '\r', ' ');
    out.push_back({start, t});
    start = std::string::npos;
  };
  for (std::size_t b = 0; b < text.size();) {
    std::size_t e = text.find('\n', b);
    if (e == std::string::npos) e = text.size();
    if (IsBlank(text, b, e)) {
      flush();
    } else {
      std::size_t s = b;
      while (std::isspace(static_cast<unsigned char>(text[s]))) ++s;
      if (start == std::string::npos) start = s;
      last = e;
      while (last > s && std::isspace(static_cast<unsigned char>(text[last - 1]))) --last;
    }
    b = e + 1;
  }
  flush();
  return out;
}

bool IsHeading(const std::string& p) {
  return p.size() < 60 && (p.rfind("CHAPTER", 0) == 0 || p.rfind("Chapter ", 0) == 0);
}

// Byte offset of each code point offset (Python's string indices).
std::vector<std::size_t> CodePointBytes(const std::string& text) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out.push_back(i);
  out.push_back(text.size());
  return out;
}

struct Ours {
  std::size_t begin, end;  // file bytes
  int speaker;
  std::string rule;
};

// A candidate the "context" rule weighed, at its quotation's file bytes.
struct Traced {
  std::size_t begin, end;
  voices::internal::ContextCandidate candidate;
};

std::vector<Ours> Attribute(const std::string& text, const voices::Cast& cast,
                            std::vector<Traced>* traced = nullptr) {
  std::vector<Paragraph> paragraphs = Paragraphs(text);
  std::vector<Ours> out;
  std::size_t p = 0;
  while (p < paragraphs.size()) {
    std::size_t first = p;
    std::vector<std::string_view> chapter;
    for (; p < paragraphs.size() && (p == first || !IsHeading(paragraphs[p].text)); ++p)
      chapter.emplace_back(paragraphs[p].text);
    voices::internal::ContextTrace trace;
    std::vector<voices::Quotation> quotes =
        voices::internal::AttributeChapterTraced(chapter, cast, {}, traced ? &trace : nullptr);
    for (const voices::Quotation& q : quotes) {
      std::size_t base = paragraphs[first + q.paragraph].offset;
      out.push_back({base + q.begin, base + q.end, q.speaker, q.rule});
    }
    for (const auto& c : trace) {
      const voices::Quotation& q = quotes[c.quote];
      std::size_t base = paragraphs[first + q.paragraph].offset;
      traced->push_back({base + q.begin, base + q.end, c});
    }
  }
  return out;
}

// PDNC names a quotation's speaker by their main name or, at times, an alias.
bool Named(const voices::Character& c, const std::string& speaker) {
  return std::find(c.names.begin(), c.names.end(), speaker) != c.names.end();
}

void ScoreQuote(const std::vector<Ours>& ours, const std::vector<std::size_t>& spans,
                const std::string& speaker, const Book& book, Score& score) {
  bool found = false;
  bool right = true;
  std::string rule;
  for (std::size_t s = 0; s + 1 < spans.size(); s += 2) {
    auto it = std::lower_bound(ours.begin(), ours.end(), spans[s],
                               [](const Ours& o, std::size_t b) { return o.end <= b; });
    for (; it != ours.end() && it->begin < spans[s + 1]; ++it) {
      found = true;
      if (it->speaker < 0) continue;
      if (rule.empty()) rule = it->rule;
      right = right && Named(book.cast.characters[it->speaker], speaker);
    }
  }
  ++score.quotations;
  score.found += found;
  if (rule.empty()) return;
  ++score.attributed;
  score.right += right;
  if (!right && std::getenv("ATTRIBUTION_DEBUG") != nullptr &&
      rule == std::getenv("ATTRIBUTION_DEBUG")) {
    for (const Ours& o : ours)
      if (o.begin < spans[1] && o.end > spans[0] && o.speaker >= 0)
        std::fprintf(stderr, "%s: ours %s, PDNC %s @%zu\n", rule.c_str(),
                     book.main_names[o.speaker].c_str(), speaker.c_str(), spans[0]);
  }
  ++score.by_rule[rule].first;
  score.by_rule[rule].second += right;
}

// The label of a traced candidate: 1 if PDNC's speaker of the quotation at
// [begin, end), 0 if another's, -1 if no PDNC quotation lies there or those
// that do have different speakers.
int Label(const Traced& t,
          const std::vector<std::pair<std::vector<std::size_t>, std::string>>& pdnc,
          const Book& book) {
  int label = -1;
  std::string said;
  for (const auto& [spans, speaker] : pdnc)
    for (std::size_t s = 0; s + 1 < spans.size(); s += 2) {
      if (spans[s] >= t.end || spans[s + 1] <= t.begin) continue;
      if (!said.empty() && said != speaker) return -1;
      said = speaker;
      label = Named(book.cast.characters[t.candidate.who], speaker) ? 1 : 0;
    }
  return label;
}

// ATTRIBUTION_FEATURES=FILE: appends each candidate of the "context" rule's
// first round as a line: novel, quotation byte, candidate, label (above),
// likelihood, features (exact: the trainer must see what the rule sees; the
// second round reuses the weights on what is left).
Status WriteFeatures(const char* path, const std::string& novel, const std::vector<Traced>& traced,
                     const std::vector<std::pair<std::vector<std::size_t>, std::string>>& pdnc,
                     const Book& book) {
  std::FILE* f = std::fopen(path, "a");
  if (f == nullptr) return Status::Io(std::string(path) + ": cannot open for appending");
  for (const Traced& t : traced) {
    std::fprintf(f, "%s\t%zu\t%d\t%d\t%.17g", novel.c_str(), t.begin, t.candidate.who,
                 Label(t, pdnc, book), t.candidate.likelihood);
    for (double x : t.candidate.features) std::fprintf(f, "\t%.17g", x);
    std::fprintf(f, "\n");
  }
  if (std::fclose(f) != 0) return Status::Io(std::string(path) + ": write failed");
  return Status::Ok();
}

}  // namespace

void Score::Add(const Score& o) {
  quotations += o.quotations;
  found += o.found;
  attributed += o.attributed;
  right += o.right;
  for (const auto& [rule, n] : o.by_rule) {
    by_rule[rule].first += n.first;
    by_rule[rule].second += n.second;
  }
}

// ATTRIBUTION_CAST_TOP=N: a partial cast, as a user who lists only the main
// characters writes one: the N characters with the most quotations (the
// others' quotations then have no right speaker in the cast).
void KeepTopSpeakers(Book& book, const std::vector<std::vector<std::string>>& rows, int speaker) {
  const char* top = std::getenv("ATTRIBUTION_CAST_TOP");
  const std::size_t n = top ? std::strtoul(top, nullptr, 10) : 0;
  if (n == 0 || n >= book.cast.characters.size()) return;
  std::vector<std::pair<int, std::size_t>> counts;  // (-quotations, character)
  for (std::size_t c = 0; c < book.cast.characters.size(); ++c) {
    int said = 0;
    for (std::size_t r = 1; r < rows.size(); ++r)
      said += rows[r].size() > static_cast<std::size_t>(speaker) &&
              Named(book.cast.characters[c], rows[r][speaker]);
    counts.emplace_back(-said, c);
  }
  std::sort(counts.begin(), counts.end());
  Book kept;
  for (std::size_t k = 0; k < n; ++k) {
    kept.cast.characters.push_back(book.cast.characters[counts[k].second]);
    kept.main_names.push_back(book.main_names[counts[k].second]);
  }
  book = std::move(kept);
}

Result<Score> ScoreNovel(const std::string& pdnc_dir, const std::string& novel) {
  std::string dir = pdnc_dir + "/data/" + novel + "/";
  auto book = ReadCast(dir + "character_info.csv");
  if (!book.ok()) return book.status();
  auto text = ReadFile(dir + "novel_text.txt");
  if (!text.ok()) return text.status();
  auto quotes = ReadFile(dir + "quotation_info.csv");
  if (!quotes.ok()) return quotes.status();
  auto rows = ParseCsv(*quotes);
  int spans = rows.empty() ? -1 : Column(rows[0], "quoteByteSpans");
  int speaker = rows.empty() ? -1 : Column(rows[0], "speaker");
  if (spans < 0 || speaker < 0) return Status::InvalidInput(dir + "quotation_info.csv: columns");
  KeepTopSpeakers(*book, rows, speaker);
  const char* features = std::getenv("ATTRIBUTION_FEATURES");
  std::vector<Traced> traced;
  std::vector<Ours> ours = Attribute(*text, book->cast, features ? &traced : nullptr);
  std::vector<std::size_t> bytes = CodePointBytes(*text);
  std::vector<std::pair<std::vector<std::size_t>, std::string>> pdnc;  // spans, speaker
  Score score;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() <= static_cast<std::size_t>(std::max(spans, speaker))) continue;
    std::vector<std::size_t> b;
    for (long cp : Integers(rows[r][spans]))
      b.push_back(bytes[std::min<std::size_t>(static_cast<std::size_t>(cp), bytes.size() - 1)]);
    pdnc.emplace_back(b, rows[r][speaker]);
    int before = score.attributed;
    int before_right = score.right;
    ScoreQuote(ours, b, rows[r][speaker], *book, score);
    if (std::getenv("ATTRIBUTION_DUMP") != nullptr && rows[r].size() > 7)
      std::fprintf(stderr, "dump\t%s\t%s\t%s\t%zu\t%zu\n", rows[r][6].c_str(), rows[r][4].c_str(),
                   before == score.attributed    ? "none"
                   : before_right == score.right ? "wrong"
                                                 : "right",
                   b.empty() ? 0 : b[0], b.empty() ? 0 : b.back());
    const char* missed = std::getenv("ATTRIBUTION_MISSED");
    if (missed != nullptr && before == score.attributed && rows[r].size() > 7 &&
        rows[r][6] == missed)
      std::fprintf(stderr, "missed %s: %s @%zu\n", rows[r][4].c_str(), rows[r][7].c_str(),
                   b.empty() ? 0 : b[0]);
  }
  if (features != nullptr) {
    Status written = WriteFeatures(features, novel, traced, pdnc, *book);
    if (!written.ok()) return written;
  }
  return score;
}

Result<std::vector<std::string>> SuggestNovelCast(const std::string& pdnc_dir,
                                                  const std::string& novel) {
  auto text = ReadFile(pdnc_dir + "/data/" + novel + "/novel_text.txt");
  if (!text.ok()) return text.status();
  std::vector<Paragraph> paragraphs = Paragraphs(*text);
  std::vector<std::vector<std::string_view>> chapters(1);
  for (const Paragraph& p : paragraphs) {
    if (IsHeading(p.text) && !chapters.back().empty()) chapters.emplace_back();
    chapters.back().emplace_back(p.text);
  }
  std::vector<std::string> out;
  for (const voices::Character& c : voices::SuggestCast(chapters)) {
    const char* gender = c.gender == voices::Gender::kMale     ? "male"
                         : c.gender == voices::Gender::kFemale ? "female"
                                                               : "unknown";
    std::string line = c.id + " " + gender + ":";
    for (const std::string& n : c.names) line += " \"" + n + "\"";
    out.push_back(line);
  }
  return out;
}

const std::vector<std::string>& DevelopmentNovels() {
  static const std::vector<std::string> kNovels = {"Emma",
                                                   "PrideAndPrejudice",
                                                   "SenseAndSensibility",
                                                   "Persuasion",
                                                   "OliverTwist",
                                                   "HardTimes",
                                                   "AnneOfGreenGables",
                                                   "ARoomWithAView",
                                                   "TheAgeOfInnocence",
                                                   "TheInvisibleMan",
                                                   "TheSignOfTheFour",
                                                   "DaisyMiller",
                                                   "AlicesAdventuresInWonderland",
                                                   "TheManWhoWasThursday"};
  return kNovels;
}

const std::vector<std::string>& HeldOutNovels() {
  static const std::vector<std::string> kNovels = {
      "AHandfulOfDust",         "APassageToIndia",   "HowardsEnd",
      "MansfieldPark",          "NightAndDay",       "NorthangerAbbey",
      "TheAwakening",           "TheGambler",        "TheMysteriousAffairAtStyles",
      "ThePictureOfDorianGray", "TheSportOfTheGods", "TheSunAlsoRises",
      "WhereAngelsFearToTread", "WinnieThePooh"};
  return kNovels;
}

}  // namespace narrate::bench
