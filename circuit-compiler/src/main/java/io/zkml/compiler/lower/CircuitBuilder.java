package io.zkml.compiler.lower;

import io.zkml.core.field.Fr;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Wires, constraints and witness solvers as the lowering creates them. Builder wire 0 is the constant 1; the
 * others are numbered in creation order (the final circom order is applied afterwards). Every wire is created
 * with the solver that computes it from earlier wires, so running the solvers in order is the witness.
 *
 * <p>Two parts. The <b>integer part</b>: wires with {@code long} values, constraints with {@link Lin} (long)
 * coefficients, checked over the integers. The <b>field part</b>, for gadgets that need full field elements
 * (Poseidon): {@link #fieldWire field wires} whose values are in F_r, constraints with {@link FLin}
 * coefficients, checked modulo r. Integer solvers run first and never read a field wire; then every wire is
 * embedded in F_r (negative x as r − |x|) and the field solvers run, reading any wire. In the R1CS the field
 * constraints follow the integer ones.
 */
public final class CircuitBuilder {

    /** Computes some wires' values from earlier ones. */
    @FunctionalInterface
    public interface Solver {
        void solve(long[] w);
    }

    /** Computes some field wires' values from earlier wires (all wires as field elements, in builder order). */
    @FunctionalInterface
    public interface FieldSolver {
        void solve(Fr[] w);
    }

    /** One constraint a·b = c over builder wires. */
    public record Rc(Lin a, Lin b, Lin c) {
    }

    /** One constraint a·b = c over builder wires, modulo r. */
    public record FieldRc(FLin a, FLin b, FLin c) {
    }

    private int nWires = 1;
    private final List<Rc> constraints = new ArrayList<>();
    private final List<Solver> solvers = new ArrayList<>();
    private final BitSet fieldWires = new BitSet();
    private final List<FieldRc> fieldConstraints = new ArrayList<>();
    private final List<FieldSolver> fieldSolvers = new ArrayList<>();

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

    /** A fresh field wire: its value is set by a {@link FieldSolver} (or, for a field input, by the witness step). */
    public int fieldWire() {
        int w = wire();
        fieldWires.set(w);
        return w;
    }

    /** Whether w is a field wire. */
    public boolean isFieldWire(int w) {
        return fieldWires.get(w);
    }

    public void fieldSolver(FieldSolver s) {
        fieldSolvers.add(s);
    }

    /** a·b = c modulo r. */
    public void enforce(FLin a, FLin b, FLin c) {
        fieldConstraints.add(new FieldRc(a, b, c));
    }

    /** l = 0 modulo r, a linear constraint. */
    public void enforceZero(FLin l) {
        fieldConstraints.add(new FieldRc(FLin.ZERO, FLin.ZERO, l));
    }

    /** A field wire equal to l (one linear constraint), or l's wire when l is already 1·w. */
    public int materialize(FLin l) {
        if (l.isSingleWire()) {
            return l.wires()[0];
        }
        int w = fieldWire();
        fieldSolver(v -> v[w] = l.eval(v));
        enforceZero(new FLin.Builder().add(l, Fr.ONE).add(w, Fr.ONE.neg()).build());
        return w;
    }

    /** The field constraints (after the integer ones in the R1CS). */
    public List<FieldRc> fieldConstraints() {
        return fieldConstraints;
    }

    public List<FieldSolver> fieldSolvers() {
        return fieldSolvers;
    }

    public int nWires() {
        return nWires;
    }

    /** The number of constraints, integer and field. */
    public int nConstraints() {
        return constraints.size() + fieldConstraints.size();
    }

    /** The integer constraints. */
    public List<Rc> constraints() {
        return constraints;
    }

    public List<Solver> solvers() {
        return solvers;
    }
}
