#!/usr/bin/env python3
"""Short paths of narrate against eSpeak NG alone (issue 20). Run by bench/short_paths.sh.

  short_paths.py NARRATE BOOK TEXT_FILE RUNS REBUILDS [CHAPTER PARAGRAPH]

1. `narrate say TEXT -o x.wav` against `espeak-ng -f TEXT -w x.wav`;
2. `narrate preview BOOK --chapter C --paragraph P -o x.wav` against
   `espeak-ng -f PARAGRAPH -w x.wav`, the paragraph's text as preview prints it;
   each pair RUNS times, interleaved, wall time by time.perf_counter around
   subprocess.run; the medians and their ratio.
3. One-chapter rebuild: build a copy of BOOK, then REBUILDS times append a word
   to paragraph P of chapter C in the copy and rebuild; against a build of a
   book holding only that chapter (its spoken text as a Markdown chapter), and
   against espeak-ng | lame on that text. "Fixed cost" = rebuild - one-chapter
   build (medians). Python 3 standard library only.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (spoken_chapters, compare, snapshot)


def run(cmd, **kw):
    """Wall seconds of one run of CMD (output discarded; a failure stops the bench)."""
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, **kw)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"short_paths: failed ({done.returncode}): {' '.join(cmd)}\n"
                 f"{done.stderr.decode(errors='replace')[-2000:]}")
    return wall


def wav_seconds(path):
    with open(path, "rb") as f:
        data = f.read()
    rate = int.from_bytes(data[24:28], "little")
    at = data.find(b"data", 12)
    return (len(data) - at - 8) / 2 / rate


def interleaved(runs, sides):
    """{name: [wall s]} of RUNS rounds, each running every side once in turn."""
    times = {name: [] for name in sides}
    for _ in range(runs):
        for name, cmd in sides.items():
            times[name].append(run(cmd))
    return times


def report_pair(title, times, a, b, seconds):
    ma, mb = statistics.median(times[a]), statistics.median(times[b])
    print(f"{title}")
    for name in (a, b):
        t = times[name]
        print(f"  {name:<44} median {1000 * statistics.median(t):7.1f} ms"
              f"  (min {1000 * min(t):.1f}, max {1000 * max(t):.1f}; "
              f"{seconds[name]:.2f} s of audio)")
    print(f"  ratio narrate/espeak-ng (medians): {ma / mb:.2f}")
    return ma / mb


def say_and_preview(narrate, book, text_file, runs, chapter, paragraph, tmp):
    x1, x2 = os.path.join(tmp, "n.wav"), os.path.join(tmp, "e.wav")
    with open(text_file) as f:
        text = f.read().strip()
    say = {"narrate say TEXT -o x.wav": [narrate, "say", text, "-o", x1],
           "espeak-ng -f TEXT -w x.wav": ["espeak-ng", "-f", text_file, "-w", x2]}
    times = interleaved(runs, say)
    secs = {n: wav_seconds(p) for n, p in zip(say, (x1, x2))}
    r_say = report_pair(f"say: {len(text)} characters, {len(text.split())} words, "
                        f"median of {runs}", times, *say, secs)

    para = preview_text(narrate, book, chapter, paragraph)
    para_file = os.path.join(tmp, "paragraph.txt")
    with open(para_file, "w") as f:
        f.write(para + "\n")
    preview = {f"narrate preview --chapter {chapter} --paragraph {paragraph}":
               [narrate, "preview", book, "--chapter", str(chapter), "--paragraph",
                str(paragraph), "-o", x1],
               "espeak-ng -f PARAGRAPH -w x.wav": ["espeak-ng", "-f", para_file, "-w", x2]}
    times = interleaved(runs, preview)
    secs = {n: wav_seconds(p) for n, p in zip(preview, (x1, x2))}
    r_pre = report_pair(f"preview: {os.path.basename(book)} chapter {chapter} paragraph "
                        f"{paragraph}, {len(para)} characters, median of {runs}",
                        times, *preview, secs)
    return r_say, r_pre


def preview_text(narrate, book, chapter, paragraph):
    """The paragraph's text as `narrate preview` prints it (before 'Spoken: ')."""
    tmp = tempfile.mkdtemp()
    try:
        out = subprocess.run([narrate, "preview", book, "--chapter", str(chapter),
                              "--paragraph", str(paragraph), "-o", os.path.join(tmp, "p.wav")],
                             stdin=subprocess.DEVNULL, capture_output=True, text=True, check=True)
    finally:
        shutil.rmtree(tmp)
    printed = out.stdout.split("\nSpoken: ", 1)[0]
    return printed.strip()


