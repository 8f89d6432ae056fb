// poseidon.mjs — Poseidon hashes and parameters from circomlibjs, for zkml's cross-check tests.
//
//   node poseidon.mjs <request.json>
//
// The request is {"hashes": [[x, ...], ...], "constants": true|false}, every x a decimal string of a
// field element. The answer, on stdout, is
//   {"hashes": ["h", ...], "constants": {"C": [...], "M": [...]}}     (constants only when asked)
// with decimal strings: C[t-2] and M[t-2] are circomlibjs's round constants and MDS matrix of width t.
//
// An input of n <= 16 elements is hashed by circomlibjs's poseidon(inputs), computed by both its reference
// and its WebAssembly implementation, which must agree. A longer input follows zkml's chaining rule
// (README, "Commitments"): pad with zeros to a multiple of 16, h = n, then for every chunk c of 16
// h = poseidon(c, h, 1), i.e. circomlib's PoseidonEx(16, 1) with initialState h.
import { readFileSync } from "node:fs";
import { buildPoseidon, buildPoseidonReference } from "circomlibjs";

const request = JSON.parse(readFileSync(process.argv[2], "utf8"));
const reference = await buildPoseidonReference();
const wasm = await buildPoseidon();
const F = reference.F;
const RATE = 16;

function one(poseidon, inputs, initState) {
  return poseidon.F.toString(poseidon(inputs, initState, 1));
}

function hash(xs) {
  const inputs = xs.map(BigInt);
  if (inputs.length === 0) throw new Error("no inputs");
  if (inputs.length <= RATE) {
    const a = one(reference, inputs), b = one(wasm, inputs);
    if (a !== b) throw new Error(`circomlibjs reference and wasm disagree on ${xs}: ${a} vs ${b}`);
    return a;
  }
  let h = BigInt(inputs.length);
  for (let start = 0; start < inputs.length; start += RATE) {
    const chunk = inputs.slice(start, start + RATE);
    while (chunk.length < RATE) chunk.push(0n);
    const a = one(reference, chunk, h), b = one(wasm, chunk, h);
    if (a !== b) throw new Error(`circomlibjs reference and wasm disagree on a chunk of ${xs}`);
    h = BigInt(a);
  }
  return h.toString();
}

const answer = { hashes: (request.hashes ?? []).map(hash) };
if (request.constants) {
  // the table that circomlibjs's reference implementation uses (not in the package's exports)
  const url = new URL("./node_modules/circomlibjs/src/poseidon_constants.js", import.meta.url);
  const constants = (await import(url.href)).default;
  const dec = (x) => BigInt(x).toString();
  answer.constants = {
    C: constants.C.map((row) => row.map(dec)),
    M: constants.M.map((m) => m.map((row) => row.map(dec))),
  };
}
process.stdout.write(JSON.stringify(answer));
