#!/usr/bin/env bash
# Side by side: our prover (./zkml prove, native and java backends) against snarkjs — and rapidsnark when
# RAPIDSNARK=/path/to/prover is set — on the same .zkey and witness; whole-process wall time, best of N runs,
# peak RSS (/usr/bin/time -v), and the ratios.
#
#   benchmarks/compare.sh [log2n]                              the square chain of ../shared/PEERS.md: 2^log2n
#                                                              constraints s[i] = s[i-1]^2 + 7 (default 16), built with
#                                                              circom2, key from `zkml setup --dev`
#   benchmarks/compare.sh --zkey C.zkey --wtns W.wtns          a circuit of your own (key and witness given)
#
# Environment: RUNS (default 3), BACKENDS (default "native java"), SKIP_SNARKJS=1, RAPIDSNARK=/path, WORK=dir (kept;
# default a temporary directory, removed). Needs node (snarkjs, circom2 in verifier/node/node_modules); without them
# it times zkml only, on the same circuit made in Java.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/verifier/node/node_modules/.bin"
RUNS="${RUNS:-3}"
BACKENDS="${BACKENDS:-native java}"

zkey="" wtns="" log2n=16
while [ $# -gt 0 ]; do
  case "$1" in
    --zkey) zkey="$2"; shift 2 ;;
    --wtns) wtns="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) log2n="$1"; shift ;;
  esac
done
if [ -n "$zkey$wtns" ] && { [ -z "$zkey" ] || [ -z "$wtns" ]; }; then
  echo "compare.sh: give both --zkey and --wtns" >&2
  exit 2
fi
if [ ! -x "$BIN/snarkjs" ]; then
  echo "compare.sh: snarkjs and circom2 missing in $BIN (./mvnw -pl verifier generate-test-resources installs them): zkml only, circuit made in Java" >&2
  SKIP_SNARKJS=1
fi

if [ -n "${WORK-}" ]; then
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
fi

if [ -z "$zkey" ]; then
  n=$((1 << log2n))
  name="chain$log2n"
  if { [ ! -f "$WORK/$name.zkey" ] || [ ! -f "$WORK/$name.wtns" ]; } && [ ! -x "$BIN/circom2" ]; then
    echo "compare.sh: the square chain's key and witness from Java (benchmarks' SquareChain)…" >&2
    [ -f "$ROOT/benchmarks/target/benchmarks.jar" ] || (cd "$ROOT" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
    "$ROOT/zkml" --version >/dev/null
    "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -cp "$ROOT/benchmarks/target/benchmarks.jar" io.zkml.bench.SquareChain files "$log2n" "$WORK"
  fi
  if [ ! -f "$WORK/$name.zkey" ] || [ ! -f "$WORK/$name.wtns" ]; then
    cat >"$WORK/$name.circom" <<CIRCOM
pragma circom 2.0.0;
// ../shared/PEERS.md's circuit: $n squarings s[i] = s[i-1]^2 + 7, one public output
template SquareChain(n) {
    signal input x;
    signal output out;
    signal s[n + 1];
    s[0] <== x;
    for (var i = 0; i < n; i++) {
        s[i + 1] <== s[i] * s[i] + 7;
    }
    out <== s[n];
}
component main = SquareChain($n);
CIRCOM
    echo '{"x": "3"}' >"$WORK/input.json"
    echo "compare.sh: circom2 $name.circom ($n constraints)…" >&2
    (cd "$WORK" && "$BIN/circom2" "$name.circom" --r1cs --wasm -o . >/dev/null)
    node "$BIN/snarkjs" wtns calculate "$WORK/${name}_js/$name.wasm" "$WORK/input.json" "$WORK/$name.wtns" >/dev/null
    echo "compare.sh: zkml setup --dev…" >&2
    "$ROOT/zkml" setup --r1cs "$WORK/$name.r1cs" --zkey "$WORK/$name.zkey" --dev 2>/dev/null
  fi
  zkey="$WORK/$name.zkey" wtns="$WORK/$name.wtns"
fi
"$ROOT/zkml" --version >/dev/null  # builds the command line first if needed, outside the timings

# best wall time (s) and its peak RSS (MiB) of RUNS runs of a command
measure() {
  local best="" rss="" i t r
  for i in $(seq "$RUNS"); do
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt" >&2; echo "compare.sh: failed: $*" >&2; exit 1; }
    t="$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s}' "$WORK/time.txt")"
    r="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/time.txt")"
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$t" rss="$r"; fi
  done
  echo "$best $rss"
}

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "key: $zkey ($(($(stat -c %s "$zkey") / 1048576)) MiB), witness: $wtns; best of $RUNS, whole process"
declare -A T M
for b in $BACKENDS; do
  read -r T[$b] M[$b] < <(measure "$ROOT/zkml" prove --zkey "$zkey" --witness "$wtns" --proof "$WORK/proof_$b.json" --public "$WORK/public_$b.json" --backend "$b")
  printf '%-22s %8.2f s  %6s MiB\n' "zkml --backend $b" "${T[$b]}" "${M[$b]}"
done
if [ -z "${SKIP_SNARKJS-}" ]; then
  read -r T[snarkjs] M[snarkjs] < <(measure node "$BIN/snarkjs" groth16 prove "$zkey" "$wtns" "$WORK/proof_snarkjs.json" "$WORK/public_snarkjs.json")
  printf '%-22s %8.2f s  %6s MiB\n' "snarkjs groth16 prove" "${T[snarkjs]}" "${M[snarkjs]}"
fi
if [ -n "${RAPIDSNARK-}" ]; then
  read -r T[rapidsnark] M[rapidsnark] < <(measure "$RAPIDSNARK" "$zkey" "$wtns" "$WORK/proof_rapidsnark.json" "$WORK/public_rapidsnark.json")
  printf '%-22s %8.2f s  %6s MiB\n' "rapidsnark" "${T[rapidsnark]}" "${M[rapidsnark]}"
fi
for b in $BACKENDS; do
  for peer in snarkjs rapidsnark java; do
    [ -n "${T[$peer]-}" ] && [ "$peer" != "$b" ] && awk -v a="${T[$peer]}" -v b="${T[$b]}" -v n="$b" -v p="$peer" \
      'BEGIN { printf "%s / zkml %s: %.2fx\n", p, n, a / b }'
  done
done
# the proofs verify with snarkjs too
[ -x "$BIN/snarkjs" ] && for b in $BACKENDS; do
  node "$BIN/snarkjs" zkey export verificationkey "$zkey" "$WORK/vk.json" >/dev/null
  node "$BIN/snarkjs" groth16 verify "$WORK/vk.json" "$WORK/public_$b.json" "$WORK/proof_$b.json" | grep -q "OK" \
    && echo "snarkjs verifies the $b proof: OK" || { echo "snarkjs does NOT verify the $b proof" >&2; exit 1; }
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
