#!/usr/bin/env python3
"""Measuring and reporting helpers for bench/run.sh (Python 3 standard library only).

  bench.py measure OUT.json LOG -- CMD ARGS...
      Runs CMD (stdout and stderr to LOG) and writes its wall time, CPU seconds
      (user + sys of the whole process tree: every descendant that was waited
      for) and peak RSS of the largest single process (ru_maxrss is a maximum
      over the tree, not a sum) to OUT.json. Uses GNU /usr/bin/time -f when
      present; otherwise getrusage(RUSAGE_CHILDREN) of this (fresh) Python
      process, whose RSS figure has Python's own peak RSS as a floor.
      Exits with CMD's exit status.

  bench.py snapshot DIR OUT.json
      Records inode, mtime and SHA-256 of every *.mp3 in DIR.

  bench.py report STATE_DIR
      Reads what run.sh left in STATE_DIR and prints the figures and targets.

  bench.py normalize NARRATE RUNS BOOK...
      Runs `NARRATE normalize -f BOOK` RUNS times per book (output discarded) and
      prints the median wall and CPU seconds and the book's MB per wall second.

  bench.py split NARRATE BOOK OUT_DIR [--lexicon OUT.lex]
      Splits the book's spoken text (`NARRATE normalize -f BOOK`) at its
      '# N. Title' lines into OUT_DIR/NNN.txt, one file per chapter as narrate
      reads them, and writes all of it to OUT_DIR/all.txt (for the pipes). With
      --lexicon, also picks a word used in one chapter only (the middle one,
      else the nearest) and writes a one-entry lexicon for it. Prints
      "words=W chapters=C paragraphs=P [unique_name=X unique_chapter=K]".
"""
import hashlib
import json
import re
import os
import resource
import subprocess
import sys
import time


GNU_TIME = os.environ.get("BENCH_GNU_TIME", "/usr/bin/time")


def gnu_time_available():
    try:
        out = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True)
    except OSError:
        return False
    return "GNU" in out.stdout + out.stderr


