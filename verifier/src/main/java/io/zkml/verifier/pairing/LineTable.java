package io.zkml.verifier.pairing;

import io.zkml.core.curve.G2;
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
 */
final class LineTable {

    /** The NAF digits of 6x + 2, most significant first (the first is 1). */
    static final byte[] LOOP_DIGITS = nafMostSignificantFirst(G2.BN_X.multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));
    /** The number of lines the loop produces: one per doubling, one per non-zero digit, and two at the end. */
    static final int LINE_COUNT = lineCount();

    /** 3b' for the doubling formula. */
    private static final Fp2 THREE_B = G2.B.add(G2.B).add(G2.B);

    /** Line coefficients, in the order the loop uses them. */
    final Fp2[] a = new Fp2[LINE_COUNT], b = new Fp2[LINE_COUNT], c = new Fp2[LINE_COUNT];

    private int n;
    private Fp2 x, y, z;

    /** Records the lines for the finite point {@code q}, in affine coordinates. */
    LineTable(G2 q) {
        Fp2 qx = q.jacobianX(), qy = q.jacobianY();
        if (!q.jacobianZ().isOne()) {
            throw new IllegalArgumentException("Q must be affine");
        }
        Fp2 negQy = qy.neg();
        x = qx;
        y = qy;
        z = Fp2.ONE;
        for (int i = 1; i < LOOP_DIGITS.length; i++) {
            doublingStep();
            if (LOOP_DIGITS[i] == 1) {
                additionStep(qx, qy);
            } else if (LOOP_DIGITS[i] == -1) {
                additionStep(qx, negQy);
            }
        }
        G2 q1 = q.psi();
        G2 q2 = q1.psi().neg();
        additionStep(q1.jacobianX(), q1.jacobianY());
        additionStep(q2.jacobianX(), q2.jacobianY());
        if (n != LINE_COUNT) {
            throw new AssertionError("recorded " + n + " lines, expected " + LINE_COUNT);
        }
    }

    /** The point T reached so far, for tests: [6x + 2]Q + π(Q) − π²(Q) after the last step. */
    G2 point() {
        // (X : Y : Z) homogeneous is (XZ : YZ² : Z) Jacobian
        return G2.jacobian(x.mul(z), y.mul(z.square()), z);
    }

    /** T ← 2T, with the tangent line at T. */
    private void doublingStep() {
        Fp2 yy = y.square();
        Fp2 zz = z.square();
        Fp2 e = THREE_B.mul(zz); // 3b'Z²
        Fp2 f = e.dbl().add(e); // 9b'Z²
        Fp2 h = y.add(z).square().sub(yy).sub(zz); // 2YZ
        Fp2 xx = x.square();
        record(h.neg(), xx.dbl().add(xx), e.sub(yy));
        // scaled by 4: X3 = 2XY(Y² − 9b'Z²), Y3 = (Y² + 9b'Z²)² − 12(3b'Z²)², Z3 = 8Y³Z = 4·Y²·2YZ
        Fp2 ee = e.square();
        Fp2 x3 = x.mul(y).mul(yy.sub(f)).dbl();
        Fp2 y3 = yy.add(f).square().sub(ee.dbl().add(ee).dbl().dbl());
        Fp2 z3 = yy.mul(h).dbl().dbl();
        x = x3;
        y = y3;
        z = z3;
    }

    /** T ← T + (qx, qy), with the line through both. */
    private void additionStep(Fp2 qx, Fp2 qy) {
        Fp2 theta = y.sub(qy.mul(z));
        Fp2 lambda = x.sub(qx.mul(z));
        record(lambda, theta.neg(), theta.mul(qx).sub(lambda.mul(qy)));
        Fp2 cc = theta.square();
        Fp2 dd = lambda.square();
        Fp2 ee = dd.mul(lambda);
        Fp2 ff = z.mul(cc);
        Fp2 gg = x.mul(dd);
        Fp2 hh = ee.add(ff).sub(gg.dbl());
        Fp2 x3 = lambda.mul(hh);
        Fp2 y3 = theta.mul(gg.sub(hh)).sub(y.mul(ee));
        Fp2 z3 = z.mul(ee);
        x = x3;
        y = y3;
        z = z3;
    }

    private void record(Fp2 la, Fp2 lb, Fp2 lc) {
        a[n] = la;
        b[n] = lb;
        c[n] = lc;
        n++;
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
