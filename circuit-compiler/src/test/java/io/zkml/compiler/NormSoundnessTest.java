package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.onnx.proto.OnnxProto.GraphProto;
import io.zkml.compiler.quant.DivisionOps;
import io.zkml.compiler.quant.NormOps;
import io.zkml.compiler.quant.Operand;
import io.zkml.compiler.quant.QValue;
import io.zkml.compiler.witness.WitnessGenerator;
import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.wtns.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The exact square root behind the normalizations, the division and the determinism rules for both; LayerNorm and
 * LogSoftmax models against float64 math.
 */
class NormSoundnessTest {

    @Test
    void squareRootIsExactAndUniqueForEveryInput() {
        Circuit c = Gadgets.circuit(1, 0, 15, 0, 0, (b, x) -> NormOps.squareRoot(b, Gadgets.NODE, x, 0, ""));
        R1cs r = c.r1cs();
        int in = c.inputWires(0)[0];
        int out = c.outputWires(0)[0];
        for (long v = 0; v <= 15; v++) {
            Witness honest = c.witness(c.solve(new long[][] {{v}}));
            assertThat(r.isSatisfiedBy(honest)).isTrue();
            assertThat(honest.get(out)).as("⌊√%d⌋", v).isEqualTo(Fr.of((long) Math.floor(Math.sqrt(v))));
            List<Fr[]> all = Exhaustive.witnesses(r, new Fr[] {honest.get(in)}, 17);
            assertThat(all).as("witnesses for v = %d", v).hasSize(1);
        }
    }

