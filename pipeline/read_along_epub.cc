#include "pipeline/read_along_epub.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "output/package/package.h"
#include "output/package/read_along_epub.h"
#include "pipeline/audio_out.h"
#include "pipeline/caption_text.h"

namespace narrate::pipeline {
namespace {

namespace fs = std::filesystem;

using Clips = std::vector<std::vector<TimedSentence>>;

struct FileClips {
  Clips chapters;
  int rate_hz = 0;
};

Result<FileClips> ReadClips(const std::string& audio_path, FileSystem& disk) {
  const std::string path = ClipsPath(audio_path);
  auto text = disk.ReadFile(path);
  if (!text.ok()) return text.status();
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  FileClips out;
  try {
    out.rate_hz = doc.at("rate_hz");
    for (const auto& chapter : doc.at("chapters")) {
      out.chapters.emplace_back();
      for (const auto& s : chapter)
        out.chapters.back().push_back(TimedSentence{s.at(0), s.at(1), s.at(2), s.at(3)});
    }
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidInput(path + ": not narrate's sentence clips");
  }
  if (out.rate_hz <= 0) return Status::InvalidInput(path + ": not narrate's sentence clips");
  return out;
}

// Samples at rate_hz → the nearest millisecond.
std::int64_t Ms(std::int64_t samples, int rate_hz) {
  return (samples * 1000 + rate_hz / 2) / rate_hz;
}

// The bytes of the spoken title a heading shows: not a full stop the title
// did not have ("One" said as "One." → "One").
std::size_t HeadingBytes(const source::Chapter& chapter) {
  const std::string& said = chapter.spoken_title;
  const bool stop_added = said.size() > 1 && said.ends_with('.') && !chapter.title.ends_with('.');
  return said.size() - (stop_added ? 1 : 0);
}

// The chapter's heading (its spoken title) and paragraphs, where ChapterText puts them.
std::vector<package::EpubBlock> Blocks(const source::Chapter& chapter) {
  std::vector<package::EpubBlock> blocks;
  std::size_t at = chapter.spoken_title.size();
  if (at > 0) blocks.push_back({0, HeadingBytes(chapter), true});
  for (std::size_t i = 0; i < chapter.paragraphs.size(); ++i) {
    if (i > 0 || !chapter.spoken_title.empty()) at += 2;  // "\n\n"
    blocks.push_back({at, at + chapter.paragraphs[i].text.size(), false});
    at += chapter.paragraphs[i].text.size();
  }
  return blocks;
}

// A chapter's sentences in the plan's scripts, each with its clip when said.
void AddSentences(const BookPlan& plan, const FileJob& file, const FileChapter& c,
                  const std::vector<TimedSentence>& clips, int audio, int rate_hz,
                  package::EpubChapter& out) {
  std::map<std::size_t, const TimedSentence*> said;
  for (const TimedSentence& s : clips) said.emplace(s.text_begin, &s);
  for (std::size_t local = c.first_part; local < c.first_part + c.part_count; ++local) {
    for (const Segment& seg : plan.parts[file.parts[local]].script) {
      for (const SentenceSpan& span : seg.captions.sentences) {
        package::EpubSentence s{span.text_offset, span.text_offset + span.text.size()};
        if (s.end <= s.begin || (!out.sentences.empty() && s.begin < out.sentences.back().end))
          continue;
        auto it = said.find(s.begin);
        if (it != said.end()) {
          s.audio = audio;
          s.clip_begin_ms = Ms(it->second->start_sample, rate_hz);
          s.clip_end_ms = Ms(it->second->end_sample, rate_hz);
        }
        out.sentences.push_back(s);
      }
    }
  }
}

// dcterms:modified: now, or SOURCE_DATE_EPOCH when set (reproducible builds).
std::string Modified() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"))
    t = static_cast<std::time_t>(std::atoll(epoch));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsEpubFile(const std::string& path);

Result<package::ReadAlongEpub> Assemble(const source::Book& book, const BookPlan& plan,
                                        const BuildOptions& options, FileSystem& disk) {
  package::ReadAlongEpub epub{book.title, book.author, book.language, {}, Modified(), {}, {}, {}};
  const formats::OutputFormat& format = OutputFormatOf(options);
  std::vector<const source::Chapter*> sources;  // of epub.chapters: a split chapter is one document
  for (std::size_t f = 0; f < plan.files.size(); ++f) {
    const FileJob& file = plan.files[f];
    auto clips = ReadClips(file.path, disk);
    if (!clips.ok()) return clips.status();
    epub.audio.push_back(
        {file.path, std::string(format.epub_media_type), std::string(format.extension)});
    for (std::size_t i = 0; i < file.chapters.size(); ++i) {
      const FileChapter& c = file.chapters[i];
      if (sources.empty() || sources.back() != c.chapter) {
        sources.push_back(c.chapter);
        epub.chapters.push_back(
            {c.chapter->title, ChapterText(*c.chapter), Blocks(*c.chapter), {}});
      }
      const std::vector<TimedSentence> none;
      const auto& said = i < clips->chapters.size() ? clips->chapters[i] : none;
      AddSentences(plan, file, c, said, static_cast<int>(f), clips->rate_hz, epub.chapters.back());
    }
  }
  if (IsEpubFile(book.path)) epub.source_epub = book.path;
  return epub;
}

// "Moby Dick.epub" (any case): a book whose own documents the EPUB carries.
bool IsEpubFile(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".epub";
}

// "dir/Book.epub" → "dir/.Book.epub.inputs": the key of what it was made from.
std::string InputsPath(const std::string& epub_path) {
  const fs::path epub(epub_path);
  return (epub.parent_path() / ("." + epub.filename().string() + ".inputs")).string();
}

}  // namespace

std::string ClipsPath(const std::string& audio_path) {
  const fs::path audio(audio_path);
  return (audio.parent_path() / ("." + audio.stem().string() + ".clips.json")).string();
}

Status WriteClips(const std::string& audio_path, const Clips& chapters, int rate_hz,
                  FileSystem& disk) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::vector<TimedSentence>& chapter : chapters) {
    nlohmann::json sentences = nlohmann::json::array();
    for (const TimedSentence& s : chapter)
      sentences.push_back({s.start_sample, s.end_sample, s.text_begin, s.text_end});
    out.push_back(std::move(sentences));
  }
  const nlohmann::json doc{
      {"format", "narrate-clips"}, {"rate_hz", rate_hz}, {"chapters", std::move(out)}};
  return disk.WriteFileAtomically(ClipsPath(audio_path), doc.dump());
}

