// voices/quotations.h: finding quotations and who speaks them, on invented text.
#include "voices/quotations.h"
#include "voices/quotation_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace narrate::voices {
namespace {

constexpr int kKirk = 0, kSpock = 1, kUhura = 2;

Character Person(std::string id, std::vector<std::string> names, Gender g) {
  Character c;
  c.id = std::move(id);
  c.names = std::move(names);
  c.gender = g;
  return c;
}

Cast Crew() {
  Cast cast;
  cast.characters = {Person("kirk", {"Kirk", "James T. Kirk", "the captain"}, Gender::kMale),
                     Person("spock", {"Spock", "Mr. Spock"}, Gender::kMale),
                     Person("uhura", {"Uhura", "Lieutenant Uhura"}, Gender::kFemale)};
  return cast;
}

// The crew and more: characters 3, 4, … in the order given.
Cast CrewWith(std::vector<Character> more) {
  Cast cast = Crew();
  for (Character& c : more) cast.characters.push_back(std::move(c));
  return cast;
}

std::vector<Quotation> Attribute(const std::vector<std::string_view>& paragraphs,
                                 const Cast& cast = Crew(),
                                 const std::vector<Correction>& corrections = {}) {
  return AttributeChapter(paragraphs, cast, corrections);
}

// Who speaks each quotation (-1: nobody).
std::vector<int> Speakers(const std::vector<std::string_view>& paragraphs, const Cast& cast) {
  std::vector<int> out;
  for (const Quotation& q : Attribute(paragraphs, cast)) out.push_back(q.speaker);
  return out;
}

// Each quotation's speaker and rule, as "kirk explicit" ("- " for nobody).
std::vector<std::string> Decisions(const std::vector<std::string_view>& paragraphs) {
  std::vector<std::string> out;
  const Cast cast = Crew();
  for (const Quotation& q : Attribute(paragraphs, cast))
    out.push_back((q.speaker < 0 ? "-" : cast.characters[q.speaker].id) + " " + q.rule);
  return out;
}

std::string Text(const std::vector<std::string_view>& paragraphs, const Quotation& q) {
  return std::string(paragraphs[q.paragraph].substr(q.begin, q.end - q.begin));
}

TEST(FindQuotations, StraightDoubleQuotesExcludeTheMarks) {
  std::vector<std::string_view> p = {"Kirk sat. \"Hello there,\" he said. \"Warp two.\""};
  auto q = FindQuotations(p);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(Text(p, q[0]), "Hello there,");
  EXPECT_EQ(q[0].begin, 11u);
  EXPECT_EQ(Text(p, q[1]), "Warp two.");
  EXPECT_EQ(q[0].speaker, -1);
}

TEST(FindQuotations, CurlySingleAndGuillemetForms) {
  std::vector<std::string_view> p = {
      "\xE2\x80\x9C"
      "Fascinating,\xE2\x80\x9D Spock said.",
      "\xE2\x80\x98"
      "Hailing frequencies open,\xE2\x80\x99 said Uhura.",
      "'Warp speed,' said Kirk.",
      "\xC2\xAB"
      "Beam me up,\xC2\xBB said Kirk."};
  auto q = FindQuotations(p);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(Text(p, q[0]), "Fascinating,");
  EXPECT_EQ(Text(p, q[1]), "Hailing frequencies open,");
  EXPECT_EQ(Text(p, q[2]), "Warp speed,");
  EXPECT_EQ(Text(p, q[3]), "Beam me up,");
}

TEST(FindQuotations, ApostrophesAreNotQuotes) {
  std::vector<std::string_view> p = {
      "'Tis odd: Kirk didn't read the crew's log, nor the Klingons' orders, in the '80s.",
      "\xE2\x80\x98Tis the officers\xE2\x80\x99 mess."};
  EXPECT_TRUE(FindQuotations(p).empty());
}

TEST(FindQuotations, NestedQuoteBelongsToTheOuter) {
  std::vector<std::string_view> p = {"\"He said 'never', Captain,\" said Spock."};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(Text(p, q[0]), "He said 'never', Captain,");
  EXPECT_EQ(q[0].speaker, kSpock);
}

TEST(FindQuotations, EmDashDialogue) {
  std::vector<std::string_view> p = {
      "\xE2\x80\x94 Set a course for Vulcan \xE2\x80\x94 said Kirk."};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(Text(p, q[0]), "Set a course for Vulcan");
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[0].rule, "explicit");
}

