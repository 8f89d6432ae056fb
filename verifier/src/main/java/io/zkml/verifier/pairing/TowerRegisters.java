package io.zkml.verifier.pairing;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;

/**
 * F_p⁶ and F_p¹² arithmetic on the workspace of {@link FieldRegisters}: the same formulas as {@link Fp6} and
 * {@link Fp12}, without allocating. An F_p⁶ element takes 24 limbs (c0, c1, c2 as F_p² elements), an F_p¹² element
 * 48 (c0, c1 as F_p⁶ elements), so the F_p² coefficient k of an F_p¹² element at a sits at a + 8k, in the basis
 * 1, v, v², w, vw, v²w. Temporaries of each level are disjoint, as in {@link FieldRegisters}.
 */
class TowerRegisters extends FieldRegisters {

    // F_p⁶ scratch: six F_p² temporaries and two sums
    private static final int T0 = FIRST_FREE, T1 = T0 + 8, T2 = T1 + 8, T3 = T2 + 8, T4 = T3 + 8, T5 = T4 + 8;
    private static final int SA = T5 + 8, SB = SA + 8;
    // F_p¹² scratch: four F_p⁶ temporaries and one F_p² temporary
    private static final int AC = SB + 8, BD = AC + 24, S6 = BD + 24, R6 = S6 + 24, L03 = R6 + 24;
    // the Frobenius constants: ξ^(i(p^k − 1)/6) for i = 1…5, F_p² for k = 1, 3 and F_p for k = 2
    private static final int FROB1 = L03 + 8, FROB3 = FROB1 + 40, FROB2 = FROB3 + 40;
    /** The first offset free for the algorithms that use this class. */
    static final int FIRST_FREE_12 = FROB2 + 20;

    private static final long[] FROBENIUS_CONSTANTS = frobeniusConstants();

    TowerRegisters(int registers) {
        super(FIRST_FREE_12 + registers);
        System.arraycopy(FROBENIUS_CONSTANTS, 0, w, FROB1, FROBENIUS_CONSTANTS.length);
    }

    private static long[] frobeniusConstants() {
        TowerRegisters scratch = new TowerRegisters();
        for (int i = 1; i < 6; i++) {
            scratch.load2(FROB1 + 8 * (i - 1), Frobenius.P1[i]);
            scratch.load2(FROB3 + 8 * (i - 1), Frobenius.P3[i]);
            scratch.load(FROB2 + 4 * (i - 1), Frobenius.P2[i]);
        }
        long[] out = new long[FIRST_FREE_12 - FROB1];
        System.arraycopy(scratch.w, FROB1, out, 0, out.length);
        return out;
    }

    /** Only for computing the constants. */
    private TowerRegisters() {
        super(FIRST_FREE_12);
    }

    // ---------------------------------------------------------------- F_p⁶

    final void add6(int d, int a, int b) {
        add2(d, a, b);
        add2(d + 8, a + 8, b + 8);
        add2(d + 16, a + 16, b + 16);
    }

    final void sub6(int d, int a, int b) {
        sub2(d, a, b);
        sub2(d + 8, a + 8, b + 8);
        sub2(d + 16, a + 16, b + 16);
    }

    final void dbl6(int d, int a) {
        dbl2(d, a);
        dbl2(d + 8, a + 8);
        dbl2(d + 16, a + 16);
    }

    final void neg6(int d, int a) {
        neg2(d, a);
        neg2(d + 8, a + 8);
        neg2(d + 16, a + 16);
    }

    /** Karatsuba: six F_p² products (see {@link Fp6#mul}). */
    final void mul6(int d, int a, int b) {
        karatsubaProducts(a, b);
        // c0 = t0 + ξ((a1 + a2)(b1 + b2) − t1 − t2)
        sub2(T3, T3, T1);
        sub2(T3, T3, T2);
        mulByXi2(T3, T3);
        add2(d, T0, T3);
        // c1 = (a0 + a1)(b0 + b1) − t0 − t1 + ξ·t2
        sub2(T4, T4, T0);
        sub2(T4, T4, T1);
        mulByXi2(SA, T2);
        add2(d + 8, T4, SA);
        // c2 = (a0 + a2)(b0 + b2) − t0 − t2 + t1
        sub2(T5, T5, T0);
        sub2(T5, T5, T2);
        add2(d + 16, T5, T1);
    }

