#!/usr/bin/env bash
# Builds and runs Bench/cnet_bench.cpp against the CNet sources with SwiftPM's release flags
# (-O2, NDEBUG, EIGEN_NO_DEBUG, no -march). EXTRA_FLAGS (e.g. "-mavx2 -mfma") measures an opt-in
# build for comparison only; the package itself never uses it. Arguments: [batch] [input size].
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"${CXX:-clang++}" -std=c++17 -O2 -DNDEBUG -DEIGEN_NO_DEBUG ${EXTRA_FLAGS:-} -ISources/CNet/include \
  $(pkg-config --cflags eigen3) Sources/CNet/src/*.cpp Bench/cnet_bench.cpp -o "$out/cnet_bench"
"$out/cnet_bench" "$@"
