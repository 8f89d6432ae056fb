package io.zkml.compiler.lower;

import java.util.ArrayList;
import java.util.List;

/**
 * Wires, constraints and witness solvers as the lowering creates them. Builder wire 0 is the constant 1; the
 * others are numbered in creation order (the final circom order is applied afterwards). Every wire is created
 * with the solver that computes it from earlier wires, so running the solvers in order is the witness.
 */
public final class CircuitBuilder {

    /** Computes some wires' values from earlier ones. */
    @FunctionalInterface
    public interface Solver {
        void solve(long[] w);
    }

    /** One constraint a·b = c over builder wires. */
    public record Rc(Lin a, Lin b, Lin c) {
    }

    private int nWires = 1;
    private final List<Rc> constraints = new ArrayList<>();
    private final List<Solver> solvers = new ArrayList<>();

    /** A fresh wire; its solver must be added before any solver that reads it. */
    public int wire() {
        return nWires++;
    }

    /** count fresh consecutive wires; returns the first. */
    public int wires(int count) {
        int first = nWires;
        nWires += count;
        return first;
    }

    public void solver(Solver s) {
        solvers.add(s);
    }

    /** a·b = c. */
    public void enforce(Lin a, Lin b, Lin c) {
        constraints.add(new Rc(a, b, c));
    }

    /** l = 0, a linear constraint (0·0 = −l in R1CS form: a and b empty). */
    public void enforceZero(Lin l) {
        constraints.add(new Rc(Lin.ZERO, Lin.ZERO, l));
    }

    /** w ∈ {0, 1}: w·(w − 1) = 0. */
    public void enforceBoolean(int w) {
        constraints.add(new Rc(Lin.wire(w), new Lin(new int[] {w}, new long[] {1}, -1), Lin.ZERO));
    }

    /**
     * count boolean wires holding the binary digits of {@code value} (least significant first), where value is
     * computed by {@code of}; the caller ties them to the value with a linear constraint.
     */
    public int bits(int count, java.util.function.ToLongFunction<long[]> of) {
        int first = wires(count);
        for (int i = 0; i < count; i++) {
            enforceBoolean(first + i);
        }
        solver(w -> {
            long v = of.applyAsLong(w);
            for (int i = 0; i < count; i++) {
                w[first + i] = (v >>> i) & 1;
            }
        });
        return first;
    }

    /** A wire equal to l (one linear constraint), or l's wire when l is already 1·w. */
    public int materialize(Lin l) {
        if (l.isSingleWire()) {
            return l.wires()[0];
        }
        int w = wire();
        solver(v -> v[w] = l.eval(v));
        enforceZero(new Lin.Builder().add(l, 1).add(w, -1).build());
        return w;
    }

    public int nWires() {
        return nWires;
    }

    public int nConstraints() {
        return constraints.size();
    }

    public List<Rc> constraints() {
        return constraints;
    }

    public List<Solver> solvers() {
        return solvers;
    }
}