    /**
     * The six F_p² products of Karatsuba's product of two polynomials of degree two, for the coefficients at a, a + 8,
     * a + 16 and at b, b + 8, b + 16: t0 = a0b0, t1 = a1b1, t2 = a2b2, t3 = (a1 + a2)(b1 + b2), t4 = (a0 + a1)(b0 +
     * b1), t5 = (a0 + a2)(b0 + b2), into the F_p⁶ scratch. All coefficients below p (the sums of a's go unreduced to
     * {@link #mul2}, which takes a first operand below 2p).
     */
    private void karatsubaProducts(int a, int b) {
        mul2(T0, a, b);
        mul2(T1, a + 8, b + 8);
        mul2(T2, a + 16, b + 16);
        addUnreduced2(SA, a + 8, a + 16);
        add2(SB, b + 8, b + 16);
        mul2(T3, SA, SB);
        addUnreduced2(SA, a, a + 8);
        add2(SB, b, b + 8);
        mul2(T4, SA, SB);
        addUnreduced2(SA, a, a + 16);
        add2(SB, b, b + 16);
        mul2(T5, SA, SB);
    }

    /** Chung–Hasan SQR2 (see {@link Fp6#square}). */
    final void sqr6(int d, int a) {
        sqr2(T0, a); // s0 = a0²
        mul2(T1, a, a + 8);
        dbl2(T1, T1); // s1 = 2a0a1
        sub2(SA, a, a + 8);
        add2(SA, SA, a + 16);
        sqr2(T2, SA); // s2 = (a0 − a1 + a2)²
        mul2(T3, a + 8, a + 16);
        dbl2(T3, T3); // s3 = 2a1a2
        sqr2(T4, a + 16); // s4 = a2²
        mulByXi2(SA, T3);
        add2(d, T0, SA);
        mulByXi2(SB, T4);
        add2(d + 8, T1, SB);
        add2(T1, T1, T2);
        add2(T1, T1, T3);
        sub2(T1, T1, T0);
        sub2(d + 16, T1, T4);
    }

    /** Multiplies by v: (c0, c1, c2) ↦ (ξc2, c0, c1). */
    final void mulByV6(int d, int a) {
        mulByXi2(T0, a + 16);
        copy(d + 16, a + 8, 8);
        copy(d + 8, a, 8);
        copy(d, T0, 8);
    }

    /** Multiplies by the F_p² element at s. */
    final void mul6ByFp2(int d, int a, int s) {
        mul2(d, a, s);
        mul2(d + 8, a + 8, s);
        mul2(d + 16, a + 16, s);
    }

    /** Multiplies by the F_p element at s. */
    final void mul6ByFp(int d, int a, int s) {
        mul2ByFp(d, a, s);
        mul2ByFp(d + 8, a + 8, s);
        mul2ByFp(d + 16, a + 16, s);
    }

    /** Multiplies by the sparse b0 + b1·v (see {@link Fp6#mulBy01}); b0 and b1 must not lie in F_p⁶ scratch. */
    final void mulBy01(int d, int a, int b0, int b1) {
        mul2(T0, a, b0);
        mul2(T1, a + 8, b1);
        addUnreduced2(SA, a + 8, a + 16);
        mul2(T2, SA, b1);
        addUnreduced2(SA, a, a + 8);
        add2(SB, b0, b1);
        mul2(T3, SA, SB);
        addUnreduced2(SA, a, a + 16);
        mul2(T4, SA, b0);
        sub2(T2, T2, T1);
        mulByXi2(T2, T2);
        add2(d, T2, T0); // ξ·a2·b1 + a0·b0
        sub2(T3, T3, T0);
        sub2(d + 8, T3, T1); // a0·b1 + a1·b0
        sub2(T4, T4, T0);
        add2(d + 16, T4, T1); // a2·b0 + a1·b1
    }

    // ---------------------------------------------------------------- F_p¹²

    final void copy12(int d, int a) {
        copy(d, a, 48);
    }

    final void setOne12(int d) {
        java.util.Arrays.fill(w, d, d + 48, 0);
        load(d, Fp.ONE);
    }

