package io.zkml.verifier.pairing;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import java.math.BigInteger;

/**
 * The constants of the Frobenius maps on the tower, computed once from ξ. In F_p¹² = F_p²[w]/(w⁶ − ξ),
 * (g·wⁱ)^(pᵏ) = g^(pᵏ)·wⁱ·w^(i(pᵏ−1)) and w^(i(pᵏ−1)) = ξ^(i(pᵏ−1)/6), so the table for pᵏ holds ξ^(i(pᵏ−1)/6)
 * for i = 0…5. F_p⁶'s tables are the even entries (v = w²). For k = 2 the values lie in F_p.
 */
final class Frobenius {

    private Frobenius() {
    }

    private static final BigInteger P = Fp.MODULUS;
    private static final BigInteger SIX = BigInteger.valueOf(6);

    /** ξ^(i(p−1)/6). */
    static final Fp2[] P1 = powersOfXi(P.subtract(BigInteger.ONE).divide(SIX));
    /** ξ^(i(p²−1)/6), all in F_p. */
    static final Fp[] P2 = inBaseField(powersOfXi(P.pow(2).subtract(BigInteger.ONE).divide(SIX)));
    /** ξ^(i(p³−1)/6). */
    static final Fp2[] P3 = powersOfXi(P.pow(3).subtract(BigInteger.ONE).divide(SIX));

    /** ξ^(i·e) for i = 0…5. */
    private static Fp2[] powersOfXi(BigInteger e) {
        Fp2 step = Fp2.XI.pow(e);
        Fp2[] table = new Fp2[6];
        table[0] = Fp2.ONE;
        for (int i = 1; i < 6; i++) {
            table[i] = table[i - 1].mul(step);
        }
        return table;
    }

    private static Fp[] inBaseField(Fp2[] table) {
        Fp[] out = new Fp[table.length];
        for (int i = 0; i < table.length; i++) {
            if (!table[i].c1().isZero()) {
                throw new AssertionError("ξ^(i(p²−1)/6) is not in F_p for i = " + i);
            }
            out[i] = table[i].c0();
        }
        return out;
    }
}
