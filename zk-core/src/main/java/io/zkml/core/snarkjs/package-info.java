/**
 * snarkjs's Groth16 JSON files: {@code verification_key.json} ({@link io.zkml.core.snarkjs.VerificationKeyJson}),
 * {@code proof.json} ({@link io.zkml.core.snarkjs.ProofJson}) and {@code public.json}
 * ({@link io.zkml.core.snarkjs.PublicSignalsJson}), read strictly (shapes, protocol, curve, every point on its
 * curve and in its group) and written as snarkjs writes them, so files diff cleanly against snarkjs's. The top
 * of zk-core's format layers: imports {@code groth16}, {@code encoding}, {@code io}, {@code curve},
 * {@code field}, Jackson and the JDK. The binary key files have packages of their own: {@code io.zkml.core.zkey} and
 * {@code io.zkml.core.ptau}.
 */
package io.zkml.core.snarkjs;
