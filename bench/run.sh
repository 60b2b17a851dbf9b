#!/usr/bin/env bash
# narrate benchmark (issues 5 and 20). Not a test: it prints figures and exits
# 0, unless something crashes or a reference pipe's audio falls short of the
# book (then 1). See bench/README.md.
#
# Environment:
#   NARRATE          narrate binary      (default: <repo>/build/cli/narrate)
#   BENCH_BOOK       a real book to use instead of the generated one, e.g.
#                    ../shared/books/pg2701.txt (Moby-Dick, 19 h of audio)
#   BENCH_WORDS      generated book's length, words (default: 60000, about 6 h
#                                         of audio; 90000+ is a full novel)
#   BENCH_CHAPTERS   generated book's chapters (default: 25)
#   BENCH_SEED       generator seed      (default: 20240605)
#   BENCH_JOBS       pass --jobs N to narrate (default: narrate's own default)
#   BENCH_PIPE_JOBS  chapters at once in the parallel pipe (default: nproc)
#   BENCH_SKIP       comma list of steps to leave out: single, rebuilds
#   BENCH_KEEP=1     keep the temporary directory (book, MP3s, logs, JSON)
#   TMPDIR           where the temporary directory goes (default: /tmp)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
NARRATE=${NARRATE:-$here/../build/cli/narrate}
real_book=${BENCH_BOOK:-}
words=${BENCH_WORDS:-60000}
chapters=${BENCH_CHAPTERS:-25}
seed=${BENCH_SEED:-20240605}
jobs=${BENCH_JOBS:-}
pipe_jobs=${BENCH_PIPE_JOBS:-$(nproc)}
skip=,${BENCH_SKIP:-},
keep=${BENCH_KEEP:-0}

die() { echo "bench: $*" >&2; exit 1; }
skipped() { [[ $skip == *,$1,* ]]; }

[[ -x $NARRATE ]] || die "no narrate binary at $NARRATE (build it, or set NARRATE)"
NARRATE=$(cd "$(dirname "$NARRATE")" && pwd)/$(basename "$NARRATE")
for tool in espeak-ng lame ffprobe python3 xargs; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH"
done
[[ -z $real_book || -f $real_book ]] || die "BENCH_BOOK: no such file: $real_book"

