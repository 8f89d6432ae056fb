package io.zkml.prover.backend;

/**
 * Mutable, allocation-free arithmetic in F_p² = F_p[u]/(u² + 1) on eight longs at an offset of a {@code long[]}:
 * c0 then c1, each four Montgomery limbs as {@link FpOps} holds them (the layout of {@link io.zkml.core.field.Fp2}
 * and of snarkjs's binary files). Products need a caller-provided scratch array of at least
 * {@link #SCRATCH} longs, so that nothing is allocated; outputs may alias inputs but not the scratch.
 */
final class Fp2Ops {

    /** Longs of scratch space that {@link #mul} and {@link #sqr} use. */
    static final int SCRATCH = 16;

    private Fp2Ops() {
    }

    /** Karatsuba: (a0 + a1u)(b0 + b1u) = (a0b0 − a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)u, three products. */
    static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo, long[] s) {
        FpOps.mul(s, 0, a, ao, b, bo);
        FpOps.mul(s, 4, a, ao + 4, b, bo + 4);
        FpOps.add(s, 8, a, ao, a, ao + 4);
        FpOps.add(s, 12, b, bo, b, bo + 4);
        FpOps.mul(s, 8, s, 8, s, 12);
        FpOps.sub(r, ro, s, 0, s, 4);
        FpOps.sub(s, 8, s, 8, s, 0);
        FpOps.sub(r, ro + 4, s, 8, s, 4);
    }

    /** (a0 + a1u)² = (a0 + a1)(a0 − a1) + 2a0a1·u, two products. */
    static void sqr(long[] r, int ro, long[] a, int ao, long[] s) {
        FpOps.add(s, 0, a, ao, a, ao + 4);
        FpOps.sub(s, 4, a, ao, a, ao + 4);
        FpOps.mul(s, 8, a, ao, a, ao + 4);
        FpOps.mul(r, ro, s, 0, s, 4);
        FpOps.dbl(r, ro + 4, s, 8);
    }

    static void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        FpOps.add(r, ro, a, ao, b, bo);
        FpOps.add(r, ro + 4, a, ao + 4, b, bo + 4);
    }

    static void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        FpOps.sub(r, ro, a, ao, b, bo);
        FpOps.sub(r, ro + 4, a, ao + 4, b, bo + 4);
    }

    static void dbl(long[] r, int ro, long[] a, int ao) {
        FpOps.dbl(r, ro, a, ao);
        FpOps.dbl(r, ro + 4, a, ao + 4);
    }

    static void neg(long[] r, int ro, long[] a, int ao) {
        FpOps.neg(r, ro, a, ao);
        FpOps.neg(r, ro + 4, a, ao + 4);
    }

    static boolean isZero(long[] a, int ao) {
        return FpOps.isZero(a, ao) && FpOps.isZero(a, ao + 4);
    }

    static void copy(long[] r, int ro, long[] a, int ao) {
        System.arraycopy(a, ao, r, ro, 8);
    }

    static void setOne(long[] r, int ro) {
        FpOps.setOne(r, ro);
        FpOps.setZero(r, ro + 4);
    }
}