def chapters_json(narrate, book):
    out = subprocess.run([narrate, "chapters", book, "--json"], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["chapters"]


def append_word(narrate, book, chapter, paragraph, word):
    """Appends WORD after the text of a paragraph of CHAPTER in BOOK (the first of
    P, P+1, ... whose last words occur once in the file); returns its number."""
    count = chapters_json(narrate, book)[chapter - 1]["paragraphs"]
    with open(book, encoding="utf-8") as f:
        source = f.read()
    for p in list(range(paragraph, count + 1)) + list(range(1, paragraph)):
        tail = preview_text(narrate, book, chapter, p).split()[-6:]
        pattern = r"\s+".join(re.escape(w) for w in tail)
        hits = list(re.finditer(pattern, source))
        if len(hits) == 1:
            end = hits[0].end()
            with open(book, "w", encoding="utf-8") as f:
                f.write(source[:end] + " " + word + source[end:])
            return p
    sys.exit(f"short_paths: no paragraph of chapter {chapter} found once in {book}")


def one_chapter_book(narrate, book, chapter, path):
    """Writes chapter CHAPTER's spoken text as a one-chapter Markdown book; returns
    the text (spoken title line, then paragraphs)."""
    _, _, text = bench.spoken_chapters(narrate, book)[chapter - 1]
    title, _, body = text.partition("\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {title.strip()}\n\n{body.strip()}\n")
    return text


def mp3_seconds(folder):
    return sum(bench.duration_s(os.path.join(folder, n))
               for n in os.listdir(folder) if n.endswith(".mp3"))


def rebuild(narrate, book, chapter, paragraph, rebuilds, tmp):
    copy = os.path.join(tmp, "book" + os.path.splitext(book)[1])
    shutil.copy(book, copy)
    out, alone_out = os.path.join(tmp, "full"), os.path.join(tmp, "alone")
    full_s = run([narrate, "build", copy, "-o", out, "--quiet"])
    alone = os.path.join(tmp, "alone.md")
    text = one_chapter_book(narrate, copy, chapter, alone)
    text_file = os.path.join(tmp, "chapter.txt")
    with open(text_file, "w", encoding="utf-8") as f:
        f.write(text)
    pipe = ("espeak-ng -f \"$1\" --stdout | lame --quiet -q 7 --noreplaygain -b 64 -m m - \"$2\"")
    times = {"rebuild": [], "alone": [], "pipe": []}
    rewritten, edited = set(), set()
    for i in range(rebuilds):
        before = snapshot(out)
        edited.add(append_word(narrate, copy, chapter, paragraph, "indeed"))
        times["rebuild"].append(run([narrate, "build", copy, "-o", out, "--quiet"]))
        rw, _, _, _ = bench.compare(before, snapshot(out))
        rewritten.update(rw)
        shutil.rmtree(alone_out, ignore_errors=True)
        times["alone"].append(run([narrate, "build", alone, "-o", alone_out, "--quiet"]))
        times["pipe"].append(run(["bash", "-c", "set -o pipefail; " + pipe, "pipe", text_file,
                                  os.path.join(tmp, "chapter.mp3")]))
    med = {k: statistics.median(v) for k, v in times.items()}
    words = len(text.split())
    print(f"one-chapter rebuild: {os.path.basename(book)} chapter {chapter} ({words} words; "
          f"paragraph {', '.join(map(str, sorted(edited)))} gets one more word each time), "
          f"median of {rebuilds}; full build first: {full_s:.2f} s")
    print(f"  rebuild after the edit                       {med['rebuild']:7.3f} s"
          f"  ({len(rewritten)} file(s) rewritten: {', '.join(sorted(rewritten)) or 'none'})")
    print(f"  build of a book of that chapter alone        {med['alone']:7.3f} s"
          f"  ({mp3_seconds(alone_out):.1f} s of audio)")
    print(f"  espeak-ng | lame -q 7 on its text            {med['pipe']:7.3f} s"
          f"  ({bench.duration_s(os.path.join(tmp, 'chapter.mp3')):.1f} s of audio)")
    fixed = med["rebuild"] - med["alone"]
    over_pipe = med["rebuild"] - med["pipe"]
    print(f"  fixed cost = rebuild - chapter alone         {fixed:7.3f} s"
          f"  (target < 0.2 s: {'yes' if fixed < 0.2 else 'NO'})")
    print(f"  fixed cost = rebuild - espeak-ng | lame      {over_pipe:7.3f} s"
          f"  (target < 0.2 s: {'yes' if over_pipe < 0.2 else 'NO'})")
    if len(rewritten) != 1:
        print(f"  note: expected exactly 1 file rewritten, got {len(rewritten)}")
    return fixed, over_pipe


def snapshot(folder):
    path = os.path.join(tempfile.gettempdir(), f"short-paths-snap-{os.getpid()}.json")
    bench.cmd_snapshot([folder, path])
    with open(path) as f:
        snap = json.load(f)
    os.unlink(path)
    return snap


def main():
    if len(sys.argv) not in (6, 8):
        sys.exit(__doc__)
    narrate, book, text_file = sys.argv[1:4]
    runs, rebuilds = int(sys.argv[4]), int(sys.argv[5])
    chapters = chapters_json(narrate, book)
    if len(sys.argv) == 8:
        chapter, paragraph = int(sys.argv[6]), int(sys.argv[7])
    else:
        chapter = (len(chapters) + 1) // 2
        paragraph = (chapters[chapter - 1]["paragraphs"] + 1) // 2
    tmp = tempfile.mkdtemp(prefix="narrate-short-paths.")
    try:
        say_and_preview(narrate, book, text_file, runs, chapter, paragraph, tmp)
        if rebuilds > 0:
            rebuild(narrate, book, chapter, paragraph, rebuilds, tmp)
    finally:
        shutil.rmtree(tmp)
    print("(a benchmark, not a test: the exit code stays 0; the machine may be busy, so "
          "compare the interleaved medians, not single runs)")


if __name__ == "__main__":
    main()
