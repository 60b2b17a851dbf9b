// The studio's routes (studio/API.md) over an app::Session: a request as
// plain values in, a response out. No HTTP library here (studio/server.cc
// converts), so the tests and the fuzz target call it directly.
#include "studio/router.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "studio/page_files.h"

namespace narrate::studio {
namespace {

using Json = nlohmann::ordered_json;  // keys in the order API.md gives them
using Trial = std::vector<std::pair<std::string, std::string>>;
using Clock = std::chrono::steady_clock;

// The page may load only its own files; audio also from blob: (POST /api/say's WAV).
constexpr char kPagePolicy[] =
    "default-src 'self'; media-src 'self' blob:; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
constexpr int kEventWaitMs = 1000;                    // one stream call blocks at most this long
constexpr auto kKeepAlive = std::chrono::seconds(5);  // a comment when nothing happened

// ---- Responses -----------------------------------------------------------------

// Text that is not UTF-8 is replaced (U+FFFD), never an exception.
std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Response JsonResponse(int status, const Json& body) {
  Response response;
  response.status = status;
  response.body = Dump(body);
  response.headers["Cache-Control"] = "no-store";
  return response;
}

Response ErrorResponse(int status, const std::string& message) {
  return JsonResponse(status, Json{{"error", message}});
}

// kNotFound → 404, kInvalidInput/kUsage → 400, kAlreadyExists → 409, else 500.
int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kInvalidInput:
    case StatusCode::kUsage:
      return 400;
    case StatusCode::kAlreadyExists:
      return 409;
    default:
      return 500;
  }
}

Response FromStatus(const Status& status) {
  return ErrorResponse(HttpStatusFor(status.code()), status.message());
}

// ---- Request pieces ------------------------------------------------------------

std::string Header(const Request& request, const std::string& name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string() : it->second;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "Caf%C3%A9" → "Café"; nullopt for a broken escape ("%zz", "%4").
std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int high = HexDigit(s[i + 1]), low = HexDigit(s[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// "/api/lexicon/AC%2FDC" → {"api", "lexicon", "AC/DC"}; "/" → {""}; nullopt
// for a path not starting with '/' or holding a broken escape.
std::optional<std::vector<std::string>> Segments(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (true) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    auto segment = PercentDecode(path.substr(start, end - start));
    if (!segment) return std::nullopt;
    segments.push_back(std::move(*segment));
    if (end == path.size()) return segments;
    start = end + 1;
  }
}

// "12" → 12; nullopt for anything but 1–9 digits without a leading zero ("0", "012", "-1").
std::optional<int> PositiveNumber(std::string_view s) {
  if (s.empty() || s.size() > 9 || s.front() == '0') return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// "14.wav" → 14.
std::optional<int> WavNumber(std::string_view s) {
  if (!s.ends_with(".wav")) return std::nullopt;
  return PositiveNumber(s.substr(0, s.size() - 4));
}

// Well-formed UTF-8 without control characters: fit for a lexicon line ("Café" yes, "a\nb" no).
bool IsCleanText(std::string_view s) {
  const auto length = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return false;
  }
  return true;
}

// Constant time in the secret's content: every byte is compared.
bool SameSecret(std::string_view given, std::string_view expected) {
  if (expected.empty() || given.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < given.size(); ++i)
    diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return diff == 0;
}

// "a=1; narrate_token_8080=T" → "T" for that name; "" when absent.
std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t end = std::min(header.find(';'), header.size());
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    header.remove_prefix(std::min(end + 1, header.size()));
  }
  return "";
}

std::string Lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

bool IsOwnHost(const std::string& host, int port) {
  const std::string lower = Lower(host), suffix = ":" + std::to_string(port);
  return lower == "127.0.0.1" + suffix || lower == "localhost" + suffix;
}

// No Origin (a same-origin GET, curl) or the studio's own.
bool IsOwnOrigin(const Request& request, int port) {
  auto it = request.headers.find("origin");
  if (it == request.headers.end()) return true;
  const std::string origin = Lower(it->second);
  return origin.starts_with("http://") && IsOwnHost(origin.substr(7), port);
}

// ---- JSON bodies ---------------------------------------------------------------