    @net.jqwik.api.Property(tries = 200)
    void squareRootWitnessEqualsEvaluateAndMath(@net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 1L << 40) long v) {
        Circuit c = Gadgets.circuit(1, 0, 1L << 40, 0, 0, (b, x) -> NormOps.squareRoot(b, Gadgets.NODE, x, 0, ""));
        long[] solved = c.solve(new long[][] {{v}});
        assertThat(c.r1cs().isSatisfiedBy(c.witness(solved))).isTrue();
        long r = c.output(solved, 0)[0];
        assertThat(r).isEqualTo(c.program().evaluate(new long[][] {{v}})[c.program().outputs().getFirst().value().id()][0]);
        assertThat(java.math.BigInteger.valueOf(v).sqrt().longValueExact()).isEqualTo(r);
    }

    /** Log by range decomposition: every integer input of [−1, 8] at 2^−8 within 0.75 quanta of ln (clamped at one quantum). */
    @Test
    void logIsWithinThreeQuartersOfAQuantumEverywhere() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1)).addOutput(Models.output("y"))
                .addNode(Models.node("Log", "l", new String[] {"x"}, new String[] {"y"}));
        Circuit c = Compiler.compile(Models.model(13, g), CompileOptions.withRange(-1, 8));
        int out = c.program().outputs().getFirst().value().id();
        double worst = 0;
        for (long x = -256; x <= 8 * 256; x++) {
            double got = Math.scalb((double) c.program().evaluate(new long[][] {{x}})[out][0], -8);
            worst = Math.max(worst, Math.abs(got - Math.log(Math.scalb((double) Math.max(x, 1), -8))));
        }
        System.out.printf(java.util.Locale.ROOT, "Log on [-1, 8] at 2^-8: %d constraints per element, worst error %.6f%n", c.r1cs().nConstraints(), worst);
        assertThat(worst).isLessThanOrEqualTo(0.75 / 256);
        for (long x : new long[] {-256, 0, 1, 2, 3, 255, 256, 257, 1000, 2047, 2048}) {
            long[] solved = c.solve(new long[][] {{x}});
            assertThat(c.r1cs().isSatisfiedBy(c.witness(solved))).isTrue();
            assertThat(c.output(solved, 0)[0]).isEqualTo(c.program().evaluate(new long[][] {{x}})[out][0]);
        }
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
        assertThat(io.zkml.compiler.circuit.CircuitFiles.circuitJson(c, "x").path("policies").get(0).path("policy").asText()).startsWith("Log: inputs below");
    }

    /** Pow with fractional and negative exponents by range decomposition: every input of the range, against Math.pow. */
    @Test
    void powIsAccurateEverywhere() {
        for (double p : new double[] {0.3, 1.5, -1, -0.5, 2.5}) {
            GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1)).addOutput(Models.output("y"))
                    .addInitializer(Models.floats("p", new long[0], p))
                    .addNode(Models.node("Pow", "pw", new String[] {"x", "p"}, new String[] {"y"}));
            double lo = p < 0 ? 0.25 : -1;
            Circuit c = Compiler.compile(Models.model(13, g), CompileOptions.withRange(lo, 4));
            int out = c.program().outputs().getFirst().value().id();
            double worst = 0;
            double scale = 0;
            for (long x = Math.round(lo * 256); x <= 4 * 256; x++) {
                double real = Math.scalb((double) x, -8);
                double want = real < Math.scalb(1.0, -8) ? 0 : Math.pow(real, p);
                scale = Math.max(scale, Math.abs(want));
                double got = Math.scalb((double) c.program().evaluate(new long[][] {{x}})[out][0], -8);
                worst = Math.max(worst, Math.abs(got - want));
            }
            System.out.printf(java.util.Locale.ROOT, "Pow %s on [%s, 4] at 2^-8: %d constraints per element, worst error %.6f (largest value %.3f)%n",
                    p, lo, c.r1cs().nConstraints(), worst, scale);
            assertThat(worst).as("x^%s", p).isLessThanOrEqualTo(1.0 / 256 + 0.001 * scale);
            long[] solved = c.solve(new long[][] {{1000}});
            assertThat(c.r1cs().isSatisfiedBy(c.witness(solved))).isTrue();
            assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
        }
    }

    /** Exp by range decomposition: every input of the range within 0.75 quanta plus 0.1% of e^x. */
    @Test
    void expIsAccurateEverywhere() {
        for (double[] range : new double[][] {{-8, 2}, {-8, 8}, {-40, 4}}) {
            GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1)).addOutput(Models.output("y"))
                    .addNode(Models.node("Exp", "e", new String[] {"x"}, new String[] {"y"}));
            Circuit c = Compiler.compile(Models.model(13, g), CompileOptions.withRange(range[0], range[1]));
            int out = c.program().outputs().getFirst().value().id();
            double worst = 0;
            double worstRel = 0;
            for (long x = Math.round(range[0] * 256); x <= range[1] * 256; x++) {
                double want = Math.exp(Math.scalb((double) x, -8));
                double got = Math.scalb((double) c.program().evaluate(new long[][] {{x}})[out][0], -8);
                worst = Math.max(worst, Math.abs(got - want));
                worstRel = Math.max(worstRel, Math.abs(got - want) - 0.75 / 256);
                assertThat(Math.abs(got - want)).as("e^%s", Math.scalb((double) x, -8)).isLessThanOrEqualTo(0.75 / 256 + 0.001 * want);
            }
            System.out.printf(java.util.Locale.ROOT, "Exp on [%s, %s] at 2^-8: %d constraints per element, worst error %.6f%n", range[0], range[1],
                    c.r1cs().nConstraints(), worst);
            for (long x : new long[] {Math.round(range[0] * 256), -1, 0, 1, Math.round(range[1] * 256)}) {
                long[] solved = c.solve(new long[][] {{x}});
                assertThat(c.r1cs().isSatisfiedBy(c.witness(solved))).isTrue();
                assertThat(c.output(solved, 0)[0]).isEqualTo(c.program().evaluate(new long[][] {{x}})[out][0]);
            }
            assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
        }
    }

    @Test
    void leadingOneIsUniqueForEveryInput() {
        // u in [1, 15]: m = u·2^(3 − ⌊log₂ u⌋) in [8, 15] and j = ⌊log₂ u⌋, both outputs
        Circuit c = Gadgets.circuit(1, 1, 15, 0, 0, (b, x) -> {
            QValue split = b.value(new int[] {6}, 0, new long[] {8, 0, 0, 0, 0, 0}, new long[] {15, 3, 1, 1, 1, 1});
            b.ops().add(new io.zkml.compiler.quant.LeadingOne(new int[] {x.id()}, split, "test", 4, ""));
            return split;
        });
        R1cs r = c.r1cs();
        int in = c.inputWires(0)[0];
        for (long u = 1; u <= 15; u++) {
            long[] solved = c.solve(new long[][] {{u}});
            Witness honest = c.witness(solved);
            assertThat(r.isSatisfiedBy(honest)).isTrue();
            int j = 63 - Long.numberOfLeadingZeros(u);
            long[] lead = new long[4];
            lead[j] = 1;
            assertThat(c.output(solved, 0)).containsExactly(u << (3 - j), j, lead[0], lead[1], lead[2], lead[3]);
            assertThat(Exhaustive.witnesses(r, new Fr[] {honest.get(in)}, 17)).as("witnesses for u = %d", u).hasSize(1);
        }
        assertThat(Determinism.check(r).undetermined()).isZero();
    }

    private static R1cs without(R1cs r, int constraint) {
        List<Constraint> cs = new ArrayList<>(r.constraints());
        cs.remove(constraint);
        return R1cs.of(r.wires(), cs);
    }

    private static QValue pick(io.zkml.compiler.quant.ProgramBuilder b, QValue x, int i) {
        return b.gather(Gadgets.NODE, x, new int[] {i}, new int[] {1});
    }

    /** The division and square-root rules do not stamp a gadget missing any one of its constraints as determined. */
    @Test
    void removingAnyConstraintOfDivisionOrSquareRootLeavesAWireUndetermined() {
        List<Circuit> circuits = List.of(
                Gadgets.circuit(1, 0, 1000, 0, 0, (b, x) -> NormOps.squareRoot(b, Gadgets.NODE, x, 0, "")),
                Gadgets.circuit(2, -100, 100, 0, 0, (b, x) -> DivisionOps.divide(b, Gadgets.NODE, new Operand.Var(pick(b, x, 0)), pick(b, x, 1))),
                Gadgets.circuit(1, -100, 100, 0, 0, (b, x) -> DivisionOps.divide(b, Gadgets.NODE, new Operand.Const(new Constant(new int[0], new double[] {7})), x)));
        for (Circuit c : circuits) {
            R1cs r = c.r1cs();
            assertThat(Determinism.check(r).undetermined()).isZero();
            for (int i = 0; i < r.nConstraints(); i++) {
                assertThat(Determinism.check(without(r, i)).undetermined()).as("constraint %d of %d removed", i, r.nConstraints()).isPositive();
            }
        }
    }

    @Test
    void layerNormalizationMatchesFloat64() throws Exception {
        int rows = 3;
        int cols = 6;
        double[] gamma = {1, 0.5, -1, 2, 1, 0.25};
        double[] beta = {0, 0.1, 0.2, -0.3, 0, 1};
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", rows, cols)).addOutput(Models.output("y"))
                .addInitializer(Models.floats("g", new long[] {cols}, gamma)).addInitializer(Models.floats("b", new long[] {cols}, beta))
                .addNode(Models.node("LayerNormalization", "ln", new String[] {"x", "g", "b"}, new String[] {"y"}, Models.floatAttr("epsilon", 1e-5)));
        SplittableRandom rnd = new SplittableRandom(3);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble(-3, 3);
        }
        Circuit c = Compiler.compile(Models.model(17, g), CompileOptions.withRange(-3, 3));
        double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
        double[] want = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < cols; j++) {
                mean += x[r * cols + j] / cols;
            }
            double var = 0;
            for (int j = 0; j < cols; j++) {
                var += Math.pow(x[r * cols + j] - mean, 2) / cols;
            }
            for (int j = 0; j < cols; j++) {
                want[r * cols + j] = gamma[j] * (x[r * cols + j] - mean) / Math.sqrt(var + 1e-5) + beta[j];
            }
        }
        assertClose(got, want);
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
    }

    @Test
    void logSoftmaxMatchesFloat64() throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 2, 5)).addOutput(Models.output("y"))
                .addNode(Models.node("LogSoftmax", "ls", new String[] {"x"}, new String[] {"y"}));
        double[] x = {-2, -1, 0, 1, 2, 3.5, -3.5, 0.25, 0.5, 0.75};
        Circuit c = Compiler.compile(Models.model(13, g), CompileOptions.withRange(-4, 4));
        double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
        double[] want = new double[x.length];
        for (int r = 0; r < 2; r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 5; j++) {
                m = Math.max(m, x[r * 5 + j]);
            }
            double s = 0;
            for (int j = 0; j < 5; j++) {
                s += Math.exp(x[r * 5 + j] - m);
            }
            for (int j = 0; j < 5; j++) {
                want[r * 5 + j] = x[r * 5 + j] - m - Math.log(s);
            }
        }
        assertClose(got, want);
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
    }

    @Test
    void reduceL1L2AndSumSquareMatchFloat64() throws Exception {
        double[] x = {-2.5, 1.25, 0.5, 3, -0.75, 0.1};
        for (String op : new String[] {"ReduceL1", "ReduceL2", "ReduceSumSquare"}) {
            GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 2, 3)).addOutput(Models.output("y"))
                    .addNode(Models.node(op, "r", new String[] {"x"}, new String[] {"y"}, Models.intsAttr("axes", 1),
                            io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.newBuilder().setName("keepdims")
                                    .setType(io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.AttributeType.INT).setI(0).build()));
            Circuit c = Compiler.compile(Models.model(13, g), CompileOptions.withRange(-4, 4));
            double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
            double[] want = new double[2];
            for (int r = 0; r < 2; r++) {
                for (int j = 0; j < 3; j++) {
                    double v = x[r * 3 + j];
                    want[r] += op.equals("ReduceL1") ? Math.abs(v) : v * v;
                }
                want[r] = op.equals("ReduceL2") ? Math.sqrt(want[r]) : want[r];
            }
            assertClose(got, want);
            assertThat(Determinism.check(c.r1cs()).undetermined()).as(op).isZero();
        }
    }

    @Test
    void matMulOfTwoComputedTensorsMatchesFloat64() throws Exception {
        // X·Xᵀ per batch, as attention's Q·Kᵀ
        GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 2, 3, 4)).addOutput(Models.output("y"))
                .addNode(Models.node("Transpose", "t", new String[] {"x"}, new String[] {"xt"}, Models.intsAttr("perm", 0, 2, 1)))
                .addNode(Models.node("MatMul", "mm", new String[] {"x", "xt"}, new String[] {"y"}));
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = new double[24];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble(-2, 2);
        }
        Circuit c = Compiler.compile(Models.model(13, g), CompileOptions.withRange(-2, 2));
        double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
        double[] want = new double[2 * 3 * 3];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        want[(t * 3 + i) * 3 + j] += x[(t * 3 + i) * 4 + k] * x[(t * 3 + j) * 4 + k];
                    }
                }
            }
        }
        assertClose(got, want);
        assertThat(c.program().outputs().getFirst().value().shape()).containsExactly(2, 3, 3);
        assertThat(Determinism.check(c.r1cs()).undetermined()).isZero();
    }

    @Test
    void lpPoolMatchesFloat64() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] x = new double[2 * 4 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble(-2, 2);
        }
        for (long p : new long[] {1, 2}) {
            GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 2, 4, 4)).addOutput(Models.output("y"))
                    .addNode(Models.node("LpPool", "lp", new String[] {"x"}, new String[] {"y"}, Models.intsAttr("kernel_shape", 2, 2),
                            Models.intsAttr("strides", 2, 2), io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.newBuilder().setName("p")
                                    .setType(io.zkml.compiler.onnx.proto.OnnxProto.AttributeProto.AttributeType.INT).setI(p).build()));
            Circuit c = Compiler.compile(Models.model(18, g), CompileOptions.withRange(-2, 2));
            double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
            double[] want = new double[2 * 2 * 2];
            for (int ch = 0; ch < 2; ch++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        double acc = 0;
                        for (int di = 0; di < 2; di++) {
                            for (int dj = 0; dj < 2; dj++) {
                                double v = x[(ch * 4 + 2 * i + di) * 4 + 2 * j + dj];
                                acc += p == 1 ? Math.abs(v) : v * v;
                            }
                        }
                        want[(ch * 2 + i) * 2 + j] = p == 1 ? acc : Math.sqrt(acc);
                    }
                }
            }
            assertClose(got, want);
            assertThat(Determinism.check(c.r1cs()).undetermined()).as("p = %d", p).isZero();
        }
    }

    /** Before opset 13 Softmax flattens the input to 2-D at its axis (default 1); from 13 it runs along one axis (default −1). */
    @Test
    void softmaxFollowsItsOpsetsAxisMeaning() {
        double[] x = {0.5, -1, 2, 0.25, 1, -0.5, 0, 1.5, -2, 0.75, 1.25, -0.25};
        for (int opset : new int[] {11, 13}) {
            GraphProto.Builder g = GraphProto.newBuilder().addInput(Models.floatInput("x", 2, 2, 3)).addOutput(Models.output("y"))
                    .addNode(Models.node("Softmax", "s", new String[] {"x"}, new String[] {"y"}));
            Circuit c = Compiler.compile(Models.model(opset, g), CompileOptions.withRange(-2, 2));
            double[] got = WitnessGenerator.generate(c, List.of(x)).outputs()[0];
            int group = opset < 13 ? 6 : 3;
            double[] want = new double[x.length];
            for (int start = 0; start < x.length; start += group) {
                double sum = 0;
                for (int i = start; i < start + group; i++) {
                    sum += Math.exp(x[i]);
                }
                for (int i = start; i < start + group; i++) {
                    want[i] = Math.exp(x[i]) / sum;
                }
            }
            assertClose(got, want);
        }
    }

    private static void assertClose(double[] got, double[] want) {
        double max = 0;
        for (double v : want) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo(want[i], Offset.offset(0.01 + 0.02 * max));
        }
    }
}
