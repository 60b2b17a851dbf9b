#!/usr/bin/env bash
# Normalisation speed: `narrate normalize -f BOOK` on each book of the shared
# books folder (the Gutenberg .txt and .htm files), median of BENCH_RUNS runs.
# Not a test: it prints figures and exits 0 unless narrate fails. See bench/README.md.
#
# Environment:
#   NARRATE      narrate binary   (default: <repo>/build/cli/narrate)
#   BENCH_BOOKS  books folder     (default: <repo>/../shared/books)
#   BENCH_RUNS   runs per book    (default: 3)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
NARRATE=${NARRATE:-$here/../build/cli/narrate}
books=${BENCH_BOOKS:-$here/../../shared/books}
runs=${BENCH_RUNS:-3}

[[ -x $NARRATE ]] || { echo "bench: no narrate binary at $NARRATE (build it, or set NARRATE)" >&2; exit 1; }
shopt -s nullglob
files=("$books"/*.txt "$books"/*.htm "$books"/*.html "$books"/*.epub)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "bench: no books in $books (set BENCH_BOOKS); nothing to measure"
  exit 0
fi
exec python3 "$here/bench.py" normalize "$NARRATE" "$runs" "${files[@]}"
