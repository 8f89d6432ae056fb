package io.zkml.core.field;

import java.math.BigInteger;

/**
 * An element c0 + c1·u of F_p² = F_p[u]/(u² + 1), the field of BN254's G2 coordinates. Immutable.
 *
 * <p>In snarkjs JSON and binary files an Fp2 is written [c0, c1]; in EVM calldata (EIP-197) as (c1, c0).
 */
public record Fp2(Fp c0, Fp c1) implements FieldElement<Fp2> {

    public static final Fp2 ZERO = new Fp2(Fp.ZERO, Fp.ZERO);
    public static final Fp2 ONE = new Fp2(Fp.ONE, Fp.ZERO);
    /** ξ = 9 + u, the non-residue of the sextic tower F_p¹² = F_p²[w]/(w⁶ − ξ) and of the twist. */
    public static final Fp2 XI = new Fp2(Fp.of(9), Fp.ONE);

    public Fp2 {
        if (c0 == null || c1 == null) {
            throw new NullPointerException("Fp2 coefficients must not be null");
        }
    }

    public static Fp2 of(BigInteger c0, BigInteger c1) {
        return new Fp2(Fp.of(c0), Fp.of(c1));
    }

    public static Fp2 of(long c0, long c1) {
        return new Fp2(Fp.of(c0), Fp.of(c1));
    }

    public boolean isZero() {
        return c0.isZero() && c1.isZero();
    }

    public boolean isOne() {
        return c0.isOne() && c1.isZero();
    }

    public Fp2 add(Fp2 b) {
        return new Fp2(c0.add(b.c0), c1.add(b.c1));
    }

    public Fp2 sub(Fp2 b) {
        return new Fp2(c0.sub(b.c0), c1.sub(b.c1));
    }

    public Fp2 dbl() {
        return new Fp2(c0.dbl(), c1.dbl());
    }

    public Fp2 neg() {
        return new Fp2(c0.neg(), c1.neg());
    }

    /** The conjugate c0 − c1·u, which is also the Frobenius map a ↦ a^p. */
    public Fp2 conjugate() {
        return new Fp2(c0, c1.neg());
    }

    /** Karatsuba: three base-field products. */
    public Fp2 mul(Fp2 b) {
        Fp v0 = c0.mul(b.c0);
        Fp v1 = c1.mul(b.c1);
        Fp cross = c0.add(c1).mul(b.c0.add(b.c1));
        return new Fp2(v0.sub(v1), cross.sub(v0).sub(v1));
    }

    /** (c0 + c1u)² = (c0 + c1)(c0 − c1) + 2c0c1·u: two base-field products. */
    public Fp2 square() {
        Fp a = c0.add(c1).mul(c0.sub(c1));
        Fp b = c0.mul(c1);
        return new Fp2(a, b.dbl());
    }

    public Fp2 mul(Fp b) {
        return new Fp2(c0.mul(b), c1.mul(b));
    }

    /** Multiplies by ξ = 9 + u: (9c0 − c1) + (c0 + 9c1)u, with additions only. */
    public Fp2 mulByXi() {
        return new Fp2(times9(c0).sub(c1), c0.add(times9(c1)));
    }

    private static Fp times9(Fp a) {
        Fp a8 = a.dbl().dbl().dbl();
        return a8.add(a);
    }

    /**
     * The multiplicative inverse: (c0 − c1u)/(c0² + c1²).
     *
     * @throws ArithmeticException for zero
     */
    public Fp2 inverse() {
        Fp norm = c0.square().add(c1.square());
        Fp inv = norm.inverse();
        return new Fp2(c0.mul(inv), c1.mul(inv).neg());
    }

    public Fp2 pow(BigInteger e) {
        Fp2 r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    private static final BigInteger P_MINUS_3_OVER_4 = Fp.MODULUS.subtract(BigInteger.valueOf(3)).shiftRight(2);
    private static final BigInteger P_MINUS_1_OVER_2 = Fp.MODULUS.subtract(BigInteger.ONE).shiftRight(1);

    /**
     * A square root, or {@code null} if this is not a square (the p ≡ 3 mod 4 method of Adj and
     * Rodríguez-Henríquez, "Square root computation over even extension fields", algorithm 9).
     */
    public Fp2 sqrt() {
        if (isZero()) {
            return this;
        }
        Fp2 a1 = pow(P_MINUS_3_OVER_4);
        Fp2 alpha = a1.square().mul(this);
        Fp2 x0 = a1.mul(this);
        Fp2 root;
        if (alpha.equals(ONE.neg())) {
            root = new Fp2(x0.c1.neg(), x0.c0); // u·x0
        } else {
            root = alpha.add(ONE).pow(P_MINUS_1_OVER_2).mul(x0);
        }
        return root.square().equals(this) ? root : null;
    }

    @Override
    public String toString() {
        return "[" + c0 + ", " + c1 + "]";
    }
}
