#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build in Release, run the default model (an industrial
# line with its energy system and transport: production, energy, CO2e by scope, cost).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
mkdir -p results
build/greenfab run models/industrial/truck_parts_line.yaml -o results/truck_parts_line.h5 "$@"
