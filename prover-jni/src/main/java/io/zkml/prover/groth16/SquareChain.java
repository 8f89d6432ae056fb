package io.zkml.prover.groth16;

import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.WireLayout;
import io.zkml.core.wtns.Witness;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic circuit for timing provers (zkml bench, the JMH benchmarks, the peer comparison): a chain of n
 * squarings s[i] = s[i−1]² + 7 from a private input x = s[0] to the one public output s[n]. n constraints, n + 2
 * wires (the constant, the output, x, then s[1] … s[n−1]); with its public-input rows the domain is the next power
 * of two above n + 1 (2n for n a power of two; n + 2 for n = 2^k − 2).
 */
public final class SquareChain {

    private static final Fr SEVEN = Fr.of(7);

    private SquareChain() {
    }

    /** The wire of s[i]. */
    private static int wire(int i, int n) {
        return i == n ? 1 : i == 0 ? 2 : 2 + i;
    }

    /** The circuit of n ≥ 1 squarings. */
    public static R1cs r1cs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a square chain needs at least one squaring, got " + n);
        }
        List<Constraint> cs = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LinearCombination prev = LinearCombination.term(wire(i - 1, n), Fr.ONE);
            LinearCombination next = LinearCombination.of(new int[] {WireLayout.CONSTANT_WIRE, wire(i, n)}, new Fr[] {SEVEN.neg(), Fr.ONE});
            cs.add(new Constraint(prev, prev, next));
        }
        return R1cs.of(new WireLayout(n + 2, 1, 0, 1), cs);
    }

    /** The witness of the chain of n squarings from x. */
    public static Witness witness(int n, Fr x) {
        Fr[] w = new Fr[n + 2];
        w[0] = Fr.ONE;
        Fr s = x;
        w[wire(0, n)] = s;
        for (int i = 1; i <= n; i++) {
            s = s.square().add(SEVEN);
            w[wire(i, n)] = s;
        }
        return Witness.of(w);
    }
}
