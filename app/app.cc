// Voice choice, text preparation, suggestions, builds and speech to files.
#include "app/app.h"

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/suggestions.h"
#include "output/formats/formats.h"
#include "output/master/master.h"
#include "pipeline/build_env.h"
#include "pipeline/task_runner.h"
#include "pronunciation/ipa.h"
#include "pronunciation/lexicon.h"

namespace narrate::app {

namespace {

// `asked` as given, once eSpeak is known to speak it.
Result<VoiceChoice> GivenVoice(const voices::VoiceSettings& asked, Speaker& speaker) {
  VoiceChoice choice{asked, "", VoiceSource::kGiven};
  auto list = ListVoices(speaker);
  if (!list.ok() && list.status().code() == StatusCode::kInterrupted) return list.status();
  if (!list.ok()) return choice;  // speaking will say what is wrong
  NARRATE_RETURN_IF_ERROR(CheckVoiceName(asked.name, *list));
  choice.voice.name = SpelledAsListed(asked.name, *list);
  return choice;
}

}  // namespace

Result<VoiceChoice> ChooseVoice(const voices::VoiceSettings& asked, bool name_given,
                                const source::Book* book, Speaker& speaker) {
  if (name_given) return GivenVoice(asked, speaker);
  VoiceChoice choice{asked, "", VoiceSource::kDefault};
  if (book == nullptr || book->language.empty()) return choice;
  // English without a region ("en", "EN"): VoiceForLanguage's answer is "en"
  // whatever is installed, so eSpeak is not started to list its voices.
  if (VoiceTag(book->language) == "en") {
    choice.voice.name = "en";
    choice.source = VoiceSource::kBookLanguage;
    return choice;
  }
  auto listed = speaker.Voices();
  if (!listed.ok() && listed.status().code() == StatusCode::kInterrupted) return listed.status();
  if (!listed.ok()) return choice;  // the default voice still reads the book
  std::vector<std::string> names;
  for (const VoiceInfo& v : *listed) names.push_back(v.name);
  std::string voice = VoiceForLanguage(book->language, names);
  if (voice.empty()) {
    choice.note =
        "no voice for the book's language \"" + book->language + "\"; using " + asked.name;
    return choice;
  }
  choice.voice.name = voice;
  choice.source = VoiceSource::kBookLanguage;
  return choice;
}

Result<VoiceChoice> ChooseTextVoice(const voices::VoiceSettings& asked, bool name_given,
                                    const source::Book* book, Speaker& speaker) {
  if (name_given || book == nullptr) return ChooseVoice(asked, name_given, book, speaker);
  const std::string tag = VoiceTag(book->language);
  if (tag != "en" && !tag.starts_with("en-")) return ChooseVoice(asked, name_given, book, speaker);
  VoiceChoice choice{asked, "", VoiceSource::kBookLanguage};
  choice.voice.name = tag;  // its language and region are all the text rules read
  return choice;
}

Result<pipeline::TextPreparer> LoadPreparer(const pipeline::SpeechOptions& speech,
                                            const std::string& book_path,
                                            const source::Book* book) {
  return pipeline::TextPreparer::Create(speech, book_path,
                                        book ? book->lexicons : std::vector<source::BookLexicon>{});
}

namespace {

// "Qo’noS's envoy" → "QonoSsenvoy": ASCII letters and the bytes of other
// scripts' letters (not of U+2000..U+206F's quotes and dashes, nor ʼ or ´), so
// that a name is found as written whatever its apostrophes and spaces.
std::string Letters(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i], next = i + 1 < text.size() ? text[i + 1] : 0;
    if (c == 0xE2 && (next == 0x80 || next == 0x81)) {
      i += 2;  // U+2000..U+207F
    } else if ((c == 0xCA && next == 0xBC) || (c == 0xC2 && next == 0xB4)) {
      i += 1;
    } else if (std::isalpha(c) || c >= 0x80) {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The words of a suggested name the book's written text holds: "Missus
// Jenkinson" → "Jenkinson" when "Mrs." was written; "" when none is written.
std::string WrittenPart(const std::string& name, const std::string& written) {
  std::string kept;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = std::min(name.find(' ', start), name.size());
    const std::string word = name.substr(start, end - start);
    if (written.find(Letters(word)) != std::string::npos) kept += (kept.empty() ? "" : " ") + word;
    start = end + 1;
  }
  return kept;
}

// Names only normalisation wrote ("Mrs." → "Missus", "XIV" → "Fourteen") are
// the normaliser's, not the book's: each suggestion keeps the words the
// written text holds, the same name's counts are added up, most frequent first.
void KeepWrittenNames(const source::Book& book, std::vector<pronunciation::Suggestion>& names) {
  std::string written;
  for (const source::Chapter& c : book.chapters) {
    for (const source::Paragraph& p : c.paragraphs) written += Letters(p.text);
  }
  std::vector<pronunciation::Suggestion> kept;
  for (const pronunciation::Suggestion& s : names) {
    const std::string name = WrittenPart(s.text, written);
    if (name.empty()) continue;
    auto same =
        std::find_if(kept.begin(), kept.end(), [&](const auto& k) { return k.text == name; });
    if (same == kept.end())
      kept.push_back({name, s.count});
    else
      same->count += s.count;
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  names = std::move(kept);
}

}  // namespace

Result<std::vector<pronunciation::Suggestion>> SpokenNames(const source::Book& book,
                                                           const pipeline::TextPreparer& preparer) {
  std::vector<std::string> paragraphs;
  for (const source::Chapter& c : book.chapters) {
    for (const source::Paragraph& p : c.paragraphs)
      paragraphs.push_back(preparer.Normalize(p.text));
  }
  return pronunciation::Suggest(paragraphs);
}

std::vector<pronunciation::Suggestion> NamesToSuggest(const source::Book& book,
                                                      std::vector<pronunciation::Suggestion> spoken,
                                                      const pronunciation::Lexicon& known) {
  std::erase_if(spoken, [&](const auto& s) { return !known.Matches(s.text).empty(); });
  KeepWrittenNames(book, spoken);
  return spoken;
}

// The lexicons only say which names are known; suggestions come from the spoken text.
Result<std::string> SuggestLexiconEntries(const source::Book& book,
                                          const pipeline::TextPreparer& preparer,
                                          const voices::VoiceSettings& voice, Speaker& speaker) {
  auto spoken = SpokenNames(book, preparer);
  if (!spoken.ok()) return spoken.status();
  const auto suggestions = NamesToSuggest(book, std::move(*spoken), preparer.lexicon());
  std::vector<Utterance> names;
  for (const pronunciation::Suggestion& s : suggestions) names.push_back(PlainUtterance(s.text));
  auto phonemes = speaker.Phonemes(names, voice, false);
  if (!phonemes.ok()) return phonemes.status();
  std::size_t next = 0;
  return pronunciation::FormatSuggestions(suggestions, [&](const std::string&) {
    return next < phonemes->size() ? (*phonemes)[next++] : std::string();
  });
}

std::vector<std::string> OutputFormatNames() { return formats::Names(); }
std::string OutputFormatHelp() { return formats::FormatHelp(); }

std::string OutputFileHelp() {
  return "the extension picks the format: " + formats::ExtensionList() +
         "; - writes WAV to standard output";
}

Status CheckOutputFile(const std::string& path, int bitrate_kbps) {
  return pipeline::CheckTextOutput(path, bitrate_kbps);
}

Status CheckBuildOptions(const pipeline::BuildOptions& options, std::string_view chapters_spec) {
  if (chapters_spec.empty()) return pipeline::CheckBuildOptions(options);
  auto ranges = ParseChapterList(chapters_spec);
  if (!ranges.ok()) return ranges.status();
  pipeline::BuildOptions selected = options;
  selected.chapters = {ranges->front().first};  // some chapters: all the book-free checks ask
  return pipeline::CheckBuildOptions(selected);
}

Status CheckBuildOptions(const source::Book& book, const pipeline::BuildOptions& options) {
  return pipeline::CheckBuildOptions(book, options);
}

std::vector<std::string> IgnoredOptions(const pipeline::BuildOptions& options, bool bitrate_given) {
  const int acx_kbps = master::AcxSettings{}.bitrate_kbps;
  if (!options.acx || !bitrate_given || options.bitrate_kbps == acx_kbps) return {};
  return {"--acx writes " + std::to_string(acx_kbps) + " kbps CBR MP3; --bitrate " +
          std::to_string(options.bitrate_kbps) + " is ignored"};
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
                           int bitrate_kbps, const pipeline::ReadAlong& read_along, SpeakIn where) {
  auto paragraph = ParagraphOfText(text);
  if (!paragraph.ok()) return paragraph.status();
  pipeline::InProcessRunner inline_runner;
  pipeline::BuildEnv env;
  if (where == SpeakIn::kThisProcess) env.runner = &inline_runner;
  return pipeline::RenderText(*paragraph, speech, preparer, output_path, bitrate_kbps, read_along,
                              env);
}

namespace {

std::string_view TrimBlanks(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") + 1 - first);
}

// Its first 24 bytes or so, not cutting a character: for messages.
std::string Excerpt(std::string_view s) {
  std::size_t n = std::min<std::size_t>(s.size(), 24);
  while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  return std::string(s.substr(0, n)) + (n < s.size() ? "…" : "");
}

// The mnemonics of the span opening at `open` ("[[w'i:n@]]" → "w'i:n@"), checked;
// *close is set to where its "]]" starts.
Result<std::string_view> SpanMnemonics(std::string_view text, std::size_t open,
                                       std::size_t* close) {
  *close = text.find("]]", open + 2);
  if (*close == std::string_view::npos)
    return Status::InvalidInput("unclosed \"[[\" in \"" + Excerpt(text.substr(open)) +
                                "\": end the phonemes with ]]");
  const std::string_view inner = TrimBlanks(text.substr(open + 2, *close - open - 2));
  if (inner.empty()) return Status::InvalidInput("empty [[ ]]: write eSpeak phonemes between them");
  NARRATE_RETURN_IF_ERROR(pronunciation::ValidateEspeak(inner));
  return inner;
}

}  // namespace

// "I saw [[w'i:n@]] go" → "I saw w'i:n@ go", its pronunciation over "w'i:n@".
Result<source::Paragraph> ParagraphOfText(const std::string& text) {
  source::Paragraph out;
  std::size_t at = 0;
  for (std::size_t open = text.find("[["); open != std::string::npos; open = text.find("[[", at)) {
    std::size_t close = 0;
    auto inner = SpanMnemonics(text, open, &close);
    if (!inner.ok()) return inner.status();
    out.text.append(text, at, open - at);
    out.pronunciations.push_back({out.text.size(), inner->size(), std::string(*inner), "x-espeak"});
    out.text.append(*inner);
    at = close + 2;
  }
  out.text.append(text, at);
  return out;
}

Result<SpokenWav> SpeakToWav(const std::string& text, const pipeline::SpeechOptions& speech,
                             const pipeline::TextPreparer& preparer, SpeakIn where) {
  namespace fs = std::filesystem;
  std::string folder = (fs::temp_directory_path() / "narrate-say-XXXXXX").string();
  if (::mkdtemp(folder.data()) == nullptr)
    return Status::Io("cannot make a temporary folder in " + fs::temp_directory_path().string());
  const std::string path = folder + "/say.wav";
  auto seconds = SpeakToFile(text, speech, preparer, path, 0, {}, where);
  SpokenWav wav;
  if (seconds.ok()) {
    wav.seconds = *seconds;
    std::ifstream in(path, std::ios::binary);
    wav.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::error_code ignored;
  fs::remove_all(folder, ignored);
  if (!seconds.ok()) return seconds.status();
  return wav;
}

}  // namespace narrate::app
