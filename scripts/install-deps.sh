#!/usr/bin/env bash
# Installs the Debian packages in scripts/packages.txt that are missing, then
# the browser test's npm packages (package-lock.json) when they are missing or
# the lockfile changed. Idempotent, non-interactive and quiet when all is
# there; uses sudo when not run as root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

install_debian_packages() {
  local wanted missing=() pkg sudo=""
  mapfile -t wanted < <("$here/package-names.sh")
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# playwright-core for tests/browser/ (it drives Debian's chromium; it downloads
# no browser). node_modules/.lock-sha256 records the lockfile it was made from.
install_npm_packages() {
  local lock="$root/package-lock.json" stamp="$root/node_modules/.lock-sha256" sum
  [ -f "$lock" ] || return 0
  if ! command -v npm >/dev/null; then
    echo "install-deps: npm not found: the browser test will not run (it needs Node.js >= 20)" >&2
    return 0
  fi
  sum="$(sha256sum "$lock" | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && return 0
  echo "Installing npm packages (npm ci)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$sum" > "$stamp"
}

install_debian_packages
install_npm_packages
