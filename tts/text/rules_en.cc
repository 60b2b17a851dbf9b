// The English rule table: word lists the rules consult, and the rule order.
// A new locale adds its own table here (or in a sibling file) and its own rule list;
// locales without one get GenericRules: typography plus ICU numbers.
#include <mutex>

#include "tts/text/internal.h"

namespace narrate::text::internal {
namespace {

void AddTitlesAndAbbrevs(LocaleRules& r) {
  // Titles drop their period and never end a sentence: "Mr. Kirk" -> "Mister Kirk".
  r.title_abbrevs = {
      {"Mr.", "Mister"}, {"Mrs.", "Missus"}, {"Ms.", "Miz"}, {"Dr.", "Doctor"},
      {"Lt.", "Lieutenant"}, {"Capt.", "Captain"}, {"Cpt.", "Captain"}, {"Adm.", "Admiral"},
      {"Cmdr.", "Commander"}, {"Cdr.", "Commander"}, {"Col.", "Colonel"}, {"Gen.", "General"},
      {"Sgt.", "Sergeant"}, {"Cpl.", "Corporal"}, {"Pvt.", "Private"}, {"Maj.", "Major"},
      {"Ens.", "Ensign"}, {"Prof.", "Professor"}, {"Rev.", "Reverend"}, {"Gov.", "Governor"},
      {"Sen.", "Senator"}, {"Rep.", "Representative"}, {"Pres.", "President"},
      {"Hon.", "Honorable"}, {"Fr.", "Father"}, {"Mt.", "Mount"}, {"Ft.", "Fort"},
      {"St.", "Saint"}, {"Messrs.", "Messieurs"}, {"Mme.", "Madame"}, {"Cmdre.", "Commodore"}};
  // Other abbreviations: "e.g." -> "for example"; the period stays only at a sentence end.
  r.abbrevs = {
      {"e.g.", "for example"}, {"i.e.", "that is"}, {"etc.", "et cetera"}, {"vs.", "versus"},
      {"vs", "versus"}, {"v.", "versus"}, {"approx.", "approximately"}, {"a.k.a.", "also known as"},
      {"cf.", "compare"}, {"viz.", "namely"}, {"ca.", "circa"}, {"Jr.", "Junior"},
      {"Sr.", "Senior"}, {"Inc.", "Incorporated"}, {"Ltd.", "Limited"}, {"Corp.", "Corporation"},
      {"Co.", "Company"}, {"Bros.", "Brothers"}, {"Dept.", "Department"}, {"Ave.", "Avenue"},
      {"Blvd.", "Boulevard"}, {"Rd.", "Road"}, {"Esq.", "Esquire"}, {"No.", "number"},
      {"no.", "number"}, {"Nos.", "numbers"}, {"pp.", "pages"}, {"p.", "page"},
      {"vol.", "volume"}, {"Vol.", "volume"}, {"ch.", "chapter"}, {"Ch.", "chapter"},
      {"fig.", "figure"}, {"Fig.", "figure"}, {"et al.", "et al"}, {"min.", "minutes"},
      {"hr.", "hour"}, {"hrs.", "hours"}, {"sec.", "seconds"}, {"Univ.", "University"},
      {"Jan.", "January"}, {"Feb.", "February"}, {"Mar.", "March"}, {"Apr.", "April"},
      {"Jun.", "June"}, {"Jul.", "July"}, {"Aug.", "August"}, {"Sep.", "September"},
      {"Sept.", "September"}, {"Oct.", "October"}, {"Nov.", "November"}, {"Dec.", "December"},
      {"WWII", "World War two"}, {"WWI", "World War one"}, {"WW2", "World War two"},
      {"WW1", "World War one"}, {"al.", "al"}};
  // Old books: "&c." -> "et cetera"; "MSS." -> "manuscripts"; "Jas. Hook" -> "James Hook".
  r.abbrevs.insert({{"&c.", "et cetera"}, {"&c", "et cetera"}, {"MS.", "manuscript"},
                    {"MSS.", "manuscripts"}, {"ibid.", "ibidem"}, {"Ibid.", "ibidem"},
                    {"ib.", "ibidem"}, {"inst.", "instant"}, {"ult.", "ultimo"},
                    {"prox.", "proximo"}, {"Jas.", "James"}, {"Geo.", "George"},
                    {"Chas.", "Charles"}, {"Wm.", "William"}, {"Thos.", "Thomas"},
                    {"Robt.", "Robert"}, {"Jno.", "John"}, {"Benj.", "Benjamin"},
                    {"Saml.", "Samuel"}, {"Richd.", "Richard"}, {"Bart.", "Baronet"},
                    {"Chap.", "chapter"}, {"chap.", "chapter"}, {"bk.", "book"}, {"Bk.", "book"},
                    {"pt.", "part"}, {"Pt.", "part"}, {"sc.", "scene"}, {"Sect.", "section"}});
}

void AddNeverFinal(LocaleRules& r) {
  // "Kirk vs. Khan" -> "Kirk versus Khan": these never end a sentence.
  r.never_final = {"e.g.", "i.e.", "vs.", "v.", "cf.", "a.k.a.", "No.", "no.", "Nos.", "p.",
                   "pp.", "vol.", "Vol.", "ch.", "Ch.", "fig.", "Fig.", "approx.", "viz.", "ca.",
                   "Chap.", "bk.", "Bk.", "pt.", "Pt.", "sc.", "Sect.", "ib.",
                   "Jas.", "Geo.", "Chas.", "Wm.", "Thos.", "Robt.", "Jno.", "Benj.", "Saml.",
                   "Richd."};
}

void AddMoreUnits(LocaleRules& r) {
  // Kitchen, engine, land and power units: "2 tsp" -> "two teaspoons", "40 mpg" -> "forty
  // miles per gallon"; two-word units are keyed with a space: "850 sq ft" -> "square feet".
  r.units.insert({
      {"gal", {"gallon", "gallons"}}, {"gals", {"gallons", "gallons"}},
      {"tsp", {"teaspoon", "teaspoons"}}, {"tsps", {"teaspoons", "teaspoons"}},
      {"tbsp", {"tablespoon", "tablespoons"}}, {"tbsps", {"tablespoons", "tablespoons"}},
      {"tbs", {"tablespoon", "tablespoons"}}, {"Tbsp", {"tablespoon", "tablespoons"}},
      {"qt", {"quart", "quarts"}}, {"qts", {"quarts", "quarts"}},
      {"yds", {"yards", "yards"}}, {"mins", {"minutes", "minutes"}},
      {"secs", {"seconds", "seconds"}}, {"mpg", {"mile per gallon", "miles per gallon"}},
      {"psi", {"pound per square inch", "pounds per square inch"}},
      {"rpm", {"revolution per minute", "revolutions per minute"}},
      {"kWh", {"kilowatt hour", "kilowatt hours"}}, {"Wh", {"watt hour", "watt hours"}},
      {"mAh", {"milliamp hour", "milliamp hours"}}, {"mA", {"milliamp", "milliamps"}},
      {"dB", {"decibel", "decibels"}}, {"hp", {"horsepower", "horsepower"}},
      {"bhp", {"brake horsepower", "brake horsepower"}},
      {"cwt", {"hundredweight", "hundredweight"}},
      {"ft-lb", {"foot pound", "foot pounds"}}, {"ft-lbs", {"foot pounds", "foot pounds"}},
      {"lb-ft", {"pound foot", "pound feet"}}, {"MW", {"megawatt", "megawatts"}},
      {"GW", {"gigawatt", "gigawatts"}}, {"kV", {"kilovolt", "kilovolts"}},
      {"mV", {"millivolt", "millivolts"}}, {"kJ", {"kilojoule", "kilojoules"}},
      {"kcal", {"kilocalorie", "kilocalories"}}, {"kPa", {"kilopascal", "kilopascals"}},
      {"atm", {"atmosphere", "atmospheres"}}, 
      {"mmHg", {"millimeter of mercury", "millimeters of mercury"}},
      {"nm", {"nanometer", "nanometers"}},
      {"µm", {"micrometer", "micrometers"}}, {"μm", {"micrometer", "micrometers"}},
      {"mcg", {"microgram", "micrograms"}}, {"µg", {"microgram", "micrograms"}},
      {"cc", {"cubic centimeter", "cubic centimeters"}}, {"dl", {"deciliter", "deciliters"}},
      {"dL", {"deciliter", "deciliters"}}, {"cl", {"centiliter", "centiliters"}},
      {"ppm", {"part per million", "parts per million"}},
      {"Mbps", {"megabit per second", "megabits per second"}},
      {"kbps", {"kilobit per second", "kilobits per second"}},
      {"Gbps", {"gigabit per second", "gigabits per second"}},
      {"bbl", {"barrel", "barrels"}}, {"doz", {"dozen", "dozen"}}, {"¢", {"cent", "cents"}},
      {"kn", {"knot", "knots"}}, {"kts", {"knots", "knots"}},
      {"mi²", {"square mile", "square miles"}}, {"in²", {"square inch", "square inches"}},
      {"yd²", {"square yard", "square yards"}}, {"cm²", {"square centimeter",
      "square centimeters"}}, {"mm²", {"square millimeter", "square millimeters"}},
      {"ft³", {"cubic foot", "cubic feet"}}, {"in³", {"cubic inch", "cubic inches"}},
      {"sq ft", {"square foot", "square feet"}}, {"sq in", {"square inch", "square inches"}},
      {"sq mi", {"square mile", "square miles"}}, {"sq yd", {"square yard", "square yards"}},
      {"sq m", {"square meter", "square meters"}}, {"sq km", {"square kilometer",
      "square kilometers"}}, {"sq cm", {"square centimeter", "square centimeters"}},
      {"cu ft", {"cubic foot", "cubic feet"}}, {"cu in", {"cubic inch", "cubic inches"}},
      {"cu yd", {"cubic yard", "cubic yards"}}, {"cu m", {"cubic meter", "cubic meters"}},
      {"cu cm", {"cubic centimeter", "cubic centimeters"}},
      {"fl oz", {"fluid ounce", "fluid ounces"}}});
  // Only as a separate word after a number ("11 st", "2 pt"), never "21st" or "12pt".
  r.spaced_units = {{"st", {"stone", "stone"}}, {"pt", {"pint", "pints"}},
                    {"pts", {"pints", "pints"}}};
  // The smaller unit of a compound: "6 ft 2 in" -> "six feet two inches".
  r.compound_units = {{"ft in", {"inch", "inches"}}, {"feet in", {"inch", "inches"}},
                      {"foot in", {"inch", "inches"}}, {"yd in", {"inch", "inches"}}};
  // Signs read before a measure: "±3 mm" -> "plus or minus three millimeters" ("+/-" before "+").
  r.measure_signs = {"±", "+/-", "~", "≈", "+", "<", ">"};
}

void AddUnits(LocaleRules& r) {
  // "5 km" -> "five kilometers"; "1 ft" -> "one foot".
  r.units = {
      {"km", {"kilometer", "kilometers"}}, {"m", {"meter", "meters"}},
      {"cm", {"centimeter", "centimeters"}}, {"mm", {"millimeter", "millimeters"}},
      {"mi", {"mile", "miles"}}, {"ft", {"foot", "feet"}}, {"in.", {"inch", "inches"}},
      {"yd", {"yard", "yards"}}, {"kg", {"kilogram", "kilograms"}}, {"g", {"gram", "grams"}},
      {"mg", {"milligram", "milligrams"}}, {"lb", {"pound", "pounds"}},
      {"lbs", {"pounds", "pounds"}}, {"oz", {"ounce", "ounces"}}, {"l", {"liter", "liters"}},
      {"L", {"liter", "liters"}}, {"ml", {"milliliter", "milliliters"}},
      {"mL", {"milliliter", "milliliters"}}, {"mph", {"mile per hour", "miles per hour"}},
      {"km/h", {"kilometer per hour", "kilometers per hour"}},
      {"kph", {"kilometer per hour", "kilometers per hour"}},
      {"m/s", {"meter per second", "meters per second"}}, {"h", {"hour", "hours"}},
      {"hr", {"hour", "hours"}}, {"hrs", {"hours", "hours"}}, {"min", {"minute", "minutes"}},
      {"sec", {"second", "seconds"}}, {"ms", {"millisecond", "milliseconds"}},
      {"Hz", {"hertz", "hertz"}}, {"kHz", {"kilohertz", "kilohertz"}},
      {"MHz", {"megahertz", "megahertz"}}, {"GHz", {"gigahertz", "gigahertz"}},
      {"W", {"watt", "watts"}}, {"kW", {"kilowatt", "kilowatts"}}, {"V", {"volt", "volts"}},
      {"KB", {"kilobyte", "kilobytes"}}, {"MB", {"megabyte", "megabytes"}},
      {"GB", {"gigabyte", "gigabytes"}}, {"TB", {"terabyte", "terabytes"}},
      {"°C", {"degree Celsius", "degrees Celsius"}}, {"°F", {"degree Fahrenheit", "degrees Fahrenheit"}},
      {"°", {"degree", "degrees"}},
      {"ly", {"light year", "light years"}}, {"AU", {"astronomical unit", "astronomical units"}},
      {"m²", {"square meter", "square meters"}}, {"km²", {"square kilometer", "square kilometers"}},
      {"ft²", {"square foot", "square feet"}}, {"m³", {"cubic meter", "cubic meters"}},
      {"cm³", {"cubic centimeter", "cubic centimeters"}}, {"ha", {"hectare", "hectares"}},
      {"gs.", {"guinea", "guineas"}}, {"gns.", {"guinea", "guineas"}},
      {"gns", {"guinea", "guineas"}}};
  AddMoreUnits(r);
}

void AddMoneyAndDates(LocaleRules& r) {
  // "$5.50" -> "five dollars and fifty cents"
  r.currencies = {{"$", {"dollar", "dollars", "cent", "cents"}},
                  {"£", {"pound", "pounds", "penny", "pence", true}},
                  {"€", {"euro", "euros", "cent", "cents"}},
                  {"¥", {"yen", "yen", "sen", "sen"}},
                  {"₹", {"rupee", "rupees", "paisa", "paise"}}};
  // "$1.2 million" and "$3k" -> "one point two million dollars", "three thousand dollars"
  r.scales = {{"thousand", "thousand"}, {"million", "million"}, {"billion", "billion"},
              {"trillion", "trillion"}, {"k", "thousand"}, {"K", "thousand"}, {"m", "million"},
              {"M", "million"}, {"bn", "billion"}, {"B", "billion"}};
  r.month_names = {"January", "February", "March", "April", "May", "June", "July",
                   "August", "September", "October", "November", "December"};
  for (size_t k = 0; k < r.month_names.size(); ++k) {
    r.months[r.month_names[k]] = static_cast<int>(k + 1);
    r.months[r.month_names[k].substr(0, 3) + "."] = static_cast<int>(k + 1);
  }
  r.months["Sept."] = 9;
}

void AddMoneyContext(LocaleRules& r) {
  // "$20/mo" -> "twenty dollars per month"; table units ("kg") also work after "/".
  r.per_units = {{"mo", "month"}, {"month", "month"}, {"wk", "week"}, {"week", "week"},
                 {"yr", "year"}, {"year", "year"}, {"annum", "annum"}, {"day", "day"},
                 {"night", "night"}, {"hour", "hour"}, {"hr", "hour"}, {"h", "hour"},
                 {"min", "minute"}, {"minute", "minute"}, {"s", "second"}, {"sec", "second"},
                 {"second", "second"}, {"person", "person"}, {"head", "head"},
                 {"piece", "piece"}, {"item", "item"}, {"unit", "unit"}, {"page", "page"},
                 {"copy", "copy"}, {"gal", "gallon"}, {"gallon", "gallon"}, {"ton", "ton"},
                 {"litre", "litre"}, {"liter", "liter"}, {"mile", "mile"}, {"acre", "acre"},
                 {"sq ft", "square foot"}, {"seat", "seat"}, {"share", "share"}};
  // "6d." -> "sixpence"; other amounts are "<n> pence".
  r.pence_words = {{2, "twopence"}, {3, "threepence"}, {4, "fourpence"}, {5, "fivepence"},
                   {6, "sixpence"}, {7, "sevenpence"}, {8, "eightpence"}, {9, "ninepence"},
                   {10, "tenpence"}, {11, "elevenpence"}};
  // "paid 2/6" is two shillings and sixpence; "2/6" alone is not money.
  r.money_cues = {"at", "cost", "costs", "costing", "paid", "pay", "pays", "price", "priced",
                  "for", "worth", "charged", "charge", "charges", "sold", "bought", "fetched",
                  "fare", "rent", "wage", "wages", "earned", "earns", "spent", "owed", "owes",
                  "lent", "fee", "fine", "fined", "of", "only", "just", "about", "each",
                  "apiece", "per", "sells", "sell", "buy", "buys", "tip", "subscription"};
  // Earlier in the sentence: "the price of the print was 7/6".
  r.money_words = {"cost", "costs", "paid", "price", "priced", "prices", "fare", "fee", "rent",
                   "wage", "wages", "worth", "sold", "bought", "charged", "fetched", "spent",
                   "owed", "bill", "shillings", "shilling", "pence", "money", "sum", "salary"};
  // "a £5 note" -> "a five pound note"
  r.money_nouns = {"note", "notes", "bill", "bills", "coin", "coins", "piece", "pieces", "cheque",
                   "cheques", "check", "checks", "ticket", "tickets", "fine", "fines", "fee",
                   "fees", "bet", "bets", "bond", "bonds", "voucher", "vouchers", "prize",
                   "reward", "tip", "bribe", "deal", "loan", "stamp", "stamps", "question",
                   "bottle", "meal", "budget", "contract", "fund", "investment", "gift",
                   "donation", "salary", "bonus", "bag", "suit", "hat", "watch", "ring"};
  r.determiners = {"a", "an", "the", "this", "that", "these", "those", "his", "her", "their",
                   "our", "my", "your", "its", "each", "every", "another", "one", "A", "An",
                   "The", "This", "That", "His", "Her", "Their", "Our", "My", "Your"};
  // Words after an amount that show it is not a modifier: "the $5 he owed", "a $5 more".
  r.attributive_stop = {"a", "an", "the", "and", "or", "but", "nor", "per", "each", "apiece",
                        "for", "to", "in", "on", "at", "of", "from", "by", "with", "into",
                        "more", "less", "than", "is", "was", "were", "are", "be", "been",
                        "will", "would", "could", "should", "might", "may", "must", "can",
                        "had", "has", "have", "did", "do", "does", "he", "she", "it", "they",
                        "we", "you", "i", "me", "him", "her", "them", "us", "that", "which",
                        "who", "whom", "off", "back", "down", "up", "out", "over", "now",
                        "then", "only", "cash", "extra", "if", "as", "so", "too", "plus",
                        "minus", "worth", "total", "altogether", "left", "short", "ago",
                        "apart", "later", "before", "after", "while", "when", "where",
                        "not", "all", "both", "down", "instead", "again", "still", "yet"};
  // "in her 20s." is a decade, "It cost 20s." is twenty shillings.
  r.decade_context = {"the", "her", "his", "their", "my", "our", "your", "its", "early", "late",
                      "mid", "The", "Her", "His", "Their", "My", "Our", "Your", "Early", "Late"};
  // "mid-1980s" -> "mid nineteen eighties"; "pre-1914" -> "pre nineteen fourteen"
  r.number_prefixes = {"mid", "early", "late", "pre", "post", "Mid", "Early", "Late", "Pre",
                       "Post"};
}

void AddLetterWords(LocaleRules& r) {
  // Spelled with spaces: "FBI" -> "F B I".
  r.initialisms = {"FBI", "CIA", "USS", "USA", "UK", "EU", "UN", "BBC", "CNN", "NBC", "CBS",
                   "ABC", "HBO", "TV", "DVD", "CD", "PC", "IBM", "HP", "GPS", "DNA", "RNA",
                   "ID", "IQ", "IOU", "VIP", "CEO", "CFO", "CTO", "MP", "PM", "AM", "FM",
                   "HR", "PR", "ATM", "BMW", "NHS", "MIT", "NYPD", "LAPD", "IRS", "KGB", "NSA",
                   "DIY", "FAQ", "RSVP", "SOS", "USB", "URL", "HTML", "HTTP", "API", "CPU",
                   "GPU", "LED", "LCD", "TNT", "UFO", "ICU", "ER", "ETA", "RIP", "ISS", "EVA",
                   "POW", "MIA", "UV", "AC", "DC", "NYC", "LA", "UAE", "USSR", "RAF", "HMS",
                   "SS", "RMS", "IRA", "US", "UFP", "XO", "CO", "MD", "PhD", "BC", "AD",
                   "BCE", "CE", "CV", "XL", "MC", "OJ", "DJ", "VR", "AI", "IT", "EMT", "ASAP",
                   "NCC", "ESA", "WHO", "NPC", "RPG", "PDF", "JFK", "LBJ", "FDR", "NFL", "NBA",
                   "MLB", "BBQ", "AWACS", "SUV", "GDP", "OED", "PS", "BS", "BA", "MA", "MSc"};
  // Said as words, left as written: "NASA".
  r.acronyms = {"NASA", "NATO", "UNESCO", "UNICEF", "OPEC", "FIFA", "LASER", "RADAR", "SCUBA",
                "AIDS", "COVID", "NASDAQ", "GIF", "JPEG", "PIN", "SIM", "RAM", "ROM", "AWOL",
                "ASCII", "CAPTCHA", "SWAT", "OSHA", "FEMA", "NAFTA", "INTERPOL", "IKEA",
                "LEGO", "SARS", "NORAD", "DARPA", "UEFA", "ISIS", "ANZAC", "TASER", "SONAR",
                "MASH", "SEAL", "NIMBY", "YOLO", "BAFTA", "OFSTED", "WIFI"};
  // Short all-caps words read as emphasis, not letters: "NO" -> "no".
  r.caps_words = {"NO", "GO", "SO", "IS", "AN", "AT", "BE", "DO", "HE", "ME", "MY", "OF",
                  "ON", "OR", "TO", "UP", "WE", "IN", "IF", "AS", "BY", "OH", "HI", "OW", "AH",
                  "HA", "YA", "OX", "A", "I"};
  r.symbols = {{"&", "and"}, {"@", "at"}, {"+", "plus"}, {"=", "equals"}, {"%", "percent"},
               {"§", "section"}, {"©", "copyright"}, {"×", "times"}, {"÷", "divided by"},
               {"±", "plus or minus"}, {"#", "number"}, {"°", "degrees"}, {"~", "about"},
               {"™", ""}, {"®", ""}, {"*", ""}, {"^", ""}, {"|", ""}, {"/", "or"},
               {"²", "squared"}, {"³", "cubed"}, {"\\", ""}, {"<", "less than"},
               {">", "greater than"}, {"≈", "about"},
               {"+/-", "plus or minus"}};
}

void AddContextWords(LocaleRules& r) {
  // "Henry VIII" -> "Henry the eighth"
  r.regnal_names = {"Henry", "Edward", "George", "William", "Richard", "Charles", "James",
                    "John", "Louis", "Elizabeth", "Mary", "Victoria", "Anne", "Philip",
                    "Ferdinand", "Frederick", "Gregory", "Pius", "Benedict", "Leo", "Innocent",
                    "Clement", "Paul", "Peter", "Alexander", "Nicholas", "Ivan", "Catherine",
                    "Constantine", "Ramesses", "Ptolemy", "Napoleon", "Wilhelm", "Otto",
                    "Alfonso", "Carlos", "Juan", "Gustav", "Gustavus", "Christian", "Olaf",
                    "Harald", "Haakon", "Pedro", "Manuel", "Boniface", "Urban", "Sixtus",
                    "Felipe", "Joseph", "Francis", "Rudolf", "Casimir", "Sigismund", "Mehmed",
                    "Selim", "Suleiman", "Rama", "Amenhotep", "Thutmose", "Darius", "Xerxes",
                    "Antiochus", "Herod", "Cleopatra", "Malcolm", "David", "Robert", "Stephen",
                    "Edmund", "Harold", "Ludwig", "Karl", "Friedrich", "Leopold", "Umberto",
                    "Vittorio", "Nero", "Augustus", "Benedikt", "Martin", "Julius", "Adrian",
                    "Eugene", "Sergius", "Hadrian", "Matilda", "Isabella", "Margaret", "Juliana",
                    "Wilhelmina", "Beatrix", "Christina", "Sancho", "Alfred", "Canute", "Cnut"};
  // "Chapter XII" -> "Chapter twelve"
  r.numeral_keywords = {"chapter", "part", "book", "volume", "vol", "act", "scene", "section",
                        "article", "appendix", "phase", "stage", "level", "type", "mark", "mk",
                        "episode", "season", "round", "psalm", "canto", "title", "unit", "wave",
                        "war", "series", "tier", "bowl", "class", "grade", "category", "schedule",
                        "rule", "amendment", "world", "chap", "pt", "no", "number", "division",
                        "stave", "canto", "lecture", "lesson", "plate", "bk", "sc", "sect", "fitt"};
  // Lowercase numerals only after these: "chapter iv", "Act II, scene iii".
  r.label_keywords = {"chapter", "chap", "ch", "book", "bk", "part", "pt", "act", "scene", "sc",
                      "volume", "vol", "canto", "stave", "section", "sect", "psalm", "appendix",
                      "article", "lecture", "lesson", "plate", "fitt", "fytte", "epistle"};
  // "King Henry I was" and "Pope Leo I" are the numeral whatever follows.
  r.regnal_titles = {"King", "Queen", "Pope", "Emperor", "Empress", "Tsar", "Czar", "Tsarina",
                     "Kaiser", "Prince", "Princess", "Duke", "Sultan", "Pharaoh", "Saint",
                     "Shah", "Caliph", "Grand", "Archduke", "Count", "Countess"};
  // Lowercase words inside a title-cased heading: "V In the Golden Age".
  r.title_small_words = {"a", "an", "the", "of", "and", "in", "on", "at", "to", "for", "with",
                         "from", "by", "or", "but", "nor", "into", "upon", "as"};
  // "Class M planet", "Plan B", "Malcolm X": the letter stays a letter.
  r.letter_keywords = {"Class", "Plan", "Vitamin", "Malcolm", "Generation", "Planet", "Model",
                       "Brand", "Project", "Agent", "Type", "Grade", "Area", "Gate", "Block",
                       "Wing", "Deck", "Section", "Sector", "Level", "Ward", "Bay", "Exhibit",
                       "Option", "Group", "Row", "Platform", "Terminal", "Point", "Points",
                       "Square", "Column", "Form", "Annex", "Track", "Letter", "Team", "Battery",
                       "Company", "Side", "Size", "Appendix", "Schedule", "Category", "Division"};
  // "the A team", "an A", "Point A": before these "A" cannot be the article.
  r.letter_determiners = {"the", "an", "this", "that", "his", "her", "my", "your", "our",
                          "their", "its", "every", "each", "whose", "capital", "letter"};
  r.letter_joiners = {"and", "or", "to", "through", "nor", "vs", "versus", "&", "then"};
  // "in 1987" -> year; "1987 ships" -> quantity.
  r.year_context = {"in", "since", "from", "until", "till", "by", "during", "before", "after",
                    "around", "circa", "c.", "ca.", "year", "summer", "winter", "spring",
                    "autumn", "fall", "early", "late", "mid", "of", "to", "through", "and",
                    "In", "Since", "From", "Until", "By", "During", "Before", "After", "Around",
                    "By", "Circa", "Year", "AD", "A.D.", "CE", "the"};
  r.plural_stop = {"was", "has", "is", "does", "this", "his", "its", "as", "yes", "always",
                   "perhaps", "whereas", "thus", "us", "less", "unless", "across", "plus",
                   "besides", "sometimes", "afterwards", "towards", "was,", "hers", "ours"};
  r.irregular_plurals = {"people", "men", "women", "children", "feet", "teeth", "mice",
                         "geese", "sheep", "fish", "deer", "cattle", "personnel", "crew",
                         "more", "other", "new", "old", "dead", "odd"};
  // After a regnal name, "I" is the pronoun when one of these follows: "James I think".
  r.pronoun_followers = {"am", "think", "know", "have", "will", "can", "would", "said", "do",
                         "did", "want", "guess", "suppose", "believe", "mean", "must", "should",
                         "could", "see", "feel", "told", "love", "hope", "need", "wish", "saw",
                         "was", "had", "shall", "may", "might", "went", "knew", "thought", "felt",
                         "got", "made", "took", "found", "came", "gave", "heard", "met", "left",
                         "lost", "kept", "like", "never", "ever", "always", "also", "often",
                         "just", "still", "only", "really", "once", "cannot", "dare", "hate",
                         "remember", "wonder", "fear", "trust", "say", "beg", "began", "tried",
                         "sat", "stood", "ran", "suspect", "understand", "live", "lived",
                         "owe", "swear", "promise", "fancy", "reckon", "cried", "shouted"};
}

void AddSentenceOpeners(LocaleRules& r) {
  // "in the U.S. Then" keeps the period; "the U.S. Army" does not.
  r.sentence_openers = {"The", "Then", "He", "She", "It", "They", "We", "I", "But", "And", "So",
                        "This", "That", "There", "A", "An", "In", "On", "At", "As", "His", "Her",
                        "Their", "Our", "My", "What", "When", "Where", "Why", "How", "Who",
                        "After", "Before", "Now", "Yet", "Still", "Later", "Soon", "If", "Its",
                        "You", "Your", "No", "Yes", "One", "Some", "All", "Not", "Meanwhile"};
}

void AddDateTimeWords(LocaleRules& r) {
  // "1/4/1901" is January fourth in these regions (and for plain "en"), the first of April
  // elsewhere.
  r.month_first_regions = {"", "US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"};
  // "Mon., Jan. 3" -> "Monday, January third"
  r.weekdays = {{"Mon.", "Monday"},     {"Tue.", "Tuesday"},  {"Tues.", "Tuesday"},
                {"Wed.", "Wednesday"},  {"Thu.", "Thursday"}, {"Thur.", "Thursday"},
                {"Thurs.", "Thursday"}, {"Fri.", "Friday"},   {"Sat.", "Saturday"},
                {"Sun.", "Sunday"}};
  // "3 pm EST" -> "three P M E S T"
  r.time_zones = {"EST",  "EDT",  "CST", "CDT", "MST",  "MDT", "PST", "PDT",
                  "GMT",  "UTC",  "BST", "CET", "CEST", "EET", "IST", "JST",
                  "AEST", "AKST", "HST", "AST", "ET",   "PT",  "CT"};
  // "at 6.30" -> "at six thirty"; "at 0600 hours" -> "at oh six hundred hours"
  // "at 2.50 each", "at 1.75 per cent": a price or a rate, not a time
  r.not_time_followers = {"per", "each", "a", "an", "percent", "%", "apiece", "x"};
  r.time_context = {"at",   "by",    "until", "till",   "til",  "before", "after",
                    "from", "since", "about", "around", "past", "between"};
}

void AddAddressWords(LocaleRules& r) {
  // "42 Oak Ave" -> "forty two Oak Avenue"
  r.street_suffixes = {
      {"St", "Street"},      {"Ave", "Avenue"},    {"Av", "Avenue"},       {"Rd", "Road"},
      {"Blvd", "Boulevard"}, {"Dr", "Drive"},      {"Ln", "Lane"},         {"Ct", "Court"},
      {"Pl", "Place"},       {"Sq", "Square"},     {"Ter", "Terrace"},     {"Cir", "Circle"},
      {"Pkwy", "Parkway"},   {"Hwy", "Highway"},   {"Expy", "Expressway"}, {"Fwy", "Freeway"},
      {"Tpke", "Turnpike"},  {"Cres", "Crescent"}, {"Hts", "Heights"},     {"Sts", "Streets"},
      {"Aly", "Alley"},      {"Trl", "Trail"}};
  // "NE 12th St" -> "Northeast twelfth Street"
  r.compass_points = {{"N", "North"},      {"S", "South"},      {"E", "East"},
                      {"W", "West"},       {"NE", "Northeast"}, {"NW", "Northwest"},
                      {"SE", "Southeast"}, {"SW", "Southwest"}};
  // "123 Main St., Apt 4B" -> "..., Apartment four B"
  r.address_units = {{"Apt", "Apartment"}, {"Ste", "Suite"}, {"Suite", "Suite"},  {"Unit", "Unit"},
                     {"Fl", "Floor"},      {"Rm", "Room"},   {"Bldg", "Building"}};
  // "Austin, TX 78701" -> "Austin, Texas seven eight seven oh one"
  r.us_states = {{"AL", "Alabama"},        {"AK", "Alaska"},        {"AZ", "Arizona"},
                 {"AR", "Arkansas"},       {"CA", "California"},    {"CO", "Colorado"},
                 {"CT", "Connecticut"},    {"DE", "Delaware"},      {"FL", "Florida"},
                 {"GA", "Georgia"},        {"HI", "Hawaii"},        {"ID", "Idaho"},
                 {"IL", "Illinois"},       {"IN", "Indiana"},       {"IA", "Iowa"},
                 {"KS", "Kansas"},         {"KY", "Kentucky"},      {"LA", "Louisiana"},
                 {"ME", "Maine"},          {"MD", "Maryland"},      {"MA", "Massachusetts"},
                 {"MI", "Michigan"},       {"MN", "Minnesota"},     {"MS", "Mississippi"},
                 {"MO", "Missouri"},       {"MT", "Montana"},       {"NE", "Nebraska"},
                 {"NV", "Nevada"},         {"NH", "New Hampshire"}, {"NJ", "New Jersey"},
                 {"NM", "New Mexico"},     {"NY", "New York"},      {"NC", "North Carolina"},
                 {"ND", "North Dakota"},   {"OH", "Ohio"},          {"OK", "Oklahoma"},
                 {"OR", "Oregon"},         {"PA", "Pennsylvania"},  {"RI", "Rhode Island"},
                 {"SC", "South Carolina"}, {"SD", "South Dakota"},  {"TN", "Tennessee"},
                 {"TX", "Texas"},          {"UT", "Utah"},          {"VT", "Vermont"},
                 {"VA", "Virginia"},       {"WA", "Washington"},    {"WV", "West Virginia"},
                 {"WI", "Wisconsin"},      {"WY", "Wyoming"},       {"DC", "D C"}};
}

void AddCapsContext(LocaleRules& r) {
  // "page xiv", "p. xiv", "pp. xii-xv": lowercase numerals after these are page numbers.
  r.page_keywords = {"page", "pages", "p", "pp", "folio", "leaf", "preface", "introduction"};
  // "Room 101" -> "Room one oh one"; "PO Box 742" -> "PO Box seven forty two"
  r.designation_keywords = {
      "room", "flight", "suite", "apartment", "apt", "apt.", "platform", "gate", "route",
      "highway", "hwy", "interstate", "bus", "track", "channel", "studio", "cabin", "car",
      "locker", "box", "ward", "unit", "bay", "berth", "pier", "dock", "hangar", "terminal",
      "cell", "bed", "seat", "pew", "stall", "hut", "building", "bldg", "bldg.", "ext",
      "ext.", "extension", "badge", "train", "tram", "line", "lot", "plot", "stand", "booth",
      "court", "office", "cottage", "villa", "chalet", "compartment", "carriage", "coach",
      "engine", "locomotive", "squadron", "regiment", "battalion", "precinct", "district"};
  // An -s word before these is a verb: "the census of 1851 lists him".
  r.verb_objects = {"him", "her", "them", "us", "me", "it", "you", "a", "an", "the", "his",
                    "their", "its", "our", "my", "your", "no", "every", "each", "some", "all",
                    "both", "several", "many", "how", "what", "who", "where", "when", "why",
                    "whether", "himself", "herself", "itself", "themselves", "nothing",
                    "nobody", "everything", "everyone", "something", "someone", "this",
                    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
  // Before a year-shaped number these mean a year even when a plural follows: "Since 1998
  // prices have risen"; a sentence-initial "In 1920 women voted" too (rules_caps.cc).
  r.year_only_context = {"since", "until", "till", "during", "circa", "Since", "Until", "Till",
                         "During", "Circa"};
  AddCommonShortWords(r);
}

LocaleRules MakeEnglish() {
  LocaleRules r;
  r.language = "en";
  AddTitlesAndAbbrevs(r);
  AddNeverFinal(r);
  AddUnits(r);
  AddMoneyAndDates(r);
  AddMoneyContext(r);
  AddLetterWords(r);
  AddContextWords(r);
  AddSentenceOpeners(r);
  AddDateTimeWords(r);
  AddAddressWords(r);
  AddCapsContext(r);
  r.words = {{"and", "and"}, {"to", "to"}, {"the", "the"}, {"of", "of"}, {"half", "half"},
             {"halves", "halves"}, {"quarter", "quarter"}, {"quarters", "quarters"},
             {"a", "a"}, {"dot", "dot"}, {"at", "at"}, {"slash", "slash"}, {"plus", "plus"},
             {"percent", "percent"}, {"oclock", "o'clock"}, {"oh", "oh"}, {"number", "number"},
             {"dash", "dash"}, {"between", "between"}, {"underscore", "underscore"}, {"colon", "colon"},
             {"per", "per"}, {"by", "by"}, {"times", "times"}, {"about", "about"},
             {"or", "or"}, {"pence", "pence"}, {"a penny", "a penny"},
             {"halfpenny", "halfpenny"}, {"three halfpence", "three halfpence"},
             {"farthing", "farthing"}, {"three farthings", "three farthings"},
             {"shilling", "shilling"}, {"shillings", "shillings"},
             {"hundred", "hundred"}, {"hour", "hour"}, {"hours", "hours"}, {"minute", "minute"},
             {"minutes", "minutes"}, {"second", "second"}, {"seconds", "seconds"},
             {"extension", "extension"}};
  return r;
}
}  // namespace

const LocaleRules& EnglishRules() {
  static const LocaleRules rules = MakeEnglish();
  return rules;
}

// Other languages: ICU names and numbers plus the per-language tables of rules_intl.cc.
const LocaleRules& GenericRules(const std::string& language) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<LocaleRules>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[language];
  if (!slot) slot = MakeIntlRules(language);
  return *slot;
}

const std::vector<Rule>& RulesFor(const LocaleRules& rules) {
  static const std::vector<Rule> kEnglish = {
      RuleUrlEmail, RulePhone, RuleIsoDate, RuleSlashDate, RuleWeekday, RuleDashedMonthDate,
      RuleMonthDay, RuleDayMonth, RuleOrdinalOfMonth, RuleTime, RuleDottedTime, RuleClockRange,
      RuleMilitaryTime, RulePoBox, RuleHouseNumber, RuleStreetWord, RuleStateZip,
      RuleEraYear, RuleDesignationNumber,
      RulePreDecimalMoney, RuleShillingSlash, RulePencePer, RuleDecimalPence,
      RuleMoney, RulePercent, RuleNumberPrefix, RuleHyphenMeasure, RuleRange, RuleDecade,
      RuleOldOrdinal, RuleOrdinal, RuleSignedMeasure, RulePer, RuleInches, RuleFeetMark, RuleBy,
      RuleTilde, RulePlusSign, RuleFractionNoun, RuleFraction, RuleMeasureWords, RuleMeasure,
      RuleYearBeforeVerb, RuleYear, RuleNumberSign, RuleNumber, RuleRomanYear,
      RuleRomanHeading, RuleRomanPage, RuleRomanLabel,
      RuleAbbreviation, RuleDottedInitialism, RuleRoman, RuleInitial, RuleLetterA,
      RuleDesignation, RuleAllCaps,
      RulePossessive, RuleTrailingCapital, RuleSymbols};
  static const std::vector<Rule> kGeneric = {
      RuleIntlMoney, RuleIntlPercent, RuleIntlSuffixOrdinal, RuleIntlDottedOrdinal,
      RuleIntlRegnal, RuleIntlYear, RuleIntlNumber, RuleNumber, RuleSymbols};
  return rules.language == "en" ? kEnglish : kGeneric;
}

// The rules that can rewrite a word of plain lowercase letters ("etc", "viz", "iv", "ch"), in
// RulesFor's order; every other English rule needs a digit, a capital or a sign to start.
const std::vector<Rule>& WordRulesFor(const LocaleRules& rules) {
  static const std::vector<Rule> kEnglish = {
      RuleWeekday,   RuleMonthDay,     RuleStreetWord, RuleDesignationNumber, RuleRomanPage,
      RuleRomanLabel, RuleAbbreviation, RuleRoman,      RuleLetterA};
  return rules.language == "en" ? kEnglish : RulesFor(rules);
}

}  // namespace narrate::text::internal
