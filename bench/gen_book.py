#!/usr/bin/env python3
"""Generate a deterministic, original, novel-length book for bench/run.sh.

Usage: gen_book.py OUT_BOOK OUT_LEXICON [--words N] [--chapters C] [--seed S]

The prose is assembled procedurally from word lists and sentence templates:
invented names, places, numbers, money, times, years and dialogue, so that
narrate's normaliser and lexicon have real work to do. Chapters start with
lines "Chapter N. Title"; paragraphs are separated by blank lines.

One invented name (UNIQUE_NAME) is placed in exactly one chapter (the middle
one); OUT_LEXICON gets a single native-format entry for it. The script checks
that the name occurs nowhere else (not even as a substring) and prints
"words=<N> chapters=<C> unique_name=<NAME> unique_chapter=<K>" on stdout.
"""
import argparse
import random
import re
import sys

UNIQUE_NAME = "Zyxquorbel"
UNIQUE_ENTRY = "[[z'Iksk@bEl]]"  # eSpeak mnemonics

# Syllables for invented names. None of them can build "zyxquorbel".
ONSETS = ["b", "br", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p",
          "r", "s", "st", "t", "th", "v", "w"]
VOWELS = ["a", "e", "i", "o", "u", "ae", "ia", "ou"]
CODAS = ["", "n", "r", "l", "s", "th", "m", "nd", "rk", "sk"]

NOUNS = ["lantern", "river", "harbour", "bridge", "window", "letter", "candle",
         "orchard", "ledger", "compass", "storm", "market", "tower", "garden",
         "wagon", "kettle", "mirror", "ferry", "archive", "lighthouse", "clock",
         "workshop", "cellar", "map", "violin", "shadow", "winter", "harvest",
         "signal", "ribbon", "staircase", "quarry", "meadow", "well", "coat",
         "boat", "key", "door", "roof", "song", "rumour", "promise", "debt",
         "ship", "forge", "hill", "road", "field", "chapel", "tide", "rope"]
ADJECTIVES = ["old", "quiet", "narrow", "bright", "crooked", "patient", "cold",
              "heavy", "silver", "distant", "broken", "careful", "grey", "warm",
              "hidden", "restless", "pale", "stubborn", "salt-stained", "tall",
              "hollow", "gentle", "northern", "forgotten", "slow", "sudden",
              "faded", "crowded", "empty", "amber", "wet", "lonely", "busy"]
VERBS_PAST = ["carried", "opened", "found", "mended", "watched", "counted",
              "followed", "remembered", "painted", "traded", "lit", "crossed",
              "buried", "sold", "repaired", "borrowed", "studied", "climbed",
              "signed", "measured", "kept", "answered", "folded", "guarded"]
VERBS_INTR = ["waited", "laughed", "hesitated", "listened", "shivered",
              "sighed", "wandered", "slept", "worked", "argued", "returned",
              "stopped", "nodded", "frowned", "whistled", "lingered"]
ADVERBS = ["slowly", "quietly", "again", "at last", "without a word",
           "before dawn", "after supper", "in the rain", "by lamplight",
           "for a long time", "once more", "too late", "almost gladly"]
SAY_VERBS = ["said", "asked", "whispered", "called", "replied", "muttered",
             "admitted", "insisted"]
FEELINGS = ["afraid", "certain", "tired", "glad", "curious", "angry",
            "ashamed", "hopeful", "uneasy", "proud"]
TIMES_OF_DAY = ["morning", "evening", "afternoon", "night", "dusk", "noon"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday"]
TITLE_WORDS = ["Lantern", "River", "Harbour", "Bridge", "Letter", "Orchard",
               "Ledger", "Compass", "Storm", "Market", "Tower", "Winter",
               "Harvest", "Signal", "Ferry", "Archive", "Quarry", "Debt",
               "Promise", "Tide", "Forge", "Chapel", "Well", "Key", "Map"]
TITLE_ADJ = ["Quiet", "Crooked", "Silver", "Distant", "Broken", "Hidden",
             "Last", "Northern", "Forgotten", "Long", "Pale", "Amber", "Cold"]


def invent_name(rng, syllables=None):
    n = syllables or rng.choice([2, 2, 2, 3])
    s = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(n))
    s += rng.choice(CODAS)
    return s.capitalize()


