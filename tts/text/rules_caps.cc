// Letters, years and designations: unknown capitals spelled as letters, era years ("AD 410"),
// Roman-numeral years ("MDCCCXLI"), Roman page numbers ("p. xiv"), designation numbers
// ("Room 101", "PO Box 742") and years before a verb ("the census of 1851 lists him").
#include <string>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

// Common English words of three or four letters: the lowercase words of three public-domain
// novels (The Time Machine, A Christmas Carol, Moby-Dick) seen at least three times that are
// also in a desk dictionary, plus some modern words and common first names ("JOHN!"). In capitals
// outside a shouting paragraph they are emphasis ("I will NOT go"); other short capitals are
// initialisms ("the FAA").
constexpr const char* kCommonShortWords =
    "abe abed able ache act acts adam add ado afar aft age aged ages ago ahoy aid aids aim "
    "air airs akin alan alas ale alex ali all also amid amy and anew ann anna anne anon ant "
    "any ape apt arch are area ark arm arms art arts ash ask asks ass ate aunt away awe awed "
    "axe axis aye babe baby back bad bade bag bags bald ball band bang bank bar barb bare "
    "bark bars base bath bay bays beak beam bean bear beat bed beds beef been beer beg bell "
    "belt ben bend bent best bet beth bid big bike bill bind bird bit bite bits blew blow "
    "blue boat bob body boil bold bolt bone bony book boom boot bore born boss both bow bowl "
    "bows box boy boys bred brew brig brim brow buck bud buff bulk bull bump buoy burn bury "
    "bus bush busy but butt buy bye cab cafe cake calf call calm came camp can cane cant cap "
    "cape caps car card care carl cars cart case cash cask cast cat cave caw cell chap chat "
    "chin chip city clad clam clap claw clay club clue coal coat cock cod code coil coin "
    "cold colt come cook cool cop cope copy cora cord core cork corn cost cosy cow crab crew "
    "crop crow cry cub cube cubs cup cups cure curl cut cute cuts czar dad daft dam damn "
    "damp dan dare dark dart dash data date dave dawn day days dead deaf deal dear debt deck "
    "deed deem deep deer defy den dent deny desk dial dice dick did die died dies diet dig "
    "dim din dine ding dint dip dire dirt dish disk dive dock does dog dogs doll dome don "
    "done dons doom door dora dose dot dove down doze drab drag draw drew drip drop drum dry "
    "dual duck due dug duke dull duly dumb dump dune dusk dust duty each ear earl earn ears "
    "ease east easy eat eats ebb echo eddy edge ella else emir emma end ends envy epic ere "
    "eric etc eve even ever evil exit eye eyed eyes face fact fade fail fain fair fake fall "
    "fame fan fans far fare farm fast fat fate fear feat fed fee feed feel fees feet fell "
    "felt few file fill film fin find fine fins fire firm fish fist fit fits five fix flag "
    "flat fled flee flew flip flow fly foam foe foes fog fold folk fond font food fool foot "
    "for fore fork form fort foul four fowl fred free fro frog from fry fuel full fun fund "
    "fur fury fuse fuss gain gait gale game gamy gang gap gas gash gasp gate gave gay gaze "
    "gear get gets gift gin girl give glad glee glen glow glue goal goat god gods goes gold "
    "golf gone gong good gore got gown grab gray grew grey grid grim grin grip grit grog "
    "grow gulf gull gum gun guns gus gush guy gym had hail hair hal half hall halt ham hams "
    "hand hang hans hard hark harm harp hart has hat hate hath hats haul have hawk hay haze "
    "hazy head heal heap hear heat heck heed heel heir held hell helm help hem hemp hen her "
    "herb herd here hero hers hey hid hide high hike hill him hint hip hire his hiss hit hmm "
    "hob hoe hold hole holy home hood hook hoop hop hope hops horn hose host hot hour hove "
    "how howl hue hues hug huge hugh huh hull hum hump hung hunt hurl hurt hush hut ian ibid "
    "ice icy ida idea idle idly idol igor ike ill inch ink inn inns into iris iron isle item "
    "its ivan jack jail jake jam jane jar jaw jaws jazz jean jerk jest jet jets jib jig jill "
    "jim joan job jobs joe jog john join joke jolt josh jot joy jug jump junk jury just karl "
    "kate keel keen keep kept key keys kick kid kids kill kim kin kind king kiss kit kite "
    "kith knee knew knit knob knot know lace lack lad lads lady laid lake lamb lame lamp "
    "land lane lap lard lash last late lava law lawn laws lay lays lazy lbs lead leaf leak "
    "lean leap led lee lees left leg legs lend lens lent leo less lest let lid lie lied lies "
    "lieu life lift like lily limb lime limp line link lion lip lips list lit live liz load "
    "loaf loan lock loft log logs lone long look loom loop lord lore lose loss lost lot lots "
    "loud love low luck lucy luke lull lump lung lure lurk lush lust mace mad made maid mail "
    "main make male mall man mane many map maps mar mark mary mash mask mass mast mat mate "
    "math matt maul maw max may meal mean meat meek meet meg melt men mend menu mere mesh "
    "mess met mice mid mike mild mile milk mill mind mine mint miss mist mix moan mob mock "
    "mode mole mom mood moon moor mop more moss most moth move mow much mud mug mule mum "
    "musk must mute myth nail name nap navy nay near neat neck ned need neil nell nest net "
    "new news next nice nick nigh nine noah nod node non none noon nope nor nora norm nose "
    "not note noun now nude numb nun nut nuts oak oaks oar oars oath obey odd odds odor off "
    "oft oil oily okay old olga omar omen once one ones only onto oops ooze open opt oral "
    "orb ore otto ouch our ours out outs oval oven over owe owed owl own owns oxen pace pack "
    "pact pad page paid pail pain pair pale pall palm pam pan pane pans par park part pass "
    "past pat path paul paw paws pay pays pea peak pear peck peel peep peer peg pelt pen "
    "pent per pet pete pick pie pier pies pig pike pile pill pin pine pink pint pip pipe pit "
    "pity plan play plea plot plow plug plum plus pod pods poem poet poke poky pole poll "
    "pond pony pooh pool poor pop pope pork port pose post pot pots pour pout pray prey prod "
    "prop prow pry pub puff pull pulp pump pun punk pure push put puts quit quiz race rack "
    "raft rag rage rags raid rail rain ram ran rang rank rant rap rare rash rat rate rats "
    "raw ray rays read real reap rear red reed reef reel rely rent rest rib ribs rice rich "
    "rick rid ride rife rift rig rim ring riot rip ripe rise risk road roam roar rob robe "
    "rock rod rode rods role roll ron roof room root rope rose rosy rot row rows roy rub "
    "ruby rude rug ruin rule rum run rung runs rush rust ruth sack sad safe sag saga sage "
    "said sail sake sale salt sam same sand sane sang sank sap sara sat save saw say says "
    "scar scud sea seal seam sean seas seat sect see seed seek seem seen seep sees self sell "
    "semi send sent set sets sew sex she shed shin ship shoe shop shot show shun shut shy "
    "sick side sigh sign silk sill sin sing sink sir sire sit site sits six size skin sky "
    "slab slam slap slay sled slew slid slim slip slit slow slug sly snap snow snug soak "
    "soap soar sob sock soda sofa soft soil sold sole some son song sons soon soot sore sort "
    "soul soup sour sow soy spa span spar spat sped spin spit spot spur spy stab stag star "
    "stay stem step stew stir stop stub stun sub such suck sue suit sulk sum sun sung sunk "
    "suns sure surf swam sway swim tab tack tag tail take tale talk tall tame tan tank tap "
    "tape tar task tax taxi tea team tear ted tell ten tend tens tent term tess test text "
    "than that thaw the thee them then they thin this thou thud thus thy tick tide tidy tie "
    "tied tier ties tile till tilt tim time tin tiny tip tips tire tit toad toe toed toes "
    "toil told toll tom tomb ton tone tons tony too took tool top tops tore torn toss tour "
    "tow town tows toy trap tray tree trim trio trip trod true try tub tube tubs tuck tug "
    "tun tune turf turn tusk twig twin two twos type ugh ugly undo unit unto upon urge use "
    "used user uses vain vale van vane vary vase vast veil vein very vest vet vial vice view "
    "vile vine void vote vow wad wade wag wage waif wail wait wake walk wall walt wand wane "
    "want war ward warm warn warp wary was wash wasp wave wax way ways weak wear web wed "
    "weed week weep well went wept were west wet wham what when whew whim whip whit who whoa "
    "whom why wick wide wife wig wild will wilt win wind wine wing wink wins wipe wire wise "
    "wish wit with woe woke wolf womb won wont woo wood woof wool word wore work worm worn "
    "wow wrap wren yard yarn yawn yay yea yeah year yell yelp yep yes yet yew yoke yon yore "
    "you your zap zeal zero zest zinc zip zoe zone zoo zoom";

