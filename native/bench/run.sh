#!/usr/bin/env bash
# The native benchmark, CPU (libzkml) against GPU (libzkml_cuda), with CMake and a C++ compiler only (nvcc for the
# GPU part; no JDK, no Maven). Builds native/ in Release into BUILD (default: build-bench next to this script's
# native/ directory, or $ZKML_BENCH_BUILD) and runs zkml_gpu_bench with the arguments:
#   native/bench/run.sh                          MSM G1, MSM G2 and NTT for 2^16 .. 2^24
#   native/bench/run.sh msm-g1 16 20             one kernel, a range of sizes
#   native/bench/run.sh msm-g1 16 22 --scalars neg-small    MSM scalars small|neg-small|equal|ones|one-nonzero|mixed
#   native/bench/run.sh prove C.zkey W.wtns 5    whole proofs (best of 5), key opened once on each side
# ZKML_TRACE=1 prints each proof stage's time on standard error.
set -euo pipefail
NATIVE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ZKML_BENCH_BUILD:-$NATIVE/build-bench}"
command -v cmake >/dev/null 2>&1 || { echo "run.sh: cmake is needed" >&2; exit 2; }
cmake -S "$NATIVE" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BUILD" --target zkml_gpu_bench -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
exec "$BUILD/zkml_gpu_bench" "$@"
