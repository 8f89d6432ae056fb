/**
 * The fields of BN254: the base field {@link io.zkml.core.field.Fp}, its quadratic extension
 * {@link io.zkml.core.field.Fp2} (G2 coordinates) and the scalar field {@link io.zkml.core.field.Fr} (circuit
 * values). The bottom layer of zkml: imports nothing but the JDK.
 */
package io.zkml.core.field;
