package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Selective disclosure of an output: argmax, thresholds and element selections. Exhaustively at tiny widths, for
 * every input the R1CS accepts exactly one witness and its public signals are what an independent oracle says;
 * at realistic widths the circuits are structurally determined and directed forgeries (another index, a tied
 * index, a flipped bit at the threshold's boundary, another element in a public slot) are rejected; and evaluate
 * agrees with the lowered circuit.
 */
class DisclosureSoundnessTest {

    /** The first index of the largest element. */
    static long argMax(long[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    /** [x·2^−scale op T] decided on the real numbers, independently of the gadget's floor/ceiling. */
    static long[] thresholdBits(Visibility.Threshold t, long[] q, int scale) {
        return Arrays.stream(q).map(x -> t.test(Math.scalb((double) x, -scale)) ? 1 : 0).toArray();
    }

    /**
     * For every input vector in [lo, hi]^n: one witness, whose public signals are the oracle's.
     */
    static void uniqueForEveryInput(int n, long lo, long hi, int scale, Visibility vis, Function<long[], long[]> oracle) {
        Circuit c = Gadgets.disclosing(n, lo, hi, scale, vis);
        R1cs r = c.r1cs();
        int[] pub = c.disclosedWires(0);
        assertThat(r.wires().nPubOut()).isEqualTo(pub.length);
        long[] x = new long[n];
        Arrays.fill(x, lo);
        int checked = 0;
        while (true) {
            Witness honest = c.witness(c.solve(new long[][] {x}));
            assertThat(r.isSatisfiedBy(honest)).isTrue();
            Fr[] in = Arrays.stream(x).mapToObj(Fr::of).toArray(Fr[]::new);
            List<Fr[]> all = Exhaustive.witnesses(r, in, 22);
            assertThat(all).as("%s: witnesses for x = %s", vis, Arrays.toString(x)).hasSize(1);
            long[] expected = oracle.apply(x.clone());
            for (int i = 0; i < pub.length; i++) {
                assertThat(all.getFirst()[pub[i]]).as("%s: signal %d for x = %s", vis, i, Arrays.toString(x)).isEqualTo(Fr.of(expected[i]));
            }
            checked++;
            int k = 0;
            while (k < n && x[k] == hi) {
                x[k++] = lo;
            }
            if (k == n) {
                break;
            }
            x[k]++;
        }
        assertThat(checked).isGreaterThan(1);
    }

    @Test
    void argMaxIsTheFirstLargestAndNothingElseProves() {
        uniqueForEveryInput(3, 0, 1, 0, new Visibility.ArgMax(), x -> new long[] {argMax(x)});
        uniqueForEveryInput(2, -1, 1, 0, new Visibility.ArgMax(), x -> new long[] {argMax(x)});
        // one element per row: the constant 0
        uniqueForEveryInput(1, -2, 1, 0, new Visibility.ArgMax(), x -> new long[] {0});
    }

    @Test
    void everyThresholdBitIsTheExactComparisonAndNothingElseProves() {
        int scale = 2;
        // T·2^2 an integer (0.75 → 3, −0.5 → −2), and not (0.8 → 3.2, −0.3 → −1.2); the range −8..7 holds both sides
        for (String t : new String[] {"0.75", "0.8", "-0.5", "-0.3"}) {
            for (String op : new String[] {"gt", "ge", "lt", "le"}) {
                Visibility.Threshold vis = (Visibility.Threshold) Visibility.parse(op + ":" + t);
                uniqueForEveryInput(1, -8, 7, scale, vis, x -> thresholdBits(vis, x, scale));
            }
        }
        // a threshold beyond the output's range gives a constant bit, still the exact comparison
        for (String v : new String[] {"gt:100", "lt:100", "ge:-100", "le:-100"}) {
            Visibility.Threshold vis = (Visibility.Threshold) Visibility.parse(v);
            uniqueForEveryInput(1, -8, 7, scale, vis, x -> thresholdBits(vis, x, scale));
        }
    }

    @Test
    void selectedElementsAreExactlyTheListedOnes() {
        uniqueForEveryInput(3, -2, 1, 0, Visibility.parse("public:0,2"), x -> new long[] {x[0], x[2]});
        uniqueForEveryInput(3, -2, 1, 0, Visibility.parse("public:1"), x -> new long[] {x[1]});
    }

    /** The honest witness is accepted; each forgery (signal index → value, other wires as honest) is rejected. */
    static void forgeriesRejected(Circuit c, long[] x, long[]... forged) {
        R1cs r = c.r1cs();
        Witness honest = c.witness(c.solve(new long[][] {x}));
        assertThat(r.isSatisfiedBy(honest)).isTrue();
        int[] pub = c.disclosedWires(0);
        for (long[] f : forged) {
            Witness m = honest.with(pub[(int) f[0]], Fr.of(f[1]));
            assertThat(r.isSatisfiedBy(m)).as("x = %s, signal %d forced to %d", Arrays.toString(x), f[0], f[1]).isFalse();
        }
        // every boolean helper wire flipped on its own: another comparison, sign or selector
        for (int w = r.wires().firstInternal(); w < r.nWires(); w++) {
            Fr v = honest.get(w);
            if (v.isZero() || v.isOne()) {
                assertThat(r.isSatisfiedBy(honest.with(w, v.isZero() ? Fr.ONE : Fr.ZERO))).as("x = %s, wire %d flipped", Arrays.toString(x), w).isFalse();
            }
        }
    }

    @Test
    void argMaxAtRealisticWidthsIsDeterminedAndRefusesOtherIndices() {
        Circuit c = Gadgets.disclosing(4, -3000, 3000, 8, new Visibility.ArgMax());
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
        // a tie between 1 and 2: only 1 (the first) proves
        forgeriesRejected(c, new long[] {5, 900, 900, 2}, new long[] {0, 2}, new long[] {0, 0}, new long[] {0, 3});
        forgeriesRejected(c, new long[] {-3000, -3000, -3000, -3000}, new long[] {0, 1}, new long[] {0, 3});
        forgeriesRejected(c, new long[] {-7, -8, 2999, 3000}, new long[] {0, 2}, new long[] {0, 0});
        assertThat(WitnessGenerator.generate(c, List.of(new double[] {0.5, 2, 2, -1})).disclosed()[0]).containsExactly(1);
    }

    @Test
    void thresholdBitsAtTheBoundaryAreDeterminedAndCannotBeFlipped() {
        int scale = 8;
        for (String op : new String[] {"gt", "ge", "lt", "le"}) {
            Visibility.Threshold vis = (Visibility.Threshold) Visibility.parse(op + ":0.8");
            Circuit c = Gadgets.disclosing(1, -100_000, 100_000, scale, vis);
            assertThat(Determinism.check(c.r1cs()).undetermined()).as(op).isZero();
            // ⌊0.8·256⌋ = 204, ⌈0.8·256⌉ = 205
            for (long q = 202; q <= 206; q++) {
                long bit = thresholdBits(vis, new long[] {q}, scale)[0];
                assertThat(c.disclosed(c.solve(new long[][] {{q}}), 0)).as("%s at q = %d", vis, q).containsExactly(bit);
                forgeriesRejected(c, new long[] {q}, new long[] {0, 1 - bit}, new long[] {0, 2});
            }
        }
        Circuit gt = Gadgets.disclosing(1, -100_000, 100_000, scale, Visibility.parse("gt:0.8"));
        assertThat(gt.disclosed(gt.solve(new long[][] {{204}}), 0)).containsExactly(0);
        assertThat(gt.disclosed(gt.solve(new long[][] {{205}}), 0)).containsExactly(1);
    }

    @Test
    void aPublicSlotHoldsItsElementAndNoOther() {
        Circuit c = Gadgets.disclosing(5, -1000, 1000, 8, Visibility.parse("public:1,3"));
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
        assertThat(c.r1cs().wires().nPubOut()).isEqualTo(2);
        long[] x = {11, 22, 33, 44, 55};
        long[] solved = c.solve(new long[][] {x});
        assertThat(c.disclosed(solved, 0)).containsExactly(22, 44);
        assertThat(c.r1cs().publicSignals(c.witness(solved))).containsExactly(Fr.of(22), Fr.of(44));
        // another element (private or public) in a public slot
        forgeriesRejected(c, x, new long[] {0, 11}, new long[] {0, 33}, new long[] {0, 44}, new long[] {1, 55}, new long[] {1, 22});
    }

    @Property(tries = 60)
    void evaluateAndLowerAgree(@ForAll @Size(4) List<@IntRange(min = -2000, max = 2000) Integer> xs, @ForAll @IntRange(min = 0, max = 5) int which) {
        Visibility vis = List.of(Visibility.parse("argmax"), Visibility.parse("gt:1.5"), Visibility.parse("ge:-0.37"), Visibility.parse("lt:3"),
                Visibility.parse("le:0.001"), Visibility.parse("public:0,2,3")).get(which);
        Circuit c = Gadgets.disclosing(4, -2000, 2000, 8, vis);
        long[] x = xs.stream().mapToLong(Integer::longValue).toArray();
        long[][] values = c.program().evaluate(new long[][] {x});
        long[] evaluated = values[c.program().outputs().getFirst().disclosed().id()];
        WitnessGenerator.Result r = WitnessGenerator.generate(c, List.of(Arrays.stream(x).mapToDouble(q -> Math.scalb((double) q, -8)).toArray()));
        assertThat(r.disclosed()[0]).isEqualTo(evaluated);
        assertThat(r.quantizedOutputs()[0]).isEqualTo(x);
        long[] expected = switch (vis) {
            case Visibility.ArgMax a -> new long[] {argMax(x)};
            case Visibility.Threshold t -> thresholdBits(t, x, 8);
            case Visibility.Elements e -> new long[] {x[0], x[2], x[3]};
            default -> throw new IllegalStateException();
        };
        assertThat(evaluated).isEqualTo(expected);
    }
}
