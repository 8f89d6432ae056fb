#!/usr/bin/env bash
# Load benchmark of the prover service: starts ./zkml serve on loopback (fresh data folder, H2 store, WORKERS proving
# slots), then runs benchmarks/service-load/ServiceLoad.java: RELAYERS concurrent relayers, each keeping up to
# IN_FLIGHT proofs in flight, submitting and polling for DURATION seconds, then waiting for the rest. Prints API latency
# p50/p90/p99, submissions/s, proofs/s, and checks that every accepted job succeeded exactly once (exit 1 if not).
#   benchmarks/service-load.sh            # defaults below; override with env: RELAYERS=16 DURATION=60 ...
#   MODEL=models/breast-cancer/model.onnx INPUT=models/breast-cancer/input.json \
#     OPTIONS="input_range=-5:15&input_scale=8&param_scale=8&output_visibility=argmax" benchmarks/service-load.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RELAYERS="${RELAYERS:-8}"
IN_FLIGHT="${IN_FLIGHT:-4}"
DURATION="${DURATION:-30}"
WORKERS="${WORKERS:-2}"
BACKEND="${BACKEND:-auto}"
MODEL="${MODEL:-$ROOT/prover-service/src/test/resources/service/1l_mlp/network.onnx}"
INPUT="${INPUT:-$ROOT/prover-service/src/test/resources/service/1l_mlp/input.json}"
OPTIONS="${OPTIONS:-input_range=-2:2}"  # the model registration query (POST /v1/models?OPTIONS)
ADMIN="load-admin-key-$(date +%s%N)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

DATA="$(mktemp -d)"
LOG="$DATA/serve.log"
"$ROOT/zkml" --version >/dev/null 2>&1 || true # builds the jar if needed, before the server's clock starts
"$ROOT/zkml" serve --port 0 --data "$DATA/node" --admin-key "$ADMIN" --workers "$WORKERS" --backend "$BACKEND" \
  --max-queued-per-key 1000 --max-queued 100000 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
URL=""
for _ in $(seq 1 600); do
  URL="$(grep -o 'listening on http://[0-9.:]*' "$LOG" | head -1 | sed 's/listening on //')" || true
  [ -n "$URL" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 2; }
  sleep 0.2
done
[ -n "$URL" ] || { echo "service-load: the server did not start" >&2; cat "$LOG" >&2; exit 2; }
echo "server $URL: $(grep -o 'listening on .*' "$LOG")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
"$JAVA" "$ROOT/benchmarks/service-load/ServiceLoad.java" "$URL" "$ADMIN" "$MODEL" "$INPUT" "$OPTIONS" "$RELAYERS" "$IN_FLIGHT" "$DURATION"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
