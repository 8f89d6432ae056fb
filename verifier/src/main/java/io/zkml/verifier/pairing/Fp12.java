package io.zkml.verifier.pairing;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import java.math.BigInteger;

/**
 * An element c0 + c1·w of F_p¹² = F_p⁶[w]/(w² − v), the target field of the BN254 pairing. Immutable.
 *
 * <p>Equivalently F_p²[w]/(w⁶ − ξ): as a vector over F_p² the basis is 1, v, v², w, vw, v²w, i.e.
 * w⁰, w², w⁴, w¹, w³, w⁵. Pairing values lie in the cyclotomic subgroup (the elements of norm 1 over
 * F_p⁶), where the inverse is {@link #conjugate()} and {@link #cyclotomicSquare()} is cheaper than
 * {@link #square()}.
 */
public record Fp12(Fp6 c0, Fp6 c1) {

    public static final Fp12 ZERO = new Fp12(Fp6.ZERO, Fp6.ZERO);
    public static final Fp12 ONE = new Fp12(Fp6.ONE, Fp6.ZERO);

    public Fp12 {
        if (c0 == null || c1 == null) {
            throw new NullPointerException("Fp12 coefficients must not be null");
        }
    }

    public boolean isZero() {
        return c0.isZero() && c1.isZero();
    }

    public boolean isOne() {
        return c0.isOne() && c1.isZero();
    }

    public Fp12 add(Fp12 b) {
        return new Fp12(c0.add(b.c0), c1.add(b.c1));
    }

    public Fp12 sub(Fp12 b) {
        return new Fp12(c0.sub(b.c0), c1.sub(b.c1));
    }

    public Fp12 neg() {
        return new Fp12(c0.neg(), c1.neg());
    }

    /** Karatsuba over F_p⁶: (a + bw)(c + dw) = ac + bd·v + ((a + b)(c + d) − ac − bd)·w, three F_p⁶ products. */
    public Fp12 mul(Fp12 o) {
        Fp6 ac = c0.mul(o.c0);
        Fp6 bd = c1.mul(o.c1);
        Fp6 cross = c0.add(c1).mul(o.c0.add(o.c1)).sub(ac).sub(bd);
        return new Fp12(ac.add(bd.mulByV()), cross);
    }

    /** Complex squaring: (a + bw)² = (a + b)(a + bv) − ab − ab·v + 2ab·w, two F_p⁶ products. */
    public Fp12 square() {
        Fp6 ab = c0.mul(c1);
        Fp6 r0 = c0.add(c1).mul(c0.add(c1.mulByV())).sub(ab).sub(ab.mulByV());
        return new Fp12(r0, ab.dbl());
    }

    /**
     * The multiplicative inverse (a − bw)/(a² − b²v).
     *
     * @throws ArithmeticException for zero
     */
    public Fp12 inverse() {
        Fp6 norm = c0.square().sub(c1.square().mulByV());
        Fp6 inv = norm.inverse();
        return new Fp12(c0.mul(inv), c1.mul(inv).neg());
    }

    /**
     * The conjugate a − bw, which is a ↦ a^(p⁶). On the cyclotomic subgroup (where every pairing value lies)
     * it is the inverse.
     */
    public Fp12 conjugate() {
        return new Fp12(c0, c1.neg());
    }

    /** The Frobenius map a ↦ a^p. */
    public Fp12 frobenius() {
        Fp2[] g = Frobenius.P1;
        return new Fp12(
                new Fp6(c0.c0().conjugate(), c0.c1().conjugate().mul(g[2]), c0.c2().conjugate().mul(g[4])),
                new Fp6(c1.c0().conjugate().mul(g[1]), c1.c1().conjugate().mul(g[3]), c1.c2().conjugate().mul(g[5])));
    }

    /** a ↦ a^(p²): the constants lie in F_p, so this costs ten base-field products. */
    public Fp12 frobeniusSquare() {
        var g = Frobenius.P2;
        return new Fp12(
                new Fp6(c0.c0(), c0.c1().mul(g[2]), c0.c2().mul(g[4])),
                new Fp6(c1.c0().mul(g[1]), c1.c1().mul(g[3]), c1.c2().mul(g[5])));
    }

