package io.zkml.verifier.pairing;

import io.zkml.core.field.Fp2;
import java.math.BigInteger;

/**
 * An element c0 + c1·v + c2·v² of F_p⁶ = F_p²[v]/(v³ − ξ), ξ = 9 + u. Immutable.
 *
 * <p>The middle layer of the tower F_p² ⊂ F_p⁶ ⊂ F_p¹²: it exists for {@link Fp12}, whose arithmetic is written
 * in terms of it (Karatsuba over F_p² for products, Chung–Hasan's second method for squares).
 */
public record Fp6(Fp2 c0, Fp2 c1, Fp2 c2) {

    public static final Fp6 ZERO = new Fp6(Fp2.ZERO, Fp2.ZERO, Fp2.ZERO);
    public static final Fp6 ONE = new Fp6(Fp2.ONE, Fp2.ZERO, Fp2.ZERO);

    public Fp6 {
        if (c0 == null || c1 == null || c2 == null) {
            throw new NullPointerException("Fp6 coefficients must not be null");
        }
    }

    public boolean isZero() {
        return c0.isZero() && c1.isZero() && c2.isZero();
    }

    public boolean isOne() {
        return c0.isOne() && c1.isZero() && c2.isZero();
    }

    public Fp6 add(Fp6 b) {
        return new Fp6(c0.add(b.c0), c1.add(b.c1), c2.add(b.c2));
    }

    public Fp6 sub(Fp6 b) {
        return new Fp6(c0.sub(b.c0), c1.sub(b.c1), c2.sub(b.c2));
    }

    public Fp6 dbl() {
        return new Fp6(c0.dbl(), c1.dbl(), c2.dbl());
    }

    public Fp6 neg() {
        return new Fp6(c0.neg(), c1.neg(), c2.neg());
    }

    /** Karatsuba: six F_p² products. */
    public Fp6 mul(Fp6 b) {
        Fp2 t0 = c0.mul(b.c0);
        Fp2 t1 = c1.mul(b.c1);
        Fp2 t2 = c2.mul(b.c2);
        // c0 = t0 + ξ((a1 + a2)(b1 + b2) − t1 − t2)
        Fp2 r0 = c1.add(c2).mul(b.c1.add(b.c2)).sub(t1).sub(t2).mulByXi().add(t0);
        // c1 = (a0 + a1)(b0 + b1) − t0 − t1 + ξ·t2
        Fp2 r1 = c0.add(c1).mul(b.c0.add(b.c1)).sub(t0).sub(t1).add(t2.mulByXi());
        // c2 = (a0 + a2)(b0 + b2) − t0 − t2 + t1
        Fp2 r2 = c0.add(c2).mul(b.c0.add(b.c2)).sub(t0).sub(t2).add(t1);
        return new Fp6(r0, r1, r2);
    }

    /** Chung–Hasan SQR2: two F_p² products and three squares. */
    public Fp6 square() {
        Fp2 s0 = c0.square();
        Fp2 s1 = c0.mul(c1).dbl();
        Fp2 s2 = c0.sub(c1).add(c2).square();
        Fp2 s3 = c1.mul(c2).dbl();
        Fp2 s4 = c2.square();
        return new Fp6(s3.mulByXi().add(s0), s4.mulByXi().add(s1), s1.add(s2).add(s3).sub(s0).sub(s4));
    }

    /** Multiplies by an F_p² scalar: three F_p² products. */
    public Fp6 mul(Fp2 s) {
        return new Fp6(c0.mul(s), c1.mul(s), c2.mul(s));
    }

    /** Multiplies by v: (c0, c1, c2) ↦ (ξ·c2, c0, c1), additions only. */
    public Fp6 mulByV() {
        return new Fp6(c2.mulByXi(), c0, c1);
    }

    /** Multiplies by the sparse element b0 + b1·v: five F_p² products. */
    Fp6 mulBy01(Fp2 b0, Fp2 b1) {
        Fp2 t0 = c0.mul(b0);
        Fp2 t1 = c1.mul(b1);
        Fp2 r0 = c1.add(c2).mul(b1).sub(t1).mulByXi().add(t0); // ξ·a2·b1 + a0·b0
        Fp2 r1 = c0.add(c1).mul(b0.add(b1)).sub(t0).sub(t1); // a0·b1 + a1·b0
        Fp2 r2 = c0.add(c2).mul(b0).sub(t0).add(t1); // a2·b0 + a1·b1
        return new Fp6(r0, r1, r2);
    }

    /**
     * The multiplicative inverse, from the adjugate: with A = a0² − ξa1a2, B = ξa2² − a0a1, C = a1² − a0a2, the
     * inverse is (A, B, C)/(a0A + ξ(a2B + a1C)).
     *
     * @throws ArithmeticException for zero
     */
    public Fp6 inverse() {
        Fp2 a = c0.square().sub(c1.mul(c2).mulByXi());
        Fp2 b = c2.square().mulByXi().sub(c0.mul(c1));
        Fp2 c = c1.square().sub(c0.mul(c2));
        Fp2 norm = c0.mul(a).add(c2.mul(b).add(c1.mul(c)).mulByXi());
        Fp2 inv = norm.inverse();
        return new Fp6(a.mul(inv), b.mul(inv), c.mul(inv));
    }

    /** The Frobenius map a ↦ a^p: conjugate each coefficient and multiply c_k by ξ^(k(p−1)/3). */
    public Fp6 frobenius() {
        return new Fp6(c0.conjugate(), c1.conjugate().mul(Frobenius.P1[2]), c2.conjugate().mul(Frobenius.P1[4]));
    }

    /** a ↦ a^(p²): multiplies c_k by ξ^(k(p²−1)/3), which lies in F_p. */
    public Fp6 frobeniusSquare() {
        return new Fp6(c0, c1.mul(Frobenius.P2[2]), c2.mul(Frobenius.P2[4]));
    }

    /** a ↦ a^(p³). */
    public Fp6 frobeniusCube() {
        return new Fp6(c0.conjugate(), c1.conjugate().mul(Frobenius.P3[2]), c2.conjugate().mul(Frobenius.P3[4]));
    }

    /** this^e for a non-negative exponent, by square-and-multiply (a reference for tests, not a fast path). */
    public Fp6 pow(BigInteger e) {
        if (e.signum() < 0) {
            throw new IllegalArgumentException("negative exponent: " + e);
        }
        Fp6 r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return "[" + c0 + ", " + c1 + ", " + c2 + "]";
    }
}
