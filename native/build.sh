#!/usr/bin/env bash
# Builds and tests libzkml for prover-jni's Maven build (exec-maven-plugin runs it):
#   native/build.sh build <build dir> <library output dir>   cmake configure + build, libzkml.so into the output dir
#   native/build.sh test <build dir>                         ctest
# Without cmake or a C++ compiler it says so and succeeds: the Java build goes on without the native backend.
set -euo pipefail
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:?usage: build.sh build|test <build dir> [library output dir]}"
dir="${2:?build dir missing}"

have_tools() {
  command -v cmake >/dev/null 2>&1 && { command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1; }
}

case "$cmd" in
  build)
    out="${3:?library output dir missing}"
    if ! have_tools; then
      echo "zkml native: cmake or a C++ compiler is missing: building without libzkml (the native backend is unavailable; --backend auto uses java)" >&2
      exit 0
    fi
    cmake -S "$SRC" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DZKML_LIBRARY_OUTPUT_DIR="$out" >/dev/null
    cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
    ;;
  test)
    if ! have_tools || [ ! -f "$dir/CTestTestfile.cmake" ]; then
      echo "zkml native: no native build to test (cmake or a C++ compiler is missing)" >&2
      exit 0
    fi
    ctest --test-dir "$dir" --output-on-failure
    ;;
  *)
    echo "usage: build.sh build|test <build dir> [library output dir]" >&2
    exit 2
    ;;
esac
