#include "pipeline/caption_text.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "pipeline/overrides.h"
#include "pronunciation/lexicon.h"
#include "tts/text/normalize.h"

namespace narrate::pipeline {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
// How far the aligner looks for the next shared word: a rewritten stretch is
// at most this many written words, or spoken words (a long number or a
// spelled-out code can become many).
constexpr std::size_t kMaxWrittenGap = 8;
constexpr std::size_t kMaxSpokenGap = 48;
// Sentences joined before giving up and making the rest of the paragraph one
// span (bounds the work on a paragraph that is normalised as a whole, e.g.
// all in capitals).
constexpr std::size_t kMaxGroupSentences = 24;

// One UTF-8 code point at s[at]: its value and length (a stray byte is one unit).
std::pair<char32_t, std::size_t> Decode(std::string_view s, std::size_t at) {
  unsigned char c = s[at];
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (at + n > s.size()) return {c, 1};
  char32_t v = n == 1 ? c : c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) v = (v << 6) | (static_cast<unsigned char>(s[at + k]) & 0x3F);
  return {v, n};
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }
bool IsDash(char32_t c) { return c == 0x2013 || c == 0x2014; }
// Punctuation and symbols that never make a word different: ASCII
// non-alphanumerics, Latin-1 punctuation, the General Punctuation block.
bool IsMark(char32_t c) {
  if (c < 0x80) return !std::isalnum(static_cast<int>(c));
  return (c >= 0xA1 && c <= 0xBF) || (c >= 0x2000 && c <= 0x206F);
}

struct Token {
  std::size_t begin = 0;  // the word without surrounding marks
  std::size_t end = 0;
  std::string key;        // letters and digits, ASCII lower-cased
};

// Words separated by spaces or dashes; tokens that are only marks are dropped.
std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  Token cur;
  auto close = [&]() {
    if (!cur.key.empty()) out.push_back(cur);
    cur = Token{};
  };
  for (std::size_t at = 0; at < s.size();) {
    auto [c, n] = Decode(s, at);
    if (IsSpace(c) || IsDash(c)) {
      close();
    } else if (!IsMark(c)) {
      if (cur.key.empty()) cur.begin = at;
      cur.end = at + n;
      if (n == 1) cur.key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else cur.key.append(s.substr(at, n));
    }
    at += n;
  }
  close();
  return out;
}

bool Anchor(const std::vector<Token>& a, const std::vector<Token>& b, std::size_t i, std::size_t j) {
  if (i >= a.size() || j >= b.size() || a[i].key != b[j].key) return false;
  return i + 1 == a.size() || j + 1 == b.size() || a[i + 1].key == b[j + 1].key;
}

// The nearest (written, spoken) pair from which both sequences agree again.
std::pair<std::size_t, std::size_t> Resync(const std::vector<Token>& a, const std::vector<Token>& b,
                                           std::size_t i, std::size_t j) {
  for (std::size_t d = 1; d <= kMaxWrittenGap + kMaxSpokenGap; ++d) {
    for (std::size_t di = 0; di <= std::min(d, kMaxWrittenGap); ++di) {
      std::size_t dj = d - di;
      if (dj <= kMaxSpokenGap && Anchor(a, b, i + di, j + dj)) return {i + di, j + dj};
    }
  }
  return {a.size(), b.size()};
}

// A clause mark between two words: , ; : or a dash.
bool HasClauseMark(std::string_view gap) {
  for (std::size_t at = 0; at < gap.size();) {
    auto [c, n] = Decode(gap, at);
    if (c == ',' || c == ';' || c == ':' || IsDash(c)) return true;
    if (c == '-' && (at == 0 || gap[at - 1] == ' ') && (at + 1 == gap.size() || gap[at + 1] == ' ')) return true;
    at += n;
  }
  return false;
}

struct Side {
  std::string_view text;
  std::vector<Token> tokens;
  // Indices k in (from, to) with a clause mark between tokens k-1 and k.
  std::vector<std::size_t> Marks(std::size_t from, std::size_t to) const {
    std::vector<std::size_t> out;
    for (std::size_t k = from + 1; k < to; ++k) {
      if (HasClauseMark(text.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end))) out.push_back(k);
    }
    return out;
  }
};

