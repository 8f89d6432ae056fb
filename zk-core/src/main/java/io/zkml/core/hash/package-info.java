/**
 * Hashing over BN254's F_r for circuits: circomlib's Poseidon ({@link io.zkml.core.hash.Poseidon}, parameters
 * generated in {@link io.zkml.core.hash.PoseidonParameters}) and salted commitments to tensors
 * ({@link io.zkml.core.hash.Commitment}). Part of zk-core's bottom layer: imports only {@code io.zkml.core.field}
 * and the JDK.
 */
package io.zkml.core.hash;
