package io.zkml.verifier.pairing;

import io.zkml.core.curve.G2;
import java.math.BigInteger;

/**
 * f ↦ f^((p¹² − 1)/r), split as (p⁶ − 1)(p² + 1) · (p⁴ − p² + 1)/r, on {@link TowerRegisters}.
 *
 * <p>The easy part (p⁶ − 1)(p² + 1) costs an inversion, a conjugation and a p²-Frobenius; its result lies in the
 * cyclotomic subgroup, where inverses are conjugates and squares are Granger–Scott squares. The hard part
 * (p⁴ − p² + 1)/r = λ0 + λ1·p + λ2·p² + λ3·p³, with λ3 = 1, λ2 = 6x² + 1, λ1 = −36x³ − 18x² − 12x + 1 and
 * λ0 = −36x³ − 30x² − 18x − 2, is the decomposition of Scott et al. ("On the final exponentiation for calculating
 * pairings on ordinary elliptic curves", Pairing 2009) with their vectorial addition chain: three
 * exponentiations by x, thirteen products and four squarings. The result is exactly f^((p¹² − 1)/r), not a
 * power of it.
 */
final class FinalExponentiation {

    /**
     * The odd powers of f that the exponentiation by x keeps: f, f³, f⁹, f¹⁹, made with three squarings and three
     * products (f², f³ = f·f², f⁶, f⁹ = f³·f⁶, f¹⁸, f¹⁹ = f·f¹⁸). Chosen, with {@link #X_DIGITS}, as the cheapest of
     * all tables of up to four odd powers below 64 for this x (a search over digit sets, each costed as below).
     */
    static final int[] TABLE = {1, 3, 9, 19};
    /**
     * The signed digits of x over ±{@link #TABLE} and 0, most significant first: the cheapest such spelling
     * ({@link #cheapestDigits}), 13 non-zero digits and 58 squarings after the leading one, where the width-4 NAF (f,
     * f³, f⁵, f⁷) takes 14 and 62: with the table, 61 squarings and 15 products against 63 and 16.
     */
    static final byte[] X_DIGITS = cheapestDigits(G2.BN_X.longValueExact(), TABLE);
    /** Relative costs of a cyclotomic square (1.45 µs) and of an F_p¹² product (3.9 µs), for {@link #cheapestDigits}. */
    private static final int SQUARE_COST = 3, PRODUCT_COST = 8;

    private static final int F = TowerRegisters.FIRST_FREE_12, T = F + 48, XA = T + 48, XB = XA + 48, XC = XB + 48;
    private static final int Y0 = XC + 48, Y1 = Y0 + 48, Y2 = Y1 + 48, Y3 = Y2 + 48, Y4 = Y3 + 48, Y5 = Y4 + 48,
            Y6 = Y5 + 48, T0 = Y6 + 48, T1 = T0 + 48, CONJ = T1 + 48;
    /** The powers of {@link #TABLE} for the exponentiation by x. */
    private static final int ODD_POWERS = CONJ + 48;
    private static final int REGISTERS = ODD_POWERS + 4 * 48 - F;

    private FinalExponentiation() {
    }

    /** @throws ArithmeticException for zero, which no Miller loop produces */
    static Fp12 apply(Fp12 f) {
        TowerRegisters r = new TowerRegisters(REGISTERS);
        r.load12(F, f);
        run(r, F, T0);
        return r.fp12(T0);
    }

    /** Whether f^((p¹² − 1)/r) = 1. */
    static boolean isOne(Fp12 f) {
        TowerRegisters r = new TowerRegisters(REGISTERS);
        r.load12(F, f);
        run(r, F, T0);
        return r.isOne12(T0);
    }

    /** Writes f^((p¹² − 1)/r) to {@code out} (= T0), for f at {@code f} (= F). */
    private static void run(TowerRegisters r, int f, int out) {
        // easy part: t = f^(p⁶ − 1) = f̄ / f, then t^(p² + 1)
        r.inverse12(T, f);
        r.conj12(T0, f);
        r.mul12(T, T0, T);
        r.frobeniusSquare12(T0, T);
        r.mul12(T, T0, T);

        // hard part
        expByX(r, XA, T); // t^x
        expByX(r, XB, XA); // t^(x²)
        expByX(r, XC, XB); // t^(x³)
        r.frobenius12(Y0, T);
        r.frobeniusSquare12(T0, T);
        r.mul12(Y0, Y0, T0);
        r.frobeniusCube12(T0, T);
        r.mul12(Y0, Y0, T0); // t^p · t^(p²) · t^(p³)
        r.conj12(Y1, T); // 1/t
        r.frobeniusSquare12(Y2, XB); // (t^(x²))^(p²)
        r.frobenius12(Y3, XA);
        r.conj12(Y3, Y3); // 1/(t^x)^p
        r.frobenius12(Y4, XB);
        r.mul12(Y4, Y4, XA);
        r.conj12(Y4, Y4); // 1/(t^x · (t^(x²))^p)
        r.conj12(Y5, XB); // 1/t^(x²)
        r.frobenius12(Y6, XC);
        r.mul12(Y6, Y6, XC);
        r.conj12(Y6, Y6); // 1/(t^(x³) · (t^(x³))^p)

        // y0 · y1² · y2⁶ · y3¹² · y4¹⁸ · y5³⁰ · y6³⁶
        r.cyclotomicSqr12(T0, Y6);
        r.mul12(T0, T0, Y4);
        r.mul12(T0, T0, Y5);
        r.mul12(T1, T0, Y3);
        r.mul12(T1, T1, Y5);
        r.mul12(T0, T0, Y2);
        r.cyclotomicSqr12(T1, T1);
        r.mul12(T1, T1, T0);
        r.cyclotomicSqr12(T1, T1);
        r.mul12(T0, T1, Y1);
        r.mul12(T1, T1, Y0);
        r.cyclotomicSqr12(T0, T0);
        r.mul12(out, T0, T1);
    }