// Aligns written tokens with spoken tokens. Fills links, and for each written
// token the spoken offset where it starts being said when it starts a link
// (kNone when it is inside a rewritten stretch or not said).
struct Alignment {
  std::vector<TextLink> links;
  std::vector<std::size_t> spoken_start;
};

// Marks never said as words: blanks, sentence punctuation, brackets, and the
// General Punctuation block's dashes, quotes and ellipsis.
bool IsPlainMark(char32_t c) {
  constexpr std::string_view kPlain = ".,;:!?\"'()[]{}-_";
  if (c < 0x80) return IsSpace(c) || kPlain.find(static_cast<char>(c)) != std::string_view::npos;
  return c == 0xA0 || (c >= 0x2000 && c <= 0x206F);
}

// The symbols said as words in the marks w.text[from, to) ("&", "$"): from
// the first mark that is not plain to the end of the last; empty when none.
std::pair<std::size_t, std::size_t> SymbolsIn(std::string_view text, std::size_t from,
                                              std::size_t to) {
  std::size_t b = to, e = to;
  for (std::size_t at = from; at < to;) {
    auto [c, n] = Decode(text, at);
    if (!IsPlainMark(c)) {
      if (b == to) b = at;
      e = at + n;
    }
    at += n;
  }
  return b == to ? std::pair{to, to} : std::pair{b, e};
}

// The marks between written tokens i-1 and i.
std::pair<std::size_t, std::size_t> GapBefore(const Side& w, std::size_t i) {
  return {i > 0 ? w.tokens[i - 1].end : 0, i < w.tokens.size() ? w.tokens[i].begin : w.text.size()};
}

// A rewritten stretch also says the symbols around its written words
// ("$4.50", "Texel & Leyden" → "texel and leyden"); spoken words with no
// written word say the symbols between the written words around them
// ("Salt & pepper" → "salt and pepper": "&"), or [at, at) when there are none.
std::pair<std::size_t, std::size_t> StretchText(const Side& w, std::size_t i0, std::size_t i1,
                                                std::size_t at) {
  auto [before_b, before_e] = GapBefore(w, i0);
  if (i1 == i0) {
    auto said = SymbolsIn(w.text, before_b, before_e);
    return said.first == said.second ? std::pair{at, at} : said;
  }
  std::pair<std::size_t, std::size_t> range{w.tokens[i0].begin, w.tokens[i1 - 1].end};
  auto [after_b, after_e] = GapBefore(w, i1);
  auto before = SymbolsIn(w.text, before_b, before_e), after = SymbolsIn(w.text, after_b, after_e);
  if (before.first < before.second) range.first = before.first;
  if (after.first < after.second) range.second = after.second;
  return range;
}

void AddLink(const Side& w, const Side& s, std::size_t i0, std::size_t i1, std::size_t j0,
             std::size_t j1, Alignment& out) {
  const auto& a = w.tokens;
  const auto& b = s.tokens;
  std::size_t text_at = i0 < a.size() ? a[i0].begin : (a.empty() ? 0 : a.back().end);
  const bool exact = i1 == i0 + 1 && j1 == j0 + 1 && a[i0].key == b[j0].key;
  auto [text_begin, text_end] =
      exact ? std::pair{a[i0].begin, a[i0].end} : StretchText(w, i0, i1, text_at);
  TextLink link{b[j0].begin, b[j1 - 1].end, text_begin, text_end, exact};
  out.links.push_back(link);
  if (i1 > i0) out.spoken_start[i0] = b[j0].begin;
}

// A rewritten stretch is cut at its clause marks when both sides have as many
// ("In 1987, 12 men" → "In nineteen eighty seven, twelve men").
void AddStretch(const Side& w, const Side& s, std::size_t i0, std::size_t i1, std::size_t j0,
                std::size_t j1, Alignment& out) {
  if (j0 == j1) return;  // written words that are not said
  std::vector<std::size_t> mw = w.Marks(i0, i1), ms = s.Marks(j0, j1);
  if (mw.empty() || mw.size() != ms.size()) return AddLink(w, s, i0, i1, j0, j1, out);
  mw.push_back(i1);
  ms.push_back(j1);
  for (std::size_t k = 0; k < mw.size(); ++k) {
    AddLink(w, s, i0, mw[k], j0, ms[k], out);
    i0 = mw[k];
    j0 = ms[k];
  }
}

