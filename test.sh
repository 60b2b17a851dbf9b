#!/usr/bin/env bash
# README command 2: run every test (installs what is missing and builds first).
# `./test.sh --sanitize` then builds again with AddressSanitizer +
# UndefinedBehaviorSanitizer and runs the tests under them too. In CI
# (CI=true) every test runs once, under the sanitizers only: the plain pass
# would repeat the same tests, and the two builds do not fit CI's 30 minutes
# on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
"$root/scripts/install-deps.sh"
if [ "${CI:-}" != true ]; then
  "$root/scripts/build.sh"
  (cd "${BUILD_DIR:-$root/build}" && ctest --output-on-failure -j "$(nproc)")
fi
if [ "${1:-}" = --sanitize ] || [ "${CI:-}" = true ]; then
  echo "== the tests under ASan+UBSan"
  SANITIZE=1 "$root/scripts/build.sh"
  cd "$root/build-sanitize"
  # ASan's stack frames are several times larger than a normal build's: give it
  # the room that 1024 levels of HTML nesting take (8 MB is enough without ASan).
  ulimit -s 65536 || true
  ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j "$(nproc)" ${NARRATE_SANITIZE_CTEST_ARGS:-}
fi
