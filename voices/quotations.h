// Who speaks each quotation of a chapter. Two pure steps on the text as the
// author wrote it (no normalisation, no engine): finding the quotations, then
// attributing each to a cast member, precision first. Thread-compatible.
//
// Finding. Quotation marks: straight "…" and curly “…” double quotes, British
// single quotes ‘…’ (and straight '…' when used as quotes, not apostrophes:
// "'Tis", "the dogs' bowls" and "don't" are not quotations), guillemets «…»;
// a quotation left open at a paragraph's end continues when the next
// paragraph opens with a quote mark (the classic convention); a quotation
// nested inside another belongs to the outer one (its speaker speaks it);
// em-dash dialogue (a paragraph opening with "—" or "―", the speech running
// to the next " — " or the paragraph's end). Marks never count as quotation
// text.
//
// Attribution (precision first: anything not decided below gets no speaker,
// and the build speaks it in the dialogue voice):
//   "explicit"      a speech verb (said, asked, replied, cried, whispered, …,
//                   in any tense) next to the quotation in the same paragraph's
//                   narration, with a cast member's name, alias or title as its
//                   subject: `"…," said Kirk`, `Spock replied, "…"`,
//                   `"…" — the captain`, `"…," Kirk said, "…"`, with manner
//                   words and epithets (`"…," eagerly rejoined Kirk`, `said
//                   poor Kirk`, `said the ever patient Kirk`, `went on Kirk`),
//                   or as the subject opening the verb's clause when no other
//                   subject comes between (`Kirk, seeing the danger, shouted:`,
//                   `Kirk, who saw the danger, shouted:`);
//                   a narration paragraph ending in such a clause and a comma
//                   or colon (`Kirk turned and said,`) or no mark at all
//                   (`Kirk said with a slight frown`) introduces the
//                   quotation opening the next paragraph. Names match case
//                   aside after their first word ("The Mariner": "said the
//                   mariner"), but a lower-case description sharing a word
//                   with another character's name ("the doctor" when there is
//                   a "Doctor McCoy") is the one of them the narration named
//                   in the last few paragraphs, and nobody when it named both
//                   or neither. A word of one character's names that no
//                   other's hold, titles aside, names them alone ("Inspector
//                   Ratcliffe": "said Ratcliffe"); a family name that one man
//                   and women of the family hold names the man ("said
//                   Bounderby" beside Josiah and Mrs. Bounderby). Forms of
//                   address ("Sir", "Madam", "Monsieur") inside quotations
//                   are nobody's name, whatever the cast calls someone.
//   "pronoun"       the verb's subject is he/she: the character of that gender
//                   the narration named in this paragraph or the one before
//                   when no other of that gender was named with them (a titled
//                   name outside the cast, "Mrs. Pegler", counts as another)
//                   and they did not speak the turn just before (`"…," said
//                   Kirk.` `"…," he replied.` is not Kirk's);
//                   else the one character of that gender among the known
//                   speakers of the exchange when it is also the one the
//                   chapter's narration named last (names inside quotations do
//                   not count) with no other of that gender named within the
//                   last few paragraphs. A short sentence of narration that
//                   opens with he/she (or a description, below) before a
//                   quotation opening its paragraph counts as its subject:
//                   `She smiled. "Hello."` as `"Hello," she said.`
//   "paragraph"     a quotation opening its paragraph after a short sentence
//                   of narration whose subject is a cast member, nothing else
//                   attributing it: `Kirk turned. "No."`.
//   "vocative"      the turn after one that addresses a single character by
//                   name ("Well, Kirk?", "My dear Kirk,") is that character's
//                   answer, unless its narration names someone else.
//   "turn-taking"   in an unbroken exchange of alternating quotation
//                   paragraphs, a quotation takes the speaker of the one two
//                   before (or after) it, when that stretch of the exchange
//                   has exactly two speakers known, the turns before and after
//                   it do not disagree, the known turns around it are an even
//                   number of turns apart for one speaker and an odd number
//                   for two (else someone spoke twice or a third came in
//                   between), no quotation of the stretch addresses
//                   a third character, and its paragraph has at most a few
//                   words of narration naming nobody else; a paragraph of
//                   narration of more than five words ends the exchange ("He
//                   paused." does not), a speaker outside the cast or a third
//                   speaker cuts it. "he"/"she" beside a quotation must fit,
//                   and so must a description of a gender outside the cast's
//                   names ("said the girl", "the old gentleman said", "said
//                   her mother"), which names nobody by itself; "said the
//                   other" is whoever the exchange's other speaker is.
//   "one-side"      in such an exchange where one speaker alone is known, and
//                   known in two of its turns or the other side's "he"/"she" is
//                   of the other gender (and of one gender throughout), every
//                   other turn is the known speaker's, each fitting as above:
//                   `"Status?" said Kirk.` "…" "Fire." `"Firing," she said.`
//                   gives "Fire." to Kirk.
//   "described"     a description (as above) that the rules gave to one
//                   character alone at least twice within some 80 paragraphs
//                   names them there where nothing else attributes its
//                   quotation: "said the old lady" twice Uhura's by
//                   turn-taking, then `"Done," said the old lady.` alone.
//   "context"       a turn (a paragraph's quotations) nothing above
//                   attributes, weighed last: each character who could speak
//                   it (the known speakers of the turns near it, those its
//                   narration or the narration before names, less those the
//                   vetoes above and its "he"/"she" rule out) is scored by a
//                   logistic model of the exchange (who spoke the turns one
//                   and two before and after, whom the narration names, the
//                   pronoun's last-named and whom the sentences before it
//                   opened with, who was addressed, how much narration lies
//                   between, who spoke three to six turns away, how many
//                   speak nearby, how much of the chapter the candidate
//                   speaks, and whether "sir"/"madam" in the turn or the turns
//                   beside it address the candidate's gender) fitted on the
//                   development novels
//                   of a quotation corpus (bench/attribution_train.py); the
//                   likeliest takes the turn only when the model gives it at
//                   least 0.75 and 70% of the turn's total; never when the
//                   turn or one within two of it addresses someone who has
//                   not spoken nearby, nor when a titled name outside the cast
//                   of the pronoun's gender ("Mrs. Pegler") was just named,
//                   nor to the speaker of the turn before when its verb
//                   answers (`"…," he replied`). Once it has weighed every
//                   turn, "vocative", "pronoun", "turn-taking" and "one-side"
//                   run again with its turns known, and then it weighs what
//                   is left (with the weights fitted on the first round's
//                   turns: the second sees more of the exchange known).
//                   Windows: the known speakers of the ten turns either side
//                   within 200 words of narration; the names in the narration
//                   of its paragraph and the six before; "nearby" is ten turns
//                   either side.
//   "continued"     the same quotation across paragraphs, when its opening
//                   paragraph or the next tells who speaks (further in, a
//                   speech may tell a story with speakers of its own), or the
//                   next quotation of the paragraph when only a short stretch
//                   of narration naming nobody else lies between (`"…," said
//                   Kirk, "…"`).
//   "correction"    the user said so (Corrections below).
//   ""              no speaker.
// Vetoes, for precision: a speech verb whose subject is not a cast member
// ("said the stranger", "Khan said", "I said") gives its quotation no speaker
// and keeps turn-taking out of its exchange (a description of a gender, above,
// does neither, but its turn is never "vocative"'s); a name set off by commas
// inside a quotation ("Quite so, Kirk.") or after a speech verb and "to" in
// its narration (`said Spock to Kirk`) is addressed, so never its speaker, and
// "pronoun", "paragraph", "vocative" and "turn-taking" never give a quotation
// to a character it names ("Then Kirk must decide."); a name alone answering a
// question ("Kirk.") addresses nobody; a possessive ("said Kirk's yeoman") is
// not a subject.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "voices/cast.h"

