package io.zkml.compiler.lower;

/**
 * A tensor element in the circuit: its value as an affine combination of wires, and, when the value is a
 * rescale's quotient, the boolean wire that is 1 exactly when the value is not negative (the top bit of its
 * offset binary form), which ReLU reuses.
 *
 * @param lin the value
 * @param nonNegativeBit a wire that is 1 iff the value ≥ 0, or −1
 */
public record Sym(Lin lin, int nonNegativeBit) {

    public static Sym of(Lin lin) {
        return new Sym(lin, -1);
    }
}
