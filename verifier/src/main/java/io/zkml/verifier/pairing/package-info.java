/**
 * The optimal ate pairing on BN254, the arithmetic layer under Groth16 verification. The API is
 * {@link io.zkml.verifier.pairing.Pairing} (pair, multi-pairing check, Miller loop, final exponentiation),
 * {@link io.zkml.verifier.pairing.PreparedG2} (precomputed line functions of a G2 point) and the immutable tower
 * fields {@link io.zkml.verifier.pairing.Fp6} and {@link io.zkml.verifier.pairing.Fp12} over zk-core's
 * {@code Fp2}. Underneath, package-private: the same arithmetic on a mutable limb workspace
 * ({@code FieldRegisters}, {@code TowerRegisters}), which allocates nothing per operation and is tested against the
 * immutable types; the line tables ({@code LineTable}); the loop ({@code MillerLoop}); the exponentiation
 * ({@code FinalExponentiation}). Imports only {@code io.zkml.core.field} and {@code io.zkml.core.curve}; knows
 * nothing of proofs, keys or encodings.
 */
package io.zkml.verifier.pairing;
