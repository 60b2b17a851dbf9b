// Attribution over a book: the cast file, the corrections beside the book,
// voices::AttributeChapter per chapter, and what front ends print of it.
#include "app/cast.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "voices/quotations.h"

namespace narrate::app {
namespace {

namespace fs = std::filesystem;

// A quotation's text is kept in corrections up to this many characters.
constexpr std::size_t kQuoteChars = 40;

std::vector<std::string_view> ParagraphsOf(const source::Chapter& chapter) {
  std::vector<std::string_view> out;
  out.reserve(chapter.paragraphs.size());
  for (const source::Paragraph& p : chapter.paragraphs) out.push_back(p.text);
  return out;
}

// The index of the character with this id in the cast, or -1.
int CharacterIndex(const voices::Cast& cast, std::string_view id) {
  const voices::Character* found = cast.Find(id);
  return found == nullptr ? -1 : static_cast<int>(found - cast.characters.data());
}

std::string Where(const std::string& path, int line) {
  return path + ":" + std::to_string(line) + ": ";
}

// The correction as AttributeChapter takes it, or a warning saying why it
// does not match the book (chapter, paragraph or quotation not found,
// unknown character).
Result<voices::Correction> MatchCorrection(const source::Book& book, const voices::Cast& cast,
                                           const voices::SpeakerCorrection& c,
                                           const std::string& path) {
  const std::string at = Where(path, c.line);
  if (c.chapter < 1 || static_cast<std::size_t>(c.chapter) > book.chapters.size())
    return Status::Error(at + "the book has no chapter " + std::to_string(c.chapter));
  const source::Chapter& chapter = book.chapters[static_cast<std::size_t>(c.chapter - 1)];
  if (c.paragraph < 1 || static_cast<std::size_t>(c.paragraph) > chapter.paragraphs.size())
    return Status::Error(at + "chapter " + std::to_string(c.chapter) + " has no paragraph " +
                         std::to_string(c.paragraph));
  const int speaker = c.who.empty() ? -1 : CharacterIndex(cast, c.who);
  if (!c.who.empty() && speaker < 0) return Status::Error(at + "unknown character '" + c.who + "'");
  const auto paragraph = static_cast<std::size_t>(c.paragraph - 1);
  const std::string_view text = chapter.paragraphs[paragraph].text;
  for (const voices::Quotation& q : voices::FindQuotations({text})) {
    if (text.substr(q.begin, q.end - q.begin).starts_with(c.quote))
      return voices::Correction{paragraph, q.begin, speaker};
  }
  return Status::Error(at + "no quotation beginning \"" + c.quote + "\" in chapter " +
                       std::to_string(c.chapter) + ", paragraph " + std::to_string(c.paragraph));
}

// The chapter's quotations, attributed, as CastQuotations.
void AddChapter(const source::Book& book, std::size_t index, const voices::Cast& cast,
                const std::vector<voices::Correction>& corrections, BookCast& out) {
  const source::Chapter& chapter = book.chapters[index];
  const std::vector<std::string_view> paragraphs = ParagraphsOf(chapter);
  for (const voices::Quotation& q : voices::AttributeChapter(paragraphs, cast, corrections)) {
    CastQuotation c;
    c.chapter = static_cast<int>(index + 1);
    c.paragraph = static_cast<int>(q.paragraph + 1);
    c.begin = q.begin;
    c.end = q.end;
    c.text = std::string(paragraphs[q.paragraph].substr(q.begin, q.end - q.begin));
    if (q.speaker >= 0 && static_cast<std::size_t>(q.speaker) < cast.characters.size()) {
      c.speaker = cast.characters[static_cast<std::size_t>(q.speaker)].id;
      c.rule = q.rule;
    }
    out.quotations.push_back(std::move(c));
  }
}

// The first `chars` UTF-8 characters of text.
std::string FirstChars(std::string_view text, std::size_t chars) {
  std::size_t at = 0;
  for (std::size_t n = 0; at < text.size() && n < chars; ++n) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  }
  return std::string(text.substr(0, at));
}

// A TOML basic string.
std::string TomlString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A character id ([a-z0-9_-]+) from a name: "Mr. Darcy" → "mr-darcy".
std::string IdFor(std::string_view name) {
  std::string id;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      id += static_cast<char>(std::tolower(u));
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

// The shortest name ("Darcy" of "Mr. Darcy", "Darcy"), for an id.
std::string ShortestName(const std::vector<std::string>& names) {
  std::string shortest = names.front();
  for (const std::string& name : names)
    if (name.size() < shortest.size()) shortest = name;
  return shortest;
}

// The character's names no earlier table took (they become taken).
std::vector<std::string> FreeNames(const voices::Character& c, std::vector<std::string>& taken) {
  std::vector<std::string> out;
  for (const std::string& name : c.names) {
    if (std::find(taken.begin(), taken.end(), name) != taken.end()) continue;
    taken.push_back(name);
    out.push_back(name);
  }
  return out;
}

std::string UniqueId(std::string id, std::vector<std::string>& taken) {
  if (id.empty()) id = "character";
  std::string unique = id;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n)
    unique = id + "-" + std::to_string(n);
  taken.push_back(unique);
  return unique;
}

// One [character.<id>] table.
std::string CharacterTable(const std::string& id, const std::vector<std::string>& names,
                           voices::Gender gender, const std::string& variant) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + TomlString(name);
  std::string out = "\n[character." + id + "]\nnames = [" + list + "]\n";
  out += "gender = \"" + std::string(voices::GenderName(gender)) + "\"\n";
  return out + "variant = \"" + variant + "\"\n# rate = 175\n# pitch = 50\n";
}

}  // namespace

