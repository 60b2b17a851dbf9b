// The only file in narrate that includes eSpeak NG. See engine.h for the
// contract and shared/notes on eSpeak's global state.
#include <espeak-ng/speak_lib.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <string>

#include <strings.h>

#include "tts/synth/engine.h"
#include "tts/synth/input_map.h"
#include "tts/synth/respelling.h"
#include "tts/synth/voice_memo.h"

// ---- No sound device ---------------------------------------------------------------
// eSpeak NG 1.51's espeak_Initialize (through espeak_ng_InitializeOutput) asks
// pcaudiolib for a sound device in every output mode, synchronous too:
// pcaudiolib 1.2 connects to PulseAudio (reading client.conf, trying the
// server, perhaps autospawning one; its client prints configuration errors
// and PULSE_LOG's messages on stderr) and, with no server, makes an ALSA
// device for later. narrate never plays sound: in AUDIO_OUTPUT_SYNCHRONOUS
// eSpeak touches the device object only under ENOUTPUT_MODE_SPEAK_AUDIO
// (dispatch_audio, cancel_audio, espeak_ng_Cancel, sync_espeak_Synth's drain,
// espeak_ng_Terminate), so a null object is never dereferenced. pcaudiolib's
// symbols are unversioned, so this definition, in the executable's dynamic
// symbol table (CMakeLists.txt exports it), is the one libespeak-ng's call
// binds to: no device, no sound server, nothing on the terminal.
extern "C" struct audio_object* create_audio_device_object(const char* /*device*/,
                                                           const char* /*application_name*/,
                                                           const char* /*description*/) {
  return nullptr;
}

namespace narrate::synth {
namespace {

constexpr int kSynthFlags = espeakCHARS_UTF8 | espeakPHONEMES;
constexpr int kBufferMs = 200;
std::atomic<bool> g_engine_open{false};

// State of one Speak() call, reached from eSpeak's C callback via user_data.
struct SpeakCall {
  SpeechSink* sink = nullptr;
  const InputMap* map = nullptr;
  Status status;
};

void ForwardWord(const espeak_EVENT& event, SpeakCall& call) {
  if (event.length <= 0) return;  // eSpeak emits empty WORD events after breaks
  auto located = call.map->Locate(event.text_position - 1, event.length);
  if (!located) return;
  call.sink->OnWord(WordEvent{event.sample, located->piece, located->offset, located->length});
}

// eSpeak packs the mnemonic into id.string: up to 8 bytes, NUL-padded.
void ForwardPhoneme(const espeak_EVENT& event, SpeakCall& call) {
  const char* name = event.id.string;
  call.sink->OnPhoneme(PhonemeEvent{event.sample, std::string(name, strnlen(name, 8))});
}

int OnSynth(short* wav, int num_samples, espeak_EVENT* events) {
  auto* call = static_cast<SpeakCall*>(events->user_data);
  if (call == nullptr || !call->status.ok()) return 1;
  for (espeak_EVENT* e = events; e->type != espeakEVENT_LIST_TERMINATED; ++e) {
    if (e->type == espeakEVENT_WORD) ForwardWord(*e, *call);
    if (e->type == espeakEVENT_PHONEME) ForwardPhoneme(*e, *call);
  }
  if (wav != nullptr && num_samples > 0) {
    call->status = call->sink->OnAudio(std::span<const std::int16_t>(wav, num_samples));
  }
  return call->status.ok() ? 0 : 1;
}

// Consecutive pieces spoken in one voice: utterance[begin, end).
struct VoiceRun {
  std::size_t begin = 0;
  std::size_t end = 0;
  voices::VoiceSettings voice;
};

// The utterance's voice runs, pieces without a voice in `opened`; an empty
// utterance is one empty run in `current` (so it switches nothing).
std::vector<VoiceRun> VoiceRuns(const Utterance& utterance, const voices::VoiceSettings& opened,
                                const voices::VoiceSettings& current) {
  std::vector<VoiceRun> runs;
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    const voices::VoiceSettings& voice = utterance[i].voice ? *utterance[i].voice : opened;
    if (runs.empty() || !(runs.back().voice == voice)) runs.push_back(VoiceRun{i, i, voice});
    runs.back().end = i + 1;
  }
  if (runs.empty()) runs.push_back(VoiceRun{0, 0, current});
  return runs;
}

Utterance Slice(const Utterance& utterance, const VoiceRun& run) {
  return Utterance(utterance.begin() + static_cast<std::ptrdiff_t>(run.begin),
                   utterance.begin() + static_cast<std::ptrdiff_t>(run.end));
}

std::string ReadPhonemes(const std::string& input, int mode);

// The run with its respellings as phoneme pieces, read in the voice eSpeak is
// set to (RespellingToMnemonics); pieces keep their places, so word events
// still name them.
Utterance WithRespellingsRead(Utterance run) {
  for (SpeechPiece& piece : run) {
    if (piece.kind != SpeechPiece::Kind::kRespelling) continue;
    piece.content = RespellingToMnemonics(piece.content, [](const std::string& text) {
      return ReadPhonemes(EspeakInput(PlainUtterance(text)), 0);
    });
    piece.kind = piece.content.empty() ? SpeechPiece::Kind::kText : SpeechPiece::Kind::kPhonemes;
  }
  return run;
}

// eSpeak's phonemes for its input (mode 0x02: IPA), clauses joined by spaces.
std::string ReadPhonemes(const std::string& input, int mode) {
  const void* cursor = input.c_str();
  std::string out;
  // One clause per call; always consume the string to its end (eSpeak
  // keeps a held character in global state otherwise).
  while (cursor != nullptr) {
    const char* clause = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, mode);
    if (clause == nullptr || *clause == 0) continue;
    if (!out.empty()) out += ' ';
    out += clause;
  }
  return out;
}

