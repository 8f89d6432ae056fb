/**
 * snarkjs's powers-of-tau file ({@code .ptau}): the phase-1 points, the ceremony's contributions and, once
 * prepared for phase 2, the Lagrange bases that Groth16 setup reads. A format layer of zk-core, beside
 * {@code zkey} (which borrows its {@link io.zkml.core.ptau.ContributionParams}); imports {@code encoding},
 * {@code io}, {@code curve}, {@code field} and the JDK.
 */
package io.zkml.core.ptau;
