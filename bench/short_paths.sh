#!/usr/bin/env bash
# Short paths against eSpeak NG alone (issue 20): `narrate say`, `narrate
# preview` and a one-chapter rebuild. A benchmark, not a test: it prints
# figures and exits 0 unless something fails. See bench/README.md.
#
# Environment:
#   NARRATE          narrate binary (default: <repo>/build/cli/narrate)
#   BOOK             book for preview and rebuild (default: samples/the-lamplighter-of-vask.md;
#                    e.g. ../shared/books/pg2701.txt for Moby-Dick)
#   BENCH_CHAPTER    chapter, as 'narrate chapters' numbers it (default: the middle one)
#   BENCH_PARAGRAPH  paragraph of it (default: its middle one)
#   BENCH_TEXT       text file for say (default: bench/paragraph.txt)
#   BENCH_RUNS       interleaved runs of each side for say and preview (default: 11)
#   BENCH_REBUILDS   edits + rebuilds of the chapter (default: 3; 0 leaves the rebuild out)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
NARRATE=${NARRATE:-$here/../build/cli/narrate}
book=${BOOK:-$here/../samples/the-lamplighter-of-vask.md}
text=${BENCH_TEXT:-$here/paragraph.txt}

die() { echo "short_paths: $*" >&2; exit 1; }
[[ -x $NARRATE ]] || die "no narrate binary at $NARRATE (build it, or set NARRATE)"
for tool in espeak-ng lame ffprobe python3; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH"
done
[[ -f $book ]] || die "no book at $book"
[[ -f $text ]] || die "no text at $text"
[[ -n ${BENCH_CHAPTER:-} && -z ${BENCH_PARAGRAPH:-} ]] && die "BENCH_CHAPTER needs BENCH_PARAGRAPH"

work=$(mktemp -d "${TMPDIR:-/tmp}/narrate-short.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Keep the user-wide lexicon out; copy the book so nothing beside it is loaded.
export XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_CONFIG_HOME"
cp "$book" "$work/"
where=()
[[ -n ${BENCH_CHAPTER:-} ]] && where=("$BENCH_CHAPTER" "$BENCH_PARAGRAPH")

echo "short_paths: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
     "book $(basename "$book")"
python3 "$here/short_paths.py" "$NARRATE" "$work/$(basename "$book")" "$text" \
  "${BENCH_RUNS:-11}" "${BENCH_REBUILDS:-3}" "${where[@]}"