Result<Json> BodyObject(const Request& request) {
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return Status::InvalidInput("the request body is not JSON");
  if (!body.is_object()) return Status::InvalidInput("the request body must be a JSON object");
  return body;
}

// body[name] as a string; "" when absent and not required.
Result<std::string> StringField(const Json& body, const char* name, bool required) {
  auto it = body.find(name);
  if (it == body.end() && !required) return std::string();
  if (it == body.end()) return Status::InvalidInput(std::string("\"") + name + "\" is missing");
  if (!it->is_string())
    return Status::InvalidInput(std::string("\"") + name + "\" must be a string");
  return it->get<std::string>();
}

Result<bool> BoolField(const Json& body, const char* name, bool fallback) {
  auto it = body.find(name);
  if (it == body.end()) return fallback;
  if (!it->is_boolean())
    return Status::InvalidInput(std::string("\"") + name + "\" must be true or false");
  return it->get<bool>();
}

Status CheckWord(const std::string& word) {
  if (word.empty() || !IsCleanText(word))
    return Status::InvalidInput("the word must be UTF-8 text without control characters");
  return Status::Ok();
}

// {"text": "...", "lexicon": {"Worf": "WORF"}} → the text and its trial entries.
struct SayBody {
  std::string text;
  Trial trial;
};
Result<SayBody> ParseSayBody(const Request& request) {
  auto body = BodyObject(request);
  if (!body.ok()) return body.status();
  auto text = StringField(*body, "text", true);
  if (!text.ok()) return text.status();
  SayBody out{*text, {}};
  auto lexicon = body->find("lexicon");
  if (lexicon == body->end() || lexicon->is_null()) return out;
  if (!lexicon->is_object())
    return Status::InvalidInput("\"lexicon\" must be an object of word: pronunciation");
  for (const auto& [word, pronunciation] : lexicon->items()) {
    NARRATE_RETURN_IF_ERROR(CheckWord(word));
    if (!pronunciation.is_string() || !IsCleanText(pronunciation.get<std::string>()))
      return Status::InvalidInput("the pronunciation of \"" + word + "\" must be a string");
    out.trial.emplace_back(word, pronunciation.get<std::string>());
  }
  return out;
}

// ---- JSON answers --------------------------------------------------------------

Json BookJson(const app::BookView& book) {
  Json chapters = Json::array();
  for (const app::ChapterSummary& c : book.chapters) {
    chapters.push_back({{"number", c.number},
                        {"title", c.title},
                        {"paragraphs", c.paragraphs},
                        {"words", c.words}});
  }
  return {{"title", book.title},
          {"author", book.author},
          {"language", book.language},
          {"voice", book.voice},
          {"lexicon_file", book.lexicon_file},
          {"chapters", std::move(chapters)}};
}

// "" → null (no speaker, no rule).
Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json QuotationsJson(const std::vector<app::QuotationView>& quotations) {
  Json list = Json::array();
  for (const app::QuotationView& q : quotations) {
    list.push_back({{"start", q.char_start},
                    {"end", q.char_end},
                    {"text", q.text},
                    {"speaker", OrNull(q.speaker)},
                    {"rule", OrNull(q.rule)}});
  }
  return list;
}

Json ParagraphJson(const app::ParagraphView& p) {
  Json names = Json::array();
  for (const app::MarkedName& n : p.names) {
    const char* kind = n.kind == app::NameKind::kLexicon ? "lexicon" : "suggested";
    names.push_back(
        {{"start", n.char_start}, {"end", n.char_end}, {"word", n.word}, {"kind", kind}});
  }
  return {{"index", p.index},
          {"text", p.text},
          {"spoken", p.spoken},
          {"names", std::move(names)},
          {"quotations", QuotationsJson(p.quotations)}};
}

Json ChapterJson(const app::ChapterView& chapter) {
  Json paragraphs = Json::array();
  for (const app::ParagraphView& p : chapter.paragraphs) paragraphs.push_back(ParagraphJson(p));
  return {{"number", chapter.number},
          {"title", chapter.title},
          {"paragraphs", std::move(paragraphs)},
          {"names_ready", chapter.names_ready}};
}