TEST(FindQuotations, QuotationLeftOpenContinuesIntoTheNextParagraph) {
  std::vector<std::string_view> p = {"\"The first part of the report.",
                                     "\"The second part,\" said Spock, \"ends it.\""};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(Text(p, q[0]), "The first part of the report.");
  EXPECT_EQ(q[1].rule, "explicit");
  EXPECT_EQ(q[0].speaker, kSpock);
  EXPECT_EQ(q[0].rule, "continued");
  EXPECT_EQ(q[2].speaker, kSpock);
  EXPECT_EQ(q[2].rule, "continued");
}

TEST(FindQuotations, OpenQuoteNotContinuedStaysInItsParagraph) {
  std::vector<std::string_view> p = {"\"Hold on,\" said Kirk. \"Open", "The ship shook."};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(Text(p, q[1]), "Open");
  EXPECT_EQ(q[1].paragraph, 0u);
}

TEST(AttributeChapter, ExplicitInEitherOrderAndSide) {
  std::vector<std::string_view> p = {"\"Engage,\" said Kirk.", "\"Aye,\" Uhura said.",
                                     "Spock replied, \"Logical.\"",
                                     "\"Red alert!\" The captain shouted it."};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[1].speaker, kUhura);
  EXPECT_EQ(q[2].speaker, kSpock);
  EXPECT_EQ(q[3].speaker, kKirk);
  for (const auto& x : q) EXPECT_EQ(x.rule, "explicit");
}

TEST(AttributeChapter, LongestNameFirst) {
  Cast cast = CrewWith({Person("sam", {"Sam Kirk"}, Gender::kMale)});
  std::vector<std::string_view> p = {"\"Hello, brother,\" said Sam Kirk."};
  auto q = Attribute(p, cast);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, 3);
}

TEST(AttributeChapter, DescriptionNamesMatchInLowerCase) {
  Cast cast = CrewWith({Person("doctor", {"The Ship's Doctor"}, Gender::kMale),
                        Person("vdl", {"Mr. Van Der Berg"}, Gender::kMale)});
  EXPECT_EQ(
      Speakers({"\"He's dead, Jim,\" said the ship's doctor.", "\"Quite,\" said Mr. van der Berg."},
               cast),
      (std::vector<int>{3, 4}));
  // "the doctor" may be Doctor McCoy; "the Doctor" is written as the name
  cast = CrewWith({Person("doctor", {"The Doctor"}, Gender::kMale),
                   Person("mccoy", {"Doctor McCoy"}, Gender::kMale)});
  EXPECT_EQ(Speakers({"\"Dead,\" said the doctor.", "\"Fine,\" said the Doctor."}, cast),
            (std::vector<int>{-1, 3}));
}

TEST(AttributeChapter, EpithetsAndMannerWordsAroundAnInvertedVerb) {
  std::vector<std::string_view> p = {"\"Fine,\" eagerly rejoined Uhura.",
                                     "\"Fine,\" said poor Spock.",
                                     "\"Fine,\" said the ever patient Kirk.",
                                     "\"Fine,\" went on Spock.", "\"Fine,\" said the man to Kirk."};
  // the last: the man speaks, to Kirk
  EXPECT_EQ(Speakers(p, Crew()), (std::vector<int>{kUhura, kSpock, kKirk, kSpock, -1}));
  EXPECT_EQ(Attribute(p)[0].rule, "explicit");
}

TEST(AttributeChapter, SubjectOpeningTheClauseOfAFarVerb) {
  std::vector<std::string_view> p = {
      "Kirk, seeing the danger on the screen, at once shouted: "
      "\"Shields!\"",
      "Kirk looked at the screen, where Spock stood, and said, "
      "\"Fire.\"",
      "Uhura watched the man who said, \"Now.\"",
      "Uhura, who had seen the danger on the screen, at once shouted: \"Shields!\""};
  // Spock comes between: not explicit; "who said": the man; "who" right after
  // the subject opens a clause of hers
  EXPECT_EQ(Decisions(p),
            (std::vector<std::string>{"kirk explicit", "- ", "- ", "uhura explicit"}));
}

TEST(AttributeChapter, NarrationEndingInASpeechVerbIntroducesTheNextParagraph) {
  std::vector<std::string_view> p = {"Kirk turned to the screen and said,", "\"Engage.\"",
                                     "Spock looked up.", "\"Aye.\""};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[0].rule, "explicit");
  EXPECT_NE(q[1].rule, "explicit");  // "looked up." introduces nothing
}

TEST(AttributeChapter, NarrationRunningIntoTheQuotationWithNoMarkIntroducesIt) {
  // `Kirk said with a slight frown` and no mark: the paragraph runs into the quotation
  std::vector<std::string_view> p = {"Kirk said with a slight frown", "\"Engage.\"",
                                     "Spock looked up at the screen", "\"Aye.\""};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[0].rule, "explicit");
  EXPECT_NE(q[1].rule, "explicit");  // no speech verb: nothing introduced
}