    /** Karatsuba over F_p⁶ (see {@link Fp12#mul}). */
    final void mul12(int d, int a, int b) {
        mul6(AC, a, b);
        mul6(BD, a + 24, b + 24);
        add6(S6, a, a + 24);
        add6(R6, b, b + 24);
        mul6(S6, S6, R6);
        sub6(S6, S6, AC);
        sub6(d + 24, S6, BD);
        mulByV6(BD, BD);
        add6(d, AC, BD);
    }

    /** Complex squaring (see {@link Fp12#square}). */
    final void sqr12(int d, int a) {
        mul6(AC, a, a + 24); // ab
        mulByV6(BD, a + 24);
        add6(BD, BD, a); // a + bv
        add6(S6, a, a + 24);
        mul6(S6, S6, BD);
        sub6(S6, S6, AC);
        mulByV6(BD, AC);
        sub6(d, S6, BD);
        dbl6(d + 24, AC);
    }

    /** Multiplies by l0 + l3·w + l4·vw with l0, l3, l4 in F_p² (see {@link Fp12#mulBy034(Fp2, Fp2, Fp2)}). */
    final void mulBy034(int d, int a, int l0, int l3, int l4) {
        mul6ByFp2(AC, a, l0);
        mulBy01(BD, a + 24, l3, l4);
        add6(S6, a, a + 24);
        add2(L03, l0, l3);
        mulBy01(S6, S6, L03, l4);
        finishMulBy034(d);
    }

    /**
     * Multiplies by the sparse line 1 + l3·w + l4·vw. With f = g + h·w (g, h in F_p⁶) and m = l3 + l4·v,
     * f·line = (g + h·m·v) + (g·m + h)·w, each F_p² coefficient a coefficient of g or h plus a sum of two F_p²
     * products:
     * <pre>
     *   c0 = g0 + h1·ξl4 + h2·ξl3    c3 = h0 + g0·l3 + g2·ξl4
     *   c1 = g1 + h0·l3 + h2·ξl4     c4 = h1 + g0·l4 + g1·l3
     *   c2 = g2 + h0·l4 + h1·l3      c5 = h2 + g1·l4 + g2·l3
     * </pre>
     * and each F_p part of such a sum one {@link #dot4} (x·y = x0y0 + x1(p − y1) + (x0y1 + x1y0)u): twelve
     * reductions and six additions where the Karatsuba form takes twenty-six reductions and about sixty
     * additions and subtractions. l3 and l4 must not lie in the F_p¹² scratch; d may equal a.
     */
    final void mulByLine(int d, int a, int l3, int l4) {
        final int m3 = S6, m4 = S6 + 12, xi3 = S6 + 24, xi4 = S6 + 36; // each y0, y1, p − y1
        copy(m3, l3, 8);
        negUnreduced(m3 + 8, l3 + 4);
        copy(m4, l4, 8);
        negUnreduced(m4 + 8, l4 + 4);
        mulByXi2(xi3, l3);
        negUnreduced(xi3 + 8, xi3 + 4);
        mulByXi2(xi4, l4);
        negUnreduced(xi4 + 8, xi4 + 4);
        final int g0 = a, g1 = a + 8, g2 = a + 16, h0 = a + 24, h1 = a + 32, h2 = a + 40;
        productSum(AC, h1, xi4, h2, xi3);
        productSum(AC + 8, h0, m3, h2, xi4);
        productSum(AC + 16, h0, m4, h1, m3);
        productSum(AC + 24, g0, m3, g2, xi4);
        productSum(AC + 32, g0, m4, g1, m3);
        productSum(AC + 40, g1, m4, g2, m3);
        for (int k = 0; k < 48; k += 8) {
            add2(d + k, AC + k, a + k);
        }
    }

    /**
     * The product of two lines l = l0 + l3·w + l4·vw and m = m0 + m3·w + m4·vw (three F_p² registers each, at l, l +
     * 8, l + 16), as an F_p¹² element at d whose v²w coefficient is zero: with w² = v, l·m = (l0m0 + ξ·l4m4) +
     * l3m3·v + (l3m4 + l4m3)·v² + (l0m3 + l3m0)·w + (l0m4 + l4m0)·vw, the product of two polynomials of degree two
     * by Karatsuba (six F_p² products). For {@link #mulBySparse}: two lines multiplied together, then into f, take
     * 23 F_p² products where two {@link #mulBy034} take 26. d must not lie in F_p⁶ scratch.
     */
    final void lineProduct(int d, int l, int m) {
        karatsubaProducts(l, m);
        // t0 = l0m0, t1 = l3m3, t2 = l4m4; t3, t4, t5 the products of the sums
        mulByXi2(SA, T2);
        add2(d, T0, SA);
        copy(d + 8, T1, 8);
        sub2(T3, T3, T1);
        sub2(d + 16, T3, T2);
        sub2(T4, T4, T0);
        sub2(d + 24, T4, T1);
        sub2(T5, T5, T0);
        sub2(d + 32, T5, T2);
        java.util.Arrays.fill(w, d + 40, d + 48, 0);
    }

