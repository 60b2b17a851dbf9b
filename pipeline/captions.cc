#include "pipeline/captions.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"

namespace narrate::pipeline {
namespace {

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string Trim(std::string_view s, const char* junk = " \t\r\n") {
  std::size_t b = s.find_first_not_of(junk), e = s.find_last_not_of(junk);
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// The index of the sentence whose spoken text holds offset (the last one
// starting at or before it).
std::size_t SentenceAt(const ParagraphCaptions& c, std::size_t offset) {
  auto it = std::upper_bound(c.sentences.begin(), c.sentences.end(), offset,
                             [](std::size_t off, const SentenceSpan& s) { return off < s.spoken_begin; });
  return it == c.sentences.begin() ? 0 : static_cast<std::size_t>(it - c.sentences.begin()) - 1;
}

// The first link that overlaps the spoken range [begin, end).
const TextLink* LinkAt(const SentenceSpan& s, std::size_t begin, std::size_t end) {
  end = std::max(end, begin + 1);
  for (const TextLink& l : s.links) {
    if (l.spoken_end > begin && l.spoken_begin < end) return &l;
  }
  return nullptr;
}

// eSpeak sometimes places a word on the marks before it ("better. that":
// the event covers ". "): move it onto the word that follows.
void SnapToWord(const std::string& spoken, std::size_t& begin, std::size_t& end) {
  auto is_mark = [](char c) { return static_cast<unsigned char>(c) < 0x80 && !std::isalnum(static_cast<unsigned char>(c)); };
  std::size_t b = begin;
  while (b < spoken.size() && is_mark(spoken[b])) ++b;
  if (b == begin || b == spoken.size()) return;
  begin = b;
  end = std::max(end, std::min(spoken.find(' ', b), spoken.size()));
}

// Where a word after the first of a split event starts being said, and the
// index of the phoneme it starts with.
struct Cut {
  std::int64_t sample;
  std::size_t phoneme;
};

// Cuts the sound [start, stop) of one word event between the words it covers
// ("had been": 3 and 4 letters), in proportion to their letters: at the start
// of the phoneme nearest each proportional point when there are phonemes
// enough, else at the point itself. Every word keeps one sample at least
// when the sound has as many; returns words.size() - 1 cuts, in order.
template <typename Phonemes>
std::vector<Cut> CutsBetween(const std::vector<WordSpan>& words, const Phonemes& phonemes,
                             std::int64_t start, std::int64_t stop) {
  const std::size_t n = words.size(), p = phonemes.size();
  std::size_t total = 0, sofar = 0;
  for (const WordSpan& w : words) total += std::max<std::size_t>(w.letters, 1);
  std::vector<Cut> cuts;
  Cut prev{start, 0};
  for (std::size_t k = 0; k + 1 < n; ++k) {
    sofar += std::max<std::size_t>(words[k].letters, 1);
    const double share = static_cast<double>(sofar) / static_cast<double>(total);
    const std::size_t left = n - 1 - k;  // words after this cut, each wanting a phoneme
    Cut cut{start + static_cast<std::int64_t>(static_cast<double>(stop - start) * share),
            static_cast<std::size_t>(std::llround(share * static_cast<double>(p)))};
    cut.phoneme = p >= n ? std::clamp(cut.phoneme, prev.phoneme + 1, p - left)
                         : std::clamp(cut.phoneme, prev.phoneme, p);
    const std::int64_t latest = stop - static_cast<std::int64_t>(left);
    if (p >= n && phonemes[cut.phoneme].sample > prev.sample &&
        phonemes[cut.phoneme].sample < latest) {
      cut.sample = phonemes[cut.phoneme].sample;
    }
    if (latest > prev.sample) cut.sample = std::clamp(cut.sample, prev.sample + 1, latest);
    cuts.push_back(cut);
    prev = cut;
  }
  return cuts;
}

}  // namespace

std::string CaptionsToJson(const Captions& captions) {
  nlohmann::json cues = nlohmann::json::array(), words = nlohmann::json::array();
  for (const package::Cue& c : captions.cues) cues.push_back({c.start_sample, c.end_sample, c.text});
  nlohmann::json sentences = nlohmann::json::array();
  for (const TimedSentence& s : captions.sentences) {
    sentences.push_back({s.start_sample, s.end_sample, s.text_begin, s.text_end});
  }
  for (const package::TimedWord& w : captions.words) {
    words.push_back({w.start_sample, w.end_sample, w.spoken, w.text_begin, w.text_end, w.exact});
  }
  return nlohmann::json{{"cues", std::move(cues)},
                        {"words", std::move(words)},
                        {"sentences", std::move(sentences)},
                        {"rate_hz", captions.rate_hz}}
      .dump();
}

Result<Captions> CaptionsFromJson(std::string_view json, const std::string& name) {
  auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Status::Error(name + ": not narrate captions");
  Captions out;
  try {
    for (const auto& c : doc.at("cues")) out.cues.push_back(package::Cue{c.at(0), c.at(1), c.at(2)});
    for (const auto& w : doc.at("words")) {
      out.words.push_back(package::TimedWord{w.at(0), w.at(1), w.at(2), w.at(3), w.at(4), w.at(5)});
    }
    for (const auto& s : doc.value("sentences", nlohmann::json::array())) {
      out.sentences.push_back(TimedSentence{s.at(0), s.at(1), s.at(2), s.at(3)});
    }
    out.rate_hz = doc.value("rate_hz", 0);  // 0 in sidecars cached before rates were kept
  } catch (const nlohmann::json::exception&) {
    return Status::Error(name + ": not narrate captions");
  }
  return out;
}

Status WriteReadAlong(const std::string& audio_path, const ReadAlong& what,
                      const std::vector<package::Cue>& cues,
                      const std::vector<package::TimingsChapter>& chapters, int sample_rate_hz,
                      FileSystem& fs) {
  auto beside = [&](const char* ext) { return std::filesystem::path(audio_path).replace_extension(ext).string(); };
  if (what.vtt) {
    NARRATE_RETURN_IF_ERROR(
        fs.WriteFileAtomically(beside(".vtt"), package::Vtt(cues, sample_rate_hz)));
  }
  if (what.srt) {
    NARRATE_RETURN_IF_ERROR(
        fs.WriteFileAtomically(beside(".srt"), package::Srt(cues, sample_rate_hz)));
  }
  if (!what.timings_json) return Status::Ok();
  return fs.WriteFileAtomically(beside(".json"), package::TimingsJson(chapters, sample_rate_hz));
}

void AppendCaptions(Captions& into, const Captions& part, std::int64_t offset_samples) {
  if (into.rate_hz == 0) into.rate_hz = part.rate_hz;
  for (package::Cue c : part.cues) {
    c.start_sample += offset_samples;
    c.end_sample += offset_samples;
    into.cues.push_back(std::move(c));
  }
  for (TimedSentence s : part.sentences) {
    s.start_sample += offset_samples;
    s.end_sample += offset_samples;
    into.sentences.push_back(s);
  }
  for (package::TimedWord w : part.words) {
    w.start_sample += offset_samples;
    w.end_sample += offset_samples;
    into.words.push_back(std::move(w));
  }
}

CaptionBuilder::CaptionBuilder(const std::vector<Segment>& script, int sample_rate_hz, CaptionLimits limits)
    : script_(script), sample_rate_hz_(sample_rate_hz), limits_(limits) {}

CaptionBuilder::Record& CaptionBuilder::At(std::size_t segment) {
  if (records_.size() <= segment) records_.resize(segment + 1);
  return records_[segment];
}

// Where in the spoken text the word lies: a phoneme piece stands for the
// spoken text up to the next piece.
void CaptionBuilder::OnWord(std::size_t segment, const synth::WordEvent& event) {
  if (segment >= script_.size() || event.piece >= script_[segment].utterance.size()) return;
  const Segment& seg = script_[segment];
  const SpeechPiece& p = seg.utterance[event.piece];
  Word w{event.sample, p.source_offset, p.source_offset};
  if (p.kind == SpeechPiece::Kind::kText) {
    w.spoken_begin += event.offset;
    w.spoken_end = w.spoken_begin + event.length;
    SnapToWord(seg.captions.spoken, w.spoken_begin, w.spoken_end);
  } else {
    bool last = event.piece + 1 == seg.utterance.size();
    w.spoken_end = last ? seg.captions.spoken.size() : seg.utterance[event.piece + 1].source_offset;
  }
  At(segment).words.push_back(w);
}

void CaptionBuilder::OnPhoneme(std::size_t segment, const synth::PhonemeEvent& event) {
  Record& rec = At(segment);
  phonemes_ = true;
  if (rec.words.empty() || event.mnemonic.empty() || event.mnemonic[0] == '_') return;
  rec.words.back().phonemes.push_back(Phoneme{event.sample, event.mnemonic});
}

void CaptionBuilder::OnSpeech(std::size_t segment, std::int64_t first_sample,
                              std::span<const std::int16_t> samples) {
  Record& rec = At(segment);
  const std::int64_t min_samples = MsToSamples(limits_.min_pause_ms, sample_rate_hz_);
  for (std::size_t k = 0; k < samples.size(); ++k) {
    const std::int64_t at = first_sample + static_cast<std::int64_t>(k);
    if (samples[k] == 0) {
      if (rec.zero_since < 0) rec.zero_since = at;
    } else if (rec.zero_since >= 0) {
      if (at - rec.zero_since >= min_samples) rec.pauses.push_back(Pause{rec.zero_since, at});
      rec.zero_since = -1;
    }
  }
}

void CaptionBuilder::OnSegment(std::size_t segment, const SegmentTiming& timing) {
  Record& rec = At(segment);
  rec.timing = timing;
  rec.done = true;
  if (rec.zero_since >= 0) rec.pauses.push_back(Pause{rec.zero_since, timing.end});
  rec.zero_since = -1;
  // The inserted pause before the speech, joined to any silence it opens with.
  if (!rec.pauses.empty() && rec.pauses.front().begin == timing.speech_start) {
    rec.pauses.front().begin = timing.start;
  } else if (timing.speech_start > timing.start) {
    rec.pauses.insert(rec.pauses.begin(), Pause{timing.start, timing.speech_start});
  }
}

// A word's sound starts at its event, or at the end of the silence the event
// falls in.
std::int64_t CaptionBuilder::StartOf(const Record& rec, std::size_t word) const {
  const std::int64_t s = rec.words[word].sample;
  auto it = std::upper_bound(rec.pauses.begin(), rec.pauses.end(), s,
                             [](std::int64_t v, const Pause& p) { return v < p.begin; });
  if (it != rec.pauses.begin() && s < std::prev(it)->end) {
    return std::min(std::prev(it)->end, rec.timing.speech_end);
  }
  return s;
}

// Sound that starts at `from` and runs up to `next` (where the next word's
// sound starts) ends where the silence just before `next` begins, or at next
// when the words run together. Silences inside a word (a stop's closure) are
// not its end.
std::int64_t CaptionBuilder::EndBefore(const Record& rec, std::int64_t from, std::int64_t next) const {
  auto it = std::lower_bound(rec.pauses.begin(), rec.pauses.end(), next,
                             [](const Pause& p, std::int64_t v) { return p.begin < v; });
  if (it == rec.pauses.begin()) return next;
  const Pause& p = *std::prev(it);
  return p.end >= next && p.begin > from ? p.begin : next;
}

Captions CaptionBuilder::Finish(std::int64_t offset_samples) const {
  Captions out;
  for (std::size_t i = 0; i < records_.size() && i < script_.size(); ++i) {
    if (records_[i].done) AddSegment(i, out);
  }
  std::int64_t stream_end = 0;
  for (const Record& r : records_) stream_end = std::max(stream_end, r.timing.end);
  for (package::Cue& c : out.cues) c.end_sample = std::clamp(c.end_sample, c.start_sample, stream_end);
  for (TimedSentence& s : out.sentences) {
    s.end_sample = std::clamp(s.end_sample, s.start_sample, stream_end);
  }
  for (package::TimedWord& w : out.words) w.end_sample = std::clamp(w.end_sample, w.start_sample, stream_end);
  Captions shifted;
  shifted.rate_hz = sample_rate_hz_;
  AppendCaptions(shifted, out, offset_samples);
  if (phonemes_) shifted.word_phonemes = std::move(out.word_phonemes);
  return shifted;
}

void CaptionBuilder::AddSegment(std::size_t index, Captions& out) const {
  const Segment& seg = script_[index];
  const Record& rec = records_[index];
  if (seg.captions.sentences.empty() || rec.words.empty()) return;
  std::size_t w0 = 0;
  while (w0 < rec.words.size()) {
    std::size_t sentence = SentenceAt(seg.captions, rec.words[w0].spoken_begin);
    std::size_t w1 = w0 + 1;
    while (w1 < rec.words.size() && SentenceAt(seg.captions, rec.words[w1].spoken_begin) == sentence) ++w1;
    AddSentence(seg, rec, sentence, w0, w1, out);
    w0 = w1;
  }
  AddWords(seg, rec, out);
}

// The sentence's clauses that can be timed: each starts at a word.
std::vector<CaptionBuilder::Unit> CaptionBuilder::Units(const Record& rec, const SentenceSpan& s,
                                                        std::size_t w0, std::size_t w1) const {
  std::vector<Unit> units{Unit{w0, s.text_offset}};
  std::size_t w = w0;
  for (const ClauseBreak& b : s.breaks) {
    while (w < w1 && rec.words[w].spoken_begin < b.spoken_offset) ++w;
    if (w >= w1) break;
    if (w > units.back().word) units.push_back(Unit{w, b.text_offset});
  }
  return units;
}

void CaptionBuilder::AddSentence(const Segment& seg, const Record& rec, std::size_t sentence,
                                 std::size_t w0, std::size_t w1, Captions& out) const {
  const SentenceSpan& s = seg.captions.sentences[sentence];
  // Where the sound of words [a, b) ends.
  auto end_of = [&](std::size_t b) {
    return b < rec.words.size() ? EndBefore(rec, rec.words[b - 1].sample, StartOf(rec, b))
                                : rec.timing.speech_end;
  };
  auto text_of = [&](std::size_t from, std::size_t to) {
    std::size_t a = from - s.text_offset, b = std::min(to - s.text_offset, s.text.size());
    return Trim(std::string_view(s.text).substr(a, b - a));
  };
  std::vector<Unit> units = Units(rec, s, w0, w1);
  const std::size_t text_end = s.text_offset + s.text.size();
  out.sentences.push_back(
      TimedSentence{StartOf(rec, units[0].word), end_of(w1), s.text_offset, text_end});
  const std::int64_t max_samples = MsToSamples(limits_.max_cue_ms, sample_rate_hz_);
  auto too_long = [&](std::size_t a, std::size_t b) {  // units [a, b) as one cue
    std::size_t to = b < units.size() ? units[b].text_offset : text_end;
    std::int64_t until = b < units.size() ? StartOf(rec, units[b].word) : end_of(w1);
    return CodePoints(text_of(units[a].text_offset, to)) > limits_.max_cue_chars ||
           until - StartOf(rec, units[a].word) > max_samples;
  };
  auto emit = [&](std::size_t a, std::size_t b) {
    std::size_t to = b < units.size() ? units[b].text_offset : text_end;
    std::int64_t end = end_of(b < units.size() ? units[b].word : w1);
    out.cues.push_back(package::Cue{StartOf(rec, units[a].word), end, text_of(units[a].text_offset, to)});
  };
  if (!too_long(0, units.size())) return emit(0, units.size());
  std::size_t a = 0;
  for (std::size_t b = 1; b < units.size(); ++b) {
    if (too_long(a, b + 1)) {
      emit(a, b);
      a = b;
    }
  }
  emit(a, units.size());
}

// One timed word for spoken[begin, end), said over [start, stop).
void CaptionBuilder::AddWord(const Segment& seg, std::size_t begin, std::size_t end,
                             std::int64_t start, std::int64_t stop,
                             std::vector<std::string> phonemes, Captions& out) const {
  const std::string& spoken = seg.captions.spoken;
  const SentenceSpan& s = seg.captions.sentences[SentenceAt(seg.captions, begin)];
  package::TimedWord t;
  t.start_sample = start;
  t.end_sample = stop;
  std::size_t b = std::min(begin, spoken.size()), e = std::clamp(end, b, spoken.size());
  t.spoken = Trim(std::string_view(spoken).substr(b, e - b), " \t\r\n.,;:!?\"'()");
  const TextLink* link = LinkAt(s, begin, end);
  t.text_begin = link ? link->text_begin : s.text_offset;
  t.text_end = link ? link->text_end : s.text_offset + s.text.size();
  t.exact = link != nullptr && link->exact;
  out.words.push_back(std::move(t));
  out.word_phonemes.push_back(std::move(phonemes));
}

// eSpeak speaks some pairs as one word ("did not", "had been", "out of"):
// one event, for the first word, whose sound and phonemes run on over the
// second, which has none. So an event says the spoken words up to the next
// event's (the last one: up to the end), and its sound is split between them
// (CutsBetween).
void CaptionBuilder::AddWords(const Segment& seg, const Record& rec, Captions& out) const {
  const std::string_view spoken = seg.captions.spoken;
  for (std::size_t i = 0; i < rec.words.size(); ++i) {
    const Word& w = rec.words[i];
    const std::size_t says_until = std::max(
        w.spoken_end, i + 1 < rec.words.size() ? rec.words[i + 1].spoken_begin : spoken.size());
    const std::int64_t start = StartOf(rec, i);
    const std::int64_t stop = i + 1 < rec.words.size()
                                  ? EndBefore(rec, w.sample, StartOf(rec, i + 1))
                                  : rec.timing.speech_end;
    std::vector<std::string> names;
    for (const Phoneme& p : w.phonemes) names.push_back(p.mnemonic);
    const std::size_t b = std::min(w.spoken_begin, spoken.size());
    const std::vector<WordSpan> words =
        WordsOf(spoken.substr(b, std::clamp(says_until, b, spoken.size()) - b));
    if (words.size() < 2) {
      AddWord(seg, w.spoken_begin, w.spoken_end, start, stop, std::move(names), out);
      continue;
    }
    const std::vector<Cut> cuts = CutsBetween(words, w.phonemes, start, stop);
    Cut from{start, 0};
    for (std::size_t k = 0; k < words.size(); ++k) {
      const Cut to = k < cuts.size() ? cuts[k] : Cut{stop, names.size()};
      std::vector<std::string> own(names.begin() + static_cast<std::ptrdiff_t>(from.phoneme),
                                   names.begin() + static_cast<std::ptrdiff_t>(to.phoneme));
      AddWord(seg, b + words[k].begin, b + words[k].end, from.sample, to.sample, std::move(own),
              out);
      from = to;
    }
  }
}

}  // namespace narrate::pipeline
