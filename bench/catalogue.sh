#!/usr/bin/env bash
# Issue 19's "Must show", on real books: a catalogue of five books built on
# one machine, then as 4 shards by 4 separate processes (each in a working
# folder of its own, only the cache folder shared; one of them killed with
# SIGKILL halfway and run again), then assembled from the cache; the two
# audiobook trees are compared byte for byte. Prints the shards' estimated
# costs (largest against the mean), the tasks each run rendered, and times.
# Not a test (it takes minutes); exits 1 when the trees differ.
#
#   bench/catalogue.sh [BOOK...]    default: ../shared/books/pg{2701,35,46}.txt,
#                                   the seed story and the bundled sample book
# Environment: NARRATE (default build/cli/narrate), BENCH_KEEP=1 keeps the folder,
# BENCH_OPTIONS (default "--subtitles vtt --jobs 1": every process one core).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
NARRATE=${NARRATE:-$here/../build/cli/narrate}
NARRATE=$(cd "$(dirname "$NARRATE")" && pwd)/$(basename "$NARRATE")
read -r -a options <<< "${BENCH_OPTIONS:---subtitles vtt --jobs 1}"
shared=$here/../../shared
books=("$@")
if [ ${#books[@]} -eq 0 ]; then
  books=("$shared/books/pg2701.txt" "$shared/books/pg35.txt" "$shared/books/pg46.txt")
  books+=("$shared"/seeds/*.txt "$here/../samples/the-lamplighter-of-vask.md")
fi
work=$(mktemp -d)
[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
echo "book" > "$work/catalogue.csv"
for b in "${books[@]}"; do
  [ -f "$b" ] || { echo "catalogue: no book $b" >&2; exit 1; }
  echo "\"$(cd "$(dirname "$b")" && pwd)/$(basename "$b")\"" >> "$work/catalogue.csv"
done
cd "$work"
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$1" "$(now)"; }

"$NARRATE" plan catalogue.csv --json --shard 1/4 "${options[@]}" > plan.json
python3 - plan.json <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
costs = [s["cost_s"] for s in plan["shards"]]
mean = sum(costs) / len(costs)
print(f"{len(plan['books'])} books, {len(plan['tasks'])} tasks, {plan['total_cost_s']:.0f} s estimated")
for s in plan["shards"]:
    print(f"  shard {s['shard']}/4: {s['tasks']} tasks, {s['cost_s']:.1f} s estimated")
print(f"largest shard / mean = {max(costs) / mean:.4f} (target <= 1.10)")
PY

t=$(now)
"$NARRATE" build catalogue.csv -o single -q "${options[@]}"
echo "one machine: $(since "$t")"

t=$(now)
pids=()
for k in 1 2 3 4; do
  mkdir -p "w$k"
  (cd "w$k" && exec "$NARRATE" render ../catalogue.csv --cache ../cache --shard "$k/4" \
     "${options[@]}" > render.log 2>&1) &
  pids+=($!)
done
# Shard 2 is killed once it has rendered half its tasks.
half=$(python3 -c "import json; print(max(1, json.load(open('plan.json'))['shards'][1]['tasks'] // 2))")
done_tasks() { grep -c '^  \[' w2/render.log 2>/dev/null || true; }
while kill -0 "${pids[1]}" 2>/dev/null && [ "$(done_tasks)" -lt "$half" ]; do sleep 0.1; done
pkill -KILL -P "${pids[1]}" 2>/dev/null || true; kill -KILL "${pids[1]}" 2>/dev/null || true
status=0
for k in 1 3 4; do wait "${pids[$((k - 1))]}" || status=1; done
wait "${pids[1]}" 2>/dev/null || true
echo "4 shards (shard 2 killed after $(done_tasks) of its tasks): $(since "$t")"
[ $status = 0 ] || { echo "a shard failed" >&2; exit 1; }
t=$(now)
(cd w2 && "$NARRATE" render ../catalogue.csv --cache ../cache --shard 2/4 "${options[@]}" \
   | tail -1 | sed 's/^/shard 2 again: /')
echo "shard 2 again: $(since "$t")"
t=$(now)
"$NARRATE" build catalogue.csv --cache cache -o assembled -q "${options[@]}"
echo "assembly: $(since "$t")"
echo "working folders of the shards: $(find w1 w2 w3 w4 -type f ! -name render.log | wc -l) files besides their logs"
if diff -r -x .narrate-lock single assembled > /dev/null; then
  echo "byte-identical: $(find single -type f | wc -l) files in $(ls single | wc -l) audiobooks"
else
  echo "DIFFERENT:"; diff -rq -x .narrate-lock single assembled | head; exit 1
fi
