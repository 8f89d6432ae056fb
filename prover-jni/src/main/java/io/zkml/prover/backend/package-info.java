/**
 * The prover's arithmetic behind one seam, {@link io.zkml.prover.backend.ProverBackend}: multi-scalar
 * multiplication in G1 and G2, the NTT over F_r and the whole Groth16 proof, over off-heap memory in snarkjs's
 * byte layouts. {@link io.zkml.prover.backend.JavaBackend} is the pure-Java implementation,
 * {@link io.zkml.prover.backend.NativeBackend} binds {@code libzkml} ({@code native/}, C++) through JNA; CUDA comes
 * later behind the same interface. {@link io.zkml.prover.backend.GroupBatch} offers the same arithmetic to
 * trusted-setup ceremonies (a scalar per point, the group FFT). Layer: prover-jni; imports zk-core ({@code field},
 * {@code curve}, {@code groth16}, and {@code encoding}'s point arrays for GroupBatch), JNA and the JDK, nothing
 * above and no file formats.
 */
package io.zkml.prover.backend;
