package io.zkml.compiler.lower;

import io.zkml.core.field.Fr;
import java.util.Arrays;

/**
 * An affine combination constant + Σ coef[i]·w[wire[i]] of builder wires with coefficients in F_r, wires
 * distinct and sorted, coefficients non-zero: the field-valued counterpart of {@link Lin}, for gadgets whose
 * constants are full field elements (Poseidon's round constants and MDS matrix). Its wires may be integer wires
 * (read as field elements, negative x as r − |x|) or field wires. Immutable.
 */
public record FLin(int[] wires, Fr[] coefs, Fr constant) {

    public static final FLin ZERO = new FLin(new int[0], new Fr[0], Fr.ZERO);

    /** 1·w. */
    public static FLin wire(int w) {
        return new FLin(new int[] {w}, new Fr[] {Fr.ONE}, Fr.ZERO);
    }

    /** The constant c. */
    public static FLin constant(Fr c) {
        return new FLin(new int[0], new Fr[0], c);
    }

    /** The integer combination l read in F_r. */
    public static FLin of(Lin l) {
        Fr[] c = new Fr[l.wires().length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Fr.of(l.coefs()[i]);
        }
        return new FLin(l.wires().clone(), c, Fr.of(l.constant()));
    }

    /** Whether this has no wire (a constant). */
    public boolean isConstant() {
        return wires.length == 0;
    }

    /** Whether this is exactly 1·w for one wire. */
    public boolean isSingleWire() {
        return wires.length == 1 && coefs[0].isOne() && constant.isZero();
    }

    /** The number of wires. */
    public int size() {
        return wires.length;
    }

    /** The value under the field values of the builder wires. */
    public Fr eval(Fr[] w) {
        Fr acc = constant;
        for (int i = 0; i < wires.length; i++) {
            acc = acc.add(coefs[i].mul(w[wires[i]]));
        }
        return acc;
    }

    /** this + c. */
    public FLin plus(Fr c) {
        return new FLin(wires, coefs, constant.add(c));
    }

    /** Collects terms and merges them into a sorted FLin (zero coefficients dropped). */
    public static final class Builder {
        private int[] wires = new int[16];
        private Fr[] coefs = new Fr[16];
        private int n;
        private Fr constant = Fr.ZERO;

        public Builder add(int wire, Fr coef) {
            if (coef.isZero()) {
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

        public Builder addConstant(Fr c) {
            constant = constant.add(c);
            return this;
        }

        /** Adds f·l. */
        public Builder add(FLin l, Fr f) {
            if (f.isZero()) {
                return this;
            }
            boolean one = f.isOne();
            for (int i = 0; i < l.wires.length; i++) {
                add(l.wires[i], one ? l.coefs[i] : l.coefs[i].mul(f));
            }
            return addConstant(one ? l.constant : l.constant.mul(f));
        }

        public FLin build() {
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = ((long) wires[i] << 32) | i;
            }
            Arrays.sort(packed);
            int[] w = new int[n];
            Fr[] c = new Fr[n];
            int m = 0;
            for (int k = 0; k < n; k++) {
                int i = (int) (packed[k] & 0xffffffffL);
                if (m > 0 && w[m - 1] == wires[i]) {
                    c[m - 1] = c[m - 1].add(coefs[i]);
                } else {
                    w[m] = wires[i];
                    c[m++] = coefs[i];
                }
            }
            int kept = 0;
            for (int k = 0; k < m; k++) {
                if (!c[k].isZero()) {
                    w[kept] = w[k];
                    c[kept++] = c[k];
                }
            }
            return new FLin(Arrays.copyOf(w, kept), Arrays.copyOf(c, kept), constant);
        }
    }
}
