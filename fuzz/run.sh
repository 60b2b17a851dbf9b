#!/usr/bin/env bash
# Runs the libFuzzer targets for a while each, one after another:
#   fuzz/run.sh [--merge] [SECONDS] [TARGET...]    (default 60 s, every target)
# Builds build-fuzz/ with clang (NARRATE_FUZZ=ON) first. Each target starts
# from its checked-in corpus fuzz/corpus/<target>/ and its dictionary
# fuzz/dict/<target>.dict, and grows a working corpus in build-fuzz/corpus/.
# A crash, leak or hang (10 s per input) is saved to build-fuzz/artifacts/
# and stops the script with exit 1: add it to fuzz/corpus/<target>/ once fixed.
# --merge adds the working inputs that reach new code to fuzz/corpus/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD:-$root/build-fuzz}"
merge=0
[ "${1:-}" = --merge ] && { merge=1; shift; }
seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] &&
  targets=(text html epub lexicon pls manifest normalize studio_request voices speakers catalogue)
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DNARRATE_FUZZ=ON -DBUILD_TESTING=OFF > /dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"
ulimit -s 65536 || true  # ASan's larger frames, as in test.sh --sanitize
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
  echo "== fuzz_$t for $seconds s"
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -dict="$root/fuzz/dict/$t.dict" -artifact_prefix="$build/artifacts/$t/" \
    -print_final_stats=1 "$build/corpus/$t" "$root/fuzz/corpus/$t" 2>&1 |
    grep -E "^#[0-9]+ +DONE|stat::|ERROR|SUMMARY|Test unit written|INFO: seed corpus" || true
  if [ -n "$(ls -A "$build/artifacts/$t")" ]; then
    echo "fuzz_$t: found a problem, see $build/artifacts/$t/" >&2
    exit 1
  fi
  if [ $merge = 1 ]; then
    "$build/fuzz/fuzz_$t" -merge=1 -timeout=10 -rss_limit_mb=2048 "$root/fuzz/corpus/$t" \
      "$build/corpus/$t" 2>&1 | grep -E "MERGE-OUTER: [0-9]+ new files" || true
  fi
done
