/**
 * Groth16 verification over BN254: {@link io.zkml.verifier.Groth16#verify} with a
 * {@link io.zkml.verifier.PreparedVerifyingKey}. Layer: verifier; imports zk-core and its own subpackages
 * ({@code pairing}, {@code solidity}, {@code evm}), nothing above.
 */
package io.zkml.verifier;
