#!/usr/bin/env bash
# Constraint cost of committed parameters against fixed ones: `zkml compile` of corpus models with
# --param-visibility fixed and committed (default --param-range), the totals and the committed circuit's parts
# (parameter range checks, weight·activation products, the Poseidon commitment) from report.json.
# Usage: benchmarks/param-cost.sh [model[:LO:HI] ...]   (default: 1l_mlp 2l_relu_fc 4l_relu_conv_fc lenet_5:-1:1)
# Counts, not timings: the machine does not matter; the input range does (it is printed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="$ROOT/circuit-compiler/src/test/resources/ezkl-dev"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/zkml" --version > /dev/null   # builds the command line first if needed
printf '%-18s %-8s %10s %10s %7s %10s %9s %9s %9s %7s\n' model range fixed committed ratio params ranges products poseidon paramRange
for spec in ${@:-1l_mlp 2l_relu_fc 4l_relu_conv_fc lenet_5:-1:1}; do
  model="${spec%%:*}"
  if [ "$spec" != "$model" ]; then
    range="${spec#*:}"
  else
    range=$(python3 -c "import json,math; d=json.load(open('$CORPUS/$model/input.json'))['input_data'][0]; print(f'{min(-1, math.floor(min(d)))}:{max(1, math.ceil(max(d)))}')")
  fi
  "$ROOT/zkml" compile "$CORPUS/$model/network.onnx" -o "$OUT/$model-f" --input-range="$range" > /dev/null
  "$ROOT/zkml" compile "$CORPUS/$model/network.onnx" -o "$OUT/$model-c" --input-range="$range" --param-visibility committed > /dev/null
  python3 - "$OUT/$model-f" "$OUT/$model-c" "$model" "$range" <<'PY'
import json, sys
f = json.load(open(sys.argv[1] + "/report.json"))
c = json.load(open(sys.argv[2] + "/report.json"))
cj = json.load(open(sys.argv[2] + "/circuit.json"))
part = lambda step: sum(l["constraints"] for l in c["layers"] if l["step"] == step)
print(f'{sys.argv[3]:<18} {sys.argv[4]:<8} {f["constraints"]:>10} {c["constraints"]:>10} {c["constraints"] / f["constraints"]:>6.2f}x'
      f' {cj["params"]["count"]:>10} {part("Param"):>9} {part("ParamLinear"):>9} {part("Poseidon"):>9} {cj["params"]["range"][0]}:{cj["params"]["range"][1]}')
PY
done
