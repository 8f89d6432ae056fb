/**
 * Trusted-setup ceremonies, compatible with snarkjs's: phase-2 contributions and beacons to a Groth16
 * {@code .zkey} ({@link io.zkml.prover.ceremony.Phase2}) and the check of a key's whole chain of contributions
 * ({@link io.zkml.prover.ceremony.Phase2Verifier}), with snarkjs's randomness reproduced exactly
 * ({@link io.zkml.prover.ceremony.ChaCha}, {@link io.zkml.prover.ceremony.SnarkjsRandom}) so that each side
 * verifies the other's transcripts. Above {@code io.zkml.prover.groth16} (the initial key is derived by
 * {@code Setup.fromPtau}), zk-core's formats and the verifier's pairing; imports those, Bouncy Castle (Blake2b)
 * and the JDK, and nothing native.
 */
package io.zkml.prover.ceremony;