bool IsEra(std::string_view s) {
  return s == "AD" || s == "BC" || s == "BCE" || s == "CE" || s == "A.D" || s == "B.C" ||
         s == "B.C.E" || s == "C.E";
}

// "AD" -> "A.D."; "A.D" -> "A.D.": eSpeak reads dotted letters as letters in every position.
std::string DottedEra(std::string_view era) {
  std::string out;
  for (char c : era)
    if (c != '.') out += std::string(1, c) + ".";
  return out;
}

// "410", "64", "1066": a year after AD or before BC (one to four digits, no leading zero).
std::optional<int64_t> EraNumber(std::string_view core) {
  if (core.empty() || core.size() > 4 || !IsDigits(core) || core[0] == '0') return std::nullopt;
  return ParseSmallInt(core);
}


// "xii" -> 12 for a lowercase numeral of a page or label; nullopt for "mix", "did".
std::optional<int> LowerRoman(std::string_view s) {
  if (!IsLowerLetters(s) || s.size() > 8) return std::nullopt;
  auto v = ParseRoman(ToUpper(s));
  if (!v || *v > 200) return std::nullopt;
  return v;
}

bool IsPageWord(const Context& ctx, const Chunk& prev) {
  if (!ctx.rules.page_keywords.count(ToLower(prev.core))) return false;
  return prev.trail.empty() || (prev.trail == "." && ctx.rules.abbrevs.count(prev.core + "."));
}

