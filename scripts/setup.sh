#!/usr/bin/env bash
# Installs every Debian 12 package greenfab needs that is not installed yet (idempotent, quick when done).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  libsimgrid-dev libhdf5-dev hdf5-tools libboost-program-options-dev libboost-dev libyaml-cpp-dev catch2
  libopenmpi-dev openmpi-bin
  python3 python3-h5py python3-numpy python3-pandas python3-matplotlib python3-pytest
  chromium fonts-dejavu-core   # headless Chromium (with a font) to test that the HTML reports render
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "greenfab setup: installing ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