    /** a ↦ a^(p³). */
    public Fp12 frobeniusCube() {
        Fp2[] g = Frobenius.P3;
        return new Fp12(
                new Fp6(c0.c0().conjugate(), c0.c1().conjugate().mul(g[2]), c0.c2().conjugate().mul(g[4])),
                new Fp6(c1.c0().conjugate().mul(g[1]), c1.c1().conjugate().mul(g[3]), c1.c2().conjugate().mul(g[5])));
    }

    /** this^e for a non-negative exponent, by square-and-multiply (a reference for tests, not a fast path). */
    public Fp12 pow(BigInteger e) {
        if (e.signum() < 0) {
            throw new IllegalArgumentException("negative exponent: " + e);
        }
        Fp12 r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    /**
     * Multiplies by the sparse element l0 + l3·w + l4·vw (the "034" shape of a line function evaluated at a
     * G1 point, with the D-twist embedding (x, y) ↦ (x·w², y·w³)): thirteen F_p² products instead of eighteen.
     */
    Fp12 mulBy034(Fp2 l0, Fp2 l3, Fp2 l4) {
        Fp6 a = c0.mul(l0);
        Fp6 b = c1.mulBy01(l3, l4);
        Fp6 cross = c0.add(c1).mulBy01(l0.add(l3), l4).sub(a).sub(b);
        return new Fp12(a.add(b.mulByV()), cross);
    }

    /** {@link #mulBy034(Fp2, Fp2, Fp2)} with l0 in F_p: ten F_p² products and six F_p products. */
    Fp12 mulBy034(Fp l0, Fp2 l3, Fp2 l4) {
        Fp6 a = new Fp6(c0.c0().mul(l0), c0.c1().mul(l0), c0.c2().mul(l0));
        Fp6 b = c1.mulBy01(l3, l4);
        Fp6 cross = c0.add(c1).mulBy01(l3.add(new Fp2(l0, Fp.ZERO)), l4).sub(a).sub(b);
        return new Fp12(a.add(b.mulByV()), cross);
    }

    /**
     * Granger–Scott squaring ("Faster squaring in the cyclotomic subgroup of sixth degree extensions", PKC 2010),
     * valid only for elements of the cyclotomic subgroup. Viewing F_p¹² as F_p⁴[w]/(w³ − t) with
     * F_p⁴ = F_p²[t]/(t² − ξ) and z = z0 + z1·w + z2·w², z² = (3z0² − 2z̄0) + (3t·z2² + 2z̄1)·w + (3z1² − 2z̄2)·w²,
     * where z̄ is the conjugate over F_p². Nine F_p² squarings instead of twelve F_p² products.
     */
    Fp12 cyclotomicSquare() {
        // z0 = a0 + b1·t, z1 = b0 + a2·t, z2 = a1 + b2·t in terms of c0 = (a0, a1, a2), c1 = (b0, b1, b2)
        Fp2 a0 = c0.c0(), a1 = c0.c1(), a2 = c0.c2();
        Fp2 b0 = c1.c0(), b1 = c1.c1(), b2 = c1.c2();

        // (x + y·t)² = (x² + ξy²) + 2xy·t
        Fp2 x2 = a0.square(), y2 = b1.square();
        Fp2 z0Re = y2.mulByXi().add(x2), z0Im = a0.add(b1).square().sub(x2).sub(y2);
        x2 = b0.square();
        y2 = a2.square();
        Fp2 z1Re = y2.mulByXi().add(x2), z1Im = b0.add(a2).square().sub(x2).sub(y2);
        x2 = a1.square();
        y2 = b2.square();
        Fp2 z2Re = y2.mulByXi().add(x2), z2Im = a1.add(b2).square().sub(x2).sub(y2);

        // 3s − 2x̄ and 3s + 2ȳ component-wise: 3s − 2x for the real part, 3s + 2y for the t part
        Fp2 na0 = triple(z0Re).sub(a0.dbl());
        Fp2 nb1 = triple(z0Im).add(b1.dbl());
        Fp2 nb0 = triple(z2Im.mulByXi()).add(b0.dbl());
        Fp2 na2 = triple(z2Re).sub(a2.dbl());
        Fp2 na1 = triple(z1Re).sub(a1.dbl());
        Fp2 nb2 = triple(z1Im).add(b2.dbl());
        return new Fp12(new Fp6(na0, na1, na2), new Fp6(nb0, nb1, nb2));
    }

    private static Fp2 triple(Fp2 a) {
        return a.dbl().add(a);
    }

    @Override
    public String toString() {
        return "[" + c0 + ", " + c1 + "]";
    }
}
