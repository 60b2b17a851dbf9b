#!/usr/bin/env bash
# README command 1: install what is missing, build, and render the bundled
# sample book into audiobooks/.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$root"
"${BUILD_DIR:-$root/build}/cli/narrate" build samples/the-lamplighter-of-vask.md \
  --lexicon pronunciation/lexicons/sample-book.lexicon
