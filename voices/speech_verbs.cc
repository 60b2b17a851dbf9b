// Verbs of speech, in every tense, for the "explicit" and "pronoun" rules.
// Only verbs whose subject speaks the quotation beside them: no "looked",
// "smiled" or "nodded", which a narrator also writes next to speech.
#include <string>
#include <unordered_set>

#include "voices/quotation_text.h"

namespace narrate::voices::internal {
namespace {

// Base forms; the tenses are made by Inflections below. Irregular past
// forms are listed on their own.
constexpr std::string_view kBases[] = {
    "ask",     "reply",    "answer",    "cry",        "exclaim",  "whisper", "shout",   "mutter",
    "add",     "continue", "observe",   "return",     "rejoin",   "remark",  "repeat",  "interrupt",
    "resume",  "declare",  "murmur",    "scream",     "growl",    "grumble", "exclaim", "inquire",
    "enquire", "insist",   "explain",   "protest",    "retort",   "respond", "suggest", "demand",
    "plead",   "stammer",  "stutter",   "cry",        "yell",     "roar",    "bellow",  "snarl",
    "hiss",    "announce", "chime",     "interpose",  "drawl",    "lisp",    "mumble",  "blurt",
    "venture", "query",    "assure",    "concede",    "conclude", "pursue",  "argue",   "cackle",
    "bawl",    "bluster",  "ejaculate", "remonstrate"};

constexpr std::string_view kIrregular[] = {
    "said", "says", "say", "saying", "began", "begin", "begins", "beginning", "spoke", "speaks",
    "speak", "told", "tells", "cried", "cries", "replied", "replies", "wrote", "writes", "quoth",
    "swore",
    // the past forms alone of verbs that are nouns too ("The question hung there.")
    "echoed", "thundered", "questioned", "mused", "shrieked"};

// "reply" → reply, replies, replied, replying; "beg" → begged, begging.
void AddForms(std::string_view base, std::unordered_set<std::string>& forms) {
  std::string b(base);
  for (const char* end : {"", "s", "es", "ed", "d", "ing"}) forms.insert(b + end);
  std::string stem = b.substr(0, b.size() - 1);
  if (b.back() == 'y') forms.insert({stem + "ies", stem + "ied"});
  if (b.back() == 'e') forms.insert(stem + "ing");
  forms.insert({b + b.back() + "ed", b + b.back() + "ing"});
}

const std::unordered_set<std::string>& Forms() {
  static const std::unordered_set<std::string> forms = [] {
    std::unordered_set<std::string> f;
    for (std::string_view b : kBases) AddForms(b, f);
    for (std::string_view v : kIrregular) f.insert(std::string(v));
    return f;
  }();
  return forms;
}

}  // namespace

bool IsSpeechVerb(std::string_view w) { return w.size() >= 3 && Forms().count(std::string(w)) > 0; }

bool IsInvertedSpeechVerb(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "thought", "sighed",    "sobbed",   "laughed",   "sniffed",   "urged",   "gasped",
      "groaned", "moaned",    "wailed",   "whimpered", "chuckled",  "giggled", "called",
      "snapped", "persisted", "agreed",   "admitted",  "confessed", "begged",  "smiled",
      "nodded",  "panted",    "faltered", "breathed",  "pleaded",   "sneered", "thinks"};
  return kWords.count(w) > 0;
}

bool IsAttributionFiller(std::string_view w) {
  static constexpr std::string_view kWords[] = {"then", "now",       "again", "at",
                                                "once", "presently", "also",  "still"};
  if (w.size() > 4 && w.substr(w.size() - 2) == "ly") return true;
  for (std::string_view v : kWords)
    if (w == v) return true;
  return false;
}

}  // namespace narrate::voices::internal
