#!/usr/bin/env bash
# Installs the Debian packages nabla needs to build, test and train, and the ONNX Runtime that the export
# tests run; quiet and quick when all are there.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config
  libopenblas-dev libdnnl-dev zlib1g-dev libpng-dev libjpeg62-turbo-dev nlohmann-json3-dev libcli11-dev
  ocl-icd-opencl-dev  # Debian's oneDNN CMake config requires OpenCL, only a Recommends of libdnnl-dev
  openmpi-bin libopenmpi-dev  # data-parallel training: `mpirun -np N nabla train`
  libonnx-dev libprotobuf-dev  # ONNX export: the ONNX classes and checker; ONNX's CMake package needs protobuf's
  libgtest-dev libbenchmark-dev
  dataset-fashion-mnist
  chromium fonts-dejavu-core  # the report test renders report.html headless and checks the screenshot
)
# Reference checks and the PyTorch comparison scripts; the C++ tests never need them.
if [ "${NABLA_WITH_REFERENCE:-0}" = 1 ]; then packages+=(python3-torch python3-sklearn python3-numpy); fi
# The fuzz harnesses (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes, and clang's OpenMP.
if [ "${NABLA_WITH_FUZZ:-0}" = 1 ]; then packages+=(clang libclang-rt-14-dev libomp-dev); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# node and npm run ONNX Runtime for the export tests: Debian's, unless a node (with its npm) is there already.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# ONNX Runtime (npm onnxruntime-node, CPU), at the version tests/onnx/package-lock.json pins, into
# tests/onnx/node_modules; again only when the lock file is newer than the install. No install scripts:
# they would download GPU libraries the tests do not use.
cd "$(dirname "$0")/.."
if [ ! -f tests/onnx/node_modules/.package-lock.json ] ||
  [ tests/onnx/package-lock.json -nt tests/onnx/node_modules/.package-lock.json ]; then
  echo "setup: installing ONNX Runtime into tests/onnx/node_modules"
  npm ci --prefix tests/onnx --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
fi