// The bytes of a WAV file's "data" chunk (0 when it has none): its length without the header.
std::uint64_t WavDataBytes(std::string_view wav) {
  auto le32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (int k = 3; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(wav[at + k]);
    return v;
  };
  for (std::size_t at = 12; at + 8 <= wav.size();) {
    const std::uint64_t size = le32(at + 4);
    if (wav.substr(at, 4) == "data") return std::min<std::uint64_t>(size, wav.size() - at - 8);
    at += 8 + size + (size & 1);
  }
  return 0;
}

Json TimingsJson(int chapter, int paragraph, const app::Spoken& spoken) {
  const double rate = spoken.speech.sample_rate_hz;
  auto seconds = [rate](std::int64_t samples) { return rate > 0 ? samples / rate : 0.0; };
  Json words = Json::array();
  for (const app::SpokenWord& w : spoken.speech.words) {
    words.push_back({{"word", w.word},
                     {"phonemes", w.phonemes},
                     {"start", seconds(w.start_sample)},
                     {"end", seconds(w.end_sample)},
                     {"char_start", w.char_start},
                     {"char_end", w.char_end},
                     {"exact", w.exact}});
  }
  const auto samples = static_cast<std::int64_t>(WavDataBytes(spoken.wav) / 2);  // 16-bit mono
  return {{"chapter", chapter},
          {"paragraph", paragraph},
          {"seconds", seconds(samples)},
          {"sample_rate_hz", spoken.speech.sample_rate_hz},
          {"spoken", spoken.speech.spoken_text},
          {"words", std::move(words)}};
}

Json EntryJson(const std::optional<app::LexiconEntryView>& e) {
  if (!e) return nullptr;
  return {{"word", e->word},
          {"pronunciation", e->pronunciation},
          {"case_sensitive", e->case_sensitive},
          {"file", e->file},
          {"line", e->line},
          {"editable", e->editable}};
}

Json LexiconJson(const app::LexiconView& lexicon) {
  Json entries = Json::array();
  for (const app::LexiconEntryView& e : lexicon.entries) entries.push_back(EntryJson(e));
  return {{"file", lexicon.file},
          {"version", lexicon.version},
          {"entries", std::move(entries)},
          {"error", lexicon.error}};
}

Json ChangeJson(const app::LexiconChange& c) {
  return {{"before", EntryJson(c.before)},
          {"after", EntryJson(c.after)},
          {"chapters", c.chapters},
          {"stale_chapters", c.stale_chapters},
          {"version", c.version}};
}

Json CastJson(const app::CastView& cast) {
  Json characters = Json::array();
  for (const app::CastCharacterView& c : cast.characters) {
    characters.push_back(
        {{"id", c.id}, {"names", c.names}, {"gender", c.gender}, {"voice", c.voice}});
  }
  return {{"file", OrNull(cast.file)},
          {"corrections_file", cast.corrections_file},
          {"characters", std::move(characters)}};
}

Json ChapterQuotationsJson(int chapter, const app::ChapterQuotations& quotations) {
  Json paragraphs = Json::array();
  for (std::size_t i = 0; i < quotations.size(); ++i)
    paragraphs.push_back({{"index", i + 1}, {"quotations", QuotationsJson(quotations[i])}});
  return {{"chapter", chapter}, {"paragraphs", std::move(paragraphs)}};
}

Json NamesJson(const std::vector<app::NameToCheck>& names) {
  Json list = Json::array();
  for (const app::NameToCheck& n : names) {
    list.push_back({{"word", n.word},
                    {"count", n.count},
                    {"chapter", n.chapter},
                    {"paragraph", n.paragraph},
                    {"sentence", n.sentence},
                    {"phonemes", n.phonemes},
                    {"kept", n.kept}});
  }
  return {{"names", std::move(list)}};
}

const char* StateName(app::BuildState state) {
  switch (state) {
    case app::BuildState::kIdle:
      return "idle";
    case app::BuildState::kRunning:
      return "running";
    case app::BuildState::kDone:
      return "done";
    case app::BuildState::kFailed:
      return "failed";
    case app::BuildState::kCancelled:
      return "cancelled";
  }
  return "idle";
}

