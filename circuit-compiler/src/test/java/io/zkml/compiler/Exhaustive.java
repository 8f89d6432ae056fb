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
 * whose only unknown is a single wire of c (with a and b known), and kept if it satisfies every constraint (each
 * checked as soon as its wires are known; the solving order, which depends only on the structure, is planned
 * once). A
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
        // which wire each constraint solves, and when, depends only on which wires are known, not on their values:
        // plan it once (passes over the constraints in order, as long as one solves something)
        List<Constraint> cs = r.constraints();
        int[] knownAt = new int[n];
        java.util.Arrays.fill(knownAt, Integer.MAX_VALUE);
        knownAt[0] = -1;
        for (int i = 0; i < inputWires.length; i++) {
            knownAt[first + i] = -1;
        }
        for (int b : bools) {
            knownAt[b] = -1;
        }
        List<int[]> steps = new ArrayList<>(); // {constraint, position in c of the wire it solves}
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int ci = 0; ci < cs.size(); ci++) {
                Constraint c = cs.get(ci);
                if (!known(c.a(), knownAt) || !known(c.b(), knownAt)) {
                    continue;
                }
                int unknown = -1;
                int count = 0;
                for (int k = 0; k < c.c().size(); k++) {
                    if (knownAt[c.c().wire(k)] == Integer.MAX_VALUE) {
                        unknown = k;
                        count++;
                    }
                }
                if (count == 1) {
                    knownAt[c.c().wire(unknown)] = steps.size();
                    steps.add(new int[] {ci, unknown});
                    progress = true;
                }
            }
        }
        // each constraint is checked as soon as its last wire is known, so most assignments fail early
        List<List<Constraint>> checkAfter = new ArrayList<>();
        for (int i = 0; i <= steps.size(); i++) {
            checkAfter.add(new ArrayList<>());
        }
        for (Constraint c : cs) {
            int ready = Math.max(readyAt(c.a(), knownAt), Math.max(readyAt(c.b(), knownAt), readyAt(c.c(), knownAt)));
            if (ready == Integer.MAX_VALUE) {
                throw new IllegalStateException("a wire is solved by no constraint; cannot enumerate");
            }
            checkAfter.get(ready + 1).add(c);
        }
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
            boolean ok = holds(checkAfter.getFirst(), w);
            for (int i = 0; ok && i < steps.size(); i++) {
                Constraint c = cs.get(steps.get(i)[0]);
                int unknown = steps.get(i)[1];
                Fr known = Fr.ZERO;
                for (int k = 0; k < c.c().size(); k++) {
                    if (k != unknown) {
                        known = known.add(c.c().coefficient(k).mul(w[c.c().wire(k)]));
                    }
                }
                Fr ab = c.a().isEmpty() || c.b().isEmpty() ? Fr.ZERO : eval(c.a(), w).mul(eval(c.b(), w));
                w[c.c().wire(unknown)] = ab.sub(known).mul(INVERSES.computeIfAbsent(c.c().coefficient(unknown), Fr::inverse));
                ok = holds(checkAfter.get(i + 1), w);
            }
            if (ok) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean holds(List<Constraint> cs, Fr[] w) {
        for (Constraint c : cs) {
            if (!eval(c.a(), w).mul(eval(c.b(), w)).equals(eval(c.c(), w))) {
                return false;
            }
        }
        return true;
    }

    private static boolean known(LinearCombination lc, int[] knownAt) {
        return readyAt(lc, knownAt) < Integer.MAX_VALUE;
    }

    /** The step after which every wire of lc is known (−1: from the start; MAX_VALUE: never). */
    private static int readyAt(LinearCombination lc, int[] knownAt) {
        int ready = -1;
        for (int k = 0; k < lc.size(); k++) {
            ready = Math.max(ready, knownAt[lc.wire(k)]);
        }
        return ready;
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
