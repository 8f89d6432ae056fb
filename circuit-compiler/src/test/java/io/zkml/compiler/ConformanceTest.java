package io.zkml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.compiler.circuit.Circuit;
import io.zkml.compiler.quant.QProgram;
import io.zkml.compiler.witness.WitnessGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ezkl-dev corpus models made of supported ops: each compiles, its witness satisfies the R1CS, the witness's
 * outputs equal the program's reference evaluation, every wire is determined by the inputs, and the dequantized
 * outputs are within 0.01 + 2% of the largest magnitude of ONNX Runtime's float outputs. Constraint and wire
 * counts are compared with the golden CSV ({@code golden/circuits.csv}).
 */
class ConformanceTest {

    private static final Map<String, String> MEASURED = new LinkedHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"1l_average", "1l_batch_norm", "1l_concat", "1l_conv", "1l_conv_transpose", "1l_div", "1l_downsample", "1l_flatten", "1l_identity",
        "1l_leakyrelu", "1l_linear", "1l_max_pool", "1l_mean", "1l_mlp", "1l_pad", "1l_prelu", "1l_relu", "1l_reshape", "1l_slice", "1l_tiny_div",
        "1l_upsample", "1l_var", "1l_topk", "1l_where", "2l_relu_fc", "4l_relu_conv_fc", "clip", "lenet_5", "linear_regression"})
    void matchesOnnxRuntime(String name) throws Exception {
        check(name, Corpus.optionsFor(Corpus.input(name)));
    }

    /** The checks of {@link #matchesOnnxRuntime} under the given options. */
    static void check(String name, CompileOptions options) throws Exception {
        List<double[]> in = Corpus.input(name);
        byte[] model = Corpus.model(name);
        Circuit c = Compiler.compile(model, options);
        WitnessGenerator.Result r = WitnessGenerator.generate(c, in);

        long[][] q = WitnessGenerator.quantize(c.program(), in);
        long[][] values = c.program().evaluate(q);
        for (int k = 0; k < c.program().outputs().size(); k++) {
            assertThat(r.quantizedOutputs()[k]).as("witness output %d equals the reference evaluation", k)
                    .isEqualTo(values[c.program().outputs().get(k).value().id()]);
        }

        List<int[]> shapes = new ArrayList<>();
        for (QProgram.Input i : c.program().inputs()) {
            shapes.add(i.value().shape());
        }
        List<float[]> expected = OrtOracle.run(model, in, shapes);
        assertThat(r.outputs().length).isEqualTo(expected.size());
        for (int k = 0; k < expected.size(); k++) {
            float[] e = expected.get(k);
            double max = 0;
            for (float v : e) {
                max = Math.max(max, Math.abs(v));
            }
            double tol = 0.01 + 0.02 * max;
            assertThat(r.outputs()[k]).hasSize(e.length);
            for (int i = 0; i < e.length; i++) {
                assertThat(r.outputs()[k][i]).as("%s output %d element %d (ONNX Runtime %s, tolerance %s)", name, k, i, e[i], tol)
                        .isCloseTo(e[i], org.assertj.core.data.Offset.offset(tol));
            }
        }

        everyInRangeInputProves(c);

        Determinism.Result d = Determinism.check(c.r1cs());
        assertThat(d.undetermined()).as("%s: wire %s is not determined by the inputs", name, d.firstUndetermined()).isZero();

        String line = name + "," + c.r1cs().nConstraints() + "," + c.r1cs().nWires();
        synchronized (MEASURED) {
            MEASURED.put(name, line);
        }
        assertThat(Golden.lines()).as("golden/circuits.csv (update it when a change of circuit size is intended)").contains(line);
    }

    /**
     * Inputs at the corners of the declared range (all lowest, all highest, alternating) and random ones: each has
     * a witness (the interval analysis sized every range check wide enough) equal to the reference evaluation.
     */
    static void everyInRangeInputProves(Circuit c) {
        java.util.Random rnd = new java.util.Random(7);
        for (int pattern = 0; pattern < 5; pattern++) {
            List<double[]> in = new ArrayList<>();
            for (QProgram.Input i : c.program().inputs()) {
                double[] x = new double[i.value().size()];
                for (int e = 0; e < x.length; e++) {
                    // an integer-typed input takes the whole numbers of its range
                    double lo = i.integer() ? i.qlo() : i.range().lo();
                    double hi = i.integer() ? i.qhi() : i.range().hi();
                    x[e] = switch (pattern) {
                        case 0 -> lo;
                        case 1 -> hi;
                        case 2 -> e % 2 == 0 ? lo : hi;
                        default -> lo + rnd.nextDouble() * (hi - lo);
                    };
                    if (i.integer()) {
                        x[e] = Math.rint(x[e]);
                    }
                }
                in.add(x);
            }
            WitnessGenerator.Result r = WitnessGenerator.generate(c, in);
            long[][] values = c.program().evaluate(WitnessGenerator.quantize(c.program(), in));
            assertThat(r.quantizedOutputs()[0]).isEqualTo(values[c.program().outputs().getFirst().value().id()]);
        }
    }

    @AfterAll
    static void printMeasured() {
        System.out.println("model,constraints,wires");
        MEASURED.values().forEach(System.out::println);
    }

    /** The checked-in statistics. */
    static final class Golden {
        static List<String> lines() {
            return new String(Corpus.resource("/golden/circuits.csv"), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void unsupportedOpsAreNamedWithTheSupportedList() {
        // every corpus model in the test resources now compiles: an op outside the list
        var g = io.zkml.compiler.onnx.proto.OnnxProto.GraphProto.newBuilder().addInput(Models.floatInput("x", 1, 4)).addOutput(Models.output("y"))
                .addNode(Models.node("Hardmax", "h", new String[] {"x"}, new String[] {"y"}));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Compiler.compile(Models.model(13, g), CompileOptions.withRange(-1, 1))))
                .isInstanceOf(CompileException.class)
                .hasMessageContaining("node 0 'h' (Hardmax): unsupported operator Hardmax; supported: Abs, Add, And, ArgMax, ArgMin, AveragePool, BatchNormalization, Cast, Celu, Clip");
    }
}