Json ProgressJson(const app::BuildProgress& p) {
  return {{"state", StateName(p.state)},
          {"chapters_done", p.chapters_done},
          {"chapters_total", p.chapters_total},
          {"elapsed_seconds", p.elapsed_seconds},
          {"eta_seconds", p.eta_seconds},
          {"message", p.message},
          {"version", p.version}};
}

// ---- Audio ---------------------------------------------------------------------

// A whole WAV file, or the one range the Range header asks for.
Response WavResponse(const std::string& wav, const std::string& range_header) {
  const ByteRange range = ParseRange(range_header, wav.size());
  const std::string size = std::to_string(wav.size());
  Response response;
  if (range.kind == ByteRange::kMalformed) {
    response = ErrorResponse(400, "malformed Range header (one range: bytes=A-B, A- or -N)");
  } else if (range.kind == ByteRange::kUnsatisfiable) {
    response = ErrorResponse(416, "range past the end of the " + size + "-byte audio");
    response.headers["Content-Range"] = "bytes */" + size;
  } else {
    response.content_type = "audio/wav";
    response.headers["Cache-Control"] = "no-store";
    response.body = wav;
  }
  if (range.kind == ByteRange::kValid) {
    response.status = 206;
    response.body = wav.substr(range.first, range.last - range.first + 1);
    response.headers["Content-Range"] =
        "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" + size;
  }
  response.headers["Accept-Ranges"] = "bytes";
  return response;
}

// ---- Routes --------------------------------------------------------------------

struct Call {
  app::Session& session;
  const Request& request;
  std::vector<std::string> args;  // the segments the route's "*" matched, decoded
};
using RouteHandler = Response (*)(const Call&);

Response GetBook(const Call& c) { return JsonResponse(200, BookJson(c.session.Book())); }

Response GetChapter(const Call& c) {
  auto number = PositiveNumber(c.args[0]);
  if (!number) return ErrorResponse(404, "no chapter \"" + c.args[0] + "\"");
  auto chapter = c.session.Chapter(*number);
  if (!chapter.ok()) return FromStatus(chapter.status());
  return JsonResponse(200, ChapterJson(*chapter));
}

// The paragraph args[0]/args[1] names, spoken; wav: "14.wav" for 14.
Result<app::SpokenPtr> SpokenParagraph(const Call& c, int* chapter, int* paragraph, bool wav) {
  auto number = PositiveNumber(c.args[0]);
  auto index = wav ? WavNumber(c.args[1]) : PositiveNumber(c.args[1]);
  if (!number || !index)
    return Status::NotFound("no paragraph \"" + c.args[0] + "/" + c.args[1] + "\"");
  *chapter = *number;
  *paragraph = *index;
  return c.session.Paragraph(*number, *index);
}

// Samples as a WAV file's data holds them (16-bit little-endian).
std::string SampleBytes(std::span<const std::int16_t> samples) {
  std::string out;
  if constexpr (std::endian::native == std::endian::little) {
    out.assign(reinterpret_cast<const char*>(samples.data()), samples.size_bytes());
  } else {
    for (std::int16_t v : samples) {
      const auto u = static_cast<std::uint16_t>(v);
      out += {static_cast<char>(u & 0xFF), static_cast<char>(u >> 8)};
    }
  }
  return out;
}

// A paragraph not rendered yet, as it is rendered: a WAV of unknown length
// (StreamingWavHeader), its header sent with the first samples, chunked. A
// client gone away stops the writing, not the render; a render that fails
// midway cuts the connection (the client sees a broken answer, not a short file).
Response StreamedWav(app::Session& session, int chapter, int paragraph) {
  struct State {
    bool client_there = true;
    bool header_sent = false;
    bool failed = false;
  };
  auto state = std::make_shared<State>();
  Response response;
  response.content_type = "audio/wav";
  response.headers["Cache-Control"] = "no-store";
  response.stream = [&session, chapter, paragraph, state](const Response::Writer& write) {
    auto send = [&](int rate_hz, std::span<const std::int16_t> samples) {
      std::string bytes = state->header_sent ? "" : app::StreamingWavHeader(rate_hz);
      state->header_sent = true;
      bytes += SampleBytes(samples);
      if (state->client_there) state->client_there = write(bytes);
    };
    auto spoken = session.Paragraph(chapter, paragraph, send);
    state->failed = !spoken.ok();
    if (spoken.ok() && !state->header_sent) send((*spoken)->speech.sample_rate_hz, {});
    return false;
  };
  response.stream_failed = [state] { return state->failed; };
  return response;
}

