package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.quant.ProgramBuilder;
import io.zkml.compiler.quant.QValue;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import java.util.List;
import java.util.function.BiFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Per gadget: exhaustively at tiny bit widths, for every in-range input, the honest witness is the only one the
 * R1CS accepts (so no other output, quotient, remainder, sign or index can be proven); directed malicious
 * witnesses at realistic widths are rejected; and on random values evaluate (the reference semantics) and the
 * lowered circuit's witness agree.
 */
class GadgetSoundnessTest {

    /** Exhaustive uniqueness over every input in [lo, hi]. */
    static void uniqueForEveryInput(long lo, long hi, BiFunction<ProgramBuilder, QValue, QValue> body) {
        Circuit c = Gadgets.circuit(1, lo, hi, 0, 2, body);
        R1cs r = c.r1cs();
        int in = c.inputWires(0)[0];
        int outWire = c.outputWires(0)[0];
        for (long x = lo; x <= hi; x++) {
            long[] solved = c.solve(new long[][] {{x}});
            Witness honest = c.witness(solved);
            assertThat(r.isSatisfiedBy(honest)).as("honest witness for x = %d", x).isTrue();
            List<Fr[]> all = Exhaustive.witnesses(r, new Fr[] {honest.get(in)}, 22);
            assertThat(all).as("witnesses for x = %d", x).hasSize(1);
            assertThat(all.getFirst()[outWire]).isEqualTo(honest.get(outWire));
            assertThat(honest.get(outWire)).isEqualTo(Fr.of(c.program().evaluate(new long[][] {{x}})[c.program().outputs().getFirst().value().id()][0]));
        }
        // an input outside the declared range has no witness at all
        for (long x : new long[] {lo - 1, hi + 1, lo - 7, hi + 9}) {
            assertThat(Exhaustive.witnesses(r, new Fr[] {Fr.of(x)}, 22)).as("x = %d is out of range", x).isEmpty();
        }
    }

    @Test
    void inputRangeCheckAcceptsExactlyTheDeclaredRange() {
        uniqueForEveryInput(-5, 6, (b, x) -> x);
        uniqueForEveryInput(-4, 3, (b, x) -> x);
        uniqueForEveryInput(3, 3, (b, x) -> x);
        uniqueForEveryInput(0, 1, (b, x) -> x);
    }

    @Test
    void rescaleRoundsToNearestAndNothingElseProves() {
        uniqueForEveryInput(-8, 7, (b, x) -> b.rescale(Gadgets.NODE, x, 2));
        uniqueForEveryInput(-8, 7, (b, x) -> b.rescale(Gadgets.NODE, x, 1));
    }

    @Test
    void reluAfterRescaleSharesItsBitsAndIsUnique() {
        uniqueForEveryInput(-8, 7, (b, x) -> b.relu(Gadgets.NODE, b.rescale(Gadgets.NODE, x, 2)));
    }

    @Test
    void reluOfALinearValueIsUnique() {
        uniqueForEveryInput(-6, 5, (b, x) -> b.relu(Gadgets.NODE, b.affine(Gadgets.NODE, List.of(x), new int[][] {{0}}, new long[] {3}, new long[] {1},
                new int[] {1}, 0)));
    }

    @Test
    void divisionByAConstantIsUnique() {
        uniqueForEveryInput(-7, 8, (b, x) -> b.divRound(Gadgets.NODE, x, 3));
        uniqueForEveryInput(-8, 7, (b, x) -> b.divRound(Gadgets.NODE, x, 5));
    }

    @Test
    void maxOfTwoIsUnique() {
        // max(x, 1 − x)
        uniqueForEveryInput(-5, 6, (b, x) -> {
            QValue y = b.affine(Gadgets.NODE, List.of(x), new int[][] {{0}}, new long[] {-1}, new long[] {1}, new int[] {1}, 0);
            return b.max(Gadgets.NODE, x, new int[] {0}, y, new int[] {0}, new int[] {1});
        });
    }

    @Test
    void productIsUnique() {
        uniqueForEveryInput(-4, 5, (b, x) -> b.product(Gadgets.NODE, x, x, new int[] {0}, new int[] {0}, new int[] {1}));
    }

    @Test
    void comparisonAndSignAreUnique() {
        uniqueForEveryInput(-4, 3, (b, x) -> b.nonNegative(Gadgets.NODE, b.affine(Gadgets.NODE, List.of(x), new int[][] {{0}}, new long[] {3},
                new long[] {1}, new int[] {1}, 0)));
        uniqueForEveryInput(-8, 7, (b, x) -> b.nonNegative(Gadgets.NODE, b.rescale(Gadgets.NODE, x, 2)));
        uniqueForEveryInput(-4, 3, (b, x) -> {
            QValue nn = b.nonNegative(Gadgets.NODE, x);
            QValue pos = b.nonNegative(Gadgets.NODE, b.affine(Gadgets.NODE, List.of(x), new int[][] {{0}}, new long[] {1}, new long[] {-1},
                    new int[] {1}, 0));
            return b.affine(Gadgets.NODE, List.of(nn, pos), new int[][] {{0}, {0}}, new long[] {1, 1}, new long[] {-1}, new int[] {1}, 0);
        });
    }

