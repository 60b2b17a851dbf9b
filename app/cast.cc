// Stub: replaced by the implementation (helper C).
#include "app/cast.h"

namespace narrate::app {

Result<std::string> CastPathFor(const std::string&, const std::string& voices_path) {
  return voices_path;
}
Result<BookCast> CastBook(const source::Book& book, const std::string&,
                          const voices::VoiceSettings& command_line) {
  BookCast out;
  out.corrections_path = voices::CorrectionsPathFor(book.path);
  out.voices = voices::ResolveCast(out.cast, command_line);
  return out;
}
std::string CastJson(const BookCast&) { return "{}"; }
std::string CastListing(const BookCast&) { return ""; }
std::shared_ptr<const pipeline::BookVoicing> VoicingFor(const source::Book&, const BookCast&) {
  return nullptr;
}
std::string SuggestCastToml(const source::Book&) { return ""; }
Status CorrectSpeaker(const source::Book&, const BookCast&, int, int, std::size_t,
                      const std::string&) {
  return Status::Error("corrections are not written yet");
}

}  // namespace narrate::app