// Passes one run's audio and words on as the whole utterance's: pieces
// counted from the run's first, samples from the audio spoken before it.
class RunSink final : public SpeechSink {
 public:
  RunSink(SpeechSink& sink, std::size_t first_piece, std::int64_t first_sample)
      : sink_(sink), first_piece_(first_piece), first_sample_(first_sample) {}
  Status OnAudio(std::span<const std::int16_t> samples) override {
    samples_ += static_cast<std::int64_t>(samples.size());
    return sink_.OnAudio(samples);
  }
  void OnWord(const WordEvent& event) override {
    WordEvent shifted = event;
    shifted.piece += first_piece_;
    shifted.sample += first_sample_;
    sink_.OnWord(shifted);
  }
  void OnPhoneme(const PhonemeEvent& event) override {
    PhonemeEvent shifted = event;
    shifted.sample += first_sample_;
    sink_.OnPhoneme(shifted);
  }
  std::int64_t end_sample() const { return first_sample_ + samples_; }

 private:
  SpeechSink& sink_;
  std::size_t first_piece_;
  std::int64_t first_sample_;
  std::int64_t samples_ = 0;
};

Status SelectVoice(const voices::VoiceSettings& settings);

std::string GenderName(unsigned char gender) {
  if (gender == 1) return "male";
  if (gender == 2) return "female";
  return "";
}

// eSpeak's languages field is a list of (priority byte, NUL-terminated string).
std::string PrimaryLanguage(const char* languages) {
  if (languages == nullptr || languages[0] == 0) return "";
  return std::string(languages + 1);
}

// Voices are listed by the language tag --voice accepts ("en-us"), variants
// as "+f2" (to append: "en-us+f2").
void AppendVoices(const espeak_VOICE** list, bool variants, std::vector<VoiceInfo>& out) {
  for (; list != nullptr && *list != nullptr; ++list) {
    const espeak_VOICE* v = *list;
    std::string id = v->identifier ? v->identifier : "";
    std::string name = variants ? "+" + id.substr(id.find_last_of('/') + 1) : PrimaryLanguage(v->languages);
    out.push_back(VoiceInfo{name, v->name ? v->name : "", GenderName(v->gender), id});
  }
}

