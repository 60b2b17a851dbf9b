// The long-lived render worker (render_worker.h). Three processes:
//   parent (RenderWorker) ──socket── child: opens eSpeak once, then loops:
//     read a request, fork a grandchild, reap it.
//   grandchild: serves the request from the child's untouched eSpeak state
//     and writes its answer to the parent over the inherited socket.
// Why a grandchild and not an in-process reset: eSpeak 1.51 keeps state
// between syntheses that no API call reaches. Measured (same paragraph, voice
// "en"): a fresh process gave 198103 samples; the same process again gave
// 198102, after another text 198970, after re-setting voice, rate and pitch
// and srand(1) 198104, after espeak_ng_Terminate + espeak_Initialize 198112
// (and a second Terminate hangs). wavegen.c's function-local Flutter_ix, the
// phase and resonator state and libc rand() carry over; Terminate frees
// buffers but resets none of them. A copy-on-write fork restores all of it
// exactly, for about 0.5 ms plus a few hundred page faults.
//
// Protocol: frames of [u32 tag][u64 length][payload], little-endian as the
// machine (both ends are this program). Requests carry a RequestType tag;
// answers a StatusCode tag (kOk, or an error with its message as payload).
// The child's first frame (its "hello") says whether eSpeak opened, and its
// sample rate. A streamed render (kRenderStreaming) sends its audio as it is
// synthesised, in kAudioChunk frames (raw 16-bit samples) before the answer,
// whose PCM is then empty: the parent joins the chunks.
#include "pipeline/render_worker.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>

#include "common/frame_io.h"
#include "common/interrupt.h"
#include "common/status_wire.h"
#include "pipeline/captions.h"
#include "pipeline/narrator.h"
#include "pipeline/render.h"

