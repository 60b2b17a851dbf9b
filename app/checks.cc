// Normalisation, a book's phonemes, lexicon and ACX checks.
#include <algorithm>
#include <filesystem>
#include <memory>

#include "app/app.h"
#include "output/formats/formats.h"
#include "output/master/master.h"
#include "pronunciation/lexicon.h"
#include "tts/text/normalize.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;

// The files check-acx measures: those named like the format --acx writes.
bool IsAcxFormat(const fs::path& p) {
  return formats::ByExtension(p.filename().string()) == &formats::Acx();
}

// PATH itself if it is a file, else the .mp3 files directly in it, sorted.
Result<std::vector<std::string>> Mp3sIn(const std::string& path) {
  std::error_code error;
  if (fs::is_regular_file(path, error)) return std::vector<std::string>{path};
  if (!fs::is_directory(path, error)) return Status::NotFound(path + ": no such file or folder");
  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::directory_iterator(path, error)) {
    if (e.is_regular_file() && IsAcxFormat(e.path())) files.push_back(e.path().string());
  }
  if (error) return Status::Io(path + ": " + error.message());
  if (files.empty()) return Status::NotFound(path + ": no MP3 files to check");
  std::sort(files.begin(), files.end());
  return files;
}

// The paragraph as spoken: each verse line normalised on its own, as the
// build prepares it, one a line.
std::string SpokenParagraph(std::string_view text, const NormalizeFn& normalize) {
  std::string out;
  bool first = true;
  for (const pipeline::SpokenLine& line : pipeline::SpokenLines(text)) {
    out += (first ? "" : "\n") + pipeline::KeepClosingComma(line, normalize(line.text));
    first = false;
  }
  return out;
}

// As pipeline::TextPreparer normalises: text as written when ICU has no rules.
NormalizeFn SpokenNormalizer(const voices::VoiceSettings& voice) {
  auto normalize = NormalizerFor(voice);
  if (normalize.ok()) return *normalize;
  return [](std::string_view s) { return std::string(s); };
}

// "# 3. Stave II" (SummarizeChapters' number and title), "# 4." untitled.
std::string ChapterHeading(const ChapterSummary& c) {
  return "# " + std::to_string(c.number) + "." + (c.title.empty() ? "" : " " + c.title);
}

// One chapter's lines of `phonemes -f`: "title: ..." for its spoken title,
// then "M: ..." for paragraph M (as `preview --paragraph M` takes it).
Result<std::string> ChapterPhonemes(const source::Chapter& chapter,
                                    const pipeline::TextPreparer& preparer,
                                    const voices::VoiceSettings& voice, bool ipa,
                                    Speaker& speaker) {
  std::vector<std::string> marks;
  std::vector<Utterance> utterances;
  if (!chapter.spoken_title.empty()) {
    marks.push_back("title");
    utterances.push_back(
        preparer.PrepareParagraph(source::Paragraph{chapter.spoken_title, 0, false, {}}));
  }
  for (std::size_t i = 0; i < chapter.paragraphs.size(); ++i) {
    marks.push_back(std::to_string(i + 1));
    utterances.push_back(preparer.PrepareParagraph(chapter.paragraphs[i]));
  }
  auto phonemes = speaker.Phonemes(utterances, voice, ipa);
  if (!phonemes.ok()) return phonemes.status();
  std::string out;
  for (std::size_t i = 0; i < marks.size(); ++i) out += marks[i] + ": " + (*phonemes)[i] + "\n";
  return out;
}

}  // namespace

Result<NormalizeFn> NormalizerFor(const voices::VoiceSettings& voice) {
  auto normalizer = text::Normalizer::Create(text::NormalizeOptions{voices::LocaleOf(voice)});
  if (!normalizer.ok()) return normalizer.status();
  auto shared = std::make_shared<const text::Normalizer>(std::move(*normalizer));
  return NormalizeFn([shared](std::string_view s) { return shared->Normalize(s); });
}

std::string SpokenBookText(const source::Book& book, const voices::VoiceSettings& voice) {
  const NormalizeFn normalize = SpokenNormalizer(voice);
  std::string out;
  for (const ChapterSummary& c : SummarizeChapters(book)) {
    const source::Chapter& chapter = book.chapters[static_cast<std::size_t>(c.number - 1)];
    out += (out.empty() ? "" : "\n") + ChapterHeading(c) + "\n";
    if (!chapter.spoken_title.empty())
      out += "\n" + SpokenParagraph(chapter.spoken_title, normalize) + "\n";
    for (const source::Paragraph& p : chapter.paragraphs)
      out += "\n" + SpokenParagraph(p.text, normalize) + "\n";
  }
  return out;
}

Result<std::string> BookPhonemes(const source::Book& book, const pipeline::TextPreparer& preparer,
                                 const voices::VoiceSettings& voice, bool ipa, Speaker& speaker) {
  std::string out;
  for (const ChapterSummary& c : SummarizeChapters(book)) {
    const source::Chapter& chapter = book.chapters[static_cast<std::size_t>(c.number - 1)];
    auto lines = ChapterPhonemes(chapter, preparer, voice, ipa, speaker);
    if (!lines.ok()) return lines.status();
    out += (out.empty() ? "" : "\n") + ChapterHeading(c) + "\n" + *lines;
  }
  return out;
}

std::vector<Status> CheckLexicon(const std::string& path) {
  return pronunciation::CheckLexiconFile(path);
}

Result<AcxCheck> CheckAcx(const std::string& path) {
  auto files = Mp3sIn(path);
  if (!files.ok()) return files.status();
  AcxCheck check;
  std::vector<master::AcxReport> reports;
  check.passed = true;
  for (const std::string& file : *files) {
    auto report = master::CheckAcx(file);
    if (!report.ok()) check.errors.push_back(report.status().message());
    check.passed = check.passed && report.ok() && report->passed();
    if (report.ok()) reports.push_back(std::move(*report));
  }
  if (!reports.empty()) check.table = master::FormatAcxTable(reports);  // no header over nothing
  return check;
}

}  // namespace narrate::app
