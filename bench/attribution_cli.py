#!/usr/bin/env python3
"""Scores `narrate cast --json` against the Project Dialogism Novel Corpus (PDNC).

For each novel folder (data/<Name>/ with novel_text.txt, quotation_info.csv, character_info.csv)
it writes a voices.toml from the character list (names = main name and aliases, gender M/F),
runs `narrate cast novel_text.txt --voices that.toml --json`, finds each quotation narrate
reports in the novel's text (letters and digits only, case aside, in order), and scores every
PDNC quotation: attributed when a narrate quotation overlapping it names a speaker, right when
every such speaker is PDNC's (its speaker column names a character by any of its names). Precision = right / attributed; recall = attributed / all.

usage: attribution_cli.py NARRATE PDNC_DIR NOVEL...
"""
import ast, bisect, csv, json, os, re, subprocess, sys, tempfile


def slug(name, used):
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "c"
    out, k = base, 2
    while out in used:
        out, k = f"{base}-{k}", k + 1
    used.add(out)
    return out


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def split_alias_owners(rows, names):
    """For each row that is an alias kept as a row of its own (a minor character of unknown
    gender named by one word of another character's names, "Bounderby" beside "Josiah
    Bounderby"), the rows whose names hold that word; as attribution_corpus.cc does."""
    owners = {}
    for r, row in enumerate(rows):
        only = next(iter(names[r])) if len(names[r]) == 1 else ""
        if row["Gender"].strip() != "X" or row.get("Category", "").strip() != "minor":
            continue
        if not only or " " in only:
            continue
        owners[r] = [o for o in range(len(rows))
                     if o != r and any(only in n.split(" ") for n in names[o])]
        if not owners[r]:
            del owners[r]
    return owners


def cast_file(folder, path):
    used, ids = set(), {}
    lines = []
    with open(os.path.join(folder, "character_info.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = [{row["Main Name"].strip()} |
             {a.strip() for a in ast.literal_eval(row["Aliases"]) if a.strip()} for row in rows]
    split = split_alias_owners(rows, names)
    for r, o in split.items():
        if len(o) == 1:
            names[o[0]] |= names[r]
    cids = {r: slug(row["Main Name"].strip(), used) for r, row in enumerate(rows)
            if r not in split}
    for r, row in enumerate(rows):
        if r in split:
            continue
        cid = cids[r]
        for n in names[r]:
            ids[n] = cid  # PDNC's speaker column sometimes gives an alias
        gender = {"M": "male", "F": "female"}.get(row["Gender"].strip(), "unknown")
        lines.append(f"[character.{cid}]")
        lines.append("names = [" + ", ".join(toml_str(n) for n in sorted(names[r])) + "]")
        if names[r] & {"_narr", "Narr", "Narrator"}:  # the list marks who tells the story
            lines.append("tells_the_story = true")
        lines.append(f'gender = "{gender}"\n')
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return ids


def letters(text):
    kept, where = [], []
    for i, c in enumerate(text):
        if c.isalnum():
            kept.append(c.lower())
            where.append(i)
    return "".join(kept), where


def score(narrate, folder):
    with tempfile.TemporaryDirectory() as tmp:
        book = os.path.join(tmp, "novel_text.txt")
        with open(os.path.join(folder, "novel_text.txt"), encoding="utf-8") as f:
            text = f.read()
        with open(book, "w", encoding="utf-8") as f:
            f.write(text)
        ids = cast_file(folder, os.path.join(tmp, "cast.toml"))
        out = subprocess.run([narrate, "cast", book, "--voices", os.path.join(tmp, "cast.toml"),
                              "--json"], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"{folder}: narrate cast failed: {out.stderr.strip()}")
        ours = json.loads(out.stdout)["quotations"]
    flat, where = letters(text)
    spans, at = [], 0  # our quotations as [begin, end) in flat, with speaker
    for q in ours:
        key = letters(q["text"])[0]
        if not key:
            continue
        found = flat.find(key, at)
        if found < 0:
            continue
        spans.append((found, found + len(key), q["speaker"]))
        at = found + len(key)
    ends = [s[1] for s in spans]
    total = attributed = right = found_any = 0
    with open(os.path.join(folder, "quotation_info.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            total += 1
            who = set()
            seen = False
            for b, e in ast.literal_eval(row["quoteByteSpans"]):
                fb, fe = bisect.bisect_left(where, b), bisect.bisect_left(where, e)
                k = bisect.bisect_right(ends, fb)
                while k < len(spans) and spans[k][0] < fe:
                    seen = True
                    if spans[k][2]:
                        who.add(spans[k][2])
                    k += 1
            found_any += seen
            if who:
                attributed += 1
                right += who == {ids.get(row["speaker"].strip(), "?")}
    return total, found_any, attributed, right


def main():
    narrate, pdnc, novels = sys.argv[1], sys.argv[2], sys.argv[3:]
    sums = [0, 0, 0, 0]
    print(f"{'novel':32} {'quotes':>7} {'found':>6} {'attrib':>6} {'right':>6} {'P':>6} {'R':>6}")
    for n in novels:
        t = score(narrate, os.path.join(pdnc, "data", n))
        sums = [a + b for a, b in zip(sums, t)]
        print(f"{n:32} {t[0]:7} {t[1]:6} {t[2]:6} {t[3]:6} "
              f"{t[3] / max(t[2], 1):6.3f} {t[2] / max(t[0], 1):6.3f}")
    t = sums
    print(f"{'TOTAL':32} {t[0]:7} {t[1]:6} {t[2]:6} {t[3]:6} "
          f"{t[3] / max(t[2], 1):6.3f} {t[2] / max(t[0], 1):6.3f}")


if __name__ == "__main__":
    main()
