// The session's spoken paragraphs: WAV bytes, cache keys and the cache.
#include <bit>

#include "app/session_parts.h"

namespace narrate::app {

namespace {

void PutLittleEndian(std::string& out, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace

// A canonical 44-byte header (RIFF, "fmt " PCM 16-bit mono, "data"), then the samples.
std::string WavBytes(const std::vector<std::int16_t>& pcm, int rate_hz) {
  const auto data_bytes = static_cast<std::uint32_t>(pcm.size() * sizeof(std::int16_t));
  const auto rate = static_cast<std::uint32_t>(rate_hz);
  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  PutLittleEndian(out, 36 + data_bytes, 4);
  out += "WAVEfmt ";
  PutLittleEndian(out, 16, 4);        // fmt chunk size
  PutLittleEndian(out, 1, 2);         // PCM
  PutLittleEndian(out, 1, 2);         // mono
  PutLittleEndian(out, rate, 4);      // samples per second
  PutLittleEndian(out, rate * 2, 4);  // bytes per second
  PutLittleEndian(out, 2, 2);         // bytes per frame
  PutLittleEndian(out, 16, 2);        // bits per sample
  out += "data";
  PutLittleEndian(out, data_bytes, 4);
  if constexpr (std::endian::native == std::endian::little) {  // the samples as they are
    out.append(reinterpret_cast<const char*>(pcm.data()), data_bytes);
  } else {
    for (std::int16_t sample : pcm) PutLittleEndian(out, static_cast<std::uint16_t>(sample), 2);
  }
  return out;
}

std::string StreamingWavHeader(int rate_hz) {
  std::string header = WavBytes({}, rate_hz).substr(0, 44);
  for (std::size_t at : {std::size_t{4}, std::size_t{40}})
    header.replace(at, 4, "\xFF\xFF\xFF\xFF");
  return header;
}

Result<SpokenPtr> Session::Paragraph(int chapter, int paragraph,
                                     const Speaker::AudioChunkFn& on_audio) {
  auto spoken = Paragraph(chapter, paragraph);
  if (spoken.ok()) session::Replay(**spoken, on_audio);
  return spoken;
}

Result<SpokenPtr> Session::CachedParagraph(int chapter, int paragraph) {
  return Paragraph(chapter, paragraph);
}

namespace session {
namespace {

// Appends a length-prefixed part, so that no two different lists of parts join alike.
void AddPart(std::string& key, std::string_view part) {
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

std::string VoiceKey(const voices::VoiceSettings& voice) {
  return voice.name + "/" + std::to_string(voice.rate_wpm) + "/" + std::to_string(voice.pitch) +
         "/" + std::to_string(voice.range);
}

}  // namespace

std::string SpeechKey(const source::Paragraph& paragraph, const pipeline::TextPreparer& preparer,
                      const std::vector<pipeline::VoicedSpan>& spans) {
  std::string key;
  AddPart(key, VoiceKey(preparer.voice()));
  AddPart(key, std::to_string(spans.size()));
  for (const pipeline::VoicedSpan& span : spans) {
    AddPart(key, std::to_string(span.begin) + "-" + std::to_string(span.end));
    AddPart(key, VoiceKey(span.voice));
  }
  AddPart(key, paragraph.text);
  for (const source::Pronunciation& p : paragraph.pronunciations) {
    AddPart(key, std::to_string(p.offset) + "+" + std::to_string(p.length) + p.alphabet);
    AddPart(key, p.phonemes);
  }
  for (const pipeline::SpokenLine& line : pipeline::SpokenLines(paragraph.text)) {
    for (const SpeechPiece& piece : preparer.Prepare(line.text)) {
      AddPart(key, std::to_string(static_cast<int>(piece.kind)));
      AddPart(key, piece.content);
      if (piece.voice) AddPart(key, VoiceKey(*piece.voice));
    }
  }
  return key;
}

SpokenPtr ToSpoken(RenderedSpeech speech) {
  auto spoken = std::make_shared<Spoken>();
  spoken->wav = WavBytes(speech.pcm, speech.sample_rate_hz);
  speech.pcm.clear();
  speech.pcm.shrink_to_fit();
  spoken->speech = std::move(speech);
  return spoken;
}

SpokenPtr SpeechCache::Find(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  items_.splice(items_.begin(), items_, it->second);  // now the most recently used
  return it->second->second;
}

void SpeechCache::Add(const std::string& key, SpokenPtr spoken) {
  std::lock_guard lock(mu_);
  if (index_.count(key) != 0) return;
  bytes_ += key.size() + spoken->wav.size();
  items_.emplace_front(key, std::move(spoken));
  index_[key] = items_.begin();
  while (bytes_ > budget_bytes_ && items_.size() > 1) {
    const Item& oldest = items_.back();
    bytes_ -= oldest.first.size() + oldest.second->wav.size();
    index_.erase(oldest.first);
    items_.pop_back();
  }
}

void Rendering::Append(int rate_hz, std::span<const std::int16_t> samples) {
  {
    std::lock_guard lock(mu_);
    rate_hz_ = rate_hz;
    pcm_.insert(pcm_.end(), samples.begin(), samples.end());
  }
  changed_.notify_all();
}

void Rendering::Finish(const Result<SpokenPtr>& result) {
  {
    std::lock_guard lock(mu_);
    result_ = result;
  }
  changed_.notify_all();
}

Result<SpokenPtr> Rendering::Follow(const Speaker::AudioChunkFn& on_audio) {
  std::vector<std::int16_t> fresh;
  for (std::size_t passed = 0;;) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return result_.has_value() || pcm_.size() > passed; });
    if (!on_audio || pcm_.size() == passed) {
      if (result_) return *result_;
      continue;
    }
    fresh.assign(pcm_.begin() + static_cast<std::ptrdiff_t>(passed), pcm_.end());
    passed = pcm_.size();
    const int rate_hz = rate_hz_;
    lock.unlock();
    on_audio(rate_hz, fresh);
  }
}

void Replay(const Spoken& spoken, const Speaker::AudioChunkFn& on_audio) {
  constexpr std::size_t kHeaderBytes = 44;  // WavBytes' header
  if (!on_audio || spoken.wav.size() <= kHeaderBytes) return;
  std::vector<std::int16_t> pcm((spoken.wav.size() - kHeaderBytes) / sizeof(std::int16_t));
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    const auto* at = reinterpret_cast<const unsigned char*>(spoken.wav.data()) + kHeaderBytes;
    pcm[i] = static_cast<std::int16_t>(at[2 * i] | (at[2 * i + 1] << 8));
  }
  on_audio(spoken.speech.sample_rate_hz, pcm);
}

void SpeechCache::Remove(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return;
  bytes_ -= key.size() + it->second->second->wav.size();
  items_.erase(it->second);
  index_.erase(it);
}

std::size_t SpeechCache::bytes() {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace session
}  // namespace narrate::app