namespace narrate::pipeline {
namespace {

enum RequestType : std::uint32_t { kRender = 1, kPhonemes = 2, kVoices = 3, kRenderStreaming = 4 };
// The tag of an audio frame of a streamed render: no StatusCode's value.
constexpr std::uint32_t kAudioChunk = 0x41554449;  // "IDUA"

// Appends fixed-size integers and length-prefixed strings.
class Out {
 public:
  Out& U32(std::uint32_t v) { return Raw(&v, sizeof v); }
  Out& I64(std::int64_t v) { return Raw(&v, sizeof v); }
  Out& Str(std::string_view s) {
    U32(static_cast<std::uint32_t>(s.size()));
    return Raw(s.data(), s.size());
  }
  Out& Raw(const void* p, std::size_t n) {
    data.append(static_cast<const char*>(p), n);
    return *this;
  }
  std::string data;
};

// Reads what Out wrote; any read past the end sets !ok() and yields zeros.
class In {
 public:
  explicit In(std::string_view data) : data_(data) {}
  std::uint32_t U32() {
    std::uint32_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  std::int64_t I64() {
    std::int64_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  std::string Str() {
    const std::size_t n = U32();
    if (!Has(n)) return "";
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  void Raw(void* p, std::size_t n) {
    if (n == 0 || !Has(n)) return;  // an empty vector's data() may be null
    std::memcpy(p, data_.data() + pos_, n);
    pos_ += n;
  }
  bool Has(std::size_t n) {
    ok_ = ok_ && data_.size() - pos_ >= n;
    return ok_;
  }
  bool ok() const { return ok_ && pos_ == data_.size(); }  // all read, nothing left

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// A failed answer: tag = the code (never 0), payload = the whole Status.
Frame ErrorFrame(const Status& status) {
  return Frame{static_cast<std::uint32_t>(status.code()), EncodeStatus(status)};
}

// ---- encoding of what crosses the socket

void PutUtterance(Out& out, const Utterance& utterance) {
  out.U32(static_cast<std::uint32_t>(utterance.size()));
  for (const SpeechPiece& p : utterance) {
    out.U32(static_cast<std::uint32_t>(p.kind)).Str(p.content);
    out.I64(static_cast<std::int64_t>(p.source_offset));
    out.U32(p.voice.has_value());
    if (p.voice)
      out.Str(p.voice->name).I64(p.voice->rate_wpm).I64(p.voice->pitch).I64(p.voice->range);
  }
}

Utterance GetUtterance(In& in) {
  Utterance utterance(std::min<std::size_t>(in.U32(), 1 << 20));
  for (SpeechPiece& p : utterance) {
    const std::uint32_t kind = in.U32();
    p.kind = kind <= static_cast<std::uint32_t>(SpeechPiece::Kind::kRespelling)
                 ? static_cast<SpeechPiece::Kind>(kind)
                 : SpeechPiece::Kind::kText;
    p.content = in.Str();
    p.source_offset = static_cast<std::size_t>(in.I64());
    if (in.U32() == 0) continue;
    voices::VoiceSettings voice;
    voice.name = in.Str();
    voice.rate_wpm = static_cast<int>(in.I64());
    voice.pitch = static_cast<int>(in.I64());
    voice.range = static_cast<int>(in.I64());
    p.voice = std::move(voice);
  }
  return utterance;
}

// A word event and the phonemes spoken until the next one (pauses left out).
struct HeardWord {
  synth::WordEvent event;
  std::vector<synth::PhonemeEvent> phonemes;
};

struct Heard {
  std::vector<std::int16_t> pcm;
  std::vector<HeardWord> words;
};

void PutHeard(Out& out, const Heard& heard) {
  out.I64(static_cast<std::int64_t>(heard.pcm.size()));
  out.Raw(heard.pcm.data(), heard.pcm.size() * sizeof(std::int16_t));
  out.U32(static_cast<std::uint32_t>(heard.words.size()));
  for (const HeardWord& w : heard.words) {
    out.I64(w.event.sample).I64(static_cast<std::int64_t>(w.event.piece));
    out.I64(static_cast<std::int64_t>(w.event.offset));
    out.I64(static_cast<std::int64_t>(w.event.length));
    out.U32(static_cast<std::uint32_t>(w.phonemes.size()));
    for (const synth::PhonemeEvent& p : w.phonemes) out.I64(p.sample).Str(p.mnemonic);
  }
}

Result<Heard> GetHeard(std::string_view payload) {
  In in(payload);
  Heard heard;
  const std::int64_t samples = in.I64();
  if (samples < 0 || !in.Has(static_cast<std::size_t>(samples) * sizeof(std::int16_t))) {
    return Status::Internal("the render worker sent a malformed answer");
  }
  heard.pcm.resize(static_cast<std::size_t>(samples));
  in.Raw(heard.pcm.data(), heard.pcm.size() * sizeof(std::int16_t));
  heard.words.resize(std::min<std::size_t>(in.U32(), payload.size()));
  for (HeardWord& w : heard.words) {
    w.event.sample = in.I64();
    w.event.piece = static_cast<std::size_t>(in.I64());
    w.event.offset = static_cast<std::size_t>(in.I64());
    w.event.length = static_cast<std::size_t>(in.I64());
    w.phonemes.resize(std::min<std::size_t>(in.U32(), payload.size()));
    for (synth::PhonemeEvent& p : w.phonemes) {
      p.sample = in.I64();
      p.mnemonic = in.Str();
    }
  }
  if (!in.ok()) return Status::Internal("the render worker sent a malformed answer");
  return heard;
}

// ---- the grandchild: one request against a fresh copy of the engine

// The grandchild's way to the parent, and the pipe on which it tells the
// child, once, that it starts answering (from then on a failure leaves the
// parent's stream broken, not answerable).
struct Channel {
  int parent_fd = -1;
  int told_fd = -1;
  bool told = false;
  bool Tell() {
    if (!told) told = ::write(told_fd, "A", 1) == 1;
    return told;
  }
};

// Keeps the audio (or, streaming, sends it on at once) and the events.
class HearingSink final : public synth::SpeechSink {
 public:
  explicit HearingSink(Channel* stream_to) : stream_to_(stream_to) {}
  Status OnAudio(std::span<const std::int16_t> samples) override {
    if (stream_to_ == nullptr) {
      heard.pcm.insert(heard.pcm.end(), samples.begin(), samples.end());
      return Status::Ok();
    }
    std::string bytes(reinterpret_cast<const char*>(samples.data()), samples.size_bytes());
    if (!stream_to_->Tell() ||
        SendFrame(stream_to_->parent_fd, Frame{kAudioChunk, bytes}) != Io::kOk)
      return Status::Internal("the render worker's parent is gone");
    return Status::Ok();
  }
  void OnWord(const synth::WordEvent& event) override { heard.words.push_back({event, {}}); }
  void OnPhoneme(const synth::PhonemeEvent& e) override {
    if (heard.words.empty() || e.mnemonic.empty() || e.mnemonic[0] == '_') return;  // pauses
    heard.words.back().phonemes.push_back(e);
  }
  Heard heard;

 private:
  Channel* stream_to_;  // null: keep the audio for the answer
};

Frame Speak(synth::SpeechEngine& engine, In& in, Channel* stream_to) {
  Utterance utterance = GetUtterance(in);
  if (!in.ok()) return ErrorFrame(Status::Internal("malformed render request"));
  HearingSink sink(stream_to);
  Status spoken = engine.Speak(utterance, sink);
  if (!spoken.ok()) return ErrorFrame(spoken);
  Out out;
  PutHeard(out, sink.heard);
  return Frame{0, std::move(out.data)};
}

Frame Phonemize(synth::SpeechEngine& engine, In& in) {
  const auto alphabet = in.U32() ? synth::PhonemeAlphabet::kIpa : synth::PhonemeAlphabet::kEspeak;
  Utterance utterance = GetUtterance(in);
  if (!in.ok()) return ErrorFrame(Status::Internal("malformed phonemes request"));
  Result<std::string> phonemes = engine.ToPhonemes(utterance, alphabet);
  return phonemes.ok() ? Frame{0, *phonemes} : ErrorFrame(phonemes.status());
}

Frame Voices(synth::SpeechEngine& engine) {
  std::vector<synth::VoiceInfo> voices = engine.ListVoices();
  Out out;
  out.U32(static_cast<std::uint32_t>(voices.size()));
  for (const synth::VoiceInfo& v : voices) {
    out.Str(v.name).Str(v.description).Str(v.gender).Str(v.identifier);
  }
  return Frame{0, std::move(out.data)};
}

Frame Serve(synth::SpeechEngine& engine, const Frame& request, Channel& channel) {
  In in(request.payload);
  switch (request.tag) {
    case kRender:
      return Speak(engine, in, nullptr);
    case kRenderStreaming:
      return Speak(engine, in, &channel);
    case kPhonemes:
      return Phonemize(engine, in);
    case kVoices:
      return Voices(engine);
    default:
      return ErrorFrame(Status::Internal("unknown request to the render worker"));
  }
}

// ---- the child: eSpeak opened once; every request in a grandchild

std::string HowItEnded(int wait_status) {
  if (WIFSIGNALED(wait_status)) return "killed by signal " + std::to_string(WTERMSIG(wait_status));
  return "exit status " + std::to_string(WEXITSTATUS(wait_status));
}

// The answer; an exception (none should leave Serve) answers as an error.
Frame ServeCaught(synth::SpeechEngine& engine, const Frame& request, Channel& channel) {
  try {
    return Serve(engine, request, channel);
  } catch (const std::exception& e) {
    return ErrorFrame(
        Status::Internal(std::string("internal error in the render worker: ") + e.what()));
  }
}

// In the grandchild: says it is about to answer (through told_fd; a
// streamed render says so before its first audio frame), answers, ends.
// Nothing thrown may leave: it would unwind through the worker's and
// the build's frames in this process (and release what they hold).
[[noreturn]] void AnswerAndExit(synth::SpeechEngine& engine, int parent_fd, const Frame& request,
                                int told_fd) {
  try {
    Channel channel{parent_fd, told_fd};
    Frame answer = ServeCaught(engine, request, channel);
    if (!channel.Tell()) ::_exit(1);
    ::_exit(SendFrame(parent_fd, answer) == Io::kOk ? 0 : 1);
  } catch (...) {
    ::_exit(1);
  }
}

// What became of a request served in a grandchild.
enum class Served { kAnswered, kFailedBeforeAnswering, kFailedWhileAnswering };

// Forks a grandchild that answers the request straight to the parent (the
// PCM crosses one socket, once). It first tells us, through `told`, that it
// is about to answer, so we know whether the stream is still whole when it
// fails: before that, we answer with the error ourselves.
Served ServeInGrandchild(synth::SpeechEngine& engine, int parent_fd, const Frame& request,
                         std::string& why) {
  int told[2];
  if (::pipe2(told, O_CLOEXEC) != 0) {
    why = "the render worker cannot make a pipe";
    return Served::kFailedBeforeAnswering;
  }
  const pid_t child = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Stop() ends the child; its grandchild must not go on synthesising.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != child) ::_exit(1);
    ::close(told[0]);
    AnswerAndExit(engine, parent_fd, request, told[1]);
  }
  ::close(told[1]);
  char mark = 0;
  const bool answering = pid > 0 && ::read(told[0], &mark, 1) == 1;  // or EOF: it ended
  ::close(told[0]);
  if (pid < 0) {
    why = "the render worker cannot fork";
    return Served::kFailedBeforeAnswering;
  }
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  const bool clean = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
  if (clean && answering) return Served::kAnswered;
  why = "the render process ended without an answer (" + HowItEnded(wait_status) + ")";
  return answering ? Served::kFailedWhileAnswering : Served::kFailedBeforeAnswering;
}

// The child keeps only stdio and its socket (moved to fd 3), so a pipe or
// socket the parent holds is not kept open by it.
int KeepOnly(int fd) {
  if (fd != 3 && ::dup2(fd, 3) != 3) return fd;  // keep everything rather than lose it
  if (fd != 3) ::close(fd);
  ::close_range(4, ~0U, 0);
  return 3;
}

// The child's life: opens eSpeak, says hello, serves requests until the
// parent closes its end, or is gone, or the stream breaks.
void ServeRequests(int fd, const voices::VoiceSettings& voice) {
  auto engine = synth::OpenEspeak(voice, synth::EngineOptions{.phoneme_events = true});
  if (!engine.ok()) {
    SendFrame(fd, ErrorFrame(engine.status()));
    return;
  }
  Out hello;
  hello.U32(static_cast<std::uint32_t>((*engine)->sample_rate_hz()));
  if (SendFrame(fd, Frame{0, hello.data}) != Io::kOk) return;
  for (Frame request; RecvFrame(fd, request) == Io::kOk;) {
    std::string why;
    const Served served = ServeInGrandchild(**engine, fd, request, why);
    if (served == Served::kFailedWhileAnswering) break;  // half an answer: the parent sees the end
    if (served == Served::kFailedBeforeAnswering &&
        SendFrame(fd, ErrorFrame(Status::Internal(why))) != Io::kOk) {
      break;
    }
  }
}

// Nothing thrown may leave the child: it would unwind through the parent's
// frames in this process (and release what they hold, a folder lock say).
// The parent sees the stream end.
[[noreturn]] void RunChild(int fd, const voices::VoiceSettings& voice) {
  std::signal(SIGINT, SIG_IGN);  // Ctrl-C is the parent's to handle; it stops us
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
  std::signal(SIGPIPE, SIG_IGN);
  fd = KeepOnly(fd);
  // Room for a paragraph's PCM in one go, where the system allows (best effort).
  const int buffer_bytes = 4 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
  try {
    ServeRequests(fd, voice);
  } catch (...) {
    ::_exit(1);
  }
  ::_exit(0);
}

// ---- parent side: timings from the engine's events

std::int64_t SpeechEnd(const std::vector<std::int16_t>& pcm) {
  auto last = std::find_if(pcm.rbegin(), pcm.rend(), [](std::int16_t v) { return v != 0; });
  return static_cast<std::int64_t>(pcm.rend() - last);
}

// Replays the render into a CaptionBuilder, as RenderSegments would have
// told it, so word timings are exactly the read-along ones.
std::vector<RenderedWord> TimeWords(const PreparedParagraph& paragraph, const Heard& heard,
                                    int rate_hz) {
  const std::vector<Segment> script{Segment{paragraph.utterance, 0, 0, paragraph.captions}};
  CaptionBuilder builder(script, rate_hz);
  for (const HeardWord& w : heard.words) {
    builder.OnWord(0, w.event);
    for (const synth::PhonemeEvent& p : w.phonemes) builder.OnPhoneme(0, p);
  }
  builder.OnSpeech(0, 0, heard.pcm);
  const auto samples = static_cast<std::int64_t>(heard.pcm.size());
  builder.OnSegment(0, SegmentTiming{0, 0, SpeechEnd(heard.pcm), samples});
  Captions timed = builder.Finish();
  std::vector<RenderedWord> words;
  for (std::size_t i = 0; i < timed.words.size(); ++i) {
    const package::TimedWord& t = timed.words[i];
    words.push_back(RenderedWord{
        t.start_sample, t.end_sample, t.spoken, t.text_begin, t.text_end, t.exact, {}});
    if (i < timed.word_phonemes.size()) words.back().phonemes = timed.word_phonemes[i];
  }
  return words;
}

// Appends one line's render after what is there, then pause_after_ms of
// silence; the line's words are shifted to where it starts.
void AppendLine(RenderedText& out, RenderedText&& line, int pause_after_ms, bool first) {
  const auto shift = static_cast<std::int64_t>(out.pcm.size());
  for (RenderedWord& w : line.words) {
    w.start_sample += shift;
    w.end_sample += shift;
    out.words.push_back(std::move(w));
  }
  out.pcm.insert(out.pcm.end(), line.pcm.begin(), line.pcm.end());
  out.pcm.resize(out.pcm.size() +
                 static_cast<std::size_t>(MsToSamples(pause_after_ms, line.sample_rate_hz)));
  out.sample_rate_hz = line.sample_rate_hz;
  out.spoken += (first ? "" : "\n") + line.spoken;
  out.engine_input += (first ? "" : "\n") + line.engine_input;
}

}  // namespace

RenderWorker::~RenderWorker() { Stop(); }

Status RenderWorker::Start(const voices::VoiceSettings& voice) {
  NARRATE_RETURN_IF_ERROR(voices::Validate(voice));
  Stop();
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    return Status::Internal("cannot create a socket for the render worker");
  }
  std::fflush(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with its owner, kill -9 included
    if (::getppid() != parent) ::_exit(1);
    ::close(sv[0]);
    RunChild(sv[1], voice);
  }
  ::close(sv[1]);
  if (pid < 0) {
    ::close(sv[0]);
    return Status::Internal("cannot start the render worker process");
  }
  fd_ = sv[0];
  pid_ = pid;
  Frame hello;
  if (Io io = RecvFrame(fd_, hello); io != Io::kOk) {
    Stop();
    if (io == Io::kInterrupted) return Status::Interrupted();
    return Status::Internal("the render worker ended before it was ready");
  }
  if (hello.tag != 0) {
    Stop();
    return DecodeStatus(hello.payload);
  }
  In in(hello.payload);
  sample_rate_hz_ = static_cast<int>(in.U32());
  voice_ = voice;
  return Status::Ok();
}

void RenderWorker::Stop() {
  if (fd_ >= 0) ::close(fd_);  // an idle child reads the end and exits
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);  // a busy one is stopped
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  fd_ = -1;
  pid_ = -1;
  sample_rate_hz_ = 0;
}

Status RenderWorker::Ensure(const voices::VoiceSettings* voice) {
  if (running() && (voice == nullptr || *voice == voice_)) return Status::Ok();
  return Start(voice != nullptr ? *voice : voice_);
}

Result<std::string> RenderWorker::Call(int type, const std::string& payload,
                                       const voices::VoiceSettings* voice,
                                       const std::function<Status(std::string_view)>& on_chunk) {
  NARRATE_RETURN_IF_ERROR(Ensure(voice));
  Frame answer;
  Io io = SendFrame(fd_, Frame{static_cast<std::uint32_t>(type), payload});
  bool chunk_ok = true;
  while (io == Io::kOk && (io = RecvFrame(fd_, answer)) == Io::kOk && answer.tag == kAudioChunk) {
    chunk_ok = on_chunk && on_chunk(answer.payload).ok();
    if (!chunk_ok) break;
  }
  if (io != Io::kOk || !chunk_ok) {
    Stop();  // the stream is mid-frame or the child is gone: the next call starts afresh
    if (io == Io::kInterrupted) return Status::Interrupted();
    return Status::Internal("the render worker stopped unexpectedly");
  }
  if (answer.tag != 0) return DecodeStatus(answer.payload);
  return std::move(answer.payload);
}

Result<RenderedText> RenderWorker::Render(const PreparedParagraph& paragraph,
                                          const voices::VoiceSettings& voice,
                                          const AudioChunkFn& on_audio) {
  Out request;
  PutUtterance(request, paragraph.utterance);
  std::vector<std::int16_t> streamed;
  auto on_chunk = [&](std::string_view bytes) {
    if (bytes.size() % sizeof(std::int16_t) != 0)
      return Status::Internal("the render worker sent a malformed audio frame");
    if (bytes.empty()) return Status::Ok();
    const std::size_t at = streamed.size();
    streamed.resize(at + bytes.size() / sizeof(std::int16_t));
    std::memcpy(streamed.data() + at, bytes.data(), bytes.size());
    on_audio(std::span<const std::int16_t>(streamed).subspan(at));
    return Status::Ok();
  };
  Result<std::string> answer = on_audio ? Call(kRenderStreaming, request.data, &voice, on_chunk)
                                        : Call(kRender, request.data, &voice);
  if (!answer.ok()) return answer.status();
  Result<Heard> heard = GetHeard(*answer);
  if (!heard.ok()) return heard.status();
  if (on_audio) {
    if (!heard->pcm.empty()) return Status::Internal("the render worker sent its audio twice");
    heard->pcm = std::move(streamed);
  }
  RenderedText out;
  out.sample_rate_hz = sample_rate_hz_;
  out.spoken = paragraph.captions.spoken;
  out.engine_input = synth::EspeakInput(paragraph.utterance);
  out.words = TimeWords(paragraph, *heard, sample_rate_hz_);
  out.pcm = std::move(heard->pcm);
  return out;
}

Result<RenderedText> RenderWorker::Render(const TextPreparer& preparer, std::string_view text,
                                          const voices::VoiceSettings& voice) {
  return Render(PrepareParagraph(preparer, text, 0), voice);
}

Result<RenderedText> RenderWorker::Render(const source::Paragraph& paragraph,
                                          const TextPreparer& preparer, const Pacing& pacing,
                                          const AudioChunkFn& on_audio,
                                          const std::vector<VoicedSpan>& spans) {
  RenderedText out;
  const std::vector<Segment> script =
      ParagraphScript(paragraph, 0, 0, 0, pacing, preparer, true, spans);
  for (std::size_t i = 0; i < script.size(); ++i) {
    const std::size_t before = out.pcm.size();
    auto line = Render(PreparedParagraph{script[i].utterance, script[i].captions}, preparer.voice(),
                       on_audio);
    if (!line.ok()) return line.status();
    const std::size_t line_samples = line->pcm.size();
    AppendLine(out, std::move(*line), script[i].pause_after_ms, i == 0);
    const std::size_t pause_at = before + line_samples;  // the silence after the line
    if (on_audio && out.pcm.size() > pause_at)
      on_audio(std::span<const std::int16_t>(out.pcm).subspan(pause_at));
  }
  return out;
}

Result<std::string> RenderWorker::Phonemes(const Utterance& utterance,
                                           const voices::VoiceSettings& voice,
                                           synth::PhonemeAlphabet alphabet) {
  Out request;
  request.U32(alphabet == synth::PhonemeAlphabet::kIpa);
  PutUtterance(request, utterance);
  return Call(kPhonemes, request.data, &voice);
}

Result<std::vector<synth::VoiceInfo>> RenderWorker::ListVoices() {
  Result<std::string> answer = Call(kVoices, "", nullptr);
  if (!answer.ok()) return answer.status();
  In in(*answer);
  std::vector<synth::VoiceInfo> voices(std::min<std::size_t>(in.U32(), answer->size()));
  for (synth::VoiceInfo& v : voices) {
    v.name = in.Str();
    v.description = in.Str();
    v.gender = in.Str();
    v.identifier = in.Str();
  }
  if (!in.ok()) return Status::Internal("the render worker sent a malformed voice list");
  return voices;
}

}  // namespace narrate::pipeline