Result<std::string> CastPathFor(const std::string& book_path, const std::string& voices_path) {
  std::error_code ec;
  if (!voices_path.empty()) {
    if (!fs::is_regular_file(voices_path, ec))
      return Status::NotFound(voices_path + ": no such file");
    return voices_path;
  }
  // As lexicons are found ("moby.txt" → "moby.lexicon"), then with the whole name kept.
  for (const std::string& beside : {fs::path(book_path).replace_extension(".voices.toml").string(),
                                    book_path + ".voices.toml"}) {
    if (fs::is_regular_file(beside, ec)) return beside;
  }
  return std::string();
}

Result<BookCast> CastBook(const source::Book& book, const std::string& voices_path,
                          const voices::VoiceSettings& command_line) {
  BookCast out;
  auto path = CastPathFor(book.path, voices_path);
  if (!path.ok()) return path.status();
  out.cast_path = *path;
  if (!out.cast_path.empty()) {
    auto cast = voices::LoadCast(out.cast_path);
    if (!cast.ok()) return cast.status();
    out.cast = std::move(*cast);
  }
  out.corrections_path = voices::CorrectionsPathFor(book.path);
  auto corrections = voices::LoadCorrections(out.corrections_path);
  if (!corrections.ok()) return corrections.status();
  std::vector<std::vector<voices::Correction>> by_chapter(book.chapters.size());
  for (const voices::SpeakerCorrection& c : *corrections) {
    auto matched = MatchCorrection(book, out.cast, c, out.corrections_path);
    if (!matched.ok()) out.warnings.push_back(matched.status().message());
    if (matched.ok()) by_chapter[static_cast<std::size_t>(c.chapter - 1)].push_back(*matched);
  }
  for (std::size_t i = 0; i < book.chapters.size(); ++i)
    AddChapter(book, i, out.cast, by_chapter[i], out);
  out.voices = voices::ResolveCast(out.cast, command_line);
  return out;
}