work=$(mktemp -d "${TMPDIR:-/tmp}/narrate-bench.XXXXXX")
cleanup() {
  if [[ $keep == 1 ]]; then
    echo "bench: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# Not named <book>.lexicon: narrate would load that by itself.
lexicon=$work/one-entry.lex
out=$work/narrate-out
text=$work/text # the book's spoken text: one file per chapter, and all.txt
pipe_out=$work/pipe.mp3
ppipe_out=$work/ppipe
state=$work/state
mkdir -p "$state" "$work/config" "$ppipe_out"
# Keep the user-wide lexicon (~/.config/narrate/lexicon) out of the runs.
export XDG_CONFIG_HOME=$work/config

if [[ -n $real_book ]]; then
  # A copy, so that no <book>.lexicon or .voices.toml beside it is loaded.
  book=$work/$(basename "$real_book")
  cp "$real_book" "$book"
  echo "bench: book $real_book; splitting its spoken text by chapter ..."
  gen=$(python3 "$here/bench.py" split "$NARRATE" "$book" "$text" --lexicon "$lexicon")
  seed=-
else
  book=$work/bench-novel.txt
  echo "bench: generating a ${words}-word book in $chapters chapters (BENCH_WORDS to change) ..."
  gen=$(python3 "$here/gen_book.py" "$book" "$lexicon" \
          --words "$words" --chapters "$chapters" --seed "$seed")
  gen="$gen $(python3 "$here/bench.py" split "$NARRATE" "$book" "$text")"
fi
echo "bench: $gen"
get() { grep -o "\\b$1=[^ ]*" <<<"$gen" | tail -n 1 | cut -d= -f2-; }

narrate_cmd=("$NARRATE" build "$book" -o "$out")
if "$NARRATE" build --help 2>&1 | grep -q -- '--quiet'; then
  narrate_cmd+=(--quiet)
  quiet=yes
else
  quiet="no (not accepted by this binary; output discarded to a log)"
  echo "bench: this narrate has no --quiet; running without it, output goes to a log"
fi
[[ -n $jobs ]] && narrate_cmd+=(--jobs "$jobs")

measure() {  # measure NAME CMD...  -> $state/NAME.json, log in $state/NAME.log
  local name=$1; shift
  local t0=$SECONDS
  if ! python3 "$here/bench.py" measure "$state/$name.json" "$state/$name.log" -- "$@"; then
    echo "bench: '$name' failed; last lines of its log:" >&2
    tail -n 20 "$state/$name.log" >&2 || true
    exit 1
  fi
  echo "bench:   done in $((SECONDS - t0)) s"
}

echo "bench: [1/5] narrate full build ..."
measure narrate-full "${narrate_cmd[@]}"
python3 "$here/bench.py" snapshot "$out" "$state/snap-full.json"

if skipped single; then
  echo "bench: [2/5] single pipe skipped (BENCH_SKIP)"
else
  echo "bench: [2/5] single pipe: espeak-ng --stdout | lame -r, the whole book at once ..."
  # Raw PCM: the WAV header eSpeak writes to a pipe says 0x7ffff000 bytes of
  # data (13.5 h at 22.05 kHz), and lame stops there. tail drops that header.
  # shellcheck disable=SC2016  # $1 and $2 expand in the inner bash
  measure pipe bash -c 'set -o pipefail; espeak-ng -f "$1" --stdout | tail -c +45 |
      lame --quiet -r -s 22.05 --bitwidth 16 --signed --little-endian -m m -b 64 - "$2"' \
    pipe "$text/all.txt" "$pipe_out"
fi

echo "bench: [3/5] parallel pipe: one espeak-ng | lame per chapter, $pipe_jobs at once ..."
# One chapter is far below the 13.5 h a piped WAV can hold.
# shellcheck disable=SC2016
measure ppipe bash -c 'cd "$1" && printf "%s\n" [0-9]*.txt | xargs -P "$3" -I{} bash -c \
    "set -o pipefail; espeak-ng -f {} --stdout |
     lame --quiet -q 7 --noreplaygain -b 64 -m m - \"$2/{}.mp3\""' \
  ppipe "$text" "$ppipe_out" "$pipe_jobs"

if skipped rebuilds; then
  echo "bench: [4/5] [5/5] rebuilds skipped (BENCH_SKIP)"
else
  echo "bench: [4/5] narrate no-op rebuild ..."
  measure narrate-noop "${narrate_cmd[@]}"
  python3 "$here/bench.py" snapshot "$out" "$state/snap-noop.json"

  entry=$(grep -v '^#' "$lexicon" | cut -f1)
  echo "bench: [5/5] narrate rebuild with a one-entry lexicon ($entry) ..."
  measure narrate-lexicon "${narrate_cmd[@]}" --lexicon "$lexicon"
  python3 "$here/bench.py" snapshot "$out" "$state/snap-lexicon.json"
fi

BENCH_INFO_NPROC=$(nproc) \
BENCH_INFO_CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) \
BENCH_INFO_LOAD=$(cut -d' ' -f1-3 /proc/loadavg) \
BENCH_INFO_NARRATE=$NARRATE \
BENCH_INFO_NARRATE_VERSION=$("$NARRATE" --version 2>&1 | head -n 1 || true) \
BENCH_INFO_ESPEAK=$(espeak-ng --version 2>&1 | head -n 1 || true) \
BENCH_INFO_LAME=$(lame --version 2>&1 | head -n 1 || true) \
BENCH_INFO_JOBS=${jobs:-"narrate default"} \
BENCH_INFO_PIPE_JOBS=$pipe_jobs \
BENCH_INFO_QUIET=$quiet \
BENCH_INFO_BOOK=${real_book:-generated} \
BENCH_INFO_WORDS=$(get words) \
BENCH_INFO_CHAPTERS=$(get chapters) \
BENCH_INFO_PARAGRAPHS=$(get paragraphs) \
BENCH_INFO_SEED=$seed \
BENCH_INFO_UNIQUE_NAME=$(get unique_name) \
BENCH_INFO_UNIQUE_CHAPTER=$(get unique_chapter) \
BENCH_INFO_NARRATE_OUT=$out \
BENCH_INFO_PIPE_OUT=$pipe_out \
BENCH_INFO_PPIPE_OUT=$ppipe_out \
python3 - "$state/info.json" <<'EOF'
import json, os, sys
env = {k[len("BENCH_INFO_"):].lower(): v for k, v in os.environ.items()
       if k.startswith("BENCH_INFO_")}
for k in ("nproc", "pipe_jobs", "chapters", "paragraphs"):
    env[k] = int(env[k])
env["espeak_version"] = env.pop("espeak")
env["lame_version"] = env.pop("lame")
with open(sys.argv[1], "w") as f:
    json.dump(env, f, indent=1)
EOF

# Exits 1 when a pipe's audio falls short of the book (see bench.py report).
python3 "$here/bench.py" report "$state"
