package io.zkml.prover.backend;

/**
 * The coordinate field of a group, as {@link AffineBuckets} needs it: arithmetic on elements of
 * {@link #elementLongs} longs at offsets of {@code long[]} arrays, inversion included. An instance owns its
 * scratch space: one per thread.
 */
abstract sealed class AffineField permits AffineField.OverFp, AffineField.OverFp2 {

    /** Longs per element: 4 for F_p, 8 for F_p². */
    final int elementLongs;

    AffineField(int elementLongs) {
        this.elementLongs = elementLongs;
    }

    abstract void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo);

    abstract void sqr(long[] r, int ro, long[] a, int ao);

    abstract void add(long[] r, int ro, long[] a, int ao, long[] b, int bo);

    abstract void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo);

    abstract void neg(long[] r, int ro, long[] a, int ao);

    /** r = a⁻¹ for a ≠ 0. */
    abstract void inverse(long[] r, int ro, long[] a, int ao);

    final boolean equal(long[] a, int ao, long[] b, int bo) {
        for (int i = 0; i < elementLongs; i++) {
            if (a[ao + i] != b[bo + i]) {
                return false;
            }
        }
        return true;
    }

    final boolean isZero(long[] a, int ao) {
        long acc = 0;
        for (int i = 0; i < elementLongs; i++) {
            acc |= a[ao + i];
        }
        return acc == 0;
    }

    /** F_p, the coordinates of G1. */
    static final class OverFp extends AffineField {

        OverFp() {
            super(4);
        }

        @Override
        void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
            FpOps.mul(r, ro, a, ao, b, bo);
        }

        @Override
        void sqr(long[] r, int ro, long[] a, int ao) {
            FpOps.sqr(r, ro, a, ao);
        }

        @Override
        void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
            FpOps.add(r, ro, a, ao, b, bo);
        }

        @Override
        void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
            FpOps.sub(r, ro, a, ao, b, bo);
        }

        @Override
        void neg(long[] r, int ro, long[] a, int ao) {
            FpOps.neg(r, ro, a, ao);
        }

        @Override
        void inverse(long[] r, int ro, long[] a, int ao) {
            FpOps.inverse(r, ro, a, ao);
        }
    }

    /** F_p², the coordinates of G2. */
    static final class OverFp2 extends AffineField {

        private final long[] s = new long[Fp2Ops.SCRATCH];

        OverFp2() {
            super(8);
        }

        @Override
        void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
            Fp2Ops.mul(r, ro, a, ao, b, bo, s);
        }

        @Override
        void sqr(long[] r, int ro, long[] a, int ao) {
            Fp2Ops.sqr(r, ro, a, ao, s);
        }

        @Override
        void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
            Fp2Ops.add(r, ro, a, ao, b, bo);
        }

        @Override
        void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
            Fp2Ops.sub(r, ro, a, ao, b, bo);
        }

        @Override
        void neg(long[] r, int ro, long[] a, int ao) {
            Fp2Ops.neg(r, ro, a, ao);
        }

        /** (a0 + a1u)⁻¹ = (a0 − a1u)/(a0² + a1²): one inversion in F_p. */
        @Override
        void inverse(long[] r, int ro, long[] a, int ao) {
            FpOps.sqr(s, 0, a, ao);
            FpOps.sqr(s, 4, a, ao + 4);
            FpOps.add(s, 0, s, 0, s, 4);
            FpOps.inverse(s, 4, s, 0);
            FpOps.mul(r, ro, a, ao, s, 4);
            FpOps.mul(s, 0, a, ao + 4, s, 4);
            FpOps.neg(r, ro + 4, s, 0);
        }
    }
}
