#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run the whole test suite
# (Release build, then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --workflow --preset release
if [ "${GREENFAB_SKIP_ASAN:-0}" != 1 ]; then
  cmake --workflow --preset asan
fi