TEST(AttributeChapter, IInTheNarrationIsTheCharacterWhoTellsTheStory) {
  std::vector<std::string_view> p = {"\"Engage,\" I said.", "\"Aye,\" said Spock.",
                                     "I turned round and asked, \"Well?\"",
                                     "\"I am here,\" said Uhura."};
  auto q = Attribute(p);
  EXPECT_EQ(q[0].speaker, -1);  // nobody tells this story: "I" is a stranger
  Cast cast = Crew();
  cast.characters[kKirk].tells_the_story = true;
  q = Attribute(p, cast);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[0].rule, "explicit");
  EXPECT_EQ(q[2].speaker, kKirk);
  EXPECT_EQ(q[3].speaker, kUhura);  // "I" inside a quotation is its speaker, not the teller
}

TEST(AttributeChapter, AWordOfOneCharactersNamesAloneNamesThem) {
  Cast cast = CrewWith({Person("rand", {"Yeoman Janice Rand"}, Gender::kFemale),
                        Person("sam", {"Sam Kirk"}, Gender::kMale)});
  std::vector<std::string_view> p = {"\"Coffee,\" said Rand.", "\"Coffee,\" said Janice.",
                                     "\"Coffee,\" said Lieutenant.", "\"Brother,\" said Sam."};
  auto q = Attribute(p, cast);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].speaker, 3);
  EXPECT_EQ(q[1].speaker, 3);
  EXPECT_EQ(q[2].speaker, -1);  // a title stands for nobody alone
  EXPECT_EQ(q[3].speaker, 4);
  std::vector<std::string_view> kirk = {"\"Hello,\" said Kirk."};
  EXPECT_EQ(Attribute(kirk, cast)[0].speaker, kKirk);  // "Kirk" is Kirk's own alias
}

TEST(AttributeChapter, PossessiveIsNotTheSpeaker) {
  std::vector<std::string_view> p = {"\"Report,\" said Kirk's yeoman."};
  EXPECT_EQ(Attribute(p)[0].speaker, -1);
}

TEST(AttributeChapter, UnknownNameIsNobody) {
  std::vector<std::string_view> p = {"\"Engage,\" said Kirk.", "\"Aye,\" said Spock.",
                                     "\"I am superior,\" said Khan.", "\"No.\""};
  auto q = Attribute(p);
  EXPECT_EQ(q[2].speaker, -1);
  EXPECT_EQ(q[2].rule, "");
  EXPECT_EQ(q[3].speaker, -1);  // a third speaker stops turn-taking
}

TEST(AttributeChapter, NameSharedByTwoIsNobody) {
  Cast cast = Crew();
  cast.characters[kKirk].names.push_back("Jim");
  cast.characters[kSpock].names.push_back("Jim");
  std::vector<std::string_view> p = {"\"Hello,\" said Jim."};
  EXPECT_EQ(Attribute(p, cast)[0].speaker, -1);
}

TEST(AttributeChapter, PronounTakesTheCharacterOfItsGenderNamedLast) {
  std::vector<std::string_view> p = {"Kirk walked onto the bridge with Uhura.",
                                     "\"Report,\" he said.", "\"All quiet,\" she answered."};
  auto q = Attribute(p);
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[0].rule, "pronoun");
  EXPECT_EQ(q[1].speaker, -1);  // named two paragraphs back, not a speaker here: a guess
  p.insert(p.begin() + 2, "Uhura checked her board.");
  EXPECT_EQ(Attribute(p)[1].speaker, kUhura);
}

TEST(AttributeChapter, PronounOfTheOtherGenderIsNobody) {
  std::vector<std::string_view> p = {"Uhura turned.", "\"Report,\" he said."};
  EXPECT_EQ(Attribute(p)[0].speaker, -1);
}

TEST(AttributeChapter, PronounWithTwoRecentCandidatesIsNobody) {
  std::vector<std::string_view> p = {"Kirk looked at Spock.", "\"Well?\" he asked."};
  EXPECT_EQ(Attribute(p)[0].speaker, -1);
}

TEST(AttributeChapter, PronounTakesTheLastNamedOnceTheOtherIsFarBehind) {
  std::vector<std::string_view> p = {
      "Spock left.",  "Time passed.", "Time passed.", "Time passed.", "Time passed.",
      "Time passed.", "Time passed.", "Time passed.", "Kirk sat.",    "\"Report,\" he said."};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, kKirk);
  p[6] = "Spock came back.";  // a rival named recently, Kirk not just before
  p[7] = "Kirk sat.";
  p[8] = "Time passed.";
  EXPECT_EQ(Attribute(p)[0].speaker, -1);
}