std::string CastJson(const BookCast& cast) {
  using Json = nlohmann::ordered_json;
  Json quotations = Json::array();
  Json speakers = Json::object();
  for (const voices::Character& c : cast.cast.characters) speakers[c.id] = 0;
  int unattributed = 0;
  for (const CastQuotation& q : cast.quotations) {
    const Json speaker = q.speaker.empty() ? Json(nullptr) : Json(q.speaker);
    const Json rule = q.rule.empty() ? Json(nullptr) : Json(q.rule);
    quotations.push_back(Json{{"chapter", q.chapter},
                              {"paragraph", q.paragraph},
                              {"text", q.text},
                              {"speaker", speaker},
                              {"rule", rule}});
    if (q.speaker.empty()) ++unattributed;
    if (!q.speaker.empty()) speakers[q.speaker] = speakers.value(q.speaker, 0) + 1;
  }
  const Json path = cast.cast_path.empty() ? Json(nullptr) : Json(cast.cast_path);
  Json doc{{"cast", path},
           {"quotations", quotations},
           {"speakers", speakers},
           {"unattributed", unattributed}};
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string CastListing(const BookCast& cast) {
  std::string out;
  std::map<std::string, int> counts;
  int unattributed = 0;
  for (const CastQuotation& q : cast.quotations) {
    out += std::to_string(q.chapter) + ":" + std::to_string(q.paragraph) + " " +
           (q.speaker.empty() ? "-" : q.speaker) + " " + (q.rule.empty() ? "-" : q.rule) +
           " \u201c" + q.text + "\u201d\n";
    if (q.speaker.empty()) ++unattributed;
    if (!q.speaker.empty()) ++counts[q.speaker];
  }
  auto quotations = [](int n) {
    return std::to_string(n) + (n == 1 ? " quotation\n" : " quotations\n");
  };
  for (const voices::Character& c : cast.cast.characters)
    out += c.id + ": " + quotations(counts[c.id]);
  return out + "unattributed: " + quotations(unattributed);
}

std::shared_ptr<const pipeline::BookVoicing> VoicingFor(const source::Book& book,
                                                        const BookCast& cast) {
  if (cast.cast_path.empty()) return nullptr;
  auto voicing = std::make_shared<pipeline::BookVoicing>();
  voicing->spans.resize(book.chapters.size());
  for (std::size_t i = 0; i < book.chapters.size(); ++i)
    voicing->spans[i].resize(book.chapters[i].paragraphs.size());
  for (const CastQuotation& q : cast.quotations) {
    const auto chapter = static_cast<std::size_t>(q.chapter - 1);
    const auto paragraph = static_cast<std::size_t>(q.paragraph - 1);
    if (chapter >= voicing->spans.size() || paragraph >= voicing->spans[chapter].size()) continue;
    const int who = q.speaker.empty() ? -1 : CharacterIndex(cast.cast, q.speaker);
    const bool known = who >= 0 && static_cast<std::size_t>(who) < cast.voices.characters.size();
    const voices::VoiceSettings& voice =
        known ? cast.voices.characters[static_cast<std::size_t>(who)] : cast.voices.dialogue;
    voicing->spans[chapter][paragraph].push_back(pipeline::VoicedSpan{q.begin, q.end, voice});
  }
  return voicing;
}

Status ApplyCast(const source::Book& book, const std::string& voices_path,
                 pipeline::SpeechOptions& speech, std::vector<std::string>* warnings) {
  // No cast: nothing to voice, so the book is not attributed (a novel's
  // quotations took 60% of a preview's time).
  auto path = CastPathFor(book.path, voices_path);
  if (!path.ok()) return path.status();
  if (path->empty()) return Status::Ok();
  auto cast = CastBook(book, voices_path, speech.voice);
  if (!cast.ok()) return cast.status();
  if (warnings != nullptr)
    warnings->insert(warnings->end(), cast->warnings.begin(), cast->warnings.end());
  if (cast->cast_path.empty()) return Status::Ok();
  speech.voice = cast->voices.narrator;
  speech.voicing = VoicingFor(book, *cast);
  return Status::Ok();
}

std::shared_ptr<const pipeline::BookVoicing> ParagraphVoicing(const pipeline::BookVoicing* voicing,
                                                              int chapter, int paragraph) {
  if (voicing == nullptr || chapter < 1 || paragraph < 1) return nullptr;
  auto out = std::make_shared<pipeline::BookVoicing>();
  out->spans = {{voicing->Of(static_cast<std::size_t>(chapter - 1),
                             static_cast<std::size_t>(paragraph - 1))}};
  return out;
}

std::string SuggestCastToml(const source::Book& book) {
  std::vector<std::vector<std::string_view>> chapters;
  for (const source::Chapter& c : book.chapters) chapters.push_back(ParagraphsOf(c));
  std::string out = "# Voices for " + book.title +
                    ".\n# Suggested by `narrate cast --suggest`: one character per frequent\n"
                    "# speaker. Edit names, voices, variants, rates and pitches; check the file\n"
                    "# with `narrate voices check`, hear it with `narrate voices audition`.\n"
                    "\n[narrator]\n# voice = \"en-gb\"\n# rate = 175\n"
                    "\n[dialogue]\n# Quotations whose speaker is not known.\n# variant = \"m3\"\n";
  std::vector<std::string> ids, names;
  int male = 0, female = 0;
  for (const voices::Character& c : voices::SuggestCast(chapters)) {
    const std::vector<std::string> free = FreeNames(c, names);
    if (free.empty()) continue;  // an earlier character speaks for all its names
    const bool f = c.gender == voices::Gender::kFemale;
    const std::string variant =
        f ? "f" + std::to_string(female++ % 5 + 1) : "m" + std::to_string(male++ % 7 + 1);
    out += CharacterTable(UniqueId(IdFor(ShortestName(free)), ids), free, c.gender, variant);
  }
  return out;
}

Status CorrectSpeaker(const source::Book& book, const BookCast& cast, int chapter, int paragraph,
                      std::size_t begin, const std::string& who) {
  if (chapter < 1 || static_cast<std::size_t>(chapter) > book.chapters.size())
    return Status::InvalidInput("the book has no chapter " + std::to_string(chapter));
  if (paragraph < 1 || static_cast<std::size_t>(paragraph) >
                           book.chapters[static_cast<std::size_t>(chapter - 1)].paragraphs.size())
    return Status::InvalidInput("chapter " + std::to_string(chapter) + " has no paragraph " +
                                std::to_string(paragraph));
  if (!who.empty() && cast.cast.Find(who) == nullptr)
    return Status::InvalidInput("unknown character '" + who + "'");
  for (const CastQuotation& q : cast.quotations) {
    if (q.chapter != chapter || q.paragraph != paragraph || q.begin != begin) continue;
    return voices::SaveCorrection(cast.corrections_path,
                                  {chapter, paragraph, FirstChars(q.text, kQuoteChars), who, 0});
  }
  return Status::InvalidInput("no quotation at byte " + std::to_string(begin) + " of chapter " +
                              std::to_string(chapter) + ", paragraph " + std::to_string(paragraph));
}

}  // namespace narrate::app
