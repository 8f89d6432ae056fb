package io.zkml.verifier.pairing;

import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;

/**
 * A G2 point with the line functions of its Miller loop precomputed, for points that are paired many times
 * (a verifying key's β, γ and δ). Immutable.
 *
 * <p>Each line is stored normalized as y_P + B·x_P·w + C·vw (the homogeneous line divided by its y_P
 * coefficient, with one batched inversion for all of them), so that evaluating it at a G1 point costs two
 * base-field products. Preparing costs about as much as one Miller loop; it pays off from the second use.
 */
public final class PreparedG2 {

    private static final PreparedG2 INFINITY = new PreparedG2(G2.INFINITY, null, null, null);

    private final G2 point;
    /** Coefficients of y_P, x_P·w and vw; {@code a == null} when every line has been normalized to a = 1. */
    private final Fp2[] a, b, c;

    private PreparedG2(G2 point, Fp2[] a, Fp2[] b, Fp2[] c) {
        this.point = point;
        this.a = a;
        this.b = b;
        this.c = c;
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
        LineTable t = new LineTable(affine);
        Fp2[] inv = batchInverse(t.a);
        Fp2[] b = new Fp2[LineTable.LINE_COUNT], c = new Fp2[LineTable.LINE_COUNT];
        for (int i = 0; i < b.length; i++) {
            b[i] = t.b[i].mul(inv[i]);
            c[i] = t.c[i].mul(inv[i]);
        }
        return new PreparedG2(affine, null, b, c);
    }

    /** The lines of {@code q} without the normalization: cheaper to make, dearer to use; for one-off points. */
    static PreparedG2 unnormalized(G2 q) {
        if (q.isInfinity()) {
            return INFINITY;
        }
        G2 affine = q.toAffine();
        LineTable t = new LineTable(affine);
        return new PreparedG2(affine, t.a, t.b, t.c);
    }

    /** The point these lines belong to. */
    public G2 point() {
        return point;
    }

    public boolean isInfinity() {
        return point.isInfinity();
    }

    /** f times line {@code i} evaluated at the affine G1 point (xP, yP). */
    Fp12 mulByLine(Fp12 f, int i, Fp xP, Fp yP) {
        if (a == null) {
            return f.mulBy034(yP, b[i].mul(xP), c[i]);
        }
        return f.mulBy034(a[i].mul(yP), b[i].mul(xP), c[i]);
    }

    /** Inverts every element with one field inversion (Montgomery's trick); none may be zero. */
    private static Fp2[] batchInverse(Fp2[] xs) {
        Fp2[] prefix = new Fp2[xs.length];
        Fp2 acc = Fp2.ONE;
        for (int i = 0; i < xs.length; i++) {
            prefix[i] = acc;
            acc = acc.mul(xs[i]);
        }
        Fp2 inv = acc.inverse();
        Fp2[] out = new Fp2[xs.length];
        for (int i = xs.length - 1; i >= 0; i--) {
            out[i] = inv.mul(prefix[i]);
            inv = inv.mul(xs[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "PreparedG2(" + point + ")";
    }
}
