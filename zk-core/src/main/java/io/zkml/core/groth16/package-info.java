/**
 * The Groth16 values that cross module boundaries: {@link io.zkml.core.groth16.VerifyingKey} and
 * {@link io.zkml.core.groth16.Proof}, as plain records of curve points, with no encoding and no pairing
 * (the pairing and the verification equation live in the {@code verifier} module; the encodings in
 * {@code io.zkml.core.encoding} and {@code io.zkml.core.snarkjs}). Imports only {@code io.zkml.core.curve}
 * and the JDK.
 */
package io.zkml.core.groth16;
