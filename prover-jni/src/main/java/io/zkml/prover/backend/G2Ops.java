package io.zkml.prover.backend;

/** {@link CurveOps} for G2 on the twist over F_p² (coordinates of eight limbs, {@link Fp2Ops}). */
final class G2Ops extends CurveOps {

    // scratch slots, eight longs each
    private static final int Z1Z1 = 0, Z2Z2 = 8, U1 = 16, U2 = 24, S1 = 32, S2 = 40, H = 48, HH = 56, I = 64, J = 72,
            R = 80, V = 88, T = 96;
    private final long[] t = new long[104];
    private final long[] s = new long[Fp2Ops.SCRATCH];

    G2Ops() {
        super(8);
    }

    @Override
    void addMixed(long[] p, int po, long[] q, int qo, boolean negate) {
        final int x1 = po, y1 = po + 8, z1 = po + 16;
        final long[] t = this.t, s = this.s;
        if (Fp2Ops.isZero(p, z1)) {
            Fp2Ops.copy(p, x1, q, qo);
            if (negate) {
                Fp2Ops.neg(p, y1, q, qo + 8);
            } else {
                Fp2Ops.copy(p, y1, q, qo + 8);
            }
            Fp2Ops.setOne(p, z1);
            return;
        }
        Fp2Ops.sqr(t, Z1Z1, p, z1, s);
        Fp2Ops.mul(t, U2, q, qo, t, Z1Z1, s);
        Fp2Ops.mul(t, S2, q, qo + 8, p, z1, s);
        Fp2Ops.mul(t, S2, t, S2, t, Z1Z1, s);
        if (negate) {
            Fp2Ops.neg(t, S2, t, S2);
        }
        Fp2Ops.sub(t, H, t, U2, p, x1);
        Fp2Ops.sub(t, R, t, S2, p, y1);
        if (Fp2Ops.isZero(t, H)) {
            if (Fp2Ops.isZero(t, R)) {
                dbl(p, po);
            } else {
                setInfinity(p, po);
            }
            return;
        }
        Fp2Ops.dbl(t, R, t, R);
        Fp2Ops.sqr(t, HH, t, H, s);
        Fp2Ops.dbl(t, I, t, HH);
        Fp2Ops.dbl(t, I, t, I);
        Fp2Ops.mul(t, J, t, H, t, I, s);
        Fp2Ops.mul(t, V, p, x1, t, I, s);
        // X3 = r² − J − 2V
        Fp2Ops.sqr(t, T, t, R, s);
        Fp2Ops.sub(t, T, t, T, t, J);
        Fp2Ops.sub(t, T, t, T, t, V);
        Fp2Ops.sub(t, T, t, T, t, V);
        // Y3 = r·(V − X3) − 2·Y1·J
        Fp2Ops.sub(t, V, t, V, t, T);
        Fp2Ops.mul(t, V, t, R, t, V, s);
        Fp2Ops.mul(t, J, p, y1, t, J, s);
        Fp2Ops.dbl(t, J, t, J);
        Fp2Ops.sub(p, y1, t, V, t, J);
        // Z3 = (Z1 + H)² − Z1Z1 − HH
        Fp2Ops.add(p, z1, p, z1, t, H);
        Fp2Ops.sqr(p, z1, p, z1, s);
        Fp2Ops.sub(p, z1, p, z1, t, Z1Z1);
        Fp2Ops.sub(p, z1, p, z1, t, HH);
        Fp2Ops.copy(p, x1, t, T);
    }

