package io.zkml.prover.groth16;

import io.zkml.core.field.Fr;
import java.math.BigInteger;

/**
 * The evaluation domains of Groth16 over BN254's Fr: the 2^k-th roots of unity, with ffjavascript's choice of
 * generator (the order of the Lagrange bases in a {@code .ptau}, and of the prover's FFTs, depends on it):
 * ω_s = g^((r − 1)/2^s) for the smallest quadratic non-residue g (5) and s = 28 the 2-adicity of r − 1, and
 * ω_k = ω_s^(2^(s − k)).
 */
final class Domain {

    /** The 2-adicity of r − 1. */
    static final int MAX_LOG_SIZE;
    private static final Fr[] ROOTS;

    static {
        BigInteger r = Fr.MODULUS;
        BigInteger rm1 = r.subtract(BigInteger.ONE);
        int s = rm1.getLowestSetBit();
        BigInteger g = BigInteger.TWO;
        while (g.modPow(rm1.shiftRight(1), r).equals(BigInteger.ONE)) {
            g = g.add(BigInteger.ONE);
        }
        ROOTS = new Fr[s + 1];
        BigInteger w = g.modPow(rm1.shiftRight(s), r);
        for (int k = s; k >= 0; k--) {
            ROOTS[k] = Fr.of(w);
            w = w.multiply(w).mod(r);
        }
        MAX_LOG_SIZE = s;
    }

    private Domain() {
    }

    /** The generator ω of the 2^k-th roots of unity. */
    static Fr rootOfUnity(int k) {
        if (k < 0 || k > MAX_LOG_SIZE) {
            throw new IllegalArgumentException("no domain of size 2^" + k + " in Fr (at most 2^" + MAX_LOG_SIZE + ")");
        }
        return ROOTS[k];
    }

    /**
     * The Lagrange basis of the domain of size n = 2^k at τ: Lᵢ(τ) = (τⁿ − 1)/n · ωⁱ/(τ − ωⁱ), with one inversion
     * for all i.
     *
     * @throws IllegalArgumentException if τ lies in the domain
     */
    static Fr[] lagrangeAt(Fr tau, int k) {
        int n = 1 << k;
        Fr w = rootOfUnity(k);
        Fr[] wi = new Fr[n];
        Fr[] den = new Fr[n];
        Fr acc = Fr.ONE;
        for (int i = 0; i < n; i++) {
            wi[i] = acc;
            den[i] = tau.sub(acc);
            if (den[i].isZero()) {
                throw new IllegalArgumentException("tau is a root of unity of the domain");
            }
            acc = acc.mul(w);
        }
        Fr[] inv = batchInverse(den);
        Fr zOverN = tau.pow(BigInteger.valueOf(n)).sub(Fr.ONE).mul(Fr.of(n).inverse());
        Fr[] out = new Fr[n];
        for (int i = 0; i < n; i++) {
            out[i] = zOverN.mul(wi[i]).mul(inv[i]);
        }
        return out;
    }

    /** The inverses of non-zero elements, with one field inversion (Montgomery's trick). */
    static Fr[] batchInverse(Fr[] a) {
        int n = a.length;
        Fr[] prefix = new Fr[n];
        Fr acc = Fr.ONE;
        for (int i = 0; i < n; i++) {
            prefix[i] = acc;
            acc = acc.mul(a[i]);
        }
        Fr inv = acc.inverse();
        Fr[] out = new Fr[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = inv.mul(prefix[i]);
            inv = inv.mul(a[i]);
        }
        return out;
    }
}
