#!/usr/bin/env bash
# Installs the Node packages of verifier/node (snarkjs, circom2, solc, @ethereumjs/evm, circomlibjs)
# exactly as pinned in package-lock.json. Idempotent and quiet: when node_modules
# already holds what package-lock.json pins it prints nothing and exits 0.
#
# npm's own hidden lock file (node_modules/.package-lock.json) never equals
# package-lock.json byte for byte (it leaves out the root package entry), so
# after a successful `npm ci` we keep a copy of the lock file we installed from
# in node_modules/.zkml-installed-lock.json and compare against that.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v npm >/dev/null 2>&1; then
  echo "verifier/node/install.sh: npm not found on PATH; install Node.js 20+ (with npm) first" >&2
  exit 1
fi

STAMP=node_modules/.zkml-installed-lock.json
if [ -f node_modules/.package-lock.json ] && [ -f "$STAMP" ] && cmp -s "$STAMP" package-lock.json; then
  exit 0
fi

npm ci --no-audit --no-fund
cp package-lock.json "$STAMP"