// "" or "bytes=0-" (Chromium's <audio> asks so): the whole file from its start.
bool WholeFromStart(std::string range) {
  range.erase(std::remove(range.begin(), range.end(), ' '), range.end());
  return range.empty() || range == "bytes=0-";
}

// Cached (or asked for a range): the exact-length WAV; else streamed as rendered.
Response GetAudio(const Call& c) {
  auto chapter = PositiveNumber(c.args[0]);
  auto paragraph = WavNumber(c.args[1]);
  const std::string range = Header(c.request, "range");
  if (chapter && paragraph && WholeFromStart(range)) {
    auto cached = c.session.CachedParagraph(*chapter, *paragraph);
    if (!cached.ok()) return FromStatus(cached.status());
    if (*cached == nullptr) return StreamedWav(c.session, *chapter, *paragraph);
    return WavResponse((*cached)->wav, range);
  }
  int number = 0, index = 0;
  auto spoken = SpokenParagraph(c, &number, &index, true);
  if (!spoken.ok()) return FromStatus(spoken.status());
  return WavResponse((*spoken)->wav, range);
}

Response GetTimings(const Call& c) {
  int chapter = 0, paragraph = 0;
  auto spoken = SpokenParagraph(c, &chapter, &paragraph, false);
  if (!spoken.ok()) return FromStatus(spoken.status());
  return JsonResponse(200, TimingsJson(chapter, paragraph, **spoken));
}

Response PostSay(const Call& c) {
  auto body = ParseSayBody(c.request);
  if (!body.ok()) return FromStatus(body.status());
  auto spoken = c.session.Say(body->text, body->trial);
  if (!spoken.ok()) return FromStatus(spoken.status());
  return WavResponse((*spoken)->wav, "");
}

Response PostPhonemes(const Call& c) {
  auto body = ParseSayBody(c.request);
  if (!body.ok()) return FromStatus(body.status());
  auto phonemes = c.session.Phonemes(body->text, body->trial);
  if (!phonemes.ok()) return FromStatus(phonemes.status());
  return JsonResponse(200, Json{{"phonemes", *phonemes}});
}

Response PostPronunciation(const Call& c) {
  auto body = BodyObject(c.request);
  if (!body.ok()) return FromStatus(body.status());
  auto pronunciation = StringField(*body, "pronunciation", true);
  if (!pronunciation.ok()) return FromStatus(pronunciation.status());
  const app::PronunciationCheck check = c.session.CheckPronunciation(*pronunciation);
  return JsonResponse(200, Json{{"valid", check.valid},
                                {"kind", check.kind},
                                {"espeak", check.espeak},
                                {"error", check.error}});
}

Response GetLexicon(const Call& c) { return JsonResponse(200, LexiconJson(c.session.Lexicon())); }

Response PutLexiconEntry(const Call& c) {
  if (Status s = CheckWord(c.args[0]); !s.ok()) return FromStatus(s);
  auto body = BodyObject(c.request);
  if (!body.ok()) return FromStatus(body.status());
  auto pronunciation = StringField(*body, "pronunciation", true);
  if (!pronunciation.ok()) return FromStatus(pronunciation.status());
  if (pronunciation->empty() || !IsCleanText(*pronunciation))
    return ErrorResponse(400, "the pronunciation must be UTF-8 text without control characters");
  auto case_sensitive = BoolField(*body, "case_sensitive", false);
  if (!case_sensitive.ok()) return FromStatus(case_sensitive.status());
  auto change = c.session.PutEntry(c.args[0], *pronunciation, *case_sensitive);
  if (!change.ok()) return FromStatus(change.status());
  return JsonResponse(200, ChangeJson(*change));
}

Response DeleteLexiconEntry(const Call& c) {
  if (Status s = CheckWord(c.args[0]); !s.ok()) return FromStatus(s);
  auto change = c.session.RemoveEntry(c.args[0]);
  if (!change.ok()) return FromStatus(change.status());
  return JsonResponse(200, ChangeJson(*change));
}

