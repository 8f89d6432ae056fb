package io.zkml.core.curve;

import io.zkml.core.field.FieldElement;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A point of a short Weierstrass curve y² = x³ + b (a = 0) in Jacobian coordinates: (X, Y, Z) stands for the
 * affine point (X/Z², Y/Z³), and Z = 0 for the point at infinity. Immutable; the formulas are the
 * a = 0 ones of the Explicit-Formulas Database (dbl-2009-l, add-2007-bl, madd-2007-bl).
 *
 * <p>Construction does not check that a point is on the curve; {@link #isOnCurve()} does, and every reader of
 * untrusted input calls it.
 *
 * @param <F> the coordinate field
 * @param <P> the concrete point type
 */
public abstract sealed class CurvePoint<F extends FieldElement<F>, P extends CurvePoint<F, P>> permits G1, G2 {

    final F x, y, z;

    CurvePoint(F x, F y, F z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    /** A point of the same curve with these Jacobian coordinates. */
    abstract P create(F x, F y, F z);

    /** The curve's b. */
    abstract F b();

    abstract F zero();

    abstract F one();

    public abstract P infinity();

    @SuppressWarnings("unchecked")
    private P self() {
        return (P) this;
    }

    public boolean isInfinity() {
        return z.isZero();
    }

    /** Whether the point satisfies the curve equation (the point at infinity does). */
    public boolean isOnCurve() {
        if (isInfinity()) {
            return true;
        }
        // Y² = X³ + b·Z⁶
        F z2 = z.square();
        F z6 = z2.square().mul(z2);
        return y.square().equals(x.square().mul(x).add(b().mul(z6)));
    }

    /** The same point with Z = 1 (or the canonical infinity (0, 1, 0)). */
    public P toAffine() {
        if (isInfinity()) {
            return infinity();
        }
        if (z.equals(one())) {
            return self();
        }
        F zInv = z.inverse();
        F zInv2 = zInv.square();
        return create(x.mul(zInv2), y.mul(zInv2).mul(zInv), one());
    }

    /** The affine x coordinate. @throws ArithmeticException at infinity */
    public F affineX() {
        requireFinite();
        return toAffine().x;
    }

    /** The affine y coordinate. @throws ArithmeticException at infinity */
    public F affineY() {
        requireFinite();
        return toAffine().y;
    }

    private void requireFinite() {
        if (isInfinity()) {
            throw new ArithmeticException("the point at infinity has no affine coordinates");
        }
    }

    public P neg() {
        return isInfinity() ? self() : create(x, y.neg(), z);
    }

    public P dbl() {
        if (isInfinity() || y.isZero()) {
            return infinity();
        }
        F a = x.square();
        F bb = y.square();
        F c = bb.square();
        F d = x.add(bb).square().sub(a).sub(c).dbl();
        F e = a.dbl().add(a);
        F f = e.square();
        F x3 = f.sub(d.dbl());
        F y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
        F z3 = y.mul(z).dbl();
        return create(x3, y3, z3);
    }

    public P add(P q) {
        if (isInfinity()) {
            return q;
        }
        CurvePoint<F, P> o = q;
        if (o.isInfinity()) {
            return self();
        }
        if (o.z.equals(one())) {
            return addAffine(o.x, o.y);
        }
        F z1z1 = z.square();
        F z2z2 = o.z.square();
        F u1 = x.mul(z2z2);
        F u2 = o.x.mul(z1z1);
        F s1 = y.mul(o.z).mul(z2z2);
        F s2 = o.y.mul(z).mul(z1z1);
        F h = u2.sub(u1);
        F r = s2.sub(s1).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : infinity();
        }
        F i = h.dbl().square();
        F j = h.mul(i);
        F v = u1.mul(i);
        F x3 = r.square().sub(j).sub(v.dbl());
        F y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
        F z3 = z.add(o.z).square().sub(z1z1).sub(z2z2).mul(h);
        return create(x3, y3, z3);
    }

    /** Adds the affine point (x2, y2) (mixed addition). */
    private P addAffine(F x2, F y2) {
        if (isInfinity()) {
            return create(x2, y2, one());
        }
        F z1z1 = z.square();
        F u2 = x2.mul(z1z1);
        F s2 = y2.mul(z).mul(z1z1);
        F h = u2.sub(x);
        F r = s2.sub(y).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : infinity();
        }
        F hh = h.square();
        F i = hh.dbl().dbl();
        F j = h.mul(i);
        F v = x.mul(i);
        F x3 = r.square().sub(j).sub(v.dbl());
        F y3 = r.mul(v.sub(x3)).sub(y.mul(j).dbl());
        F z3 = z.add(h).square().sub(z1z1).sub(hh);
        return create(x3, y3, z3);
    }

    public P sub(P q) {
        return add(q.neg());
    }

    /** [k]P for a non-negative integer k, with 4-bit fixed windows. */
    public P mul(BigInteger k) {
        if (k.signum() < 0) {
            return neg().mul(k.negate());
        }
        if (k.signum() == 0 || isInfinity()) {
            return infinity();
        }
        List<P> table = multiplesUpTo15();
        P acc = infinity();
        int windows = (k.bitLength() + 3) / 4;
        for (int w = windows - 1; w >= 0; w--) {
            acc = acc.dbl().dbl().dbl().dbl();
            int digit = nibble(k, w);
            if (digit != 0) {
                acc = acc.add(table.get(digit));
            }
        }
        return acc;
    }

    public P mul(Fr k) {
        return mul(k.toBigInteger());
    }

    /** [0]P … [15]P, in affine form so that the additions that use them are mixed. */
    final List<P> multiplesUpTo15() {
        List<P> t = new ArrayList<>(16);
        t.add(infinity());
        P p = toAffine();
        P acc = p;
        t.add(p);
        for (int i = 2; i < 16; i++) {
            acc = acc.add(p);
            t.add(acc);
        }
        return batchToAffine(t);
    }

    /** {@link #toAffine()} of every point, with a single field inversion (Montgomery's trick). */
    public static <F extends FieldElement<F>, P extends CurvePoint<F, P>> List<P> batchToAffine(List<P> points) {
        int n = points.size();
        List<F> prefix = new ArrayList<>(n);
        F acc = null;
        for (P p : points) {
            CurvePoint<F, P> c = p;
            if (!c.isInfinity()) {
                acc = acc == null ? c.z : acc.mul(c.z);
            }
            prefix.add(acc);
        }
        if (acc == null) {
            return points.stream().map(CurvePoint::toAffine).toList();
        }
        F inv = acc.inverse();
        List<P> out = new ArrayList<>(java.util.Collections.nCopies(n, (P) null));
        for (int i = n - 1; i >= 0; i--) {
            CurvePoint<F, P> c = points.get(i);
            if (c.isInfinity()) {
                out.set(i, c.infinity());
                continue;
            }
            F before = i > 0 ? prefix.get(i - 1) : null; // the product of the earlier finite points' Z
            F zInv = before == null ? inv : inv.mul(before);
            inv = inv.mul(c.z);
            F zInv2 = zInv.square();
            out.set(i, c.create(c.x.mul(zInv2), c.y.mul(zInv2).mul(zInv), c.one()));
        }
        return out;
    }

    static int nibble(BigInteger k, int w) {
        int v = 0;
        for (int b = 3; b >= 0; b--) {
            v = (v << 1) | (k.testBit(4 * w + b) ? 1 : 0);
        }
        return v;
    }

    /**
     * Σ kᵢ·Pᵢ by Straus's method: one shared chain of doublings, 4-bit windows per scalar.
     *
     * @throws IllegalArgumentException if the lists differ in length or a scalar is negative
     */
    public static <F extends FieldElement<F>, P extends CurvePoint<F, P>> P linearCombination(P infinity, List<P> points, List<BigInteger> scalars) {
        List<WindowTable<P>> tables = new ArrayList<>(points.size());
        for (P p : points) {
            tables.add(WindowTable.of(p));
        }
        return linearCombinationOfTables(infinity, tables, scalars);
    }

    /**
     * The multiples [0]P … [15]P of a point, affine: precomputed once for a point that is multiplied again and
     * again (a verifying key's IC points), and used by {@link #linearCombinationOfTables}.
     */
    public record WindowTable<P extends CurvePoint<?, P>>(P point, List<P> multiples) {

        public WindowTable {
            multiples = List.copyOf(multiples);
        }

        public static <F extends FieldElement<F>, P extends CurvePoint<F, P>> WindowTable<P> of(P point) {
            return new WindowTable<>(point, point.isInfinity() ? List.of() : point.multiplesUpTo15());
        }
    }

    /** {@link #linearCombination} over precomputed tables. */
    public static <F extends FieldElement<F>, P extends CurvePoint<F, P>> P linearCombinationOfTables(P infinity,
            List<WindowTable<P>> tables, List<BigInteger> scalars) {
        if (tables.size() != scalars.size()) {
            throw new IllegalArgumentException(tables.size() + " points but " + scalars.size() + " scalars");
        }
        int n = tables.size();
        int bits = 0;
        for (BigInteger k : scalars) {
            if (k.signum() < 0) {
                throw new IllegalArgumentException("negative scalar: " + k);
            }
            bits = Math.max(bits, k.bitLength());
        }
        P acc = infinity;
        for (int w = (bits + 3) / 4 - 1; w >= 0; w--) {
            acc = acc.dbl().dbl().dbl().dbl();
            for (int i = 0; i < n; i++) {
                List<P> t = tables.get(i).multiples();
                int digit = t.isEmpty() ? 0 : nibble(scalars.get(i), w);
                if (digit != 0) {
                    acc = acc.add(t.get(digit));
                }
            }
        }
        return acc;
    }

    /** Equality of the points represented (not of the coordinates). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CurvePoint<?, ?> other) || other.getClass() != getClass()) {
            return false;
        }
        @SuppressWarnings("unchecked")
        CurvePoint<F, P> q = (CurvePoint<F, P>) other;
        if (isInfinity() || q.isInfinity()) {
            return isInfinity() && q.isInfinity();
        }
        // X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³
        F z1z1 = z.square();
        F z2z2 = q.z.square();
        return x.mul(z2z2).equals(q.x.mul(z1z1)) && y.mul(z2z2).mul(q.z).equals(q.y.mul(z1z1).mul(z));
    }

    @Override
    public int hashCode() {
        return isInfinity() ? 0 : toAffine().x.hashCode();
    }

    @Override
    public String toString() {
        if (isInfinity()) {
            return getClass().getSimpleName() + "(infinity)";
        }
        P a = toAffine();
        CurvePoint<F, P> c = a;
        return getClass().getSimpleName() + "(" + c.x + ", " + c.y + ")";
    }
}
