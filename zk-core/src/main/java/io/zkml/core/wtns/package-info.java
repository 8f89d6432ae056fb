/**
 * The witness: {@link io.zkml.core.wtns.Witness}, the value of every wire of a circuit, and its files, circom's
 * binary {@code .wtns} ({@link io.zkml.core.wtns.WtnsReader}, {@link io.zkml.core.wtns.WtnsWriter}) and the
 * JSON of {@code snarkjs wtns export json} ({@link io.zkml.core.wtns.WitnessJson}). Sits on {@code field},
 * {@code io} and {@code encoding}; imports those and the JDK. The R1CS model above it checks a witness.
 */
package io.zkml.core.wtns;
