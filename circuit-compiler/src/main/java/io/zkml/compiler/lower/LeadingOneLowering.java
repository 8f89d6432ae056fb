package io.zkml.compiler.lower;

import io.zkml.compiler.quant.LeadingOne;

/** The constraints of a {@link LeadingOne} (see there); every wire is determined by u. */
final class LeadingOneLowering {

    private LeadingOneLowering() {
    }

    static Sym[] lower(CircuitBuilder b, Sym[] in, LeadingOne op) {
        int n = op.bits();
        int count = in.length;
        Sym[] out = new Sym[(2 + n) * count];
        for (int e = 0; e < count; e++) {
            Lin u = in[e].lin();
            int first = b.bits(n, u::eval);
            Lin.Builder tie = new Lin.Builder().add(u, 1);
            for (int i = 0; i < n; i++) {
                tie.add(first + i, -(1L << i));
            }
            b.enforceZero(tie.build());
            // z = Π_{i' > i} (1 − b_i'), lead_i = z·b_i, from the top bit down
            Lin z = Lin.constant(1);
            Lin.Builder scale = new Lin.Builder();
            Lin.Builder exp = new Lin.Builder();
            for (int i = n - 1; i >= 0; i--) {
                int bit = first + i;
                Lin lead;
                if (z.wires().length == 0) {
                    lead = new Lin.Builder().add(bit, z.constant()).build();
                } else {
                    Lin zz = z;
                    int w = b.wire();
                    b.solver(v -> v[w] = zz.eval(v) * v[bit]);
                    b.enforce(zz, Lin.wire(bit), Lin.wire(w));
                    lead = Lin.wire(w);
                }
                out[(2 + i) * count + e] = Sym.of(lead);
                scale.add(lead, 1L << (n - 1 - i));
                exp.add(lead, i);
                z = new Lin.Builder().add(z, 1).add(lead, -1).build();
            }
            Lin factor = scale.build();
            int m = b.wire();
            b.solver(v -> v[m] = u.eval(v) * factor.eval(v));
            b.enforce(u, factor, Lin.wire(m));
            out[e] = Sym.of(Lin.wire(m));
            out[count + e] = Sym.of(exp.build());
        }
        return out;
    }
}