class EspeakEngine final : public SpeechEngine {
 public:
  EspeakEngine(int rate_hz, const voices::VoiceSettings& voice)
      : sample_rate_hz_(rate_hz), opened_(voice), current_(voice) {}
  ~EspeakEngine() override {
    // espeak_Terminate() deadlocks when called a second time in a process
    // (checked on 1.51), and eSpeak cannot be reopened anyway: leave it to exit.
    g_engine_open = false;
  }

  int sample_rate_hz() const override { return sample_rate_hz_; }
  PhonemeAlphabet phoneme_alphabet() const override { return PhonemeAlphabet::kEspeak; }

  // One eSpeak call per voice run: a one-voice utterance is one call, as it
  // was before pieces had voices.
  Status Speak(const Utterance& utterance, SpeechSink& sink) override {
    const std::vector<VoiceRun> runs = VoiceRuns(utterance, opened_, current_);
    std::int64_t at_sample = 0;
    for (const VoiceRun& run : runs) {
      NARRATE_RETURN_IF_ERROR(UseVoice(run.voice));
      RunSink shifted(sink, run.begin, at_sample);
      NARRATE_RETURN_IF_ERROR(SpeakRun(WithRespellingsRead(Slice(utterance, run)), shifted));
      at_sample = shifted.end_sample();
    }
    return Status::Ok();
  }

  Result<std::string> ToPhonemes(const Utterance& utterance, PhonemeAlphabet alphabet) override {
    const std::vector<VoiceRun> runs = VoiceRuns(utterance, opened_, current_);
    std::string out;
    for (const VoiceRun& run : runs) {
      NARRATE_RETURN_IF_ERROR(UseVoice(run.voice));
      std::string clauses = RunPhonemes(WithRespellingsRead(Slice(utterance, run)), alphabet);
      if (!out.empty() && !clauses.empty()) out += ' ';
      out += clauses;
    }
    return out;
  }

  std::vector<VoiceInfo> ListVoices() override {
    std::vector<VoiceInfo> out;
    AppendVoices(espeak_ListVoices(nullptr), false, out);
    espeak_VOICE filter{};
    filter.languages = "variant";
    AppendVoices(espeak_ListVoices(&filter), true, out);
    return out;
  }

 private:
  // Switches eSpeak to voice unless it already speaks in it.
  Status UseVoice(const voices::VoiceSettings& voice) {
    if (voice == current_) return Status::Ok();
    NARRATE_RETURN_IF_ERROR(voices::Validate(voice));
    NARRATE_RETURN_IF_ERROR(SelectVoice(voice));
    current_ = voice;
    return Status::Ok();
  }

  Status SpeakRun(const Utterance& utterance, SpeechSink& sink) {
    InputMap map(utterance);
    SpeakCall call{&sink, &map, Status::Ok()};
    const std::string& input = map.input();
    espeak_ERROR err = espeak_Synth(input.c_str(), input.size() + 1, 0, POS_CHARACTER, 0,
                                    kSynthFlags, nullptr, &call);
    if (!call.status.ok()) return call.status;
    if (err != EE_OK) return Status::Internal("eSpeak NG failed to synthesise text");
    return Status::Ok();
  }

  std::string RunPhonemes(const Utterance& utterance, PhonemeAlphabet alphabet) {
    return ReadPhonemes(EspeakInput(utterance), alphabet == PhonemeAlphabet::kIpa ? 0x02 : 0x00);
  }

  int sample_rate_hz_;
  voices::VoiceSettings opened_;   // what pieces without a voice are spoken in
  voices::VoiceSettings current_;  // what eSpeak is set to now
};

