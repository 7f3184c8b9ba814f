#!/usr/bin/env bash
# Installs build/release into build/prefix and builds and runs tests/consumer against it: proves that
# `find_package(nabla)` and `nabla::nabla` work for a project of a user's own.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/prefix build/consumer
cmake --install build/release --prefix build/prefix >/dev/null
cmake -S tests/consumer -B build/consumer -G Ninja -DCMAKE_PREFIX_PATH="$PWD/build/prefix" >/dev/null
cmake --build build/consumer
build/consumer/consumer