Response GetNames(const Call& c) {
  auto names = c.session.NamesToCheck();
  if (!names.ok()) return FromStatus(names.status());
  return JsonResponse(200, NamesJson(*names));
}

Response PutNameKept(const Call& c) {
  if (Status s = CheckWord(c.args[0]); !s.ok()) return FromStatus(s);
  auto body = BodyObject(c.request);
  if (!body.ok()) return FromStatus(body.status());
  if (!body->contains("kept")) return ErrorResponse(400, "\"kept\" is missing");
  auto kept = BoolField(*body, "kept", false);
  if (!kept.ok()) return FromStatus(kept.status());
  if (Status s = c.session.KeepName(c.args[0], *kept); !s.ok()) return FromStatus(s);
  return JsonResponse(200, Json{{"word", c.args[0]}, {"kept", *kept}});
}

Response GetCast(const Call& c) { return JsonResponse(200, CastJson(c.session.Cast())); }

// "12" → 12 (a code point offset: digits, "0" too, no leading zero); nullopt otherwise.
std::optional<std::size_t> Offset(std::string_view s) {
  if (s == "0") return 0;
  auto n = PositiveNumber(s);
  if (!n) return std::nullopt;
  return static_cast<std::size_t>(*n);
}

// body {"speaker": id or null} → the id ("" for null).
Result<std::string> SpeakerField(const Request& request) {
  auto body = BodyObject(request);
  if (!body.ok()) return body.status();
  auto it = body->find("speaker");
  if (it == body->end()) return Status::InvalidInput("\"speaker\" is missing");
  if (it->is_null()) return std::string();
  if (!it->is_string() || it->get<std::string>().empty() || !IsCleanText(it->get<std::string>()))
    return Status::InvalidInput("\"speaker\" must be a character id or null");
  return it->get<std::string>();
}

Response PutSpeaker(const Call& c) {
  auto chapter = PositiveNumber(c.args[0]);
  auto paragraph = PositiveNumber(c.args[1]);
  auto start = Offset(c.args[2]);
  if (!chapter || !paragraph || !start)
    return ErrorResponse(404,
                         "no quotation \"" + c.args[0] + "/" + c.args[1] + "/" + c.args[2] + "\"");
  auto who = SpeakerField(c.request);
  if (!who.ok()) return FromStatus(who.status());
  auto quotations = c.session.CorrectSpeaker(*chapter, *paragraph, *start, *who);
  if (!quotations.ok()) return FromStatus(quotations.status());
  return JsonResponse(200, ChapterQuotationsJson(*chapter, *quotations));
}

Response GetStatus(const Call& c) {
  return JsonResponse(200, Json{{"stale_chapters", c.session.StaleChapters()},
                                {"build", ProgressJson(c.session.Progress())}});
}

Response PostBuild(const Call& c) {
  if (Status s = c.session.StartBuild(); !s.ok()) return FromStatus(s);
  return JsonResponse(202, Json{{"build", ProgressJson(c.session.Progress())}});
}

Response DeleteBuild(const Call& c) {
  c.session.CancelBuild();
  return JsonResponse(200, Json{{"build", ProgressJson(c.session.Progress())}});
}

std::string BuildEvent(const app::BuildProgress& p) {
  return "event: build\ndata: " + Dump(ProgressJson(p)) + "\n\n";
}

// Server-sent events: the build's progress now, then on every change; a
// comment now and then so a client that went away is noticed.
Response GetEvents(const Call& c) {
  struct State {
    bool started = false;
    std::uint64_t version = 0;
    Clock::time_point last_write;
  };
  Response response;
  response.content_type = "text/event-stream";
  response.headers["Cache-Control"] = "no-store";
  response.body = "";
  auto state = std::make_shared<State>();
  app::Session& session = c.session;
  response.stream = [&session, state](const std::function<bool(const std::string&)>& write) {
    app::BuildProgress p =
        state->started ? session.WaitForProgress(state->version, kEventWaitMs) : session.Progress();
    const bool changed = !state->started || p.version > state->version;
    if (!changed && Clock::now() - state->last_write < kKeepAlive) return true;
    const std::string text = !changed          ? ": keep-alive\n\n"
                             : !state->started ? "retry: 2000\n\n" + BuildEvent(p)
                                               : BuildEvent(p);
    state->started = true;
    state->version = p.version;
    state->last_write = Clock::now();
    return write(text);
  };
  return response;
}

