package io.zkml.compiler;

import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import java.util.ArrayList;
import java.util.List;

/**
 * Every witness of a small circuit for fixed inputs: each assignment of the boolean wires (those constrained by
 * w·(w − 1) = 0; any other value violates that constraint) is completed by solving, in order, each constraint
 * whose only unknown is a single wire of c (with a and b known), and kept if it satisfies every constraint. A
 * wire no constraint solves stays unknown, and the search reports it: such a circuit is not exhaustively checkable
 * and fails the test.
 */
final class Exhaustive {

    private static final java.util.Map<Fr, Fr> INVERSES = new java.util.concurrent.ConcurrentHashMap<>();

    private Exhaustive() {
    }

    /** The satisfying witnesses (as wire arrays) for the given public and private input values. */
    static List<Fr[]> witnesses(R1cs r, Fr[] inputWires, int maxBooleans) {
        int n = r.nWires();
        boolean[] isBool = new boolean[n];
        List<Integer> bools = new ArrayList<>();
        for (Constraint c : r.constraints()) {
            if (c.c().isEmpty() && c.a().size() == 1 && c.b().size() == 2 && c.a().wire(0) != 0 && c.a().coefficient(0).isOne()
                    && c.b().wire(0) == 0 && c.b().coefficient(0).equals(Fr.ONE.neg()) && c.b().wire(1) == c.a().wire(0) && c.b().coefficient(1).isOne()) {
                if (!isBool[c.a().wire(0)]) {
                    isBool[c.a().wire(0)] = true;
                    bools.add(c.a().wire(0));
                }
            }
        }
        if (bools.size() > maxBooleans) {
            throw new IllegalArgumentException(bools.size() + " boolean wires: too many to enumerate");
        }
        int first = r.wires().firstPublicInput();
        List<Fr[]> out = new ArrayList<>();
        for (long mask = 0; mask < (1L << bools.size()); mask++) {
            Fr[] w = new Fr[n];
            w[0] = Fr.ONE;
            for (int i = 0; i < inputWires.length; i++) {
                w[first + i] = inputWires[i];
            }
            for (int i = 0; i < bools.size(); i++) {
                w[bools.get(i)] = ((mask >>> i) & 1) == 1 ? Fr.ONE : Fr.ZERO;
            }
            boolean progress = true;
            while (progress) {
                progress = false;
                for (Constraint c : r.constraints()) {
                    progress |= solve(c, w);
                }
            }
            boolean ok = true;
            for (Constraint c : r.constraints()) {
                Fr a = eval(c.a(), w);
                Fr b = eval(c.b(), w);
                Fr cc = eval(c.c(), w);
                if (a == null || b == null || cc == null) {
                    throw new IllegalStateException("a wire is solved by no constraint; cannot enumerate");
                }
                if (!a.mul(b).equals(cc)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean solve(Constraint c, Fr[] w) {
        Fr a = eval(c.a(), w);
        Fr b = eval(c.b(), w);
        if (a == null || b == null) {
            return false;
        }
        int unknown = -1;
        Fr known = Fr.ZERO;
        for (int k = 0; k < c.c().size(); k++) {
            Fr v = w[c.c().wire(k)];
            if (v == null) {
                if (unknown >= 0) {
                    return false;
                }
                unknown = k;
            } else {
                known = known.add(c.c().coefficient(k).mul(v));
            }
        }
        if (unknown < 0) {
            return false;
        }
        w[c.c().wire(unknown)] = a.mul(b).sub(known).mul(INVERSES.computeIfAbsent(c.c().coefficient(unknown), Fr::inverse));
        return true;
    }

    /** lc's value under w, or null while one of its wires is unknown. */
    static Fr eval(LinearCombination lc, Fr[] w) {
        Fr acc = Fr.ZERO;
        for (int k = 0; k < lc.size(); k++) {
            Fr v = w[lc.wire(k)];
            if (v == null) {
                return null;
            }
            acc = acc.add(lc.coefficient(k).mul(v));
        }
        return acc;
    }
}
