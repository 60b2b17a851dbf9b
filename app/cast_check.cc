// `narrate voices check` and `narrate voices audition`: a cast's voices
// against eSpeak's list, and a sample line spoken in each.
#include <algorithm>

#include "app/cast.h"
#include "common/atomic_file.h"

namespace narrate::app {
namespace {

// A profile with what messages call it, its resolved voice and its sample line.
struct NamedProfile {
  std::string label;  // "[character.kirk]"
  std::string file;   // "kirk.mp3"
  std::string line;   // "My name is Kirk."
  const voices::Profile* profile;
  voices::VoiceSettings voice;
};

// "<id>.mp3"; a character called narrator or dialogue keeps those profiles' files.
std::string FileFor(const std::string& id) {
  const bool taken = id == "narrator" || id == "dialogue";
  return (taken ? "character-" + id : id) + ".mp3";
}

std::vector<NamedProfile> ProfilesOf(const voices::Cast& cast,
                                     const voices::VoiceSettings& command_line) {
  const voices::CastVoices resolved = voices::ResolveCast(cast, command_line);
  std::vector<NamedProfile> out{
      {"[narrator]", "narrator.mp3", "I am the narrator.", &cast.narrator, resolved.narrator},
      {"[dialogue]", "dialogue.mp3", "I speak for everyone the book does not name.", &cast.dialogue,
       resolved.dialogue}};
  for (std::size_t i = 0; i < cast.characters.size(); ++i) {
    const voices::Character& c = cast.characters[i];
    out.push_back({"[character." + c.id + "]", FileFor(c.id), "My name is " + c.names[0] + ".",
                   &c.profile, resolved.characters[i]});
  }
  return out;
}

Status At(const std::string& path, int line, const Status& status) {
  return Status::InFile(StatusCode::kInvalidInput, path, line, status.detail());
}

// The voice key's name alone; the variant in the voice it resolves to (or the
// default voice when that is itself unknown, reported at its own key).
void CheckNames(const std::string& path, const NamedProfile& p, const VoiceList& list,
                std::vector<Status>& errors) {
  const voices::Profile& profile = *p.profile;
  if (profile.voice) {
    Status s = CheckVoiceName(*profile.voice, list);
    if (!s.ok()) errors.push_back(At(path, profile.voice_line, s));
  }
  if (!profile.variant || profile.variant->empty()) return;
  std::string base = p.voice.name.substr(0, p.voice.name.find('+'));
  if (!CheckVoiceName(base, list).ok()) base = list.default_name;
  Status s = CheckVoiceName(base + "+" + *profile.variant, list);
  if (!s.ok()) errors.push_back(At(path, profile.variant_line, s));
}

std::string Describe(const NamedProfile& a, const NamedProfile& b) {
  std::string wpm = std::to_string(a.voice.rate_wpm);
  if (a.voice.rate_wpm != b.voice.rate_wpm) wpm += " and " + std::to_string(b.voice.rate_wpm);
  return a.voice.name + ", " + wpm + " wpm";
}

// Pairs too alike; [dialogue] only when the file has one (it is the
// narrator's voice otherwise, by design).
void FindLookalikes(const std::string& path, const std::vector<NamedProfile>& profiles,
                    std::vector<std::string>& warnings) {
  for (std::size_t i = 1; i < profiles.size(); ++i) {
    const NamedProfile& later = profiles[i];
    if (i == 1 && later.profile->line == 0) continue;
    for (std::size_t j = 0; j < i; ++j) {
      const NamedProfile& earlier = profiles[j];
      if (j == 1 && earlier.profile->line == 0) continue;
      if (!voices::TooAlike(later.voice, earlier.voice)) continue;
      warnings.push_back(path + ":" + std::to_string(later.profile->line) + ": " + later.label +
                         " sounds like " + earlier.label + " (" + Describe(later, earlier) + ")");
    }
  }
}

// Writes each sample into the folder; a failure leaves no file of its own
// (SpeakToFile writes atomically).
Result<std::string> Speak(const NamedProfile& p, const std::string& output_dir) {
  pipeline::SpeechOptions speech;
  speech.voice = p.voice;
  auto preparer = pipeline::TextPreparer::Create(speech, "");
  if (!preparer.ok()) return preparer.status();
  const std::string file = output_dir + "/" + p.file;
  auto seconds = SpeakToFile(p.line, speech, *preparer, file, 64);
  if (!seconds.ok()) return seconds.status();
  return file;
}

// An audition is whole or not there: the samples already written go when one fails.
Status RemoveAll(const std::vector<std::string>& files, const Status& why) {
  for (const std::string& f : files) RealFileSystem().Remove(f);  // best effort
  return why;
}

}  // namespace

CastCheck CheckCast(const std::string& path, const VoiceList& list,
                    const voices::VoiceSettings& command_line) {
  CastCheck check;
  if (Status base = CheckVoiceName(command_line.name, list); !base.ok()) {
    check.errors.push_back(base);  // --voice: the command line's, not the file's
    return check;
  }
  auto cast = voices::LoadCast(path);
  if (!cast.ok()) {
    check.errors.push_back(cast.status());
    return check;
  }
  check.cast = std::move(*cast);
  const std::vector<NamedProfile> profiles = ProfilesOf(check.cast, command_line);
  for (const NamedProfile& p : profiles) {
    CheckNames(path, p, list, check.errors);
    Status valid = voices::Validate(p.voice);
    if (!valid.ok()) check.errors.push_back(At(path, p.profile->line, valid));
  }
  std::stable_sort(check.errors.begin(), check.errors.end(),
                   [](const Status& a, const Status& b) { return a.line() < b.line(); });
  if (check.ok()) FindLookalikes(path, profiles, check.warnings);
  return check;
}

Result<std::vector<std::string>> AuditionCast(const std::string& path,
                                              const std::string& output_dir,
                                              const voices::VoiceSettings& command_line,
                                              Speaker& speaker) {
  auto list = ListVoices(speaker);
  if (!list.ok()) return list.status();
  const CastCheck check = CheckCast(path, *list, command_line);
  if (!check.ok()) return check.errors.front();
  if (Status made = MakeDirectories(output_dir); !made.ok()) return made;
  std::vector<std::string> files;
  for (const NamedProfile& p : ProfilesOf(check.cast, command_line)) {
    auto file = Speak(p, output_dir);
    if (!file.ok()) return RemoveAll(files, file.status());
    files.push_back(*file);
  }
  return files;
}

}  // namespace narrate::app
