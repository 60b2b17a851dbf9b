#!/usr/bin/env bash
# bench/attribution.sh PDNC_DIR [--held-out | NOVEL...]: who-speaks attribution
# scored on the Project Dialogism Novel Corpus (see bench/README.md). Builds
# attribution_eval into build/ (or $BUILD_DIR) first.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: bench/attribution.sh PDNC_DIR [--held-out | NOVEL...]" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
cmake --build "$build" --target attribution_eval > /dev/null
exec "$build/bench/attribution_eval" "$@"