class Writer:
    def __init__(self, rng, people, places):
        self.rng = rng
        self.people = people
        self.places = places
        self.extra = []  # names forced into the current chapter

    def person(self):
        if self.extra and self.rng.random() < 0.25:
            return self.rng.choice(self.extra)
        return self.rng.choice(self.people)

    def place(self):
        return self.rng.choice(self.places)

    def np(self):
        r = self.rng
        return f"the {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"

    def amount(self):
        """A price or a count: "$12.50", "42 lanterns", "1,250 steps"."""
        r = self.rng
        k = r.randrange(3)
        if k == 0:
            return f"${r.randint(1, 400)}.{r.randint(0, 99):02d}"
        if k == 1:
            return f"{r.randint(2, 99)} {plural(r.choice(NOUNS))}"
        return f"{r.randint(100, 9999):,} {r.choice(['coins', 'crowns', 'silver pieces'])}"

    def when(self):
        """A point in time: "7:45", "March 3, 1852", "the 21st of May"."""
        r = self.rng
        k = r.randrange(4)
        if k == 0:
            return f"{r.randint(1, 12)}:{r.choice(['00', '15', '30', '45'])}"
        if k == 1:
            return f"{r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(1780, 1913)}"
        if k == 2:
            d = r.randint(1, 31)
            return f"the {d}{ordinal(d)} of {r.choice(MONTHS)}"
        return f"the winter of {r.randint(1780, 1913)}"

    def two_places(self):
        a, b = self.rng.sample(self.places, 2)
        return a, b

    def sentence(self):
        r = self.rng
        k = r.randrange(12)
        p, q = self.person(), self.person()
        if k == 0:
            s = f"{p} {r.choice(VERBS_PAST)} {self.np()} {r.choice(ADVERBS)}"
        elif k == 1:
            s = f"In {self.place()}, {p} {r.choice(VERBS_INTR)} while {q} {r.choice(VERBS_PAST)} {self.np()}"
        elif k == 2:
            s = f"It was {r.choice(WEEKDAYS)} {r.choice(TIMES_OF_DAY)}, and {self.np()} stood {r.choice(['open', 'silent', 'dark', 'crowded'])}"
        elif k == 3:
            s = f"{p} had paid {self.amount()} for {self.np()}, which {q} thought was too much"
        elif k == 4:
            s = f"Nobody in {self.place()} remembered {self.np()} before {self.when()}"
        elif k == 5:
            s = f"{p} {r.choice(VERBS_INTR)}, {r.choice(ADVERBS)}, and then {r.choice(VERBS_PAST)} {self.np()}"
        elif k == 6:
            a, b = self.two_places()
            s = f"The road from {a} to {b} was {r.randint(3, 90)} miles of {r.choice(ADJECTIVES)} country"
        elif k == 7:
            s = f"{p} was {r.choice(FEELINGS)}, though {q} could not say why"
        elif k == 8:
            s = f"By {self.when()} the {r.choice(NOUNS)} had been {r.choice(VERBS_PAST)} {r.choice(ADVERBS)}"
        elif k == 9:
            s = f"{q} kept {self.np()} under {self.np()}, as {p} had once {r.choice(VERBS_PAST)} it"
        elif k == 10:
            s = f"When {p} reached {self.place()}, {self.np()} had already {r.choice(VERBS_INTR)}"
        else:
            s = f"{p} and {q} {r.choice(VERBS_PAST)} {self.np()} and {r.choice(VERBS_PAST)} {self.np()}"
        return s[0].upper() + s[1:] + (r.choice([".", ".", "!"]) if k == 7 else ".")

    def dialogue(self):
        r = self.rng
        p = self.person()
        line = r.choice([
            f"Have you seen {self.np()}?",
            f"I was {r.choice(FEELINGS)}, that is all.",
            f"We leave for {self.place()} at {r.randint(1, 12)}:{r.choice(['00', '30'])}.",
            f"It cost {self.amount()}, and I would pay it again.",
            f"Tell {self.person()} that {self.np()} is {r.choice(['gone', 'mended', 'safe', 'sold'])}.",
            f"Not {r.choice(['tonight', 'yet', 'here', 'again'])}.",
            f"{r.randint(2, 60)} years, and still {self.np()} {r.choice(VERBS_INTR)}.",
        ])
        verb = r.choice(SAY_VERBS)
        if r.random() < 0.5:
            if line.endswith("."):
                line = line[:-1] + ","
            return f"\u201c{line}\u201d {verb} {p}."
        return f"{p} {verb}, \u201c{line}\u201d"

    def paragraph(self):
        r = self.rng
        parts = []
        for _ in range(r.randint(3, 8)):
            parts.append(self.dialogue() if r.random() < 0.2 else self.sentence())
        return " ".join(parts)


