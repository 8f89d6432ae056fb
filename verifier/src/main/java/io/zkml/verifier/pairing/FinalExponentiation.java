package io.zkml.verifier.pairing;

import io.zkml.core.curve.G2;

/**
 * f ↦ f^((p¹² − 1)/r), split as (p⁶ − 1)(p² + 1) · (p⁴ − p² + 1)/r.
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

    private FinalExponentiation() {
    }

    /** The NAF digits of x, most significant first. */
    private static final byte[] X_DIGITS = LineTable.nafMostSignificantFirst(G2.BN_X);

    /** @throws ArithmeticException for zero, which no Miller loop produces */
    static Fp12 apply(Fp12 f) {
        // easy part: f^(p⁶ − 1) = f̄ / f, then ^(p² + 1)
        Fp12 t = f.conjugate().mul(f.inverse());
        t = t.frobeniusSquare().mul(t);

        // hard part
        Fp12 a = expByX(t); // t^x
        Fp12 b = expByX(a); // t^(x²)
        Fp12 c = expByX(b); // t^(x³)
        Fp12 y0 = t.frobenius().mul(t.frobeniusSquare()).mul(t.frobeniusCube());
        Fp12 y1 = t.conjugate();
        Fp12 y2 = b.frobeniusSquare();
        Fp12 y3 = a.frobenius().conjugate();
        Fp12 y4 = a.mul(b.frobenius()).conjugate();
        Fp12 y5 = b.conjugate();
        Fp12 y6 = c.mul(c.frobenius()).conjugate();
        // y0 · y1² · y2⁶ · y3¹² · y4¹⁸ · y5³⁰ · y6³⁶
        Fp12 t0 = y6.cyclotomicSquare().mul(y4).mul(y5);
        Fp12 t1 = t0.mul(y3).mul(y5);
        t0 = t0.mul(y2);
        t1 = t1.cyclotomicSquare().mul(t0).cyclotomicSquare();
        t0 = t1.mul(y1);
        t1 = t1.mul(y0);
        return t0.cyclotomicSquare().mul(t1);
    }

    /** f^x for f in the cyclotomic subgroup, over the NAF digits of x (negative digits multiply by f̄ = f⁻¹). */
    static Fp12 expByX(Fp12 f) {
        Fp12 inv = f.conjugate();
        Fp12 r = f;
        for (int i = 1; i < X_DIGITS.length; i++) {
            r = r.cyclotomicSquare();
            if (X_DIGITS[i] == 1) {
                r = r.mul(f);
            } else if (X_DIGITS[i] == -1) {
                r = r.mul(inv);
            }
        }
        return r;
    }
}