// eSpeak finds voices by file name ("en", "en-us", "fr"), while `narrate
// voices` shows language tags ("en-gb", "fr-fr"); a tag is looked up among
// the voices' languages: "en-gb+f2" → "gmw/en+f2". "" when none speaks it.
std::string VoiceByLanguage(const std::string& name) {
  const std::size_t plus = name.find('+');
  const std::string tag = name.substr(0, plus);
  for (const espeak_VOICE** v = espeak_ListVoices(nullptr); v && *v; ++v) {
    if ((*v)->identifier && strcasecmp(PrimaryLanguage((*v)->languages).c_str(), tag.c_str()) == 0) {
      return (*v)->identifier + (plus == std::string::npos ? "" : name.substr(plus));
    }
  }
  return "";
}

// The file eSpeak's espeak_SetVoiceByName(name) chose, found as its
// SelectVoiceByName finds it: a voice of that name, else the file of that
// name, else the last file whose last part is the name. "en" → "gmw/en".
std::string VoiceFileOf(const std::string& name) {
  std::string by_file, by_last_part;
  const std::string last = "/" + name;
  for (const espeak_VOICE** v = espeak_ListVoices(nullptr); v && *v; ++v) {
    const std::string id = (*v)->identifier ? (*v)->identifier : "";
    if ((*v)->name && strcasecmp((*v)->name, name.c_str()) == 0) return id;
    if (strcasecmp(id.c_str(), name.c_str()) == 0) by_file = id;
    if (id.size() >= last.size() &&
        strcasecmp(id.c_str() + id.size() - last.size(), last.c_str()) == 0)
      by_last_part = id;
  }
  return by_file.empty() ? by_last_part : by_file;
}

// eSpeak's data folder ("/usr/lib/x86_64-linux-gnu/espeak-ng-data").
const std::string& DataFolder() {
  static const std::string folder = [] {
    const char* data = nullptr;
    espeak_Info(&data);
    return std::string(data ? data : "");
  }();
  return folder;
}

// Whose voice files a memo names: eSpeak's version, its data folder and the
// modification times of voices/, lang/ and the folders in them (eSpeak's
// voice files lie one folder down, as in lang/gmw/en: a file added, removed or
// renamed changes one of them). Two folder reads and ~35 stat calls.
const std::string& EngineKey() {
  static const std::string key = [] {
    namespace fs = std::filesystem;
    const char* version = espeak_Info(nullptr);
    std::string k = std::string(version ? version : "") + "\n" + DataFolder();
    std::error_code ec;
    auto stamp = [&k, &ec](const fs::path& p) {
      k += "\n" + p.filename().string() + " " +
           std::to_string(fs::last_write_time(p, ec).time_since_epoch().count());
    };
    for (const char* top : {"voices", "lang"}) {
      const fs::path root = fs::path(DataFolder()) / top;
      stamp(root);
      for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec)) stamp(it->path());
    }
    return k;
  }();
  return key;
}

// A file `name` in one of the data folder's subfolders.
bool InDataFolder(std::initializer_list<const char*> folders, const std::string& name) {
  std::error_code ec;
  const std::filesystem::path data(DataFolder());
  for (const char* folder : folders)
    if (std::filesystem::exists(data / folder / name, ec)) return true;
  return false;
}

// eSpeak opens voices/<name> or lang/<name> before it searches: then no memo
// may stand in for it ("gmw/en" directly is both).
bool OpensDirectly(const std::string& name) { return InDataFolder({"voices", "lang"}, name); }

// A variant or MBROLA voice of that name, which eSpeak's search sees and
// espeak_ListVoices(nullptr) (VoiceFileOf's list) does not: nothing is
// remembered for such a name.
bool HasVariantOrMbrolaNamed(const std::string& name) {
  return InDataFolder({"voices/!v", "voices/mb"}, name);
}

bool SetVoiceByName(const std::string& name) {
  return espeak_SetVoiceByName(name.c_str()) == EE_OK;
}

