#!/usr/bin/env bash
# narrate benchmark (issue 5). Not a test: it prints figures and exits 0
# unless something crashes. See bench/README.md.
#
# Environment:
#   NARRATE          narrate binary      (default: <repo>/build/cli/narrate)
#   BENCH_WORDS      book length, words  (default: 60000, about 5.7 h of audio;
#                                         90000+ is a full novel, ~8.6 h)
#   BENCH_CHAPTERS   chapters            (default: 25)
#   BENCH_SEED       generator seed      (default: 20240605)
#   BENCH_JOBS       pass --jobs N to narrate (default: narrate's own default)
#   BENCH_KEEP=1     keep the temporary directory (book, MP3s, logs, JSON)
#   TMPDIR           where the temporary directory goes (default: /tmp)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
NARRATE=${NARRATE:-$here/../build/cli/narrate}
words=${BENCH_WORDS:-60000}
chapters=${BENCH_CHAPTERS:-25}
seed=${BENCH_SEED:-20240605}
jobs=${BENCH_JOBS:-}
keep=${BENCH_KEEP:-0}

die() { echo "bench: $*" >&2; exit 1; }

[[ -x $NARRATE ]] || die "no narrate binary at $NARRATE (build it, or set NARRATE)"
NARRATE=$(cd "$(dirname "$NARRATE")" && pwd)/$(basename "$NARRATE")
for tool in espeak-ng lame ffprobe python3; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/narrate-bench.XXXXXX")
cleanup() {
  if [[ $keep == 1 ]]; then
    echo "bench: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

book=$work/bench-novel.txt
# Not named bench-novel.lexicon: narrate would load <book>.lexicon by itself.
lexicon=$work/one-entry.lex
out=$work/narrate-out
pipe_out=$work/pipe.mp3
state=$work/state
mkdir -p "$state" "$work/config"
# Keep the user-wide lexicon (~/.config/narrate/lexicon) out of the runs.
export XDG_CONFIG_HOME=$work/config

echo "bench: generating a ${words}-word book in $chapters chapters (BENCH_WORDS to change) ..."
gen=$(python3 "$here/gen_book.py" "$book" "$lexicon" \
        --words "$words" --chapters "$chapters" --seed "$seed")
echo "bench: $gen"
get() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$gen"; }

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

echo "bench: [1/4] narrate full build ..."
measure narrate-full "${narrate_cmd[@]}"
python3 "$here/bench.py" snapshot "$out" "$state/snap-full.json"

echo "bench: [2/4] espeak-ng | lame pipe ..."
# shellcheck disable=SC2016  # $1 and $2 expand in the inner bash
measure pipe bash -c 'set -o pipefail; espeak-ng -f "$1" --stdout | lame -b 64 -m m - "$2"' \
  pipe "$book" "$pipe_out"

echo "bench: [3/4] narrate no-op rebuild ..."
measure narrate-noop "${narrate_cmd[@]}"
python3 "$here/bench.py" snapshot "$out" "$state/snap-noop.json"

echo "bench: [4/4] narrate rebuild with a one-entry lexicon ..."
measure narrate-lexicon "${narrate_cmd[@]}" --lexicon "$lexicon"
python3 "$here/bench.py" snapshot "$out" "$state/snap-lexicon.json"

BENCH_INFO_NPROC=$(nproc) \
BENCH_INFO_CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) \
BENCH_INFO_NARRATE=$NARRATE \
BENCH_INFO_NARRATE_VERSION=$("$NARRATE" --version 2>&1 | head -n 1 || true) \
BENCH_INFO_ESPEAK=$(espeak-ng --version 2>&1 | head -n 1 || true) \
BENCH_INFO_LAME=$(lame --version 2>&1 | head -n 1 || true) \
BENCH_INFO_JOBS=${jobs:-"narrate default"} \
BENCH_INFO_QUIET=$quiet \
BENCH_INFO_WORDS=$(get words) \
BENCH_INFO_CHAPTERS=$(get chapters) \
BENCH_INFO_SEED=$seed \
BENCH_INFO_UNIQUE_NAME=$(get unique_name) \
BENCH_INFO_UNIQUE_CHAPTER=$(get unique_chapter) \
BENCH_INFO_NARRATE_OUT=$out \
BENCH_INFO_PIPE_OUT=$pipe_out \
python3 - "$state/info.json" <<'EOF'
import json, os, sys
env = {k[len("BENCH_INFO_"):].lower(): v for k, v in os.environ.items()
       if k.startswith("BENCH_INFO_")}
env["nproc"] = int(env["nproc"])
env["espeak_version"] = env.pop("espeak")
env["lame_version"] = env.pop("lame")
with open(sys.argv[1], "w") as f:
    json.dump(env, f, indent=1)
EOF

python3 "$here/bench.py" report "$state"
