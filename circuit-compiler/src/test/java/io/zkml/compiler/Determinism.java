package io.zkml.compiler;

import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.WireLayout;
import java.math.BigInteger;
import java.util.List;

/**
 * A structural check, in the style of Ecne and Picus, that every wire of an R1CS is determined by the inputs
 * (the constant and the input wires). Rules, applied until nothing changes:
 * <ul>
 *   <li>linear: a constraint whose a and b are fully determined (or one of them empty) and whose c has exactly
 *       one undetermined wire determines it (its coefficient is a non-zero constant);</li>
 *   <li>bits: a constraint of that form whose undetermined c wires are all boolean (constrained by
 *       w·(w − 1) = 0) with coefficients ±g·2^eᵢ of one sign and distinct eᵢ, max eᵢ below 250, determines them
 *       all (a binary representation is unique);</li>
 *   <li>product: a·b = c with a and b determined and c having one undetermined wire (covered by "linear").</li>
 * </ul>
 * Public outputs are not inputs: they must be determined too.
 */
final class Determinism {

    record Result(int undetermined, int firstUndetermined) {
    }

    private static final BigInteger HALF = Fr.MODULUS.shiftRight(1);

    private Determinism() {
    }

    static Result check(R1cs r) {
        WireLayout l = r.wires();
        boolean[] known = new boolean[l.nWires()];
        known[0] = true;
        for (int w = l.firstPublicInput(); w < l.firstInternal(); w++) {
            known[w] = true;
        }
        boolean[] bool = new boolean[l.nWires()];
        List<Constraint> cs = r.constraints();
        for (Constraint c : cs) {
            int w = booleanWire(c);
            if (w >= 0) {
                bool[w] = true;
            }
        }
        boolean[] done = new boolean[cs.size()];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < cs.size(); i++) {
                if (done[i]) {
                    continue;
                }
                Constraint c = cs.get(i);
                if (!allKnown(c.a(), known) || !allKnown(c.b(), known)) {
                    continue;
                }
                int unknown = 0;
                int last = -1;
                for (int k = 0; k < c.c().size(); k++) {
                    if (!known[c.c().wire(k)]) {
                        unknown++;
                        last = k;
                    }
                }
                if (unknown == 0) {
                    done[i] = true;
                } else if (unknown == 1) {
                    known[c.c().wire(last)] = true;
                    done[i] = changed = true;
                } else if (bitsDetermined(c.c(), known, bool)) {
                    for (int k = 0; k < c.c().size(); k++) {
                        known[c.c().wire(k)] = true;
                    }
                    done[i] = changed = true;
                }
            }
        }
        int count = 0;
        int first = -1;
        for (int w = 0; w < known.length; w++) {
            if (!known[w]) {
                count++;
                if (first < 0) {
                    first = w;
                }
            }
        }
        return new Result(count, first);
    }

    private static boolean allKnown(LinearCombination lc, boolean[] known) {
        for (int k = 0; k < lc.size(); k++) {
            if (!known[lc.wire(k)]) {
                return false;
            }
        }
        return true;
    }

    /** w if the constraint is w·(w − 1) = 0 (in either factor order), else −1. */
    private static int booleanWire(Constraint c) {
        if (!c.c().isEmpty() || c.a().size() != 1 || c.b().isEmpty() || c.b().size() > 2) {
            return -1;
        }
        int w = c.a().wire(0);
        if (w == 0 || !c.a().coefficient(0).isOne()) {
            return -1;
        }
        boolean hasW = false;
        boolean hasMinusOne = false;
        for (int k = 0; k < c.b().size(); k++) {
            if (c.b().wire(k) == w && c.b().coefficient(k).isOne()) {
                hasW = true;
            } else if (c.b().wire(k) == 0 && c.b().coefficient(k).equals(Fr.ONE.neg())) {
                hasMinusOne = true;
            }
        }
        return hasW && hasMinusOne && c.b().size() == 2 ? w : -1;
    }

    private static boolean bitsDetermined(LinearCombination lc, boolean[] known, boolean[] bool) {
        BigInteger g = null;
        int sign = 0;
        java.util.BitSet exps = new java.util.BitSet();
        java.util.List<BigInteger> coefs = new java.util.ArrayList<>();
        for (int k = 0; k < lc.size(); k++) {
            if (known[lc.wire(k)]) {
                continue;
            }
            if (!bool[lc.wire(k)]) {
                return false;
            }
            BigInteger v = lc.coefficient(k).toBigInteger();
            int s = v.compareTo(HALF) > 0 ? -1 : 1;
            if (s < 0) {
                v = Fr.MODULUS.subtract(v);
            }
            if (sign != 0 && s != sign) {
                return false;
            }
            sign = s;
            coefs.add(v);
            g = g == null || v.compareTo(g) < 0 ? v : g;
        }
        for (BigInteger v : coefs) {
            BigInteger[] qr = v.divideAndRemainder(g);
            if (qr[1].signum() != 0 || qr[0].bitCount() != 1) {
                return false;
            }
            int e = qr[0].bitLength() - 1;
            if (e >= 250 || exps.get(e)) {
                return false;
            }
            exps.set(e);
        }
        return true;
    }
}
