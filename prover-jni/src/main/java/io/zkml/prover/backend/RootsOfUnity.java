package io.zkml.prover.backend;

import io.zkml.core.field.Fr;
import java.math.BigInteger;

/**
 * The roots of unity of F_r that snarkjs (ffjavascript) uses, so that evaluations line up with the Lagrange
 * and H sections of its keys: r − 1 = 2^28·t with t odd; g is the smallest quadratic non-residue (found as
 * ffjavascript finds it, counting up from 2); ω₂₈ = g^t is a primitive 2^28-th root of unity and
 * ω_k = ω₂₈^(2^(28−k)) a primitive 2^k-th one.
 */
public final class RootsOfUnity {

    /** The 2-adicity of r − 1: domains hold at most 2^28 points. */
    public static final int MAX_LOG2 = 28;

    private static final Fr NON_RESIDUE;
    private static final Fr[] OMEGA = new Fr[MAX_LOG2 + 1];

    static {
        BigInteger r = Fr.MODULUS;
        BigInteger half = r.subtract(BigInteger.ONE).shiftRight(1);
        Fr minusOne = Fr.ONE.neg();
        Fr g = Fr.TWO;
        while (!g.pow(half).equals(minusOne)) {
            g = g.add(Fr.ONE);
        }
        NON_RESIDUE = g;
        BigInteger t = r.subtract(BigInteger.ONE).shiftRight(MAX_LOG2);
        OMEGA[MAX_LOG2] = g.pow(t);
        for (int k = MAX_LOG2 - 1; k >= 0; k--) {
            OMEGA[k] = OMEGA[k + 1].square();
        }
        if (!OMEGA[0].isOne() || OMEGA[1].isOne()) {
            throw new AssertionError("roots of unity of F_r computed wrongly");
        }
    }

    private RootsOfUnity() {
    }

    /**
     * ω_k, the primitive 2^k-th root of unity of snarkjs's domains.
     *
     * @throws IllegalArgumentException unless 0 ≤ log2n ≤ 28
     */
    public static Fr omega(int log2n) {
        checkLog2(log2n);
        return OMEGA[log2n];
    }

    /** The smallest quadratic non-residue of F_r (5). */
    public static Fr nonResidue() {
        return NON_RESIDUE;
    }

    /**
     * The shift of the coset on which the Groth16 prover evaluates for a domain of 2^log2n points, as snarkjs
     * chooses it: ω_{log2n+1}, so that the coset is the odd points of the doubled domain (the points of the
     * .zkey H section); for the largest domain, 2^28, where no doubled domain exists, the non-residue squared.
     */
    public static Fr proverCosetShift(int log2n) {
        checkLog2(log2n);
        return log2n < MAX_LOG2 ? OMEGA[log2n + 1] : NON_RESIDUE.square();
    }

    static void checkLog2(int log2n) {
        if (log2n < 0 || log2n > MAX_LOG2) {
            throw new IllegalArgumentException("domain size 2^" + log2n + " out of range (F_r has roots of unity up to 2^" + MAX_LOG2 + ")");
        }
    }
}
