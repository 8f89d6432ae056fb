package io.zkml.compiler.lower;

import java.util.Arrays;

/**
 * An affine combination constant + Σ coef[i]·w[wire[i]] of builder wires with integer coefficients, wires
 * distinct and sorted. Immutable.
 */
public record Lin(int[] wires, long[] coefs, long constant) {

    public static final Lin ZERO = new Lin(new int[0], new long[0], 0);

    /** 1·w. */
    public static Lin wire(int w) {
        return new Lin(new int[] {w}, new long[] {1}, 0);
    }

    /** The constant c. */
    public static Lin constant(long c) {
        return new Lin(new int[0], new long[0], c);
    }

    /** Whether this is exactly 1·w for one wire. */
    public boolean isSingleWire() {
        return wires.length == 1 && coefs[0] == 1 && constant == 0;
    }

    /** The value under builder-wire values (all bounded, so the sum fits a long). */
    public long eval(long[] w) {
        long acc = constant;
        for (int i = 0; i < wires.length; i++) {
            acc += coefs[i] * w[wires[i]];
        }
        return acc;
    }

    /** Collects terms and merges them into a sorted Lin. */
    public static final class Builder {
        private int[] wires = new int[16];
        private long[] coefs = new long[16];
        private int n;
        private long constant;

        public Builder add(int wire, long coef) {
            if (coef == 0) {
                return this;
            }
            if (n == wires.length) {
                wires = Arrays.copyOf(wires, n * 2);
                coefs = Arrays.copyOf(coefs, n * 2);
            }
            wires[n] = wire;
            coefs[n++] = coef;
            return this;
        }

        public Builder addConstant(long c) {
            constant = Math.addExact(constant, c);
            return this;
        }

        /** Adds f·l. */
        public Builder add(Lin l, long f) {
            for (int i = 0; i < l.wires.length; i++) {
                add(l.wires[i], Math.multiplyExact(l.coefs[i], f));
            }
            return addConstant(Math.multiplyExact(l.constant, f));
        }

        public Lin build() {
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) {
                sorted = wires[i - 1] < wires[i];
            }
            if (sorted) {
                return new Lin(Arrays.copyOf(wires, n), Arrays.copyOf(coefs, n), constant);
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(wires[a], wires[b]));
            int[] w = new int[n];
            long[] c = new long[n];
            int m = 0;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                if (m > 0 && w[m - 1] == wires[i]) {
                    c[m - 1] = Math.addExact(c[m - 1], coefs[i]);
                    if (c[m - 1] == 0) {
                        m--;
                    }
                } else {
                    w[m] = wires[i];
                    c[m++] = coefs[i];
                }
            }
            return new Lin(Arrays.copyOf(w, m), Arrays.copyOf(c, m), constant);
        }
    }
}
