/**
 * Groth16 over BN254, snarkjs-compatible: key generation ({@link io.zkml.prover.groth16.Setup}: the initial key
 * from a powers-of-tau file as snarkjs derives it, or a marked development key), the check that a key is the
 * initial key of a circuit ({@link io.zkml.prover.groth16.ZkeyCheck}; keys with phase-2 contributions are checked by
 * {@code io.zkml.prover.ceremony.Phase2Verifier}), the verifying key with its provenance
 * ({@link io.zkml.prover.groth16.VerificationKeyExport}), and proving: {@link io.zkml.prover.groth16.ProvingContext}
 * opens a {@code .zkey} once (memory-mapped) and proves many witnesses on a
 * {@link io.zkml.prover.backend.ProverBackend}, verifying each proof before it returns it. Above zk-core's formats
 * ({@code io.zkml.core.zkey}, {@code ptau}, {@code r1cs}) and the verifier's pairing; imports those,
 * {@code io.zkml.prover.backend}, Bouncy Castle (Blake2b) and the JDK, and nothing native.
 */
package io.zkml.prover.groth16;
