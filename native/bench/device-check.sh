#!/usr/bin/env bash
# The checks that need a CUDA device, as one script for a GPU machine (CMake, a C++ compiler and nvcc; no Java):
#   1. ctest: the host tests and the device tests (MSM, NTT and whole proofs on the GPU against libzkml);
#   2. compute-sanitizer over the device tests, where it is installed: memcheck (out-of-bounds and misaligned
#      accesses, leaks) and initcheck (reads of device memory never written);
#   3. the benchmark: MSM G1/G2 and NTT from 2^16 to MAX_LOG (default 22) with random scalars, the MSMs again with
#      the skewed sets SKEWED (default "small neg-small equal mixed"; empty: none), and whole proofs when a key is given.
# Usage: native/bench/device-check.sh [C.zkey W.wtns]      (MAX_LOG=24 for the issue's full range)
# Builds into $ZKML_BENCH_BUILD (default native/build-bench); exits non-zero at the first failing check.
set -euo pipefail
NATIVE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ZKML_BENCH_BUILD:-$NATIVE/build-bench}"
MAX_LOG="${MAX_LOG:-22}"
SKEWED="${SKEWED-small neg-small equal mixed}"
cmake -S "$NATIVE" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null
cmake --build "$BUILD" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
cmake --build "$BUILD" --target zkml_gpu_bench -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
echo "== ctest"
ctest --test-dir "$BUILD" --output-on-failure -R cuda
"$BUILD/zkml_cuda_host_tests" device  # exit 77 (skipped) is an error here: this script is for a device
if command -v compute-sanitizer >/dev/null 2>&1; then
  echo "== compute-sanitizer memcheck"
  compute-sanitizer --tool memcheck --leak-check full --error-exitcode 1 "$BUILD/zkml_cuda_host_tests" device
  echo "== compute-sanitizer initcheck"
  compute-sanitizer --tool initcheck --error-exitcode 1 "$BUILD/zkml_cuda_host_tests" device
else
  echo "== compute-sanitizer: not installed, skipped"
fi
echo "== benchmark"
"$BUILD/zkml_gpu_bench" all 16 "$MAX_LOG"
for set in $SKEWED; do
  "$BUILD/zkml_gpu_bench" msm-g1 16 "$MAX_LOG" --scalars "$set"
  "$BUILD/zkml_gpu_bench" msm-g2 16 "$MAX_LOG" --scalars "$set"
done
if [ $# -ge 2 ]; then
  ZKML_TRACE=1 "$BUILD/zkml_gpu_bench" prove "$1" "$2" 3
fi
