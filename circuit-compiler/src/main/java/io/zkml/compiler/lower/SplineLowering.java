package io.zkml.compiler.lower;

import io.zkml.compiler.quant.Spline;
import java.util.ArrayList;
import java.util.List;

/**
 * The constraints of a {@link Spline}, per element: u decomposed into h + k boolean wires with one linear
 * constraint (so 0 ≤ u < 2^(h+k) and the segment j and offset t are unique); the one-hot selector of j built
 * level by level from the top h bits (a selector entry e times bit i is one product, e − e·bit is linear: 2^h − 2
 * products in all); c0 = Σ c0[j]·e_j and c1 = Σ c1[j]·e_j linear; c1·t one product. So
 * h + k + 2^h + (k > 0 ? 1 : 0) constraints (h ≥ 1), every wire determined by u.
 */
final class SplineLowering {

    private SplineLowering() {
    }

    /**
     * The one-hot selector of the h boolean wires from {@code firstBit} (least significant first): entry j is 1
     * exactly when the bits spell j. Built level by level, an entry times the next bit is one product and the
     * entry minus that product is linear: 2^h − 2 products for h ≥ 1.
     */
    static List<Lin> selector(CircuitBuilder b, int firstBit, int h) {
        List<Lin> select = new ArrayList<>(List.of(Lin.constant(1)));
        for (int l = 0; l < h; l++) {
            int bit = firstBit + l;
            int size = select.size();
            List<Lin> next = new ArrayList<>(java.util.Collections.nCopies(2 * size, Lin.ZERO));
            for (int j = 0; j < size; j++) {
                Lin e = select.get(j);
                Lin on;
                if (e.wires().length == 0) {
                    on = new Lin.Builder().add(bit, e.constant()).build();
                } else {
                    int q = b.wire();
                    b.solver(v -> v[q] = e.eval(v) * v[bit]);
                    b.enforce(e, Lin.wire(bit), Lin.wire(q));
                    on = Lin.wire(q);
                }
                next.set(j, new Lin.Builder().add(e, 1).add(on, -1).build());
                next.set(j + size, on);
            }
            select = next;
        }
        return select;
    }

    static Sym[] lower(CircuitBuilder b, Sym[] in, Spline sp) {
        int h = sp.segmentBits();
        int k = sp.offsetBits();
        int n = h + k;
        Sym[] out = new Sym[in.length];
        for (int i = 0; i < in.length; i++) {
            Lin u = in[i].lin();
            int first = b.bits(n, u::eval);
            Lin.Builder eq = new Lin.Builder().add(u, 1);
            for (int j = 0; j < n; j++) {
                eq.add(first + j, -(1L << j));
            }
            Lin tie = eq.build();
            if (tie.wires().length > 0 || tie.constant() != 0) {
                b.enforceZero(tie);
            }
            List<Lin> select = selector(b, first + k, h);
            Lin.Builder c0 = new Lin.Builder();
            Lin.Builder c1 = new Lin.Builder();
            boolean slope = false;
            for (int j = 0; j < select.size(); j++) {
                c0.add(select.get(j), sp.c0()[j]);
                c1.add(select.get(j), sp.c1()[j]);
                slope |= sp.c1()[j] != 0;
            }
            Lin value = c0.build();
            if (k > 0 && slope) {
                Lin.Builder t = new Lin.Builder();
                for (int j = 0; j < k; j++) {
                    t.add(first + j, 1L << j);
                }
                Lin tl = t.build();
                Lin cl = c1.build();
                int p = b.wire();
                b.solver(v -> v[p] = cl.eval(v) * tl.eval(v));
                b.enforce(cl, tl, Lin.wire(p));
                value = new Lin.Builder().add(value, 1).add(p, 1).build();
            }
            out[i] = Sym.of(value);
        }
        return out;
    }
}