def plural(noun):
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch")):
        return noun + "es"
    return noun + "s"


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("book")
    ap.add_argument("lexicon")
    ap.add_argument("--words", type=int, default=60000)
    ap.add_argument("--chapters", type=int, default=25)
    ap.add_argument("--seed", type=int, default=20240605)
    a = ap.parse_args()
    if a.chapters < 1 or a.words < a.chapters * 50:
        sys.exit("gen_book.py: need at least 50 words per chapter")

    rng = random.Random(a.seed)
    names = set()
    while len(names) < 60:
        names.add(invent_name(rng))
    names = sorted(names)
    rng.shuffle(names)
    people, places = names[:40], [n + rng.choice(["", " Cross", " Hollow", "mouth", " Bay"])
                                  for n in names[40:]]

    w = Writer(rng, people, places)

    # Chapter sizes vary +-35% around the mean, summing to the target.
    weights = [rng.uniform(0.65, 1.35) for _ in range(a.chapters)]
    total_w = sum(weights)
    targets = [max(50, round(a.words * x / total_w)) for x in weights]
    unique_ch = (a.chapters + 1) // 2  # 1-based

    out, used_titles, words = [], set(), 0
    for ch in range(1, a.chapters + 1):
        while True:
            title = f"The {rng.choice(TITLE_ADJ)} {rng.choice(TITLE_WORDS)}"
            if title not in used_titles:
                used_titles.add(title)
                break
        heading = f"Chapter {ch}. {title}"
        out.append(heading)
        ch_words = len(heading.split())
        w.extra = [UNIQUE_NAME] if ch == unique_ch else []
        paras = []
        while ch_words + 40 < targets[ch - 1]:  # a paragraph is ~80 words
            p = w.paragraph()
            paras.append(p)
            ch_words += len(p.split())
        if ch == unique_ch and not any(UNIQUE_NAME in p for p in paras):
            paras.append(f"{UNIQUE_NAME} closed the ledger and said nothing more.")
            ch_words += 7
        out.extend(paras)
        words += ch_words

    text = "\n\n".join(out) + "\n"

    # Verify: the unique name occurs in exactly one chapter, nowhere else.
    chapters = re.split(r"(?m)^(?=Chapter \d+\. )", text)
    chapters = [c for c in chapters if c.strip()]
    hits = [i + 1 for i, c in enumerate(chapters) if UNIQUE_NAME.lower() in c.lower()]
    if hits != [unique_ch] or len(chapters) != a.chapters:
        sys.exit(f"gen_book.py: unique name found in chapters {hits}, expected [{unique_ch}]")

    with open(a.book, "w", encoding="utf-8") as f:
        f.write(text)
    with open(a.lexicon, "w", encoding="utf-8") as f:
        f.write("# bench: one entry, matching one chapter only\n")
        f.write(f"{UNIQUE_NAME}\t{UNIQUE_ENTRY}\n")
    count = chapters[unique_ch - 1].count(UNIQUE_NAME)
    print(f"words={len(text.split())} chapters={a.chapters} unique_name={UNIQUE_NAME} "
          f"unique_chapter={unique_ch} unique_occurrences={count}")


if __name__ == "__main__":
    main()
