package io.zkml.verifier.pairing;

import io.zkml.core.curve.CurvePoint;
import io.zkml.core.curve.G1;
import io.zkml.core.field.Fp;
import java.util.ArrayList;
import java.util.List;

/**
 * The Miller loop of the optimal ate pairing for several pairs at once: one accumulator f and one chain of
 * squarings, into which every pair multiplies its lines (from {@link PreparedG2}) at each step.
 */
final class MillerLoop {

    private static final int F = TowerRegisters.FIRST_FREE_12, LINE = F + 48, LINE2 = LINE + 24, PRODUCT = LINE2 + 24,
            POINTS = PRODUCT + 48;

    private MillerLoop() {
    }

    /** The product of the pairs' Miller loops; pairs with a point at infinity are left out. */
    static Fp12 run(List<G1> ps, List<PreparedG2> qs) {
        if (ps.size() != qs.size()) {
            throw new IllegalArgumentException(ps.size() + " G1 points but " + qs.size() + " G2 points");
        }
        List<G1> finiteP = new ArrayList<>(ps.size());
        List<PreparedG2> finiteQ = new ArrayList<>(qs.size());
        for (int i = 0; i < ps.size(); i++) {
            if (!ps.get(i).isInfinity() && !qs.get(i).isInfinity()) {
                finiteP.add(ps.get(i));
                finiteQ.add(qs.get(i));
            }
        }
        int n = finiteP.size();
        TowerRegisters r = new TowerRegisters(POINTS - F + 16 * n);
        List<G1> affine = CurvePoint.batchToAffine(finiteP);
        for (int j = 0; j < n; j++) {
            Fp x = affine.get(j).jacobianX(), y = affine.get(j).jacobianY();
            r.load(point(j), x);
            r.load(point(j) + 4, y);
            if (finiteQ.get(j).isNormalized()) {
                Fp yInv = y.inverse(); // y ≠ 0 on the curve y² = x³ + 3, whose order r is odd
                r.load(point(j) + 8, x.mul(yInv));
                r.load(point(j) + 12, yInv);
            }
        }
        PreparedG2[] lines = finiteQ.toArray(new PreparedG2[0]);

        if (n == 0) {
            return Fp12.ONE;
        }
        int line = 0;
        byte[] digits = LineTable.LOOP_DIGITS;
        for (int i = 1; i < digits.length; i++) {
            if (i > 1) {
                r.sqr12(F, F);
            }
            boolean two = digits[i] != 0; // a doubling line and an addition line
            for (int j = 0; j < n; j++) {
                if (i == 1 && j == 0) {
                    lines[0].setToLine(r, F, line, point(0), LINE); // f = 1 · line
                    if (two) {
                        lines[0].mulByLine(r, F, line + 1, point(0), LINE);
                    }
                } else if (two) {
                    lines[j].mulByLines(r, F, line, point(j), LINE, LINE2, PRODUCT);
                } else {
                    lines[j].mulByLine(r, F, line, point(j), LINE);
                }
            }
            line += two ? 2 : 1;
        }
        for (int j = 0; j < n; j++) { // the lines of π(Q) and −π²(Q)
            lines[j].mulByLines(r, F, line, point(j), LINE, LINE2, PRODUCT);
        }
        return r.fp12(F);
    }

    /** The registers of the j-th G1 point: x, y and, for a normalized line table, x/y and 1/y. */
    private static int point(int j) {
        return POINTS + 16 * j;
    }
}