    @Test
    void argMaxHasOneWitnessForEveryInput() {
        for (long last = 0; last <= 1; last++) {
            io.zkml.compiler.onnx.proto.OnnxProto.GraphProto.Builder g = io.zkml.compiler.onnx.proto.OnnxProto.GraphProto.newBuilder()
                    .addInput(Models.floatInput("x", 1, 2)).addOutput(Models.output("y"))
                    .addNode(Models.node("ArgMax", "am", new String[] {"x"}, new String[] {"y"},
                            io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.newBuilder().setName("axis").setI(1)
                                    .setType(io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.AttributeType.INT).build(),
                            io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.newBuilder().setName("select_last_index").setI(last)
                                    .setType(io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.AttributeType.INT).build()));
            Circuit c = Compiler.compile(Models.model(13, g), CompileOptions.withRange(-1, 0).withScales(0, 0));
            int out = c.outputWires(0)[0];
            for (long a = -1; a <= 0; a++) {
                for (long bb = -1; bb <= 0; bb++) {
                    Witness honest = c.witness(c.solve(new long[][] {{a, bb}}));
                    List<Fr[]> all = Exhaustive.witnesses(c.r1cs(), new Fr[] {Fr.of(a), Fr.of(bb)}, 22);
                    assertThat(all).as("x = [%d, %d]", a, bb).hasSize(1);
                    long expected = a > bb || a == bb && last == 0 ? 0 : 1;
                    assertThat(all.getFirst()[out]).isEqualTo(Fr.of(expected)).isEqualTo(honest.get(out));
                }
            }
        }
    }

    @Test
    void reluCostsShiftPlusBitsPlusTwo() {
        Circuit rescaleOnly = Gadgets.circuit(1, -1000, 1000, 0, 8, (b, x) -> b.rescale(Gadgets.NODE, x, 4));
        Circuit withRelu = Gadgets.circuit(1, -1000, 1000, 0, 8, (b, x) -> b.relu(Gadgets.NODE, b.rescale(Gadgets.NODE, x, 4)));
        int input = Gadgets.circuit(1, -1000, 1000, 0, 8, (b, x) -> x).r1cs().nConstraints() - 1; // range check without the output copy
        int s = 4;
        int bits = io.zkml.compiler.quant.Bounds.signedBits(-63, 63);
        // rescale: s + b booleans and one linear constraint; ReLU: one more; plus one output copy each
        assertThat(rescaleOnly.r1cs().nConstraints() - input - 1).isEqualTo(s + bits + 1);
        assertThat(withRelu.r1cs().nConstraints() - input).isLessThanOrEqualTo(s + bits + 2);
    }

    @Test
    void linearLayersCostNoMultiplicationConstraint() {
        for (String name : new String[] {"1l_linear", "1l_conv", "1l_conv_transpose", "1l_flatten"}) {
            Circuit c = Compiler.compile(Corpus.model(name), Corpus.optionsFor(Corpus.input(name)));
            long products = c.r1cs().constraints().stream()
                    .filter(k -> !k.a().isEmpty() && !(k.c().isEmpty() && k.a().size() == 1 && k.b().size() == 2 && k.b().wire(1) == k.a().wire(0)))
                    .count();
            assertThat(products).as(name + ": constraints other than linear ones and bit checks").isZero();
        }
    }

    @Test
    void forcedOtherQuotientOrSignIsRejected() {
        Circuit c = Gadgets.circuit(1, -100000, 100000, 0, 8, (b, x) -> b.relu(Gadgets.NODE, b.rescale(Gadgets.NODE, x, 8)));
        R1cs r = c.r1cs();
        for (long x : new long[] {-100000, -300, -129, -128, -1, 0, 1, 127, 128, 99999}) {
            long[] solved = c.solve(new long[][] {{x}});
            Witness honest = c.witness(solved);
            assertThat(r.isSatisfiedBy(honest)).isTrue();
            int out = c.outputWires(0)[0];
            // another output, every helper wire left as it was
            assertThat(r.isSatisfiedBy(honest.with(out, honest.get(out).add(Fr.ONE)))).isFalse();
            // every single boolean wire flipped (another quotient, remainder or sign), the output recomputed to match
            for (int w = r.wires().firstInternal(); w < r.nWires(); w++) {
                Fr v = honest.get(w);
                if (v.isZero() || v.isOne()) {
                    Witness m = honest.with(w, v.isZero() ? Fr.ONE : Fr.ZERO);
                    assertThat(r.isSatisfiedBy(m)).as("x = %d, wire %d flipped", x, w).isFalse();
                }
            }
        }
    }

    @Property(tries = 200)
    void evaluateAndLowerAgree(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long x, @ForAll @IntRange(min = 1, max = 20) int shift,
            @ForAll @IntRange(min = 2, max = 1000) int divisor) {
        long lo = -1_000_000;
        long hi = 1_000_000;
        Circuit c = Gadgets.circuit(1, lo, hi, 0, 8, (b, v) -> {
            QValue r = b.relu(Gadgets.NODE, b.rescale(Gadgets.NODE, v, shift));
            QValue d = b.divRound(Gadgets.NODE, v, divisor);
            QValue m = b.max(Gadgets.NODE, r, new int[] {0}, d, new int[] {0}, new int[] {1});
            return b.product(Gadgets.NODE, m, d, new int[] {0}, new int[] {0}, new int[] {1});
        });
        long[][] values = c.program().evaluate(new long[][] {{x}});
        long expected = values[c.program().outputs().getFirst().value().id()][0];
        WitnessGenerator.Result res = WitnessGenerator.generate(c, List.of(new double[] {x}));
        assertThat(res.quantizedOutputs()[0][0]).isEqualTo(expected);
        long q = Math.floorDiv(x + (1L << (shift - 1)), 1L << shift);
        long dq = Math.floorDiv(x + divisor / 2, divisor);
        assertThat(expected).isEqualTo(Math.max(Math.max(q, 0), dq) * dq);
    }
}
