package io.zkml.compiler.lower;

import io.zkml.compiler.quant.SquareRoot;

/**
 * The constraints of a {@link SquareRoot}, per element: r as rBits boolean wires, P = r·r, v − P = a and
 * 2r − a = t with a and t in aBits boolean wires each, so r² ≤ v ≤ r² + 2r: r = ⌊√v⌋.
 */
final class SquareRootLowering {

    private SquareRootLowering() {
    }

    static Sym[] lower(CircuitBuilder b, Sym[] in, SquareRoot op) {
        Sym[] out = new Sym[in.length];
        int rb = op.rBits();
        int ab = op.aBits();
        for (int i = 0; i < in.length; i++) {
            Lin v = in[i].lin();
            int r = b.bits(rb, w -> SquareRoot.apply(v.eval(w)));
            Lin.Builder rl = new Lin.Builder();
            for (int j = 0; j < rb; j++) {
                rl.add(r + j, 1L << j);
            }
            Lin root = rl.build();
            int p = b.wire();
            b.solver(w -> w[p] = root.eval(w) * root.eval(w));
            b.enforce(root, root, Lin.wire(p));
            int a = b.bits(ab, w -> v.eval(w) - w[p]);
            int t = b.bits(ab, w -> 2 * root.eval(w) - (v.eval(w) - w[p]));
            Lin.Builder eq = new Lin.Builder().add(v, 1).add(p, -1);
            Lin.Builder bound = new Lin.Builder().add(root, 2);
            for (int j = 0; j < ab; j++) {
                eq.add(a + j, -(1L << j));
                bound.add(a + j, -(1L << j)).add(t + j, -(1L << j));
            }
            b.enforceZero(eq.build());
            b.enforceZero(bound.build());
            out[i] = Sym.of(root);
        }
        return out;
    }
}
