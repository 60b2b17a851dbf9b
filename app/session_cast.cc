// The session's cast: who speaks each quotation, as the studio shows it and
// the user corrects it (app/session.h, app/session_parts.h).
#include <unicode/utf8.h>

#include "app/session_parts.h"
#include "output/package/subtitles.h"

namespace narrate::app {

CastView Session::Cast() { return {}; }

Result<ChapterQuotations> Session::CorrectSpeaker(int chapter, int paragraph, std::size_t,
                                                  const std::string&) {
  return Status::NotFound("no quotation in chapter " + std::to_string(chapter) + ", paragraph " +
                          std::to_string(paragraph));
}

namespace session {
namespace {

// Code points in the first `bytes` bytes of text.
std::size_t CodePointsUpTo(std::string_view text, std::size_t bytes) {
  return package::CodePoints(text.substr(0, std::min(bytes, text.size())));
}

QuotationView ViewOf(const CastQuotation& q, std::string_view text) {
  return QuotationView{CodePointsUpTo(text, q.begin), CodePointsUpTo(text, q.end), q.text,
                       q.speaker, q.rule};
}

bool SameSpans(const std::vector<pipeline::VoicedSpan>& a,
               const std::vector<pipeline::VoicedSpan>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].begin != b[i].begin || a[i].end != b[i].end || !(a[i].voice == b[i].voice))
      return false;
  }
  return true;
}

}  // namespace

const std::vector<pipeline::VoicedSpan>& CastState::SpansOf(int chapter, int paragraph) const {
  static const std::vector<pipeline::VoicedSpan> kNone;
  if (!voicing || chapter < 1 || paragraph < 1) return kNone;
  return voicing->Of(static_cast<std::size_t>(chapter - 1),
                     static_cast<std::size_t>(paragraph - 1));
}

Result<std::shared_ptr<const CastState>> ReadCast(const source::Book& book,
                                                  const std::string& voices_path,
                                                  const voices::VoiceSettings& voice,
                                                  std::uint64_t generation) {
  auto cast = CastBook(book, voices_path, voice);
  if (!cast.ok()) return cast.status();
  auto state = std::make_shared<CastState>();
  state->voicing = VoicingFor(book, *cast);
  state->cast = std::move(*cast);
  state->generation = generation;
  return std::shared_ptr<const CastState>(std::move(state));
}

voices::VoiceSettings NarratorVoice(const CastState& state, const voices::VoiceSettings& chosen) {
  return state.cast.cast_path.empty() ? chosen : state.cast.voices.narrator;
}

CastView CastViewOf(const CastState& state) {
  const BookCast& cast = state.cast;
  CastView view{cast.cast_path, cast.corrections_path, {}};
  for (std::size_t i = 0; i < cast.cast.characters.size(); ++i) {
    const voices::Character& c = cast.cast.characters[i];
    const std::string voice = i < cast.voices.characters.size() ? cast.voices.characters[i].name
                                                                : cast.voices.dialogue.name;
    view.characters.push_back({c.id, c.names, std::string(voices::GenderName(c.gender)), voice});
  }
  return view;
}

ChapterQuotations QuotationsOf(const source::Book& book, const CastState& state, int chapter) {
  const source::Chapter& c = book.chapters[static_cast<std::size_t>(chapter - 1)];
  ChapterQuotations out(c.paragraphs.size());
  for (const CastQuotation& q : state.cast.quotations) {
    if (q.chapter != chapter || q.paragraph < 1 ||
        q.paragraph > static_cast<int>(c.paragraphs.size()))
      continue;
    const std::size_t p = static_cast<std::size_t>(q.paragraph - 1);
    out[p].push_back(ViewOf(q, c.paragraphs[p].text));
  }
  return out;
}

std::optional<std::size_t> ByteOfCodePoint(std::string_view text, std::size_t char_index) {
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t at = 0;
  for (std::size_t n = 0; n < char_index; ++n) {
    if (at >= length) return std::nullopt;
    U8_FWD_1(text.data(), at, length);
  }
  return static_cast<std::size_t>(at);
}

std::vector<std::pair<int, int>> ChangedParagraphs(const source::Book& book, const CastState& a,
                                                   const CastState& b) {
  std::vector<std::pair<int, int>> changed;
  for (std::size_t c = 0; c < book.chapters.size(); ++c) {
    for (std::size_t p = 0; p < book.chapters[c].paragraphs.size(); ++p) {
      const int chapter = static_cast<int>(c) + 1, paragraph = static_cast<int>(p) + 1;
      if (!SameSpans(a.SpansOf(chapter, paragraph), b.SpansOf(chapter, paragraph)))
        changed.emplace_back(chapter, paragraph);
    }
  }
  return changed;
}

}  // namespace session
}  // namespace narrate::app