TEST(AttributeChapter, PronounTakesTheOneJustNamedDespiteAnEarlierRival) {
  std::vector<std::string_view> p = {"Spock left the bridge.", "Kirk sat down heavily.",
                                     "\"Report,\" he said."};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[0].rule, "pronoun");
  p[1] = "Kirk sat down beside Spock.";  // both named just before: a guess
  EXPECT_EQ(Attribute(p)[0].speaker, -1);
}

TEST(AttributeChapter, PronounAnsweringTheOneJustNamedIsNotThem) {
  std::vector<std::string_view> p = {"\"Status?\" said Kirk.", "\"Holding,\" he replied."};
  EXPECT_EQ(Attribute(p)[1].speaker, -1);  // Kirk was named, but Kirk spoke last
}

TEST(AttributeChapter, PronounTakesTheExchangesSpeakerOfItsGender) {
  std::vector<std::string_view> p = {"Kirk looked at Spock.", "\"Status?\" asked Uhura.",
                                     "\"Green,\" said Spock.", "\"Good,\" she said."};
  auto q = Attribute(p);
  EXPECT_EQ(q[2].speaker, kUhura);
  EXPECT_EQ(q[2].rule, "pronoun");
}

TEST(AttributeChapter, NamesInsideQuotationsDoNotCountForPronouns) {
  std::vector<std::string_view> p = {"\"Where is Spock?\" asked Uhura.", "\"Here,\" he said."};
  EXPECT_EQ(Attribute(p)[1].speaker, -1);
}

TEST(AttributeChapter, SplitQuotationContinues) {
  std::vector<std::string_view> p = {"\"Yes,\" said Kirk, \"we go now.\""};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[1].speaker, kKirk);
  EXPECT_EQ(q[1].rule, "continued");
}

TEST(AttributeChapter, TurnTakingAlternatesTwoSpeakers) {
  std::vector<std::string_view> p = {"\"Status?\" said Kirk.", "\"Shields holding,\" said Spock.",
                                     "\"Fire.\"", "\"Firing.\"", "\"Again.\""};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[2].speaker, kKirk);
  EXPECT_EQ(q[2].rule, "turn-taking");
  EXPECT_EQ(q[3].speaker, kSpock);
  EXPECT_EQ(q[4].speaker, kKirk);
}

TEST(AttributeChapter, TurnTakingWorksBackwardsToo) {
  std::vector<std::string_view> p = {"\"Status?\"", "\"Holding.\"", "\"Fire,\" said Kirk.",
                                     "\"Firing,\" said Spock."};
  auto q = Attribute(p);
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[1].speaker, kSpock);
}

TEST(AttributeChapter, NarrationBreaksTurnTaking) {
  std::vector<std::string_view> p = {"\"Status?\" said Kirk.", "\"Shields holding,\" said Spock.",
                                     "The ship shook as the torpedoes struck the hull.",
                                     "\"Fire.\""};
  EXPECT_EQ(Attribute(p)[2].speaker, -1);
  p[2] = "The ship shook.";  // a pause, not a break
  EXPECT_EQ(Attribute(p)[2].speaker, kKirk);
}

TEST(AttributeChapter, TurnTakingFromBothSidesMustAgree) {
  std::vector<std::string_view> p = {"\"Status?\" said Kirk.", "\"Holding,\" said Spock.",
                                     "\"Fire.\"", "\"Firing,\" said Kirk.",
                                     "\"Again,\" said Spock."};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[2].speaker, -1);  // Kirk by the turns before, Spock by those after
}

TEST(AttributeChapter, ParagraphSubjectSpeaksTheQuotationAfterIt) {
  std::vector<std::string_view> p = {"Kirk turned. \"No.\"",
                                     "Uhura looked up from the long report she had spent the "
                                     "whole of the night writing for the admiral. \"Done.\"",
                                     "Spock left, and Kirk said, \"Well?\"",
                                     "\"Yes.\" Spock turned away."};
  // the second: too much narration before it; the third: a speech verb, its
  // subject not the sentence's; the last: after it, not this rule's ("context"
  // may weigh it)
  std::vector<std::string> d = Decisions(p);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(d.begin(), d.begin() + 3),
            (std::vector<std::string>{"kirk paragraph", "- ", "kirk explicit"}));
  EXPECT_EQ(d[3].find("paragraph"), std::string::npos);
}

TEST(AttributeChapter, TitledNameOutsideTheCastRivalsThePronoun) {
  std::vector<std::string_view> p = {"Uhura sat with Mrs. Pegler.", "\"No,\" she said."};
  EXPECT_EQ(Attribute(p)[0].speaker, -1);
  p[0] = "Uhura sat with Mr. Pegler.";
  EXPECT_EQ(Attribute(p)[0].speaker, kUhura);
}

