/**
 * Groth16 proving, the construction of snarkjs and rapidsnark: {@link io.zkml.prover.groth16.ProvingContext}
 * opens a {@code .zkey} once (memory-mapped) and proves many witnesses on a
 * {@link io.zkml.prover.backend.ProverBackend}, verifying each proof before it returns it. Layer: prover-jni;
 * imports zk-core, the verifier and {@code io.zkml.prover.backend}, nothing above.
 */
package io.zkml.prover.groth16;
