#!/usr/bin/env bash
# Configures and builds nabla in build/<name> (default: build/release); extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-release}; shift || true
cmake -S . -B "build/$name" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "build/$name" -j "$(nproc)"
