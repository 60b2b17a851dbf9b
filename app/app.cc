// Voice choice, text preparation, suggestions, builds and speech to files.
#include "app/app.h"

#include <cctype>

#include "output/formats/formats.h"
#include "pronunciation/lexicon.h"

namespace narrate::app {

Result<VoiceChoice> ChooseVoice(const voices::VoiceSettings& asked, bool name_given,
                                const source::Book* book, Speaker& speaker) {
  VoiceChoice choice{asked, ""};
  if (name_given || book == nullptr || book->language.empty()) return choice;
  auto listed = speaker.Voices();
  if (!listed.ok() && listed.status().code() == StatusCode::kInterrupted) return listed.status();
  if (!listed.ok()) return choice;  // the default voice still reads the book
  std::vector<std::string> names;
  for (const VoiceInfo& v : *listed) names.push_back(v.name);
  std::string voice = VoiceForLanguage(book->language, names);
  if (!voice.empty())
    choice.voice.name = voice;
  else
    choice.note =
        "no voice for the book's language \"" + book->language + "\"; using " + asked.name;
  return choice;
}

Result<VoiceChoice> ChooseTextVoice(const voices::VoiceSettings& asked, bool name_given,
                                    const source::Book* book, Speaker& speaker) {
  if (name_given || book == nullptr) return ChooseVoice(asked, name_given, book, speaker);
  std::string tag = book->language;  // "en_GB" -> "en-gb", as a voice name
  for (char& c : tag)
    c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (tag != "en" && !tag.starts_with("en-")) return ChooseVoice(asked, name_given, book, speaker);
  VoiceChoice choice{asked, ""};
  choice.voice.name = tag;  // its language and region are all the text rules read
  return choice;
}

Result<pipeline::TextPreparer> LoadPreparer(const pipeline::SpeechOptions& speech,
                                            const std::string& book_path,
                                            const source::Book* book) {
  return pipeline::TextPreparer::Create(speech, book_path,
                                        book ? book->lexicons : std::vector<source::BookLexicon>{});
}

std::vector<source::Paragraph> SpokenParagraphs(const source::Book& book) {
  std::vector<source::Paragraph> out;
  for (const source::Chapter& c : book.chapters) {
    if (!c.spoken_title.empty()) out.push_back(source::Paragraph{c.spoken_title, 0, false, {}});
    out.insert(out.end(), c.paragraphs.begin(), c.paragraphs.end());
  }
  return out;
}

// The lexicons only say which names are known; suggestions come from the spoken text.
Result<std::string> SuggestLexiconEntries(const source::Book& book,
                                          const pipeline::TextPreparer& preparer,
                                          const voices::VoiceSettings& voice, Speaker& speaker) {
  std::vector<std::string> paragraphs;
  for (const source::Chapter& c : book.chapters) {
    for (const source::Paragraph& p : c.paragraphs)
      paragraphs.push_back(preparer.Normalize(p.text));
  }
  auto suggestions = pronunciation::Suggest(paragraphs, {{}, &preparer.lexicon(), 0});
  if (!suggestions.ok()) return suggestions.status();
  std::vector<Utterance> names;
  for (const pronunciation::Suggestion& s : *suggestions) names.push_back(PlainUtterance(s.text));
  auto phonemes = speaker.Phonemes(names, voice, false);
  if (!phonemes.ok()) return phonemes.status();
  std::size_t next = 0;
  return pronunciation::FormatSuggestions(*suggestions, [&](const std::string&) {
    return next < phonemes->size() ? (*phonemes)[next++] : std::string();
  });
}

std::vector<std::string> OutputFormatNames() { return formats::Names(); }
std::string OutputFormatHelp() { return formats::FormatHelp(); }

std::string OutputFileHelp() {
  std::string extensions;
  for (const formats::OutputFormat& f : formats::All()) {
    extensions += (extensions.empty() ? "." : ", .") + std::string(f.extension);
  }
  const std::string fallback(formats::ForFileName("").display_name);
  return "the extension picks the format: " + extensions + " (any other: " + fallback + ")";
}

Status CheckBuildOptions(const pipeline::BuildOptions& options) {
  return pipeline::CheckBuildOptions(options);
}

Status CheckBuildOptions(const source::Book& book, const pipeline::BuildOptions& options) {
  return pipeline::CheckBuildOptions(book, options);
}

Result<pipeline::BuildReport> Build(const source::Book& book, const pipeline::BuildOptions& options,
                                    const pipeline::TextPreparer& preparer,
                                    const BuildCallbacks& callbacks) {
  pipeline::BuildEnv env;
  env.cancelled = callbacks.cancelled;
  return pipeline::BuildBook(book, options, preparer, callbacks.on_chapter, env);
}

Result<double> SpeakToFile(const std::string& text, const pipeline::SpeechOptions& speech,
                           const pipeline::TextPreparer& preparer, const std::string& output_path,
                           int bitrate_kbps, const pipeline::ReadAlong& read_along) {
  return pipeline::RenderText(text, speech, preparer, output_path, bitrate_kbps, read_along);
}

}  // namespace narrate::app