    @Override
    void add(long[] p, int po, long[] q, int qo) {
        final int x1 = po, y1 = po + 8, z1 = po + 16, x2 = qo, y2 = qo + 8, z2 = qo + 16;
        final long[] t = this.t, s = this.s;
        if (Fp2Ops.isZero(q, z2)) {
            return;
        }
        if (Fp2Ops.isZero(p, z1)) {
            System.arraycopy(q, qo, p, po, 24);
            return;
        }
        Fp2Ops.sqr(t, Z1Z1, p, z1, s);
        Fp2Ops.sqr(t, Z2Z2, q, z2, s);
        Fp2Ops.mul(t, U1, p, x1, t, Z2Z2, s);
        Fp2Ops.mul(t, U2, q, x2, t, Z1Z1, s);
        Fp2Ops.mul(t, S1, p, y1, q, z2, s);
        Fp2Ops.mul(t, S1, t, S1, t, Z2Z2, s);
        Fp2Ops.mul(t, S2, q, y2, p, z1, s);
        Fp2Ops.mul(t, S2, t, S2, t, Z1Z1, s);
        Fp2Ops.sub(t, H, t, U2, t, U1);
        Fp2Ops.sub(t, R, t, S2, t, S1);
        if (Fp2Ops.isZero(t, H)) {
            if (Fp2Ops.isZero(t, R)) {
                dbl(p, po);
            } else {
                setInfinity(p, po);
            }
            return;
        }
        Fp2Ops.dbl(t, R, t, R);
        Fp2Ops.dbl(t, I, t, H);
        Fp2Ops.sqr(t, I, t, I, s);
        Fp2Ops.mul(t, J, t, H, t, I, s);
        Fp2Ops.mul(t, V, t, U1, t, I, s);
        // X3 = r² − J − 2V
        Fp2Ops.sqr(p, x1, t, R, s);
        Fp2Ops.sub(p, x1, p, x1, t, J);
        Fp2Ops.sub(p, x1, p, x1, t, V);
        Fp2Ops.sub(p, x1, p, x1, t, V);
        // Y3 = r·(V − X3) − 2·S1·J
        Fp2Ops.sub(t, V, t, V, p, x1);
        Fp2Ops.mul(t, V, t, R, t, V, s);
        Fp2Ops.mul(t, J, t, S1, t, J, s);
        Fp2Ops.dbl(t, J, t, J);
        Fp2Ops.sub(p, y1, t, V, t, J);
        // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
        Fp2Ops.add(p, z1, p, z1, q, z2);
        Fp2Ops.sqr(p, z1, p, z1, s);
        Fp2Ops.sub(p, z1, p, z1, t, Z1Z1);
        Fp2Ops.sub(p, z1, p, z1, t, Z2Z2);
        Fp2Ops.mul(p, z1, p, z1, t, H, s);
    }

    @Override
    void dbl(long[] p, int po) {
        final int x1 = po, y1 = po + 8, z1 = po + 16;
        final long[] t = this.t, s = this.s;
        if (Fp2Ops.isZero(p, z1)) {
            return;
        }
        final int a = U1, b = U2, c = S1, d = S2, e = H, f = HH;
        // Z3 = 2·Y1·Z1 first, while Y1 is intact
        Fp2Ops.mul(p, z1, p, y1, p, z1, s);
        Fp2Ops.dbl(p, z1, p, z1);
        Fp2Ops.sqr(t, a, p, x1, s);
        Fp2Ops.sqr(t, b, p, y1, s);
        Fp2Ops.sqr(t, c, t, b, s);
        // D = 2·((X1 + B)² − A − C)
        Fp2Ops.add(t, d, p, x1, t, b);
        Fp2Ops.sqr(t, d, t, d, s);
        Fp2Ops.sub(t, d, t, d, t, a);
        Fp2Ops.sub(t, d, t, d, t, c);
        Fp2Ops.dbl(t, d, t, d);
        // E = 3A, F = E²
        Fp2Ops.dbl(t, e, t, a);
        Fp2Ops.add(t, e, t, e, t, a);
        Fp2Ops.sqr(t, f, t, e, s);
        // X3 = F − 2D
        Fp2Ops.sub(p, x1, t, f, t, d);
        Fp2Ops.sub(p, x1, p, x1, t, d);
        // Y3 = E·(D − X3) − 8C
        Fp2Ops.sub(t, d, t, d, p, x1);
        Fp2Ops.mul(p, y1, t, e, t, d, s);
        Fp2Ops.dbl(t, c, t, c);
        Fp2Ops.dbl(t, c, t, c);
        Fp2Ops.dbl(t, c, t, c);
        Fp2Ops.sub(p, y1, p, y1, t, c);
    }
}
