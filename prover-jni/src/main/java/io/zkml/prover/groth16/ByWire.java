package io.zkml.prover.groth16;

import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import java.util.function.Function;

/**
 * One matrix of an R1CS (A, B or C) transposed: for each wire, the constraints (rows) it appears in and its
 * coefficient there, in constraint order, duplicates kept. Setup sums over these per wire.
 */
final class ByWire {

    private final int[] start;
    private final int[] rows;
    private final Fr[] coefficients;

    private ByWire(int[] start, int[] rows, Fr[] coefficients) {
        this.start = start;
        this.rows = rows;
        this.coefficients = coefficients;
    }

    static ByWire of(R1cs r1cs, Function<Constraint, LinearCombination> part) {
        int nWires = r1cs.nWires();
        int[] count = new int[nWires + 1];
        for (Constraint c : r1cs.constraints()) {
            LinearCombination lc = part.apply(c);
            for (int t = 0; t < lc.size(); t++) {
                count[lc.wire(t) + 1]++;
            }
        }
        for (int w = 0; w < nWires; w++) {
            count[w + 1] += count[w];
        }
        int[] start = count.clone();
        int[] fill = count.clone();
        int[] rows = new int[count[nWires]];
        Fr[] coefficients = new Fr[count[nWires]];
        for (int row = 0; row < r1cs.nConstraints(); row++) {
            LinearCombination lc = part.apply(r1cs.constraint(row));
            for (int t = 0; t < lc.size(); t++) {
                int at = fill[lc.wire(t)]++;
                rows[at] = row;
                coefficients[at] = lc.coefficient(t);
            }
        }
        return new ByWire(start, rows, coefficients);
    }

    /** Index of the first term of {@code wire} (terms of a wire are {@code from(w)} … {@code from(w + 1) − 1}). */
    int from(int wire) {
        return start[wire];
    }

    int row(int term) {
        return rows[term];
    }

    Fr coefficient(int term) {
        return coefficients[term];
    }
}