// "lists him", "shows that": an -s word followed by an object reads as a verb.
bool VerbWithObject(const Context& ctx, size_t k) {
  if (!ctx.Has(k + 1) || !ctx.At(k).trail.empty() || !ctx.At(k + 1).lead.empty()) return false;
  const std::string& w = ctx.At(k).core;
  if (!IsLowerLetters(w) || w.size() < 4 || w.back() != 's' || w.ends_with("ss")) return false;
  return ctx.rules.verb_objects.count(ctx.At(k + 1).core) > 0;
}

// "Room 101 was", "room 237": the keyword before, and no unit or plural noun after.
bool DesignationBefore(const Context& ctx) {
  if (ctx.i == 0) return false;
  const Chunk& prev = ctx.At(ctx.i - 1);
  bool dotted = prev.trail == "." && ctx.rules.designation_keywords.count(ToLower(prev.core) + ".");
  if (!prev.trail.empty() && !dotted) return false;
  if (!dotted && !ctx.rules.designation_keywords.count(ToLower(prev.core))) return false;
  if (!ctx.Cur().trail.empty() || !ctx.Has(ctx.i + 1)) return true;
  const std::string& next = ctx.At(ctx.i + 1).core;
  bool counted = ctx.rules.units.count(next) || ctx.rules.irregular_plurals.count(next) ||
                 (IsLowerLetters(next) && next.size() > 3 && next.back() == 's' &&
                  !ctx.rules.plural_stop.count(next) && !ctx.rules.verb_objects.count(next));
  return !counted || IsCapitalized(prev.core);
}
}  // namespace

void AddCommonShortWords(LocaleRules& r) {
  std::string_view all(kCommonShortWords);
  while (!all.empty()) {
    size_t space = all.find(' ');
    r.common_short_words.emplace(all.substr(0, space));
    all.remove_prefix(space == std::string_view::npos ? all.size() : space + 1);
  }
}

bool PageNumeral(std::string_view core) {
  size_t dash = core.find('-');
  if (dash == std::string_view::npos) return LowerRoman(core).has_value();
  return LowerRoman(core.substr(0, dash)) && LowerRoman(core.substr(dash + 1));
}

namespace {
// A neighbour in capitals makes a phrase in capitals: "SETH MACY" on a tablet, "DEL ECUADOR".
bool CapsNeighbour(const Context& ctx) {
  auto caps = [&](size_t k) { return ctx.At(k).core.size() > 1 && IsUpperLetters(ctx.At(k).core); };
  return (ctx.i > 0 && caps(ctx.i - 1)) || (ctx.Has(ctx.i + 1) && caps(ctx.i + 1));
}

// "the USDA", "an ACLU lawyer": a determiner before it; "MINA", "S. HALE" (a signature) have none.
bool AfterDeterminer(const Context& ctx) {
  if (ctx.i == 0 || !ctx.At(ctx.i - 1).trail.empty()) return false;
  return ctx.rules.determiners.count(ctx.At(ctx.i - 1).core) > 0;
}
}  // namespace

bool UnknownCapsAreLetters(const Context& ctx, std::string_view base) {
  if (ctx.shouting || base.size() > 4 || ctx.rules.common_short_words.empty()) return false;
  if (ctx.Cur().trail.find('!') != std::string::npos) return false;  // "ZAP!" is shouted
  if (ctx.i == 0 || CapsNeighbour(ctx)) return false;           // "AHAB (advancing)", "GAM. noun"
  if (base.size() == 4 && !AfterDeterminer(ctx)) return false;  // names: "MINA", "HALE"
  return !ctx.rules.common_short_words.count(ToLower(base));
}

