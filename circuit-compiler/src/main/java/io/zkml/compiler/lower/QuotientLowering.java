package io.zkml.compiler.lower;

import io.zkml.compiler.quant.Quotient;

/**
 * The constraints of a {@link Quotient}, per element (num N, den D ≥ 1 already enforced upstream):
 * r = 2N + D − P and t = 2D − 1 − r in rBits boolean wires each (so 0 ≤ r < 2D), q in qBits offset-binary boolean
 * wires, and P = q·2D one product. With every magnitude below 2^61 the integer identity 2N + D = 2qD + r holds,
 * which fixes q and r.
 */
final class QuotientLowering {

    private QuotientLowering() {
    }

    static Sym[] lower(CircuitBuilder b, Sym[] num, Sym[] den, Quotient q) {
        Sym[] out = new Sym[num.length];
        int rb = q.rBits();
        int qb = q.qBits();
        long offset = 1L << (qb - 1);
        for (int i = 0; i < num.length; i++) {
            Lin n = num[i].lin();
            Lin d = den[i].lin();
            int r = b.bits(rb, v -> Math.floorMod(2 * n.eval(v) + d.eval(v), 2 * d.eval(v)));
            int t = b.bits(rb, v -> 2 * d.eval(v) - 1 - Math.floorMod(2 * n.eval(v) + d.eval(v), 2 * d.eval(v)));
            int c = b.bits(qb, v -> Quotient.apply(n.eval(v), d.eval(v)) + offset);
            Lin.Builder ql = new Lin.Builder().addConstant(-offset);
            for (int j = 0; j < qb; j++) {
                ql.add(c + j, 1L << j);
            }
            Lin qLin = ql.build();
            Lin twoD = new Lin.Builder().add(d, 2).build();
            int p = b.wire();
            b.solver(v -> v[p] = qLin.eval(v) * twoD.eval(v));
            b.enforce(qLin, twoD, Lin.wire(p));
            Lin.Builder eq = new Lin.Builder().add(n, 2).add(d, 1).add(p, -1);
            Lin.Builder rest = new Lin.Builder().add(d, 2).addConstant(-1);
            for (int j = 0; j < rb; j++) {
                eq.add(r + j, -(1L << j));
                rest.add(r + j, -(1L << j)).add(t + j, -(1L << j));
            }
            b.enforceZero(eq.build());
            b.enforceZero(rest.build());
            out[i] = new Sym(qLin, c + qb - 1);
        }
        return out;
    }
}