// Sets eSpeak's voice to name ("en+f2"): through the file remembered for
// "en" (voice_memo.h), else by eSpeak's search, then remembering the file.
bool SetVoiceFile(const std::string& name) {
  const std::size_t plus = name.find('+');
  const std::string base = name.substr(0, plus);
  const std::string variant = plus == std::string::npos ? "" : name.substr(plus);
  // A memo only where eSpeak would search, and only when it can be kept: else
  // VoiceFileOf's own search would double the one it saves.
  const bool kept = !OpensDirectly(base) && KeepsVoiceFiles(EngineKey());
  const std::string known = kept ? RememberedVoiceFile(EngineKey(), base) : "";
  if (!known.empty() && SetVoiceByName(known + variant)) return true;
  // Listing first builds the voice list eSpeak's own search then reuses: one
  // reading of the voice files, not two.
  std::string file = kept ? VoiceFileOf(base) : "";
  if (!SetVoiceByName(name)) {
    const std::string by_language = VoiceByLanguage(name);
    if (by_language.empty() || !SetVoiceByName(by_language)) return false;
    file = by_language.substr(0, by_language.find('+'));
  }
  if (kept && !file.empty() && file != base && !HasVariantOrMbrolaNamed(base))
    RememberVoiceFile(EngineKey(), base, file);
  return true;
}

// Voice, rate and pitch; nothing else of eSpeak's state changes.
Status SelectVoice(const voices::VoiceSettings& settings) {
  if (!SetVoiceFile(settings.name)) {
    return Status::NotFound("unknown voice '" + settings.name + "' (see 'narrate voices')");
  }
  espeak_SetParameter(espeakRATE, settings.rate_wpm, 0);
  espeak_SetParameter(espeakPITCH, settings.pitch, 0);
  espeak_SetParameter(espeakRANGE, settings.range, 0);
  return Status::Ok();
}

Status ApplySettings(const voices::VoiceSettings& settings) {
  NARRATE_RETURN_IF_ERROR(SelectVoice(settings));
  // Make later espeak_TextToPhonemes calls honour [[ ]] like Speak() does:
  // it inherits the options of the last Synth call.
  espeak_Synth(" ", 2, 0, POS_CHARACTER, 0, kSynthFlags, nullptr, nullptr);
  return Status::Ok();
}

}  // namespace

std::string EngineVersion() {
  const char* version = espeak_Info(nullptr);
  return version ? version : "";
}

Result<std::unique_ptr<SpeechEngine>> OpenEspeak(const voices::VoiceSettings& settings) {
  return OpenEspeak(settings, EngineOptions{});
}

Result<std::unique_ptr<SpeechEngine>> OpenEspeak(const voices::VoiceSettings& settings,
                                                 const EngineOptions& options) {
  NARRATE_RETURN_IF_ERROR(voices::Validate(settings));
  const int init_flags = espeakINITIALIZE_DONT_EXIT |
                         (options.phoneme_events ? espeakINITIALIZE_PHONEME_EVENTS : 0);
  static int opened_flags = -1;  // the flags eSpeak was initialised with
  if (opened_flags >= 0 && opened_flags != init_flags) {
    return Status::Internal("eSpeak NG was opened with other event options in this process");
  }
  if (g_engine_open.exchange(true)) {
    return Status::Internal("eSpeak NG is already open in this process");
  }
  static int rate_hz = 0;  // eSpeak cannot be re-initialised; reuse the first one
  if (rate_hz == 0) {
    rate_hz = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, kBufferMs, nullptr, init_flags);
    if (rate_hz <= 0) {
      g_engine_open = false;
      return Status::Internal("cannot initialise eSpeak NG (is espeak-ng-data installed?)");
    }
    opened_flags = init_flags;
    espeak_SetSynthCallback(OnSynth);
  }
  if (rate_hz != EngineSampleRateHz()) {
    g_engine_open = false;
    return Status::Internal("eSpeak NG speaks at " + std::to_string(rate_hz) + " Hz, not the " +
                            std::to_string(EngineSampleRateHz()) + " Hz narrate was built for");
  }
  Status applied = ApplySettings(settings);
  if (!applied.ok()) {
    g_engine_open = false;
    return applied;
  }
  return std::unique_ptr<SpeechEngine>(std::make_unique<EspeakEngine>(rate_hz, settings));
}

}  // namespace narrate::synth
