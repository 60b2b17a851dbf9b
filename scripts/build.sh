#!/usr/bin/env bash
# Configures and builds narrate into build/ (set BUILD_DIR to change).
# With SANITIZE=1: an ASan+UBSan build (NARRATE_SANITIZE) into build-sanitize/,
# optimised lightly so it compiles and runs fast enough for CI.
# With NARRATE_TESTS=OFF: the program alone, no tests (passed on to CMake).
# BUILD_TYPE sets CMake's build type (RelWithDebInfo unless set; the container
# image, deploy/Containerfile, builds Release).
# In CI (CI=true) a compiler warning fails the build (NARRATE_WERROR), and the
# plain build has no debug information.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
flags=("-DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}")
build="${BUILD_DIR:-$root/build}"
if [ -n "${NARRATE_TESTS:-}" ]; then
  flags+=("-DNARRATE_TESTS=$NARRATE_TESTS")
fi
if [ "${CI:-}" = true ]; then
  flags+=(-DNARRATE_WERROR=ON)
  # No debug information in CI's plain build: nobody debugs it there, and -g
  # makes a test file take about 40% longer to compile (22 s against 31 s).
  [ "${SANITIZE:-0}" = 1 ] || flags+=("-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g0 -DNDEBUG")
fi
if [ "${SANITIZE:-0}" = 1 ]; then
  build="${BUILD_DIR:-$root/build-sanitize}"
  flags+=(-DNARRATE_SANITIZE=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1")
fi
cmake -S "$root" -B "$build" "${flags[@]}" > /dev/null
cmake --build "$build" -j "$(nproc)"