    /**
     * Multiplies by x = x0 + x1·w whose v²w coefficient is zero (a {@link #lineProduct}): Karatsuba over F_p⁶ as in
     * {@link #mul12}, with h·x1 a {@link #mulBy01} (17 F_p² products). x must not lie in any scratch; d may equal a.
     */
    final void mulBySparse(int d, int a, int x) {
        mul6(AC, a, x);
        mulBy01(BD, a + 24, x + 24, x + 32);
        add6(S6, a, a + 24);
        add2(R6, x, x + 24);
        add2(R6 + 8, x + 8, x + 32);
        copy(R6 + 16, x + 16, 8);
        mul6(S6, S6, R6);
        finishMulBy034(d);
    }

    /** w[d] = x·y + z·t in F_p², for y and t stored as y0, y1, p − y1 (see {@link #mulByLine}). */
    private void productSum(int d, int x, int y, int z, int t) {
        dot4(d, x, y, x + 4, y + 8, z, t, z + 4, t + 8);
        dot4(d + 4, x, y + 4, x + 4, y, z, t + 4, z + 4, t);
    }

    private void finishMulBy034(int d) {
        sub6(S6, S6, AC);
        sub6(d + 24, S6, BD);
        mulByV6(BD, BD);
        add6(d, AC, BD);
    }

    /** The conjugate c0 − c1·w. */
    final void conj12(int d, int a) {
        copy(d, a, 24);
        neg6(d + 24, a + 24);
    }

    /**
     * Granger–Scott squaring for elements of the cyclotomic subgroup (see {@link Fp12#cyclotomicSquare}). Each
     * output coefficient reads only the input coefficient at its own place, so d may equal a. The squares x², y² and
     * the product xy of each F_p⁴ element x + yt go to scratch; then each F_p coordinate of 3z² − 2z̄ (z² = (x² +
     * ξy²) + 2xy·t) is one pass over them ({@link #threeXiMinusTwo}, {@link #sixZTwoX}, {@link #sixXiPlusTwo}).
     */
    final void cyclotomicSqr12(int d, int a) {
        int a0 = a, a1 = a + 8, a2 = a + 16, b0 = a + 24, b1 = a + 32, b2 = a + 40;
        // z0 = a0 + b1·t, z1 = b0 + a2·t, z2 = a1 + b2·t: x², y², xy of each at z, z + 8, z + 16
        final int z0 = AC, z1 = AC + 24, z2 = AC + 48;
        fp4Parts(z0, a0, b1);
        fp4Parts(z1, b0, a2);
        fp4Parts(z2, a1, b2);
        threeXiMinusTwo2(d, z0, a0);
        sixZTwoX(d + 32, z0 + 16, b1);
        sixZTwoX(d + 36, z0 + 20, b1 + 4);
        threeXiMinusTwo2(d + 8, z1, a1);
        sixZTwoX(d + 40, z1 + 16, b2);
        sixZTwoX(d + 44, z1 + 20, b2 + 4);
        threeXiMinusTwo2(d + 16, z2, a2);
        sixXiPlusTwo(d + 24, z2 + 16, z2 + 20, true, b0); // the t·z2² term, times t² = ξ
        sixXiPlusTwo(d + 28, z2 + 20, z2 + 16, false, b0 + 4);
    }

    /** x², y² and xy at z, z + 8 and z + 16. */
    private void fp4Parts(int z, int x, int y) {
        sqr2(z, x);
        sqr2(z + 8, y);
        mul2(z + 16, x, y);
    }

    /** d = 3(x² + ξy²) − 2e in F_p², from x², y² at z and z + 8. */
    private void threeXiMinusTwo2(int d, int z, int e) {
        threeXiMinusTwo(d, z, z + 8, z + 12, true, e); // 3(X0 + 9Y0 − Y1) − 2e0
        threeXiMinusTwo(d + 4, z + 4, z + 12, z + 8, false, e + 4); // 3(X1 + 9Y1 + Y0) − 2e1
    }