namespace narrate::voices {

struct Quotation {
  std::size_t paragraph = 0;  // index into the chapter's paragraphs
  std::size_t begin = 0;      // bytes of the quoted text in that paragraph, marks excluded
  std::size_t end = 0;
  int speaker = -1;  // index into the cast's characters; -1: none
  std::string rule;  // as above; "" when speaker is -1
};

// The quotations of a chapter (its paragraphs' texts, in order), in text
// order, none attributed. A paragraph's quotations never overlap; each lies
// inside its paragraph.
std::vector<Quotation> FindQuotations(const std::vector<std::string_view>& paragraphs);

// One user correction: the quotation of `paragraph` whose text begins at
// `begin` is spoken by character `speaker` (-1: nobody, the dialogue voice).
struct Correction {
  std::size_t paragraph = 0;
  std::size_t begin = 0;
  int speaker = -1;
};

// FindQuotations, then attribution by the rules above with the cast's
// characters; corrections override (rule "correction") and take part in
// pronoun and turn-taking decisions after them as if found by the rules.
std::vector<Quotation> AttributeChapter(const std::vector<std::string_view>& paragraphs,
                                        const Cast& cast,
                                        const std::vector<Correction>& corrections = {});

// A proposed cast for `narrate cast --suggest`: names that speak (are the
// subject of a speech verb beside a quotation) at least `min_quotations`
// times in the book, most frequent first, with a gender when the pronouns
// after their name are mostly one ("he"/"his"/"him" or "she"/"her"), and
// names that look like the same person merged as aliases ("Mr. Darcy",
// "Darcy"). Each chapter's paragraphs as for AttributeChapter.
std::vector<Character> SuggestCast(const std::vector<std::vector<std::string_view>>& chapters,
                                   int min_quotations = 3);

}  // namespace narrate::voices