def cmd_measure(argv):
    if len(argv) < 4 or argv[2] != "--":
        sys.exit("usage: bench.py measure OUT.json LOG -- CMD ARGS...")
    out, log, cmd = argv[0], argv[1], argv[3:]
    result = {"cmd": cmd}
    use_time = gnu_time_available()
    tfile = out + ".time"
    run = [GNU_TIME, "-f", "%e %U %S %M", "-o", tfile, "--"] + cmd if use_time else cmd
    with open(log, "ab") as lf:
        t0 = time.monotonic()
        rc = subprocess.call(run, stdin=subprocess.DEVNULL, stdout=lf, stderr=lf)
        wall = time.monotonic() - t0
    result.update(rc=rc, wall_s=wall)
    if use_time:
        # GNU time forks the command from its own small process and reports
        # wait4()'s rusage of that child's tree. Its last line is ours (it
        # prepends "Command exited with non-zero status" and the like).
        with open(tfile) as f:
            _, user, system, maxrss = f.read().split("\n")[-2].split()
        os.unlink(tfile)
        result.update(method="GNU time", user_s=float(user), sys_s=float(system),
                      maxrss_kb=int(maxrss), rss_floor_kb=0)
    else:
        # Linux carries the parent's high-water RSS into a child across
        # fork+exec, so every child of this Python process reports at least
        # Python's own peak RSS: record that floor beside the figure.
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        result.update(method="getrusage(RUSAGE_CHILDREN)", user_s=ru.ru_utime,
                      sys_s=ru.ru_stime, maxrss_kb=ru.ru_maxrss,
                      rss_floor_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    result["cpu_s"] = result["user_s"] + result["sys_s"]
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    sys.exit(rc if rc >= 0 else 128 - rc)


def cmd_snapshot(argv):
    if len(argv) != 2:
        sys.exit("usage: bench.py snapshot DIR OUT.json")
    d, out = argv
    snap = {}
    for name in sorted(os.listdir(d)):
        if not name.endswith(".mp3"):
            continue
        p = os.path.join(d, name)
        st = os.stat(p)
        h = hashlib.sha256()
        with open(p, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        snap[name] = {"ino": st.st_ino, "mtime_ns": st.st_mtime_ns,
                      "size": st.st_size, "sha256": h.hexdigest()}
    with open(out, "w") as f:
        json.dump(snap, f, indent=1)


def compare(before, after):
    """(rewritten, content_changed, added, removed) lists of file names."""
    rewritten, changed = [], []
    for name, a in after.items():
        b = before.get(name)
        if b is None:
            continue
        if a["ino"] != b["ino"] or a["mtime_ns"] != b["mtime_ns"]:
            rewritten.append(name)
        if a["sha256"] != b["sha256"]:
            changed.append(name)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    return rewritten, changed, added, removed


def duration_s(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration",
         "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def load(state, name):
    with open(os.path.join(state, name)) as f:
        return json.load(f)


def load_optional(state, name):
    path = os.path.join(state, name)
    return load(state, name) if os.path.exists(path) else None


# narrate's own silence (pipeline::Pacing): per chapter its head, tail and the
# pause after the spoken title; per paragraph the pause between paragraphs.
PACING_CHAPTER_S = 0.5 + 2.0 + 1.0
PACING_PARAGRAPH_S = 0.5
# Scene breaks, verse lines and eSpeak's state between calls: room beyond that.
SHORTFALL_SLACK = 0.03


def audio_check(info, n_secs, pipes):
    """Messages for each pipe (name -> seconds) whose audio is too short to be
    the whole book: shorter than narrate's minus its own pauses, less slack."""
    pauses = info["chapters"] * PACING_CHAPTER_S + info["paragraphs"] * PACING_PARAGRAPH_S
    floor = (n_secs - pauses) * (1 - SHORTFALL_SLACK)
    bad = []
    for name, secs in pipes.items():
        if secs < floor:
            bad.append(f"{name}: {secs / 3600:.2f} h of audio, but narrate's "
                       f"{n_secs / 3600:.2f} h less its {pauses / 3600:.2f} h of pauses "
                       f"and {SHORTFALL_SLACK:.0%} is {floor / 3600:.2f} h: "
                       f"the pipe did not speak the whole book")
    return bad, floor


def mp3_seconds(folder):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".mp3"))
    return sum(duration_s(os.path.join(folder, n)) for n in names), len(names)


def table(rows):
    head = ("figure", "narrate", "pipe", "par. pipe", "target", "meets")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = "  ".join("-" * w for w in widths)
    fmt = lambda r: "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                              for i, c in enumerate(r))
    print(fmt(head))
    print(line)
    for r in rows:
        print(fmt(r))
    print(line)


def yn(ok):
    return "yes" if ok else "NO"


def speed_rows(full, pipe, ppipe, secs):
    """Rows of wall, CPU, RSS and speed: narrate, single pipe (or None), parallel."""
    runs = [full, pipe, ppipe]
    col = lambda f: [f(r, s) if r else "-" for r, s in zip(runs, secs)]
    rows = [
        ("wall time, full build (s)", *col(lambda r, s: f"{r['wall_s']:.1f}"), "", ""),
    ]
    if pipe:
        ratio = full["wall_s"] / pipe["wall_s"]
        rows.append(("wall-time ratio narrate/pipe", f"{ratio:.2f}", "", "", "<= 0.6",
                     yn(ratio <= 0.6)))
    pratio = full["wall_s"] / ppipe["wall_s"]
    rows += [
        ("wall-time ratio narrate/par. pipe", f"{pratio:.2f}", "", "", "<= 0.8",
         yn(pratio <= 0.8)),
        ("CPU seconds (user+sys)", *col(lambda r, s: f"{r['cpu_s']:.1f}"), "", ""),
        ("  of which user / sys", *col(lambda r, s: f"{r['user_s']:.1f} / {r['sys_s']:.1f}"),
         "", ""),
        ("CPU ratio narrate/par. pipe", f"{full['cpu_s'] / ppipe['cpu_s']:.2f}", "", "", "", ""),
        ("cores busy (CPU s / wall s)", *col(lambda r, s: f"{r['cpu_s'] / r['wall_s']:.2f}"),
         "", ""),
        ("peak RSS, largest process (MB)", *col(lambda r, s: f"{r['maxrss_kb'] / 1024:.1f}"),
         "<= 64", ""),
        ("audio hours", *col(lambda r, s: f"{s / 3600:.2f}"), "", ""),
        ("audio hours per wall minute", *col(lambda r, s: f"{s / 3600 / (r['wall_s'] / 60):.3f}"),
         "", ""),
        ("speed (x real time)", *col(lambda r, s: f"{s / r['wall_s']:.0f}"), "", ""),
    ]
    return rows, pratio


def rebuild_rows(full, noop, lex, noop_rw, lex_rw, lex_ch):
    noop_pct = 100 * noop["wall_s"] / full["wall_s"]
    return [
        ("no-op rebuild wall (s)", f"{noop['wall_s']:.2f}", "", "", "", ""),
        ("no-op rebuild, % of full build", f"{noop_pct:.2f}%", "", "", "<= 2%",
         yn(noop_pct <= 2)),
        ("  files rewritten by no-op", f"{len(noop_rw)}", "", "", "0", yn(not noop_rw)),
        ("one-entry lexicon rebuild wall (s)", f"{lex['wall_s']:.1f}", "", "", "", ""),
        ("chapters re-rendered after lexicon", f"{len(lex_rw)}", "", "", "exactly 1",
         yn(len(lex_rw) == 1)),
        ("  of which content changed", f"{len(lex_ch)}", "", "", "", ""),
    ]


def print_header(info, full, n_files, n_hours, p_hours, pp_hours, pp_files):
    print()
    print("narrate benchmark")
    print("=================")
    print(f"machine     : nproc={info['nproc']}  ({info['cpu']}); load average at the end "
          f"{info.get('load', '?')}")
    print(f"narrate     : {info['narrate']}  ({info['narrate_version']})  jobs: {info['jobs']}"
          f"  --quiet: {info['quiet']}")
    versions = (f"{info['espeak_version'].split('  Data at')[0]}; "
                f"{info['lame_version'].split(' (')[0]}")
    print(f"pipe        : espeak-ng -f ALL.txt --stdout | tail -c +45 | lame -r -s 22.05 "
          f"-m m -b 64 - OUT.mp3  ({versions})")
    print(f"par. pipe   : per chapter espeak-ng -f N.txt --stdout | lame -q 7 --noreplaygain "
          f"-b 64 -m m - N.mp3, {info['pipe_jobs']} at once (xargs -P)")
    print("pipes' text : narrate's spoken text (normalize -f), split at its chapters")
    book = info.get("book", "generated")
    seed = f" (seed {info['seed']})" if book == "generated" else ""
    print(f"book        : {book}{seed}: {info['words']} spoken words, {info['chapters']} "
          f"chapters, {info['paragraphs']} paragraphs; lexicon entry "
          f"'{info['unique_name']}' used only in chapter {info['unique_chapter']}")
    pipe = f"pipe {p_hours:.2f} h in 1 file; " if p_hours is not None else ""
    print(f"audio       : narrate {n_hours:.2f} h in {n_files} files; {pipe}"
          f"par. pipe {pp_hours:.2f} h in {pp_files} files")
    print(f"measured by : {full['method']}")
    floor = full.get("rss_floor_kb", 0) / 1024
    if floor:
        print(f"note        : no GNU time; RSS figures cannot read below the measuring "
              f"Python's own {floor:.1f} MB")
    if info["nproc"] != 2:
        print(f"note        : the targets are for a 2-core machine; this one has {info['nproc']}")
    print()


def chapters_of(names):
    return ", ".join(n.split(" ", 1)[0].lstrip("0") or "0" for n in sorted(names)) or "none"


def cmd_report(argv):
    if len(argv) != 1:
        sys.exit("usage: bench.py report STATE_DIR")
    st = argv[0]
    info = load(st, "info.json")
    full, ppipe = load(st, "narrate-full.json"), load(st, "ppipe.json")
    pipe = load_optional(st, "pipe.json")
    noop, lex = load_optional(st, "narrate-noop.json"), load_optional(st, "narrate-lexicon.json")
    s_full = load(st, "snap-full.json")

    n_secs = sum(duration_s(os.path.join(info["narrate_out"], n)) for n in s_full)
    p_secs = duration_s(info["pipe_out"]) if pipe else None
    pp_secs, pp_files = mp3_seconds(info["ppipe_out"])
    print_header(info, full, len(s_full), n_secs / 3600,
                 p_secs / 3600 if pipe else None, pp_secs / 3600, pp_files)

    rows, _ = speed_rows(full, pipe, ppipe, [n_secs, p_secs, pp_secs])
    rss_all = max(r["maxrss_kb"] for r in (full, noop, lex) if r) / 1024
    if noop and lex:
        s_noop, s_lex = load(st, "snap-noop.json"), load(st, "snap-lexicon.json")
        noop_rw, _, _, _ = compare(s_full, s_noop)
        lex_rw, lex_ch, lex_add, lex_rm = compare(s_noop, s_lex)
        rows += rebuild_rows(full, noop, lex, noop_rw, lex_rw, lex_ch)
    table(rows)
    print()
    print(f"peak RSS over all narrate runs: {rss_all:.1f} MB (target <= 64: {yn(rss_all <= 64)})")
    if noop and lex:
        print(f"chapters rewritten by the lexicon rebuild: {chapters_of(lex_rw)}")
        print(f"chapters whose audio changed:              {chapters_of(lex_ch)}"
              f"  (the lexicon entry is used in chapter {info['unique_chapter']})")
        if lex_add or lex_rm:
            print(f"files added: {lex_add}  removed: {lex_rm}")

    pipes = {"par. pipe": pp_secs}
    if pipe:
        pipes["pipe"] = p_secs
    bad, floor = audio_check(info, n_secs, pipes)
    print(f"audio check : every pipe >= {floor / 3600:.2f} h (narrate's audio less its own "
          f"pauses and {SHORTFALL_SLACK:.0%}): {yn(not bad)}")
    print("(a benchmark, not a test: 'NO' marks a missed target, the exit code stays 0 "
          "unless a pipe fell short of the book)")
    if bad:
        for message in bad:
            print(f"bench: FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def run_normalize(narrate, book):
    """Wall and CPU (user + sys) seconds of one `narrate normalize -f BOOK`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run([narrate, "normalize", "-f", book], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def cmd_normalize(argv):
    if len(argv) < 3:
        sys.exit("usage: bench.py normalize NARRATE RUNS BOOK...")
    narrate, runs, books = argv[0], int(argv[1]), argv[2:]
    print(f"narrate normalize -f, median of {runs} runs (target: well under 1 s a novel)")
    print(f"{'book':<28} {'MB':>6} {'wall s':>8} {'cpu s':>8} {'MB/s':>8}")
    for book in books:
        times = [run_normalize(narrate, book) for _ in range(runs)]
        wall = sorted(t[0] for t in times)[runs // 2]
        cpu = sorted(t[1] for t in times)[runs // 2]
        mb = os.path.getsize(book) / 1e6
        print(f"{os.path.basename(book):<28} {mb:>6.2f} {wall:>8.3f} {cpu:>8.3f} {mb / wall:>8.2f}")
    print("(a benchmark, not a test; on a loaded machine the CPU column is the steadier one)")


LEXICON_ENTRY = "[[z'Iksk@bEl]]"  # the same eSpeak mnemonics as gen_book.py's


def spoken_chapters(narrate, book):
    """[(number, title, text)] from `narrate normalize -f BOOK`, in book order."""
    out = subprocess.run([narrate, "normalize", "-f", book], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, check=True).stdout
    chapters, lines = [], []
    for line in out.split("\n"):
        m = re.fullmatch(r"# (\d+)\. (.*)", line)
        if m and int(m.group(1)) == len(chapters) + 1:  # markers number 1, 2, ...
            if chapters:
                chapters[-1][2] = "\n".join(lines).strip() + "\n"
            chapters.append([int(m.group(1)), m.group(2), ""])
            lines = []
        else:
            lines.append(line)
    if chapters:
        chapters[-1][2] = "\n".join(lines).strip() + "\n"
    return chapters


def unique_word(texts):
    """(word, 1-based chapter) of a word of 7+ letters found, even inside other
    words and in any case, in one chapter only: the middle one or the nearest."""
    whole = "\n".join(texts).lower()
    middle = (len(texts) - 1) // 2
    order = sorted(range(len(texts)), key=lambda i: (abs(i - middle), i))
    for i in order:
        low = texts[i].lower()
        for word in sorted(set(re.findall(r"\b[A-Za-z]{7,}\b", texts[i]))):
            w = word.lower()
            if whole.count(w) == low.count(w):
                return word, i + 1
    sys.exit("bench.py split: no word occurs in one chapter only")


def chapter_paragraphs(narrate, book):
    out = subprocess.run([narrate, "chapters", book, "--json"], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, check=True).stdout
    return [c["paragraphs"] for c in json.loads(out)["chapters"]]


def cmd_split(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--lexicon"):
        sys.exit("usage: bench.py split NARRATE BOOK OUT_DIR [--lexicon OUT.lex]")
    narrate, book, out_dir = argv[:3]
    chapters = spoken_chapters(narrate, book)
    paragraphs = chapter_paragraphs(narrate, book)
    if not chapters or len(chapters) != len(paragraphs):
        sys.exit(f"bench.py split: normalize -f gave {len(chapters)} chapters, "
                 f"chapters --json {len(paragraphs)}")
    os.makedirs(out_dir, exist_ok=True)
    for number, _, text in chapters:
        with open(os.path.join(out_dir, f"{number:03d}.txt"), "w") as f:
            f.write(text)
    texts = [c[2] for c in chapters]
    with open(os.path.join(out_dir, "all.txt"), "w") as f:
        f.write("\n".join(texts))
    words = sum(len(t.split()) for t in texts)
    line = f"words={words} chapters={len(chapters)} paragraphs={sum(paragraphs)}"
    if len(argv) == 5:
        word, chapter = unique_word(texts)
        with open(argv[4], "w") as f:
            f.write(f"{word}\t{LEXICON_ENTRY}\n")
        line += f" unique_name={word} unique_chapter={chapter}"
    print(line)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, rest = sys.argv[1], sys.argv[2:]
    {"measure": cmd_measure, "snapshot": cmd_snapshot, "report": cmd_report,
     "normalize": cmd_normalize, "split": cmd_split}.get(
        cmd, lambda _: sys.exit(__doc__))(rest)


if __name__ == "__main__":
    main()
