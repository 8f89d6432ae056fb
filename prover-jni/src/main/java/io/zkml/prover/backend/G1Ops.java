package io.zkml.prover.backend;

/** {@link CurveOps} for G1 over F_p (coordinates of four limbs, {@link FpOps}). */
final class G1Ops extends CurveOps {

    // scratch slots, four longs each
    private static final int Z1Z1 = 0, Z2Z2 = 4, U1 = 8, U2 = 12, S1 = 16, S2 = 20, H = 24, HH = 28, I = 32, J = 36,
            R = 40, V = 44, T = 48;
    private final long[] t = new long[52];

    G1Ops() {
        super(4);
    }

    @Override
    void addMixed(long[] p, int po, long[] q, int qo, boolean negate) {
        final int x1 = po, y1 = po + 4, z1 = po + 8;
        final long[] t = this.t;
        if (FpOps.isZero(p, z1)) {
            FpOps.copy(p, x1, q, qo);
            if (negate) {
                FpOps.neg(p, y1, q, qo + 4);
            } else {
                FpOps.copy(p, y1, q, qo + 4);
            }
            FpOps.setOne(p, z1);
            return;
        }
        FpOps.sqr(t, Z1Z1, p, z1);
        FpOps.mul(t, U2, q, qo, t, Z1Z1);
        FpOps.mul(t, S2, q, qo + 4, p, z1);
        FpOps.mul(t, S2, t, S2, t, Z1Z1);
        if (negate) {
            FpOps.neg(t, S2, t, S2);
        }
        FpOps.sub(t, H, t, U2, p, x1);
        FpOps.sub(t, R, t, S2, p, y1);
        if (FpOps.isZero(t, H)) {
            if (FpOps.isZero(t, R)) {
                dbl(p, po);
            } else {
                setInfinity(p, po);
            }
            return;
        }
        FpOps.dbl(t, R, t, R);
        FpOps.sqr(t, HH, t, H);
        FpOps.dbl(t, I, t, HH);
        FpOps.dbl(t, I, t, I);
        FpOps.mul(t, J, t, H, t, I);
        FpOps.mul(t, V, p, x1, t, I);
        // X3 = r² − J − 2V
        FpOps.sqr(t, T, t, R);
        FpOps.sub(t, T, t, T, t, J);
        FpOps.sub(t, T, t, T, t, V);
        FpOps.sub(t, T, t, T, t, V);
        // Y3 = r·(V − X3) − 2·Y1·J
        FpOps.sub(t, V, t, V, t, T);
        FpOps.mul(t, V, t, R, t, V);
        FpOps.mul(t, J, p, y1, t, J);
        FpOps.dbl(t, J, t, J);
        FpOps.sub(p, y1, t, V, t, J);
        // Z3 = (Z1 + H)² − Z1Z1 − HH
        FpOps.add(p, z1, p, z1, t, H);
        FpOps.sqr(p, z1, p, z1);
        FpOps.sub(p, z1, p, z1, t, Z1Z1);
        FpOps.sub(p, z1, p, z1, t, HH);
        FpOps.copy(p, x1, t, T);
    }

    @Override
    void add(long[] p, int po, long[] q, int qo) {
        final int x1 = po, y1 = po + 4, z1 = po + 8, x2 = qo, y2 = qo + 4, z2 = qo + 8;
        final long[] t = this.t;
        if (FpOps.isZero(q, z2)) {
            return;
        }
        if (FpOps.isZero(p, z1)) {
            System.arraycopy(q, qo, p, po, 12);
            return;
        }
        FpOps.sqr(t, Z1Z1, p, z1);
        FpOps.sqr(t, Z2Z2, q, z2);
        FpOps.mul(t, U1, p, x1, t, Z2Z2);
        FpOps.mul(t, U2, q, x2, t, Z1Z1);
        FpOps.mul(t, S1, p, y1, q, z2);
        FpOps.mul(t, S1, t, S1, t, Z2Z2);
        FpOps.mul(t, S2, q, y2, p, z1);
        FpOps.mul(t, S2, t, S2, t, Z1Z1);
        FpOps.sub(t, H, t, U2, t, U1);
        FpOps.sub(t, R, t, S2, t, S1);
        if (FpOps.isZero(t, H)) {
            if (FpOps.isZero(t, R)) {
                dbl(p, po);
            } else {
                setInfinity(p, po);
            }
            return;
        }
        FpOps.dbl(t, R, t, R);
        FpOps.dbl(t, I, t, H);
        FpOps.sqr(t, I, t, I);
        FpOps.mul(t, J, t, H, t, I);
        FpOps.mul(t, V, t, U1, t, I);
        // X3 = r² − J − 2V
        FpOps.sqr(p, x1, t, R);
        FpOps.sub(p, x1, p, x1, t, J);
        FpOps.sub(p, x1, p, x1, t, V);
        FpOps.sub(p, x1, p, x1, t, V);
        // Y3 = r·(V − X3) − 2·S1·J
        FpOps.sub(t, V, t, V, p, x1);
        FpOps.mul(t, V, t, R, t, V);
        FpOps.mul(t, J, t, S1, t, J);
        FpOps.dbl(t, J, t, J);
        FpOps.sub(p, y1, t, V, t, J);
        // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
        FpOps.add(p, z1, p, z1, q, z2);
        FpOps.sqr(p, z1, p, z1);
        FpOps.sub(p, z1, p, z1, t, Z1Z1);
        FpOps.sub(p, z1, p, z1, t, Z2Z2);
        FpOps.mul(p, z1, p, z1, t, H);
    }

    @Override
    void dbl(long[] p, int po) {
        final int x1 = po, y1 = po + 4, z1 = po + 8;
        final long[] t = this.t;
        if (FpOps.isZero(p, z1)) {
            return;
        }
        final int a = U1, b = U2, c = S1, d = S2, e = H, f = HH;
        // Z3 = 2·Y1·Z1 first, while Y1 is intact
        FpOps.mul(p, z1, p, y1, p, z1);
        FpOps.dbl(p, z1, p, z1);
        FpOps.sqr(t, a, p, x1);
        FpOps.sqr(t, b, p, y1);
        FpOps.sqr(t, c, t, b);
        // D = 2·((X1 + B)² − A − C)
        FpOps.add(t, d, p, x1, t, b);
        FpOps.sqr(t, d, t, d);
        FpOps.sub(t, d, t, d, t, a);
        FpOps.sub(t, d, t, d, t, c);
        FpOps.dbl(t, d, t, d);
        // E = 3A, F = E²
        FpOps.dbl(t, e, t, a);
        FpOps.add(t, e, t, e, t, a);
        FpOps.sqr(t, f, t, e);
        // X3 = F − 2D
        FpOps.sub(p, x1, t, f, t, d);
        FpOps.sub(p, x1, p, x1, t, d);
        // Y3 = E·(D − X3) − 8C
        FpOps.sub(t, d, t, d, p, x1);
        FpOps.mul(p, y1, t, e, t, d);
        FpOps.dbl(t, c, t, c);
        FpOps.dbl(t, c, t, c);
        FpOps.dbl(t, c, t, c);
        FpOps.sub(p, y1, p, y1, t, c);
    }
}