TEST(AttributeChapter, ANameAloneAnswersAndAddressesNobody) {
  std::vector<std::string_view> p = {"\"Who did it?\" asked Uhura.", "\"Spock.\"",
                                     "\"Spock, why?\""};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 3u);
  EXPECT_NE(q[1].rule, "vocative");
  EXPECT_NE(q[2].speaker, kSpock);
}

TEST(AttributeChapter, AnExchangeAddressingAThirdIsNotTakenInTurns) {
  std::vector<std::string_view> p = {"\"Status?\" said Kirk.", "\"Shields holding,\" said Spock.",
                                     "\"Fire.\"", "\"Firing.\""};
  EXPECT_EQ(Attribute(p)[2].speaker, kKirk);
  p[3] = "\"Firing, Uhura.\"";  // Uhura takes part: who speaks is a guess
  auto q = Attribute(p);
  EXPECT_EQ(q[2].speaker, -1);
  EXPECT_EQ(q[3].speaker, -1);
}

TEST(AttributeChapter, VocativeVetoesTheOneAddressedAndTurnsTheOneNamed) {
  for (std::string_view third : {"\"Quite so, Kirk.\"", "\"Then Kirk must decide.\""}) {
    std::vector<std::string_view> p = {"\"Status?\" said Kirk.", "\"Shields holding,\" said Spock.",
                                       third};
    EXPECT_EQ(Attribute(p)[2].speaker, -1) << third;
  }
}

TEST(AttributeChapter, TheOneAddressedAnswers) {
  std::vector<std::string_view> p = {"The bridge was quiet.", "\"What now, Spock?\"",
                                     "\"We wait.\""};
  auto q = Attribute(p);
  EXPECT_EQ(q[0].speaker, -1);
  EXPECT_EQ(q[1].speaker, kSpock);
  EXPECT_EQ(q[1].rule, "vocative");
}

TEST(AttributeChapter, MyDearNameAddressesThem) {
  // "The bridge was quiet." "What now, my dear Spock?" "We wait." -> Spock answers
  std::vector<std::string_view> p = {"The bridge was quiet.", "\"What now, my dear Spock?\"",
                                     "\"We wait.\""};
  auto q = Attribute(p);
  EXPECT_EQ(q[1].speaker, kSpock);
  EXPECT_EQ(q[1].rule, "vocative");
}

TEST(AttributeChapter, ADescribedTurnIsNotTakenForTheAddressedOnesAnswer) {
  // "said the old man" after "What now, Spock?": maybe Spock, maybe another
  std::vector<std::string_view> p = {"\"What now, Spock?\" said Kirk.",
                                     "\"We wait,\" said the old man."};
  EXPECT_EQ(Attribute(p)[1].speaker, -1);
  p[1] = "\"We wait.\"";
  EXPECT_EQ(Attribute(p)[1].speaker, kSpock);
}

TEST(AttributeChapter, GenderedDescriptionTakesItsTurnOfThatGender) {
  // `"Firing," said the young woman.` in Kirk and Uhura's exchange: Uhura's turn,
  // and it does not cut the exchange as "said the stranger" would
  std::vector<std::string_view> p = {"\"Status?\" said Kirk.", "\"Holding,\" said Uhura.",
                                     "\"Fire.\"", "\"Firing,\" said the young woman.",
                                     "\"Again.\""};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[3].speaker, kUhura);
  EXPECT_EQ(q[3].rule, "turn-taking");
  EXPECT_EQ(q[4].speaker, kKirk);
  p[3] = "\"Firing,\" said the old man.";  // the wrong gender for Uhura's turn: nobody's
  EXPECT_EQ(Attribute(p)[3].speaker, -1);
  p[3] = "\"Firing,\" said her mother.";  // a description never names someone by itself
  p[1] = "\"Holding,\" said Spock.";
  EXPECT_EQ(Attribute(p)[3].speaker, -1);
}

TEST(AttributeChapter, ADescriptionTheTurnsGaveOneCharacterTwiceNamesThemNearby) {
  // turn-taking gives "the old lady" to Uhura twice; alone later, she is Uhura
  std::vector<std::string_view> p = {
      "\"Status?\" said Kirk.",
      "\"Holding,\" said Uhura.",
      "\"Fire.\"",
      "\"Firing,\" said the old lady.",
      "\"Again.\"",
      "\"Again,\" said the old lady.",
      "The bridge was quiet for a long time after that, and nobody spoke at all.",
      "\"It is done,\" said the old lady."};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 7u);
  EXPECT_EQ(q[3].speaker, kUhura);
  EXPECT_EQ(q[5].speaker, kUhura);
  EXPECT_EQ(q[6].speaker, kUhura);
  EXPECT_EQ(q[6].rule, "described");
  p[5] = "\"Again,\" said the young woman.";  // once is not enough
  EXPECT_EQ(Attribute(p)[6].speaker, -1);
}

