package io.zkml.core.r1cs;

import io.zkml.core.field.Fr;
import io.zkml.core.wtns.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A sparse linear combination Σ cᵢ·w[wireᵢ] of wires with Fr coefficients. Immutable.
 *
 * <p>Terms keep the order they were given in, so that a file read and written again is the same file; circom
 * writes them sorted by wire, each wire once, with non-zero coefficients, and the compiler does the same, but
 * the model does not insist.
 */
public final class LinearCombination {

    /** The empty combination, 0. */
    public static final LinearCombination ZERO = new LinearCombination(new int[0], new Fr[0]);

    /** One term of a combination. */
    public record Term(int wire, Fr coefficient) {
        public Term {
            if (wire < 0) {
                throw new IllegalArgumentException("wire index must not be negative: " + wire);
            }
            Objects.requireNonNull(coefficient, "coefficient must not be null");
        }
    }

    private final int[] wires;
    private final Fr[] coefficients;

    private LinearCombination(int[] wires, Fr[] coefficients) {
        this.wires = wires;
        this.coefficients = coefficients;
    }

    /**
     * The combination Σ coefficients[i]·w[wires[i]] (the arrays are copied).
     *
     * @throws IllegalArgumentException if the arrays differ in length or a wire is negative
     */
    public static LinearCombination of(int[] wires, Fr[] coefficients) {
        if (wires.length != coefficients.length) {
            throw new IllegalArgumentException(wires.length + " wires but " + coefficients.length + " coefficients");
        }
        for (int i = 0; i < wires.length; i++) {
            if (wires[i] < 0) {
                throw new IllegalArgumentException("wire index must not be negative: term " + i + " has wire " + wires[i]);
            }
            Objects.requireNonNull(coefficients[i], "coefficient of term " + i + " must not be null");
        }
        return wires.length == 0 ? ZERO : new LinearCombination(wires.clone(), coefficients.clone());
    }

    public static LinearCombination of(List<Term> terms) {
        int[] w = new int[terms.size()];
        Fr[] c = new Fr[terms.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = terms.get(i).wire();
            c[i] = terms.get(i).coefficient();
        }
        return terms.isEmpty() ? ZERO : new LinearCombination(w, c);
    }

    /** c·w[wire]. */
    public static LinearCombination term(int wire, Fr coefficient) {
        return of(List.of(new Term(wire, coefficient)));
    }

    /** The number of terms. */
    public int size() {
        return wires.length;
    }

    public boolean isEmpty() {
        return wires.length == 0;
    }

    public int wire(int i) {
        return wires[i];
    }

    public Fr coefficient(int i) {
        return coefficients[i];
    }

    public List<Term> terms() {
        List<Term> out = new ArrayList<>(wires.length);
        for (int i = 0; i < wires.length; i++) {
            out.add(new Term(wires[i], coefficients[i]));
        }
        return out;
    }

    /** The largest wire index used, or −1 if there are no terms. */
    public int maxWire() {
        int m = -1;
        for (int w : wires) {
            m = Math.max(m, w);
        }
        return m;
    }

    /** The value Σ cᵢ·w[wireᵢ] under a witness, which must cover every wire used. */
    public Fr evaluate(Witness w) {
        Fr acc = Fr.ZERO;
        for (int i = 0; i < wires.length; i++) {
            acc = acc.add(coefficients[i].mul(w.get(wires[i])));
        }
        return acc;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearCombination l && Arrays.equals(l.wires, wires) && Arrays.equals(l.coefficients, coefficients);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(wires) + Arrays.hashCode(coefficients);
    }

    /** {@code 3·w1 + 1·w4}, or {@code 0}. */
    @Override
    public String toString() {
        if (wires.length == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < wires.length; i++) {
            sb.append(i == 0 ? "" : " + ").append(coefficients[i]).append("·w").append(wires[i]);
        }
        return sb.toString();
    }
}
