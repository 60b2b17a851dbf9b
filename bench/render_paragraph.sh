#!/usr/bin/env bash
# Render to memory through the long-lived worker (issue 11), against eSpeak
# NG's own synthesis of the same text. Not a test: it prints figures and exits
# 0 unless something crashes. See bench/README.md.
#
# Environment:
#   RENDER_BENCH   the bench program (default: <repo>/build/bench/render_bench)
#   BENCH_TEXT     the paragraph     (default: bench/paragraph.txt, 734 characters)
#   BENCH_CALLS    worker renders    (default: 21; the median is over calls 2..N,
#                                     and espeak-ng runs once after each of them)
#   BENCH_VOICE    voice             (default: en, narrate's and espeak-ng's default)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bench=${RENDER_BENCH:-$here/../build/bench/render_bench}
text=${BENCH_TEXT:-$here/paragraph.txt}
calls=${BENCH_CALLS:-21}
voice=${BENCH_VOICE:-en}

die() { echo "render_paragraph: $*" >&2; exit 1; }
[[ -x $bench ]] || die "no bench program at $bench (cmake --build build --target render_bench)"
command -v espeak-ng >/dev/null || die "espeak-ng not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"
(( calls >= 2 )) || die "BENCH_CALLS must be at least 2"

work=$(mktemp -d "${TMPDIR:-/tmp}/narrate-render-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Keep the user-wide lexicon (~/.config/narrate/lexicon) out of the run.
export XDG_CONFIG_HOME=$work/config

python3 - "$bench" "$work" "$text" "$calls" "$voice" <<'PY'
import statistics, subprocess, sys, time, wave
bench, work, text, voice = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[5]
calls = int(sys.argv[4])

worker = subprocess.Popen([bench, text, "-", voice], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True, bufsize=1)
def ask(command):
    worker.stdin.write(command + "\n")
    worker.stdin.flush()
    return worker.stdout.readline().split()

def espeak_ms():
    t0 = time.perf_counter()
    subprocess.run(["espeak-ng", "-v", voice, "-f", text, "-w", f"{work}/out.wav"], check=True)
    return (time.perf_counter() - t0) * 1000

# Interleaved, so load from other work on the machine falls on both sides alike.
start_ms = float(worker.stdout.readline().split()[1])
renders, espeak, tiny = [], [], []
for i in range(calls):
    reply = ask("render")
    renders.append((float(reply[2]), int(reply[3])))
    if i > 0:
        espeak.append(espeak_ms())
        tiny.append(float(ask("tiny")[2]))
worker.stdin.close()
worker.wait()

with wave.open(f"{work}/out.wav") as w:
    espeak_samples, rate = w.getnframes(), w.getframerate()
chars = len(open(text, encoding="utf-8").read().strip())
later = [ms for ms, _ in renders[1:]]
median, reference = statistics.median(later), statistics.median(espeak)
print(f"text: {text} ({chars} characters), voice {voice}")
print(f"audio: worker {renders[0][1]} samples, espeak-ng -w {espeak_samples} samples"
      f" ({espeak_samples / rate:.1f} s at {rate} Hz)")
rows = [
    ("worker start (fork + eSpeak start)", f"{start_ms:.1f}"),
    ("first render", f"{renders[0][0]:.1f}"),
    (f"median render, calls 2..{calls}", f"{median:.1f}"),
    ("  min / max", f"{min(later):.1f} / {max(later):.1f}"),
    ("median request that speaks nothing (reset)", f"{statistics.median(tiny):.1f}"),
    (f"espeak-ng -w out.wav, median of {len(espeak)}", f"{reference:.1f}"),
    ("  min / max", f"{min(espeak):.1f} / {max(espeak):.1f}"),
]
print(f"{'figure':<46}{'ms':>15}")
print("-" * 61)
for name, value in rows:
    print(f"{name:<46}{value:>15}")
print("-" * 61)
ratio = median / reference
meets = "yes" if ratio <= 1.3 else "NO"
print(f"ratio worker/espeak-ng (medians): {ratio:.2f}  (target <= 1.3: {meets})")
PY