Alignment Align(const Side& w, const Side& s) {
  const auto& a = w.tokens;
  const auto& b = s.tokens;
  Alignment out;
  out.spoken_start.assign(a.size(), kNone);
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    auto [ni, nj] = a[i].key == b[j].key ? std::pair{i + 1, j + 1} : Resync(a, b, i, j);
    AddStretch(w, s, i, ni, j, nj, out);
    i = ni;
    j = nj;
  }
  AddStretch(w, s, i, a.size(), j, b.size(), out);
  return out;
}

// Capitals in a sentence said alone may differ from the paragraph said as a
// whole (shouted paragraphs are lower-cased as a whole); the words do not.
bool SameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// The paragraph's sentences with their byte offsets in it.
std::vector<std::pair<std::string, std::size_t>> LocateSentences(std::string_view paragraph) {
  std::vector<std::pair<std::string, std::size_t>> out;
  std::size_t cursor = 0;
  for (std::string& s : text::SplitSentences(paragraph)) {
    std::size_t at = paragraph.find(s, cursor);
    if (at == std::string_view::npos) {
      std::string whole = Trim(paragraph);
      if (whole.empty()) return {};
      return {{whole, paragraph.find(whole)}};
    }
    cursor = at + s.size();
    out.emplace_back(std::move(s), at);
  }
  return out;
}

}  // namespace

std::vector<WordSpan> WordsOf(std::string_view text) {
  std::vector<WordSpan> out;
  for (const Token& t : Tokenize(text)) {
    std::size_t letters = 0;
    for (std::size_t at = 0; at < t.key.size(); at += Decode(t.key, at).second) ++letters;
    out.push_back(WordSpan{t.begin, t.end, letters});
  }
  return out;
}

void LinkSentence(std::string_view written, std::size_t text_offset, std::string_view spoken,
                  std::size_t spoken_offset, SentenceSpan& out) {
  const Side w{written, Tokenize(written)}, s{spoken, Tokenize(spoken)};
  Alignment al = Align(w, s);
  for (TextLink& l : al.links) {
    l.spoken_begin += spoken_offset;
    l.spoken_end += spoken_offset;
    l.text_begin += text_offset;
    l.text_end += text_offset;
  }
  out.links = std::move(al.links);
  out.breaks.clear();
  for (std::size_t k : w.Marks(0, w.tokens.size())) {
    if (al.spoken_start[k] == kNone) continue;
    out.breaks.push_back(ClauseBreak{text_offset + w.tokens[k].begin, spoken_offset + al.spoken_start[k]});
  }
}

namespace {

// What the written stretch [from, to) of the paragraph says.
using SpokenOf = std::function<std::string(std::size_t from, std::size_t to)>;

// Sentences are grouped until their own spoken form is the next stretch of
// the whole paragraph's ("The U.S. Army" is split after "U.S." but said as
// one: "The U S Army"), so the paragraph is said exactly as before.
ParagraphCaptions FindSentences(std::string_view paragraph, std::size_t chapter_offset,
                                const SpokenOf& spoken_of) {
  ParagraphCaptions out;
  const std::string whole = spoken_of(0, paragraph.size());
  std::vector<std::pair<std::string, std::size_t>> sentences = LocateSentences(paragraph);
  std::size_t said_at = 0;  // in whole
  std::size_t group = 0;    // first sentence of the current group
  for (std::size_t k = 0; k < sentences.size(); ++k) {
    said_at = std::min(whole.find_first_not_of(' ', said_at), whole.size());
    if (k + 1 - group >= kMaxGroupSentences) k = sentences.size() - 1;
    const bool last = k + 1 == sentences.size();
    const std::size_t from = sentences[group].second;
    const std::size_t to = sentences[k].second + sentences[k].first.size();
    // Whatever is left is said by the last group.
    std::string said = last ? whole.substr(said_at) : spoken_of(from, to);
    bool fits = SameIgnoringCase(std::string_view(whole).substr(said_at, said.size()), said) &&
                (said_at + said.size() == whole.size() || whole[said_at + said.size()] == ' ');
    if (!fits && !last) continue;
    SentenceSpan s;
    s.text = std::string(paragraph.substr(from, to - from));
    s.text_offset = chapter_offset + from;
    s.spoken_begin = said_at;
    s.spoken_end = said_at + said.size();
    said_at = s.spoken_end;
    group = k + 1;
    if (said.find_first_not_of(' ') == std::string::npos) continue;
    LinkSentence(s.text, s.text_offset, said, s.spoken_begin, s);
    out.sentences.push_back(std::move(s));
  }
  out.spoken = whole;
  return out;
}

}  // namespace

