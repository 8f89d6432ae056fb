package io.zkml.compiler;

import java.util.Locale;

/**
 * How the parameters of the linear layers (Gemm, Conv, ConvTranspose and MatMul with a constant operand: their
 * weights and biases, after BatchNormalization folding) enter the circuit.
 * <ul>
 *   <li>{@code fixed} (the default): as constant coefficients; a linear layer costs no multiplication constraint,
 *       and the circuit proves inference with these weights only.</li>
 *   <li>{@code committed}: as private, range-checked witness wires with one public commitment
 *       {@code Poseidon(salt, parameters…)}; each weight·activation term costs one product constraint, and one
 *       circuit serves every model of the same architecture whose parameters lie in the declared range.</li>
 * </ul>
 */
public enum ParamVisibility {
    FIXED,
    COMMITTED;

    /** "fixed" or "committed". */
    public static ParamVisibility parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "fixed" -> FIXED;
            case "committed" -> COMMITTED;
            default -> throw new IllegalArgumentException("parameter visibility is fixed or committed, got '" + s + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
