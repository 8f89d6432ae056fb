package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.quant.DivisionOps;
import io.zkml.compiler.quant.Operand;
import io.zkml.compiler.quant.QValue;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Division by a computed tensor: exhaustively unique at tiny widths (a positive denominator, and one whose range
 * holds 0 under the a / 0 = 0 policy); forged quotients, remainders and signs rejected with helper wires re-solved;
 * witness, evaluate and exact rounded division agree on random pairs.
 */
class QuotientSoundnessTest {

    private static QValue pick(io.zkml.compiler.quant.ProgramBuilder b, QValue x, int i) {
        return b.gather(Gadgets.NODE, x, new int[] {i}, new int[] {1});
    }

    @Test
    void uniqueForAPositiveDenominator() {
        // x / (x + 5) for x in [−4, 3]
        Circuit c = Gadgets.circuit(1, -4, 3, 0, 0, (b, x) -> DivisionOps.divide(b, Gadgets.NODE, new Operand.Var(x),
                b.affine(Gadgets.NODE, List.of(x), new int[][] {{0}}, new long[] {1}, new long[] {5}, new int[] {1}, 0)));
        exhaustive(c, -4, 3, x -> Math.floorDiv(2 * x + x + 5, 2 * (x + 5)));
    }

    @Test
    void uniqueForADenominatorThroughZero() {
        // 3 / x for x in [−1, 1], with 3 / 0 = 0
        Circuit c = Gadgets.circuit(1, -1, 1, 0, 0, (b, x) -> DivisionOps.divide(b, Gadgets.NODE, new Operand.Const(new Constant(new int[0], new double[] {3})), x));
        exhaustive(c, -1, 1, x -> x == 0 ? 0 : Long.signum(x) * Math.floorDiv(6 + Math.abs(x), 2 * Math.abs(x)));
    }

    private static void exhaustive(Circuit c, long lo, long hi, java.util.function.LongUnaryOperator expected) {
        R1cs r = c.r1cs();
        int in = c.inputWires(0)[0];
        int out = c.outputWires(0)[0];
        for (long x = lo; x <= hi; x++) {
            Witness honest = c.witness(c.solve(new long[][] {{x}}));
            assertThat(r.isSatisfiedBy(honest)).isTrue();
            assertThat(honest.get(out)).as("x = %d", x).isEqualTo(Fr.of(expected.applyAsLong(x)));
            List<Fr[]> all = Exhaustive.witnesses(r, new Fr[] {honest.get(in)}, 20);
            assertThat(all).as("witnesses for x = %d", x).hasSize(1);
        }
    }

    @Test
    void forgedQuotientRemainderOrSignIsRejected() {
        Circuit c = Gadgets.circuit(2, -3000, 3000, 8, 8, (b, x) -> DivisionOps.divide(b, Gadgets.NODE, new Operand.Var(pick(b, x, 0)), pick(b, x, 1)));
        R1cs r = c.r1cs();
        int first = r.wires().firstInternal();
        long[][] pairs = {{3000, 1}, {-3000, 1}, {1, 3000}, {-7, 3}, {7, -3}, {100, 0}, {0, 0}, {-1, -1}, {2999, -2999}, {5, 2}};
        for (long[] p : pairs) {
            Witness honest = c.witness(c.solve(new long[][] {p}));
            assertThat(r.isSatisfiedBy(honest)).isTrue();
            int out = c.outputWires(0)[0];
            assertThat(r.isSatisfiedBy(honest.with(out, honest.get(out).add(Fr.ONE)))).isFalse();
            List<Integer> booleans = new ArrayList<>();
            for (int w = first; w < r.nWires(); w++) {
                if (honest.get(w).isZero() || honest.get(w).isOne()) {
                    booleans.add(w);
                }
            }
            for (int flip : booleans) {
                Fr[] w = new Fr[r.nWires()];
                for (int i = 0; i < first; i++) {
                    w[i] = honest.get(i);
                }
                for (int bw : booleans) {
                    w[bw] = honest.get(bw);
                }
                w[flip] = w[flip].isZero() ? Fr.ONE : Fr.ZERO;
                if (SplineSoundnessTest.complete(r, w)) {
                    Witness forged = honest;
                    for (int i = first; i < w.length; i++) {
                        forged = forged.with(i, w[i]);
                    }
                    assertThat(r.isSatisfiedBy(forged)).as("%s / %s, wire %d flipped, helpers re-solved", p[0], p[1], flip).isFalse();
                }
            }
        }
    }

    @Property(tries = 200)
    void witnessEvaluateAndExactDivisionAgree(@ForAll @LongRange(min = -5000, max = 5000) long a, @ForAll @LongRange(min = -5000, max = 5000) long d) {
        Circuit c = Gadgets.circuit(2, -5000, 5000, 8, 8, (b, x) -> DivisionOps.divide(b, Gadgets.NODE, new Operand.Var(pick(b, x, 0)), pick(b, x, 1)));
        long[][] values = c.program().evaluate(new long[][] {{a, d}});
        long expected = values[c.program().outputs().getFirst().value().id()][0];
        WitnessGenerator.Result res = WitnessGenerator.generate(c, List.of(new double[] {Math.scalb((double) a, -8), Math.scalb((double) d, -8)}));
        assertThat(res.quantizedOutputs()[0][0]).isEqualTo(expected);
        // round(a·2^8 / d) half up, sign of d applied after: exact rational arithmetic
        long want = d == 0 ? 0 : Long.signum(d) * Math.floorDiv(2 * (a << 8) + Math.abs(d), 2 * Math.abs(d));
        assertThat(expected).isEqualTo(want);
    }
}