// "AD 410" -> "A.D. four ten"; "410 BC" -> "four ten B.C."; "A.D. 1142" -> "A.D. eleven forty two"
std::optional<Rewrite> RuleEraYear(const Context& ctx) {
  const Chunk& cur = ctx.Cur();
  if (IsEra(cur.core) && ctx.Has(ctx.i + 1) && (cur.trail.empty() || cur.trail == ".")) {
    auto year = EraNumber(ctx.At(ctx.i + 1).core);
    if (!year || !ctx.At(ctx.i + 1).lead.empty()) return std::nullopt;
    Rewrite r{DottedEra(cur.core) + " " +
              SpeakDesignationDigits(ctx.speller, ctx.At(ctx.i + 1).core)};
    r.consumed = 2;
    r.trail = ctx.At(ctx.i + 1).trail;
    return r;
  }
  auto year = EraNumber(cur.core);
  if (!year || !cur.trail.empty() || !ctx.Has(ctx.i + 1) || !IsEra(ctx.At(ctx.i + 1).core)) {
    return std::nullopt;
  }
  Rewrite r{SpeakDesignationDigits(ctx.speller, cur.core) + " " +
            DottedEra(ctx.At(ctx.i + 1).core)};
  r.consumed = 2;
  r.trail = TrailWithoutPeriod(ctx.At(ctx.i + 1).trail);  // "300 B.C." ends with its own dot
  return r;
}

// "printed in MDCCCXLI" -> "printed in eighteen forty one"; "MDCCLXXVI" -> "seventeen seventy six"
std::optional<Rewrite> RuleRomanYear(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core.size() < 4 || !IsUpperLetters(core) || ctx.rules.initialisms.count(core) ||
      ctx.rules.acronyms.count(core)) {
    return std::nullopt;
  }
  auto v = ParseRoman(core);
  if (!v || *v < 1000 || *v > 2999) return std::nullopt;
  return Rewrite{ctx.speller.Year(*v)};
}

// "page xiv" -> "page fourteen"; "p. xii" -> "page twelve" (the abbreviation reads first);
// "pp. xii-xv" -> "pages twelve to fifteen"
std::optional<Rewrite> RuleRomanPage(const Context& ctx) {
  if (ctx.i == 0 || !IsPageWord(ctx, ctx.At(ctx.i - 1))) return std::nullopt;
  const std::string& core = ctx.Cur().core;
  size_t dash = core.find('-');
  if (!PageNumeral(core)) return std::nullopt;
  if (dash == std::string::npos) {
    auto v = LowerRoman(core);
    if (!v || (core == "i" && ctx.Has(ctx.i + 1) && ctx.Cur().trail.empty())) return std::nullopt;
    return Rewrite{ctx.speller.Cardinal(*v)};
  }
  auto a = LowerRoman(std::string_view(core).substr(0, dash));
  auto b = LowerRoman(std::string_view(core).substr(dash + 1));
  if (!a || !b) return std::nullopt;
  return Rewrite{ctx.speller.Cardinal(*a) + " " + ctx.rules.Word("to") + " " +
                 ctx.speller.Cardinal(*b)};
}

// "Room 101" -> "Room one oh one"; "PO Box 742" -> "PO Box seven forty two"; "Flight 1549" ->
// "Flight fifteen forty nine"
std::optional<Rewrite> RuleDesignationNumber(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (core.size() < 3 || core.size() > 4 || !IsDigits(core) || !DesignationBefore(ctx)) {
    return std::nullopt;
  }
  return Rewrite{SpeakDesignationDigits(ctx.speller, core)};
}

// "The census of 1851 lists him" -> "... of eighteen fifty one lists him" (a verb, not "1851
// lists"); "Since 1998 prices rose", "In 1920 women voted" are years; "a fleet of 1200 ships"
// stays a quantity.
std::optional<Rewrite> RuleYearBeforeVerb(const Context& ctx) {
  const std::string& core = ctx.Cur().core;
  if (!IsYearShape(core) || ctx.i == 0 || !ctx.At(ctx.i - 1).trail.empty()) return std::nullopt;
  const std::string& prev = ctx.At(ctx.i - 1).core;
  if (!ctx.rules.year_context.count(prev) || !ctx.Cur().trail.empty()) return std::nullopt;
  int64_t v = *ParseSmallInt(core);
  if (v < 1100 || v > 2099) return std::nullopt;
  bool opener = ctx.SentenceStart(ctx.i - 1) && IsCapitalized(prev);  // "In 1920 women voted"
  bool time_only = ctx.rules.year_only_context.count(prev) > 0;
  if (!opener && !time_only && !VerbWithObject(ctx, ctx.i + 1)) return std::nullopt;
  return Rewrite{ctx.speller.Year(v)};
}

}  // namespace narrate::text::internal