PreparedParagraph PrepareParagraph(const TextPreparer& preparer, std::string_view paragraph,
                                   std::size_t chapter_offset) {
  PreparedParagraph out;
  out.captions = FindSentences(paragraph, chapter_offset, [&](std::size_t from, std::size_t to) {
    return preparer.Normalize(paragraph.substr(from, to - from));
  });
  out.utterance = preparer.lexicon().Apply(out.captions.spoken);
  StampVoice(out.utterance, preparer.voice());
  return out;
}

namespace {

// In a span's mnemonics marks are sounds ("w'i:n@" ends in a schwa): a link
// within a span covers the whole of its word there, blank to blank.
void WidenToSpanWords(const source::Paragraph& paragraph, std::size_t chapter_offset,
                      ParagraphCaptions& captions) {
  const std::string_view text = paragraph.text;
  for (SentenceSpan& sentence : captions.sentences) {
    for (TextLink& link : sentence.links) {
      const std::size_t begin = link.text_begin - chapter_offset;
      const std::size_t end = link.text_end - chapter_offset;
      for (const source::Pronunciation& span : paragraph.pronunciations) {
        const std::size_t span_end = span.offset + span.length;
        if (begin < span.offset || end > span_end || span_end > text.size()) continue;
        const std::size_t blank = text.find_last_of(" \t", begin);
        const std::size_t from = blank == std::string_view::npos ? 0 : blank + 1;
        link.text_begin = chapter_offset + std::max(from, span.offset);
        link.text_end = chapter_offset + std::min(text.find_first_of(" \t", end), span_end);
        break;
      }
    }
  }
}

}  // namespace

// The spans' written text stays in the spoken text (SpeakStretch), so the
// aligner links each span's words as spoken as written.
PreparedParagraph PrepareParagraph(const TextPreparer& preparer, const source::Paragraph& paragraph,
                                   std::size_t chapter_offset) {
  return PrepareParagraph(preparer, paragraph, chapter_offset, {});
}

// Voiced spans are stretches of their own too (SpeakStretch): a sentence is
// said as the same cuts make it, so sentences still fit the whole.
PreparedParagraph PrepareParagraph(const TextPreparer& preparer, const source::Paragraph& paragraph,
                                   std::size_t chapter_offset,
                                   const std::vector<VoicedSpan>& spans) {
  if (paragraph.pronunciations.empty() && spans.empty())
    return PrepareParagraph(preparer, paragraph.text, chapter_offset);
  PreparedParagraph out;
  out.captions =
      FindSentences(paragraph.text, chapter_offset, [&](std::size_t from, std::size_t to) {
        return SpeakStretch(preparer, paragraph, from, to, spans).spoken;
      });
  WidenToSpanWords(paragraph, chapter_offset, out.captions);
  out.utterance = SpeakStretch(preparer, paragraph, 0, paragraph.text.size(), spans).utterance;
  return out;
}

std::string ChapterText(const source::Chapter& chapter) {
  std::string text = chapter.spoken_title;
  for (std::size_t i = 0; i < chapter.paragraphs.size(); ++i) {
    if (i > 0 || !chapter.spoken_title.empty()) text += "\n\n";
    text += chapter.paragraphs[i].text;
  }
  return text;
}

}  // namespace narrate::pipeline
