/**
 * EVM transaction input for the generated Solidity verifier. Layer: verifier; imports zk-core (whose
 * {@code EvmAbi} documents the word encoding) and Bouncy Castle's Keccak.
 */
package io.zkml.verifier.evm;
