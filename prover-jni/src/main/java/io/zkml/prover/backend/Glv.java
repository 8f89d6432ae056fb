package io.zkml.prover.backend;

import io.zkml.core.curve.G1;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fr;
import java.math.BigInteger;

/**
 * The GLV endomorphism of BN254's G1 (Gallant, Lambert, Vanstone 2001): φ(x, y) = (β·x, y) with β a cube root of
 * unity in F_p is multiplication by λ, a cube root of unity in F_r; a scalar k splits into k₁ + k₂·λ with
 * |k₁|, |k₂| about √r, so k·P = k₁·P + k₂·φ(P) takes half the doublings. The constants are derived here (λ, β as
 * the matching pair of nontrivial cube roots; the short lattice basis by the extended Euclidean algorithm on
 * (r, λ), stopped below √r), not copied.
 */
final class Glv {

    static final BigInteger R = Fr.MODULUS;
    static final BigInteger LAMBDA;
    /** β in Montgomery limbs. */
    static final long[] BETA = new long[4];
    private static final BigInteger A1, B1, A2, B2;

    static {
        BigInteger lambda = cubeRoot(R);
        BigInteger p = Fp.MODULUS;
        BigInteger beta = cubeRoot(p);
        G1 g = G1.GENERATOR;
        G1 lg = g.mul(lambda).toAffine();
        if (!Fp.of(beta).mul(g.affineX()).equals(lg.affineX())) {
            beta = beta.multiply(beta).mod(p);
        }
        if (!Fp.of(beta).mul(g.affineX()).equals(lg.affineX()) || !lg.affineY().equals(g.affineY())) {
            throw new IllegalStateException("no matching cube roots of unity for the GLV endomorphism");
        }
        LAMBDA = lambda;
        Fp b = Fp.of(beta);
        for (int i = 0; i < 4; i++) {
            BETA[i] = b.montgomeryLimb(i);
        }
        // extended Euclid on (r, λ): rᵢ = sᵢ·r + tᵢ·λ; keep the rows around the first rᵢ below √r
        BigInteger sqrt = R.sqrt();
        BigInteger r0 = R, r1 = lambda, t0 = BigInteger.ZERO, t1 = BigInteger.ONE;
        while (r1.compareTo(sqrt) >= 0) {
            BigInteger q = r0.divide(r1);
            BigInteger r2 = r0.subtract(q.multiply(r1)), t2 = t0.subtract(q.multiply(t1));
            r0 = r1;
            r1 = r2;
            t0 = t1;
            t1 = t2;
        }
        // (r_l, −t_l) with r_l = r1 the first below √r; the second vector: the shorter of the neighbours
        BigInteger q = r0.divide(r1);
        BigInteger rNext = r0.subtract(q.multiply(r1)), tNext = t0.subtract(q.multiply(t1));
        A1 = r1;
        B1 = t1.negate();
        BigInteger lenPrev = r0.pow(2).add(t0.pow(2)), lenNext = rNext.pow(2).add(tNext.pow(2));
        if (lenPrev.compareTo(lenNext) <= 0) {
            A2 = r0;
            B2 = t0.negate();
        } else {
            A2 = rNext;
            B2 = tNext.negate();
        }
    }

    private Glv() {
    }

    /** A nontrivial cube root of unity modulo a prime m ≡ 1 (mod 3). */
    private static BigInteger cubeRoot(BigInteger m) {
        BigInteger e = m.subtract(BigInteger.ONE).divide(BigInteger.valueOf(3));
        for (long x = 2; ; x++) {
            BigInteger c = BigInteger.valueOf(x).modPow(e, m);
            if (!c.equals(BigInteger.ONE)) {
                return c;
            }
        }
    }

    /** [k₁, k₂] with k₁ + k₂·λ ≡ k (mod r), both about √r in absolute value. */
    static BigInteger[] split(BigInteger k) {
        BigInteger c1 = roundDiv(B2.multiply(k), R);
        BigInteger c2 = roundDiv(B1.negate().multiply(k), R);
        BigInteger k1 = k.subtract(c1.multiply(A1)).subtract(c2.multiply(A2));
        BigInteger k2 = c1.multiply(B1).add(c2.multiply(B2)).negate();
        return new BigInteger[] {k1, k2};
    }

    private static BigInteger roundDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        BigInteger q = qr[0];
        if (qr[1].abs().shiftLeft(1).compareTo(b) >= 0) {
            q = q.add(BigInteger.valueOf(a.signum() * b.signum()));
        }
        return q;
    }
}
