#!/usr/bin/env bash
# Wall time and peak memory of `zkml compile` and `zkml witness` on corpus models (each its own JVM, as a user
# runs them). Usage: benchmarks/compile-witness.sh [model ...]   (default: lenet_5 4l_relu_conv_fc)
# Record the machine and its load (uptime) with every number.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="$ROOT/circuit-compiler/src/test/resources/ezkl-dev"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/zkml" --version > /dev/null   # builds the command line first if needed
uptime
for m in "${@:-lenet_5 4l_relu_conv_fc}"; do
  for model in $m; do
    range=$(python3 -c "import json,math; d=json.load(open('$CORPUS/$model/input.json'))['input_data'][0]; print(f'{min(-1, math.floor(min(d)))}:{max(1, math.ceil(max(d)))}')")
    /usr/bin/time -f "$model compile: %e s, peak RSS %M KiB" "$ROOT/zkml" compile "$CORPUS/$model/network.onnx" -o "$OUT/$model" --input-range "$range" | tail -1
    /usr/bin/time -f "$model witness: %e s, peak RSS %M KiB" "$ROOT/zkml" witness "$OUT/$model" --input "$CORPUS/$model/input.json" \
      --witness "$OUT/$model/w.wtns" --output "$OUT/$model/output.json"
  done
done
uptime
