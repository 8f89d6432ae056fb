package io.zkml.verifier.pairing;

import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import java.math.BigInteger;

/**
 * Walks the Miller loop of the optimal ate pairing for one G2 point Q and records its line functions.
 *
 * <p>The loop runs over the signed binary (NAF) digits of 6x + 2 from the top: a doubling step for every digit
 * below the leading one, then an addition step with ±Q for every non-zero digit; then two more additions, with
 * Q1 = π(Q) and Q2 = −π²(Q), π the p-power Frobenius endomorphism on the twist. The running point T is kept in
 * homogeneous projective coordinates (x = X/Z, y = Y/Z) on the twist y² = x³ + b', so no step inverts.
 *
 * <p>Every step yields a line A·y_P + B·x_P·w + C·vw: the line through T and T (or Q) on the untwisted curve,
 * evaluated at a G1 point P = (x_P, y_P) and scaled by a factor in F_p² (which the final exponentiation removes).
 * The formulas are the homogeneous D-twist ones of Costello, Lange and Naehrig ("Faster pairing computations on
 * curves with high-degree twists", PKC 2010) as given by Aranha et al. ("Faster explicit formulas for computing
 * pairings over ordinary curves", Eurocrypt 2011), here scaled by 4 to avoid halvings.
 *
 * <p>The table is flat: line i is A, B, C (F_p² elements in the limb layout of {@link FieldRegisters}) at
 * {@code 24·i}; {@link #normalized()} gives B/A, C/A at {@code 16·i}.
 */
final class LineTable {

