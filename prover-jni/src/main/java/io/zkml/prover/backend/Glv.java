package io.zkml.prover.backend;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fr;
import java.math.BigInteger;

/**
 * Scalar splitting by an endomorphism (Gallant, Lambert, Vanstone 2001). In G1, φ(x, y) = (β·x, y) with β a cube
 * root of unity in F_p is multiplication by λ, a cube root of unity in F_r; in G2, ψ ({@link G2#psi}) is
 * multiplication by p mod r. A scalar k splits into k₁ + k₂·λ with |k₁|, |k₂| about √r, so k·P = k₁·P + k₂·φ(P)
 * takes half the doublings. The constants are derived here (λ, β as the matching pair of nontrivial cube roots,
 * checked on the generators; the short lattice basis by the extended Euclidean algorithm on (r, λ), stopped
 * below √r), not copied.
 */
final class Glv {

    static final BigInteger R = Fr.MODULUS;
    static final BigInteger LAMBDA;
    /** β in Montgomery limbs. */
    static final long[] BETA = new long[4];
    /** G1's split (by φ) and G2's (by ψ). */
    static final Glv G1_SPLIT, G2_SPLIT;

    private final BigInteger eigenvalue, a1, b1, a2, b2;

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
        G1_SPLIT = new Glv(lambda);
        BigInteger mu = p.mod(R);
        if (!G2.GENERATOR.psi().equals(G2.GENERATOR.mul(mu))) {
            throw new IllegalStateException("psi is not multiplication by p mod r on G2");
        }
        G2_SPLIT = new Glv(mu);
    }

    private Glv(BigInteger eigenvalue) {
        this.eigenvalue = eigenvalue;
        // extended Euclid on (r, λ): rᵢ = sᵢ·r + tᵢ·λ; keep the rows around the first rᵢ below √r
        BigInteger sqrt = R.sqrt();
        BigInteger r0 = R, r1 = eigenvalue, t0 = BigInteger.ZERO, t1 = BigInteger.ONE;
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
        a1 = r1;
        b1 = t1.negate();
        BigInteger lenPrev = r0.pow(2).add(t0.pow(2)), lenNext = rNext.pow(2).add(tNext.pow(2));
        if (lenPrev.compareTo(lenNext) <= 0) {
            a2 = r0;
            b2 = t0.negate();
        } else {
            a2 = rNext;
            b2 = tNext.negate();
        }
    }

    /** The scalar the endomorphism multiplies by. */
    BigInteger eigenvalue() {
        return eigenvalue;
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

    /** [k₁, k₂] with k₁ + k₂·eigenvalue ≡ k (mod r), both about √r in absolute value. */
    BigInteger[] split(BigInteger k) {
        BigInteger c1 = roundDiv(b2.multiply(k), R);
        BigInteger c2 = roundDiv(b1.negate().multiply(k), R);
        BigInteger k1 = k.subtract(c1.multiply(a1)).subtract(c2.multiply(a2));
        BigInteger k2 = c1.multiply(b1).add(c2.multiply(b2)).negate();
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