TEST(AttributeChapter, OneKnownSideOfAnExchangeOfTwoTakesEveryOtherTurn) {
  // Kirk speaks first; "she said" shows the other side is someone else, a
  // woman: Kirk's turns are every other one, the other side stays unknown
  std::vector<std::string_view> p = {"\"Status?\" said Kirk.", "\"Holding.\"", "\"Fire.\"",
                                     "\"Firing,\" she said.", "\"Again.\""};
  auto q = Attribute(p);
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[2].speaker, kKirk);
  EXPECT_EQ(q[2].rule, "one-side");
  EXPECT_EQ(q[4].speaker, kKirk);
  EXPECT_EQ(q[1].speaker, -1);
  EXPECT_EQ(q[3].speaker, -1);
  p[3] = "\"Firing,\" he said.";  // a man: may be Kirk going on, or a third
  EXPECT_EQ(Attribute(p)[2].speaker, -1);
  p[3] = "\"Firing,\" said Kirk.";  // Kirk on both sides: nothing is every other turn
  EXPECT_EQ(Attribute(p)[2].speaker, -1);
}

TEST(AttributeChapter, PronounOpeningTheSentenceBeforeTheQuotationSpeaksIt) {
  // `She smiled. "Hello."` as `"Hello," she said.`: Uhura, named just before
  // with no other woman; a man's "He smiled." is nobody's here
  std::vector<std::string_view> p = {"Uhura sat down at her station.", "She smiled. \"Hello.\""};
  auto q = Attribute(p);
  EXPECT_EQ(q[0].speaker, kUhura);
  EXPECT_EQ(q[0].rule, "pronoun");
  p[1] = "He smiled. \"Hello.\"";
  EXPECT_EQ(Attribute(p)[0].speaker, -1);
}

TEST(AttributeChapter, CorrectionsOverrideAndFeedTurnTaking) {
  std::vector<std::string_view> p = {"\"Status?\"", "\"Holding,\" said Spock.", "\"Fire.\"",
                                     "\"Aye,\" said Spock."};
  auto q = Attribute(p, Crew(), {{0, 1, kKirk}, {1, 1, -1}});
  EXPECT_EQ(q[0].speaker, kKirk);
  EXPECT_EQ(q[0].rule, "correction");
  EXPECT_EQ(q[1].speaker, -1);  // "nobody" overrides "said Spock"
  EXPECT_EQ(q[1].rule, "");
  EXPECT_EQ(q[2].speaker, -1);  // and cuts the exchange: no alternation to follow
  q = Attribute(p, Crew(), {{0, 1, kKirk}});
  EXPECT_EQ(q[2].speaker, kKirk);
  EXPECT_EQ(q[2].rule, "turn-taking");
  EXPECT_EQ(q[3].speaker, kSpock);
}

TEST(AttributeChapter, EmptyCastAttributesNobody) {
  std::vector<std::string_view> p = {"\"Engage,\" said Kirk."};
  auto q = Attribute(p, Cast{});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, -1);
}

}  // namespace
}  // namespace narrate::voices

