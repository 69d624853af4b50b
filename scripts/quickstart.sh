#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build in Release, run the default model.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
mkdir -p results
build/greenfab run models/teaching/three_station_line.yaml -o results/three_station_line.h5 "$@"
