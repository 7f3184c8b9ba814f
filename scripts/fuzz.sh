#!/usr/bin/env bash
# Builds the parsers' libFuzzer harnesses (clang, ASan, UBSan) in build/fuzz and runs each for SECONDS
# (default 30) from its seed corpus in tests/fuzz/corpus; fails when any harness finds a crash, a leak, a
# timeout or an out-of-memory. Usage: scripts/fuzz.sh [SECONDS] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
NABLA_WITH_FUZZ=1 scripts/setup.sh
# NABLA_FUZZ_BUILD names a build folder already configured with NABLA_FUZZ=ON (CI builds the unit tests
# there too); by default build/fuzz is configured here with the harnesses only.
build=${NABLA_FUZZ_BUILD:-build/fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNABLA_FUZZ=ON \
    -DNABLA_BUILD_TESTS=OFF -DNABLA_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
fi
cmake --build "$build" --target fuzz -j "$(nproc)"

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for source in tests/fuzz/*_fuzz.cpp; do harnesses+=("$(basename "$source" .cpp)"); done
fi
failed=()
for name in "${harnesses[@]}"; do
  # New inputs go to $build/corpus; the committed seeds are only read. Findings land in $build/findings.
  mkdir -p "$build/corpus/$name" "$build/findings/$name"
  log=$build/$name.log
  if "$build/tests/fuzz/$name" "$build/corpus/$name" "tests/fuzz/corpus/$name" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$build/findings/$name/" >"$log" 2>&1; then
    echo "fuzz: $name: $(grep -o 'number_of_executed_units: [0-9]*' "$log" | tail -1 | cut -d' ' -f2) inputs in ${seconds} s, no finding"
  else
    failed+=("$name")
    tail -n 40 "$log"
    echo "fuzz: $name: FINDING, see $log and $build/findings/$name/"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
