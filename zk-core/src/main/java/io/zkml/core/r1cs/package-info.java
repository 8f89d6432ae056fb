/**
 * The rank-1 constraint system: {@link io.zkml.core.r1cs.R1cs}, a list of constraints A·B = C over Fr between
 * sparse {@link io.zkml.core.r1cs.LinearCombination}s of wires laid out as {@link io.zkml.core.r1cs.WireLayout}
 * says, with its satisfaction check, and circom's {@code .r1cs} file ({@link io.zkml.core.r1cs.R1csReader},
 * {@link io.zkml.core.r1cs.R1csWriter}). Sits on {@code field}, {@code io}, {@code encoding} and {@code wtns};
 * imports those and the JDK. The circuit compiler produces this model and the prover consumes it.
 */
package io.zkml.core.r1cs;
