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
"""
import hashlib
import json
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


def cmd_report(argv):
    if len(argv) != 1:
        sys.exit("usage: bench.py report STATE_DIR")
    st = argv[0]
    info = load(st, "info.json")
    full = load(st, "narrate-full.json")
    pipe = load(st, "pipe.json")
    noop = load(st, "narrate-noop.json")
    lex = load(st, "narrate-lexicon.json")
    s_full = load(st, "snap-full.json")
    s_noop = load(st, "snap-noop.json")
    s_lex = load(st, "snap-lexicon.json")

    out_dir = info["narrate_out"]
    n_secs = sum(duration_s(os.path.join(out_dir, n)) for n in s_full)
    p_secs = duration_s(info["pipe_out"])
    n_hours, p_hours = n_secs / 3600, p_secs / 3600

    wall_ratio = full["wall_s"] / pipe["wall_s"]
    noop_pct = 100 * noop["wall_s"] / full["wall_s"]
    rss_n = full["maxrss_kb"] / 1024
    rss_p = pipe["maxrss_kb"] / 1024
    rss_all = max(full["maxrss_kb"], noop["maxrss_kb"], lex["maxrss_kb"]) / 1024
    noop_rw, noop_ch, _, _ = compare(s_full, s_noop)
    lex_rw, lex_ch, lex_add, lex_rm = compare(s_noop, s_lex)

    def yn(ok):
        return "yes" if ok else "NO"

    print()
    print("narrate benchmark")
    print("=================")
    print(f"machine     : nproc={info['nproc']}  ({info['cpu']})")
    print(f"narrate     : {info['narrate']}  ({info['narrate_version']})  jobs: {info['jobs']}"
          f"  --quiet: {info['quiet']}")
    print(f"pipe        : espeak-ng -f BOOK --stdout | lame -b 64 -m m - OUT.mp3"
          f"  ({info['espeak_version'].split('  Data at')[0]}; {info['lame_version'].split(' (')[0]})")
    print(f"book        : {info['words']} words, {info['chapters']} chapters (seed {info['seed']}); "
          f"lexicon entry '{info['unique_name']}' used only in chapter {info['unique_chapter']}")
    print(f"audio       : narrate {n_hours:.2f} h in {len(s_full)} files; pipe {p_hours:.2f} h in 1 file")
    print(f"measured by : {full['method']}")
    floor = full.get("rss_floor_kb", 0) / 1024
    if floor:
        print(f"note        : no GNU time; RSS figures cannot read below the measuring "
              f"Python's own {floor:.1f} MB")
    if info["nproc"] != 2:
        print(f"note        : the targets are for a 2-core machine; this one has {info['nproc']}")
    print()

    rows = [
        ("wall time, full build (s)", f"{full['wall_s']:.1f}", f"{pipe['wall_s']:.1f}", "", ""),
        ("wall-time ratio narrate/pipe", f"{wall_ratio:.2f}", "", "<= 0.6", yn(wall_ratio <= 0.6)),
        ("CPU seconds (user+sys)", f"{full['cpu_s']:.1f}", f"{pipe['cpu_s']:.1f}", "", ""),
        ("  of which user / sys", f"{full['user_s']:.1f} / {full['sys_s']:.1f}",
         f"{pipe['user_s']:.1f} / {pipe['sys_s']:.1f}", "", ""),
        ("peak RSS, largest process (MB)", f"{rss_n:.1f}", f"{rss_p:.1f}", "<= 64", yn(rss_all <= 64)),
        ("audio hours per wall minute", f"{n_hours / (full['wall_s'] / 60):.3f}",
         f"{p_hours / (pipe['wall_s'] / 60):.3f}", "", ""),
        ("speed (x real time)", f"{n_secs / full['wall_s']:.0f}", f"{p_secs / pipe['wall_s']:.0f}", "", ""),
        ("no-op rebuild wall (s)", f"{noop['wall_s']:.2f}", "", "", ""),
        ("no-op rebuild, % of full build", f"{noop_pct:.2f}%", "", "<= 2%", yn(noop_pct <= 2)),
        ("  files rewritten by no-op", f"{len(noop_rw)}", "", "0", yn(not noop_rw)),
        ("one-entry lexicon rebuild wall (s)", f"{lex['wall_s']:.1f}", "", "", ""),
        ("chapters re-rendered after lexicon", f"{len(lex_rw)}", "", "exactly 1", yn(len(lex_rw) == 1)),
        ("  of which content changed", f"{len(lex_ch)}", "", "", ""),
    ]
    head = ("figure", "narrate", "pipe", "target", "meets")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
    line = "  ".join("-" * w for w in widths)
    fmt = lambda r: "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                              for i, c in enumerate(r))
    print(fmt(head))
    print(line)
    for r in rows:
        print(fmt(r))
    print(line)
    print()
    if rss_all > rss_n:
        print(f"peak RSS over all three narrate runs: {rss_all:.1f} MB")
    def chapters_of(names):
        return ", ".join(n.split(" ", 1)[0].lstrip("0") or "0" for n in sorted(names)) or "none"
    print(f"chapters rewritten by the lexicon rebuild: {chapters_of(lex_rw)}")
    print(f"chapters whose audio changed:              {chapters_of(lex_ch)}"
          f"  (the lexicon entry is used in chapter {info['unique_chapter']})")
    if lex_add or lex_rm:
        print(f"files added: {lex_add}  removed: {lex_rm}")
    print("(a benchmark, not a test: 'NO' marks a missed target, the exit code stays 0)")


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


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, rest = sys.argv[1], sys.argv[2:]
    {"measure": cmd_measure, "snapshot": cmd_snapshot, "report": cmd_report,
     "normalize": cmd_normalize}.get(
        cmd, lambda _: sys.exit(__doc__))(rest)


if __name__ == "__main__":
    main()
