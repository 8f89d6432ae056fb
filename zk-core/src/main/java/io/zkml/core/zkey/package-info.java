/**
 * snarkjs's Groth16 proving key, the {@code .zkey} file: {@link io.zkml.core.zkey.Zkey} reads it
 * memory-mapped and writes it byte for byte; its header, coefficient section, point sections (as
 * {@link io.zkml.core.encoding.G1Points}/{@link io.zkml.core.encoding.G2Points} views), MPC parameters, and the
 * key's {@link io.zkml.core.zkey.Provenance}. A format layer of zk-core: imports {@code ptau} (contribution
 * parameters), {@code groth16}, {@code encoding}, {@code io}, {@code curve}, {@code field}, Jackson and the
 * JDK. Deriving or checking a key's contents is the prover's business ({@code io.zkml.prover.groth16}).
 */
package io.zkml.core.zkey;
