#!/usr/bin/env bash
# Prints the Debian package names scripts/packages.txt lists, one a line: the
# file's lines without comments ('#' to the end of the line) and spaces, blank
# lines left out. scripts/install-deps.sh and deploy/Containerfile both install
# from it, so the machines and the image have the same packages.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$here/packages.txt"
