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

    /** The width-4 NAF digits of x (odd, |d| ≤ 7, or 0), most significant first: 14 non-zero digits against 24 in the NAF. */
    private static final byte[] X_DIGITS = widthFourNaf(G2.BN_X);

    private static final int F = TowerRegisters.FIRST_FREE_12, T = F + 48, XA = T + 48, XB = XA + 48, XC = XB + 48;
    private static final int Y0 = XC + 48, Y1 = Y0 + 48, Y2 = Y1 + 48, Y3 = Y2 + 48, Y4 = Y3 + 48, Y5 = Y4 + 48,
            Y6 = Y5 + 48, T0 = Y6 + 48, T1 = T0 + 48, CONJ = T1 + 48;
    /** f, f³, f⁵, f⁷ for the windowed exponentiation by x. */
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
     * f^x for f in the cyclotomic subgroup, over the width-4 NAF digits of x: 62 squarings and 16 products (3 for the
     * table of odd powers), where the plain NAF takes 23 products. A negative digit multiplies by the conjugate of
     * the table entry, which is its inverse.
     */
    private static void expByX(TowerRegisters r, int d, int f) {
        r.copy12(ODD_POWERS, f);
        r.cyclotomicSqr12(CONJ, f); // f²
        for (int k = 1; k < 4; k++) {
            r.mul12(ODD_POWERS + 48 * k, ODD_POWERS + 48 * (k - 1), CONJ);
        }
        r.copy12(d, ODD_POWERS + 48 * ((X_DIGITS[0] - 1) / 2));
        for (int i = 1; i < X_DIGITS.length; i++) {
            r.cyclotomicSqr12(d, d);
            int digit = X_DIGITS[i];
            if (digit > 0) {
                r.mul12(d, d, ODD_POWERS + 48 * ((digit - 1) / 2));
            } else if (digit < 0) {
                r.conj12(CONJ, ODD_POWERS + 48 * ((-digit - 1) / 2));
                r.mul12(d, d, CONJ);
            }
        }
    }

    /** The width-4 non-adjacent form of k > 0, most significant digit first (which is positive). */
    static byte[] widthFourNaf(BigInteger k) {
        byte[] lsbFirst = new byte[k.bitLength() + 1];
        int len = 0;
        while (k.signum() > 0) {
            int d = 0;
            if (k.testBit(0)) {
                d = k.intValue() & 15; // k mod 16, as a digit in (−8, 8)
                if (d >= 8) {
                    d -= 16;
                }
                k = k.subtract(BigInteger.valueOf(d));
            }
            lsbFirst[len++] = (byte) d;
            k = k.shiftRight(1);
        }
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = lsbFirst[len - 1 - i];
        }
        return out;
    }

    /** f^x for f in the cyclotomic subgroup, for tests. */
    static Fp12 expByX(Fp12 f) {
        TowerRegisters r = new TowerRegisters(REGISTERS);
        r.load12(F, f);
        expByX(r, T, F);
        return r.fp12(T);
    }
}
