#!/usr/bin/env bash
# Renders a catalogue over SSH with GNU Parallel, one shard a host, then assembles the
# audiobooks on this machine (deploy/README.md, "GNU Parallel over SSH").
#
#   deploy/parallel/render.sh [--retries N] [--jobs N] HOSTS CACHE_DIR OUT_DIR BOOKS... [options]
#
# HOSTS is a GNU Parallel sshloginfile: one host a line ("host", "user@host", ":" for this
# machine; '#' lines are comments). N hosts make N shards: each host runs
#   narrate render BOOKS... [options] --cache CACHE_DIR --shard K/N
# and, when all have succeeded, this machine runs
#   narrate build BOOKS... [options] --cache CACHE_DIR -o OUT_DIR
# Every host must see CACHE_DIR and the books at the same absolute paths (a shared mount)
# and have narrate on its PATH, or where NARRATE names it. A failed shard is tried again,
# on another host when there is one, until it has been tried --retries times (default 2).
# Exit: 0 done, 1 a shard or the assembly failed, 2 usage, 130 interrupted.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: render.sh [--retries N] [--jobs N] HOSTS CACHE_DIR OUT_DIR BOOKS... [options]
  HOSTS      GNU Parallel sshloginfile: one host a line, one shard a host
  CACHE_DIR  the shared render cache, an absolute path every host sees
  OUT_DIR    where this machine writes the audiobooks (absolute)
  BOOKS...   book files, folders or catalogue.csv, then narrate's build options
  --retries N  tries of each shard (default 2); --jobs N  narrate render --jobs on each host
EOF
}

fail_usage() {
  echo "render.sh: $1" >&2
  usage >&2
  exit 2
}

positive_integer() {
  [[ "$1" =~ ^[1-9][0-9]*$ ]] || fail_usage "$2 must be a positive whole number, not '$1'"
}

# The hosts of an sshloginfile: its lines that are not blank or comments.
host_count() {
  grep -cv -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$1" || true
}

# The shards whose last try failed, from GNU Parallel's job log (Seq is the shard).
report_failed_shards() {
  awk -F'\t' -v n="$2" 'NR > 1 && ($7 != 0 || $8 != 0) {
    printf "render.sh: shard %s/%s failed on %s (exit %s, signal %s)\n", $1, n, $2, $7, $8
  }' "$1" >&2
}

retries=2
render_jobs=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --retries) [ $# -ge 2 ] || fail_usage "--retries needs a value"
      positive_integer "$2" --retries; retries="$2"; shift 2 ;;
    --jobs) [ $# -ge 2 ] || fail_usage "--jobs needs a value"
      positive_integer "$2" --jobs; render_jobs=(--jobs "$2"); shift 2 ;;
    --) shift; break ;;
    -*) fail_usage "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -ge 4 ] || fail_usage "HOSTS, CACHE_DIR, OUT_DIR and at least one book are needed"
hosts="$1" cache="$2" out="$3"
shift 3
[ -r "$hosts" ] || fail_usage "cannot read the hosts file '$hosts'"
[[ "$cache" == /* ]] || fail_usage "CACHE_DIR must be an absolute path, not '$cache'"
[[ "$out" == /* ]] || fail_usage "OUT_DIR must be an absolute path, not '$out'"
shards="$(host_count "$hosts")"
[ "$shards" -ge 1 ] || fail_usage "$hosts lists no hosts"
command -v parallel >/dev/null || { echo "render.sh: GNU Parallel not found" >&2; exit 1; }
narrate="${NARRATE:-narrate}"
trap 'exit 130' INT TERM

joblog="$(mktemp)"
trap 'rm -f "$joblog"' EXIT
mapfile -t shard_numbers < <(seq 1 "$shards")
echo "render.sh: rendering $shards shards on the hosts in $hosts" >&2
if ! parallel --sshloginfile "$hosts" --jobs 1 --retries "$retries" --joblog "$joblog" \
  --tagstring "shard {}/$shards" -q "$narrate" render "$@" --cache "$cache" \
  --shard "{}/$shards" "${render_jobs[@]}" ::: "${shard_numbers[@]}" </dev/null; then
  report_failed_shards "$joblog" "$shards"
  echo "render.sh: run the same command again: tasks already in $cache are skipped" >&2
  exit 1
fi
echo "render.sh: all shards rendered; assembling into $out" >&2
"$narrate" build "$@" --cache "$cache" -o "$out"