    /** a ↦ a^p: conjugate every coefficient, then multiply coefficient of wⁱ by ξ^(i(p−1)/6). */
    final void frobenius12(int d, int a) {
        frobeniusPart(d, a, FROB1);
    }

    /** a ↦ a^(p³). */
    final void frobeniusCube12(int d, int a) {
        frobeniusPart(d, a, FROB3);
    }

    /** a ↦ a^(p²): the constants ξ^(i(p²−1)/6) lie in F_p. */
    final void frobeniusSquare12(int d, int a) {
        copy(d, a, 8);
        for (int k = 1; k < 6; k++) {
            int i = wPower(k);
            mul2ByFp(d + 8 * k, a + 8 * k, FROB2 + 4 * (i - 1));
        }
    }

    private void frobeniusPart(int d, int a, int table) {
        conj2(d, a);
        for (int k = 1; k < 6; k++) {
            int i = wPower(k);
            conj2(d + 8 * k, a + 8 * k);
            mul2(d + 8 * k, d + 8 * k, table + 8 * (i - 1));
        }
    }

    /** The power of w at F_p² coefficient k of the basis 1, v, v², w, vw, v²w. */
    private static int wPower(int k) {
        return k < 3 ? 2 * k : 2 * (k - 3) + 1;
    }

    /**
     * The inverse (a0 − a1·w)/(a0² − a1²·v) (see {@link Fp12#inverse}), down the tower to one inversion in F_p.
     * Uses the F_p¹² scratch, so it may not run inside the other F_p¹² operations; d may equal a.
     *
     * @throws ArithmeticException for zero
     */
    final void inverse12(int d, int a) {
        final int c0 = AC, c1 = AC + 8, c2 = AC + 16, ia = S6, ib = S6 + 8, ic = S6 + 16, x = R6, y = R6 + 8;
        sqr6(AC, a);
        sqr6(BD, a + 24);
        mulByV6(BD, BD);
        sub6(AC, AC, BD); // the norm to F_p⁶, c = a0² − a1²·v
        // the adjugate of c: A = c0² − ξc1c2, B = ξc2² − c0c1, C = c1² − c0c2
        sqr2(ia, c0);
        mul2(x, c1, c2);
        mulByXi2(x, x);
        sub2(ia, ia, x);
        sqr2(ib, c2);
        mulByXi2(ib, ib);
        mul2(x, c0, c1);
        sub2(ib, ib, x);
        sqr2(ic, c1);
        mul2(x, c0, c2);
        sub2(ic, ic, x);
        // the norm to F_p², n = c0A + ξ(c2B + c1C), and its inverse (n0 − n1u)/(n0² + n1²)
        mul2(x, c2, ib);
        mul2(y, c1, ic);
        add2(x, x, y);
        mulByXi2(x, x);
        mul2(y, c0, ia);
        add2(x, x, y);
        mul(y, x, x);
        mul(y + 4, x + 4, x + 4);
        add(y, y, y + 4);
        load(y, fp(y).inverse());
        mul(x, x, y);
        mul(x + 4, x + 4, y);
        neg(x + 4, x + 4);
        mul6ByFp2(S6, S6, x); // c⁻¹
        mul6(d, a, S6);
        mul6(d + 24, a + 24, S6);
        neg6(d + 24, d + 24);
    }

    // ---------------------------------------------------------------- moving values in and out

    final void load12(int d, Fp12 a) {
        load6(d, a.c0());
        load6(d + 24, a.c1());
    }

    private void load6(int d, Fp6 a) {
        load2(d, a.c0());
        load2(d + 8, a.c1());
        load2(d + 16, a.c2());
    }

    final Fp12 fp12(int a) {
        return new Fp12(fp6(a), fp6(a + 24));
    }

    private Fp6 fp6(int a) {
        return new Fp6(fp2(a), fp2(a + 8), fp2(a + 16));
    }

    final boolean isOne12(int a) {
        return isZero(a + 4, 44) && w[a] == ONE0 && w[a + 1] == ONE1 && w[a + 2] == ONE2 && w[a + 3] == ONE3;
    }
}
