// The speech synthesiser seam. The eSpeak NG implementation (espeak_engine.cc)
// is the only code in narrate that includes eSpeak; everything else talks to
// SpeechEngine, so tests can use a fake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/speech.h"
#include "common/status.h"
#include "voices/voice.h"

namespace narrate::synth {

// A word the engine started speaking, positioned exactly in the audio.
struct WordEvent {
  std::int64_t sample = 0;     // index of the word's first sample within this Speak() call
  std::size_t piece = 0;       // index into the utterance
  std::size_t offset = 0;      // byte offset of the word inside that piece's content
  std::size_t length = 0;      // length of the word in bytes
};

// A phoneme the engine started speaking (only from an engine opened with
// EngineOptions::phoneme_events). Arrives after the WordEvent of the word it
// belongs to, in speaking order; pauses come as phonemes too ("_", "_:").
struct PhonemeEvent {
  std::int64_t sample = 0;  // as WordEvent::sample
  std::string mnemonic;     // eSpeak's name for it as spoken ("oU", "r-"), no stress marks
};

// Receives audio as it is synthesised. Returning an error from OnAudio aborts Speak().
class SpeechSink {
 public:
  virtual ~SpeechSink() = default;
  virtual Status OnAudio(std::span<const std::int16_t> samples) = 0;
  virtual void OnWord(const WordEvent& /*event*/) {}
  virtual void OnPhoneme(const PhonemeEvent& /*event*/) {}
};

enum class PhonemeAlphabet { kEspeak, kIpa };

struct VoiceInfo {
  std::string name;         // what --voice accepts: "en-us", or a variant "+f2"
  std::string description;  // eSpeak's own name, e.g. "English_(America)"
  std::string gender;      // "male", "female" or "" when eSpeak does not say
  std::string identifier;  // eSpeak's file: "roa/fr" (--voice also takes "fr"), "!v/f2"
};

class SpeechEngine {
 public:
  virtual ~SpeechEngine() = default;
  virtual int sample_rate_hz() const = 0;
  // The alphabet its phoneme pieces (SpeechPiece::Kind::kPhonemes) must be
  // written in. eSpeak NG reads its own mnemonics ("kr'oUn0s"), not IPA.
  virtual PhonemeAlphabet phoneme_alphabet() const { return PhonemeAlphabet::kEspeak; }
  // Speaks the utterance, streaming 16-bit mono PCM and word events to sink.
  // Each piece is spoken in its own voice (SpeechPiece::voice; empty = the
  // voice the engine was opened with): the engine switches voice, rate and
  // pitch where a piece's voice differs from the one it is speaking in, and
  // only there, so a one-voice utterance is spoken as if voices did not
  // exist. Fails when a piece's voice is unknown or out of range.
  virtual Status Speak(const Utterance& utterance, SpeechSink& sink) = 0;
  // The phonemes the engine would speak for the utterance (each piece in its
  // voice, as Speak), clauses joined by spaces. Phoneme pieces come back as
  // the engine reads them.
  virtual Result<std::string> ToPhonemes(const Utterance& utterance, PhonemeAlphabet alphabet) = 0;
  virtual std::vector<VoiceInfo> ListVoices() = 0;
};

// The rate of the audio OpenEspeak's engine speaks (eSpeak NG's synchronous
// output has one fixed rate; OpenEspeak fails if the library reports
// another), for what must be known before an engine is open: checking a
// bitrate, timing captions in the parent process.
constexpr int EngineSampleRateHz() { return 22050; }

// Opens this process's eSpeak NG synthesiser (eSpeak keeps global state, so
// there is at most one per process; a second call fails). Its output depends
// on earlier calls, so callers wanting reproducible audio use one fresh
// process per unit of work. Fails with a message when the voice is unknown or
// the settings are out of range.
Result<std::unique_ptr<SpeechEngine>> OpenEspeak(const voices::VoiceSettings& settings);

struct EngineOptions {
  // Report PhonemeEvents to sinks. The audio is the same either way (checked
  // on 1.51: byte-identical PCM). eSpeak fixes this when it is first
  // initialised, so every open in one process must ask the same; a different
  // answer fails.
  bool phoneme_events = false;
};
Result<std::unique_ptr<SpeechEngine>> OpenEspeak(const voices::VoiceSettings& settings,
                                                 const EngineOptions& options);

// eSpeak NG's version ("1.51"), for build manifests.
std::string EngineVersion();

// Builds the string handed to eSpeak for an utterance: text pieces with any
// "[[" defused, phoneme pieces wrapped in [[ ]], respelling pieces as text
// (the engine reads them as phonemes first: SpeechPiece::Kind::kRespelling).
// Exposed for tests.
std::string EspeakInput(const Utterance& utterance);

}  // namespace narrate::synth
