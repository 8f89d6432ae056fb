/**
 * The BN254 groups: {@link io.zkml.core.curve.G1} over F_p and {@link io.zkml.core.curve.G2} on the sextic
 * twist over F_p², in Jacobian coordinates, with on-curve and subgroup checks. Imports only
 * {@code io.zkml.core.field}.
 */
package io.zkml.core.curve;