// <title>.epub, or <title>.read-along.epub when that is the book being read.
std::string ReadAlongEpubPath(const source::Book& book, const std::string& dir) {
  const fs::path path = fs::path(dir) / (package::SafeFileName(book.title) + ".epub");
  std::error_code ec;
  if (!fs::equivalent(path, book.path, ec)) return path.string();
  return (fs::path(dir) / (package::SafeFileName(book.title) + ".read-along.epub")).string();
}

Status WriteBookEpub(const source::Book& book, const BookPlan& plan, const std::string& dir,
                     const BuildOptions& options, FileSystem& disk) {
  auto epub = Assemble(book, plan, options, disk);
  if (!epub.ok()) return epub.status();
  // Nothing it is made from changed: the EPUB on disk is kept, bytes and time.
  const std::string path = ReadAlongEpubPath(book, dir);
  const std::string key = package::ReadAlongEpubInputsKey(*epub);
  auto recorded = disk.ReadFile(InputsPath(path));
  if (!options.force && recorded.ok() && *recorded == key && disk.Exists(path)) return Status::Ok();
  disk.Remove(InputsPath(path));
  NARRATE_RETURN_IF_ERROR(package::WriteReadAlongEpub(*epub, path));
  return disk.WriteFileAtomically(InputsPath(path), key);
}

}  // namespace narrate::pipeline