struct Route {
  const char* method;
  std::vector<std::string_view> pattern;  // "*": any one segment, passed on in Call::args
  RouteHandler handler;
};

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      {"GET", {"api", "book"}, GetBook},
      {"GET", {"api", "chapters", "*"}, GetChapter},
      {"GET", {"api", "audio", "*", "*"}, GetAudio},
      {"GET", {"api", "timings", "*", "*"}, GetTimings},
      {"POST", {"api", "say"}, PostSay},
      {"POST", {"api", "phonemes"}, PostPhonemes},
      {"POST", {"api", "pronunciation"}, PostPronunciation},
      {"GET", {"api", "lexicon"}, GetLexicon},
      {"PUT", {"api", "lexicon", "*"}, PutLexiconEntry},
      {"DELETE", {"api", "lexicon", "*"}, DeleteLexiconEntry},
      {"GET", {"api", "names"}, GetNames},
      {"PUT", {"api", "names", "*", "kept"}, PutNameKept},
      {"GET", {"api", "cast"}, GetCast},
      {"PUT", {"api", "speakers", "*", "*", "*"}, PutSpeaker},
      {"GET", {"api", "status"}, GetStatus},
      {"POST", {"api", "build"}, PostBuild},
      {"DELETE", {"api", "build"}, DeleteBuild},
      {"GET", {"api", "events"}, GetEvents},
  };
  return kRoutes;
}

bool Matches(const Route& route, const std::vector<std::string>& segments,
             std::vector<std::string>* args) {
  if (route.pattern.size() != segments.size()) return false;
  args->clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (route.pattern[i] == "*")
      args->push_back(segments[i]);
    else if (route.pattern[i] != segments[i])
      return false;
  }
  return true;
}

// The route for the path and method: 404 when no route has the path, 405
// (with Allow) when none of those takes the method. HEAD is GET.
Response CallRoute(app::Session& session, const Request& request,
                   const std::vector<std::string>& segments) {
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  std::string allowed;
  std::vector<std::string> args;
  for (const Route& route : Routes()) {
    if (!Matches(route, segments, &args)) continue;
    if (method == route.method) return route.handler(Call{session, request, std::move(args)});
    allowed += (allowed.empty() ? "" : ", ") + std::string(route.method);
  }
  if (allowed.empty()) return ErrorResponse(404, "no such page or call");
  Response response = ErrorResponse(405, request.method + " is not allowed here");
  response.headers["Allow"] = allowed;
  return response;
}

// ---- The page ------------------------------------------------------------------

std::string ContentTypeFor(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".woff2", "font/woff2"}};
  for (const auto& [extension, type] : kTypes) {
    if (name.ends_with(extension)) return std::string(type);
  }
  return "application/octet-stream";
}

