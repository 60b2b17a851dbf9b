#include <filesystem>

#include "common/atomic_file.h"
#include "output/formats/formats.h"
#include "output/package/subtitles.h"
#include "pipeline/caption_text.h"
#include "pipeline/captions.h"
#include "pipeline/narrator.h"
#include "pipeline/pipeline.h"
#include "pipeline/render.h"
#include "pipeline/task_runner.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {
namespace {

struct Spoken {
  std::string seconds;
  Captions captions;  // at the engine's rate (captions.rate_hz)
};

// What the paragraph says, prepared where the preparer's memo can keep it
// (before the worker starts). Verse lines ('\n') are spoken with the pause a
// build makes between them. A preview's quotations: the voicing's spans of
// chapter 0, paragraph 0.
std::vector<Segment> TextScript(const source::Paragraph& paragraph, const SpeechOptions& speech,
                                const TextPreparer& preparer) {
  const std::vector<VoicedSpan> none;
  const std::vector<VoicedSpan>& spans = speech.voicing ? speech.voicing->Of(0, 0) : none;
  return ParagraphScript(paragraph, 0, 0, 0, Pacing{}, preparer, true, spans);
}

// Speaks the script into path; returns the audio length in seconds and its captions.
Result<Spoken> WriteText(const std::vector<Segment>& script, const SpeechOptions& speech,
                         const std::string& path, const std::string& final_path,
                         int bitrate_kbps, const EngineFactory& engines) {
  auto engine = engines(speech.voice);
  if (!engine.ok()) return engine.status();
  const int rate_hz = (*engine)->sample_rate_hz();
  auto encoder = formats::ForFileName(final_path).open_encoder(path, rate_hz, bitrate_kbps);
  if (!encoder.ok()) return encoder.status();
  CaptionBuilder captions(script, rate_hz);
  auto samples = RenderSegments(script, **engine, **encoder, &captions);
  if (!samples.ok()) return samples.status();
  NARRATE_RETURN_IF_ERROR((*encoder)->Flush());
  return Spoken{std::to_string(double(*samples) / rate_hz), captions.Finish()};
}

// Runs in a fresh worker: writes a temporary file, then renames it into place.
Result<std::string> RenderTextFile(const source::Paragraph& paragraph,
                                   const std::vector<Segment>& script, const SpeechOptions& speech,
                                   const std::string& output_path, int bitrate_kbps,
                                   const ReadAlong& read_along, const BuildEnv& env) {
  AtomicFile file(output_path, *env.fs);
  auto spoken =
      WriteText(script, speech, file.temp_path(), output_path, bitrate_kbps, env.engines);
  if (!spoken.ok()) return file.Explain(spoken.status());
  NARRATE_RETURN_IF_ERROR(file.Commit());
  if (read_along.any()) {
    package::TimingsChapter chapter{1, "", paragraph.text, spoken->captions.words};
    NARRATE_RETURN_IF_ERROR(WriteReadAlong(output_path, read_along, spoken->captions.cues,
                                           {chapter}, spoken->captions.rate_hz, *env.fs));
  }
  return spoken->seconds;
}

// "x.ogg" and "noext" are refused: writing WAV under such a name would mislead.
Result<const formats::OutputFormat*> FormatOf(const std::string& path) {
  if (const formats::OutputFormat* format = formats::ByExtension(path)) return format;
  const std::string name = std::filesystem::path(path).filename().string();
  const bool has_extension = name.find('.', 1) != std::string::npos;  // ".hidden" has none
  return Status::Usage(path +
                       (has_extension ? ": unknown audio format"
                                      : ": no extension to pick the "
                                        "audio format") +
                       "; use " + formats::ExtensionList());
}

}  // namespace

// Checked before anything is spoken: "-o", "-o dir/", "-o out/a.wav" with no out/, "-o x.ogg".
Status CheckTextOutput(const std::string& path, int bitrate_kbps) {
  namespace fs = std::filesystem;
  if (path.empty()) return Status::InvalidInput("the output file name is empty");
  if (path.ends_with("/") || fs::is_directory(path)) return Status::InvalidInput(path + ": is a folder, not a file name");
  auto format = FormatOf(path);
  if (!format.ok()) return format.status();
  NARRATE_RETURN_IF_ERROR(
      formats::CheckBitrate(**format, synth::EngineSampleRateHz(), bitrate_kbps));
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent)) return Status::NotFound(path + ": folder " + parent.string() + " does not exist");
  if (!parent.empty() && !fs::is_directory(parent)) return Status::Error(path + ": " + parent.string() + " is not a folder");
  return Status::Ok();
}

Result<double> RenderText(const source::Paragraph& paragraph, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps, const ReadAlong& read_along,
                          const BuildEnv& given_env) {
  const std::string& text = paragraph.text;
  NARRATE_RETURN_IF_ERROR(voices::Validate(speech.voice));
  NARRATE_RETURN_IF_ERROR(CheckTextOutput(output_path, bitrate_kbps));
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Usage("there is no text to speak");
  // An audio extension never clashes with the read-along files beside it (.vtt, .srt, .json).
  const BuildEnv env = WithDefaults(given_env);
  double seconds = 0;
  const std::vector<Segment> script = TextScript(paragraph, speech, preparer);
  std::vector<Task> tasks{[&]() {
    return RenderTextFile(paragraph, script, speech, output_path, bitrate_kbps, read_along, env);
  }};
  auto on_done = [&](std::size_t, const std::string& payload) { seconds = std::stod(payload); };
  NARRATE_RETURN_IF_ERROR(env.runner->Run(tasks, 1, on_done, env.cancelled));
  return seconds;
}

Result<double> RenderText(const source::Paragraph& paragraph, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps, const ReadAlong& read_along) {
  return RenderText(paragraph, speech, preparer, output_path, bitrate_kbps, read_along, BuildEnv{});
}

Result<double> RenderText(const std::string& text, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps, const ReadAlong& read_along, const BuildEnv& env) {
  return RenderText(source::Paragraph{text}, speech, preparer, output_path, bitrate_kbps,
                    read_along, env);
}

Result<double> RenderText(const std::string& text, const SpeechOptions& speech,
                          const TextPreparer& preparer, const std::string& output_path,
                          int bitrate_kbps, const ReadAlong& read_along) {
  return RenderText(source::Paragraph{text}, speech, preparer, output_path, bitrate_kbps,
                    read_along, BuildEnv{});
}

}  // namespace narrate::pipeline
