#!/usr/bin/env bash
# Installs the Debian packages nabla needs to build, test and train; quiet and quick when all are there.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config
  libopenblas-dev libdnnl-dev zlib1g-dev libpng-dev nlohmann-json3-dev libcli11-dev
  ocl-icd-opencl-dev  # Debian's oneDNN CMake config requires OpenCL, only a Recommends of libdnnl-dev
  openmpi-bin libopenmpi-dev  # data-parallel training: `mpirun -np N nabla train`
  libgtest-dev libbenchmark-dev
  dataset-fashion-mnist
  chromium fonts-dejavu-core  # the report test renders report.html headless and checks the screenshot
)
# Reference checks and the PyTorch comparison scripts; the C++ tests never need them.
if [ "${NABLA_WITH_REFERENCE:-0}" = 1 ]; then packages+=(python3-torch python3-sklearn python3-numpy); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
