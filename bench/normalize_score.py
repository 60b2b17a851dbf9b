#!/usr/bin/env python3
"""Score narrate's normaliser by what eSpeak NG says (issue 13, "Must show").

Each case is "input<TAB>expected reading". The input goes through
`narrate normalize` (one process, one line per case, on standard input); then
eSpeak NG turns our output and the expected reading into phonemes
(`espeak-ng -q -x -v VOICE`), and the case passes when the two phoneme
strings are the same:

  strict  the phoneme lines of a case joined by one space, runs of spaces
          collapsed: stress and pauses count;
  loose   also without stress marks (' and ,), pause symbols (_: and _) and
          all white space: only the sounds count.

The baseline column does the same for the raw input given straight to eSpeak
NG (no normaliser), against the same expected reading.

TSV format: '#' lines are comments; a '# name' line starts the class "name",
except on the file's first line (a file header) and '##' lines (plain
comments). Blank lines and lines without a tab are ignored.

Standard library only. Exit status is 0 unless --min-accuracy is given and
the total loose accuracy of the normaliser is below it (or a tool fails).
"""

import argparse
import os
import re
import subprocess
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_NARRATE = os.path.join(HERE, "..", "build", "cli", "narrate")
# A nonsense word on a paragraph of its own between cases. eSpeak NG ends the
# clause at the blank line, so nothing carries across, and prints this word's
# phonemes on a line of its own, which is where the output is split.
SEPARATOR_WORD = "zorkmid"
LOOSE_DROP = re.compile(r"_:|[_',\s]")


class Case:
    def __init__(self, path, line, klass, text, expected):
        self.path, self.line, self.klass = path, line, klass
        self.text, self.expected = text, expected
        self.ours = None
        self.ph = {}  # "ours" / "expected" / "raw" -> phoneme string


def parse_tsv(lines, path="<text>"):
    """'# cardinals\\n5 cats\\tfive cats' -> [Case(klass='cardinals', ...)]."""
    cases, klass = [], "misc"
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            if number > 1 and not line.startswith("##"):
                name = line.lstrip("#").strip()
                klass = name or klass
            continue
        if "\t" not in line:
            continue
        text, expected = line.split("\t", 1)
        cases.append(Case(path, number, klass, text, expected.split("\t")[0]))
    return cases


def strict_form(phonemes):
    """"h@l'oU  w'3:ld\\nDIs" -> "h@l'oU w'3:ld DIs"."""
    return " ".join(phonemes.split())


def loose_form(phonemes):
    """"h@l'oU w'3:ld _:_ DIs" -> "h@loUw3:ldDIs"."""
    return LOOSE_DROP.sub("", phonemes)


