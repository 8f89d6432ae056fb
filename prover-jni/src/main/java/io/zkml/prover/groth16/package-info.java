/**
 * Groth16 over BN254, snarkjs-compatible: key generation ({@link io.zkml.prover.groth16.Setup}: the initial key
 * from a powers-of-tau file as snarkjs derives it, or a marked development key), the check that a key is the
 * initial key of a circuit ({@link io.zkml.prover.groth16.ZkeyCheck}) and the verifying key with its provenance
 * ({@link io.zkml.prover.groth16.VerificationKeyExport}). Above zk-core's formats ({@code io.zkml.core.zkey},
 * {@code ptau}, {@code r1cs}) and the verifier's pairing; imports those, Bouncy Castle (Blake2b) and the JDK,
 * and nothing native.
 */
package io.zkml.prover.groth16;
