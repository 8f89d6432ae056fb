/**
 * The on-chain verifier: a Solidity contract generated from zkml's template for one verifying key, with
 * snarkjs's ABI. Layer: verifier; imports zk-core only.
 */
package io.zkml.verifier.solidity;
