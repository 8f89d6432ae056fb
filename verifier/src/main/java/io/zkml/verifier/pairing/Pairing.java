package io.zkml.verifier.pairing;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import java.util.List;

/**
 * The optimal ate pairing e: G1 × G2 → G_T ⊂ F_p¹² of BN254, e(P, Q) = (f_{6x+2,Q} · l_{T,π(Q)} · l_{T',−π²(Q)})(P)
 * raised to (p¹² − 1)/r — the pairing of the EVM precompile at 0x08 (EIP-197), value for value.
 *
 * <p>Inputs are trusted: callers check that G1 points are on the curve and G2 points are in the order-r subgroup
 * ({@code G1.isOnCurve()}, {@code G2.isInSubgroup()}); for other points the result means nothing (and preparing
 * such a G2 point, or pairing a G1 point with y = 0 with a prepared one, may throw {@link ArithmeticException}).
 * The point at infinity, in either argument, pairs to 1.
 *
 * <p>Thread-safe: every call works on registers of its own, and {@link PreparedG2} is immutable.
 */
public final class Pairing {

    private Pairing() {
    }

    /** e(P, Q), the reduced pairing; 1 if either point is the point at infinity. */
    public static Fp12 pair(G1 p, G2 q) {
        if (p.isInfinity() || q.isInfinity()) {
            return Fp12.ONE;
        }
        return finalExponentiation(millerLoop(List.of(p), List.of(PreparedG2.forSingleUse(q))));
    }

    /**
     * Whether e(P1, Q1) · … · e(Pn, Qn) = 1: one Miller loop over all pairs (one chain of squarings) and one final
     * exponentiation. Pairs with a point at infinity contribute 1; an empty product is 1.
     *
     * @throws IllegalArgumentException if the lists differ in length
     */
    public static boolean productIsOne(List<G1> ps, List<PreparedG2> qs) {
        return FinalExponentiation.isOne(MillerLoop.run(ps, qs));
    }

    /**
     * The product of the Miller loops of the pairs (Pi, Qi), before the final exponentiation: an element of F_p¹²
     * defined only up to factors that the final exponentiation removes. Pairs with a point at infinity contribute 1.
     *
     * @throws IllegalArgumentException if the lists differ in length
     */
    public static Fp12 millerLoop(List<G1> ps, List<PreparedG2> qs) {
        return MillerLoop.run(ps, qs);
    }

    /**
     * f^((p¹² − 1)/r), mapping a Miller loop value to G_T.
     *
     * @throws ArithmeticException for zero
     */
    public static Fp12 finalExponentiation(Fp12 f) {
        return FinalExponentiation.apply(f);
    }
}