const PageFile* FindPageFile(const std::string& name) {
  for (const PageFile& file : PageFiles()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

// "/" is index.html; "/studio.js" the page's file of that name.
Response PageResponse(const PageFile& file) {
  Response response;
  response.content_type = ContentTypeFor(file.name);
  response.body = std::string(file.bytes);
  response.headers["Content-Security-Policy"] = kPagePolicy;
  response.headers["Cache-Control"] = "no-cache";
  return response;
}

bool IsPagePath(const std::vector<std::string>& segments) {
  return segments.size() == 1 && (segments[0].empty() || FindPageFile(segments[0]) != nullptr);
}

Response Page(const Request& request, const std::string& name) {
  if (request.method != "GET" && request.method != "HEAD") {
    Response response = ErrorResponse(405, request.method + " is not allowed here");
    response.headers["Allow"] = "GET";
    return response;
  }
  const PageFile* file = FindPageFile(name.empty() ? "index.html" : name);
  if (file == nullptr) return ErrorResponse(404, "no such page or call");
  return PageResponse(*file);
}

// Headers every answer carries: no sniffing, no token in a Referer, no use by other sites.
void AddCommonHeaders(Response& response) {
  response.headers["X-Content-Type-Options"] = "nosniff";
  response.headers["Referrer-Policy"] = "no-referrer";
  response.headers["Cross-Origin-Resource-Policy"] = "same-origin";
  response.headers["X-Frame-Options"] = "DENY";
}

}  // namespace

std::string TokenCookieName(int port) {
  return std::string(kTokenCookie) + "_" + std::to_string(port);
}

Router::Router(app::Session& session, RouterOptions options)
    : session_(session), options_(std::move(options)) {}

Response Router::Handle(const Request& request) const {
  Response response;
  try {
    response = Dispatch(request);
  } catch (const std::exception& e) {
    response = ErrorResponse(500, std::string("internal error: ") + e.what());
  } catch (...) {
    response = ErrorResponse(500, "internal error");
  }
  AddCommonHeaders(response);
  return response;
}

// Host, then origin and token, then the page or a route.
Response Router::Dispatch(const Request& request) const {
  const int port = options_.port;
  if (!IsOwnHost(Header(request, "host"), port)) {
    return ErrorResponse(421, "this studio answers only at 127.0.0.1:" + std::to_string(port));
  }
  if (!IsOwnOrigin(request, port))
    return ErrorResponse(403, "requests from other sites are refused");
  auto query_token = request.query.find("token");
  const bool by_query =
      query_token != request.query.end() && SameSecret(query_token->second, options_.token);
  const std::string cookie_name = TokenCookieName(port);
  const bool by_cookie =
      SameSecret(CookieValue(Header(request, "cookie"), cookie_name), options_.token);
  if (!by_query && !by_cookie) {
    return ErrorResponse(403, "missing or wrong token: open the address 'narrate studio' printed");
  }
  if (request.body.size() > kMaxBodyBytes)  // the server refuses them first; this is for others
    return ErrorResponse(413, "the request body is over 64 KiB");
  auto segments = Segments(request.path);
  if (!segments) return ErrorResponse(400, "malformed path");
  if (!IsPagePath(*segments)) return CallRoute(session_, request, *segments);
  Response response = Page(request, (*segments)[0]);
  if (by_query && response.status == 200) {
    response.headers["Set-Cookie"] =
        cookie_name + "=" + options_.token + "; HttpOnly; SameSite=Strict; Path=/";
  }
  return response;
}

// ---- Ranges --------------------------------------------------------------------

namespace {

// Digits → their value, saturating at UINT64_MAX; nullopt when empty or not all digits.
std::optional<std::uint64_t> Digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    value = value > (UINT64_MAX - digit) / 10 ? UINT64_MAX : value * 10 + digit;
  }
  return value;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ByteRange Malformed() { return ByteRange{ByteRange::kMalformed, 0, 0}; }
ByteRange Unsatisfiable() { return ByteRange{ByteRange::kUnsatisfiable, 0, 0}; }

// "-N": the last N bytes.
ByteRange SuffixRange(std::string_view digits, std::uint64_t size) {
  auto n = Digits(digits);
  if (!n) return Malformed();
  if (*n == 0 || size == 0) return Unsatisfiable();
  return ByteRange{ByteRange::kValid, size - std::min(*n, size), size - 1};
}

}  // namespace

ByteRange ParseRange(const std::string& header, std::uint64_t size) {
  std::string_view value = Trim(header);
  if (value.empty()) return ByteRange{};
  constexpr std::string_view kUnit = "bytes=";
  if (value.size() < kUnit.size() || Lower(std::string(value.substr(0, kUnit.size()))) != kUnit)
    return Malformed();
  value = Trim(value.substr(kUnit.size()));
  const std::size_t dash = value.find('-');
  if (dash == std::string_view::npos || value.find(',') != std::string_view::npos)
    return Malformed();
  const std::string_view first_text = Trim(value.substr(0, dash));
  const std::string_view last_text = Trim(value.substr(dash + 1));
  if (first_text.empty()) return SuffixRange(last_text, size);
  auto first = Digits(first_text);
  auto last = last_text.empty() ? std::optional<std::uint64_t>(UINT64_MAX) : Digits(last_text);
  if (!first || !last || *first > *last) return Malformed();
  if (*first >= size) return Unsatisfiable();
  return ByteRange{ByteRange::kValid, *first, std::min(*last, size - 1)};
}

}  // namespace narrate::studio
