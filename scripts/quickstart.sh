#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build in Release, run the main job: the default pathway
# study (the truck-shaft line in Umeå, its roadmaps and the optimiser's, to 2040), print the answer and draw
# the pathway chart. Extra arguments go to `greenfab pathway` (e.g. --set replications=5).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
mkdir -p results
build/greenfab pathway experiments/truck_parts_pathway.yaml -o results/truck_parts_pathway.h5 \
  -j "$(nproc)" --optimise "$@"
/usr/bin/python3 -m analysis pathway results/truck_parts_pathway.h5 -o results/truck_parts_pathway.png
/usr/bin/python3 -m analysis report results/truck_parts_pathway.h5 -o results/truck_parts_pathway.html
echo "pathway chart: results/truck_parts_pathway.png   report: results/truck_parts_pathway.html"