    /** The NAF digits of 6x + 2, most significant first (the first is 1). */
    static final byte[] LOOP_DIGITS = nafMostSignificantFirst(G2.BN_X.multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));
    /** The number of lines the loop produces: one per doubling, one per non-zero digit, and two at the end. */
    static final int LINE_COUNT = lineCount();

    // registers: the point T, the added point, the line, temporaries
    private static final int X = FieldRegisters.FIRST_FREE, Y = X + 8, Z = Y + 8, QX = Z + 8, QY = QX + 8, NEG_QY = QY + 8;
    private static final int THREE_B = NEG_QY + 8, LA = THREE_B + 8, LB = LA + 8, LC = LB + 8;
    private static final int T1 = LC + 8, T2 = T1 + 8, T3 = T2 + 8, T4 = T3 + 8, T5 = T4 + 8, T6 = T5 + 8, T7 = T6 + 8;
    private static final int T8 = T7 + 8;
    /** The norms of the lines' A and their prefix products, for the batched inversion, one F_p element per line. */
    private static final int NORMS = T8 + 8, PREFIX = NORMS + 4 * LINE_COUNT;
    private static final int SIZE = PREFIX + 4 * LINE_COUNT;

    /** 3b' for the doubling formula. */
    private static final Fp2 THREE_B_VALUE = G2.B.add(G2.B).add(G2.B);

    private final FieldRegisters r = new FieldRegisters(SIZE);
    /** A, B, C of every line. */
    final long[] lines = new long[24 * LINE_COUNT];
    private int n;

    /** Records the lines for the finite point {@code q}, in affine coordinates. */
    LineTable(G2 q) {
        if (!q.jacobianZ().isOne()) {
            throw new IllegalArgumentException("Q must be affine");
        }
        r.load2(THREE_B, THREE_B_VALUE);
        r.load2(X, q.jacobianX());
        r.load2(Y, q.jacobianY());
        r.load2(Z, Fp2.ONE);
        r.load2(QX, q.jacobianX());
        r.load2(QY, q.jacobianY());
        r.neg2(NEG_QY, QY);
        for (int i = 1; i < LOOP_DIGITS.length; i++) {
            doublingStep();
            if (LOOP_DIGITS[i] == 1) {
                additionStep(QX, QY);
            } else if (LOOP_DIGITS[i] == -1) {
                additionStep(QX, NEG_QY);
            }
        }
        G2 q1 = q.psi();
        G2 q2 = q1.psi().neg();
        r.load2(QX, q1.jacobianX());
        r.load2(QY, q1.jacobianY());
        additionStep(QX, QY);
        r.load2(QX, q2.jacobianX());
        r.load2(QY, q2.jacobianY());
        additionStep(QX, QY);
        if (n != LINE_COUNT) {
            throw new AssertionError("recorded " + n + " lines, expected " + LINE_COUNT);
        }
    }

    /** The point T reached so far, for tests: [6x + 2]Q + π(Q) − π²(Q) after the last step. */
    G2 point() {
        Fp2 x = r.fp2(X), y = r.fp2(Y), z = r.fp2(Z);
        // (X : Y : Z) homogeneous is (XZ : YZ² : Z) Jacobian
        return G2.jacobian(x.mul(z), y.mul(z.square()), z);
    }

    /** T ← 2T, with the tangent line at T: −2YZ·y_P + 3X²·x_P·w + (3b'Z² − Y²)·vw. */
    private void doublingStep() {
        final int yy = T1, zz = T2, e = T3, f = T4, h = T5, xx = T6, ee = T7, t = T8;
        r.sqr2(yy, Y);
        r.sqr2(zz, Z);
        r.mul2(e, THREE_B, zz); // 3b'Z²
        r.dbl2(f, e);
        r.add2(f, f, e); // 9b'Z²
        r.add2(h, Y, Z);
        r.sqr2(h, h);
        r.sub2(h, h, yy);
        r.sub2(h, h, zz); // 2YZ
        r.sqr2(xx, X);
        r.neg2(LA, h);
        r.dbl2(LB, xx);
        r.add2(LB, LB, xx);
        r.sub2(LC, e, yy);
        record();
        // scaled by 4: X3 = 2XY(Y² − 9b'Z²), Y3 = (Y² + 9b'Z²)² − 12(3b'Z²)², Z3 = 8Y³Z = 4·Y²·2YZ
        r.sqr2(ee, e);
        r.mul2(X, X, Y);
        r.sub2(t, yy, f);
        r.mul2(X, X, t);
        r.dbl2(X, X);
        r.add2(Y, yy, f);
        r.sqr2(Y, Y);
        r.dbl2(t, ee);
        r.add2(t, t, ee);
        r.dbl2(t, t);
        r.dbl2(t, t);
        r.sub2(Y, Y, t);
        r.mul2(Z, yy, h);
        r.dbl2(Z, Z);
        r.dbl2(Z, Z);
    }

    /** T ← T + (qx, qy), with the line through both: λ·y_P − θ·x_P·w + (θ·qx − λ·qy)·vw. */
    private void additionStep(int qx, int qy) {
        final int theta = T1, lambda = T2, cc = T3, dd = T4, ee = T5, ff = T6, gg = T7, hh = T8;
        r.mul2(theta, qy, Z);
        r.sub2(theta, Y, theta); // θ = Y − qy·Z
        r.mul2(lambda, qx, Z);
        r.sub2(lambda, X, lambda); // λ = X − qx·Z
        r.copy(LA, lambda, 8);
        r.neg2(LB, theta);
        r.mul2(LC, theta, qx);
        r.mul2(cc, lambda, qy);
        r.sub2(LC, LC, cc);
        record();
        r.sqr2(cc, theta);
        r.sqr2(dd, lambda);
        r.mul2(ee, dd, lambda); // λ³
        r.mul2(ff, Z, cc); // Zθ²
        r.mul2(gg, X, dd); // Xλ²
        r.add2(hh, ee, ff);
        r.sub2(hh, hh, gg);
        r.sub2(hh, hh, gg); // λ³ + Zθ² − 2Xλ²
        r.mul2(X, lambda, hh);
        r.sub2(gg, gg, hh);
        r.mul2(gg, theta, gg);
        r.mul2(ff, Y, ee);
        r.sub2(Y, gg, ff);
        r.mul2(Z, Z, ee);
    }

    private void record() {
        System.arraycopy(r.w, LA, lines, 24 * n, 24);
        n++;
    }

    /**
     * B/A and C/A of every line, with one inversion in F_p for all of them: A⁻¹ = Ā/N with N = A·Ā = A0² + A1² in F_p,
     * and the N inverted together by Montgomery's trick (three F_p products each, where the same trick over F_p²
     * takes three F_p² products).
     */
    long[] normalized() {
        final int a = T4, b = T5, c = T6, inv = T7, prefix = T2, running = T3, norm = T1;
        r.load(running, Fp.ONE); // N_0 ⋯ N_(i−1)
        for (int i = 0; i < LINE_COUNT; i++) {
            r.copy(PREFIX + 4 * i, running, 4);
            System.arraycopy(lines, 24 * i, r.w, a, 8);
            r.dot(norm, a, a, a + 4, a + 4);
            r.copy(NORMS + 4 * i, norm, 4);
            r.mul(running, running, norm);
        }
        r.load(running, r.fp(running).inverse()); // (N_0 ⋯ N_(n−1))⁻¹
        long[] out = new long[16 * LINE_COUNT];
        for (int i = LINE_COUNT - 1; i >= 0; i--) {
            System.arraycopy(lines, 24 * i, r.w, a, 24); // A, B, C at T4, T5, T6
            r.mul(prefix, running, PREFIX + 4 * i); // N_i⁻¹
            r.mul(running, running, NORMS + 4 * i);
            r.conj2(inv, a);
            r.mul2ByFp(inv, inv, prefix); // A_i⁻¹
            r.mul2(b, b, inv);
            r.mul2(c, c, inv);
            System.arraycopy(r.w, b, out, 16 * i, 16);
        }
        return out;
    }

    private static int lineCount() {
        int count = 2;
        for (int i = 1; i < LOOP_DIGITS.length; i++) {
            count += LOOP_DIGITS[i] == 0 ? 1 : 2;
        }
        return count;
    }

    /** The non-adjacent form of k > 0, most significant digit first. */
    static byte[] nafMostSignificantFirst(BigInteger k) {
        byte[] lsbFirst = new byte[k.bitLength() + 1];
        int len = 0;
        while (k.signum() > 0) {
            int d = 0;
            if (k.testBit(0)) {
                d = k.testBit(1) ? -1 : 1; // k mod 4 = 3 → −1, k mod 4 = 1 → +1
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
}