def run(argv, text):
    proc = subprocess.run(argv, input=text.encode("utf-8"), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit("%s failed (%d): %s" % (argv[0], proc.returncode,
                                         proc.stderr.decode("utf-8", "replace")[:500]))
    return proc.stdout.decode("utf-8", "replace")


def espeak_lines(espeak, voice, text):
    out = run([espeak, "-q", "-x", "-v", voice], text + "\n")
    return [line.strip() for line in out.splitlines()]


def espeak_one(espeak, voice, text):
    return strict_form(" ".join(espeak_lines(espeak, voice, text)))


def espeak_batch(espeak, voice, texts):
    """Phonemes of each text, from one eSpeak NG process; [] if the split fails."""
    marker = espeak_one(espeak, voice, SEPARATOR_WORD)
    body = "".join(t.replace("\n", " ") + "\n\n" + SEPARATOR_WORD + "\n\n" for t in texts)
    return split_at_marker(espeak_lines(espeak, voice, body), marker, len(texts))


def split_at_marker(lines, marker, count):
    """["a", "b", "", "M", "c", "M"], "M", 2 -> ["a b", "c"]; [] unless exactly count groups."""
    groups, current = [], []
    for line in lines:
        if line == marker:
            groups.append(strict_form(" ".join(current)))
            current = []
        elif line:
            current.append(line)
    if len(groups) != count or current:
        return []
    return groups


def phonemes(espeak, voice, texts, check):
    """Batched phonemes; one process per text when the split fails or to --check-batch it."""
    batch = espeak_batch(espeak, voice, texts)
    if not batch:
        print("note: the batched eSpeak NG split failed; one process per case", file=sys.stderr)
    if check or not batch:
        single = [espeak_one(espeak, voice, t) for t in texts]
        if batch:
            bad = [i for i, (a, b) in enumerate(zip(batch, single)) if a != b]
            for i in bad[:10]:
                print("batch differs: %r\n  batch:  %s\n  single: %s"
                      % (texts[i], batch[i], single[i]), file=sys.stderr)
            print("check-batch: %d of %d differ" % (len(bad), len(texts)), file=sys.stderr)
        return single
    return batch


def normalize_all(narrate, narrate_args, texts):
    out = run([narrate, "normalize"] + narrate_args,
              "".join(t.replace("\n", " ") + "\n" for t in texts))
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(texts):
        sys.exit("narrate normalize gave %d lines for %d cases" % (len(lines), len(texts)))
    return lines


def passes(case, side, loose):
    form = loose_form if loose else strict_form
    return form(case.ph[side]) == form(case.ph["expected"])


def percent(n, d):
    return "%5.1f%%" % (100.0 * n / d) if d else "    - "


def score_rows(cases):
    """[(class, n, raw strict, raw loose, ours strict, ours loose)], classes in file order."""
    by_class = OrderedDict()
    for c in cases:
        by_class.setdefault(c.klass, []).append(c)
    rows = []
    for klass, group in list(by_class.items()) + [("TOTAL", cases)]:
        counts = [sum(passes(c, s, l) for c in group)
                  for s, l in (("raw", False), ("raw", True), ("ours", False), ("ours", True))]
        rows.append((klass, len(group), *counts))
    return rows


def print_table(title, cases):
    print("\n%s: %d cases" % (title, len(cases)))
    print("%-28s %5s  %-15s  %-15s" % ("", "", "eSpeak alone", "narrate"))
    print("%-28s %5s  %7s %7s  %7s %7s" % ("class", "cases", "strict", "loose",
                                           "strict", "loose"))
    rows = score_rows(cases)
    for i, (klass, n, rs, rl, os_, ol) in enumerate(rows):
        if i == len(rows) - 1:
            print("-" * 72)
        print("%-28s %5d  %7s %7s  %7s %7s" % (klass[:28], n, percent(rs, n), percent(rl, n),
                                               percent(os_, n), percent(ol, n)))
    return rows[-1]


def print_failures(cases, loose):
    for c in cases:
        if passes(c, "ours", loose):
            continue
        print("\nFAIL %s:%d [%s]" % (os.path.basename(c.path), c.line, c.klass))
        print("  input:    %s" % c.text)
        print("  ours:     %s" % c.ours)
        print("  expected: %s" % c.expected)
        print("  ours ph:  %s" % c.ph["ours"])
        print("  exp ph:   %s" % c.ph["expected"])


def self_test():
    cases = parse_tsv(["# header: input<TAB>reading\n", "# cardinals\n", "5 cats\tfive cats\n",
                       "## a plain comment\n", "\n", "no tab here\n", "# dates\n",
                       "Jan 5\tJanuary fifth\textra column\n"], "t.tsv")
    assert [(c.klass, c.text, c.expected, c.line) for c in cases] == [
        ("cardinals", "5 cats", "five cats", 3), ("dates", "Jan 5", "January fifth", 8)], cases
    assert parse_tsv(["# only a header\n", "a\tb\n"])[0].klass == "misc"
    assert strict_form("h@l'oU  w'3:ld\nDIs ") == "h@l'oU w'3:ld DIs"
    assert loose_form("h@l'oU w'3:ld _:_ DIs") == "h@loUw3:ldDIs"
    assert loose_form(",eI'Em") == loose_form("eI Em") == "eIEm"
    assert loose_form("t'Ien_:") == "tIen"
    c = Case("t", 1, "k", "x", "y")
    c.ph = {"ours": "f'aIv k'ats", "expected": "f,aIv k'ats", "raw": "faIv_ kats"}
    assert not passes(c, "ours", False) and passes(c, "ours", True)
    assert passes(c, "raw", True) and not passes(c, "raw", False)
    rows = score_rows([c])
    assert rows == [("k", 1, 0, 1, 0, 1), ("TOTAL", 1, 0, 1, 0, 1)], rows
    lines = ["h@l'oU", "w'3:ld", "", "z'o@kmId", "", "z'o@kmId", "f'aIv", "z'o@kmId", ""]
    assert split_at_marker(lines, "z'o@kmId", 3) == ["h@l'oU w'3:ld", "", "f'aIv"]
    assert split_at_marker(lines, "z'o@kmId", 2) == []
    assert split_at_marker(lines + ["t'u:"], "z'o@kmId", 3) == []
    print("self-test: ok")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tsv", nargs="*", help="case files (input<TAB>expected reading)")
    ap.add_argument("--narrate", default=os.environ.get("NARRATE", DEFAULT_NARRATE))
    ap.add_argument("--narrate-arg", action="append", default=[],
                    help="extra argument for `narrate normalize` (repeatable)")
    ap.add_argument("--espeak", default="espeak-ng")
    ap.add_argument("--voice", default="en-us",
                    help="voice for eSpeak NG and `narrate normalize --voice` (default en-us)")
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--strict-failures", action="store_true",
                    help="with --show-failures, list strict failures (default: loose)")
    ap.add_argument("--min-accuracy", type=float, metavar="PERCENT",
                    help="exit 1 if the total loose accuracy is below PERCENT (0-100)")
    ap.add_argument("--check-batch", action="store_true",
                    help="also run eSpeak NG once per case and report any difference")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        self_test()
        return 0
    if not args.tsv:
        ap.error("no TSV files")
    files = []
    for path in args.tsv:
        with open(path, encoding="utf-8") as f:
            files.append((path, parse_tsv(f, path)))
    cases = [c for _, fc in files for c in fc]
    if not cases:
        sys.exit("no cases")
    narrate_args = ["--voice", args.voice] + args.narrate_arg
    for c, ours in zip(cases, normalize_all(args.narrate, narrate_args, [c.text for c in cases])):
        c.ours = ours
    sides = (("ours", [c.ours for c in cases]), ("expected", [c.expected for c in cases]),
             ("raw", [c.text for c in cases]))
    for side, texts in sides:
        for c, ph in zip(cases, phonemes(args.espeak, args.voice, texts, args.check_batch)):
            c.ph[side] = ph
    print("voice %s, %s" % (args.voice, run([args.espeak, "--version"], "").strip()))
    for path, fc in files:
        total = print_table(os.path.basename(path), fc)
    if len(files) > 1:
        total = print_table("all files", cases)
    if args.show_failures:
        print_failures(cases, not args.strict_failures)
    if args.min_accuracy is not None:
        loose = 100.0 * total[5] / total[1]
        if loose < args.min_accuracy:
            print("loose accuracy %.1f%% is below --min-accuracy %.1f%%"
                  % (loose, args.min_accuracy), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
