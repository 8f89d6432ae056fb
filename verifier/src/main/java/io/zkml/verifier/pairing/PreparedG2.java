package io.zkml.verifier.pairing;

import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import java.util.Arrays;

/**
 * A G2 point with the line functions of its Miller loop precomputed: the G2 side of {@link Pairing#productIsOne}.
 * Immutable.
 *
 * <p>{@link #of} is for points paired many times (a verifying key's β, γ and δ): each line is stored normalized as
 * y_P + B·x_P·w + C·vw (the homogeneous line divided by its y_P coefficient, with one batched inversion for all
 * of them), the cheapest form to evaluate at a G1 point. {@link #forSingleUse} is for a point paired once (a
 * proof's B): it skips the normalization, which for one use costs about what it saves (measured).
 */
public final class PreparedG2 {

    private static final PreparedG2 INFINITY = new PreparedG2(G2.INFINITY, null, false);

    private final G2 point;
    /** The {@link LineTable} limbs: B, C per line when normalized, else A, B, C. */
    private final long[] lines;
    private final boolean normalized;

    private PreparedG2(G2 point, long[] lines, boolean normalized) {
        this.point = point;
        this.lines = lines;
        this.normalized = normalized;
    }

    /**
     * Precomputes the lines of {@code q}, which the caller has checked to be in G2 (the pairing of a point outside
     * the subgroup is meaningless, and nothing here detects it).
     */
    public static PreparedG2 of(G2 q) {
        if (q.isInfinity()) {
            return INFINITY;
        }
        G2 affine = q.toAffine();
        return new PreparedG2(affine, new LineTable(affine).normalized(), true);
    }

    /**
     * The lines of {@code q} without the normalization: cheaper to make, a little dearer to use; for a point that
     * is paired once. The caller has checked that {@code q} is in G2.
     */
    public static PreparedG2 forSingleUse(G2 q) {
        if (q.isInfinity()) {
            return INFINITY;
        }
        G2 affine = q.toAffine();
        return new PreparedG2(affine, new LineTable(affine).lines, false);
    }

    /** The point these lines belong to. */
    public G2 point() {
        return point;
    }

    public boolean isInfinity() {
        return point.isInfinity();
    }

    boolean isNormalized() {
        return normalized;
    }

    /**
     * Multiplies the F_p¹² element at {@code f} by line {@code i} evaluated at the G1 point whose registers start at
     * {@code point} (affine x, y, then x/y and 1/y if the lines are normalized), using {@code l} (three F_p²
     * registers) for the line. A normalized line y_P + B·x_P·w + C·vw is divided by y_P (a factor in F_p, which the
     * final exponentiation removes) to 1 + B·(x_P/y_P)·w + C·(1/y_P)·vw, the cheapest form to multiply by.
     */
    void mulByLine(TowerRegisters r, int f, int i, int point, int l) {
        if (normalized) {
            loadNormalized(r, i, point, l);
            r.mulByLine(f, f, l + 8, l + 16);
        } else {
            loadUnnormalized(r, i, point, l);
            r.mulBy034(f, f, l, l + 8, l + 16);
        }
    }

    /**
     * Multiplies f by lines {@code i} and {@code i + 1}, as two {@link #mulByLine} would. Unnormalized lines are
     * multiplied together first ({@link TowerRegisters#lineProduct}, into the F_p¹² register {@code product}, with
     * the second line in {@code m}), which saves three F_p² products of the 26 that two sparse products take.
     */
    void mulByLines(TowerRegisters r, int f, int i, int point, int l, int m, int product) {
        if (normalized) {
            mulByLine(r, f, i, point, l);
            mulByLine(r, f, i + 1, point, l);
        } else {
            loadUnnormalized(r, i, point, l);
            loadUnnormalized(r, i + 1, point, m);
            r.lineProduct(product, l, m);
            r.mulBySparse(f, f, product);
        }
    }

    /** Sets the F_p¹² element at {@code f} to line {@code i} evaluated as in {@link #mulByLine}: the product 1·line. */
    void setToLine(TowerRegisters r, int f, int i, int point, int l) {
        Arrays.fill(r.w, f, f + 48, 0);
        if (normalized) {
            loadNormalized(r, i, point, l);
            r.load(f, Fp.ONE);
        } else {
            loadUnnormalized(r, i, point, l);
            r.copy(f, l, 8);
        }
        r.copy(f + 24, l + 8, 16); // the coefficients of w and vw
    }

    private void loadNormalized(TowerRegisters r, int i, int point, int l) {
        System.arraycopy(lines, 16 * i, r.w, l + 8, 16); // B, C
        r.mul2ByFp(l + 8, l + 8, point + 8);
        r.mul2ByFp(l + 16, l + 16, point + 12);
    }

    private void loadUnnormalized(TowerRegisters r, int i, int point, int l) {
        System.arraycopy(lines, 24 * i, r.w, l, 24); // A, B, C
        r.mul2ByFp(l, l, point + 4);
        r.mul2ByFp(l + 8, l + 8, point);
    }

    @Override
    public String toString() {
        return "PreparedG2(" + point + ")";
    }
}
