// The application layer's calls for casts (voices.toml), quotation
// attribution and speaker corrections: `narrate voices check|audition`,
// `narrate cast`, `build --voices`, the studio's speakers. Contracts as in
// app/app.h (Status values, one-line messages naming file and line, eSpeak
// only in worker processes).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "pipeline/pipeline.h"
#include "source/book.h"
#include "voices/cast.h"
#include "voices/corrections.h"

namespace narrate::app {

// ---- voices.toml: check and audition (app/cast_check.cc) ----------------------

// `narrate voices check F`: parse errors, then every profile's voice and
// variant against eSpeak's list (CheckVoiceName's message, with the file and
// the key's line: "cast.toml:7: unknown variant 'f9'; did you mean 'f2'?"),
// and every resolved voice's range. `warnings`: pairs of profiles too alike
// (voices::TooAlike) — "cast.toml:12: [character.spock] sounds like
// [character.kirk] (en-us+m1, 175 and 170 wpm)", at the later profile's
// table; [dialogue] takes part only when the file has that table (else it is
// the narrator's voice by design). ok() when errors is empty.
// An unknown command-line voice (--voice) is checked first and is then the
// only error: CheckVoiceName's, kUsage, naming no file.
struct CastCheck {
  std::vector<Status> errors;
  std::vector<std::string> warnings;
  voices::Cast cast;  // the file as read; empty when it could not be read or parsed
  bool ok() const { return errors.empty(); }
};
CastCheck CheckCast(const std::string& path, const VoiceList& list,
                    const voices::VoiceSettings& command_line);

// `narrate voices audition F -o DIR`: one MP3 per profile (narrator.mp3,
// dialogue.mp3, <id>.mp3; character-narrator.mp3 for a character of that id),
// each a sample line naming the profile ("I am the narrator.", "My name is
// Kirk.") in its voice; refuses a cast that fails CheckCast. Returns the files
// written, in the cast's order; when one fails, none is left.
Result<std::vector<std::string>> AuditionCast(const std::string& path,
                                              const std::string& output_dir,
                                              const voices::VoiceSettings& command_line,
                                              Speaker& speaker);

// ---- Attribution over a book (app/cast.cc) --------------------------------------

// The cast file a book uses: `voices_path` when given (it must exist), else
// "<book>.voices.toml" beside the book when it exists ("moby.txt" → "moby.voices.toml", as
// lexicons are found, else "moby.txt.voices.toml"), else none ("").
Result<std::string> CastPathFor(const std::string& book_path, const std::string& voices_path);

struct CastQuotation {
  int chapter = 0;        // 1-based
  int paragraph = 0;      // 1-based within the chapter
  std::size_t begin = 0;  // bytes of the quotation's text in the paragraph's text
  std::size_t end = 0;
  std::string text;     // as written, without its marks
  std::string speaker;  // character id; "" = none (the dialogue voice)
  std::string rule;     // voices/quotations.h: "explicit", "pronoun", ...; "" = none
};

struct BookCast {
  std::string cast_path;         // "" when the book has no cast
  std::string corrections_path;  // voices::CorrectionsPathFor(book.path)
  voices::Cast cast;
  voices::CastVoices voices;              // resolved over the command line's voice
  std::vector<CastQuotation> quotations;  // in book order
  // Corrections that no longer match the book (chapter, paragraph or quote
  // not found, unknown character): one line each, naming the file and line.
  std::vector<std::string> warnings;
};

// Loads the cast (CastPathFor), checks it parses (a bad file is an error
// naming file and line), loads the corrections beside the book (a malformed
// file is an error; a correction that does not match is a warning), and
// attributes every chapter's quotations (voices::AttributeChapter).
// Without a cast the quotations are still found, none attributed.
Result<BookCast> CastBook(const source::Book& book, const std::string& voices_path,
                          const voices::VoiceSettings& command_line);

// `cast --json`: {"cast": path or null, "quotations": [{"chapter", "paragraph", "text",
// "speaker" (id or null), "rule" (or null)}], "speakers": {"<id>": count, ...},
// "unattributed": count}.
std::string CastJson(const BookCast& cast);
// `cast` without --json: one line per quotation ("3:12 kirk explicit “Hello, there”"),
// then the count per character and the unattributed count.
std::string CastListing(const BookCast& cast);

// What `build` and the studio speak with: every quotation a VoicedSpan in its
// speaker's voice, or the dialogue voice when it has none; null when the book
// has no cast (the build is then byte-identical to one without casting).
std::shared_ptr<const pipeline::BookVoicing> VoicingFor(const source::Book& book,
                                                        const BookCast& cast);

// What `build --voices F` and `preview` speak with: CastBook over
// speech.voice, then speech.voice = the cast's narrator (its [narrator] over
// the command line's voice) and speech.voicing = VoicingFor; the cast's
// warnings appended to *warnings. Without a cast speech is left as it is, and
// nothing is attributed (the corrections file is not read).
Status ApplyCast(const source::Book& book, const std::string& voices_path,
                 pipeline::SpeechOptions& speech, std::vector<std::string>* warnings);

// What `preview --chapter C --paragraph P` speaks with: the voicing's spans of
// that paragraph (1-based) as chapter 0, paragraph 0 (pipeline::RenderText);
// null when voicing is null.
std::shared_ptr<const pipeline::BookVoicing> ParagraphVoicing(const pipeline::BookVoicing* voicing,
                                                              int chapter, int paragraph);

// `cast --suggest`: a voices.toml proposing a character per frequent named
// speaker (voices::SuggestCast), with gender, names and distinct variants
// ("m1", "f2", …) filled in and comments saying what to edit; it parses with
// voices::ParseCast.
std::string SuggestCastToml(const source::Book& book);

// The studio's correction: records who speaks a quotation (who = a character
// id of the cast, or "" for nobody) in the corrections file beside the book.
// kInvalidInput for an unknown character, chapter, paragraph or quotation.
Status CorrectSpeaker(const source::Book& book, const BookCast& cast, int chapter, int paragraph,
                      std::size_t begin, const std::string& who);

}  // namespace narrate::app
