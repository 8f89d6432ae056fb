/**
 * The optimal ate pairing on BN254, the arithmetic layer under Groth16 verification: the tower fields
 * {@link io.zkml.verifier.pairing.Fp6} and {@link io.zkml.verifier.pairing.Fp12} over zk-core's {@code Fp2},
 * the Miller loop with {@link io.zkml.verifier.pairing.PreparedG2} line tables for fixed G2 points, and the
 * final exponentiation, all behind {@link io.zkml.verifier.pairing.Pairing}. Imports only
 * {@code io.zkml.core.field} and {@code io.zkml.core.curve}; knows nothing of proofs, keys or encodings.
 */
package io.zkml.verifier.pairing;