    /**
     * f^x for f in the cyclotomic subgroup, over {@link #X_DIGITS}: 61 squarings and 15 products (3 of each for the
     * table). A negative digit multiplies by the conjugate of the table entry, which is its inverse.
     */
    private static void expByX(TowerRegisters r, int d, int f) {
        final int p1 = ODD_POWERS, p3 = p1 + 48, p9 = p3 + 48, p19 = p9 + 48;
        r.copy12(p1, f);
        r.cyclotomicSqr12(CONJ, f);
        r.mul12(p3, p1, CONJ);
        r.cyclotomicSqr12(CONJ, p3);
        r.mul12(p9, p3, CONJ);
        r.cyclotomicSqr12(CONJ, p9);
        r.mul12(p19, p1, CONJ);
        r.copy12(d, tableEntry(X_DIGITS[0]));
        for (int i = 1; i < X_DIGITS.length; i++) {
            r.cyclotomicSqr12(d, d);
            int digit = X_DIGITS[i];
            if (digit > 0) {
                r.mul12(d, d, tableEntry(digit));
            } else if (digit < 0) {
                r.conj12(CONJ, tableEntry(-digit));
                r.mul12(d, d, CONJ);
            }
        }
    }

    /** The register of f^d for d in {@link #TABLE}. */
    private static int tableEntry(int d) {
        for (int k = 0; k < TABLE.length; k++) {
            if (TABLE[k] == d) {
                return ODD_POWERS + 48 * k;
            }
        }
        throw new AssertionError("no table entry f^" + d);
    }

    /**
     * The cheapest spelling of k &gt; 0 as Σ dᵢ·2^i with every dᵢ 0 or ± an element of {@code table} (odd values,
     * 1 among them), most significant digit first, the first one positive and in the table: the exponentiation
     * starts from that entry, squares once per further digit and multiplies once per non-zero one. By dynamic
     * programming over the values left, from the least significant end: an even value is a squaring of its half,
     * an odd one a product by a table entry with a smaller remainder ({@link #SQUARE_COST}, {@link #PRODUCT_COST}).
     */
    static byte[] cheapestDigits(long k, int[] table) {
        java.util.Map<Long, Integer> cost = new java.util.HashMap<>(), choice = new java.util.HashMap<>();
        cheapest(k, table, cost, choice);
        // the steps from k down to a table entry, then the digits in the order of the exponentiation
        java.util.ArrayList<Integer> steps = new java.util.ArrayList<>(); // 0 for a halving, the digit for a product
        long v = k;
        while (choice.get(v) != Integer.MIN_VALUE) {
            int step = choice.get(v);
            steps.add(step);
            v = step == 0 ? v >> 1 : v - step;
        }
        byte[] out = new byte[1 + (int) steps.stream().filter(s -> s == 0).count()];
        out[0] = (byte) v;
        int at = 0;
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) == 0) {
                at++;
            } else {
                out[at] = (byte) (int) steps.get(i); // the product follows the squaring of this position
            }
        }
        return out;
    }

    private static int cheapest(long v, int[] table, java.util.Map<Long, Integer> cost, java.util.Map<Long, Integer> choice) {
        Integer known = cost.get(v);
        if (known != null) {
            return known;
        }
        int best = Integer.MAX_VALUE, how = 0;
        for (int t : table) {
            if (t == v) {
                best = 0;
                how = Integer.MIN_VALUE; // start here
            }
        }
        if ((v & 1) == 0) {
            int c = cheapest(v >> 1, table, cost, choice) + SQUARE_COST;
            if (c < best) {
                best = c;
                how = 0;
            }
        } else {
            for (int t : table) {
                for (int digit : new int[] {t, -t}) {
                    long w = v - digit;
                    if (w > 0 && (w >> Long.numberOfTrailingZeros(w)) < v) { // w is even: the remainder shrinks
                        int c = cheapest(w, table, cost, choice) + PRODUCT_COST;
                        if (c < best) {
                            best = c;
                            how = digit;
                        }
                    }
                }
            }
        }
        cost.put(v, best);
        choice.put(v, how);
        return best;
    }

    /** f^x for f in the cyclotomic subgroup, for tests. */
    static Fp12 expByX(Fp12 f) {
        TowerRegisters r = new TowerRegisters(REGISTERS);
        r.load12(F, f);
        expByX(r, T, F);
        return r.fp12(T);
    }
}
