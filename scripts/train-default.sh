#!/usr/bin/env bash
# Sets up, builds, and runs nabla's main job: `nabla train` with its defaults (ConvNet on Fashion-MNIST).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
build/release/nabla train "$@"
