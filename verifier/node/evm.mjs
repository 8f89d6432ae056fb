// evm.mjs — a JSON-lines server that compiles Solidity and runs it in an
// in-process EVM (@ethereumjs/evm, Prague rules). Java tests start it once as a
// subprocess (`node evm.mjs`) and talk to it over stdin/stdout.
//
// Protocol: one JSON request per line on stdin, exactly one JSON response per
// line on stdout, in order, until stdin closes (then the process exits 0).
// Hex strings are 0x-prefixed. Every failure, including a blank line, bad
// JSON, an unknown op or an exception, is answered with
//   {"ok":false,"error":"<message>"}
// and the server goes on with the next line. Diagnostics go to stderr only.
//
//   {"op":"compile","source":"<solidity>","contract":"Name"}
//     -> {"ok":true,"bytecode":"0x..","abi":[...],"methodIdentifiers":{..}}
//        solc-js standard JSON, optimizer on (200 runs), evmVersion "prague";
//        bytecode is the creation code; methodIdentifiers is solc's
//        evm.methodIdentifiers, canonical signature -> 4-byte selector as 8
//        hex digits without 0x, e.g. {"f(uint256)":"b3de648b"}. Compile errors ->
//        {"ok":false,"error":"<solc's formatted errors>"}
//   {"op":"deploy","bytecode":"0x.."}
//     -> {"ok":true,"address":"0x.."}   (runs the creation code from a funded caller)
//   {"op":"call","address":"0x..","data":"0x.."}
//     -> {"ok":true,"success":bool,"returnData":"0x..","executionGasUsed":N}
//        a message call like eth_call (gas limit 30,000,000; fresh warm/cold
//        access sets as in a transaction: caller, callee and precompiles warm).
//        executionGasUsed is execResult.executionGasUsed: execution only, no
//        21000 intrinsic gas, no calldata gas. success=false on revert or any
//        exceptional halt; returnData then holds the revert data (maybe "0x").
//   {"op":"precompile","address":"0x06"|"0x07"|"0x08","input":"0x.."}
//     -> {"ok":true,"success":bool,"output":"0x..","executionGasUsed":N}
//        a message call to that precompile (any active precompile address is
//        accepted). A failing precompile gives success=false and consumes the
//        whole gas limit, as on chain.
import { createInterface } from 'node:readline'
import solc from 'solc'
import { createEVM } from '@ethereumjs/evm'
import { Common, Hardfork, Mainnet } from '@ethereumjs/common'
import {
  Account,
  Address,
  bytesToHex,
  createAddressFromString,
  hexToBytes,
  setLengthLeft,
} from '@ethereumjs/util'

// Nothing but protocol lines may reach stdout.
console.log = console.error
console.info = console.error
console.warn = console.error

const GAS_LIMIT = 30_000_000n
const CALLER = createAddressFromString('0x00000000000000000000000000000000000c411e')

const evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Prague }) })
await evm.stateManager.putAccount(CALLER, new Account(0n, 10n ** 30n))

function hexArg(req, name) {
  const v = req[name]
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) {
    throw new Error(`"${name}" must be an even-length 0x-prefixed hex string`)
  }
  return hexToBytes(v.toLowerCase())
}

function addressArg(req, name) {
  const bytes = hexArg(req, name)
  if (bytes.length === 0 || bytes.length > 20) throw new Error(`"${name}" is not an address`)
  return new Address(setLengthLeft(bytes, 20))
}

// Starts a new "transaction": forget what the previous one warmed, then warm
// what a real transaction has warm from the start (EIP-2929).
async function freshAccessSets(to) {
  await evm.journal.cleanup()
  evm.journal.addAlwaysWarmAddress(CALLER.toString())
  if (to !== undefined) evm.journal.addAlwaysWarmAddress(to.toString())
  for (const key of evm.precompiles.keys()) evm.journal.addAlwaysWarmAddress(key)
}

async function run(to, data) {
  await freshAccessSets(to)
  const result = await evm.runCall({ caller: CALLER, origin: CALLER, to, data, gasLimit: GAS_LIMIT })
  const exec = result.execResult
  return {
    success: exec.exceptionError === undefined,
    returnData: bytesToHex(exec.returnValue),
    executionGasUsed: Number(exec.executionGasUsed),
    created: result.createdAddress,
    error: exec.exceptionError?.error,
  }
}

function compile(req) {
  if (typeof req.source !== 'string') throw new Error('"source" must be a string')
  if (typeof req.contract !== 'string') throw new Error('"contract" must be a string')
  const input = {
    language: 'Solidity',
    sources: { 'Contract.sol': { content: req.source } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'prague',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.methodIdentifiers'] } },
    },
  }
  const out = JSON.parse(solc.compile(JSON.stringify(input)))
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    return { ok: false, error: errors.map((e) => e.formattedMessage ?? e.message).join('\n') }
  }
  for (const contracts of Object.values(out.contracts ?? {})) {
    const c = contracts[req.contract]
    if (c !== undefined) {
      return { ok: true, bytecode: '0x' + c.evm.bytecode.object, abi: c.abi, methodIdentifiers: c.evm.methodIdentifiers }
    }
  }
  return { ok: false, error: `contract ${req.contract} not found in the source` }
}

async function deploy(req) {
  const r = await run(undefined, hexArg(req, 'bytecode'))
  if (!r.success || r.created === undefined) {
    return { ok: false, error: `deployment failed: ${r.error ?? 'no address'} (returnData ${r.returnData})` }
  }
  return { ok: true, address: r.created.toString() }
}

async function call(req) {
  const r = await run(addressArg(req, 'address'), hexArg(req, 'data'))
  return { ok: true, success: r.success, returnData: r.returnData, executionGasUsed: r.executionGasUsed }
}

async function precompile(req) {
  const to = addressArg(req, 'address')
  if (evm.getPrecompile(to) === undefined) throw new Error(`no active precompile at ${to}`)
  const r = await run(to, hexArg(req, 'input'))
  return { ok: true, success: r.success, output: r.returnData, executionGasUsed: r.executionGasUsed }
}

const OPS = { compile, deploy, call, precompile }

async function handle(line) {
  let req
  try {
    req = JSON.parse(line)
  } catch (e) {
    return { ok: false, error: `bad JSON: ${e.message}` }
  }
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    return { ok: false, error: 'request must be a JSON object' }
  }
  const op = Object.hasOwn(OPS, req.op) ? OPS[req.op] : undefined
  if (op === undefined) return { ok: false, error: `unknown op: ${JSON.stringify(req.op)}` }
  try {
    return await op(req)
  } catch (e) {
    return { ok: false, error: `${req.op}: ${e?.message ?? String(e)}` }
  }
}

// Lines are handled one at a time, in order (the async iterator buffers input).
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  let response
  try {
    response = await handle(line)
  } catch (e) {
    response = { ok: false, error: String(e?.message ?? e) }
  }
  process.stdout.write(JSON.stringify(response) + '\n')
}