namespace narrate::voices {
namespace {

TEST(SuggestCast, NamesThatSpeakMostFirstWithGenderAndAliases) {
  std::vector<std::string_view> one = {"\"Engage,\" said Captain Kirk. He sat down.",
                                       "\"Aye,\" Uhura said. She turned.",
                                       "\"Status?\" said Kirk.",
                                       "\"Holding,\" said Uhura.",
                                       "\"Fire,\" said Kirk.",
                                       "\"Logical,\" said Spock."};
  std::vector<std::string_view> two = {"\"Again,\" said Uhura, and she smiled.",
                                       "\"Now,\" said Kirk; he waited."};
  auto cast = SuggestCast({one, two}, 2);
  ASSERT_EQ(cast.size(), 2u);  // Spock spoke once
  EXPECT_EQ(cast[0].id, "kirk");
  EXPECT_EQ(cast[0].names, (std::vector<std::string>{"Captain Kirk", "Kirk"}));
  EXPECT_EQ(cast[0].gender, Gender::kMale);
  EXPECT_EQ(cast[1].id, "uhura");
  EXPECT_EQ(cast[1].gender, Gender::kFemale);
}

TEST(SuggestCast, NoSentenceWordOrPossessiveIsTakenForAName) {
  std::vector<std::string_view> one = {"\"Engage,\" And Kirk said.", "\"Aye,\" Kirk's yeoman said.",
                                       "\"Now,\" said Kirk.", "\"Go,\" said Kirk\u2019s yeoman.",
                                       "\"Fire,\" said Kirk."};
  auto cast = SuggestCast({one}, 1);
  ASSERT_EQ(cast.size(), 1u);
  EXPECT_EQ(cast[0].id, "kirk");
  EXPECT_EQ(cast[0].names, (std::vector<std::string>{"Kirk"}));
}

TEST(SuggestCast, NothingSpokenNothingSuggested) {
  std::vector<std::string_view> one = {"Kirk walked in. He sat. \"Hm.\""};
  EXPECT_TRUE(SuggestCast({one}, 1).empty());
}

TEST(AttributeChapter, ContextWeighsAnExchangeTheTurnsCannotTake) {
  // Too much narration for turn-taking; the exchange and the narration naming
  // Kirk alone make it Kirk's.
  std::vector<std::string_view> p = {
      "\"Status?\" said Kirk.", "\"Holding,\" said Spock.",
      "Kirk leaned forward in his chair and stared at the viewscreen for a long, long moment "
      "before he spoke again. \"Fire.\""};
  EXPECT_EQ(Decisions(p),
            (std::vector<std::string>{"kirk explicit", "spock explicit", "kirk context"}));
}

TEST(AttributeChapter, ContextLeavesATurnNoOneIsLikelyEnoughFor) {
  std::vector<std::string_view> p = {
      "Kirk and Spock walked the long corridor to the turbolift in silence, each of them "
      "thinking of the planet below.",
      "\"Do you think they will answer?\"", "\"I do not know.\""};
  EXPECT_EQ(Decisions(p), (std::vector<std::string>{"- ", "- "}));
}

TEST(AttributeChapter, ContextLeavesATurnTheLikeliestDoesNotDominate) {
  // Uhura is the likeliest (named alone after it, over 0.8), but Kirk and
  // Spock, named with her, keep her under 70% of the turn's total.
  std::vector<std::string_view> p = {"\"Status?\" said Uhura.", "\"Holding,\" said Spock.",
                                     "Kirk came in.", "\"Fire.\" Spock and Kirk looked at Uhura."};
  internal::ContextTrace trace;
  auto q = internal::AttributeChapterTraced(p, Crew(), {}, &trace);
  ASSERT_EQ(q.size(), 3u);
  double best = 0, total = 0;
  for (const internal::ContextCandidate& c : trace) {
    EXPECT_EQ(c.quote, 2u);
    best = std::max(best, c.likelihood);
    total += c.likelihood;
  }
  EXPECT_GE(best, 0.8);
  EXPECT_LT(best / total, 0.7);
  EXPECT_EQ(q[2].speaker, -1);
}

TEST(AttributeChapter, TurnsTheContextRuleTookAnchorTurnTaking) {
  // Kirk's "Fire." is the context rule's, and "Aye, sir." alternates from it
  // (the turns the rule takes in one round are known only in the next).
  std::vector<std::string_view> p = {
      "\"Status?\" said Kirk.",
      "\"Holding,\" said Spock.",
      "Kirk leaned forward in his chair and stared at the viewscreen for a long, long moment "
      "before he spoke again. \"Fire.\"",
      "\"Aye, sir.\"",
      "\"Again.\"",
      "\"Firing.\""};
  EXPECT_EQ(Decisions(p),
            (std::vector<std::string>{"kirk explicit", "spock explicit", "kirk context",
                                      "spock turn-taking", "kirk context", "spock turn-taking"}));
}

TEST(AttributeChapter, TurnTakingLeavesAStretchAlternationCannotCross) {
  // Spock speaks the second turn and the fifth, three apart: someone spoke
  // twice between, so turn-taking leaves the third and fourth (to the context
  // rule, which weighs them).
  std::vector<std::string_view> p = {"\"A?\" said Kirk.", "\"B,\" said Spock.", "\"C?\"", "\"D.\"",
                                     "\"E,\" said Spock."};
  internal::ContextTrace trace;
  auto q = internal::AttributeChapterTraced(p, Crew(), {}, &trace);
  ASSERT_EQ(q.size(), 5u);
  std::set<std::size_t> weighed;
  for (const internal::ContextCandidate& c : trace) weighed.insert(c.quote);
  EXPECT_EQ(weighed, (std::set<std::size_t>{2, 3}));
}

TEST(AttributeChapter, ASpeechRunningOnIsTheSpeakerItsOpeningNames) {
  // "said Kirk" two paragraphs into a speech may be inside a story it tells.
  std::vector<std::string_view> p = {"\"One.", "\"Two.", "\"Three,\" said Kirk."};
  EXPECT_EQ(Decisions(p), (std::vector<std::string>{"- ", "- ", "kirk explicit"}));
  p = {"\"One,\" said Kirk. \"Two.", "\"Three.", "\"Four.\""};
  EXPECT_EQ(Decisions(p), (std::vector<std::string>{"kirk explicit", "kirk continued",
                                                    "kirk continued", "kirk continued"}));
}

TEST(AttributeChapter, AFamilyNameAloneIsTheMansAmongAManAndWomen) {
  Cast family;
  family.characters = {Person("louisa", {"Louisa Bounderby", "Mrs. Bounderby"}, Gender::kFemale),
                       Person("josiah", {"Josiah Bounderby"}, Gender::kMale)};
  EXPECT_EQ(Speakers({"\"Now then,\" said Bounderby."}, family), (std::vector<int>{1}));
  family.characters.push_back(Person("tom", {"Tom Bounderby"}, Gender::kMale));
  EXPECT_EQ(Speakers({"\"Now then,\" said Bounderby."}, family), (std::vector<int>{-1}));
}

TEST(AttributeChapter, AFormOfAddressIsNoOnesName) {
  // A cast may call someone "Sir"; "Sir, the report" addresses anyone.
  Cast cast = CrewWith({Person("sir", {"Sir"}, Gender::kMale)});
  auto q = Attribute({"\"Sir, the report,\" said Uhura.", "\"All quiet.\""}, cast);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_NE(q[1].speaker, 3);
  EXPECT_NE(q[1].rule, "vocative");
}

TEST(AttributeChapter, ContextKnowsWhomASentenceChainIsAbout) {
  // Uhura opens the sentence; "she" goes on about her, not Chapel.
  Cast cast = CrewWith({Person("chapel", {"Chapel"}, Gender::kFemale)});
  std::vector<std::string_view> p = {"Uhura looked at Chapel. She frowned. \"No,\" she said."};
  internal::ContextTrace trace;
  internal::AttributeChapterTraced(p, cast, {}, &trace);
  std::vector<std::pair<int, double>> chain;  // candidate, its chain feature
  constexpr std::size_t kChainFeature = 31;   // ContextModel::Features in attribution.cc
  for (const internal::ContextCandidate& c : trace)
    chain.emplace_back(c.who, c.features.at(kChainFeature));
  std::sort(chain.begin(), chain.end());
  EXPECT_EQ(chain, (std::vector<std::pair<int, double>>{{kUhura, 1.0}, {3, 0.0}}));
}

TEST(AttributeChapter, TheOtherIsTheExchangesOtherSpeaker) {
  std::vector<std::string_view> p = {"\"A?\" said Kirk.", "\"B,\" said Spock.", "\"C?\" said Kirk.",
                                     "\"D,\" said the other."};
  EXPECT_EQ(Speakers(p, Crew()), (std::vector<int>{kKirk, kSpock, kKirk, kSpock}));
}

TEST(AttributeChapter, ASharedDescriptionIsTheOneOfItsOwnersJustNamed) {
  // "the doctor" may be either doctor: the one named just before it is meant.
  Cast cast;
  cast.characters = {Person("losberne", {"Doctor Losberne", "Mr. Losberne"}, Gender::kMale),
                     Person("doctor", {"The Doctor"}, Gender::kMale)};
  EXPECT_EQ(Speakers({"Mr. Losberne came in.", "\"Well,\" said the doctor."}, cast),
            (std::vector<int>{0}));
  EXPECT_EQ(Speakers({"Mr. Losberne and The Doctor came in.", "\"Well,\" said the doctor."}, cast),
            (std::vector<int>{-1}));
}

TEST(AttributeChapter, MoreVerbsOfSpeech) {
  std::vector<std::string_view> p = {"\"Well,\" Kirk put in.", "\"Well?\" echoed Spock.",
                                     "\"Now!\" thundered Uhura.", "\"Never,\" put in Spock."};
  EXPECT_EQ(Decisions(p), (std::vector<std::string>{"kirk explicit", "spock explicit",
                                                    "uhura explicit", "spock explicit"}));
}

TEST(AttributeChapter, ContextKnowsWhomSirAddresses) {
  // "sir" addresses a man: a man is less likely to be saying it to a man.
  std::vector<std::string_view> p = {"The ensign looked at Kirk and Uhura. \"Yes, sir.\""};
  internal::ContextTrace trace;
  internal::AttributeChapterTraced(p, Crew(), {}, &trace);
  std::vector<std::pair<int, double>> sir;  // candidate, its "addresses their gender" feature
  constexpr std::size_t kAddressesTheirGender = 36;  // ContextModel::Features
  for (const internal::ContextCandidate& c : trace)
    sir.emplace_back(c.who, c.features.at(kAddressesTheirGender));
  std::sort(sir.begin(), sir.end());
  EXPECT_EQ(sir, (std::vector<std::pair<int, double>>{{kKirk, 1.0}, {kUhura, 0.0}}));
}

}  // namespace
}  // namespace narrate::voices
