package io.zkml.prover.backend;

import java.util.Arrays;

/**
 * Jacobian-coordinate arithmetic of one BN254 group (y² = x³ + b, a = 0) on points stored in {@code long[]}: a
 * Jacobian point is X ‖ Y ‖ Z (Z = 0 is the point at infinity), an affine point x ‖ y, every coordinate in
 * Montgomery limbs ({@link #fieldLongs} longs). The formulas are those of
 * {@link io.zkml.core.curve.CurvePoint} (dbl-2009-l, add-2007-bl, madd-2007-bl), written to mutate in place
 * and allocate nothing. An instance owns scratch space: one per thread.
 */
abstract sealed class CurveOps permits G1Ops, G2Ops {

    /** Longs per coordinate: 4 for F_p, 8 for F_p². */
    final int fieldLongs;
    /** Longs per Jacobian point. */
    final int jacobianLongs;
    /** Longs per affine point. */
    final int affineLongs;

    CurveOps(int fieldLongs) {
        this.fieldLongs = fieldLongs;
        this.jacobianLongs = 3 * fieldLongs;
        this.affineLongs = 2 * fieldLongs;
    }

    /** p += q for an affine q (negated first when {@code negate}); q must not be the point at infinity. */
    abstract void addMixed(long[] p, int po, long[] q, int qo, boolean negate);

    /** p += q, both Jacobian. */
    abstract void add(long[] p, int po, long[] q, int qo);

    /** p = 2p. */
    abstract void dbl(long[] p, int po);

    /** Whether the Jacobian point at {@code po} is the point at infinity. */
    final boolean isInfinity(long[] p, int po) {
        int z = po + 2 * fieldLongs;
        for (int i = 0; i < fieldLongs; i++) {
            if (p[z + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Sets the Jacobian point at {@code po} to the point at infinity (0, 0, 0). */
    final void setInfinity(long[] p, int po) {
        Arrays.fill(p, po, po + jacobianLongs, 0L);
    }

    /** Whether the affine point at {@code qo} is all zeros, snarkjs's encoding of the point at infinity. */
    final boolean isAffineZero(long[] q, int qo) {
        long acc = 0;
        for (int i = 0; i < affineLongs; i++) {
            acc |= q[qo + i];
        }
        return acc == 0;
    }
}
