#!/usr/bin/env bash
# Decoded quality of MP3s against their PCM (issue 20). A benchmark, not a test.
# See bench/README.md.
#
#   bench/quality.sh                               eSpeak NG speech of a book excerpt,
#                                                  encoded with each of QUALITY_SETTINGS,
#                                                  and narrate say's own WAV and MP3
#   bench/quality.sh pairs SOURCE.wav CODED.mp3 ...  figures of given pairs
#   bench/quality.sh encode SOURCE.wav SETTING...    SOURCE encoded with each SETTING
#
# Environment (default mode):
#   NARRATE           narrate binary (default: <repo>/build/cli/narrate; when absent,
#                     its rows are left out)
#   BOOK              text the speech comes from (default: ../shared/books/pg2701.txt)
#   QUALITY_WORDS     words of it, from the middle of the file (default: 3000, ~16 min)
#   QUALITY_VOICE     eSpeak NG voice (default: en, as narrate's)
#   QUALITY_SETTINGS  ';'-separated settings (cli:LAME OPTIONS or c:K=V,...; see quality.py)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
die() { echo "quality: $*" >&2; exit 1; }
for tool in espeak-ng lame ffmpeg ffprobe python3 cc; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH"
done
if [[ $# -gt 0 ]]; then
  exec python3 "$here/quality.py" "$@"
fi

NARRATE=${NARRATE:-$here/../build/cli/narrate}
book=${BOOK:-$here/../../shared/books/pg2701.txt}
words=${QUALITY_WORDS:-3000}
voice=${QUALITY_VOICE:-en}
settings=${QUALITY_SETTINGS:-"cli:-b 64 -m m;cli:-q 7 --noreplaygain -b 64 -m m;\
c:quality=7,cbr=64;c:quality=7,no_short_blocks=1,cbr=64;c:quality=5,cbr=64;\
c:quality=2,cbr=64;c:quality=7,cbr=48;c:quality=7,vbr=6;c:quality=7,cbr=64,out_rate_hz=16000"}
[[ -f $book ]] || die "no book at $book (set BOOK)"

work=$(mktemp -d "${TMPDIR:-/tmp}/narrate-quality.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config  # no user-wide lexicon for narrate say

# QUALITY_WORDS words from the middle of the book, whole lines.
lines=$(wc -l <"$book")
awk -v from=$((lines / 2)) -v n="$words" 'NR >= from { print; w += NF; if (w >= n) exit }' \
  "$book" >"$work/excerpt.txt"
echo "quality: $(wc -w <"$work/excerpt.txt") words of $(basename "$book"), voice $voice;" \
     "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
espeak-ng -v "$voice" -f "$work/excerpt.txt" -w "$work/espeak.wav"

IFS=';' read -r -a list <<<"$settings"
python3 "$here/quality.py" encode "$work/espeak.wav" "${list[@]}"

if [[ -x $NARRATE ]]; then
  echo
  echo "narrate say on the same excerpt: its WAV against its MP3 (narrate's own settings)"
  "$NARRATE" say --voice "$voice" -o "$work/narrate.wav" <"$work/excerpt.txt" >/dev/null
  "$NARRATE" say --voice "$voice" -o "$work/narrate.mp3" <"$work/excerpt.txt" >/dev/null
  python3 "$here/quality.py" pairs "$work/narrate.wav" "$work/narrate.mp3"
fi
